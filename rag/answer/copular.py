"""A question asking what a thing is, its quote saying "X is Y", is answered by Y whole, not by a word of it."""

from __future__ import annotations

import re
from dataclasses import replace

from rag.answer.candidates import Candidate

# "What is a partial index?", "What are colloblasts?", "What was Tymnet?": the thing asked, all the question says
_ASKS = re.compile(r"^\W*what\s+(?:is|are|was|were)\s+(?:(?:a|an|the)\s+)?(?P<thing>[^?]+?)\s*\??\s*$", re.IGNORECASE)
# What the predicate runs to: a clause's comma, a semicolon, a bracket, a dash or the sentence's stop
_PREDICATE = r"(?P<predicate>[^,;:()\[\]—–\n]+?)(?=\s*(?:[,;:()\[\]—–\n]|\.(?:\s|$)|$))"
PREDICATE_WORDS = 12  # words at most: a longer predicate says more than what the thing is


def predicate_answer(question: str, answer: Candidate) -> Candidate | None:
    """The whole predicate of the quote's sentence that says what the thing `question` asks about is, when the
    sentence opens with that thing and a form of "be" and the reader's `answer` lies in the predicate: "an index
    built over a subset of a table" of PostgreSQL's "A partial index is an index built over a subset of a table; the
    subset is defined by …" for "What is a partial index?", where the reader's span was "table". None otherwise, and
    when the answer is that predicate already."""
    if (m := _ASKS.match(question)) is None:
        return None
    thing = r"\s+".join(map(re.escape, m.group("thing").split()))
    said = re.compile(rf"(?:(?:A|An|The)\s+)?{thing}s?\s+(?:is|are|was|were)\s+{_PREDICATE}", re.IGNORECASE)
    text = answer.doc.text
    s = said.match(text, answer.quote_start, answer.quote_end)
    if s is None or len(s.group("predicate").split()) > PREDICATE_WORDS:
        return None
    start, end = s.span("predicate")
    if not (start <= answer.start and answer.end <= end) or (start, end) == (answer.start, answer.end):
        return None
    return replace(answer, start=start, end=end)
