"""Emptying an index folder for `--rebuild`: only what rag made goes, and any other folder is refused."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from rag.errors import BadInput
from rag.store.generations import CURRENT, GENERATION
from rag.store.lock import LOCK, index_lock

TEMPORARY = (".tmp-gen-", f".{CURRENT}.tmp-")  # what an interrupted write leaves: names start so


def made_by_rag(name: str) -> bool:
    """True for the entries of an index folder that rag writes: CURRENT, the lock, generations, temporaries, and a
    sharded index's folder of shards (rag.shard.layout.SHARDS)."""
    return name in (CURRENT, LOCK, "shards") or bool(GENERATION.fullmatch(name)) or name.startswith(TEMPORARY)


def foreign_entries(path: Path) -> list[str]:
    """The names in index folder `path` that rag did not make, sorted."""
    return sorted(p.name for p in path.iterdir() if not made_by_rag(p.name))


def check_apart(index: Path, docs: Iterable[str | Path]) -> None:
    """Refuse an index folder that is, or is inside, a documents folder, or that holds documents."""
    ix = Path(index).resolve()
    for d in docs:
        folder = Path(d).resolve()
        if ix == folder or ix.is_relative_to(folder):
            where = "is the documents folder" if ix == folder else f"is inside the documents folder {d}"
            raise BadInput(
                f"the index folder {index} {where}: rebuilding it would delete documents. "
                f"Give --index a folder outside the documents, e.g. --index {folder.parent / (folder.name + '-index')}"
            )
        if folder.is_relative_to(ix):
            raise BadInput(
                f"{d} is inside the index folder {index}: rebuilding the index would delete it. "
                f"Move the documents out of {index}, or give --index another folder."
            )


def refuse_foreign(path: Path) -> None:
    others = foreign_entries(path)
    if others:
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        raise BadInput(
            f"refusing to rebuild {path}: it holds {shown}, which rag did not make (rag deletes only "
            f"its own {CURRENT}, gen-* folders and temporary files). Move those away, or give --index a new folder."
        )


def clear_index(
    path: str | Path, docs: Iterable[str | Path] = (), wait: bool = True, on_busy: Callable[[str], None] | None = None
) -> None:
    """Delete the index in `path` (CURRENT first, then its generations), under the index lock.

    Refused with BadInput, deleting nothing, when `path` is or is inside one of `docs` (or holds
    one), is a file, or holds anything rag did not make (the message lists it). The lock file
    stays: a writer waiting on it must lock the same file as the next one.
    """
    path = Path(path)
    check_apart(path, docs)
    if not path.exists():
        return
    if not path.is_dir():
        raise BadInput(f"{path} is a file, not an index folder: give --index a folder")
    refuse_foreign(path)  # before locking: a refused folder gets no lock file either
    with index_lock(path, wait, on_busy):
        refuse_foreign(path)
        (path / CURRENT).unlink(missing_ok=True)
        for p in path.iterdir():
            if p.name not in (CURRENT, LOCK):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
