"""Exact inner-product search over normalized chunk vectors with FAISS, keyed by chunk id."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


def new_flat(dimension: int) -> faiss.Index:
    """An exact inner-product index that keeps our int64 chunk ids."""
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))


class DenseIndex:
    """FAISS vectors by chunk id; copy before changing an index other threads may be reading."""

    def __init__(self, dimension: int, index: faiss.Index | None = None):
        self.dimension = dimension
        self.faiss = index if index is not None else new_flat(dimension)

    def __len__(self) -> int:
        return self.faiss.ntotal

    def copy(self) -> "DenseIndex":
        return DenseIndex(self.dimension, faiss.clone_index(self.faiss))

    def add(self, vectors: np.ndarray, ids: np.ndarray) -> None:
        if len(ids):
            self.faiss.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self.faiss.remove_ids(np.asarray(ids, dtype=np.int64))

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """Stored vectors of `ids` (for reuse when an index is rebuilt)."""
        return np.vstack([self.faiss.reconstruct(int(i)) for i in ids]) if len(ids) else np.zeros(
            (0, self.dimension), dtype=np.float32
        )

    def search(self, query: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, cosine scores) of the n nearest chunks, best first."""
        if self.faiss.ntotal == 0 or n <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores, ids = self.faiss.search(query.reshape(1, -1).astype(np.float32), min(n, self.faiss.ntotal))
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def save(self, path: Path) -> None:
        faiss.write_index(self.faiss, str(path))

    @classmethod
    def load(cls, path: Path, dimension: int) -> "DenseIndex":
        return cls(dimension, faiss.read_index(str(path)))
