"""Of the terms one sentence names, the one whose own clause says what the question asks for answers it."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from rag.answer.candidates import Candidate
from rag.answer.entries import asked_term_kinds
from rag.answer.terms import TERM
from rag.retrieve.tokenize import tokenize

# Where a clause ends and the next begins: a semicolon, or a comma before a conjunction (not "To enable debug mode, use
# the --debug option.", whose clauses both say what the option is for)
_BOUNDARY = re.compile(r";\s|,\s+(?:and|or|but|while|whereas)\b")
MARGIN = 1.5  # logits: how far below the reader's best a span of its sentence may be and still take its place
MORE_WORDS = 2  # how many more of the question's words its clause must hold than the best's


def clause_words(question: set[str], text: str, start: int, end: int, lo: int, hi: int) -> int:
    """How many of the `question`'s words (its tokens) the clause of text[start:end] holds, inside the sentence
    text[lo:hi]: from the boundary before it (a comma, a semicolon, a conjunction) to the one after it."""
    before = max((m.end() for m in _BOUNDARY.finditer(text, lo, start)), default=lo)
    after = next((m.start() for m in _BOUNDARY.finditer(text, end, hi)), hi)
    return len(question & set(tokenize(text[before:after])))


def closer_clause(question: str, cands: Sequence[Candidate], logits: np.ndarray) -> np.ndarray:
    """For a question asking for a term (`entries.asked_term_kinds`), when the reader's best lies in a clause of its
    sentence that holds MORE_WORDS fewer of the question's words than the sentence does, the logits with the span
    whose clause holds MORE_WORDS more than the best's ranked first, when within MARGIN of it: "--debug" for "Which
    option of the flask command enables debug mode?", where the reader read "--app" of Flask's "Use the --app option
    to point to your application, and the --debug option to enable debug mode.". Of such spans, the one whose clause
    holds most answers; a term's name whole over one with words around it ("the --debug option"); then the reader's
    best of them."""
    if not len(logits) or not asked_term_kinds(question):
        return logits
    best = int(np.argmax(logits))
    b, asked = cands[best], set(tokenize(question))

    def said(c: Candidate) -> int:
        return clause_words(asked, c.doc.text, c.start, c.end, c.quote_start, c.quote_end)

    own = said(b)
    if len(asked & set(tokenize(b.doc.text[b.quote_start : b.quote_end]))) < own + MORE_WORDS:
        return logits  # its sentence says no more of what is asked in another clause
    rivals = [
        (said(c), bool(TERM.fullmatch(c.text)), logits[i], i)
        for i, c in enumerate(cands)
        if (c.doc.id != b.doc.id or c.end <= b.start or b.end <= c.start) and logits[i] >= logits[best] - MARGIN
    ]
    rival = max(rivals, default=None)
    if rival is None or rival[0] < own + MORE_WORDS:
        return logits
    out = logits.copy()
    out[rival[3]] = logits[best] + 1e-3
    return out
