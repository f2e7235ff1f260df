"""The benchmark's `ray` section: indexing throughput plain vs `--ray` (1 and 2 workers), sharded search latency
(`python -m eval.bench_ray`; results in eval/results/ray with their command)."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

import rag  # noqa: F401  (the package's environment defaults, as users get them)
from eval.bench import (
    latency_stats,
    load_embedder,
    log,
    machine,
    squad_dataset,
    squad_questions,
    synthetic_documents,
    synthetic_pool,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "eval" / "results" / "ray"
MODES = ("bm25", "dense", "hybrid")
WARMUP = 3
TEN_MILLION = 10_000_000
SEEDED_NOTE = (
    "Search latency is measured on `synthetic:N` (eval/bench.py: SQuAD and SciFact sentences, seed 0) whose passage "
    "vectors are seeded random unit vectors (a hash of the text seeds each): exact dense search reads every vector "
    "whatever it holds, so latency does not depend on them, and building needs no hours of embedding. Dense search "
    "is exact in every index (BuildSettings(dense_exact_limit=None)), as the sharding invariant is stated for it. "
    "Queries are SQuAD v1.1 dev questions embedded once beforehand: the figures are retrieval, fusion and hits, "
    "the same query embedding (~3 ms) excluded from all."
)


class SeededVectors:
    """Passage vectors that depend on the text only: a unit vector drawn with the text's hash as the seed."""

    def __init__(self, real):
        self.real, self.name, self.dimension, self.backend = real, real.name, real.dimension, f"{real.backend}+seeded"

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(t.encode("utf-8")).digest()[:8], "big")
            v = np.random.default_rng(seed).standard_normal(self.dimension)
            out[i] = v / np.linalg.norm(v)
        if progress is not None and len(texts):
            progress(len(texts))
        return out

    def encode_query(self, query: str) -> np.ndarray:
        return self.real.encode_query(query)


class Clock:
    """A progress callback that remembers when embedding started and ended (the steady rate excludes start-up)."""

    def __init__(self) -> None:
        self.first: float | None = None
        self.last = self.done = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done > 0 and self.first is None:
            self.first = now
        if done > self.done:
            self.done, self.last = done, now


def throughput(name: str, build: Callable[[Clock], tuple[int, dict[str, float]]]) -> dict[str, Any]:
    """Wall time and passages/s of one build, and the steady embedding rate: from the first embedded passage to the
    last (plain), or from the Ray job's first batch to its last, with each actor's busy time (`--ray`)."""
    clock = Clock()
    t = time.perf_counter()
    passages, timings = build(clock)
    wall = time.perf_counter() - t
    row = {"name": name, "passages": passages, "seconds": wall, "per_second": passages / wall, "timings": timings}
    if timings.get("embedding_s"):
        row["steady"] = passages / timings["embedding_s"]
        row["per_worker"] = passages / timings["embed_busy_s"]
    elif clock.first is not None and clock.last > clock.first:
        row["steady"] = row["per_worker"] = clock.done / (clock.last - clock.first)
    log(f"{name}: {passages} passages in {wall:.1f} s")
    return row


def run_indexing(docs_n: int, workers: Sequence[int], batch: int, base: Path) -> dict[str, Any]:
    """Plain `add_documents` vs the Ray Data job on a local runtime (one CPU per embedding actor)."""
    import ray

    from rag.index import Index
    from rag.shard.cluster import RayOptions, connect
    from rag.shard.index import ShardedIndex

    docs = squad_dataset().documents[:docs_n]
    embedder = load_embedder("int8")

    def plain(clock: Clock) -> tuple[int, dict[str, float]]:
        return Index.open(base / "plain", embedder=embedder).add_documents(docs, progress=clock).chunks_embedded, {}

    rows = [throughput(f"plain (one process, {embedder.threads} embedder threads)", plain)]
    connect(RayOptions())  # a local Ray runtime with every CPU of this machine
    for n in workers:
        folder, opts = base / f"ray-{n}", RayOptions(concurrency=n, threads=1, batch_size=batch)

        def job(clock: Clock, folder: Path = folder, opts: RayOptions = opts) -> tuple[int, dict[str, float]]:
            index = ShardedIndex.open(folder, embedder=embedder, shards=2, ray=opts)
            return index.add_documents(docs, progress=clock).chunks_embedded, index.last_timings

        rows.append(throughput(f"--ray, {n} worker{'s' * (n > 1)} (1 CPU each)", job))
    ray.shutdown()
    return {"documents": len(docs), "rows": rows, "projection": projection(rows)}


def projection(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Hours to embed 10M passages on N machines of C CPUs at the measured rate of one 1-CPU worker (its busy time:
    Ray's fixed start-up, about 20 s a job, is left out); and the share of twice that rate two workers kept here."""
    ray_rows = {r["name"]: r for r in rows if r["name"].startswith("--ray") and r.get("steady")}
    one = next((r["per_worker"] for k, r in ray_rows.items() if " 1 worker " in k), None)
    two = next((r["steady"] for k, r in ray_rows.items() if " 2 workers " in k), None)
    if one is None:
        return {}
    table = {f"{n} x {c} CPUs": TEN_MILLION / (one * n * c) / 3600 for n in (1, 4, 16, 64) for c in (2, 16)}
    return {"per_worker_per_second": one, "two_worker_efficiency": two / (2 * one) if two else None,
            "hours_for_10M": table}  # fmt: skip


def timed(index, queries: Sequence[str], vectors: np.ndarray, mode: str) -> tuple[dict[str, Any], list]:
    for q, v in zip(queries[:WARMUP], vectors):
        index.search_timed(q, 10, mode, query_vector=v)
    times, hits = [], []
    for q, v in zip(queries, vectors):
        t = time.perf_counter()
        got, _ = index.search_timed(q, 10, mode, query_vector=v)
        times.append((time.perf_counter() - t) * 1000)
        hits.append([h.model_dump() for h in got])
    return latency_stats(times), hits


def run_search(passages: int, shard_counts: Sequence[int], queries_n: int, base: Path) -> dict[str, Any]:
    """p50/p95 search latency of one index and of 1/2/4 shards over the same synthetic corpus (and equal hits)."""
    from rag.index import Index
    from rag.settings import BuildSettings
    from rag.shard.index import ShardedIndex

    seeded, build = SeededVectors(load_embedder("int8")), BuildSettings(dense_exact_limit=None)
    docs = synthetic_documents(synthetic_pool(), passages, 0)
    queries = squad_questions(queries_n, 0)
    vectors = load_embedder("int8").encode(queries)
    t = time.perf_counter()
    Index.open(base / "single", build=build, embedder=seeded).add_documents(docs)
    indexes = {"single index": (Index.open(base / "single", embedder=seeded), time.perf_counter() - t)}
    for n in shard_counts:
        t = time.perf_counter()
        ShardedIndex.open(base / f"shards-{n}", build=build, embedder=seeded, shards=n).add_documents(docs)
        indexes[f"{n} shard{'s' * (n > 1)}"] = (
            Index.open(base / f"shards-{n}", embedder=seeded),
            time.perf_counter() - t,
        )
    out: dict[str, Any] = {"documents": len(docs), "chunks": indexes["single index"][0].stats().chunks, "rows": []}
    reference: dict[str, list] = {}
    for name, (index, seconds) in indexes.items():
        row: dict[str, Any] = {"name": name, "build_seconds": seconds}
        for mode in MODES:
            row[mode], hits = timed(index, queries, vectors, mode)
            row.setdefault("same_hits_as_single", True)
            row["same_hits_as_single"] &= reference.setdefault(mode, hits) == hits
        log(f"{name}: " + ", ".join(f"{m} p50 {row[m]['p50']:.2f} ms" for m in MODES))
        out["rows"].append(row)
    return out


def render(r: dict[str, Any]) -> str:
    lines = ["# Ray benchmark: indexing throughput and sharded search", "", f"- command: `{r['command']}`",
             f"- date: {r['date']}", f"- machine: {r['machine']['cpu_count']} CPUs ({r['machine']['cpu']}), "
             f"load average at start {r['machine']['loadavg_start']}, at end {r['loadavg_end']}", ""]  # fmt: skip
    if r.get("indexing"):
        ix = r["indexing"]
        lines += [f"## Indexing throughput ({ix['documents']} SQuAD v1.1 dev paragraphs, int8 embedder)", "",
                  "| run | passages | wall s | passages/s (wall) | passages/s (embedding) | per worker |",
                  "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
        for row in ix["rows"]:
            steady, worker = (f"{row[k]:.1f}" if row.get(k) else "–" for k in ("steady", "per_worker"))
            lines.append(f"| {row['name']} | {row['passages']} | {row['seconds']:.1f} | {row['per_second']:.1f} | "
                         f"{steady} | {worker} |")  # fmt: skip
        p = ix["projection"]
        if p:
            kept = f"{p['two_worker_efficiency']:.0%}" if p["two_worker_efficiency"] else "–"
            lines += ["", f"Per 1-CPU worker: {p['per_worker_per_second']:.1f} passages/s (its busy time); two workers "
                      f"together kept {kept} of twice that on this machine. Projected hours to embed 10M passages, "
                      "one worker per CPU at the per-worker rate:", "", "| machines x CPUs | hours |", "|---|---:|"]  # fmt: skip
            lines += [f"| {k} | {v:.2f} |" for k, v in p["hours_for_10M"].items()]
    if r.get("search"):
        s = r["search"]
        lines += ["", f"## Search latency, synthetic:{r['args']['passages']} ({s['chunks']:,} passages, "
                  f"{r['args']['queries']} queries, k=10)", "", SEEDED_NOTE, "",
                  "| index | build s | bm25 p50 / p95 ms | dense p50 / p95 ms | hybrid p50 / p95 ms | same hits |",
                  "|---|---:|---:|---:|---:|---|"]  # fmt: skip
        for row in s["rows"]:
            cells = " | ".join(f"{row[m]['p50']:.2f} / {row[m]['p95']:.2f}" for m in MODES)
            lines.append(f"| {row['name']} | {row['build_seconds']:.1f} | {cells} | {row['same_hits_as_single']} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(prog="python -m eval.bench_ray", description=__doc__)
    p.add_argument("--docs", type=int, default=400, help="SQuAD paragraphs for the throughput runs (0: skip)")
    p.add_argument("--workers", default="1,2", help="embedding actors of the --ray runs")
    p.add_argument("--batch-size", type=int, default=32, help="passages per embedding batch of the --ray runs")
    p.add_argument("--passages", type=int, default=100_000, help="synthetic passages for search latency (0: skip)")
    p.add_argument("--shards", default="1,2,4", help="shard counts compared with the single index")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = p.parse_args(argv)
    results: dict[str, Any] = {"command": shlex.join(["python", "-m", "eval.bench_ray", *argv]),
                               "date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(),
                               "args": vars(args) | {"out": str(args.out)}}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp:
        if args.docs:
            results["indexing"] = run_indexing(
                args.docs, [int(w) for w in args.workers.split(",")], args.batch_size, Path(tmp)
            )
        if args.passages:
            shards = [int(s) for s in args.shards.split(",")]
            results["search"] = run_search(args.passages, shards, args.queries, Path(tmp))
    results["loadavg_end"] = list(os.getloadavg())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "results.md").write_text(render(results), encoding="utf-8")
    print(render(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
