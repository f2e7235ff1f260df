"""A PDF's running heads and feet: the lines that head or foot page after page, page furniture rather than text.

A running head or foot (`running_lines`: a page's first or last line that, its numbers aside, is the first or
last line of at least `RUNNING_PAGES` pages: "Chapter 3: Basic Shell Features 45", a page number alone) is left
out of the page's text: joined into the page's first paragraph it read "Chapter 4: Shell Builtin Commands 75
histreedit" (Bash's bashref.pdf), and the reader could answer with its page number.
"""

from __future__ import annotations

import re
from collections import Counter

RUNNING_PAGES = 3  # pages a first or last line must head or foot, its numbers aside, to be a running head or foot
_NUMBERS = re.compile(r"\d+")


def _ends(page: str) -> tuple[str, str]:
    """A page's first and last non-blank lines, stripped ("" when it has none)."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return (lines[0], lines[-1]) if lines else ("", "")


def running_key(line: str) -> str:
    """What a running head or foot keeps from page to page: the line with its numbers as "#"."""
    return _NUMBERS.sub("#", line.strip())


def running_lines(pages: list[str]) -> set[str]:
    """The `running_key`s of the lines that head or foot at least RUNNING_PAGES pages and hold a word or a number
    (not a code listing's "}" that ends three pages)."""
    ends = [_ends(page) for page in pages]
    heads = Counter(running_key(first) for first, _ in ends if first)
    feet = Counter(running_key(last) for _, last in ends if last)
    return {
        k
        for counts in (heads, feet)
        for k, n in counts.items()
        if n >= RUNNING_PAGES and any(c.isalpha() or c == "#" for c in k)
    }


def without_running_lines(page: str, running: set[str]) -> str:
    """A page's text without its first and last lines when they are running heads or feet (`running_lines`)."""
    lines = page.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    drop = {i for i in (filled[:1] + filled[-1:]) if running_key(lines[i]) in running}
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)
