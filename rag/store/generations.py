"""An index on disk: generations written aside, marked complete, and switched in by one atomic rename."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from rag.errors import DamagedIndex

CURRENT = "CURRENT"  # names the committed generation folder
COMPLETE = "COMPLETE"  # written last in a generation: {"files": {relative path: size}}
GENERATION = re.compile(r"gen-\d+-\d+")
# What every generation holds: one made before COMPLETE markers counts as complete when all are there.
REQUIRED = ("manifest.json", "documents.jsonl", "chunks.npz", "chunk_docs.json", "dense.faiss")


def rebuild_advice(path: Path) -> str:
    return f"rebuild with `rag index DOCS --index {path} --rebuild`"


@contextlib.contextmanager
def damaged_file(file: Path) -> Iterator[None]:
    """Turn a failure to read `file`, a file of a generation folder, into DamagedIndex naming it."""
    try:
        yield
    except DamagedIndex:
        raise
    except (OSError, ValueError, RuntimeError, KeyError, EOFError, zipfile.BadZipFile) as e:
        what = "missing" if isinstance(e, FileNotFoundError) else " ".join(f"{type(e).__name__}: {e}".split())[:200]
        raise DamagedIndex(f"index damaged: {file} ({what}); {rebuild_advice(file.parent.parent)}") from e


def read_pointer(path: Path) -> str | None:
    """The generation CURRENT names, or None when there is no CURRENT."""
    try:
        name = (path / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise DamagedIndex(f"index damaged: {path / CURRENT} ({e}); {rebuild_advice(path)}") from None
    if not GENERATION.fullmatch(name):
        raise DamagedIndex(
            f"index damaged: {path / CURRENT} names {name[:80]!r}, not a generation folder; {rebuild_advice(path)}"
        )
    return name


def pointer_stamp(path: Path) -> tuple[int, int, int] | None:
    """CURRENT's (inode, mtime, size): a cheap way to notice that another process committed."""
    try:
        st = os.stat(path / CURRENT)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def current_dir(path: Path) -> Path | None:
    """The generation folder CURRENT points at, or None for a folder without CURRENT."""
    name = read_pointer(path)
    if name is None:
        return None
    gen = path / name
    if not (gen / "manifest.json").is_file():
        raise DamagedIndex(
            f"index damaged: {gen / 'manifest.json'} is missing ({CURRENT} names {name}, which has no manifest); "
            f"{rebuild_advice(path)}"
        )
    return gen


def generation_folders(path: Path) -> list[Path]:
    """The committed-or-not generation folders in `path`, oldest first (their names hold the time)."""
    return sorted((p for p in path.iterdir() if GENERATION.fullmatch(p.name) and p.is_dir()), key=lambda p: p.name)


def is_complete(gen: Path) -> bool:
    """True when `gen` was written to the end: its COMPLETE marker lists every file at its size."""
    try:
        files = json.loads((gen / COMPLETE).read_text(encoding="utf-8"))["files"]
        return all((gen / name).stat().st_size == size for name, size in files.items())
    except FileNotFoundError:
        if (gen / COMPLETE).exists():
            return False
        return all((gen / name).is_file() for name in REQUIRED)  # written before markers existed
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def newest_complete(path: Path) -> Path | None:
    """The most recent complete generation in `path`, or None."""
    return next((g for g in reversed(generation_folders(path)) if is_complete(g)), None)


def _fsync_tree(folder: Path) -> None:
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            with open(p, "rb") as f:
                os.fsync(f.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    """Make renames inside `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_marker(folder: Path) -> None:
    files = {p.relative_to(folder).as_posix(): p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()}
    marker = folder / COMPLETE
    marker.write_text(json.dumps({"files": files}), encoding="utf-8")
    with open(marker, "rb") as f:
        os.fsync(f.fileno())
    _fsync_dir(folder)


def set_current(path: Path, name: str) -> None:
    """Point CURRENT at generation `name`, atomically (the commit point)."""
    pointer_tmp = path / f".{CURRENT}.tmp-{os.getpid()}"
    pointer_tmp.write_text(name + "\n", encoding="utf-8")
    with open(pointer_tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(pointer_tmp, path / CURRENT)
    _fsync_dir(path)


def write_generation(path: Path, write: Callable[[Path], None]) -> Path:
    """Write a new generation beside the current one, mark it complete, then switch CURRENT to it.

    The caller holds the index lock (rag.store.lock). A crash at any point leaves CURRENT naming a
    complete generation (the old one until the final rename, the new one after it); what a crash
    leaves behind is removed by the next write.
    """
    stamp = f"gen-{time.time_ns():020d}-{os.getpid()}"
    tmp = path / f".tmp-{stamp}"
    tmp.mkdir(parents=True)
    write(tmp)
    _fsync_tree(tmp)
    _write_marker(tmp)
    final = path / stamp
    os.rename(tmp, final)
    set_current(path, stamp)
    tidy(path)
    return final


def tidy(path: Path) -> None:
    """Remove what earlier writes left behind: every generation but CURRENT's, unfinished ones, stray pointers.

    Only under the index lock, and only while CURRENT names a generation: then no other is needed
    (a missing CURRENT deletes nothing; the newest complete generation is recovered instead).
    """
    keep = read_pointer(path)
    if keep is None or not (path / keep).is_dir():
        return
    for p in path.iterdir():
        stale_gen = GENERATION.fullmatch(p.name) and p.name != keep
        if stale_gen or p.name.startswith((".tmp-gen-", f".{CURRENT}.tmp-")):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
