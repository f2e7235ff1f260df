"""A question asking what happens when a term has a value is answered by what its entry says follows from that value:
"commands are not saved in the history list" of HISTSIZE's "If the value is 0, commands are not saved …"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.entries import describing
from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.models import Document, Hit

# "What happens if HISTSIZE is 0?", "What happens when timeout is set to 0?"
_ASKED = re.compile(
    r"^\s*what\s+happens\s+(?:if|when)\s+(?:the\s+)?(?P<term>[\w.-]+)(?:\s+\w+)?\s+(?:is|are)\s+(?:set\s+to\s+)?"
    r"(?P<value>[\w.+-]+)\s*\?\s*$",
    re.IGNORECASE,
)
# A sentence of the entry saying what follows from a value: "If the value is 0, …", "If set to 0, …", "When it is
# zero, …"; the value's alternatives go in the braces
_SAID = r"(?:If|When)\s+(?:(?:the\s+)?(?:value|it|this)\s+is\s+|(?:it\s+is\s+)?set\s+to\s+)(?:{}),\s+(?P<then>\S[^\n]*)"


def condition_answer(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For "What happens if <term> is <value>?", the first sentence of `passages` in the description of that term's
    entry (its first paragraph, under a term line naming it: `entries.describing`) that opens by saying "If the value
    is <value>," (or "If set to …"): what follows from it, quoted by its sentence. None for other questions, and
    when no entry of the term says so."""
    asked = _ASKED.match(question)
    if asked is None:
        return None
    term, value = asked.group("term").lower(), asked.group("value")
    said = re.compile(_SAID.format(re.escape(value)), re.IGNORECASE)
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            m = said.match(doc.text, s, e)
            lines = describing(doc.text, s, bare=True) if m else None
            if m and lines and any(term in doc.text[a:b].lower().split() for a, b in lines):
                end = m.end("then") - 1 if doc.text[m.end("then") - 1] == "." else m.end("then")
                return Described(hit, doc, m.start("then"), end, s, e)
    return None
