"""An index on disk: generations written aside and switched in by one atomic rename."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from rag.errors import DamagedIndex

CURRENT = "CURRENT"


def current_dir(path: Path) -> Path | None:
    """The generation folder CURRENT points at, or None for a folder with no index yet."""
    pointer = path / CURRENT
    if not pointer.is_file():
        return None
    gen = path / pointer.read_text(encoding="utf-8").strip()
    if not (gen / "manifest.json").is_file():
        raise DamagedIndex(
            f"{path} is damaged: {CURRENT} names {gen.name}, which has no manifest. "
            f"Delete {path} and index your documents again."
        )
    return gen


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """One writer at a time per index folder, across processes."""
    path.mkdir(parents=True, exist_ok=True)
    with open(path / ".lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


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


def write_generation(path: Path, write: Callable[[Path], None]) -> Path:
    """Write a new generation beside the current one, then switch CURRENT to it atomically.

    A crash at any point leaves CURRENT naming a complete generation (the old one until the
    final rename, the new one after it). Older generations and leftovers are removed afterwards.
    """
    with locked(path):
        stamp = f"gen-{time.time_ns():020d}-{os.getpid()}"
        tmp = path / f".tmp-{stamp}"
        tmp.mkdir(parents=True)
        write(tmp)
        _fsync_tree(tmp)
        final = path / stamp
        os.rename(tmp, final)
        pointer_tmp = path / f".{CURRENT}.tmp-{os.getpid()}"
        pointer_tmp.write_text(stamp + "\n", encoding="utf-8")
        with open(pointer_tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(pointer_tmp, path / CURRENT)  # the commit point
        _fsync_dir(path)
        _remove_stale(path, keep=stamp)
        return final


def _remove_stale(path: Path, keep: str) -> None:
    for p in path.iterdir():
        if p.name != keep and (p.name.startswith("gen-") or p.name.startswith(".tmp-gen-")):
            shutil.rmtree(p, ignore_errors=True)
