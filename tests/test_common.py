"""A span of the words every passage of a large index holds (the manual's own name) answers no question put to that
index: the best other span of the same quote answers. Small collections, where a shared word may be the answer, and
SQuAD-like ones, where no word is that common, are left as they are."""

from __future__ import annotations

import numpy as np
from records import doc, hit

from rag.answer.candidates import Candidate
from rag.answer.common import COMMON_MIN_PASSAGES, common_words, echoes, is_common, uncommon
from rag.retrieve.sparse import SparseIndex

# Celery 5.2's userguide/calling.html (BSD-3-Clause): the reader's best for "Which header of a message describes
# the serialization method used to encode it?" was "Celery", its second "content_type", of the same sentence.
SENTENCE = (
    "Data transferred between clients and workers needs to be serialized, so every message in Celery has a "
    "content_type header that describes the serialization method used to encode it."
)
OTHER = "The default serializer is JSON, but you can change this using the task_serializer setting."
TEXT = f"{SENTENCE}\n\n{OTHER}"


def _manual(n: int) -> SparseIndex:
    """An index of `n` passages, every one naming Celery, as a manual's passages do."""
    texts = [f"Celery runs task {i} of the queue {i % 7} for the worker." for i in range(n)]
    return SparseIndex.from_texts(texts, np.arange(n))


def _cand(span: str, quote: str, at: int = 0) -> Candidate:
    d = doc(TEXT, "calling.html", suffix=".html")
    start, q_start = TEXT.index(span, at), TEXT.index(quote)
    return Candidate(hit(d), d, start, start + len(span), 5.0, 0.0, q_start, q_start + len(quote), 0.5)


def test_words_in_half_the_passages_of_a_large_index_are_common():
    common = common_words(_manual(COMMON_MIN_PASSAGES))
    assert common("Celery") and common("the Celery")  # words of no weight aside
    assert not common("content_type") and not common("Celery task_serializer") and not common("the")
    assert not common_words(_manual(COMMON_MIN_PASSAGES - 1))("Celery")  # too few passages to say
    assert is_common(np.array([150, 160]), 300) and not is_common(np.array([150, 149]), 300)
    assert not is_common(np.array([]), 300)


def test_the_best_other_span_of_the_quote_answers_for_a_common_one():
    cands = [
        _cand("Celery", SENTENCE),
        _cand("content_type", SENTENCE),
        _cand("message in Celery", SENTENCE),  # holds the common span: no better
        _cand("JSON", OTHER),  # another quote's: the reader's sentence stands
    ]
    common = common_words(_manual(COMMON_MIN_PASSAGES))
    logits = np.array([-0.2, -3.3, -0.5, -0.25])
    assert int(np.argmax(uncommon(cands, logits, common))) == 1
    assert uncommon(cands, np.array([-3.0, -0.2, -0.5, -0.25]), common).tolist() == [-3.0, -0.2, -0.5, -0.25]
    alone = [cands[0], cands[2], cands[3]]  # no other span of its quote: as they are
    assert uncommon(alone, np.array([0.0, -1.0, -2.0]), common).tolist() == [0.0, -1.0, -2.0]
    small = common_words(_manual(10))  # a small collection: "Celery" may answer
    assert uncommon(cands, logits, small).tolist() == logits.tolist()


def test_a_span_of_the_question_s_own_words_alone_gives_way_like_a_common_one():
    """Protects "When is KeyError raised?" over Python's manual: the reader's best was the entry's term line's
    "KeyError", which the question names; "when a mapping (dictionary) key is not found …" answers."""
    echo = echoes("When is KeyError raised?")
    assert echo("KeyError") and echo("raised") and not echo("the") and not echo("when a mapping key is not found")
    assert not echoes("Is KeyError or IndexError raised for a missing key?")("KeyError")  # a choice offered
    text = "exception KeyError\nRaised when a mapping (dictionary) key is not found in the set of existing keys."
    d = doc(text, "exceptions.html", suffix=".html")

    def cand(span: str) -> Candidate:
        at = text.index(span)
        return Candidate(hit(d), d, at, at + len(span), 5.0, 0.0, 0, len(text), 0.5)

    cands = [cand("KeyError"), cand("when a mapping (dictionary) key is not found")]
    assert int(np.argmax(uncommon(cands, np.array([-2.5, -2.7]), echo))) == 1
