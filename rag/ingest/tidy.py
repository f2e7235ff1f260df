"""Tidy extracted text: spaces collapsed within lines, at most one blank line between blocks, table rows without
empty cells at their ends; preformatted text kept as it is laid out."""

from __future__ import annotations

import re

from rag.ingest.preformatted import rejoin_hyphenated

PRE_OPEN, PRE_CLOSE = "\x02", "\x03"  # bracket preformatted text until tidying


def tidy(text: str) -> str:
    """Collapse spaces within lines, strip lines and keep at most one blank line between blocks;
    preformatted text (between PRE_OPEN and PRE_CLOSE) keeps its indentation and blank lines."""
    out: list[str] = []
    for i, piece in enumerate(re.split(f"[{PRE_OPEN}{PRE_CLOSE}]", text)):
        if i % 2:  # preformatted
            lines = rejoin_hyphenated([line.rstrip() for line in piece.replace("\t", "    ").split("\n")])
            while lines and not lines[0].strip():
                lines.pop(0)
            out.append("\n\n" + "\n".join(lines).rstrip() + "\n\n")
        else:
            lines = [re.sub(r"[ \t\f\v\xa0]+", " ", line).strip() for line in piece.split("\n")]
            out.append("\n".join(_row_end(line) for line in lines if not _EMPTY_ROW.fullmatch(line)))
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", "".join(out).replace("\r", "")).strip("\n").strip()


_EMPTY_ROW = re.compile(r"\|(?: \|)*")  # a table row of empty cells, as a line
_EMPTY_CELLS_AT_END = re.compile(r"(?: \|)+$")


def _row_end(line: str) -> str:
    """A table row's line without the separators of its empty last cells ("field size | 1 GB |" → "field size
    | 1 GB"); other lines as they are. (A row of empty cells, `_EMPTY_ROW`, is left out whole.)"""
    return _EMPTY_CELLS_AT_END.sub("", line) if "| " in line else line
