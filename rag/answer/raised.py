"""A question asking which exception is raised when something happens is answered by the sentence saying so."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

# "What exception is raised when …?", "Which error is thrown if …?", "What exception do I get if …?"
_ASKS = re.compile(
    r"\b(?:what|which)\s+(?:exception|error)s?\s+(?:(?:is|are|will\s+be|gets?)\s+(?:raised|thrown)\b"
    r"|(?:do|does|will|would|can|could|might)\s+(?:I|we|you|it|they)\s+(?:get|see|receive|hit)\b)",
    re.I,
)
# "RequestEntityTooLarge", "ConnectionError": capitals and lower case; its module before it ("pygments.util.ClassNotFound")
_NAME = r"(?P<name>(?:[a-z_]\w*\.)*[A-Z]\w*[a-z]\w*)"
# A sentence naming the exception raised: "… a RequestEntityTooLarge exception is raised." (Werkzeug's), "Requests
# will raise a ConnectionError exception." (Requests'), "raises HTTPError"
_RAISED = (
    re.compile(rf"\b(?:an?|the)\s+{_NAME}\s+(?:exception\s+|error\s+)?(?:is|will\s+be|gets)\s+(?:raised|thrown)\b"),
    re.compile(rf"\b(?:raises?|throws?|raising)\s+(?:an?\s+|the\s+)?{_NAME}(?=[\s.,;:]|$)"),
    # "… except that the exception becomes attrs.exceptions.FrozenAttributeError." (attrs')
    re.compile(rf"\bthe\s+(?:exception|error)\s+(?:becomes|is|will\s+be)\s+(?:an?\s+)?{_NAME}(?=[\s.,;:]|$)"),
)
_ASKING = frozenset(
    tokenize(
        "what which exception exceptions error errors is are will be get gets raised thrown when if do does would can "
        "could might see receive hit"
    )
)
SHARED = 2  # of the question's other words, at least this many in the sentence
# A sentence whose subject is what the one before it names: "If it’s not set, a RuntimeError is raised …" after
# "LocalProxy allows treating a context var as an object …" (Werkzeug's): its paragraph's words count as its own
_REFERS = re.compile(r"\W*(?:\w+[ \t]+){0,2}?(?:it|this|they|these)\b", re.I)


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
        before: set[str] = set()  # the words of the paragraph's sentences before this one
        last = None
        for s, e in passage_sentences(doc, hit):
            if last is not None and "\n\n" in doc.text[last:s]:
                before = set()
            words = set(tokenize(doc.text[s:e]))
            shared = len(asked & (words | before if _REFERS.match(doc.text, s, e) else words))
            before, last = before | words, e
            if shared < SHARED or (best is not None and shared <= best[0]):
                continue
            if found := next(filter(None, (raised.search(doc.text, s, e) for raised in _RAISED)), None):
                best = shared, Described(hit, doc, found.start("name"), found.end("name"), s, e)
    return best[1] if best else None
