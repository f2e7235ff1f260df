"""Read a Word .docx file's body text with python-docx: paragraphs and tables in document order.

Layout of the text: each heading or paragraph is a block, after its list number as Word shows it ("2.",
"1.3"); consecutive list items form one block, one item per line; a table is one block, one row per line with
its non-empty cells joined by " | " (a merged cell once; under a header row, each after its column's name).
Blocks are separated by a blank line.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rag.ingest.docx_numbers import Numbering
from rag.ingest.skip import SkipFile
from rag.ingest.tables import header_labels, label_of
from rag.ingest.titles import clip_title

CELL_SEPARATOR = " | "
LEGACY_DOC = "legacy Word .doc is not supported; save it as .docx (or PDF) in Word or LibreOffice and index that"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file: .doc, or an encrypted .docx
OLE_FILE = (
    "not a .docx file inside: a password-protected Word document or a legacy .doc renamed; "
    "save an unencrypted .docx copy and index that"
)
NOT_DOCX = "could not read Word document: {detail}; it is damaged or not a .docx file (another format renamed?)"


def _clean(text: str) -> str:
    """A paragraph's text with its soft line breaks and tabs kept as single spaces or newlines, stripped."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def is_heading(paragraph: Any) -> bool:
    """True for a paragraph styled as a heading or the document title."""
    name = paragraph.style.name if paragraph.style is not None else ""
    return name == "Title" or name.startswith("Heading")


def is_list_item(paragraph: Any) -> bool:
    """True for a bulleted or numbered paragraph (a List style, or direct numbering)."""
    name = paragraph.style.name if paragraph.style is not None else ""
    ppr = paragraph._p.pPr
    return name.startswith("List") or (ppr is not None and ppr.numPr is not None)


def row_cells(row: Any, seen: set[Any]) -> list[tuple[int, str, int]]:
    """A table row's cells as (first grid column, text, grid columns spanned); a merged cell only where it first
    appears (python-docx repeats its <w:tc> element in every grid slot it spans, down the rows too)."""
    cells: list[tuple[int, str, int]] = []
    previous, new = None, False
    for column, cell in enumerate(row.cells):
        if cell._tc is previous:  # the same cell again, across columns
            if new:
                first, text, span = cells[-1]
                cells[-1] = (first, text, span + 1)
            continue
        previous, new = cell._tc, cell._tc not in seen  # not new: merged down from a row above
        if new:
            seen.add(cell._tc)  # kept alive here, so lxml hands back this same element object next time
            cells.append((column, " ".join(cell.text.split()), 1))
    return cells


def is_header_row(row: Any) -> bool:
    """True for a row Word repeats as the table's header on each page, or whose text is all bold."""
    from docx.oxml.ns import qn

    props = row._tr.trPr
    if props is not None and props.find(qn("w:tblHeader")) is not None:
        return True
    runs = [run for cell in row.cells for p in cell.paragraphs for run in p.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def row_text(cells: list[tuple[int, str, int]], labels: list[str] | None = None) -> str:
    """A row as "a | b | c": its non-empty cells, each after its column's name when the table has a header."""
    return CELL_SEPARATOR.join(label_of(labels, column, span) + text for column, text, span in cells if text)


def table_text(table: Any) -> str:
    """A table as one line per row (rows with no text left out); when its first row is a header (`is_header_row`)
    its names label the cells below (`tables.header_labels`)."""
    seen: set[Any] = set()
    rows = [(row, row_cells(row, seen)) for row in table.rows]
    labels = None
    if rows and is_header_row(rows[0][0]):
        labels = header_labels([(text, span) for _, text, span in rows[0][1]])
    lines = [row_text(cells, labels if i else None) for i, (_, cells) in enumerate(rows)]
    return "\n".join(line for line in lines if line)


def blocks(document: Any) -> list[tuple[str, str]]:
    """(kind, text) for each non-empty body item in order; kind is heading, list, table or paragraph."""
    from docx.table import Table

    out: list[tuple[str, str]] = []
    numbering = Numbering.of(document)
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            out.append(("table", table_text(item)))
            continue
        marker, text = numbering.marker(item), _clean(item.text)
        text = f"{marker} {text}" if marker and text else text  # as Word shows it: "2. Unpack", "1.3 Scope"
        out.append(("heading" if is_heading(item) else "list" if is_list_item(item) else "paragraph", text))
    return [(kind, text) for kind, text in out if text]


def layout(items: list[tuple[str, str]]) -> str:
    """The blocks' text: a blank line between blocks, a single newline between list items of one list."""
    parts: list[str] = []
    for i, (kind, text) in enumerate(items):
        if parts:
            parts.append("\n" if kind == "list" and items[i - 1][0] == "list" else "\n\n")
        parts.append(text)
    return "".join(parts)


def _open_docx(raw: bytes) -> Any:  # a docx.document.Document
    import docx

    if raw.startswith(_OLE_MAGIC):
        raise SkipFile(OLE_FILE)
    try:
        return docx.Document(io.BytesIO(raw))
    except Exception as e:  # python-docx raises many kinds for a bad package
        detail = str(e).strip().strip("'\"") or type(e).__name__
        raise SkipFile(NOT_DOCX.format(detail=detail)) from None


def _core_title(document: Any) -> str:
    try:
        title = document.core_properties.title
    except Exception:
        return ""
    return clip_title(title) if isinstance(title, str) else ""


def read_docx(raw: bytes, path: Path) -> tuple[str, str]:
    """(text, title) of a .docx: title from the core properties, else the first heading, else the first line."""
    document = _open_docx(raw)
    try:
        items = blocks(document)
    except Exception as e:  # a malformed part inside a readable package
        raise SkipFile(NOT_DOCX.format(detail=f"{type(e).__name__}: {e}")) from None
    text = layout(items)
    if not text:
        raise SkipFile("no text content (the Word document's body is empty)")
    heading = next((t for kind, t in items if kind == "heading"), "")
    first_line = text.split("\n", 1)[0]
    return text, _core_title(document) or clip_title(heading) or clip_title(first_line) or path.name
