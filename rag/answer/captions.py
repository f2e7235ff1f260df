"""A table without a header is named by its caption: the short line ending in a colon right above its rows says
what its key column holds (Flask's "Converter types:" over "string | (default) accepts any text without a slash")."""

from __future__ import annotations

from rag.answer.rows import Cell, label_kinds
from rag.ingest.sentences import CELL

CAPTION_WORDS = 6  # a caption is a short line: "Converter types:", not a sentence introducing the table
_GENERIC = frozenset({"type", "kind", "sort"})  # words naming no kind alone: "Which filter type …?" asks a filter


def caption(text: str, line: int) -> str:
    """The caption of the table whose row starts at `line`: the line above the table's first row, a blank line
    between them or none, when it ends in a colon and has at most CAPTION_WORDS words; "" otherwise."""
    while line > 0:
        above = text.rfind("\n", 0, line - 1) + 1
        if CELL not in text[above : line - 1]:
            break
        line = above
    if text[line - 2 : line] == "\n\n":
        line -= 1
    start = text.rfind("\n", 0, max(0, line - 1)) + 1
    said = text[start : max(start, line - 1)].strip()
    return said if said.endswith(":") and len(said.split()) <= CAPTION_WORDS else ""


def captioned_key(text: str, line: int, cells: list[Cell], kinds: frozenset[str]) -> tuple[Cell, str] | None:
    """A headerless row's key cell, its first, with its table's caption, when the caption names one of `kinds`
    (`rows.label_kinds`: "Converter types:" for "Which converter type …?", not for "Which filter type …?"); None
    otherwise, and for a row with a header's labels."""
    if any(c.label for c in cells) or not (said := caption(text, line)):
        return None
    return (cells[0], said) if kinds & (label_kinds(said[:-1]) - _GENERIC) else None
