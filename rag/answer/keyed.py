"""Keyed lists: a question naming a number ("exit code 13", "stability level 3") is read in the entry that number
keys, a line of a list of such lines ("13 Unfinished Top-Level Await: …" among Node.js's exit codes)."""

from __future__ import annotations

import re

# A number a question names, whole: "13" of "status code 13.", not a part of "3.12.0" or "v8".
_NUMBER = re.compile(r"(?<![\w.])\d{1,6}(?!\w|\.\w)")
# A keyed list's line: its key first, after a short label or not ("Stability: 3 - Legacy. …"), then its text
# ("13 Unfinished Top-Level Await: …", "8: Unused. …", "404 Not Found"), or a table's row keyed by its first cell
# ("Code: 404 | Meaning: Not Found"); not a numbered section's or step's ("7. SMTP" of a table of contents).
_KEYED = re.compile(r"^[ \t]*(?:[A-Z][\w ]{0,20}:[ \t]*)?(\d{1,6})(?::|[ \t]+[-–—|])?[ \t]+[A-Za-z]", re.MULTILINE)
# Or its key alone on its line, after a short label, its text on the next, as a definition list writes it ("Exit
# code 2:" over "Test execution was interrupted by the user", pytest's exit codes)
_KEYED_ABOVE = re.compile(r"^[ \t]*(?:[A-Z][\w ]{0,20}?[ \t])?(\d{1,6}):[ \t]*\n(?=[ \t]*[A-Za-z])", re.MULTILINE)
MIN_KEYS = 3  # a list of at least this many lines keyed by distinct numbers


def asked_keys(question: str) -> frozenset[str]:
    """The whole numbers `question` names."""
    return frozenset(_NUMBER.findall(question))


def keyed_lines(text: str, start: int, end: int, keys: frozenset[str]) -> list[tuple[int, int]]:
    """The lines of text[start:end] (a passage read) that a keyed list's `keys` key, when its lines are such a list:
    MIN_KEYS or more lines, each its key first (or its key's line and the next), keyed by distinct numbers; none
    otherwise (prose that starts a line with a number, "13 people attended", is no list)."""
    found = [(m.group(1), m.start(), _line_end(text, m.start(), end)) for m in _KEYED.finditer(text, start, end)]
    found += [(m.group(1), m.start(), _line_end(text, m.end(), end)) for m in _KEYED_ABOVE.finditer(text, start, end)]
    if len({key for key, _, _ in found}) < MIN_KEYS:
        return []
    return [(a, b) for key, a, b in found if key in keys]


def _line_end(text: str, pos: int, end: int) -> int:
    b = text.find("\n", pos, end)
    return end if b == -1 else b
