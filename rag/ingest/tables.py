"""Table rows that say what their cells are: a header row's names label the cells under them ("Replicas: 6")."""

from __future__ import annotations

LABEL_MAX = 40  # characters: a longer first-row cell is data, not a column's name
MIN_LABELS = 2  # a header names at least two columns (one spanning cell is a caption)


def header_labels(cells: list[tuple[str, int]]) -> list[str] | None:
    """Each column's name, from a table's first row of header cells ((text, columns it spans) each), or None when
    that row names fewer than MIN_LABELS columns or has a cell too long to be a name. A spanning cell names each
    column under it; an empty cell names none (a grid's corner)."""
    texts = [" ".join(text.split()) for text, _ in cells]
    if sum(bool(t) for t in texts) < MIN_LABELS or any(len(t) > LABEL_MAX for t in texts):
        return None
    return [t for t, (_, span) in zip(texts, cells) for _ in range(max(span, 1))]


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
