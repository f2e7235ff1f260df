"""Find the files to index under folders and name them by id; unsupported ones are reported."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rag.ingest.docx import LEGACY_DOC
from rag.models import Skipped

SUPPORTED: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})
_SUPPORTED_LIST = ", ".join(sorted(SUPPORTED))
# Formats people often have, with what to do about them.
ADVICE = {
    ".doc": LEGACY_DOC,
    ".rtf": "RTF is not supported; save it as .docx or PDF",
    ".odt": "OpenDocument text is not supported; save it as .docx or PDF",
}


def os_detail(e: OSError) -> str:
    return e.strerror or str(e)


def unsupported_reason(path: Path) -> str:
    """The reason given for a file whose suffix is not one we read."""
    if not path.suffix:
        return f"unsupported file type (no extension; supported: {_SUPPORTED_LIST})"
    if path.suffix.lower() in ADVICE:
        return f"{ADVICE[path.suffix.lower()]} (supported: {_SUPPORTED_LIST})"
    return f"unsupported file type '{path.suffix.lower()}' (supported: {_SUPPORTED_LIST})"


def _is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    """Files under `folder`, sorted, skipping hidden entries and symlinked folders."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as e:
        yield Skipped(path=str(folder), reason=f"could not read folder: {os_detail(e)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():
                yield from _walk(entry)
        elif entry.is_file():
            yield entry
        elif entry.is_symlink():
            yield Skipped(path=str(entry), reason="no such file or directory (broken link)")


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders into supported files (resolved, deduplicated, in order)."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for arg in paths:
        path = Path(arg).expanduser().absolute()
        if not path.exists():
            skipped.append(Skipped(path=str(path), reason="no such file or directory"))
            continue
        items = _walk(path) if path.is_dir() else iter([path])
        for item in items:
            if isinstance(item, Skipped):
                skipped.append(item)
            elif not _is_supported(item):
                skipped.append(Skipped(path=str(item), reason=unsupported_reason(item)))
            elif (resolved := item.resolve()) not in seen:
                seen.add(resolved)
                found.append(resolved)
    return found, skipped


def doc_id_for(path: Path, root: Path) -> str:
    """Posix path of `path` relative to `root` if inside it, else the absolute posix path."""
    path, root = Path(path).absolute(), Path(root).absolute()
    for p, r in ((path, root), (path.resolve(), root.resolve())):
        if p == r:
            return p.name
        if p.is_relative_to(r):
            return p.relative_to(r).as_posix()
    return path.as_posix()
