"""A question asking which exception is raised when something happens is answered by the sentence saying so."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

# "What exception is raised when …?", "Which error is thrown if …?"
_ASKS = re.compile(r"\b(?:what|which)\s+(?:exception|error)s?\s+(?:is|are|will\s+be|gets?)\s+(?:raised|thrown)\b", re.I)
_NAME = r"(?P<name>[A-Z]\w*[a-z]\w*)"  # "RequestEntityTooLarge", "ConnectionError": capitals and lower case
# A sentence naming the exception raised: "… a RequestEntityTooLarge exception is raised." (Werkzeug's), "Requests
# will raise a ConnectionError exception." (Requests'), "raises HTTPError"
_RAISED = (
    re.compile(rf"\b(?:an?|the)\s+{_NAME}\s+(?:exception\s+|error\s+)?(?:is|will\s+be|gets)\s+(?:raised|thrown)\b"),
    re.compile(rf"\b(?:raises?|throws?|raising)\s+(?:an?\s+|the\s+)?{_NAME}(?=[\s.,;:]|$)"),
)
_ASKING = frozenset(
    tokenize("what which exception exceptions error errors is are will be get gets raised thrown when if")
)
SHARED = 2  # of the question's other words, at least this many in the sentence


def raised_answer(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking which exception is raised when something happens, the exception a sentence of
    `passages` says is raised that has the most of the question's other words (SHARED at least; the first of those
    with as many): "RequestEntityTooLarge" of "When set and the form or files attribute is accessed and the parsing
    fails because more than the specified value is transmitted a RequestEntityTooLarge exception is raised." for
    "What exception is raised when more than max_content_length is transmitted?", where the reader abstained. The
    sentence quoted. None for other questions, or when no sentence says so."""
    if not _ASKS.search(question):
        return None
    asked = set(tokenize(question)) - _ASKING
    best: tuple[int, Described] | None = None
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            shared = len(asked & set(tokenize(doc.text[s:e])))
            if shared < SHARED or (best is not None and shared <= best[0]):
                continue
            if found := next(filter(None, (raised.search(doc.text, s, e) for raised in _RAISED)), None):
                best = shared, Described(hit, doc, found.start("name"), found.end("name"), s, e)
    return best[1] if best else None
