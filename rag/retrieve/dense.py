"""Dense search over normalized chunk vectors with FAISS: exact while small, IVF (fp16 codes) beyond a size."""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

from rag.settings import EXACT_LIMIT, PROBE_SHARE

TRAIN_PER_LIST = 40  # k-means wants ~39+ points per centroid; more only slows training


RESCORE_MARGIN = 1e-4  # FAISS's float32 inner products stray ~1e-7 from `exact_scores`: rescored within this of the cut


def exact_scores(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Inner products that depend on the two vectors only: float64 products (exact for float32 inputs) summed per
    row, rounded to float32."""
    return (vectors.astype(np.float64) * query.astype(np.float64)).sum(axis=1).astype(np.float32)


def new_flat(dimension: int) -> faiss.Index:
    """An exact inner-product index that keeps our int64 chunk ids."""
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))


def ivf_lists(n: int) -> int:
    """Inverted lists for n vectors: about 4·sqrt(n) (FAISS's guideline for up to a few million)."""
    return max(1, int(4 * math.sqrt(n)))


def ivf_probes(lists: int, share: float = PROBE_SHARE) -> int:
    """Lists searched per query: `share` of them, at least 16.

    Questions sit far from passage clusters, so IVF needs many probes. Recall@10 against exhaustive
    search with SQuAD train-article questions (`python -m eval.probes`, eval/results/bench-1m): on
    53k real sentence vectors 0.977 with 1/16 of the lists, 0.989 with 1/8, 0.996 with 1/4; on a
    million composed passage vectors (means of unrelated sentences, far harder) 0.84, 0.88 and 0.92,
    for 1.4, 2.7 and 6.0 ms. A quarter keeps real data above 0.99 for a few ms at a million.
    """
    return min(lists, max(16, round(lists * share)))


def train_sample(n: int, lists: int, seed: int = 0) -> np.ndarray:
    """Rows to train the IVF centroids on: all when few, else a seeded sample of TRAIN_PER_LIST per list."""
    want = lists * TRAIN_PER_LIST
    if n <= want:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, want, replace=False))


def build_ivf(vectors: np.ndarray, ids: np.ndarray) -> faiss.Index:
    """An IVF index with fp16 codes (half the memory of fp32, scores within ~1e-3) over `vectors`."""
    dim = vectors.shape[1]
    lists = ivf_lists(len(vectors))
    index = faiss.index_factory(dim, f"IVF{lists},SQfp16", faiss.METRIC_INNER_PRODUCT)
    index.train(np.ascontiguousarray(vectors[train_sample(len(vectors), lists)]))
    index.add_with_ids(vectors, ids)
    index.nprobe = ivf_probes(lists)
    return index


def needs_rebuild(index: faiss.Index, total: int, exact_limit: int | None) -> bool:
    """Whether `index`, grown to `total` vectors, should be (re)built as IVF.

    An exact index past `exact_limit`; an IVF index once it holds over twice the lists it was
    trained for (its lists would grow long and slow).
    """
    if exact_limit is None or total <= exact_limit:
        return False
    ivf = faiss.downcast_index(index)
    if not isinstance(ivf, faiss.IndexIVF):
        return True
    return ivf_lists(total) > 2 * ivf.nlist


class DenseIndex:
    """FAISS vectors by chunk id; copy before changing an index other threads may be reading.

    Exact (flat inner product) up to `exact_limit` vectors, then IVF: when an add takes the index
    past the limit, it is rebuilt once as IVF from its own vectors. `exact_limit=None` keeps it exact.
    """

    def __init__(self, dimension: int, index: faiss.Index | None = None, exact_limit: int | None = EXACT_LIMIT):
        self.dimension = dimension
        self.exact_limit = exact_limit
        self.faiss = index if index is not None else new_flat(dimension)

    def __len__(self) -> int:
        return self.faiss.ntotal

    @property
    def kind(self) -> str:
        return "ivf" if isinstance(faiss.downcast_index(self.faiss), faiss.IndexIVF) else "exact"

    def copy(self) -> DenseIndex:
        return DenseIndex(self.dimension, faiss.clone_index(self.faiss), self.exact_limit)

    def add(self, vectors: np.ndarray, ids: np.ndarray) -> None:
        if not len(ids):
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        ids = np.asarray(ids, dtype=np.int64)
        total = len(self) + len(ids)
        if needs_rebuild(self.faiss, total, self.exact_limit):
            old_ids, old_vectors = self.all()
            self.faiss = build_ivf(np.vstack([old_vectors, vectors]), np.concatenate([old_ids, ids]))
        else:
            self.faiss.add_with_ids(vectors, ids)

    def remove(self, ids: np.ndarray) -> None:
        if len(ids):
            self.faiss.remove_ids(np.asarray(ids, dtype=np.int64))

    def all(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) of every stored vector (IVF vectors as decoded from their fp16 codes)."""
        index = faiss.downcast_index(self.faiss)
        if isinstance(index, faiss.IndexIVF):
            lists = index.invlists
            ids = np.concatenate(
                [np.zeros(0, np.int64)]
                + [
                    faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
                    for i in range(index.nlist)
                    if lists.list_size(i)
                ]
            )
            clone = faiss.clone_index(index)
            clone.set_direct_map_type(faiss.DirectMap.Hashtable)  # ids are chunk ids, not rows
            return ids, clone.reconstruct_batch(ids) if len(ids) else np.zeros((0, self.dimension), np.float32)
        flat = faiss.downcast_index(self.faiss.index)
        return faiss.vector_to_array(self.faiss.id_map).astype(np.int64), flat.reconstruct_n(0, self.faiss.ntotal)

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of these chunk ids, in their order (IVF vectors as decoded from their fp16 codes)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(ids):
            return np.zeros((0, self.dimension), np.float32)
        index = faiss.downcast_index(self.faiss)
        if isinstance(index, faiss.IndexIVF):
            index = faiss.clone_index(index)
            index.set_direct_map_type(faiss.DirectMap.Hashtable)  # ids are chunk ids, not rows
        return np.asarray(index.reconstruct_batch(ids), np.float32)

    def search(
        self, query: np.ndarray, n: int, exhaustive: bool = False, probe_share: float = PROBE_SHARE
    ) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, cosine scores) of the n nearest chunks, best first; equal scores by chunk id, at the cut too.

        An IVF index searches `probe_share` of its lists; `exhaustive` makes it visit every list:
        the exact answer, to measure recall against. An exact index gives scores that do not depend on
        which or how many vectors it holds (`exact_scores`; FAISS's own vary in the last bits with the
        index's size), so the parts of a corpus, searched apart and merged, rank as one index does.
        """
        if self.faiss.ntotal == 0 or n <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        q = query.reshape(1, -1).astype(np.float32)
        ivf = faiss.downcast_index(self.faiss)
        params, margin = None, RESCORE_MARGIN
        if isinstance(ivf, faiss.IndexIVF):
            probes = ivf.nlist if exhaustive else ivf_probes(ivf.nlist, probe_share)
            params, margin = faiss.SearchParametersIVF(nprobe=probes), 0.0
        k = min(n + 1, self.faiss.ntotal)
        while True:  # one more than asked, and more while FAISS's cut may split a tie (or near-tie, to rescore)
            scores, ids = self.faiss.search(q, k, params=params) if params else self.faiss.search(q, k)
            keep = ids[0] >= 0
            ids, scores = ids[0][keep], scores[0][keep]
            if len(ids) <= n or scores[n - 1] - scores[-1] > margin or k >= self.faiss.ntotal:
                break
            k = min(2 * k, self.faiss.ntotal)
        if params is None and isinstance(faiss.downcast_index(self.faiss), faiss.IndexIDMap2):  # vectors by id
            scores = exact_scores(self.faiss.reconstruct_batch(ids), q[0])
        order = np.lexsort((ids, -scores))[:n]
        return ids[order], scores[order]

    def save(self, path: Path) -> None:
        faiss.write_index(self.faiss, str(path))

    @classmethod
    def load(cls, path: Path, dimension: int, exact_limit: int | None = EXACT_LIMIT) -> DenseIndex:
        return cls(dimension, faiss.read_index(str(path)), exact_limit)
