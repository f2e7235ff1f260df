"""Passages an update embedded, staged aside until it commits: a re-run of an interrupted update takes them again."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.embed.model import TextEmbedder
from rag.ingest.readers import EXTRACTOR_VERSION
from rag.models import Document
from rag.settings import BuildSettings
from rag.shard.layout import SHARDS, STAGING, staging_folder
from rag.store.manifest import EmbedderInfo

STAGED = ("doc_ids", "keys", "ns", "vectors")  # what a staged part holds for reuse, one row per embedded passage


def identity(embedder: EmbedderInfo, build: BuildSettings) -> str:
    """What a passage's vector depends on besides its document: the embedder, the build settings (chunking, title
    prefix) and the extraction."""
    return json.dumps([embedder.model_dump(), build.model_dump(), EXTRACTOR_VERSION], sort_keys=True)


def doc_key(ident: str, doc: Document) -> str:
    """The key of a document's staged passages: its file's bytes (sha256), read to the same text, chunked and
    embedded as `ident` says. Passage n of a document with this key has the same text, so the same vector."""
    return hashlib.sha256(f"{ident}\n{doc.model_dump_json()}".encode()).hexdigest()


def read_part(path: str | Path, columns: Sequence[str] = STAGED) -> dict[str, np.ndarray] | None:
    """A staged part's arrays; None for one that does not read whole (a write cut short, an older layout)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            if not set(STAGED) <= set(z.files):
                return None
            return {c: z[c] for c in columns}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return None


def write_part(base: str | Path, table: dict[str, Any]) -> None:
    """Write `table` as `base`.npz: aside, then renamed (a part is there whole or not at all)."""
    with open(f"{base}.tmp.npz", "wb") as f:
        np.savez(f, **table)
    os.replace(f"{base}.tmp.npz", f"{base}.npz")


def staged_parts(ix: Path) -> dict[str, list[str]]:
    """The parts earlier, uncommitted updates of `ix` staged, by the ids of the documents they hold passages of."""
    found: dict[str, list[str]] = {}
    for f in sorted((ix / SHARDS).glob(f"{STAGING}*/*.npz")):
        table = None if f.name.endswith(".tmp.npz") else read_part(f, ("doc_ids",))
        for d in np.unique(table["doc_ids"]).tolist() if table is not None else []:
            found.setdefault(str(d), []).append(str(f))
    return found


def staged_vectors(
    keys: Sequence[str] | np.ndarray, ns: Sequence[int] | np.ndarray, parts: Iterable[str], dimension: int
) -> tuple[np.ndarray, np.ndarray]:
    """The vectors `parts` hold for passages (document key, passage number): (found, one bool per passage; vectors,
    zero where not found)."""
    want: dict[tuple[str, int], list[int]] = {}
    for i, (k, n) in enumerate(zip(keys, ns)):
        want.setdefault((str(k), int(n)), []).append(i)
    found, vectors = np.zeros(len(keys), bool), np.zeros((len(keys), dimension), np.float32)
    for p in dict.fromkeys(parts):
        table = read_part(p) if want else None
        if table is None or table["vectors"].shape[1:] != (dimension,):
            continue
        for j, (k, n) in enumerate(zip(table["keys"].tolist(), table["ns"].tolist())):
            for i in want.pop((str(k), int(n)), []):
                found[i], vectors[i] = True, table["vectors"][j]
    return found, vectors


class Staging:
    """An update run in this process: the passages earlier, uncommitted runs staged, and this run's, staged batch by
    batch in a folder of its own (made at the first batch)."""

    def __init__(self, ix: Path, ident: str, dimension: int):
        self.ix, self.ident, self.dimension = ix, ident, dimension
        self.earlier = staged_parts(ix)
        self.folder: Path | None = None
        self.written = 0

    def vectors(self, embedder: TextEmbedder, texts: list[str], docs: list[Document], counts: list[int],
                progress: Callable[[int], None] | None = None) -> tuple[np.ndarray, int]:  # fmt: skip
        """The vectors of a batch's passages (`counts[i]` of them from `docs[i]`, in order): those staged earlier
        taken, the others embedded and staged. Returns them and how many were embedded."""
        doc_ids = [d.id for d, c in zip(docs, counts) for _ in range(c)]
        keys = [k for d, c in zip(docs, counts) for k in [doc_key(self.ident, d)] * c]
        ns = [n for c in counts for n in range(c)]
        parts = [p for d in docs for p in self.earlier.get(d.id, [])]
        found, vectors = staged_vectors(keys, ns, parts, self.dimension)
        if progress is not None and found.any():
            progress(int(found.sum()))
        todo = np.flatnonzero(~found)
        if len(todo):
            vectors[todo] = embedder.encode([texts[i] for i in todo.tolist()], progress=progress)
            self.folder = self.folder or staging_folder(self.ix)
            self.written += 1
            table = {"doc_ids": np.array(doc_ids, dtype=str)[todo], "keys": np.array(keys, dtype=str)[todo],
                     "ns": np.array(ns, np.int64)[todo], "vectors": vectors[todo]}  # fmt: skip
            write_part(self.folder / f"part-{self.written:06d}", table)
        return vectors, len(todo)
