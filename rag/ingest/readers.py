"""Read one file into a Document: decode text, HTML and PDF, or say why the file is skipped."""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from rag.ingest.files import SUPPORTED, doc_id_for, find_files, os_detail, unsupported_reason
from rag.models import Document, Skipped

TITLE_MAX = 200

_SKIP_TAGS = frozenset({"script", "style", "head", "noscript", "template", "svg"})
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "hr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
        "section", "article", "header", "footer", "table", "ul", "ol", "dl", "dt",
        "dd", "pre", "blockquote", "main", "nav", "aside", "figure", "figcaption",
        "form", "fieldset", "address", "details", "summary", "caption", "body", "html",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class SkipFile(Exception):
    """Raised with a human reason when a file cannot be indexed."""


# ---------------------------------------------------------------- decoding


def _decode_error(e: UnicodeDecodeError, encoding: str) -> SkipFile:
    bad = e.object[e.start : e.start + 1]
    byte = f"byte 0x{bad[0]:02x} " if bad else ""
    detail = f"{byte}at offset {e.start} ({e.reason})"
    name = "UTF-8" if encoding.startswith("utf-8") else encoding
    return SkipFile(f"not valid {name} text: {detail}; convert it to UTF-8")


def _bom_encoding(raw: bytes) -> str | None:
    return next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)


def _decode(raw: bytes, encoding: str | None = None) -> str:
    """Decode text bytes: a BOM wins, else `encoding` (default UTF-8); NUL bytes mean binary."""
    bom = _bom_encoding(raw)
    if bom is None and b"\x00" in raw:
        raise SkipFile("binary file (contains NUL bytes)")
    enc = bom or encoding or "utf-8"
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as e:
        raise _decode_error(e, enc) from None
    if "\x00" in text:
        raise SkipFile("binary file (contains NUL bytes)")
    return text


def _declared_charset(raw: bytes) -> str | None:
    """The codec named by a <meta charset> near the top of an HTML file, if usable."""
    match = _META_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # A document we could read the meta tag from is ASCII-compatible (as browsers assume).
    return None if name.startswith(("utf-16", "utf-32")) else name


# ---------------------------------------------------------------- titles


def _clip(title: str) -> str:
    return " ".join(title.split())[:TITLE_MAX].strip()


def _first_line(text: str, strip_chars: str = "") -> str:
    for line in text.splitlines():
        line = line.strip().lstrip(strip_chars).strip()
        if line:
            return line
    return ""


def _title(candidate: str | None, text: str, path: Path, strip_chars: str = "") -> str:
    return _clip(candidate or "") or _clip(_first_line(text, strip_chars)) or path.name


# ---------------------------------------------------------------- HTML


class _VisibleText(HTMLParser):
    """Collects visible text (with newlines at block boundaries) and the <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skipping: list[str] = []
        self.in_title = False
        self.title_done = False
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.skipping:  # unclosed <head>
            self.skipping.clear()
        if tag == "title" and "svg" not in self.skipping and not self.title_done:
            self.in_title = True
        if tag in _SKIP_TAGS:
            self.skipping.append(tag)
        elif not self.skipping:
            self._boundary(tag)
            self.pre_depth += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.in_title:
            self.in_title, self.title_done = False, True
        if tag in self.skipping:
            while self.skipping.pop() != tag:
                pass
        elif not self.skipping and tag != "br":
            self._boundary(tag)
            if tag == "pre" and self.pre_depth:
                self.pre_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data if self.pre_depth else re.sub(r"\s+", " ", data))

    def _boundary(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" ")


def _tidy(text: str) -> str:
    """Collapse spaces within lines, strip lines, keep at most one blank line between blocks."""
    lines = (re.sub(r"[ \t\f\v\xa0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_text(html: str) -> tuple[str, str]:
    """(visible text, <title> text) of an HTML string."""
    parser = _VisibleText()
    parser.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    return _tidy("".join(parser.parts)), _clip("".join(parser.title))


def _read_html(raw: bytes, path: Path) -> tuple[str, str]:
    text, title = html_text(_decode(raw, _declared_charset(raw)))
    if not text:
        raise SkipFile("no text content")
    return text, _title(title, text, path)


# ---------------------------------------------------------------- plain text


def _read_plain(raw: bytes, path: Path) -> tuple[str, str]:
    text = _decode(raw)
    if not text.strip():
        raise SkipFile("no text content")
    return text, _title(None, text, path, "#" if path.suffix.lower() == ".md" else "")


# ---------------------------------------------------------------- PDF


def _open_pdf(raw: bytes):  # -> pypdf.PdfReader
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as e:
            raise SkipFile(f"PDF is encrypted ({type(e).__name__}: {e})") from None
        if not ok:
            raise SkipFile("PDF is encrypted")
    return reader


def _pdf_title(reader) -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:
        return ""
    return _clip(title) if isinstance(title, str) else ""


def _read_pdf(raw: bytes, path: Path) -> tuple[str, str, list[int]]:
    try:
        reader = _open_pdf(raw)
        pages = [(page.extract_text() or "").replace("\x00", "").rstrip() for page in reader.pages]
        meta_title = _pdf_title(reader)
    except SkipFile:
        raise
    except Exception as e:
        detail = str(e).strip() or type(e).__name__
        raise SkipFile(f"could not read PDF: {detail}") from None
    if not pages:
        raise SkipFile("PDF has no pages")
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 2
    text = "\n\n".join(pages)
    if not text.strip():
        raise SkipFile("PDF has no extractable text (scanned images?)")
    return text, _title(meta_title, text, path), starts


# ---------------------------------------------------------------- public


def read_document(path: Path, doc_id: str) -> Document:
    """Read one supported file into a Document, or raise SkipFile with the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise SkipFile(unsupported_reason(path))
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise SkipFile(f"could not read file: {os_detail(e)}") from None
    if not raw:
        raise SkipFile("empty file")
    page_starts: list[int] = []
    if suffix == ".pdf":
        text, title, page_starts = _read_pdf(raw, path)
    elif suffix in (".html", ".htm"):
        text, title = _read_html(raw, path)
    else:
        text, title = _read_plain(raw, path)
    return Document(
        id=doc_id,
        title=title,
        source=str(path.absolute()),
        sha256=hashlib.sha256(raw).hexdigest(),
        text=text,
        page_starts=page_starts,
    )


def read_or_skip(path: Path, doc_id: str) -> Document | Skipped:
    """The file as a Document, or why it was skipped: one bad file never stops a batch."""
    try:
        return read_document(path, doc_id)
    except SkipFile as e:
        return Skipped(path=str(path), reason=str(e))
    except Exception as e:  # a parser's failure on a malformed file is that file's problem
        return Skipped(path=str(path), reason=f"unexpected error: {type(e).__name__}: {e}")


def load_files(paths: Iterable[str | Path], root: str | Path) -> tuple[list[Document], list[Skipped]]:
    """find_files + read_or_skip for each file."""
    files, skipped = find_files(paths)
    docs: list[Document] = []
    for path in files:
        got = read_or_skip(path, doc_id_for(path, Path(root)))
        (skipped if isinstance(got, Skipped) else docs).append(got)  # type: ignore[arg-type]
    return docs, skipped
