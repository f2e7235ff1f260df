"""Where an entry's description starts below its term line: past the notes under it, and its indent."""

from __future__ import annotations

import re

NOTE_LINES, NOTE_WORDS = 3, 7  # a term line's notes below it: at most this many lines, each this many words
_INDENT = re.compile(r"[ \t]*")


def description_start(text: str, end: int) -> int | None:
    """Where the description of the term line ending at `end` starts: on the next line, flush, or indented deeper
    than the term line (a hanging indent, as manual pages and Vim's help write one), then past at most NOTE_LINES
    lines of notes, indented deeper too, short and with no stop at their end ("global or local to window
    |global-local|" under Vim's "'scrolloff' 'so' number (default 0)"); None when a blank line or the text's end
    comes first, or the next line is indented less. Short lines with a blank line below are the description."""
    line = text.rfind("\n", 0, end) + 1
    indent = _past_indent(text, line) - line
    pos, first = end + 1, None
    for _ in range(NOTE_LINES + 1):
        start = _past_indent(text, pos)
        line_end = text.find("\n", start)
        words = text[start : len(text) if line_end == -1 else line_end].split()
        if not words or (start > pos and start - pos <= indent):
            return first
        first = start if first is None else first
        if start == pos or len(words) > NOTE_WORDS or words[-1][-1] in ".:;!?" or line_end == -1:
            return start
        pos = line_end + 1
    return start


def _past_indent(text: str, pos: int) -> int:
    m = _INDENT.match(text, pos)  # always matches, if only nothing
    return m.end() if m else pos


# An admonition's label alone on its line between blank lines, as Sphinx renders ".. note::" ("Note", "Warning")
_ADMONITION = re.compile(r"\n\n(?:Note|Notes|Warning|Important|Tip|Caution|Hint|Attention)\n\n\Z")


def admonished(text: str, pos: int, floor: int = 0) -> int | None:
    """When the paragraph holding `pos` is an admonition's ("Note", then "This pool class can be safely used in
    multi-threaded applications." under psycopg2's "class psycopg2.pool.ThreadedConnectionPool(…)" and its first
    paragraph), where the paragraph above the admonition's label ends: the entry it notes is that paragraph's. None
    otherwise."""
    para = text.rfind("\n\n", floor, pos)
    if para < floor or not (label := _ADMONITION.search(text, max(floor, para - 20), para + 2)):
        return None
    return label.start() - 1 if label.start() - 1 > floor and text[label.start() - 1] != "\n" else None
