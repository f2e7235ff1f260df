"""Global BM25 statistics over shards: counted per part, summed, and applied so every shard scores as one index."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from rag.retrieve.sparse import CorpusStats, SparseIndex, select_rows
from rag.retrieve.tokenize import tokenize
from rag.shard.layout import Bm25Stats
from rag.store.generations import damaged_file
from rag.store.layout import CHUNK_DOCS, SPARSE, read_state
from rag.store.manifest import read_manifest


def text_counts(texts: Iterable[str]) -> Bm25Stats:
    """The statistics of rows with these texts (as BM25-indexed: `index_text`)."""
    df: Counter[str] = Counter()
    rows = tokens = 0
    for text in texts:
        words = tokenize(text)
        df.update(set(words))
        rows += 1
        tokens += len(words)
    return Bm25Stats(rows=rows, tokens=tokens, df=dict(df))


def kept_counts(sparse: SparseIndex, keep: np.ndarray) -> Bm25Stats:
    """The statistics of the rows of `sparse` where `keep` is True, from its stored token ids (nothing re-tokenized)."""
    mask, offsets = select_rows(np.asarray(sparse.offsets), keep)
    tokens = np.asarray(sparse.tokens)[mask].astype(np.int64)
    n = int(keep.sum())
    lengths = np.diff(offsets)
    if not len(tokens):
        return Bm25Stats(rows=n, tokens=0)
    pairs = np.unique(tokens * n + np.repeat(np.arange(n, dtype=np.int64), lengths))
    df = np.bincount(pairs // n, minlength=len(sparse.terms))
    return Bm25Stats(rows=n, tokens=int(lengths.sum()), df={sparse.terms[t]: int(df[t]) for t in np.flatnonzero(df)})


def kept_counts_at(gen: str | None, drop: Sequence[str], k1: float = 1.2, b: float = 0.75) -> Bm25Stats:
    """`kept_counts` of a saved shard generation without the rows of documents `drop` (a task of its own)."""
    if gen is None:
        return Bm25Stats()
    folder = Path(gen)
    with damaged_file(folder / CHUNK_DOCS):
        doc_of = json.loads((folder / CHUNK_DOCS).read_text(encoding="utf-8"))
    with damaged_file(folder / SPARSE):
        sparse = SparseIndex.load(folder / SPARSE, k1, b)
    if sparse is None:  # tokenized by an older rag: its texts are tokenized again
        sparse = read_state(folder, read_manifest(folder)).sparse
    gone = set(drop)
    return kept_counts(sparse, np.array([d not in gone for d in doc_of], dtype=bool))


def merged(parts: Iterable[Bm25Stats]) -> Bm25Stats:
    """The statistics of the union of disjoint parts."""
    df: Counter[str] = Counter()
    rows = tokens = 0
    for p in parts:
        df.update(p.df)
        rows += p.rows
        tokens += p.tokens
    return Bm25Stats(rows=rows, tokens=tokens, df={t: c for t, c in df.items() if c})


def corpus_stats(stats: Bm25Stats, terms: Sequence[str]) -> CorpusStats:
    """The global statistics as one shard's postings need them: document frequencies by its own term ids."""
    df = np.fromiter((stats.df.get(t, 0) for t in terms), dtype=np.int64, count=len(terms))
    return CorpusStats(df=df, rows=stats.rows, mean_length=stats.mean_length)


class GlobalIdf(SparseIndex):
    """The whole sharded corpus's BM25 idf, for the answer stage (`frequencies` and `idf` are all it offers)."""

    def __init__(self, stats: Bm25Stats):
        super().__init__()
        self.stats = stats

    def frequencies(self, tokens: list[str]) -> tuple[np.ndarray, int]:
        """As `SparseIndex.frequencies` of one index over the whole corpus."""
        return np.array([self.stats.df.get(t, 0) for t in tokens], dtype=np.float64), self.stats.rows

    def words(self) -> Sequence[str]:
        """As `SparseIndex.words` of one index over the whole corpus."""
        if len(self.terms) != len(self.stats.df):
            self.terms = list(self.stats.df)
        return self.terms
