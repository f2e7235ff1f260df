"""Run the retrievers of a mode over one snapshot (or shards), fuse their candidates and make the ranked hits."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from rag.embed.model import TextEmbedder
from rag.errors import BadInput
from rag.models import MODES, Hit, RetrieverScore
from rag.retrieve.fusion import Results, fuse, top_k
from rag.settings import SearchSettings
from rag.store.state import State

RETRIEVERS: dict[str, tuple[str, ...]] = {"hybrid": ("bm25", "dense"), "bm25": ("bm25",), "dense": ("dense",)}
Retrieve = Callable[[np.ndarray | None, int, Sequence[str], dict[str, float]], Results]
"""(query vector, pool, retrievers, stage times to add to) -> each retriever's best `pool` chunks with raw scores."""
MakeHits = Callable[[list[tuple[int, float]], Results], list[Hit]]
"""(ranked (chunk id, fused score) pairs, candidates) -> their hits, ranked."""


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

    def retrieve(vector: np.ndarray | None, pool: int, retrievers: Sequence[str], timings: dict[str, float]) -> Results:
        results, took = candidates_of(state, query, vector, pool, retrievers, cfg.ivf_probe_share)
        timings.update(took)
        if "bm25" in results:  # ranked by float64, reported as float32 (as `SparseIndex.search`)
            ids, scores = results["bm25"]
            results["bm25"] = (ids, scores.astype(np.float32))
        return results

    return ranked_search(
        len(state.ids), retrieve, partial(make_hits, state), embedder, query, k, mode, cfg, query_vector
    )


def ranked_search(
    chunks: int,
    retrieve: Retrieve,
    hits: MakeHits,
    embedder: TextEmbedder,
    query: str,
    k: int,
    mode: str,
    cfg: SearchSettings,
    query_vector: np.ndarray | None = None,
) -> tuple[list[Hit], dict[str, float]]:
    """Search an index of `chunks` passages (one State, or shards): the query embedded (unless `query_vector` is
    given), `retrieve` run for the mode's retrievers, their candidates fused; the k best hits and stage times (ms)."""
    check_query(mode, k)
    pool = max(cfg.pool, 2 * k)
    timings: dict[str, float] = {}
    if not query.strip() or not chunks:
        return [], timings
    retrievers = RETRIEVERS[mode]
    vector = None
    if "dense" in retrievers:
        t = time.perf_counter()
        vector = embedder.encode_query(query) if query_vector is None else query_vector
        timings["embed"] = (time.perf_counter() - t) * 1000
    results = retrieve(vector, pool, retrievers, timings)
    t = time.perf_counter()
    made = hits(top_k(fuse(results, cfg.fusion, cfg.weights, cfg.rrf_k), k), results)
    timings["fusion"] = (time.perf_counter() - t) * 1000
    return made, timings


def candidates_of(
    state: State, query: str, vector: np.ndarray | None, pool: int, retrievers: Sequence[str], probe_share: float
) -> tuple[Results, dict[str, float]]:
    """The best `pool` chunks of `state` per retriever with raw scores (BM25's in float64, as one index ranks them),
    and stage times (ms)."""
    results: Results = {}
    timings: dict[str, float] = {}
    if "bm25" in retrievers:
        t = time.perf_counter()
        results["bm25"] = state.sparse.search_exact(query, pool)
        timings["bm25"] = (time.perf_counter() - t) * 1000
    if "dense" in retrievers and vector is not None:
        t = time.perf_counter()
        results["dense"] = state.dense.search(vector, pool, probe_share=probe_share)
        timings["faiss"] = (time.perf_counter() - t) * 1000
    return results, timings


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
