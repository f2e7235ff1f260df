"""Underscores a PDF draws as rules: LaTeX's "\\_" in its classic fonts is a short line on the baseline, no glyph."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Box = tuple[float, float, float, float]  # left, bottom, right, top, in PDF units

RULE_HEIGHT = 1.5  # at most: an underscore's rule is as thin as a stroke (0.4 to 0.8 points in LaTeX)
RULE_WIDTH = (1.5, 10.0)  # an underscore's width, about half an em; a table's or an underline's rule is longer
BASELINE = 2.0  # how far its bottom may be from the letters' beside it
SLACK = 1.5  # how far it may reach past the gap between the letters it joins


def is_rule(box: Box) -> bool:
    """Whether a drawn path's bounds are those of an underscore: short, thin and horizontal."""
    left, bottom, right, top = box
    return top - bottom <= RULE_HEIGHT and RULE_WIDTH[0] <= right - left <= RULE_WIDTH[1]


def joins(rule: Box, before: Box, after: Box | None) -> bool:
    """Whether `rule` lies on the baseline in the gap after the letter at `before`, before the one at `after` (None:
    the line ends there, a name broken after its underscore)."""
    base = before[1] if after is None else min(before[1], after[1])
    if abs(rule[1] - base) > BASELINE or rule[0] < before[2] - SLACK:
        return False
    if after is None:
        return rule[0] <= before[2] + 2 * SLACK
    return rule[2] <= after[0] + SLACK


def restore_underscores(text: str, box: Callable[[int], Box], rules: Sequence[Box]) -> str:
    """`text` (a page's characters, one per index of `box`) with each space, or line end, where one of `rules` lies
    between the letters around it, as an underscore: "GNUPLOT_PS_DIR" where PDFium read "GNUPLOT PS DIR" of
    gnuplot's manual (a space for the gap the rule fills)."""
    if not rules:
        return text
    out = list(text)
    for i, ch in enumerate(text):
        if ch not in " \r" or i == 0 or not text[i - 1].strip():
            continue
        nxt = text[i + 1 : i + 2]
        after = None if ch == "\r" else (box(i + 1) if nxt.strip() else None)
        if ch == " " and after is None:
            continue
        before = box(i - 1)
        if any(joins(r, before, after) for r in rules):
            out[i] = "_" if ch == " " else "_\r"
    return "".join(out)


def page_rules(page: Any) -> list[Box]:
    """The bounds of a PDFium page's drawn paths that may be underscores (`is_rule`)."""
    import pypdfium2.raw as pdfium_c

    boxes = (obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]))
    return [b for b in boxes if is_rule(b)]
