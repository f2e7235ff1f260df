"""The answer a passage read words as the question asks, whatever span the reader found: an entry's term, a default,
a key, or a name a sentence calls by the kind asked."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rag.answer.candidates import Candidate
from rag.answer.keys import pressed_key
from rag.answer.kind_mentions import kind_mention
from rag.answer.worded import worded_default, worded_entry
from rag.models import Document, Hit


def worded_answer(
    question: str,
    cands: list[Candidate],
    best: int,
    first: Candidate,
    overlap: Callable[[str], float],
    read: Sequence[tuple[Hit, Document]],
) -> Candidate | None:
    """The first of: the entry whose description words the question (`worded.worded_entry`), or, where none or the
    reader's own answer is, a default worded so (`worded.worded_default`); the key a table's row says does what it
    asks (`keys.pressed_key`); the name a sentence calls by the kind asked (`kind_mentions.kind_mention`). None when
    none answers."""
    worded = worded_entry(question, cands, best, first, overlap, read)
    if worded is None or worded.text == first.text:  # none, or the reader's own: a default worded so may answer
        worded = worded_default(question, cands[best], first, overlap, read) or worded
    return worded or pressed_key(question, cands, best, overlap, read) or kind_mention(question, first, overlap, read)


def mentioned_answer(
    question: str, first: Candidate, overlap: Callable[[str], float], read: Sequence[tuple[Hit, Document]]
) -> Candidate | None:
    """Where no worded answer is, the name of the shape asked that a sentence of `read` calls by its kind, when the
    reader's answer `first` has no such shape and that sentence covers the question better than its quote
    (`kind_mentions.kind_mention`, loose). None otherwise."""
    return kind_mention(question, first, overlap, read, loose=True)
