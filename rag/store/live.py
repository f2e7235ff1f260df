"""An index folder as one process sees it: the loaded snapshot, a cheap check for newer commits, and writes under the lock."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rag.errors import BadInput, DamagedIndex, IndexNotFound
from rag.store.generations import (
    CURRENT,
    current_dir,
    generation_folders,
    is_complete,
    newest_complete,
    pointer_stamp,
    read_pointer,
    rebuild_advice,
    set_current,
    tidy,
)
from rag.store.lock import index_lock, try_index_lock
from rag.store.state import State

RETRIES = 20  # loads that may each be overtaken by a writer's commit before a reader gives up
log = logging.getLogger("rag")

Reader = Callable[[Path | None], State]  # the State saved in a generation folder (an empty one for None)


@dataclass(frozen=True)
class Loaded:
    """A snapshot and where it came from: the generation's name, and CURRENT's stamp when it was read."""

    state: State
    generation: str | None
    stamp: tuple[int, int, int] | None


def load(path: Path, read: Reader, create: bool = True, locked: bool = False) -> Loaded:
    """The index committed in `path`, read again (a bounded number of times) when a writer commits
    meanwhile and removes the generation being read. `locked`: the caller holds the index lock."""
    if path.exists() and not path.is_dir():
        raise BadInput(f"{path} is a file, not an index folder: give --index a folder")
    for attempt in range(RETRIES):
        stamp = pointer_stamp(path)  # before the name: a commit in between is noticed by the next check
        name = read_pointer(path) if path.is_dir() else None
        try:
            gen = current_dir(path) if name is not None else recover(path, locked)
            if gen is None and not create:
                raise IndexNotFound(f"no index in {path}: build one with `rag index DOCS --index {path}`")
            return Loaded(read(gen), gen.name if gen else None, stamp)
        except DamagedIndex:
            if attempt == RETRIES - 1 or read_pointer(path) == name:
                raise
    raise AssertionError("unreachable")


def recover(path: Path, locked: bool) -> Path | None:
    """With CURRENT missing: the newest complete generation, CURRENT restored to it when the lock can
    be had; None when there is no generation. Nothing is deleted: a folder whose generations are all
    incomplete is refused."""
    gens = generation_folders(path) if path.is_dir() else []
    if not gens:
        return None
    gen = newest_complete(path)
    if gen is None:
        names = ", ".join(g.name for g in gens[-3:])
        raise DamagedIndex(
            f"index damaged: {path / CURRENT} is missing and no generation folder is complete ({names}); "
            f"{rebuild_advice(path)}"
        )
    with contextlib.nullcontext(True) if locked else try_index_lock(path) as held:
        if held and read_pointer(path) is None and is_complete(gen):
            set_current(path, gen.name)
            log.warning(f"rag: {path / CURRENT} was missing; recovered the newest complete generation, {gen.name}")
        else:
            log.warning(f"rag: {path / CURRENT} is missing; reading the newest complete generation, {gen.name}")
    return gen


class Live:
    """The snapshot of one index folder (or an in-memory index) that this process serves.

    `current()` checks CURRENT's stamp (one stat) and loads a generation another process committed;
    `writing()` holds the index lock from reading the newest generation to committing the next, so
    concurrent writers apply their changes one on top of the other.
    """

    def __init__(self, path: Path | None, read: Reader, create: bool = True):
        self.path, self._read = path, read
        self._swap = threading.Lock()  # replacing the loaded snapshot
        self._write = threading.Lock()  # this process's writers, one at a time (the file lock is per process)
        self._loaded = Loaded(read(None), None, None) if path is None else load(path, read, create)

    def current(self) -> State:
        """The newest committed snapshot (the loaded one while CURRENT is unchanged)."""
        loaded = self._loaded
        if self.path is None or pointer_stamp(self.path) == loaded.stamp:
            return loaded.state
        with self._swap:
            return self._refresh(self.path, locked=False).state

    def _refresh(self, path: Path, locked: bool) -> Loaded:
        stamp, name, loaded = pointer_stamp(path), read_pointer(path), self._loaded
        if name is not None and name == loaded.generation:
            self._loaded = Loaded(loaded.state, name, stamp)
        elif name is not None or loaded.generation is not None or stamp != loaded.stamp:
            self._loaded = load(path, self._read, create=True, locked=locked)
        return self._loaded

    def publish(self, state: State, generation: Path | None) -> None:
        """Serve `state`, just committed as `generation` (None for an in-memory index)."""
        with self._swap:
            stamp = pointer_stamp(self.path) if self.path is not None else None
            self._loaded = Loaded(state, generation.name if generation else None, stamp)

    @contextlib.contextmanager
    def writing(self, wait: bool = True, on_busy: Callable[[str], None] | None = None) -> Iterator[State]:
        """Hold the index lock; yield the newest committed snapshot to change and publish.

        Leftovers of writers killed earlier are removed first. With `wait` False, IndexBusy is raised
        at once when another process is writing.
        """
        with self._write:
            if self.path is None:
                yield self._loaded.state
                return
            with index_lock(self.path, wait, on_busy):
                with self._swap:
                    state = self._refresh(self.path, locked=True).state
                tidy(self.path)
                yield state
