"""Shards opened in this process and searched in parallel by threads (FAISS and NumPy release the GIL)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import numpy as np

from rag.errors import DamagedIndex
from rag.models import Document, Hit
from rag.retrieve.fusion import Results
from rag.retrieve.search import candidates_of, make_hits
from rag.shard.search import Candidates
from rag.shard.union import UnionDocs
from rag.store.layout import read_state
from rag.store.manifest import read_manifest
from rag.store.state import State

T = TypeVar("T")


def shard_state(index: int, gen: Path) -> State:
    """A shard's State; DamagedIndex naming the shard and the file that does not read."""
    try:
        return read_state(gen, read_manifest(gen))
    except DamagedIndex as e:
        raise DamagedIndex(f"shard {index} ({gen.parent.name}) is damaged: {e}") from e


class LocalShards:
    """The shards' States, loaded here; one thread per shard searches it."""

    def __init__(self, states: Sequence[State]):
        self.states = list(states)
        self.docs = UnionDocs([s.docs for s in self.states])
        self._pool = ThreadPoolExecutor(len(self.states), thread_name_prefix="rag-shard") if len(states) > 1 else None
        if self._pool is not None:  # its threads end with the last reference to these shards
            weakref.finalize(self, self._pool.shutdown, wait=False)

    def _map(self, fn: Callable[[State], T]) -> list[T]:
        if self._pool is None:
            return [fn(s) for s in self.states]
        return list(self._pool.map(fn, self.states))

    def chunks(self) -> int:
        return sum(len(s.ids) for s in self.states)

    def candidates(
        self, query: str, vector: np.ndarray | None, pool: int, retrievers: Sequence[str], probe_share: float
    ) -> list[Candidates]:
        return self._map(lambda s: candidates_of(s, query, vector, pool, retrievers, probe_share))

    def hits(self, picks: dict[int, list[tuple[int, float]]], results: Results) -> dict[int, list[Hit]]:
        return {i: make_hits(self.states[i], best, results) for i, best in picks.items()}

    def documents(self, doc_ids: list[str]) -> dict[str, Document]:
        return {d: self.docs[d] for d in doc_ids}
