"""A PDF's raw text, page by page: PDFium (Chrome's PDF engine) reads it; pypdf where PDFium cannot open the file.

PDFium places words by their glyphs' positions, as a viewer shows them: pypdf ran the words of a DocBook manual's
justified lines together ("IfyouarenewtoDebianpackaging,donotworry": 2,281 runs of 16 letters or more among the
30,284 words it read of debmake-doc's guide, against 31 of 45,259 with PDFium). A file PDFium cannot open (a broken
cross-reference table pypdf recovers, a catalog without pages) goes to pypdf, which reads it or says why not.
Neither prints anything: pypdf's warnings go into the reason a file is skipped. An underscore LaTeX draws as a rule
is read back (`pdf_rules`), and a table's rows are written as the HTML reader writes them (`pdf_tables`).
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rag.ingest.pdf_rules import page_rules, restore_underscores
from rag.ingest.pdf_tables import page_tables, tabulate
from rag.ingest.skip import SkipFile
from rag.ingest.titles import clip_title

ENCRYPTED = (
    "PDF is encrypted (password protected); save an unencrypted copy "
    "(e.g. print it to PDF after entering the password) and index that"
)
NO_TEXT = (
    "PDF has no extractable text (scanned images?): it has no text layer; "
    "run OCR on it first (e.g. ocrmypdf) and index the OCR'd copy"
)


# ---------------------------------------------------------------- PDFium

_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one document at a time in this process
# PDFium marks a word hyphenated at a line's end with U+FFFE and joins the lines; the line rule (`pdf.unwrap`)
# decides whether the hyphen stays ("self-contained") or goes ("exam-ple"), so it gets the hyphen and the break back.
_LINE_HYPHEN = "\ufffe"


class _Unopened(Exception):
    """PDFium could not open the file (pypdf may)."""


def page_texts(raw: bytes) -> tuple[list[str], str]:
    """(raw text of each page, lines ending in "\\n"; the metadata title) of a PDF, or SkipFile."""
    try:
        return _pdfium_pages(raw)
    except _Unopened:
        return _pypdf_pages(raw)


def _pdfium_pages(raw: bytes) -> tuple[list[str], str]:
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(raw)
        except pdfium.PdfiumError as e:
            if "password" in str(e).lower():
                raise SkipFile(ENCRYPTED) from None
            raise _Unopened(str(e)) from None
        try:
            pages = [_page_text(pdf, i) for i in range(len(pdf))]
            title = pdf.get_metadata_dict().get("Title", "")
        except pdfium.PdfiumError as e:
            raise _Unopened(str(e)) from None
        finally:
            pdf.close()
    return pages, clip_title(title) if isinstance(title, str) else ""


def _page_text(pdf: Any, i: int) -> str:
    page = pdf[i]
    textpage = None
    try:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        if len(text) == textpage.count_chars():  # one character per index: each has its box
            text = restore_underscores(text, textpage.get_charbox, page_rules(page))
        found = page_tables(textpage)
    finally:
        if textpage is not None:
            textpage.close()
        page.close()
    text = tabulate(text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", ""), found)
    return text.replace(_LINE_HYPHEN, "-\n")


# ---------------------------------------------------------------- pypdf


class _Collect(logging.Handler):
    """Keeps the messages logged to it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def quiet_pypdf() -> Iterator[list[str]]:
    """Capture pypdf's log warnings and Python warnings instead of printing them; yields their texts.

    It swaps process-wide logging and warnings state for the duration: read PDFs from one thread at a time."""
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = lambda message, *_args, **_kw: handler.messages.append(str(message))
            yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def read_failure(error: Exception, messages: list[str]) -> str:
    """The skip reason for a PDF pypdf could not read: its error, then what it warned (deduplicated)."""
    detail = str(error).strip() or type(error).__name__
    said = [m.strip() for m in dict.fromkeys(messages) if m.strip() and m.strip() not in detail]
    return f"could not read PDF: {detail}" + (f" ({'; '.join(said)[:300]})" if said else "")


def _open_pdf(raw: bytes) -> Any:  # a pypdf.PdfReader
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as e:
            raise SkipFile(f"{ENCRYPTED} ({type(e).__name__}: {e})") from None
        if not ok:
            raise SkipFile(ENCRYPTED)
    return reader


def _pdf_title(reader: Any) -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:
        return ""
    return clip_title(title) if isinstance(title, str) else ""


def _pypdf_pages(raw: bytes) -> tuple[list[str], str]:
    """`page_texts` by pypdf; its warnings go into a failure's reason, never the console."""
    with quiet_pypdf() as messages:
        try:
            reader = _open_pdf(raw)
            pages = [(page.extract_text() or "").replace("\x00", "") for page in reader.pages]
            return pages, _pdf_title(reader)
        except SkipFile:
            raise
        except Exception as e:
            raise SkipFile(read_failure(e, messages)) from None
