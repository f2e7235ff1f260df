"""The index lock: one writer at a time per index folder, across processes, and who is holding it."""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from rag.errors import BadInput, IndexBusy

LOCK = ".lock"  # never deleted: a process waiting on a deleted lock file would lock nothing
log = logging.getLogger("rag")


def this_command() -> str:
    """How this process was started, as a waiting writer names it: `rag index`, `app.py`, `python -c`."""
    argv = [a for a in sys.argv if a] or ["python"]
    prog = "python -c" if argv[0] == "-c" else Path(argv[0]).name
    if argv[0].endswith(os.path.join("rag", "ui", "cli.py")):  # python -m rag.ui.cli
        prog = "rag"
    return f"rag {argv[1]}" if prog == "rag" and len(argv) > 1 else prog


def holder(path: Path) -> str:
    """Who holds the lock of the index in `path`, as recorded in the lock file."""
    try:
        info = json.loads((path / LOCK).read_text(encoding="utf-8"))
        return f"`{info['command']}` (pid {int(info['pid'])})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"


def _open_lock_file(path: Path) -> int:
    try:
        path.mkdir(parents=True, exist_ok=True)
        return os.open(path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except (FileExistsError, NotADirectoryError):
        raise BadInput(f"{path} is a file, not an index folder: give --index a folder") from None


@contextlib.contextmanager
def index_lock(
    path: Path, wait: bool = True, on_busy: Callable[[str], None] | None = None, command: str | None = None
) -> Iterator[None]:
    """Hold the index lock of `path` (created if needed) for the `with` block.

    When another process holds it, say so once through `on_busy` (default: a warning on the "rag"
    logger) and wait, or raise IndexBusy at once when `wait` is False. The lock is an flock: the
    kernel releases it when its holder dies, however it dies.
    """
    with _held(path, command) as take:
        if not take(False):
            who = holder(path)
            if not wait:
                raise IndexBusy(
                    f"index busy: {path} is being changed by {who}; try again when it is done, or wait for it"
                )
            (on_busy or log.warning)(f"index busy: waiting for {who}…")
            take(True)
        yield


@contextlib.contextmanager
def try_index_lock(path: Path) -> Iterator[bool]:
    """Hold the index lock if it is free right now (yields True), else hold nothing (yields False)."""
    with _held(path, None) as take:
        yield take(False)


@contextlib.contextmanager
def _held(path: Path, command: str | None) -> Iterator[Callable[[bool], bool]]:
    """A `take(block)` function that locks the lock file (True once locked); released on exit."""
    fd = _open_lock_file(path)
    locked = False

    def take(block: bool) -> bool:
        nonlocal locked
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if block else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        locked = True
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "command": command or this_command()}).encode(), 0)
        return True

    try:
        yield take
    finally:
        if locked:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
