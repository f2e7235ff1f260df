"""Tests for rag.ingest.pdf: PDF text unwrapped into paragraphs, exact page offsets, quiet and clear skips."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.ingest.chunks import chunk_document
from rag.ingest.pdf import HYPHENS, is_leader_entry, page_starts_of, unwrap, without_leader_entries
from rag.ingest.readers import SkipFile, read_document
from rag.ingest.running import running_lines, without_running_lines
from rag.settings import ChunkingConfig


def make_pdf(pages: list[str], title: str | None = None, contents: list[str] | None = None) -> bytes:
    """A real minimal PDF: each page's "\\n"-separated lines set in Helvetica one below another, xref computed; or,
    given `contents`, each page's content stream as it is (its font /F1, Helvetica)."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    n = len(pages)
    font_id = 3 + 2 * n
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    for i, text in enumerate(pages):
        page = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {4 + 2 * i} 0 R >>"
        )
        shows = " T* ".join(f"({esc(line)}) Tj" for line in text.split("\n"))
        stream = (f"BT /F1 11 Tf 14 TL 72 720 Td {shows} ET" if text else "").encode("latin-1")
        stream = contents[i].encode("latin-1") if contents is not None else stream
        objects.append(page.encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    info_ref = b""
    if title is not None:
        objects.append(f"<< /Title ({esc(title)}) >>".encode("latin-1"))
        info_ref = b" /Info %d 0 R" % len(objects)

    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\n" % (len(objects) + 1, info_ref)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# Three pages as a typesetter wraps them: long lines, words hyphenated at line ends, headings, a list.
PAGES = [
    "Annual Report\n"
    "The harbour authority moved record tonnage this year, with the new\n"
    "container terminal handling most of the growth in traffic from the\n"
    "northern ports and the recently dredged approach chan-\n"
    "nel opening the berths to larger vessels.\n"
    "Staff numbers stayed flat while overtime fell by a third across\n"
    "every department of the authority.",
    "Finances\n"
    "Revenue rose to forty million, driven by berth fees and a self-\n"
    "contained logistics park that now leases every one of its ware-\n"
    "houses to long-term tenants.\n"
    "- berth fees up twelve percent\n"
    "- park leases renewed",
    "Outlook\n"
    "The board expects steady growth next year as the Anglo-\n"
    "Dutch shipping line adds two weekly sailings from Rotterdam to the\n"
    "terminal, subject to the usual seasonal adjust-\n"
    "ments in the winter months.",
]
EXPECTED = [
    "Annual Report\n"
    "The harbour authority moved record tonnage this year, with the new container terminal handling most of"
    " the growth in traffic from the northern ports and the recently dredged approach channel opening the"
    " berths to larger vessels.\n"
    "Staff numbers stayed flat while overtime fell by a third across every department of the authority.",
    "Finances\n"
    "Revenue rose to forty million, driven by berth fees and a self-contained logistics park that now leases"
    " every one of its warehouses to long-term tenants.\n"
    "- berth fees up twelve percent\n"
    "- park leases renewed",
    "Outlook\n"
    "The board expects steady growth next year as the Anglo-Dutch shipping line adds two weekly sailings from"
    " Rotterdam to the terminal, subject to the usual seasonal adjustments in the winter months.",
]


# ---------------------------------------------------------------- reading whole files


def test_three_pages_read_as_joined_paragraphs_with_exact_pages_and_chunks_inside_pages(tmp_path, tokenizer):
    """Wrapped lines become paragraphs, hyphenated words are whole, and page offsets stay exact."""
    doc = read_document(write(tmp_path / "report.pdf", make_pdf(PAGES)), "report.pdf")
    assert doc.text == "\n\n".join(EXPECTED)
    assert doc.title == "Annual Report"
    assert len(doc.page_starts) == 3
    ends = [start - 2 for start in doc.page_starts[1:]] + [len(doc.text)]
    assert [doc.text[a:b] for a, b in zip(doc.page_starts, ends)] == EXPECTED
    for page, word in enumerate(("channel", "warehouses", "adjustments"), start=1):
        assert doc.page_at(doc.text.index(word)) == page

    spans = chunk_document(doc, tokenizer, ChunkingConfig(max_tokens=24, overlap_sentences=1))
    assert len(spans) > 3
    for span in spans:
        assert span.page == doc.page_at(span.start) == doc.page_at(span.end - 1)
        assert "\n\n" not in doc.text[span.start : span.end]  # never across the break between pages


def test_running_heads_and_page_numbers_are_not_text(tmp_path):
    """Protects passages and answers from page furniture: Bash's bashref.pdf read "Chapter 4: Shell Builtin
    Commands 75 histreedit", a running head joined to the term under it; a page number alone may answer "How
    many …?". A first or last line that heads or foots three pages or more, its numbers aside, goes; a page's
    first line shared by fewer pages stays."""
    body = "The shell reads its input and divides it into words and operators."
    pages = [f"Chapter 3: Basic Shell Features {n}\n{body}\n{n}" for n in (44, 45, 46)]
    doc = read_document(write(tmp_path / "bashref.pdf", make_pdf([*pages, f"Summary\n{body}"])), "bashref.pdf")
    assert doc.text.split("\n\n") == [body, body, body, f"Summary\n{body}"]
    assert doc.page_at(doc.text.index("Summary")) == 4
    code = [f"int f{n}(void) {{\n  return {n};\n}}" for n in range(3)]  # a listing's "}" ends each page: text
    assert read_document(write(tmp_path / "code.pdf", make_pdf(code)), "code.pdf").text.count("}") == 3
    two = [f"Summary\n{body}", f"Summary\n{body}"]
    assert read_document(write(tmp_path / "two.pdf", make_pdf(two)), "two.pdf").text == "\n\n".join(two)


def test_two_pages_title_from_metadata_and_page_at(tmp_path):
    """The PDF's /Title wins; each page's text starts at its page_starts entry."""
    raw = make_pdf(["Alpha page one text", "Beta page two text"], title="Quarterly Report")
    doc = read_document(write(tmp_path / "report.pdf", raw), "report.pdf")
    assert doc.title == "Quarterly Report"
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.page_starts == [0, len("Alpha page one text") + 2]
    assert doc.text == "Alpha page one text\n\nBeta page two text"
    assert doc.page_at(doc.text.index("Alpha")) == 1
    assert doc.page_at(doc.text.index("Beta")) == 2
    assert doc.page_at(len(doc.text) - 1) == 2


def test_empty_page_keeps_its_entry_and_title_from_first_line(tmp_path):
    """A blank page still counts, so later pages keep their numbers."""
    doc = read_document(write(tmp_path / "x.pdf", make_pdf(["", "Only second page"])), "x.pdf")
    assert doc.title == "Only second page"
    assert doc.page_starts == [0, 2]
    assert doc.text == "\n\nOnly second page"
    assert doc.page_at(doc.text.index("Only")) == 2


# A printed book's table of contents and index pages, as pypdf reads the Bash Reference Manual's (bash-doc, GFDL).
CONTENTS = (
    "Table of Contents\n"
    "1 Introduction . . . . . . . . . . . . . . . . . . 1\n"
    "1.1 What is Bash? . . . . . . . . . . . . . . . . 1\n"
    "2 Definitions . . . . . . . . . . . . . . . . . . . 3"
)
INDEX = "Appendix D: Indexes 186\nP\nPATH . . . . . . . . . . . . . . 78\nPIPESTATUS . . . . . . . . . . . 87\ntrap . . . . 45, 61"
CONTENT = "PIPESTATUS\nAn array variable containing a list of exit status values from the processes. See . . . 87"


def test_contents_and_index_entries_are_not_text_but_their_pages_count(tmp_path):
    """A table of contents' or an index's entries repeat the book's words with page numbers, which search ranked
    first and the reader answered with ("78" for "What does PIPESTATUS contain?"): their pages keep only their
    other lines, and every page keeps its number. A leader line among prose stays."""
    doc = read_document(write(tmp_path / "bashref.pdf", make_pdf([CONTENTS, CONTENT, INDEX])), "bashref.pdf")
    assert doc.text.split("\n\n") == ["Table of Contents", unwrap(CONTENT), "Appendix D: Indexes 186\nP"]
    assert doc.page_at(doc.text.index("An array")) == 2 and doc.page_at(doc.text.index("Appendix")) == 3
    # A PDF that is a table of contents and nothing else: its entries are all it says, and they are read.
    alone = read_document(write(tmp_path / "contents.pdf", make_pdf([CONTENTS.split("\n", 1)[1]])), "contents.pdf")
    assert "1.1 What is Bash?" in alone.text


def test_leader_entries_are_labels_with_dot_leaders_to_page_numbers():
    for entry in (
        "1.1 What is Bash? . . . . . 1",
        "PS1 . . . . 78",
        "trap . . . 45, 61",
        "Preface ...... xi",
        "A . . . 1–4",
    ):
        assert is_leader_entry(entry), entry
    for line in ("Total assets . . . . . . 1,234", "Revenue . . . . 12.5", "Index 186", "Wait . . . then go."):
        assert not is_leader_entry(line), line
    assert without_leader_entries("Totals\nRevenue . . . . 12\nCosts rose by a third over the year.") == (
        "Totals\nRevenue . . . . 12\nCosts rose by a third over the year."  # one entry-like line of three: kept
    )


# A page of the Debian maintainers' guide as Debian installs it (debmake-doc 4.3.2, debmake-doc.en.pdf page 10,
# Expat licence), made by DocBook's dblatex: justified lines whose words its fonts place by position, no space
# glyph between them.
DEBMAKE_PAGE = Path(__file__).parent / "data" / "pdf" / "debmake-overview.pdf"


def test_words_placed_apart_are_read_apart():
    """Protects PDFs whose words are set apart by position: pypdf read this page as "IfyouarenewtoDebianpackaging,
    donotworry…", words neither search nor the reader could find (2,281 runs of 16 letters or more in the guide), and the guide
    answered 2 of 7 probe questions; read as a viewer shows it (PDFium), 7."""
    doc = read_document(DEBMAKE_PAGE, "debmake.pdf")
    assert "If you are new to Debian packaging, do not worry about the details and just get the big picture" in doc.text
    assert "following the GNU Coding Standards and FHS, can be done with the debmake command as follows." in doc.text


def test_a_word_hyphenated_across_lines_is_rejoined(tmp_path):
    """PDFium joins a hyphenated line's end to the next line with a mark of its own (U+FFFE, "con\ufffenection");
    the line rule decides, as for any break: "example", but "self-contained"."""
    page = f"{WIDE} exam-\nple and a self-\ncontained one"
    doc = read_document(write(tmp_path / "h.pdf", make_pdf([page])), "h.pdf")
    assert doc.text == f"{WIDE} example and a self-contained one"


def test_a_name_broken_after_its_underscore_is_rejoined(tmp_path):
    """Protects names in code that Texinfo's PDFs break after an underscore (libtasn1's manual: "ASN1_" at a line's
    end, "MAX_LENGTH_SIZE" below): read as one name, which search and the reader find, not "ASN1_ MAX_LENGTH_SIZE";
    a word that only follows a name ending in underscores ("__init__") stays apart."""
    page = f"{WIDE} is ASN1_\nMAX_LENGTH_SIZE bytes and its __init__\nmethod runs once"
    doc = read_document(write(tmp_path / "u.pdf", make_pdf([page])), "u.pdf")
    assert doc.text == f"{WIDE} is ASN1_MAX_LENGTH_SIZE bytes and its __init__ method runs once"


def test_an_underscore_drawn_as_a_rule_is_read_back(tmp_path):
    """Protects names in LaTeX's PDFs, whose classic fonts draw "\\_" as a short rule on the baseline, no glyph:
    gnuplot's manual read "GNUPLOT PS DIR is used by the postscript driver …", and its probe answered "GNUPLOT" for
    "Which variable is used by the postscript driver …?". A rule under words (an underline) or across the page (a
    table's) joins nothing."""
    # Helvetica 11 pt: "GNUPLOT" is 53.2 points wide, "PS" 14.7, "DIR" 18.9; a rule of 4 x 0.5 points in each gap.
    shown = "BT /F1 11 Tf 72 720 Td (GNUPLOT) Tj ET BT /F1 11 Tf 131 720 Td (PS) Tj ET"
    shown += " BT /F1 11 Tf 151.5 720 Td (DIR is used by the postscript driver.) Tj ET"
    rules = "126 720 4 0.5 re f 146.5 720 4 0.5 re f"
    under = "BT /F1 11 Tf 72 690 Td (see the) Tj ET BT /F1 11 Tf 120 690 Td (manual) Tj ET 72 688 120 0.5 re f"
    stream = f"{shown} {rules} {under} 72 660 468 0.5 re f BT /F1 11 Tf 72 640 Td (End of page.) Tj ET"
    doc = read_document(write(tmp_path / "r.pdf", make_pdf([""], contents=[stream])), "r.pdf")
    assert "GNUPLOT_PS_DIR is used by the postscript driver." in doc.text, doc.text
    assert "see the manual" in doc.text, doc.text


def test_restoring_underscores_turns_only_the_gaps_a_rule_fills():
    """The rule joins the letters either side of its gap, on their baseline; a line's end after a name too."""
    from rag.ingest.pdf_rules import is_rule, restore_underscores

    text = "FIT LOG x\rNEXT"
    boxes = {0: (0, 0, 5, 7), 1: (5, 0, 8, 7), 2: (8, 0, 13, 7), 4: (16, 0, 21, 7), 5: (21, 0, 27, 7),
             6: (27, 0, 33, 7), 8: (40, 0, 45, 5), 10: (0, -14, 6, -7)}  # fmt: skip
    assert restore_underscores(text, boxes.__getitem__, [(13.5, 0, 15.5, 0.5)]) == "FIT_LOG x\rNEXT"
    assert restore_underscores(text, boxes.__getitem__, [(45.5, 0.2, 48, 0.7)]) == "FIT LOG x_\rNEXT"
    assert restore_underscores(text, boxes.__getitem__, [(13.5, 9, 15.5, 9.5)]) == text  # above the baseline
    assert restore_underscores(text, boxes.__getitem__, []) == text
    assert is_rule((0, 0, 4, 0.5)) and not is_rule((0, 0, 120, 0.5)) and not is_rule((0, 0, 4, 4))


# Debian Reference 2.100's PDF (GPL 2+): Table 9.4's first rows as PDFium places their runs (points), its header bold.
LOG_TABLE = [
    ((68.1, 750.9, 102.6, 760.1), "package ", True), ((170.5, 751.0, 201.2, 757.9), "popcon ", True),
    ((237.0, 753.0, 252.0, 760.1), "size ", True), ((276.5, 751.0, 323.6, 760.1), "description", True),
    ((69.3, 739.1, 114.9, 748.5), "logwatch ", False), ((170.5, 739.7, 210.3, 747.9), "V:14, I:16 ", False),
    ((237.2, 741.1, 256.3, 747.9), "2328 ", False),
    ((276.3, 739.0, 451.6, 748.2), "log analyzer with nice output written in Perl", False),
    ((68.6, 729.1, 114.9, 736.6), "fail2ban ", False), ((170.5, 727.7, 219.4, 735.9), "V:111, I:125 ", False),
    ((237.2, 729.2, 256.4, 735.9), "2127 ", False),
    ((276.1, 727.1, 467.8, 736.2), "ban IPs that cause multiple authentication errors", False),
]  # fmt: skip


def test_a_tables_rows_are_written_with_their_columns_names():
    """Protects answers over tables in PDFs: Debian Reference's rows read as one paragraph ("… logwatch V:14, I:16
    2328 log analyzer with nice output written in Perl fail2ban V:111, I:125 …"), and "Which package is a log
    analyzer written in Perl?" was answered with a row's numbers; as the HTML reader writes them, the row's cells
    and their columns' names answer it ("logwatch")."""
    from rag.ingest.pdf_tables import Run, tables, tabulate

    runs = [Run(*box, text=text, bold=bold) for box, text, bold in LOG_TABLE]
    found = tables(runs)
    assert [[len(row) for row in table] for table in found] == [[4, 4, 4]]
    page = (
        "Table 9.4 lists them.\npackage popcon size description\n"
        "logwatch V:14, I:16 2328 log analyzer with nice output written in Perl\n"
        "fail2ban V:111, I:125 2127 ban IPs that cause multiple authentication errors\nTable 9.4: List of analyzers"
    )
    assert tabulate(page, found).split("\n") == [
        "Table 9.4 lists them.",
        "package | popcon | size | description",
        "package: logwatch | popcon: V:14, I:16 | size: 2328 | description: log analyzer with nice output written in Perl",
        "package: fail2ban | popcon: V:111, I:125 | size: 2127 | description: ban IPs that cause multiple authentication "
        "errors",
        "Table 9.4: List of analyzers",
    ]
    plain = [Run(*box, text=text) for box, text, _ in LOG_TABLE]  # no bold header: the cells, no names
    assert (
        tabulate(page, tables(plain)).split("\n")[2]
        == "logwatch | V:14, I:16 | 2328 | log analyzer with nice output written in Perl"
    )
    assert tables(runs[4:8]) == []  # one line of cells is no table (a running head: its title, its page number)
    prose = [Run(72, 700, 300, 710, "a line of prose with words spaced "), Run(303, 700, 540, 710, "as justified")]
    assert tables(prose + [Run(72, 688, 300, 698, "another line of it")]) == []  # word spaces are no columns


def test_a_pdf_tables_rows_keep_their_lines(tmp_path):
    """Through PDFium and the line rule: a table's rows are lines of their own, never joined into the paragraph."""
    rows = [("logwatch", "2328", "log analyzer with nice output written in Perl"),
            ("fail2ban", "2127", "ban IPs that cause multiple authentication errors"),
            ("analog", "3739", "web server log analyzer")]  # fmt: skip
    shown = [f"BT /F1 10 Tf 72 {700 - 14 * k} Td ({a}) Tj ET BT /F1 10 Tf 170 {700 - 14 * k} Td ({b}) Tj ET "
             f"BT /F1 10 Tf 240 {700 - 14 * k} Td ({c}) Tj ET" for k, (a, b, c) in enumerate(rows)]  # fmt: skip
    prose = f"BT /F1 10 Tf 72 740 Td ({WIDE[:90]}) Tj ET BT /F1 10 Tf 72 726 Td (the system log analyzers are:) Tj ET"
    doc = read_document(write(tmp_path / "t.pdf", make_pdf([""], contents=[prose + " " + " ".join(shown)])), "t.pdf")
    assert "logwatch | 2328 | log analyzer with nice output written in Perl\nfail2ban | 2127 | ban IPs" in doc.text
    assert doc.text.endswith("\nanalog | 3739 | web server log analyzer"), doc.text


# ---------------------------------------------------------------- skipped files


def test_no_text_layer_is_skipped_saying_run_ocr(tmp_path):
    """A scan (pages without a text layer) is skipped with what to do about it."""
    path = write(tmp_path / "scan.pdf", make_pdf(["", ""]))
    with pytest.raises(SkipFile, match=r"PDF has no extractable text \(scanned images\?\)") as info:
        read_document(path, "scan.pdf")
    assert "no text layer" in str(info.value) and "OCR" in str(info.value)


def test_encrypted_pdf_is_skipped_saying_save_an_unencrypted_copy(tmp_path):
    """A password-protected PDF is skipped, and the reason says how to index it anyway."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(SkipFile, match=r"PDF is encrypted \(password protected\)") as info:
        read_document(path, "locked.pdf")
    assert "unencrypted copy" in str(info.value)


def test_truncated_pdf_skipped_with_pypdf_warning_in_reason_and_nothing_printed(tmp_path, capsys, caplog):
    """pypdf's console warnings go into the skip reason instead of the terminal."""
    before = logging.getLogger("pypdf").handlers[:], logging.getLogger("pypdf").propagate
    raw = make_pdf(PAGES)
    path = write(tmp_path / "cut.pdf", raw[: len(raw) // 2])
    with caplog.at_level(logging.DEBUG), pytest.raises(SkipFile) as info:
        read_document(path, "cut.pdf")
    reason = str(info.value)
    assert reason.startswith("could not read PDF: ")
    assert "EOF marker not found" in reason
    assert capsys.readouterr() == ("", "")
    assert caplog.records == []
    assert (logging.getLogger("pypdf").handlers, logging.getLogger("pypdf").propagate) == before


def test_readable_pdf_that_pypdf_warns_about_prints_nothing(tmp_path, capsys, caplog):
    """A file pypdf recovers (a wrong startxref pointer) is read without a word on the console."""
    raw = re.sub(rb"startxref\n\d+", b"startxref\n12", make_pdf(["Hello readable text"]))
    with caplog.at_level(logging.DEBUG):
        doc = read_document(write(tmp_path / "bent.pdf", raw), "bent.pdf")
    assert doc.text == "Hello readable text"
    assert capsys.readouterr() == ("", "")
    assert caplog.records == []


def test_garbage_and_pageless_pdfs_skipped(tmp_path, capsys):
    """Bytes that are no PDF, and a PDF without pages, are skipped with reasons."""
    with pytest.raises(SkipFile, match="could not read PDF: "):
        read_document(write(tmp_path / "junk.pdf", b"this is not a pdf at all \x8f\x90"), "junk.pdf")
    with pytest.raises(SkipFile, match="PDF has no pages"):
        read_document(write(tmp_path / "none.pdf", make_pdf([])), "none.pdf")
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------- the line rule

WIDE = "a line of ordinary prose long enough to fill the column of a page"  # sets the typical width


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (f"{WIDE}\nand its wrapped tail", f"{WIDE} and its wrapped tail"),
        (f"{WIDE} exam-\nple", f"{WIDE} example"),
        (f"{WIDE} self-\ncontained", f"{WIDE} self-contained"),  # a prefix that keeps its hyphen
        (f"{WIDE} Anglo-\nSaxon", f"{WIDE} Anglo-Saxon"),  # uppercase after: a compound, hyphen kept
        (f"{WIDE} 2020-\n2021", f"{WIDE} 2020-2021"),
        (f"{WIDE} pre-\nand post-war", f"{WIDE} pre- and post-war"),  # a suspended compound
        (f"{WIDE}\n- {WIDE}\n• {WIDE}", f"{WIDE}\n- {WIDE}\n• {WIDE}"),  # list items, however long
        (f"{WIDE}\n{WIDE}\n{WIDE}\n- one\n1. two\n(b) three", f"{WIDE} {WIDE} {WIDE}\n- one\n1. two\n(b) three"),
        (f"{WIDE}\nIt ended here.\nA new paragraph", f"{WIDE} It ended here.\nA new paragraph"),
        (
            f'{WIDE}\nThe harbour master said it would "stop soon."\nThen',
            f'{WIDE} The harbour master said it would "stop soon."\nThen',
        ),
        (f"Heading\nThe {WIDE}\n{WIDE}", f"Heading\nThe {WIDE} {WIDE}"),
        (
            f"{WIDE}\nPPID The id of the parent, {WIDE}.\nPROMPT_COMMAND\nIf set",
            f"{WIDE} PPID The id of the parent, {WIDE}.\nPROMPT_COMMAND\nIf set",
        ),  # a term line after a long sentence: a reference entry's
        (
            f"{WIDE}\n-b file True if {WIDE}.\n-c file True if it is special.\n--posix Change {WIDE}",
            f"{WIDE} -b file True if {WIDE}.\n-c file True if it is special.\n--posix Change {WIDE}",
        ),  # options' entries, each description beside its option (bashref.pdf's file tests)
        (f"{WIDE}\n{WIDE}.\nlist.", f"{WIDE} {WIDE}. list."),  # a paragraph's wrapped last word
        (f"{WIDE}\n\n\n  \n{WIDE}\n", f"{WIDE}\n\n{WIDE}"),
        ("Name Age\nAlice 30\nBob 25", "Name Age\nAlice 30\nBob 25"),  # narrow lines: a table, kept
        (
            f"{WIDE}\n$ tar -xvzf package-1.0.tar.gz\n$ cd package-1.0\nSource: debhello\n{WIDE}",
            f"{WIDE}\n$ tar -xvzf package-1.0.tar.gz\n$ cd package-1.0\nSource: debhello {WIDE}",
        ),  # commands at a prompt, and their output: lines of code (debmake-doc's guide)
        (
            f"{WIDE}\nTable 9.20: List of filesystem management packages\nTip\nExt4 filesystem is the default filesystem.",
            f"{WIDE} Table 9.20: List of filesystem management packages\nTip\nExt4 filesystem is the default filesystem.",
        ),  # an admonition's label (Debian Reference's PDF had read "… packages Tip" and answered "Tip\nExt4 filesystem")
        (
            f"{WIDE}\nlogwatch | 2328 | log analyzer\nfail2ban | 2127 | ban IPs\n{WIDE}",
            f"{WIDE}\nlogwatch | 2328 | log analyzer\nfail2ban | 2127 | ban IPs\n{WIDE}",
        ),  # a table's rows (`pdf_tables`)
        (
            f"{WIDE}\nThis is version 0.21 of the specification, last updated 2 October 2018.\n1.2. What is this spec?",
            f"{WIDE} This is version 0.21 of the specification, last updated 2 October 2018.\n1.2. What is this spec?",
        ),  # a numbered section's heading after a long sentence (shared-mime-info's spec had run them together)
        (
            f"{WIDE}\n2.10. Storing the MIME type using Extended Attributes\nAn implementation MAY also get {WIDE}",
            f"{WIDE}\n2.10. Storing the MIME type using Extended Attributes\nAn implementation MAY also get {WIDE}",
        ),  # a numbered heading as long as half the column, between lines that end no sentence
        (f"{WIDE}\n2.10. {WIDE.capitalize()}", f"{WIDE} 2.10. {WIDE.capitalize()}"),  # it fills the column: no heading
    ],
)
def test_unwrap_rule(page, expected):
    """Each clause of the documented line rule (see rag.ingest.pdf's docstring)."""
    assert unwrap(page) == expected


def _only_hyphens_removed(before: str, after: str) -> bool:
    """True when `after`'s non-whitespace characters are `before`'s with some hyphens taken out."""
    src = [c for c in before if not c.isspace()]
    out = [c for c in after if not c.isspace()]
    i = 0
    for c in out:
        while i < len(src) and src[i] != c and src[i] in HYPHENS:
            i += 1
        if i == len(src) or src[i] != c:
            return False
        i += 1
    return all(c in HYPHENS for c in src[i:])


def _paragraphs(text: str) -> int:
    return len([p for p in re.split(r"\n\s*\n", "\n".join(line.strip() for line in text.splitlines())) if p.strip()])


PAGE_TEXT = st.text(st.sampled_from(list("abcxyzABC019 .:!?-\u00ad•(),\n\t")), max_size=400) | st.text(max_size=200)


@given(PAGE_TEXT)
def test_unwrap_only_changes_whitespace_and_rejoined_hyphens(page):
    """Unwrapping never alters, adds or drops a visible character, except a re-joined word's hyphen."""
    out = unwrap(page)
    assert _only_hyphens_removed(page, out)
    assert out == out.strip() and "\n\n\n" not in out
    assert all(line == line.strip() for line in out.split("\n"))


@given(PAGE_TEXT)
def test_unwrap_keeps_every_paragraph_break(page):
    """Blank lines separate paragraphs before and after: lines are joined only within a paragraph."""
    assert _paragraphs(unwrap(page)) == _paragraphs(page)
    assert len(unwrap(page).splitlines()) <= len(page.splitlines())


@given(st.lists(st.text(max_size=30), max_size=6))
def test_page_starts_point_at_each_page(pages):
    """page_starts_of gives where each page begins in the pages joined by a blank line."""
    text, starts = "\n\n".join(pages), page_starts_of(pages)
    assert [text[s : s + len(p)] for s, p in zip(starts, pages)] == pages


@given(PAGE_TEXT)
def test_leaving_out_entries_only_drops_whole_lines(page):
    """Protects exactness: what stays of a page is its lines, whole and in order."""
    kept = without_leader_entries(page).splitlines()
    lines = iter(page.splitlines())
    assert all(any(line == k for line in lines) for k in kept)


@given(st.lists(PAGE_TEXT, min_size=1, max_size=5))
def test_leaving_out_running_lines_only_drops_a_pages_first_or_last_line(pages):
    """Protects exactness: what stays of a page is its lines, whole and in order, less at most its first and last."""
    running = running_lines(pages * 3)  # each page three times: its first and last lines run
    for page in pages:
        kept = without_running_lines(page, running).splitlines()
        lines = iter(page.splitlines())
        assert all(any(line == k for line in lines) for k in kept)
        filled = [line for line in page.splitlines() if line.strip()]
        assert len([k for k in kept if k.strip()]) >= len(filled) - 2


def test_a_hanging_indent_entry_is_a_term_line_and_its_description():
    """Protects answers over PDF manuals (Bash's bashref.pdf): a short term and its description share a line,
    "PPID The process id …", where a longer term ("PROMPT_COMMAND") stands above its own; "What does the PPID
    variable hold?" found no PPID entry. Prose, and a capitalised word of a heading, stay as they are."""
    from rag.ingest.hanging import split_hanging

    page = (
        "When the shell enters posix mode, it sets this variable.\n"
        "PPID The process id of the shell’s parent process. This variable is readonly.\n"
        "PROMPT_COMMAND\nIf this variable is set, its value is executed.\n"
        "globstar If set, the pattern ‘**’ matches all files.\n"
        "--posix Change the behavior of Bash.\n"
        "Readline Key Bindings\nin Bash the keys"
    )
    assert split_hanging(page).split("\n") == [
        "When the shell enters posix mode, it sets this variable.",
        "PPID",
        "The process id of the shell’s parent process. This variable is readonly.",
        "PROMPT_COMMAND",
        "If this variable is set, its value is executed.",
        "globstar",
        "If set, the pattern ‘**’ matches all files.",
        "--posix",
        "Change the behavior of Bash.",
        "Readline Key Bindings",
        "in Bash the keys",
    ]
    prose = "Some prose.\nPPID The process id.\nMore prose."  # no term line alone near: no list of entries
    assert split_hanging(prose) == prose
