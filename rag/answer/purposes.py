"""A question asking how to do something is answered by the sentence that says how, its goal in the question's words:
"configure Jinja to keep_trailing_newline" of "To keep single trailing newlines, configure Jinja to …"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

GOAL_SHARE = 2 / 3  # of the question's goal's words, at least this share is the sentence's goal's
_HOW = re.compile(r"^\s*how\s+(?:do|can|should|may)\s+(?:i|you|we|one)\s+(?P<goal>[^?]+?)\s*\?\s*$", re.IGNORECASE)
# "To keep single trailing newlines, configure …"; "… you can manually disable the trim_blocks behavior by putting …"
_PURPOSE = re.compile(r"(?:In order to|To)\s+(?P<goal>[^,.;:]{3,150}?),\s+(?P<how>\S[^\n]*)")
_MEANS = re.compile(r"(?P<goal>[^\n]{3,150}?)\s+by\s+(?P<how>[a-z]+ing\b[^\n]*)")


def purpose_answer(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question "How do I …?", the sentence of `passages` that opens with a purpose clause ("To …, do this.")
    or says what is done "by doing this", whose goal has the most of the question's goal's words, GOAL_SHARE of them
    or more (two at least; the first of those with as many): the how, quoted by its sentence. None for other
    questions, or when no sentence says so."""
    asked = _HOW.match(question)
    goal = set(tokenize(asked.group("goal"))) if asked else set()
    if len(goal) < 2:
        return None
    found: list[tuple[int, Described]] = []
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            for pattern in (_PURPOSE, _MEANS):
                m = pattern.match(doc.text, s, e)
                shared = len(goal & set(tokenize(m.group("goal")))) if m else 0
                if m and shared >= max(2, GOAL_SHARE * len(goal)):
                    end = m.end("how") - 1 if doc.text[m.end("how") - 1] in ".:" else m.end("how")
                    found.append((-shared, Described(hit, doc, m.start("how"), end, s, e)))
    return min(found, key=lambda f: f[0])[1] if found else None
