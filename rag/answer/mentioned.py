"""A question about a name the documents read never mention gets no answer: the name says why."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rag.answer.terms import HYPHENATED, named_terms
from rag.models import Answer, Document
from rag.retrieve.sparse import SparseIndex
from rag.retrieve.tokenize import tokenize

_SEPARATORS = re.compile(r"[\W_]+")


def identifiers(question: str) -> frozenset[str]:
    """The names a question asks about that only code or configuration spells so: options ("--traceback"),
    dotted or underscored names ("worker_lost_wait", "fs.chmod"), and lower-case names of three hyphenated parts
    or more ("tcp-initial-timeout"); not prose's "built-in" or "well-known", nor a name capitalised as words are
    ("San Diego-Carlsbad-San Marcos")."""
    hyphenated = (m.group(0) for m in HYPHENATED.finditer(question))
    return frozenset(named_terms(question)) | {h for h in hyphenated if h.islower() and h.count("-") >= 2}


def squeezed(text: str) -> str:
    """`text` lower-cased without its spaces, punctuation and underscores: "Tcp_Initial timeout" → "tcpinitialtimeout",
    so a name matches however a text writes it apart."""
    return _SEPARATORS.sub("", text.lower())


def unmentioned(question: str, texts: Iterable[str], sparse: SparseIndex) -> list[str]:
    """The `identifiers` of `question` that none of `texts` mentions, however they write it apart, and that the
    whole corpus cannot hold either: a word of theirs is in none of its passages (`sparse`'s vocabulary; the name
    may be in documents retrieval left out, "CELERYD_CONCURRENCY" of a settings table when the passages read map
    the "CELERYD_" prefix); sorted."""
    names = identifiers(question)
    if not names:
        return []
    lowered = [t.lower() for t in texts]
    missing = [n for n in names if not any(n in t for t in lowered)]
    if missing:
        whole = [squeezed(t) for t in lowered]
        missing = [n for n in missing if not any(squeezed(n) in t for t in whole)]
    return sorted(
        n for n in missing if (tokens := tokenize(n, parts=False)) and not sparse.frequencies(tokens)[0].all()
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
