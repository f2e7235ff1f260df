"""Run the retrievers of a mode over one snapshot, fuse their candidates and make the ranked hits."""

from __future__ import annotations

import time

import numpy as np

from rag.embed.model import TextEmbedder
from rag.errors import BadInput
from rag.models import MODES, Hit, RetrieverScore
from rag.retrieve.fusion import Results, fuse, top_k
from rag.settings import SearchSettings
from rag.store.state import State

RETRIEVERS: dict[str, tuple[str, ...]] = {"hybrid": ("bm25", "dense"), "bm25": ("bm25",), "dense": ("dense",)}


def check_query(mode: str, k: int) -> None:
    if mode not in MODES:
        raise BadInput(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
    if k < 1:
        raise BadInput(f"k must be at least 1, got {k}")


def search(
    state: State,
    embedder: TextEmbedder,
    query: str,
    k: int,
    mode: str,
    cfg: SearchSettings,
    query_vector: np.ndarray | None = None,
) -> tuple[list[Hit], dict[str, float]]:
    """The k best hits of `state` for `query`, and how long each stage took (milliseconds)."""
    check_query(mode, k)
    pool = max(cfg.pool, 2 * k)
    timings: dict[str, float] = {}
    results: Results = {}
    if not query.strip() or not len(state.ids):
        return [], timings
    if "bm25" in RETRIEVERS[mode]:
        t = time.perf_counter()
        results["bm25"] = state.sparse.search(query, pool)
        timings["bm25"] = (time.perf_counter() - t) * 1000
    if "dense" in RETRIEVERS[mode]:
        t = time.perf_counter()
        qv = embedder.encode_query(query) if query_vector is None else query_vector
        timings["embed"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        results["dense"] = state.dense.search(qv, pool, probe_share=cfg.ivf_probe_share)
        timings["faiss"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    best = top_k(fuse(results, cfg.fusion, cfg.weights, cfg.rrf_k), k)
    hits = make_hits(state, best, results)
    timings["fusion"] = (time.perf_counter() - t) * 1000
    return hits, timings


def make_hits(state: State, best: list[tuple[int, float]], results: Results) -> list[Hit]:
    """Hits for ranked (chunk id, fused score) pairs, with each retriever's rank and raw score."""
    where: dict[str, dict[int, tuple[int, float]]] = {
        name: {c: (r, s) for r, (c, s) in enumerate(zip(ids.tolist(), scores.tolist()), start=1)}
        for name, (ids, scores) in results.items()
    }
    hits = []
    for rank, (cid, score) in enumerate(best, start=1):
        row = state.row(cid)
        doc = state.docs[state.doc_of[row]]
        page = int(state.pages[row])
        hits.append(
            Hit(
                chunk_id=cid,
                doc_id=doc.id,
                title=doc.title,
                source=doc.source,
                text=state.chunk_text(row),
                start=int(state.starts[row]),
                end=int(state.ends[row]),
                page=page or None,
                score=float(score),
                rank=rank,
                retrievers={n: RetrieverScore(rank=w[cid][0], score=w[cid][1]) for n, w in where.items() if cid in w},
            )
        )
    return hits
