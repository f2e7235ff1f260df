"""Split text into sentence spans whose offsets point at the exact characters."""

from __future__ import annotations

import re

# Words after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st vs etc e.g i.e eg ie no nos fig figs al gen gov sen rep col lt
    sgt capt inc ltd co corp dept univ approx est vol pp ed eds jan feb mar apr jun jul aug sep
    sept oct nov dec mt ft u.s u.k u.n p.m a.m""".split()
)
_TERMINAL = ".!?…。！？"
_CLOSERS = "\"'”’)]»"
# A candidate boundary: terminal punctuation, optional closers, whitespace, then a likely sentence start.
_BOUNDARY = re.compile(r"[.!?…。！？]+[\"'”’)\]»]*(?=\s+[\"'“‘(\[«]?[A-Z0-9À-ÖØ-Þ])")
# Full-width stops end a sentence even with no space after them (Chinese, Japanese).
_CJK_BOUNDARY = re.compile(r"[。！？]+[”’」』）]*")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace (empty -> start == end)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial (e.g. 'Dr.', 'J.')."""
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'“‘":
        word_start -= 1
    word = text[word_start:dot].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _line_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets just after single newlines that end a line-level unit (not a wrapped line)."""
    cuts = []
    pos = text.find("\n", start, end)
    while pos != -1:
        before = text[start:pos].rstrip()
        after = text[pos + 1 : end].lstrip(" \t")
        wrapped = before and before[-1] not in _TERMINAL + _CLOSERS + ":;" and after[:1].islower()
        if not wrapped:
            cuts.append(pos + 1)
        pos = text.find("\n", pos + 1, end)
    return cuts


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed of whitespace, in order, never empty."""
    end = len(text) if end is None else end
    cuts = {start, end}
    for m in _BLANK_LINE.finditer(text, start, end):
        cuts.add(m.end())
    cuts.update(_line_breaks(text, start, end))
    for m in _CJK_BOUNDARY.finditer(text, start, end):
        cuts.add(m.end())
    for m in _BOUNDARY.finditer(text, start, end):
        first_dot = m.start()
        if text[first_dot] == "." and m.end() - first_dot == 1 and _is_abbreviation(text, first_dot):
            continue
        cuts.add(m.end())
    spans = []
    ordered = sorted(cuts)
    for a, b in zip(ordered, ordered[1:]):
        a, b = trim(text, a, b)
        if a < b:
            spans.append((a, b))
    return spans
