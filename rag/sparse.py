"""BM25 over chunks with bm25s: one tokenizer (stop words, Snowball stemming) for text and queries."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

STOPWORDS = frozenset(STOPWORDS_EN)
_WORD = re.compile(r"\w+", re.UNICODE)
_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    if not hasattr(_local, "stemmer"):  # PyStemmer objects are not shared between threads
        _local.stemmer = Stemmer.Stemmer("english")
    return _local.stemmer


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens, English stop words removed, stemmed."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]
    return _stemmer().stemWords(words) if words else []


def top_n(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n highest positive scores, best first (ties by position)."""
    positive = np.flatnonzero(scores > 0)
    if positive.size > n:
        part = np.argpartition(-scores[positive], n - 1)[:n]
        positive = positive[part]
    order = np.lexsort((positive, -scores[positive]))
    return positive[order]


def bm25_idf(df: np.ndarray, n: int) -> np.ndarray:
    """Lucene's BM25 idf: log(1 + (n - df + 0.5) / (df + 0.5))."""
    return np.log1p((n - df + 0.5) / (df + 0.5))


class SparseIndex:
    """A BM25 index whose rows are chunk ids."""

    def __init__(self, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.ids = np.zeros(0, dtype=np.int64)
        self._bm25: bm25s.BM25 | None = None

    def build(self, texts: list[str], ids: np.ndarray) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        if not texts:
            self._bm25 = None
            return
        tokens = [tokenize(t) for t in texts]
        if not any(tokens):  # nothing searchable (only stop words or symbols): no BM25 hits at all
            self._bm25 = None
            return
        bm25 = bm25s.BM25(k1=self.k1, b=self.b)
        bm25.index(tokens, show_progress=False)
        self._bm25 = bm25

    def search(self, query: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, scores) of the best n chunks; nothing for an empty or all-stop-word query."""
        tokens = tokenize(query)
        if self._bm25 is None or not tokens:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self._bm25.get_scores(tokens)
        rows = top_n(scores, n)
        return self.ids[rows], scores[rows].astype(np.float32)

    def idf(self, tokens: list[str]) -> np.ndarray:
        """BM25 inverse document frequency of each (already tokenized) term; unseen terms get the maximum."""
        n = len(self.ids)
        if self._bm25 is None:
            return np.ones(len(tokens))
        vocab, indptr = self._bm25.vocab_dict, self._bm25.scores["indptr"]
        df = np.array([
            indptr[vocab[t] + 1] - indptr[vocab[t]] if t in vocab and vocab[t] + 1 < len(indptr) else 0
            for t in tokens
        ], dtype=np.float64)
        return bm25_idf(df, n)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "ids.npy", self.ids)
        if self._bm25 is not None:
            self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, k1: float, b: float, mmap: bool = True) -> "SparseIndex":
        index = cls(k1, b)
        index.ids = np.load(folder / "ids.npy")
        if len(index.ids):
            index._bm25 = bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False)
        return index
