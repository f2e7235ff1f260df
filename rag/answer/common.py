"""Words half the passages of a large index hold name what the whole collection is about ("Django" of Django's
manual, "Celery" of Celery's): a span of them alone answers no question put to it, so the best other span of its
sentence answers instead ("content_type", not "Celery", of "… every message in Celery has a content_type header")."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rag.answer.candidates import Candidate
from rag.retrieve.sparse import SparseIndex
from rag.retrieve.tokenize import tokenize

COMMON_SHARE = 0.5  # a word in at least this share of the passages is common to the whole collection
# Below this many passages, a share says little: the six seed articles all hold "Japan", which answers questions
COMMON_MIN_PASSAGES = 300


def common_words(sparse: SparseIndex) -> Callable[[str], bool]:
    """Whether a span's text is of common words alone (`is_common`, by the index's document frequencies)."""

    def common(text: str) -> bool:
        tokens = tokenize(text)
        return bool(tokens) and is_common(*sparse.frequencies(tokens))

    return common


def is_common(df: np.ndarray, n: int) -> bool:
    """Whether every word of `df` (each word's count of passages holding it, of `n`) is in COMMON_SHARE of them or
    more, in an index of COMMON_MIN_PASSAGES or more."""
    return n >= COMMON_MIN_PASSAGES and len(df) > 0 and bool(np.all(df >= COMMON_SHARE * n))


def echoes(question: str) -> Callable[[str], bool]:
    """Whether a span's text is of the question's own words alone ("KeyError" for "When is KeyError raised?", where
    the reader read the entry's term line): it tells the asker nothing, unless the question offers a choice ("… X or
    Y?"), answered by one of its own words."""
    asked = set(tokenize(question))
    choice = " or " in question.lower()

    def echo(text: str) -> bool:
        tokens = tokenize(text)
        return bool(tokens) and not choice and set(tokens) <= asked

    return echo


def uncommon(cands: list[Candidate], logits: np.ndarray, common: Callable[[str], bool]) -> np.ndarray:
    """The ranking logits, with the best candidate not of common words alone in the best's quote, apart from the
    best (not a longer span holding it: "Django provides a clean-up …" is no better), ranked first when the best is
    of common words alone; as they are otherwise. Only in its quote: the sentence the reader chose is often right
    where its span is not, and what reads it again answers there ("--depth" of "by giving the --depth option to
    git-clone(1)" for "Which clone option …?", where the reader's best was "git")."""
    if not len(logits):
        return logits
    best = int(np.argmax(logits))
    if not common(cands[best].text):
        return logits
    b = cands[best]
    others = [
        i
        for i, c in enumerate(cands)
        if c.doc.id == b.doc.id
        and c.quote_start < b.quote_end
        and b.quote_start < c.quote_end
        and not (c.start < b.end and b.start < c.end)
        and not common(c.text)
    ]
    if not others:
        return logits
    out = logits.copy()
    out[max(others, key=lambda i: logits[i])] = logits[best] + 1e-6
    return out
