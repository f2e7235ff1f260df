"""Table rows that say what their cells are: a header row's names label the cells under them ("Replicas: 6")."""

from __future__ import annotations

import re

LABEL_MAX = 40  # characters: a longer first-row cell is data, not a column's name
MIN_LABELS = 2  # a header names at least two columns (one spanning cell is a caption)
# A first row of data cells that names the columns all the same, as reStructuredText's list-tables without a header
# row write one ("Parser | Typical usage | Advantages | Disadvantages", Beautiful Soup's): three or more cells, each
# a capitalised name of at most NAME_WORDS words, no digit, bracket or quote in it (a key and its value is data:
# "Author | Jane Doe")
MIN_NAMED_COLUMNS = 3
NAME_WORDS = 3
_NAME_CELL = re.compile(r"[A-Z][a-z]*(?:[ -][A-Za-z][a-z]*)*")


def header_labels(cells: list[tuple[str, int]]) -> list[str] | None:
    """Each column's name, from a table's first row of header cells ((text, columns it spans) each), or None when
    that row names fewer than MIN_LABELS columns or has a cell too long to be a name. A spanning cell names each
    column under it; an empty cell names none (a grid's corner)."""
    texts = [" ".join(text.split()) for text, _ in cells]
    if sum(bool(t) for t in texts) < MIN_LABELS or any(len(t) > LABEL_MAX for t in texts):
        return None
    return [t for t, (_, span) in zip(texts, cells) for _ in range(max(span, 1))]


def names_columns(cells: list[tuple[str, int]]) -> bool:
    """Whether a first row of data cells names its columns (MIN_NAMED_COLUMNS capitalised names, `_NAME_CELL`)."""
    texts = [" ".join(text.split()) for text, _ in cells]
    return len(texts) >= MIN_NAMED_COLUMNS and all(
        _NAME_CELL.fullmatch(t) and len(t.split()) <= NAME_WORDS for t in texts
    )


def label_of(labels: list[str] | None, column: int, span: int = 1) -> str:
    """What goes before the text of a cell from column `column` across `span` columns under `labels` ("Region: ");
    "" when it has no name, or spans columns of different names."""
    names = set(labels[column : column + max(span, 1)]) if labels else set()
    if len(names) != 1 or column + span > len(labels or ()) or not (name := names.pop()):
        return ""
    return f"{name} " if name.endswith(":") else f"{name}: "


def labelled(labels: list[str] | None, cells: list[str]) -> list[str]:
    """A body row's cells, each after its column's name (`label_of`); empty cells stay empty."""
    return [label_of(labels, i) + text if text else text for i, text in enumerate(cells)]


class OpenTable:
    """An HTML table being read (`ingest.html`): its header's column names, once its first row has shown them, and the row being read."""

    def __init__(self, at: int = 0) -> None:
        self.at = at  # where its text starts in the parts read
        self.labels: list[str] | None = None
        self.rows = 0  # rows read that had cells
        self.cells = 0  # cells of the current row so far
        self.column = 0  # the current row's next column (spanning cells count as many)
        self.row: list[tuple[str, int]] = []  # the current row's cells: (text, columns spanned)
        self.all_header = True  # every cell of the current row so far is a header cell
        self.spanning_name = False  # the last row was one header cell across columns naming a field ("Notes:")
        self._cell: tuple[int, str, int] | None = None  # the open cell: where its text starts in parts, its label

    def open_cell(self, at: int, label: str, span: int, header: bool) -> None:
        self._cell = (at, label, span)
        self.cells += 1
        self.column += span
        self.all_header = self.all_header and header

    def end_cell(self, parts: list[str], marks: str = "") -> None:
        """The open cell's text taken from `parts` (from where it started, less the reader's `marks`); its label
        dropped if it has none."""
        if self._cell is None:
            return
        at, label, span = self._cell
        text = "".join(parts[at:]).strip(" \n" + marks)
        if label and not text and at and parts[at - 1].endswith(label):
            parts[at - 1] = parts[at - 1].removesuffix(label)  # a name over nothing: an empty cell stays empty
        self.row.append((text, span))
        self._cell = None

    def end_row(self) -> None:
        """The row is done: the first one, when all its cells are headers or name columns (`names_columns`), names
        the columns (`header_labels`)."""
        if self.row and self.rows == 0 and (self.all_header or names_columns(self.row)):
            self.labels = header_labels(self.row)
        if self.row:
            (text, span), *rest = self.row
            self.spanning_name = not rest and self.all_header and span > 1 and text.endswith(":")
        self.rows += bool(self.row)
        self.row, self.cells, self.column, self.all_header, self._cell = [], 0, 0, True, None


def cell_span(colspan: str | None) -> int:
    """How many columns a cell's colspan attribute spans (1 when absent or not a number; at most 100)."""
    try:
        return min(max(int(colspan or 1), 1), 100)
    except ValueError:
        return 1
