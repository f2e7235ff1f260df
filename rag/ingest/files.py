"""Find the files to index under folders and name them by id; unsupported, special and oversized ones are reported."""

from __future__ import annotations

import errno
import math
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from rag.errors import BadInput
from rag.ingest.docx import LEGACY_DOC
from rag.models import Skipped

# Each file name ending read, and the format it names (the other common endings of Markdown, HTML and text too).
FORMATS: dict[str, str] = {
    ".txt": ".txt",
    ".text": ".txt",
    ".md": ".md",
    ".markdown": ".md",
    ".mdown": ".md",
    ".mkd": ".md",
    ".html": ".html",
    ".htm": ".html",
    ".xhtml": ".html",
    ".pdf": ".pdf",
    ".docx": ".docx",
    ".rst": ".rst",
    ".rest": ".rst",
}
SUPPORTED: frozenset[str] = frozenset(FORMATS)
GZIPPED = ".gz"  # a file of a format read may be gzipped ("configuration.md.gz"): Debian installs most docs so
_SUPPORTED_LIST = ", ".join(sorted(SUPPORTED)) + f"; each also gzipped, {GZIPPED}"
SUPPORTED_NOTE = f"supported: {_SUPPORTED_LIST}"  # ends the reason a file of another type is skipped for
# Plain text by name, without an extension: the files a project's or a Debian package's documentation holds
# ("README", "INSTALL", "NEWS.gz", "README.Debian", "changelog.Debian.gz"; after digits that sort them first, as
# lsof's "00FAQ" and "00README"); not "install.sh".
TEXT_NAMES = frozenset(
    "readme install news changes changelog authors todo hacking thanks bugs faq contributing history credits".split()
)
TEXT_QUALIFIERS = frozenset({"", "debian", "source"})
# Formats people often have, with what to do about them.
ADVICE = {
    ".doc": LEGACY_DOC,
    ".rtf": "RTF is not supported; save it as .docx or PDF",
    ".odt": "OpenDocument text is not supported; save it as .docx or PDF",
    ".adoc": "AsciiDoc is not supported; build its HTML (asciidoctor) and index that",
}


def reading_suffix(path: str | Path) -> str:
    """The ending that says how a file is read, lower-cased: its own; the one before ".gz" (".md" of
    "configuration.md.gz"); ".txt" for a documentation file named by convention (`TEXT_NAMES`: "README",
    "NEWS.gz", "changelog.Debian.gz", "00FAQ.gz"); else its own (".gz" of "data.gz", which names no format)."""
    name = PurePath(path).name.lower()
    inner = name.removesuffix(GZIPPED) if name.endswith(GZIPPED) else name
    suffix = PurePath(inner).suffix
    if suffix in SUPPORTED:
        return suffix
    base, _, qualifier = inner.partition(".")
    if base.lstrip("0123456789") in TEXT_NAMES and qualifier in TEXT_QUALIFIERS:
        return ".txt"
    return PurePath(name).suffix


def is_gzipped(path: str | Path) -> bool:
    """Whether `path` names a gzipped file of a format read ("configuration.md.gz", "NEWS.gz")."""
    return PurePath(path).suffix.lower() == GZIPPED and reading_suffix(path) in SUPPORTED


def is_supported(path: str | Path) -> bool:
    """Whether `path`'s name is of a format read, gzipped or not."""
    return reading_suffix(path) in SUPPORTED


def format_of(path: str | Path) -> str:
    """The format a file's name says it is (".md" for "notes.markdown" and "notes.md.gz"), or its own ending when
    not one read."""
    suffix = reading_suffix(path)
    return FORMATS.get(suffix, suffix)


MB = 1024 * 1024
MAX_FILE_ENV = "RAG_MAX_FILE_MB"  # the largest file read, in MB (also the page's upload limit)
DEFAULT_MAX_FILE_MB = 50.0
# What a path that is neither a file nor a folder is, by its mode; such paths are never opened.
_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)
FolderKey = tuple[int, int]  # (device, inode): one folder however many links lead to it
# What a Sphinx build keeps beside its pages that is no page of its own, by folder name. _sources: each page's
# reStructuredText source, as text (Python's, CMake's manuals: half their files); the pages hold the same text,
# rendered. _modules: the documented modules' code, highlighted (the "viewcode" extension; a third of Requests'
# passages), which Sphinx's own search leaves out too: the API pages document it. _static: the theme's style sheets,
# scripts and fonts, and any notice that came with them (the Source Serif font's ReadMe.html of borg's manual).
SPHINX_MARKS = ("searchindex.js", "objects.inv")
SPHINX_EXTRAS = {
    "_sources": "Sphinx's copies of the pages' sources: the HTML pages beside them are read",
    "_modules": "Sphinx's highlighted copies of the documented code (viewcode): the API pages beside them are read",
    "_static": "Sphinx's theme files (style sheets, scripts, fonts and their notices): no page of the manual",
}
GIVE_ITSELF = " (give this folder itself to read it)"


def os_detail(e: OSError) -> str:
    return e.strerror or str(e)


def real(path: Path) -> Path:
    """`path` with its links resolved as far as they go; never raises, even on a symlink loop."""
    return Path(os.path.realpath(path))


def max_file_mb(value: str | float | None = None) -> float:
    """The size limit per file in MB: `value`, else $RAG_MAX_FILE_MB, else 50."""
    raw = value if value is not None else os.environ.get(MAX_FILE_ENV) or DEFAULT_MAX_FILE_MB
    try:
        mb = float(raw)
    except ValueError:
        raise BadInput(
            f"the file size limit must be a number of MB, not {raw!r} (--max-file-mb or ${MAX_FILE_ENV})"
        ) from None
    if not (math.isfinite(mb) and mb > 0):
        raise BadInput(
            f"the file size limit must be a positive number of MB, not {raw!r} (--max-file-mb or ${MAX_FILE_ENV})"
        )
    return mb


def size_reason(size: int, limit_mb: float) -> str | None:
    """Why a file of `size` bytes is skipped under a limit of `limit_mb`, or None when it is within it."""
    if size <= limit_mb * MB:
        return None
    return (
        f"larger than the {limit_mb:g} MB limit per file ({size / MB:.1f} MB); "
        f"raise it with `rag index --max-file-mb N` or ${MAX_FILE_ENV}"
    )


def special_reason(mode: int) -> str:
    """Why a path that is not a regular file is skipped (it is never opened)."""
    kind = next((name for is_kind, name in _SPECIAL if is_kind(mode)), "a special file")
    return f"not a regular file: {kind}; not read"


def unsupported_reason(path: Path) -> str:
    """The reason given for a file whose suffix is not one we read (".adoc.gz": a gzipped AsciiDoc source)."""
    inner = PurePath(path.stem).suffix.lower() if path.suffix.lower() == GZIPPED else ""
    suffix = inner or path.suffix.lower()  # what a gzipped file holds says what to do: ".adoc" of "index.adoc.gz"
    if not suffix:
        return f"unsupported file type (no extension; {SUPPORTED_NOTE})"
    if suffix in ADVICE:
        return f"{ADVICE[suffix]} ({SUPPORTED_NOTE})"
    return f"unsupported file type '{inner + GZIPPED if inner else suffix}' ({SUPPORTED_NOTE})"


def status(path: Path) -> os.stat_result | str:
    """What `path` leads to (links followed), or why nothing usable is there."""
    try:
        return path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symlink loop (the link leads back to itself); not followed"
        if e.errno in (errno.ENOENT, errno.ENOTDIR):
            return "broken link (its target does not exist)" if path.is_symlink() else "no such file or directory"
        return f"could not open: {os_detail(e)}"


def file_reason(path: Path, st: os.stat_result, limit_mb: float) -> str | None:
    """Why the non-folder `path` (with status `st`) is not read, or None when it is a file to read."""
    if not stat.S_ISREG(st.st_mode):
        return special_reason(st.st_mode)
    if not is_supported(path):
        return unsupported_reason(path)
    return size_reason(st.st_size, limit_mb)


def _listing(folder: Path) -> Iterator[Path] | Skipped:
    """The entries of `folder` in name order, hidden ones left out, or why it cannot be listed."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as e:
        return Skipped(path=str(folder), reason=f"could not read folder: {os_detail(e)}")
    return iter([e for e in entries if not e.name.startswith(".")])


def sphinx_extra(folder: Path) -> str | None:
    """Why `folder` is not read, when it is one of a Sphinx build's `SPHINX_EXTRAS`; else None."""
    why = SPHINX_EXTRAS.get(folder.name)
    if why is None or not any((folder.parent / mark).is_file() for mark in SPHINX_MARKS):
        return None
    return why + GIVE_ITSELF


def _walk(top: Path, key: FolderKey, walked: set[FolderKey], limit_mb: float) -> Iterator[Path | Skipped]:
    """Files to read under the folder `top`, in name order, and the entries skipped on the way.

    A Sphinx build's _sources, _modules and _static folders below `top` are skipped (`SPHINX_EXTRAS`). Links to files and folders are
    followed. A folder already walked (reached again by another link) is not walked twice; a link back into a
    folder being walked is a loop, reported once and not followed.
    """
    walked.add(key)
    first = _listing(top)
    if isinstance(first, Skipped):
        yield first
        return
    stack: list[tuple[FolderKey, Path, Iterator[Path]]] = [(key, top, first)]
    while stack:
        entry = next(stack[-1][2], None)
        if entry is None:
            stack.pop()
            continue
        st = status(entry)
        if isinstance(st, str):
            yield Skipped(path=str(entry), reason=st)
        elif stat.S_ISDIR(st.st_mode):
            sub = (st.st_dev, st.st_ino)
            back = next((where for k, where, _ in stack if k == sub), None)
            if back is not None:
                yield Skipped(path=str(entry), reason=f"symlink loop: leads back to {back}; not followed")
            elif why := sphinx_extra(entry):
                yield Skipped(path=str(entry), reason=why)
            elif sub not in walked:
                walked.add(sub)
                listed = _listing(entry)
                if isinstance(listed, Skipped):
                    yield listed
                else:
                    stack.append((sub, entry, listed))
        elif reason := file_reason(entry, st, limit_mb):
            yield Skipped(path=str(entry), reason=reason)
        else:
            yield entry


def find_files(paths: Iterable[str | Path], limit_mb: float | None = None) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders into the files to read (resolved, deduplicated, in order) and the skipped.

    Only regular files with a supported suffix and at most `limit_mb` MB (default: max_file_mb()) are
    read; FIFOs, devices and sockets are skipped without being opened. One bad entry never stops the rest.
    """
    limit = max_file_mb(limit_mb)
    found: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    walked: set[FolderKey] = set()
    for arg in paths:
        path = Path(arg).expanduser().absolute()
        st = status(path)
        if isinstance(st, str):
            skipped.append(Skipped(path=str(path), reason=st))
            continue
        if stat.S_ISDIR(st.st_mode):
            if (st.st_dev, st.st_ino) in walked:  # given twice, or inside a folder given before
                continue
            items: Iterable[Path | Skipped] = _walk(path, (st.st_dev, st.st_ino), walked, limit)
        else:
            reason = file_reason(path, st, limit)
            items = [Skipped(path=str(path), reason=reason) if reason else path]
        for item in items:
            if isinstance(item, Skipped):
                skipped.append(item)
            elif (resolved := real(item)) not in seen:
                seen.add(resolved)
                found.append(resolved)
    return found, skipped


def doc_id_for(path: Path, root: Path) -> str:
    """Posix path of `path` relative to `root` if inside it, else the absolute posix path."""
    path, root = Path(path).absolute(), Path(root).absolute()
    for p, r in ((path, root), (real(path), real(root))):
        if p == r:
            return p.name
        if p.is_relative_to(r):
            return p.relative_to(r).as_posix()
    return path.as_posix()
