"""Read one file into a Document (text, HTML, Markdown, PDF, Word), or say why the file is skipped."""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import stat
import zlib
from collections.abc import Iterable
from pathlib import Path

from rag.ingest.decode import UTF8, decode
from rag.ingest.docx import read_docx
from rag.ingest.files import (
    MB,
    doc_id_for,
    find_files,
    format_of,
    is_gzipped,
    is_supported,
    max_file_mb,
    os_detail,
    size_reason,
    special_reason,
    unsupported_reason,
)
from rag.ingest.html import html_text
from rag.ingest.markdown import markdown_text
from rag.ingest.pdf import read_pdf
from rag.ingest.redirects import REDIRECT_TEXT, redirect_target
from rag.ingest.rst import rst_text
from rag.ingest.skip import REDIRECT, SkipFile
from rag.ingest.titles import clip_title
from rag.models import Document, Skipped

EXTRACTOR_VERSION = 44  # raise whenever a change to reading makes a file's text differ: indexes re-read their files
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
NOTICE_BYTES = 4 * MB  # files this big are announced while read (`rag index` shows the notice)
log = logging.getLogger(__name__)


# Readers that write a line break only where the layout has one (HTML's items, rows and <br>; Markdown, rendered
# first, likewise; a .docx's list items and soft breaks): there a line ends a sentence. A .txt file's lines may
# be wrapped prose (and a PDF's, where unwrapping guessed wrong).
LINE_BLOCK_FORMATS = frozenset({".html", ".md", ".rst", ".docx"})


def lines_are_blocks(source: str) -> bool:
    """Whether each line of the text read from `source` (a file name or path) is a block of its own."""
    return format_of(source) in LINE_BLOCK_FORMATS


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


def _first_line(text: str) -> str:
    """The first line with a letter or a digit: not a rule over a title ("======" over lighttpd's "Access")."""
    return next((line.strip() for line in text.splitlines() if any(c.isalnum() for c in line)), "")


def _title(candidate: str | None, text: str, path: Path) -> str:
    return clip_title(candidate or "") or clip_title(_first_line(text)) or path.name


def _read_text(raw: bytes, path: Path, kind: str) -> tuple[str, str, str]:
    """(text, title, encoding) of an HTML, Markdown, reStructuredText or plain text file (`kind`: its `format_of`)."""
    if kind == ".html":
        source, encoding = decode(raw, _declared_charset(raw))
        text, title = html_text(source)
        if (target := redirect_target(source)) and len(text.strip()) <= REDIRECT_TEXT:
            raise SkipFile(REDIRECT.format(target=target))
    elif kind == ".md":
        source, encoding = decode(raw)
        text, title = markdown_text(source)
    elif kind == ".rst":
        source, encoding = decode(raw)
        text, title = rst_text(source)
    else:
        text, encoding = decode(raw)
        title = ""
    if not text.strip():
        raise SkipFile("no text content")
    return text, _title(title, text, path), encoding


# ---------------------------------------------------------------- public


def _checked(st: os.stat_result, limit_mb: float) -> None:
    """Raise SkipFile unless `st` is a regular file within the size limit."""
    if not stat.S_ISREG(st.st_mode):
        raise SkipFile(special_reason(st.st_mode))
    if reason := size_reason(st.st_size, limit_mb):
        raise SkipFile(reason)


def read_file(path: Path, limit_mb: float | None = None) -> bytes:
    """The bytes of a regular file of at most `limit_mb` MB (default: max_file_mb()), else SkipFile.

    A FIFO, device or socket is refused from its status without being opened; the file is then
    opened without blocking and checked again, so one swapped in meanwhile cannot hang the read.
    """
    limit = max_file_mb(limit_mb)
    try:
        _checked(path.stat(), limit)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            _checked(st, limit)
            if st.st_size >= NOTICE_BYTES:
                log.info("reading %s (%.1f MB)", path, st.st_size / MB)
            raw = f.read(int(limit * MB) + 1)  # never more than the limit, even if the file grows meanwhile
    except OSError as e:
        raise SkipFile(f"could not read file: {os_detail(e)}") from None
    if reason := size_reason(len(raw), limit):
        raise SkipFile(reason)
    return raw


def gunzipped(raw: bytes, limit_mb: float) -> bytes:
    """The bytes a gzipped file holds, at most `limit_mb` MB of them, else SkipFile."""
    unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip's header and trailer
    try:
        out = unzip.decompress(raw, int(limit_mb * MB) + 1)
    except zlib.error as e:
        raise SkipFile(f"not a valid gzip file ({e}); gunzip it to see why") from None
    if reason := size_reason(len(out), limit_mb):
        raise SkipFile(f"{reason} (decompressed)")
    return out


def read_document(path: Path, doc_id: str, limit_mb: float | None = None) -> Document:
    """Read one supported file into a Document, or raise SkipFile with the reason."""
    path = Path(path)
    if not is_supported(path):
        raise SkipFile(unsupported_reason(path))
    kind = format_of(path)
    raw = read_file(path, limit_mb)
    digest = hashlib.sha256(raw).hexdigest()  # the file's bytes, as updates compare them: a .gz file's, not its text's
    if is_gzipped(path):
        raw = gunzipped(raw, max_file_mb(limit_mb))
    if not raw:
        raise SkipFile("empty file")
    page_starts: list[int] = []
    encoding = UTF8
    if kind == ".pdf":
        text, title, page_starts = read_pdf(raw, path)
    elif kind == ".docx":
        text, title = read_docx(raw, path)
    else:
        text, title, encoding = _read_text(raw, path, kind)
    return Document(
        id=doc_id,
        title=title,
        source=str(path.absolute()),
        sha256=digest,
        text=text,
        page_starts=page_starts,
        encoding="" if encoding == UTF8 else encoding,
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
