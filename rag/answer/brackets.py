"""Brackets and quote marks in an answer's span: one whose partner lies outside is taken in or cut off."""

from __future__ import annotations

from rag.ingest.sentences import CELL


def balance_brackets(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """[start, end) with a bracket inside it whose partner lies outside made whole: grown to the partner when it
    is near on the same line and inside [lo, hi) (the passage), as in "transaction_isolation (enum" →
    "transaction_isolation (enum)", else cut before the opening or after the closing one. Marks at the span's
    ends are `trim_layout`'s."""
    hi = len(text) if hi is None else hi
    for _ in range(_ROUNDS):
        balanced = _balance_once(text, start, end, lo, hi)
        if balanced == (start, end):
            break
        start, end = balanced
    return start, end


def _balance_once(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    inside = text[start:end]
    for opener, closer in _INNER_PAIRS.items():
        opened: list[int] = []
        for i, ch in enumerate(inside):
            if ch == opener:
                opened.append(i)
            elif ch == closer and opened:
                opened.pop()
            elif ch == closer:  # its opener is before the span
                j = _partner(text, start - 1, -1, closer, opener, lo, hi)
                return (j, end) if j >= 0 else (start + i + 1, end)
        if opened:
            j = _partner(text, end, 1, opener, closer, lo, hi)
            return (start, j + 1) if j >= 0 else (start, start + opened[0])
    for mark in _SYMMETRIC:
        marks = [i for i, ch in enumerate(inside) if ch == mark]
        if len(marks) % 2 == 0:
            continue
        i = marks[-1] if _opens_quote(text, start + marks[-1]) else marks[0]
        if 0 < i < len(inside) - 1:  # one at an end is trim_layout's
            if _opens_quote(text, start + i):  # 'a "fast-forward' → 'a "fast-forward"'
                j = _partner(text, end, 1, mark, mark, lo, hi)
                return (start, j + 1) if j >= 0 else (start, start + i)
            j = _partner(text, start - 1, -1, mark, mark, lo, hi)
            return (j, end) if j >= 0 else (start + i + 1, end)
    return _single_quoted(text, start, end, lo, hi)


def _single_quoted(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """[start, end) grown by the single quote mark just outside it that partners the one alone at its other end:
    "'Lax'" of "Lax'" in "set to 'Lax' (recommended)" (an apostrophe alone, "Beatles'", has none there)."""
    inside = text[start:end]
    if inside.count("'") != 1 or len(inside) < 2:
        return start, end
    if inside[-1] == "'" and lo < start and text[start - 1] == "'" and _opens_quote(text, start - 1):
        return start - 1, end
    if inside[0] == "'" and end < hi and text[end] == "'" and not text[end + 1 : end + 2].isalnum():
        return start, end + 1
    return start, end


def _opens_quote(text: str, i: int) -> bool:
    """Whether the straight quote mark at i opens a quotation: at a line's start or after a space or bracket."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{<"


def _partner(text: str, i: int, step: int, same: str, partner: str, lo: int, hi: int) -> int:
    """Where the unpartnered bracket's partner is, walking from i by step, nested pairs skipped; -1 when it is
    not within _NEAR characters of the same line and table cell, inside [lo, hi)."""
    depth = 0
    for _ in range(_NEAR):
        if not lo <= i < hi or text[i] == "\n" or text[i] == CELL.strip():
            return -1
        if text[i] == partner and depth == 0:
            return i
        depth += (text[i] == same) - (text[i] == partner)
        i += step
    return -1


_NEAR = 30  # characters a span may grow by to take in its bracket's partner
_ROUNDS = 8  # brackets mended, at most, in one span
_INNER_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}  # not < >: "a < b" compares
_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">", "“": "”", "‘": "’", "«": "»"}
_SYMMETRIC = '"`'  # not ': an apostrophe ends words ("Beatles'")
OPENS = set(_PAIRS) | set(_SYMMETRIC)
CLOSES = set(_PAIRS.values()) | set(_SYMMETRIC)


def balanced(text: str, mark: str) -> bool:
    """Whether `mark` (a quote or bracket at an end of `text`) has its partner in `text`."""
    if mark in _SYMMETRIC:
        return text.count(mark) % 2 == 0
    opener = next((o for o, c in _PAIRS.items() if c == mark), mark)
    return text.count(opener) == text.count(_PAIRS[opener])


_TYPOGRAPHIC = {"“": "”", "‘": "’", "«": "»"}


def enclosed(inside: str) -> bool:
    """Whether a typographic quote mark opens `inside` and its partner closes it: “directory”, not “a” or “b”."""
    closer = _TYPOGRAPHIC.get(inside[:1])
    if closer is None or len(inside) < 3 or inside[-1] != closer:
        return False
    depth = 0
    for ch in inside[:-1]:
        depth += (ch == inside[0]) - (ch == closer)
        if depth == 0:
            return False
    return depth == 1
