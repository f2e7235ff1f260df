"""A Word paragraph's list number as Word shows it ("2.", "b)", "1.3"), counted through the document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rag.ingest.lists import alpha, roman

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9  # Word's list levels, 0 to 8


def formatted(n: int, fmt: str) -> str:
    """n in a w:numFmt: "decimal" 3 → "3", "lowerLetter" → "c", "upperRoman" → "III", "decimalZero" → "03";
    any other format (a language's own digits, words) as decimal."""
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        text = alpha(n)
    elif fmt in ("lowerRoman", "upperRoman") and n > 0:
        text = roman(n)
    elif fmt == "decimalZero":
        return f"{n:02d}"
    else:
        return str(n)
    return text.upper() if fmt.startswith("upper") else text


def label(text: str, counts: list[int], formats: list[str]) -> str:
    """A w:lvlText with each "%k" replaced by level k's count in its format: "%1.%2." of [1, 3] → "1.3."."""
    for k in range(LEVELS, 0, -1):
        if f"%{k}" in text:
            text = text.replace(f"%{k}", formatted(counts[k - 1], formats[k - 1]) if k <= len(counts) else "")
    return text


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""


def _val(element: Any, tag: str, default: str | None = None) -> str | None:
    child = element.find(_W + tag) if element is not None else None
    return child.get(_W + "val", default) if child is not None else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _levels(abstract: Any) -> dict[int, _Level]:
    return {
        _int(lvl.get(_W + "ilvl"), 0): _Level(
            _int(_val(lvl, "start"), 1), _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or ""
        )
        for lvl in abstract.findall(_W + "lvl")
    }


@dataclass
class Numbering:
    """The document's list definitions and the counts so far; `marker` of each paragraph in reading order."""

    lists: dict[str, tuple[str, dict[int, int]]]  # numId → (abstractNumId, level → start override)
    levels: dict[str, dict[int, _Level]]  # abstractNumId → its levels
    counts: dict[str, list[int]] = field(default_factory=dict)  # abstractNumId → each level's count
    started: set[str] = field(default_factory=set)  # numIds whose start overrides have been applied

    @classmethod
    def of(cls, document: Any) -> Numbering:
        """The numbering part's definitions (none when the document has no numbering part)."""
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return cls({}, {})
        levels = {a.get(_W + "abstractNumId"): _levels(a) for a in root.findall(_W + "abstractNum")}
        lists = {}
        for num in root.findall(_W + "num"):
            overrides = {
                _int(o.get(_W + "ilvl"), 0): _int(_val(o, "startOverride"), 1)
                for o in num.findall(_W + "lvlOverride")
                if o.find(_W + "startOverride") is not None
            }
            lists[num.get(_W + "numId")] = (_val(num, "abstractNumId") or "", overrides)
        return cls(lists, levels)

    def marker(self, paragraph: Any) -> str:
        """The paragraph's number as Word shows it ("" for none, or a bullet), counting it."""
        num_id, level = _numbering_of(paragraph)
        if num_id is None or num_id not in self.lists:
            return ""
        abstract, overrides = self.lists[num_id]
        levels = self.levels.get(abstract, {})
        if level not in levels or not 0 <= level < LEVELS:
            return ""
        counts = self.counts.setdefault(abstract, [levels[k].start - 1 if k in levels else 0 for k in range(LEVELS)])
        if num_id not in self.started:
            self.started.add(num_id)
            for k, start in overrides.items():
                if 0 <= k < LEVELS:
                    counts[k] = start - 1
        counts[level] += 1
        for k in range(level + 1, LEVELS):  # a deeper level restarts under each new item
            counts[k] = levels[k].start - 1 if k in levels else 0
        if levels[level].fmt in ("bullet", "none"):
            return ""
        formats = [levels[k].fmt if k in levels else "decimal" for k in range(LEVELS)]
        return label(levels[level].text, counts, formats).strip()


def _numbering_of(paragraph: Any) -> tuple[str | None, int]:
    """(numId, level) of the paragraph's own numbering, else of its style's (or a style it is based on)."""
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    style = paragraph.style
    level = None
    while num_pr is None and style is not None:
        ppr = style.element.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None, 0
    if num_pr.ilvl is not None:
        level = num_pr.ilvl.val
    return str(num_pr.numId.val), level or 0
