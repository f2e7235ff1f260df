"""Rank fusion as pure functions: weighted reciprocal rank and convex combination of scores."""

from __future__ import annotations

import numpy as np

RRF_K = 60


def rrf(rankings: dict[str, np.ndarray], weights: dict[str, float], k: int = RRF_K) -> dict[int, float]:
    """Weighted reciprocal rank fusion: sum of w / (k + rank), ranks 1-based, only where returned."""
    fused: dict[int, float] = {}
    for name, ids in rankings.items():
        w = weights.get(name, 1.0)
        for rank, cid in enumerate(ids.tolist(), start=1):
            fused[cid] = fused.get(cid, 0.0) + w / (k + rank)
    return fused


def minmax(scores: np.ndarray) -> np.ndarray:
    """Scale scores to [0, 1]; a constant list maps to all ones."""
    if scores.size == 0:
        return scores.astype(np.float64)
    lo, hi = float(scores.min()), float(scores.max())
    if hi - lo < 1e-12:
        return np.ones_like(scores, dtype=np.float64)
    return (scores.astype(np.float64) - lo) / (hi - lo)


def convex(results: dict[str, tuple[np.ndarray, np.ndarray]], weights: dict[str, float]) -> dict[int, float]:
    """Convex combination of min-max normalized scores; a retriever that missed a chunk adds 0."""
    total = sum(weights.get(name, 1.0) for name in results) or 1.0
    fused: dict[int, float] = {}
    for name, (ids, scores) in results.items():
        w = weights.get(name, 1.0) / total
        for cid, s in zip(ids.tolist(), minmax(scores).tolist()):
            fused[cid] = fused.get(cid, 0.0) + w * s
    return fused


def top_k(fused: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The k best (chunk id, score) pairs, ties broken by chunk id for determinism."""
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:k]


Results = dict[str, tuple[np.ndarray, np.ndarray]]  # retriever name -> (chunk ids, raw scores), best first


def _rrf(results: Results, weights: dict[str, float], rrf_k: int) -> dict[int, float]:
    return rrf({name: ids for name, (ids, _) in results.items()}, weights, rrf_k)


def _convex(results: Results, weights: dict[str, float], rrf_k: int) -> dict[int, float]:
    return convex(results, weights)


FUSIONS = {"rrf": _rrf, "convex": _convex}  # SearchSettings.fusion -> fusion function


def fuse(results: Results, fusion: str, weights: dict[str, float], rrf_k: int = RRF_K) -> dict[int, float]:
    """Fused score per chunk id: one retriever's raw scores as they are, several by `fusion`."""
    if len(results) == 1:
        ids, scores = next(iter(results.values()))
        return dict(zip(ids.tolist(), scores.tolist()))
    return FUSIONS[fusion](results, weights, rrf_k)
