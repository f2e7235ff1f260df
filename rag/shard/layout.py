"""A sharded index on disk: ordinary index folders as shards, and the manifest listing them, committed as one generation."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from rag.errors import DamagedIndex, IncompatibleIndex
from rag.store.generations import damaged_file, is_complete, read_pointer, rebuild_advice, write_generation
from rag.store.manifest import BaseManifest

SHARDS = "shards"  # the folder of the shard folders; its presence makes a folder a sharded index
MANIFEST = "shards.json"  # the manifest, in each top-level generation
STAGING = ".staging-"  # names of the folders of an update's embedded passages, kept until a commit (rag.shard.staged)
FORMAT_VERSION = 1


class ShardEntry(BaseModel):
    """One shard: an ordinary index folder under shards/, pinned to the generation this manifest commits."""

    name: str
    generation: str
    documents: int = 0
    chunks: int = 0
    dense: str = Field(default="exact", description="The shard's dense search: exact, or ivf past the exact limit.")


class Bm25Stats(BaseModel):
    """BM25 statistics of a corpus: rows holding each term, rows and tokens (all shards score with the global ones)."""

    rows: int = 0
    tokens: int = 0
    df: dict[str, int] = Field(default_factory=dict)

    @property
    def mean_length(self) -> float:
        return self.tokens / self.rows if self.rows else 0.0


class ShardedManifest(BaseManifest):
    """What a sharded index holds and how it was made: its shards, embedder, settings and global BM25 statistics."""

    format_version: int = FORMAT_VERSION  # the sharded layout's own version
    kind: Literal["sharded"] = "sharded"
    shards: list[ShardEntry] = Field(default_factory=list)
    bm25: Bm25Stats = Field(default_factory=Bm25Stats)
    updated: float = Field(default_factory=time.time)


def is_sharded(path: str | Path) -> bool:
    """True for a folder holding a sharded index (committed, or being built for the first time)."""
    return (Path(path) / SHARDS).is_dir()


def read_sharded(path: Path) -> tuple[str, ShardedManifest] | None:
    """(generation name, manifest) of the committed sharded index in `path`; None before its first commit."""
    name = read_pointer(path)
    if name is None:
        return None
    file = path / name / MANIFEST
    with damaged_file(file):
        manifest = ShardedManifest.model_validate_json(file.read_bytes())
    if manifest.format_version != FORMAT_VERSION:
        raise IncompatibleIndex(
            f"sharded index {path} has format version {manifest.format_version}, this rag reads {FORMAT_VERSION}; "
            f"{rebuild_advice(path)}"
        )
    return name, manifest


def shard_generation(path: Path, entry: ShardEntry, index: int | None = None) -> Path:
    """The committed generation folder of a shard; DamagedIndex naming the shard when it is missing or incomplete."""
    gen = path / SHARDS / entry.name / entry.generation
    if not gen.is_dir() or not is_complete(gen):
        what = "missing" if not gen.is_dir() else "incomplete"
        which = f"shard {index} ({entry.name})" if index is not None else f"shard {entry.name}"
        raise DamagedIndex(f"index damaged: {which} of {path} is {what}: {gen}; {rebuild_advice(path)}")
    return gen


def new_shard_folder(path: Path, index: int) -> Path:
    """A fresh, unused folder name for a new version of shard `index` (written once, never changed)."""
    return path / SHARDS / f"s{index:03d}-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"


def staging_folder(path: Path) -> Path:
    """A fresh folder for an update's embedded parts (removed by the next commit; an interrupted update's are kept)."""
    folder = path / SHARDS / f"{STAGING}{time.time_ns():020d}-{os.getpid()}"
    folder.mkdir(parents=True)
    return folder


def commit(path: Path, manifest: ShardedManifest) -> Path:
    """Make `manifest` the index's committed one (atomically: one rename), then remove the shards it no longer lists.

    The caller holds the index lock. A crash before the rename leaves the previous index whole.
    """

    def write(folder: Path) -> None:
        (folder / MANIFEST).write_text(manifest.model_dump_json(indent=1), encoding="utf-8")

    gen = write_generation(path, write)
    tidy_shards(path, {e.name for e in manifest.shards})
    return gen


def tidy_shards(path: Path, keep: set[str], staged: bool = False) -> None:
    """Remove the shard folders that the committed manifest does not list, and the staging folders unless `staged`
    (what interrupted updates embedded, for the next run to reuse); under the lock."""
    folder = path / SHARDS
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.name not in keep and not (staged and p.name.startswith(STAGING) and p.is_dir()):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
