"""A question asking for a term of some kind is answered with the name its quote calls by that kind: "Which property
decides whether position independent code is created?" is "POSITION_INDEPENDENT_CODE" of "The
POSITION_INDEPENDENT_CODE property determines whether …", not "independent executables or shared libraries"."""

from __future__ import annotations

import re

from rag.answer.entries import asked_term_kinds
from rag.answer.kinds import singular
from rag.answer.terms import TERM, named_terms

# The kind named right after a name, a word or none between: "the CXX_STANDARD_REQUIRED target property", "the
# add_subdirectory() command", "the --depth option"; or right before it: "the variable CMAKE_BUILD_TYPE".
_KIND_AFTER = re.compile(r"(?:\(\))?\s+([a-z]+)\b(?:\s+([a-z]+)\b)?")
_KIND_BEFORE = re.compile(r"\b([a-z]+)\s+$")


def called_term(question: str, text: str, start: int, end: int, q_start: int, q_end: int) -> tuple[int, int] | None:
    """Where, in the quote text[q_start:q_end] of the answer span [start, end), the one name is that the quote calls
    by the kind of term the question asks for (`entries.asked_term_kinds`: "Which property …?"), when the span
    names no term itself and the question does not name that one; None when the quote calls none or several so."""
    kinds = asked_term_kinds(question)
    if not kinds or named_terms(text[start:end]):
        return None
    asked = named_terms(question)
    found: dict[str, tuple[int, int]] = {}
    for m in TERM.finditer(text, q_start, q_end):
        name = m.group(0).rstrip(".")
        if name.lower() in asked or name.lower() not in named_terms(name):
            continue  # the question's own, or no term: "e.g"
        after = _KIND_AFTER.match(text, m.start() + len(name), q_end)
        before = _KIND_BEFORE.search(text, q_start, m.start())
        words = [*(after.groups() if after else ()), *(before.groups() if before else ())]
        if any(w is not None and singular(w) in kinds for w in words):
            found.setdefault(name.lower(), (m.start(), m.start() + len(name)))
    return next(iter(found.values())) if len(found) == 1 else None
