"""Run an update of a sharded index in this process: read, chunk and embed here, write the shards by threads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rag.build.builder import BATCH_CHUNKS, batches, estimate_total
from rag.embed.model import TextEmbedder, load_tokenizer
from rag.models import Document, Progress
from rag.shard.layout import ShardEntry
from rag.shard.plan import Plan
from rag.shard.rows import ShardRows
from rag.shard.staged import Staging, identity
from rag.shard.stats import kept_counts_at, merged, text_counts
from rag.shard.update import Current, Outcome, must_write
from rag.shard.write import write_shard


def pending_documents(plan: Plan) -> Iterator[tuple[Document, int]]:
    """The plan's documents as (document, size): files read one at a time (`FileChanges.documents`), or as given."""
    if plan.changes is not None:
        return plan.changes.documents()
    return ((p.doc, p.size) for p in plan.pending if p.doc is not None)


def embed_here(plan: Plan, next_id: int, build, embedder: TextEmbedder, staging: Staging,
               progress: Progress | None = None, limit: int = BATCH_CHUNKS) -> tuple[list[ShardRows], int, int]:  # fmt: skip
    """Chunk and embed the plan's documents in batches, numbering chunks from `next_id` in the plan's order (as one
    index numbers them); each batch's vectors are staged (`staging`), and those an interrupted run staged are taken
    again. Returns each shard's new rows, the next free chunk id and how many passages were embedded."""
    rows = [ShardRows() for _ in range(plan.shards)]
    done = seen = size_seen = embedded = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, max(done, estimate_total(seen, size_seen, plan.size)))

    for group, spans, size in batches(pending_documents(plan), load_tokenizer(), build, limit):
        texts: list[str] = []
        blocks: list[tuple[int, int]] = []
        for doc, doc_spans in zip(group, spans):
            plan.read(doc.id)
            shard = plan.place(doc.id)
            texts += rows[shard].add(doc, doc_spans, next_id, build.title_prefix)
            blocks.append((shard, len(doc_spans)))
            next_id += len(doc_spans)
        seen, size_seen = seen + len(texts), size_seen + size
        vectors, count = staging.vectors(embedder, texts, group, [len(s) for s in spans], tick)
        embedded += count
        at = 0
        for shard, n in blocks:
            rows[shard].vectors.append(vectors[at : at + n])
            at += n
    if progress is not None:
        progress(done, done)
    return rows, next_id, embedded


def settle_reads(plan: Plan) -> None:
    """After reading a file update: files that no longer read leave, re-read files with unchanged text are restamped."""
    if plan.changes is None:
        return
    plan.failed(plan.changes.failed)
    for d in plan.changes.restamped:
        if d in plan.where:
            plan.restamp[plan.where[d]].add(d)


def run_local(ix: Path, cur: Current, plan: Plan, embedder: TextEmbedder, progress: Progress | None = None,
              limit: int = BATCH_CHUNKS) -> Outcome:  # fmt: skip
    """Run `plan` in this process: embed with `embedder` (`limit` passages a batch, each batch staged), count the
    global BM25 statistics, write changed shards."""
    build = cur.top.build
    staging = Staging(ix, identity(cur.top.embedder, build), cur.top.embedder.dimension)
    rows, next_id, embedded = embed_here(plan, cur.top.next_chunk_id, build, embedder, staging, progress, limit)
    settle_reads(plan)
    kept = [kept_counts_at(g, plan.gone(i), build.bm25_k1, build.bm25_b) for i, g in enumerate(cur.gens)]
    stats = merged(kept + [text_counts(r.texts) for r in rows])
    top = cur.top.model_copy(update={"next_chunk_id": next_id})
    arrivals = plan.arrivals(cur.gens)

    def one(i: int) -> ShardEntry:
        if not must_write(cur, plan, i, bool(rows[i] or arrivals[i]), stats):
            return cur.top.shards[i]
        return write_shard(ix, i, top, cur.gens[i], plan.drop[i], plan.restamp[i], rows[i], stats, arrivals[i])

    with ThreadPoolExecutor(max(1, min(plan.shards, os.cpu_count() or 1))) as pool:
        entries = list(pool.map(one, range(plan.shards)))
    return Outcome(entries, stats, next_id, embedded=embedded)
