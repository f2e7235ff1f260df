"""Benchmark pieces for big corpora: chunk vectors composed from real sentence vectors, and serving
an index from a fresh process (open time, search latency, memory, approximate-search recall)."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

COMPOSE_NOTE = (
    "With `--compose`, a synthetic chunk's vector is the normalized mean of the real embeddings of its "
    "sentences (every pool sentence is embedded once by the benchmarked backend and cached); queries "
    "are embedded for real. Embedding a million chunks on this 2-core machine would take hours, so "
    "these runs measure everything but embedding: build (chunking, BM25, FAISS, saves), open, search, "
    "memory and approximate-search recall. The embedding time such a build would add is projected from "
    "the throughput measured on real chunks of the same corpus."
)


def compose(vectors: np.ndarray) -> np.ndarray:
    """One passage vector from its sentences' vectors: their mean, L2-normalized."""
    v = vectors.mean(axis=0)
    return (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)


def pool_vectors(pool: Sequence[str], embedder, cache: Path, log: Callable[[str], None] = print) -> np.ndarray:
    """Real vectors of every pool sentence, computed once per pool and backend, cached in `cache`."""
    from rag.embed.onnx_backend import RECIPE

    key = hashlib.sha256("\0".join(pool).encode("utf-8") + f"\0{embedder.backend}\0{RECIPE}".encode()).hexdigest()
    path = cache / f"pool-{key[:16]}.npy"
    if path.is_file():
        return np.load(path)
    log(f"embedding the {len(pool):,} pool sentences once with {embedder.backend} (cached in {path})")
    vectors = embedder.encode(list(pool))
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp-{os.getpid()}.npy")
    np.save(tmp, vectors)
    os.replace(tmp, path)
    return vectors


class ComposedEmbedder:
    """Chunk vectors composed from cached sentence vectors (COMPOSE_NOTE); queries embedded by `real`.

    A chunk text is its title line and then whole pool sentences; one with a sentence the pool does
    not hold is embedded for real.
    """

    def __init__(self, real, pool: Sequence[str], vectors: np.ndarray):
        self.real, self.vectors = real, vectors
        self.name, self.dimension, self.backend = real.name, real.dimension, f"{real.backend}+composed"
        self.row = {s: i for i, s in enumerate(pool)}
        self.composed = self.embedded = 0

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        from rag.ingest.sentences import sentence_spans

        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        missing = []
        for i, text in enumerate(texts):
            body = text.split("\n", 1)[-1]
            rows = [self.row.get(body[a:b]) for a, b in sentence_spans(body)]
            if rows and None not in rows:
                out[i] = compose(self.vectors[rows])
            else:
                missing.append(i)
        if missing:
            out[missing] = self.real.encode([texts[i] for i in missing])
        self.composed += len(texts) - len(missing)
        self.embedded += len(missing)
        if progress is not None and len(texts):
            progress(len(texts))
        return out

    def encode_query(self, query: str) -> np.ndarray:
        return self.real.encode_query(query)


def current_rss_mb() -> float:
    """Resident memory of this process now (Linux), in MiB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def peak_rss_mb() -> float:
    """This process's resident-memory high-water mark (Linux VmHWM), in MiB.

    Not getrusage's ru_maxrss: across fork + exec that keeps the parent's high-water mark.
    """
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status")


def recall_at_k(approx: Sequence[np.ndarray], exact: Sequence[np.ndarray], k: int) -> float | None:
    """Mean share of the exact top k that the approximate top k also found."""
    shares = [len(set(a[:k].tolist()) & set(e[:k].tolist())) / min(k, len(e)) for a, e in zip(approx, exact) if len(e)]
    return float(np.mean(shares)) if shares else None


def timed_search(index, queries: np.ndarray, params, k: int) -> tuple[list[np.ndarray], list[float]]:
    """Top-k ids of each query and its search time in ms: one query at a time on one thread, as the
    product searches, after two untimed warm-up queries."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        index.search(queries[:2], k, params=params)
        found, times = [], []
        for q in queries:
            t = time.perf_counter()
            found.append(index.search(q[None], k, params=params)[1][0])
            times.append((time.perf_counter() - t) * 1000)
        return found, times
    finally:
        faiss.omp_set_num_threads(threads)


def ann_recall_real(vectors: np.ndarray, queries: np.ndarray, k: int = 10) -> dict[str, Any]:
    """Recall@k of the product's IVF (rag.retrieve.dense.build_ivf) against exact search over real vectors.

    Composed vectors are means of unrelated sentences, far more alike than real passages, which
    makes any approximate search look worse than it is; the pool's real sentence vectors are not.
    """
    import faiss

    from rag.retrieve.dense import build_ivf

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    ivf = build_ivf(vectors, np.arange(len(vectors), dtype=np.int64))
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    _, exact = flat.search(queries, k)
    _, approx = ivf.search(queries, k)
    return {
        "vectors": len(vectors),
        "queries": len(queries),
        "lists": ivf.nlist,
        "probes": ivf.nprobe,
        "recall_at_10": recall_at_k(list(approx), list(exact), k),
    }


def serve(folder: Path, queries: Sequence[str], backend: str, k: int = 10, warmup: int = 2) -> dict[str, Any]:
    """In this (fresh) process: open the index, run hybrid searches, measure memory and dense recall."""
    from rag.embed import load_embedder
    from rag.evaluation.metrics import percentile
    from rag.index import Index

    embedder = load_embedder(backend)
    embedder.encode_query("warm up")  # the model is not part of opening the index
    rss_before = current_rss_mb()
    t = time.perf_counter()
    index = Index.open(folder, create=False, embedder=embedder)
    open_seconds = time.perf_counter() - t
    rss_open = current_rss_mb()
    for q in queries[:warmup]:
        index.search_timed(q, k, "hybrid")
    gc.collect()
    totals, stages = [], {}
    for q in queries:
        t = time.perf_counter()
        _, timing = index.search_timed(q, k, "hybrid")
        totals.append((time.perf_counter() - t) * 1000)
        for name, ms in timing.items():
            stages.setdefault(name, []).append(ms)
    state = index.snapshot()
    approx, exact = [], []
    for q in queries:
        qv = embedder.encode_query(q)
        approx.append(state.dense.search(qv, k)[0])
        exact.append(state.dense.search(qv, k, exhaustive=True)[0])
    return {
        "open_seconds": open_seconds,
        "rss_model_mb": rss_before,
        "rss_after_open_mb": rss_open,
        "index_rss_mb": rss_open - rss_before,
        "peak_rss_mb": peak_rss_mb(),
        "dense": state.dense.kind,
        "hybrid_ms": {"p50": percentile(totals, 50), "p95": percentile(totals, 95), "n": len(totals)},
        "stages_p50_ms": {n: percentile(v, 50) for n, v in stages.items()},
        "dense_recall_at_10": recall_at_k(approx, exact, k),
        "queries": len(queries),
    }


def measure_serving(folder: Path, queries: Sequence[str], backend: str) -> dict[str, Any]:
    """`serve` in a fresh Python process, so its memory and open time are the index's alone."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(list(queries), f)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "eval.scale", str(folder), f.name, backend],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(f.name)
    if out.returncode != 0:
        raise RuntimeError(f"serving measurement failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m eval.scale FOLDER QUERIES_JSON BACKEND`: print `serve`'s figures as one JSON line."""
    folder, queries, backend = (argv or sys.argv[1:])[:3]
    print(json.dumps(serve(Path(folder), json.loads(Path(queries).read_text(encoding="utf-8")), backend)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
