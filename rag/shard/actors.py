"""Shards served by Ray actors, one per shard, spread over the cluster: each loads its shard and answers for it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import RagError
from rag.models import Document, Hit
from rag.retrieve.fusion import Results
from rag.retrieve.search import candidates_of, make_hits
from rag.shard.cluster import RayOptions, connect
from rag.shard.search import Candidates
from rag.shard.threads import shard_state


class ShardServer:
    """One shard's State, loaded where the actor runs (the shard folder must be readable there)."""

    def __init__(self, index: int, gen: str):
        self.state = shard_state(index, Path(gen))

    def chunks(self) -> int:
        return len(self.state.ids)

    def candidates(
        self, query: str, vector: np.ndarray | None, pool: int, retrievers: Sequence[str], probe_share: float
    ) -> Candidates:
        return candidates_of(self.state, query, vector, pool, retrievers, probe_share)

    def hits(self, best: list[tuple[int, float]], results: Results) -> list[Hit]:
        return make_hits(self.state, best, results)

    def documents(self, doc_ids: list[str]) -> dict[str, Document]:
        return {d: self.state.docs[d] for d in doc_ids if d in self.state.docs}


def unwrap(e: Exception) -> Exception:
    """The RagError a remote call raised (e.g. DamagedIndex naming a file), else the Ray error itself."""
    cause = getattr(e, "cause", None)
    return cause if isinstance(cause, RagError) else e


class RayShards:
    """The shards as Ray actors (scheduled SPREAD, so a cluster's nodes share them); queries fan out to all."""

    def __init__(self, gens: Sequence[Path], opts: RayOptions):
        self.ray = connect(opts)
        server = self.ray.remote(num_cpus=0, scheduling_strategy="SPREAD")(ShardServer)
        self.actors = [server.remote(i, str(g)) for i, g in enumerate(gens)]
        self.sizes: list[int] = self._get([a.chunks.remote() for a in self.actors])

    def _get(self, refs: Any) -> Any:
        try:
            return self.ray.get(refs)
        except Exception as e:  # a Ray error wrapping what the shard raised
            raise unwrap(e) from e

    def chunks(self) -> int:
        return sum(self.sizes)

    def candidates(
        self, query: str, vector: np.ndarray | None, pool: int, retrievers: Sequence[str], probe_share: float
    ) -> list[Candidates]:
        return self._get([a.candidates.remote(query, vector, pool, retrievers, probe_share) for a in self.actors])

    def hits(self, picks: dict[int, list[tuple[int, float]]], results: Results) -> dict[int, list[Hit]]:
        got = self._get([self.actors[i].hits.remote(best, results) for i, best in picks.items()])
        return dict(zip(picks, got))

    def documents(self, doc_ids: list[str]) -> dict[str, Document]:
        found: dict[str, Document] = {}
        for part in self._get([a.documents.remote(doc_ids) for a in self.actors]):
            found.update(part)
        return {d: found[d] for d in doc_ids}
