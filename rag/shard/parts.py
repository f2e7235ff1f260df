"""The Ray Data job's stages as plain functions of column batches: read and chunk, number, count, embed, write parts."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.embed.model import TextEmbedder, load_tokenizer
from rag.ingest.chunks import chunk_document
from rag.ingest.readers import read_or_skip
from rag.models import Document, Skipped
from rag.settings import BuildSettings
from rag.shard.plan import Pending
from rag.shard.rows import ShardRows, chunk_texts, rows_of
from rag.shard.staged import doc_key, staged_vectors, write_part
from rag.shard.stats import text_counts

Batch = dict[str, Any]  # column name -> numpy array (or list)
INTS = ("order", "shard", "n", "count", "start", "end", "page")
TEXTS = ("doc_id", "text", "doc", "skipped", "path", "encoding", "key", "staged")
HEADS = ("order", "shard", "doc_id", "n", "count", "skipped", "path", "encoding")  # one row per pending document
TABLE = ("ids", "doc_ids", "starts", "ends", "pages", "vectors")  # a part's arrays (rag.shard.rows.rows_of)


def pending_items(pending: Sequence[Pending], staged: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """The job's input: one row per document to read (a path) or given (its JSON), with the parts an interrupted run
    staged passages of it in (`staged_parts`)."""
    return [
        {
            "order": p.order,
            "shard": p.shard,
            "doc_id": p.doc_id,
            "path": p.path,
            "doc": p.doc.model_dump_json() if p.doc else "",
            "staged": "\n".join(staged.get(p.doc_id, [])),
        }
        for p in pending
    ]


def read_chunk(batch: Batch, build: str, ident: str) -> Batch:
    """Read and chunk a batch of documents: one row per chunk (n = 0, 1, ...; the first row carries the document's
    JSON; each its key and staged parts, rag.shard.staged), n = -1 for a document without chunks, n = -2 for a file
    that was skipped (`skipped` says why)."""
    cfg = BuildSettings.model_validate_json(build)
    tokenizer = load_tokenizer()
    out: dict[str, list] = {c: [] for c in INTS + TEXTS}

    def emit(**row: Any) -> None:
        for c in INTS:
            out[c].append(int(row.get(c, 0)))
        for c in TEXTS:
            out[c].append(str(row.get(c, "")))

    for order, shard, doc_id, path, doc, staged in zip(
        batch["order"], batch["shard"], batch["doc_id"], batch["path"], batch["doc"], batch["staged"]
    ):
        head = {"order": order, "shard": shard, "doc_id": doc_id}
        got = Document.model_validate_json(doc) if doc else read_or_skip(Path(path), str(doc_id))
        if isinstance(got, Skipped):
            emit(**head, n=-2, skipped=got.reason, path=got.path)
            continue
        spans = chunk_document(got, tokenizer, cfg.chunking)
        if not spans:
            emit(**head, n=-1, doc=got.model_dump_json(), encoding=got.encoding)
        key = doc_key(ident, got)
        for i, (s, text) in enumerate(zip(spans, chunk_texts(got, spans, cfg.title_prefix))):
            first = {"doc": got.model_dump_json(), "encoding": got.encoding} if i == 0 else {}
            emit(**head, **first, n=i, count=len(spans), start=s.start, end=s.end, page=s.page or 0, text=text,
                 key=key, staged=staged)  # fmt: skip
    return {c: np.array(v, dtype=np.int64 if c in INTS else object) for c, v in out.items()}


def first_ids(heads: Sequence[dict[str, Any]], pending: int, next_id: int) -> tuple[np.ndarray, int]:
    """The first chunk id of each pending document by `order`, numbered in that order as one index numbers them
    (skipped files take none); and the next free id."""
    counts = np.zeros(pending, np.int64)
    for h in heads:
        if h["n"] >= -1:
            counts[int(h["order"])] = int(h["count"])
    starts = next_id + np.concatenate([np.zeros(1, np.int64), np.cumsum(counts)[:-1]])
    return starts, next_id + int(counts.sum())


def number(batch: Batch, first: np.ndarray) -> Batch:
    """Give each chunk row its global chunk id (-1 for a document row without chunks)."""
    n = np.asarray(batch["n"])
    batch["chunk_id"] = np.where(n >= 0, first[np.asarray(batch["order"])] + n, -1)
    return batch


def rows_between(batch: Batch, low: int, high: int, columns: Sequence[str] = ()) -> Batch:
    """The rows with `low <= n <= high` (of `columns` when given): heads are n <= 0, embedded rows n >= -1."""
    n = np.asarray(batch["n"])
    keep = (n >= low) & (n <= high)
    return {c: np.asarray(v)[keep] for c, v in batch.items() if not columns or c in columns}


def count_batch(batch: Batch) -> Batch:
    """The BM25 statistics of a batch's chunk rows, as one row of JSON."""
    texts = [str(t) for t, n in zip(batch["text"], batch["n"]) if n >= 0]
    return {"stats": np.array([text_counts(texts).model_dump_json()], dtype=object)}


def actor_embedder(backend: str | None, threads: int) -> TextEmbedder:
    """The embedder of one actor: int8 with `threads` ONNX sessions, or fp32 with `threads` torch threads."""
    backend = backend or os.environ.get("RAG_EMBEDDER") or "int8"
    if backend == "int8":
        from rag.embed.onnx_backend import OnnxEmbedder

        return OnnxEmbedder(threads=threads)
    import torch

    from rag.embed.factory import load_embedder

    torch.set_num_threads(threads)
    return load_embedder(backend)


class Embed:
    """An actor of the embedding pool: loads one embedder once, then embeds each batch's chunk texts."""

    def __init__(self, backend: str | None, threads: int, counter: str = ""):
        self.embedder = actor_embedder(backend, threads)
        self.embedder.encode(["warm up"])
        self.counter = None
        if counter:  # the named actor counting passages for the driver's progress bar
            import ray

            self.counter = ray.get_actor(counter)

    def __call__(self, batch: Batch) -> Batch:
        """The batch with a vector per row (zero for a document row without chunks): staged ones taken (`reused`),
        the others embedded."""
        n = np.asarray(batch["n"])
        hinted = np.flatnonzero((n >= 0) & (np.asarray(batch["staged"]) != ""))
        parts = [p for s in np.asarray(batch["staged"])[hinted].tolist() for p in str(s).split("\n")]
        found, got = staged_vectors(np.asarray(batch["key"])[hinted], n[hinted], parts, self.embedder.dimension)
        reused = np.zeros(len(n), bool)
        reused[hinted[found]] = True
        vectors = np.zeros((len(n), self.embedder.dimension), np.float32)
        vectors[hinted[found]] = got[found]
        todo = (n >= 0) & ~reused
        if todo.any():
            start = time.time()
            vectors[todo] = self.embedder.encode([str(t) for t in np.asarray(batch["text"])[todo]])
            if self.counter is not None:
                self.counter.add.remote(int(todo.sum()), start, time.time())
        if self.counter is not None and reused.any():
            self.counter.reuse.remote(int(reused.sum()))
        batch["vector"], batch["reused"] = vectors, reused
        return batch


def write_parts(batch: Batch, staging: str) -> Batch:
    """Write a batch's embedded rows as one part per shard (arrays .npz, documents .jsonl, each written aside and
    renamed; the .npz is also a staged part, rag.shard.staged); a retried batch writes the same names again. Returns
    (shard, part, passages embedded rather than reused) rows."""
    shards, names, embedded = [], [], []
    reused = np.asarray(batch["reused"]).astype(bool)
    order, n = np.asarray(batch["order"]), np.asarray(batch["n"])
    for s in np.unique(np.asarray(batch["shard"])).tolist():
        sel = np.asarray(batch["shard"]) == s
        name = f"{s:03d}-{int(order[sel].min()):09d}-{int(n[sel & (order == order[sel].min())].min())}-{int(sel.sum())}"
        base = Path(staging) / name
        live = sel & (n >= 0)
        table = {
            "ids": np.asarray(batch["chunk_id"])[live].astype(np.int64),
            "doc_ids": np.array([str(d) for d in np.asarray(batch["doc_id"])[live]], dtype=str),
            "starts": np.asarray(batch["start"])[live],
            "ends": np.asarray(batch["end"])[live],
            "pages": np.asarray(batch["page"])[live],
            "vectors": np.asarray(batch["vector"])[live].astype(np.float32),
            "keys": np.array([str(k) for k in np.asarray(batch["key"])[live]], dtype=str),
            "ns": n[live].astype(np.int64),
        }
        docs = [str(d) for d in np.asarray(batch["doc"])[sel] if d]
        Path(f"{base}.tmp.jsonl").write_text("".join(d + "\n" for d in docs), encoding="utf-8")
        os.replace(f"{base}.tmp.jsonl", f"{base}.jsonl")
        write_part(base, table)
        shards.append(s)
        names.append(str(base))
        embedded.append(int((live & ~reused).sum()))
    return {"shard": np.array(shards, np.int64), "part": np.array(names, dtype=object),
            "embedded": np.array(embedded, np.int64)}  # fmt: skip


def read_parts(parts: Sequence[str], title_prefix: bool, dimension: int) -> ShardRows:
    """One shard's new rows from the parts the job wrote for it (each document and chunk id once)."""
    docs: list[Document] = []
    tables: list[dict[str, np.ndarray]] = []
    for p in parts:
        with open(f"{p}.jsonl", encoding="utf-8") as f:
            docs += [Document.model_validate_json(line) for line in f if line.strip()]
        with np.load(f"{p}.npz", allow_pickle=False) as z:
            tables.append({k: z[k] for k in TABLE})
    if not tables:
        return ShardRows()
    table = {k: np.concatenate([t[k] for t in tables]) for k in TABLE}
    table["vectors"] = table["vectors"].reshape(-1, dimension)
    return rows_of(docs, table, title_prefix)
