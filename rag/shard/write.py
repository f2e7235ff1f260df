"""Write one shard: its previous version less the documents that leave, plus new rows, scored with global BM25 stats."""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np

from rag.ingest.chunks import CHUNKER_VERSION
from rag.ingest.readers import EXTRACTOR_VERSION
from rag.models import Document
from rag.shard.layout import Bm25Stats, ShardedManifest, ShardEntry, new_shard_folder
from rag.shard.rows import ShardRows, moved_rows
from rag.shard.stats import corpus_stats
from rag.store.docstore import Overlay
from rag.store.layout import read_state, save_state
from rag.store.manifest import Manifest, read_manifest
from rag.store.state import State


def shard_manifest(top: ShardedManifest) -> Manifest:
    """The manifest of an empty shard of this index."""
    return Manifest(embedder=top.embedder, build=top.build, search=top.search, answer=top.answer, root=top.root)


def shard_state(top: ShardedManifest, gen: Path | None) -> State:
    """A shard's saved State (DamagedIndex naming the file when it does not read), or an empty one."""
    if gen is not None:
        return read_state(gen, read_manifest(gen))
    return State.empty(shard_manifest(top))


def next_manifest(
    old: Manifest, top: ShardedManifest, drop: Collection[str], restamp: Collection[str], rows: ShardRows, chunks: int
) -> Manifest:
    m = old.model_copy(deep=True)
    m.search, m.answer, m.root, m.next_chunk_id = top.search, top.answer, top.root, top.next_chunk_id
    for d in drop:
        m.documents.pop(d, None)
        m.extracted.pop(d, None)
        m.chunked.pop(d, None)
    for doc in rows.docs:
        m.documents[doc.id] = doc.sha256
        m.extracted[doc.id] = EXTRACTOR_VERSION
        m.chunked[doc.id] = CHUNKER_VERSION
    for d in restamp:
        if d in m.documents:
            m.extracted[d] = EXTRACTOR_VERSION
    m.chunks, m.updated = chunks, time.time()
    return m


def id_order(ids: np.ndarray) -> np.ndarray | None:
    """The row order that sorts chunk ids, or None when they are in increasing order already."""
    if len(ids) < 2 or bool(np.all(ids[1:] > ids[:-1])):
        return None
    return np.argsort(ids, kind="stable")


def next_state(
    old: State, top: ShardedManifest, drop: Collection[str], restamp: Collection[str], rows: ShardRows, stats: Bm25Stats
) -> State:
    """The shard's new version: rows of documents in `drop` removed, `rows` added, every row in chunk id order (new
    chunks have ids larger than any kept, moved ones keep theirs), BM25 postings computed with the global `stats`."""
    keep = np.array([d not in drop for d in old.doc_of], dtype=bool)
    ids = np.asarray(rows.ids, np.int64)
    dense = old.dense.copy()
    dense.remove(old.ids[~keep])
    dense.add(rows.matrix(top.embedder.dimension), ids)
    sparse = old.sparse.copy()
    sparse.keep(keep)
    sparse.add(rows.texts, ids)
    all_ids = np.concatenate([old.ids[keep], ids])
    columns = {
        "starts": np.concatenate([old.starts[keep], np.asarray(rows.starts, np.int64)]),
        "ends": np.concatenate([old.ends[keep], np.asarray(rows.ends, np.int64)]),
        "pages": np.concatenate([old.pages[keep], np.asarray(rows.pages, np.int32)]),
    }
    doc_of = [d for d, k in zip(old.doc_of, keep.tolist()) if k] + rows.doc_of
    if (order := id_order(all_ids)) is not None:
        sparse.take(order)
        all_ids, doc_of = all_ids[order], [doc_of[i] for i in order.tolist()]
        columns = {k: v[order] for k, v in columns.items()}
    sparse.build(corpus_stats(stats, sparse.terms))
    removed = {d for d in drop if d in old.docs}
    docs = Overlay(old.docs, {d.id: d for d in rows.docs}, removed)
    return State(
        manifest=next_manifest(old.manifest, top, drop, restamp, rows, len(all_ids)),
        docs=docs,
        ids=all_ids,
        doc_of=doc_of,
        dense=dense,
        sparse=sparse,
        **columns,
    )


def write_shard(
    ix: Path,
    index: int,
    top: ShardedManifest,
    gen: str | None,
    drop: Collection[str],
    restamp: Collection[str],
    rows: ShardRows,
    stats: Bm25Stats,
    moved_in: Sequence[tuple[str, Mapping[str, Document]]] = (),
) -> ShardEntry:
    """Write shard `index`'s new version (from its generation `gen`, None for a new shard) into a new folder under
    `ix`, atomically as any index; returns its manifest entry. The folder counts once the sharded manifest lists it.

    `moved_in` lists documents that move into this shard, as (generation of the shard they leave, old id -> document
    under its new id): their chunks and vectors are copied from there (that shard drops them in its own write)."""
    old = shard_state(top, Path(gen) if gen else None)
    if moved_in:
        rows, new = ShardRows(), rows
        rows.extend(new)
        for source, moves in moved_in:
            src = old if source == gen else shard_state(top, Path(source))
            rows.extend(moved_rows(src, moves, top.build.title_prefix))
    state = next_state(old, top, set(drop), set(restamp), rows, stats)
    folder = new_shard_folder(ix, index)
    saved = save_state(folder, state)
    return ShardEntry(
        name=folder.name,
        generation=saved.name,
        documents=len(state.docs),
        chunks=len(state.ids),
        dense=state.dense.kind,
    )
