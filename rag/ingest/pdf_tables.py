"""A PDF's tables: lines whose runs of text stand in aligned columns are rows, written as the HTML reader writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from rag.ingest.sentences import CELL
from rag.ingest.tables import LABEL_MAX, labelled

CELL_GAP = 9.0  # points between two runs of a line that stand in two columns (a word space is 2 to 4)
ALIGN = 3.0  # points a cell's left edge may be off its column's
MIN_ROWS = 2  # lines in a table, its header counted: a line alone is no table (a running head's title and page)
BOLD = 600  # a font weight from this up is bold: a header row is set in bold, its body not
_LEADERS = re.compile(r"(?:\.\s?){3,}$")  # a table of contents' dot leaders to its page numbers: no table's


@dataclass(frozen=True)
class Run:
    """A run of text PDFium placed as one rectangle: its bounds (left, bottom, right, top) and whether it is bold."""

    left: float
    bottom: float
    right: float
    top: float
    text: str = ""
    bold: bool = False


def page_lines(runs: list[Run]) -> list[list[Run]]:
    """The runs grouped into lines, top line first, each left to right: a run belongs to a line when its
    vertical middle is within the line's first run's height."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.top, r.left)):
        middle = (run.bottom + run.top) / 2
        line = next((ln for ln in lines if ln[0].bottom <= middle <= ln[0].top), None)
        if line is None:
            lines.append([run])
        else:
            line.append(run)
    return [sorted(line, key=lambda r: r.left) for line in lines]


def cells_of(line: list[Run]) -> list[list[Run]]:
    """A line's runs grouped into cells: a gap of CELL_GAP or more between two runs starts a new cell."""
    cells = [[line[0]]]
    for run in line[1:]:
        if run.left - cells[-1][-1].right >= CELL_GAP:
            cells.append([run])
        else:
            cells[-1].append(run)
    return cells


def _aligned(columns: list[float], cells: list[list[Run]]) -> bool:
    return all(any(abs(c[0].left - x) <= ALIGN for x in columns) for c in cells)


def tables(runs: list[Run]) -> list[list[list[list[Run]]]]:
    """The page's tables, each its rows, each its cells: MIN_ROWS lines or more, one below another, of two cells or
    more each, whose cells start where the first line's do; a line of one such cell between them (a cell wrapped
    onto a line of its own) is no row, and the table goes on below it."""
    found: list[list[list[list[Run]]]] = []
    block: list[list[list[Run]]] = []
    last: list[Run] = []  # the block's lowest line
    for line in [*page_lines(runs), []]:
        cells = cells_of(line) if line else []
        below = block and line and last[0].bottom - line[0].top < 2 * (line[0].top - line[0].bottom)
        if cells and below and _aligned([c[0].left for c in block[0]], cells):
            if len(cells) >= 2:
                block.append(cells)
            last = line
            continue
        if len(block) >= MIN_ROWS:
            found.append(block)
        block, last = ([cells], line) if len(cells) >= 2 else ([], [])
    return found


def _text(runs: list[Run]) -> str:
    return " ".join("".join(r.text for r in runs).split())


def written_rows(table: list[list[list[Run]]]) -> dict[str, str]:
    """Each row's words as PDFium reads its line, to the row as the HTML reader writes it: its cells joined by CELL,
    each after its column's name when the table's first row is a header (bold, the row below it not;
    `tables.labelled`)."""
    values = [[_text(c) for c in cells] for cells in table]
    head = all(r.bold for c in table[0] for r in c) and not table[1][0][0].bold
    labels = values[0] if head and all(len(v) <= LABEL_MAX for v in values[0]) else None
    rows = [values[0]] + [labelled(labels, v) if labels else v for v in values[1:]]
    return {_text([r for c in cells for r in c]): CELL.join(row) for cells, row in zip(table, rows)}


def tabulate(text: str, found: list[list[list[list[Run]]]]) -> str:
    """A page's text with each line that is a row of the tables `found` there written as the HTML reader writes
    rows (`written_rows`): "package: logwatch | popcon: V:14, I:16 | size: 2328 | description: log analyzer …" of
    Debian Reference's "logwatch V:14, I:16 2328 log analyzer …" under its bold "package popcon size description". A
    row whose words are not one line of `text` stays as it is."""
    written: dict[str, str] = {}
    for table in found:
        for words, row in written_rows(table).items():
            written.setdefault(words, row)
    if not written:
        return text
    return "\n".join(written.get(" ".join(line.split()), line) for line in text.split("\n"))


def page_tables(textpage: Any) -> list[list[list[list[Run]]]]:
    """The tables of a PDFium text page (`tables`, found by where its runs of text lie), their runs' text and
    weight (of a run's first character) read."""
    import pypdfium2.raw as pdfium_c

    runs = [Run(*textpage.get_rect(k)) for k in range(textpage.count_rects())]

    def read(run: Run) -> Run:
        at = pdfium_c.FPDFText_GetCharIndexAtPos(textpage.raw, run.left + 0.5, (run.bottom + run.top) / 2, 2.0, 2.0)
        bold = at >= 0 and pdfium_c.FPDFText_GetFontWeight(textpage.raw, at) >= BOLD
        return replace(run, text=textpage.get_text_bounded(run.left, run.bottom, run.right, run.top), bold=bold)

    found = [[[[read(r) for r in cell] for cell in row] for row in table] for table in tables(runs)]
    return [t for t in found if not any(_LEADERS.search(_text(cell)) for row in t for cell in row)]
