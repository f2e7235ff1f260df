"""Tests for rag.ingest.docx: Word body text in document order, tables as rows, titles, and clear skips."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.ingest.docx import LEGACY_DOC, layout, read_docx
from rag.ingest.skip import SkipFile

ROWS = [["a", "b", "c"], ["Region", "Sales", "Growth"], ["North", "12.5", "3%"]]


def report(title: str | None = None) -> docx.document.Document:
    """A Word document with a heading, paragraphs around a 3x3 table, and a bulleted then a numbered list."""
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    document.add_heading("Harbour Review 2024", level=1)
    document.add_paragraph("Tonnage rose again this year.")
    table = document.add_table(rows=3, cols=3)
    for i, row in enumerate(ROWS):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    document.add_paragraph("Figures are unaudited.")
    document.add_paragraph("")  # empty paragraphs leave no trace
    document.add_paragraph("berth fees", style="List Bullet")
    document.add_paragraph("park leases", style="List Bullet")
    document.add_heading("Outlook", level=2)
    document.add_paragraph("first step", style="List Number")
    return document


def as_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_body_in_order_tables_as_rows_lists_one_per_line():
    """Paragraphs, table rows ("a | b | c") and list items come out in body order, blocks apart."""
    text, _ = read_docx(as_bytes(report()), Path("review.docx"))
    assert text == (
        "Harbour Review 2024\n\n"
        "Tonnage rose again this year.\n\n"
        "a | b | c\nRegion | Sales | Growth\nNorth | 12.5 | 3%\n\n"
        "Figures are unaudited.\n\n"
        "berth fees\npark leases\n\n"
        "Outlook\n\n"
        "1. first step"
    )


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def with_outline(document: docx.document.Document) -> tuple[str, str]:
    """Add a multilevel list to the document's numbering, as Word writes an outline ("1.", "1.1", "(a)"): two
    numIds sharing it, the second restarting its first level at 5. Returns their numIds."""
    from lxml import etree

    root = document.part.numbering_part.element
    levels = [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "(%3)")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    root.insert(0, etree.fromstring(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">{lvls}</w:abstractNum>'))
    root.append(etree.fromstring(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'
    root.append(etree.fromstring(f'<w:num xmlns:w="{W}" w:numId="91"><w:abstractNumId w:val="90"/>{restart}</w:num>'))
    return "90", "91"


def numbered(document: docx.document.Document, text: str, num_id: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = int(num_id)


def test_list_numbers_read_as_word_shows_them_through_the_levels():
    """Protects numbered procedures and outlines in Word files: the numbers Word shows ("2.", "1.2", "(a)") are
    not in the paragraph's text but in its numbering, and were lost ("What is step 2?" had nothing to match).
    A deeper level restarts under each new item; a bullet shows nothing; a restarted list counts from its start."""
    document = docx.Document()
    outline, restarted = with_outline(document)
    for text, level in [("Scope", 0), ("Who", 1), ("What", 1), ("detail", 2), ("more", 2), ("Terms", 0), ("Fees", 1)]:
        numbered(document, text, outline, level)
    document.add_paragraph("a bullet", style="List Bullet")
    numbered(document, "Later", restarted, 0)
    numbered(document, "Its part", restarted, 1)
    text, _ = read_docx(as_bytes(document), Path("outline.docx"))
    assert (
        text
        == "1. Scope\n1.1 Who\n1.2 What\n(a) detail\n(b) more\n2. Terms\n2.1 Fees\na bullet\n5. Later\n5.1 Its part"
    )


def test_title_from_core_properties_else_first_heading():
    """The document's Title property wins; without one, the first heading names the document."""
    assert read_docx(as_bytes(report(title="Port Annual Report")), Path("r.docx"))[1] == "Port Annual Report"
    assert read_docx(as_bytes(report()), Path("r.docx"))[1] == "Harbour Review 2024"


def test_title_falls_back_to_first_line():
    """No title property and no heading: the first line of text."""
    document = docx.Document()
    document.add_paragraph("Minutes of the meeting")
    document.add_paragraph("Present: all.")
    assert read_docx(as_bytes(document), Path("m.docx")) == (
        "Minutes of the meeting\n\nPresent: all.",
        "Minutes of the meeting",
    )


def test_merged_cells_appear_once():
    """A cell merged across columns or rows is read once, where it starts."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "wide"
    table.cell(0, 2).merge(table.cell(1, 2)).text = "tall"
    table.cell(1, 0).text, table.cell(1, 1).text = "p", "q"
    assert read_docx(as_bytes(document), Path("t.docx"))[0] == "wide | tall\np | q"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"PK\x03\x04 then nothing a zip needs", "could not read Word document: "),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an OLE file", "not a .docx file inside: a password-protected"),
    ],
)
def test_corrupt_or_disguised_docx_skipped_with_reason(raw, reason):
    """A damaged file, or a legacy/encrypted Word file named .docx, is skipped and says why."""
    with pytest.raises(SkipFile, match=reason):
        read_docx(raw, Path("bad.docx"))


def test_truncated_and_foreign_zip_skipped():
    """Half a .docx, or a zip that is not a Word document, is skipped as damaged or not a .docx."""
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("hello.txt", "hi")
    for raw in (as_bytes(report())[:2000], other.getvalue()):
        with pytest.raises(SkipFile, match=r"could not read Word document: .*not a \.docx file"):
            read_docx(raw, Path("bad.docx"))


def test_empty_document_skipped():
    """A document with an empty body has nothing to index."""
    with pytest.raises(SkipFile, match="no text content"):
        read_docx(as_bytes(docx.Document()), Path("empty.docx"))


def test_legacy_doc_reason_says_what_to_do():
    """The reason given for .doc files names the fix."""
    assert LEGACY_DOC.startswith("legacy Word .doc is not supported; save it as .docx")


KINDS = st.sampled_from(["heading", "paragraph", "list", "table"])


@given(st.lists(st.tuples(KINDS, st.text("ab |", min_size=1).map(str.strip).filter(bool)), max_size=8))
def test_layout_keeps_every_block_in_order(items):
    """Layout only adds separators: blocks read back in order, a blank line apart, list runs one item per line."""
    expected: list[str] = []
    for i, (kind, text) in enumerate(items):
        if i and not (kind == items[i - 1][0] == "list"):
            expected.append("")
        expected.append(text)
    assert layout(items).split("\n") == (expected or [""])


def test_read_document_reads_docx_files(tmp_path):
    """read_document hands .docx files to read_docx: a Word file becomes a Document without pages."""
    from rag.ingest.readers import read_document

    path = tmp_path / "review.docx"
    path.write_bytes(as_bytes(report(title="Port Annual Report")))
    doc = read_document(path, "review.docx")
    assert doc.title == "Port Annual Report"
    assert doc.text.startswith("Harbour Review 2024\n\nTonnage rose again this year.\n\na | b | c\n")
    assert doc.page_starts == []
