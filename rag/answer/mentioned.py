"""A question about a name the documents read never mention gets no answer: the name says why."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from rag.answer.terms import HYPHENATED, named_terms
from rag.models import Answer, Document
from rag.retrieve.sparse import SparseIndex
from rag.retrieve.tokenize import tokenize

_SEPARATORS = re.compile(r"[\W_]+")
# a name capitalised as a product's or a place's ("Kubernetes", "MongoDB"), not an acronym ("NYC", "WWII": a text
# may spell it out) nor a sentence's first word
_NAME = re.compile(r"(?<![\w.'’-])(?:[A-Z][a-z]{2,}|[A-Z][a-z]+[A-Z][A-Za-z]*)(?![\w-]|\.\w)")
_SENTENCE_START = re.compile(r"(?:^|[.?!:;]\s+)[\"'“‘(]*$")


def identifiers(question: str) -> frozenset[str]:
    """The names a question asks about that only code or configuration spells so: options ("--traceback"),
    dotted or underscored names ("worker_lost_wait", "fs.chmod"), and lower-case names of three hyphenated parts
    or more ("tcp-initial-timeout"); not prose's "built-in" or "well-known", nor a name capitalised as words are
    ("San Diego-Carlsbad-San Marcos")."""
    hyphenated = (m.group(0) for m in HYPHENATED.finditer(question))
    return frozenset(named_terms(question)) | {h for h in hyphenated if h.islower() and h.count("-") >= 2}


def proper_names(question: str) -> list[str]:
    """The names a question capitalises as a product's or a place's are ("Redis" of "How do I cache responses in
    Redis?", "MongoDB"), in order; not the first word of a sentence, nor an acronym."""
    return [m.group(0) for m in _NAME.finditer(question) if not _SENTENCE_START.search(question[: m.start()])]


def spelling_tolerance(word: str) -> int:
    """How many letters a name's spelling may be apart from a corpus word and still be that word: one, or two from
    seven letters on ("Ghengis" for "Genghis", "Kievian" for "Kievan"; SQuAD's crowd misspelled names)."""
    return 1 if len(word) < 7 else 2


def unspelled(name: str, sparse: SparseIndex) -> bool:
    """Whether no word of the corpus (`sparse`'s vocabulary, stemmed) is `name`, stemmed or whole, nor spelled
    within its `spelling_tolerance`, a swap of two letters counting one ("Zeria" for "Zeira"; the stemmer cuts
    "Schrodinger" to "schroding" but leaves "Schrödinger" whole)."""
    if not (stems := tokenize(name, parts=False)):
        return False
    forms = list(dict.fromkeys([stems[0], name.lower()]))
    if sparse.frequencies(forms)[0].any():
        return False
    words, k = sparse.words(), spelling_tolerance(name)
    return not any(process.extractOne(f, words, scorer=OSA.distance, score_cutoff=k) for f in forms)


def squeezed(text: str) -> str:
    """`text` lower-cased without its spaces, punctuation and underscores: "Tcp_Initial timeout" → "tcpinitialtimeout",
    so a name matches however a text writes it apart."""
    return _SEPARATORS.sub("", text.lower())


def unmentioned(question: str, texts: Iterable[str], sparse: SparseIndex) -> list[str]:
    """The `identifiers` of `question` that none of `texts` mentions, however they write it apart, and that the
    whole corpus cannot hold either: a word of theirs is in none of its passages (`sparse`'s vocabulary; the name
    may be in documents retrieval left out, "CELERYD_CONCURRENCY" of a settings table when the passages read map
    the "CELERYD_" prefix); and the `proper_names` no corpus word spells, near enough (`unspelled`: "Kubernetes" of
    a question to Sphinx's manual). Sorted."""
    absent = {n for n in proper_names(question) if unspelled(n, sparse)}
    if not (names := identifiers(question)):
        return sorted(absent)
    lowered = [t.lower() for t in texts]
    missing = [n for n in names if not any(n in t for t in lowered)]
    if missing:
        whole = [squeezed(t) for t in lowered]
        missing = [n for n in missing if not any(squeezed(n) in t for t in whole)]
    return sorted(
        absent
        | {n for n in missing if (tokens := tokenize(n, parts=False)) and not sparse.frequencies(tokens)[0].all()}
    )


def unless_unmentioned(answer: Answer, docs: Mapping[str, Document], sparse: SparseIndex) -> Answer:
    """`answer`, or an abstention that keeps its quotes when the question asks about a name that none of the
    documents it read mentions and the corpus has no word for (`unmentioned`: "the default of worker_gpu_memory_limit",
    a setting the manual does not have): whatever the reader found answers about something else. The names are
    `Answer.unmentioned`."""
    texts = (docs[d].text for d in dict.fromkeys(h.doc_id for h in answer.hits))
    if not (names := unmentioned(answer.question, texts, sparse)):
        return answer
    return answer.model_copy(update={"found": False, "text": "", "span": None, "confidence": 0.0, "unmentioned": names})
