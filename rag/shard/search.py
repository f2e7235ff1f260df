"""Search over shards: each returns its candidates with raw scores, merged as one index ranks them, then fused."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from rag.embed.model import TextEmbedder
from rag.models import Document, Hit
from rag.retrieve.fusion import Results
from rag.retrieve.search import ranked_search
from rag.settings import SearchSettings

Candidates = tuple[Results, dict[str, float]]  # one shard's candidates per retriever, and its stage times (ms)


def merge(parts: Sequence[Results], pool: int) -> Results:
    """Each retriever's best `pool` over all shards, as one index over their union returns them: both retrievers
    rank equal scores by chunk id, at the cut too (BM25 by its float64 scores, reported as float32)."""
    merged: Results = {}
    for name in dict.fromkeys(n for p in parts for n in p):
        ids = np.concatenate([np.zeros(0, np.int64)] + [np.asarray(p[name][0], np.int64) for p in parts if name in p])
        scores = np.concatenate([np.zeros(0)] + [np.asarray(p[name][1], np.float64) for p in parts if name in p])
        keep = np.lexsort((ids, -scores))[:pool]
        merged[name] = (ids[keep], scores[keep].astype(np.float32))
    return merged


def owners(parts: Sequence[Results]) -> dict[int, int]:
    """The shard of each candidate chunk id."""
    return {cid: i for i, p in enumerate(parts) for ids, _ in p.values() for cid in np.asarray(ids).tolist()}


def stage_times(parts: Sequence[dict[str, float]]) -> dict[str, float]:
    """Per stage, the slowest shard's time (shards run in parallel)."""
    out: dict[str, float] = {}
    for t in parts:
        for k, v in t.items():
            out[k] = max(out.get(k, 0.0), v)
    return out


class Shards(Protocol):
    """The shards of an open index, in this process (threads) or on a Ray cluster (actors)."""

    def chunks(self) -> int: ...

    def candidates(
        self, query: str, vector: np.ndarray | None, pool: int, retrievers: Sequence[str], probe_share: float
    ) -> list[Candidates]: ...

    def hits(self, picks: dict[int, list[tuple[int, float]]], results: Results) -> dict[int, list[Hit]]: ...

    def documents(self, doc_ids: list[str]) -> dict[str, Document]: ...


def sharded_search(
    shards: Shards,
    embedder: TextEmbedder,
    query: str,
    k: int,
    mode: str,
    cfg: SearchSettings,
    query_vector: np.ndarray | None = None,
) -> tuple[list[Hit], dict[str, float]]:
    """The k best hits over all shards for `query`, and stage times (ms): `rag.retrieve.search.search` over shards."""
    owner: dict[int, int] = {}  # the shard of each candidate

    def retrieve(vector: np.ndarray | None, pool: int, retrievers: Sequence[str], timings: dict[str, float]) -> Results:
        t = time.perf_counter()
        parts = shards.candidates(query, vector, pool, retrievers, cfg.ivf_probe_share)
        owner.update(owners([p[0] for p in parts]))
        merged = merge([p[0] for p in parts], pool)
        timings.update(stage_times([p[1] for p in parts]))
        timings["shards"] = (time.perf_counter() - t) * 1000  # candidates gathered and merged
        return merged

    def hits(best: list[tuple[int, float]], results: Results) -> list[Hit]:
        picks: dict[int, list[tuple[int, float]]] = {}
        for cid, score in best:
            picks.setdefault(owner[cid], []).append((cid, score))
        made = {h.chunk_id: h for hs in shards.hits(picks, results).values() for h in hs}
        return [made[cid].model_copy(update={"rank": rank}) for rank, (cid, _) in enumerate(best, start=1)]

    return ranked_search(shards.chunks(), retrieve, hits, embedder, query, k, mode, cfg, query_vector)


def hit_documents(shards: Shards, hits: Sequence[list[Hit]]) -> dict[str, Document]:
    """The documents of these hits, each read from its shard (what the answer stage quotes from)."""
    return shards.documents(list(dict.fromkeys(h.doc_id for hs in hits for h in hs)))
