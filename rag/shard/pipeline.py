"""Run an update of a sharded index as a Ray Data job: read and chunk by tasks, embed by an actor pool, write shards."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rag.errors import RagError
from rag.models import Document, Progress, Skipped
from rag.shard.actors import unwrap
from rag.shard.cluster import RayOptions, cluster_cpus, connect
from rag.shard.layout import Bm25Stats, ShardedManifest, ShardEntry, staging_folder
from rag.shard.parts import (
    HEADS,
    Embed,
    count_batch,
    first_ids,
    number,
    pending_items,
    read_chunk,
    read_parts,
    rows_between,
    write_parts,
)
from rag.shard.plan import Plan
from rag.shard.staged import identity, staged_parts
from rag.shard.stats import kept_counts_at, merged
from rag.shard.update import Current, Outcome, must_write
from rag.shard.write import write_shard

POLL_SECONDS = 0.5


class Counter:
    """Passages embedded so far across the cluster, and when (the embedding actors add to it; the driver reads it)."""

    def __init__(self) -> None:
        self.done, self.busy, self.first, self.last = 0, 0.0, float("inf"), 0.0
        self.reused = 0

    def add(self, n: int, start: float, end: float) -> None:
        """`n` passages embedded by one actor between `start` and `end` (wall-clock seconds)."""
        self.done += n
        self.busy += end - start
        self.first, self.last = min(self.first, start), max(self.last, end)

    def reuse(self, n: int) -> None:
        """`n` passages taken from what an interrupted run staged, not embedded."""
        self.done += n
        self.reused += n

    def value(self) -> int:
        return self.done

    def timings(self) -> dict[str, float]:
        """Seconds from the first batch's start to the last one's end, and summed over actors (their busy time)."""
        return {"embedding_s": max(0.0, self.last - self.first), "embed_busy_s": self.busy,
                "embedded": self.done - self.reused}  # fmt: skip


@contextmanager
def polling(counter: Any, total: int, progress: Progress | None) -> Iterator[None]:
    """Feed `progress(done, total)` from the cluster-wide counter while the job runs (a retried batch may count twice)."""
    import ray

    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(POLL_SECONDS):
            if progress is not None:
                progress(min(total - 1, ray.get(counter.value.remote())), total)

    thread = threading.Thread(target=poll, daemon=True)
    if progress is not None and total:
        progress(0, total)
        thread.start()
    try:
        yield
    finally:
        stop.set()
        if thread.is_alive():
            thread.join()
        if progress is not None:
            progress(total, total)


def settle_heads(plan: Plan, heads: list[dict[str, Any]]) -> None:
    """The report of what the job read (in update order), and the old versions of read or unreadable files leaving."""
    failed = []
    for h in sorted(heads, key=lambda h: h["order"]):
        doc_id = str(h["doc_id"])
        if h["n"] == -2:
            plan.report.skipped.append(Skipped(path=str(h["path"]), reason=str(h["skipped"])))
            failed.append(doc_id)
            continue
        plan.read(doc_id)
        if h["encoding"]:
            plan.report.decoded[doc_id] = str(h["encoding"])
    plan.failed(failed)


def shard_task(ix: str, index: int, top: str, gen: str | None, drop: list[str], restamp: list[str], parts: list[str],
               stats: Bm25Stats, moved_in: list[tuple[str, dict[str, Document]]]) -> dict[str, Any]:  # fmt: skip
    """Write one shard from its old generation, the parts the job embedded for it and the documents moving into it
    (a Ray task)."""
    manifest = ShardedManifest.model_validate_json(top)
    rows = read_parts(parts, manifest.build.title_prefix, manifest.embedder.dimension)
    return write_shard(Path(ix), index, manifest, gen, drop, restamp, rows, stats, moved_in).model_dump()


def embed_job(ray: Any, plan: Plan, cur: Current, opts: RayOptions, ix: Path, progress: Progress | None):
    """Read, chunk, number, embed and write the plan's documents as parts in a new staging folder (passages an
    interrupted run staged are taken again, not embedded); returns (parts, new stats, next id, timings)."""
    build = cur.top.build
    items = pending_items(plan.pending, staged_parts(ix))
    staging = staging_folder(ix)
    ident = identity(cur.top.embedder, build)
    chunks = (
        ray.data.from_items(items, override_num_blocks=max(1, min(len(items), 4 * cluster_cpus())))
        .map_batches(
            read_chunk, batch_size=opts.read_batch, fn_kwargs={"build": build.model_dump_json(), "ident": ident}
        )
        .materialize()
    )
    heads = chunks.map_batches(rows_between, fn_kwargs={"low": -2, "high": 0, "columns": HEADS}).take_all()
    settle_heads(plan, heads)
    first, next_id = first_ids(heads, len(plan.pending), cur.top.next_chunk_id)
    total = next_id - cur.top.next_chunk_id
    stats = merged(Bm25Stats.model_validate_json(r["stats"]) for r in chunks.map_batches(count_batch).take_all())
    name = f"rag-progress-{uuid.uuid4().hex}"
    counter = ray.remote(num_cpus=0)(Counter).options(name=name).remote()
    actors = opts.concurrency or max(1, cluster_cpus() // opts.threads)
    embedded = (
        chunks.map_batches(rows_between, fn_kwargs={"low": -1, "high": 1 << 62}, num_cpus=0)
        .map_batches(number, fn_kwargs={"first": first}, num_cpus=0)
        .map_batches(
            Embed,
            fn_constructor_kwargs={"backend": opts.backend, "threads": opts.threads, "counter": name},
            batch_size=opts.batch_size,
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=opts.threads,
        )
        .map_batches(write_parts, fn_kwargs={"staging": str(staging)}, num_cpus=0)
    )
    with polling(counter, total, progress):
        parts = embedded.take_all()
    return parts, stats, next_id, ray.get(counter.timings.remote())


def run_ray(ix: Path, cur: Current, plan: Plan, opts: RayOptions, progress: Progress | None = None) -> Outcome:
    """Run `plan` on a Ray cluster: the Ray Data job embeds new documents into parts, then one task per changed shard
    writes its new version (the index folder must be on storage every node reads and writes). A job Ray gives up on
    (its retries spent) is a RagError: nothing was committed, the index is the previous one."""
    ray = connect(opts)
    try:
        return ray_job(ray, ix, cur, plan, opts, progress)
    except ray.exceptions.RayError as e:
        cause = unwrap(e)
        if cause is not e:
            raise cause from e
        what = " ".join(str(e).split())[:300]
        raise RagError(f"the Ray job failed, so nothing changed in {ix} (run the command again): {what}") from e


def ray_job(ray: Any, ix: Path, cur: Current, plan: Plan, opts: RayOptions, progress: Progress | None) -> Outcome:
    t0 = time.perf_counter()
    build = cur.top.build
    parts: list[dict[str, Any]] = []
    new, next_id, timings = Bm25Stats(), cur.top.next_chunk_id, {}
    if plan.pending:
        parts, new, next_id, timings = embed_job(ray, plan, cur, opts, ix, progress)
    t1 = time.perf_counter()
    kept_task = ray.remote(kept_counts_at)
    drops = [sorted(d) for d in plan.drop]
    kept = ray.get([kept_task.remote(g, plan.gone(i), build.bm25_k1, build.bm25_b) for i, g in enumerate(cur.gens)])
    stats = merged([*kept, new])
    top = cur.top.model_copy(update={"next_chunk_id": next_id}).model_dump_json()
    by_shard: dict[int, list[str]] = {}
    for p in parts:
        by_shard.setdefault(int(p["shard"]), []).append(str(p["part"]))
    stats_ref, write, arrivals = ray.put(stats), ray.remote(shard_task), plan.arrivals(cur.gens)
    refs = {
        i: write.remote(
            str(ix), i, top, cur.gens[i], drops[i], sorted(plan.restamp[i]), by_shard.get(i, []), stats_ref, arrivals[i]
        )
        for i in range(plan.shards)
        if must_write(cur, plan, i, i in by_shard or bool(arrivals[i]), stats)
    }
    done = {i: ShardEntry.model_validate(e) for i, e in zip(refs, ray.get(list(refs.values())))}
    entries = [done.get(i, cur.top.shards[i] if i < len(cur.top.shards) else None) for i in range(plan.shards)]
    timings |= {"embed_job_s": t1 - t0, "write_shards_s": time.perf_counter() - t1}
    embedded = sum(int(p["embedded"]) for p in parts)
    return Outcome([e for e in entries if e is not None], stats, next_id, embedded, timings)
