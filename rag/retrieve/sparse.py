"""BM25 over chunks: postings built from stored token ids, scored with Lucene's formula."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.retrieve.tokenize import TOKENIZER_VERSION, tokenize

FILES = ("ids", "offsets", "tokens", "indptr", "rows", "weights")  # .npy arrays; the vocabulary is terms.json
TOKENIZER = "tokenizer.json"  # the TOKENIZER_VERSION the token ids were made with


# ---------------------------------------------------------------- the maths (pure functions)


def top_n(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n highest positive scores, best first; ties by position, at the cut too (so the
    parts of a corpus, ranked apart and merged, keep the very rows the whole ranks: rag.shard)."""
    positive = np.flatnonzero(scores > 0)
    if positive.size > n:
        nth = -np.partition(-scores[positive], n - 1)[n - 1]  # the n-th best score
        above = positive[scores[positive] > nth]
        positive = np.concatenate([above, positive[scores[positive] == nth][: n - above.size]])
    order = np.lexsort((positive, -scores[positive]))
    return positive[order]


def bm25_idf(df: np.ndarray, n: int) -> np.ndarray:
    """Lucene's BM25 idf: log(1 + (n - df + 0.5) / (df + 0.5))."""
    return np.log1p((n - df + 0.5) / (df + 0.5))


def bm25_tf(tf: np.ndarray, length: np.ndarray, mean_length: float, k1: float, b: float) -> np.ndarray:
    """Lucene's BM25 term-frequency part: tf / (tf + k1 (1 - b + b |d| / avg |d|))."""
    return tf / (tf + k1 * (1 - b + b * length / mean_length))


@dataclass(frozen=True)
class CorpusStats:
    """BM25 statistics of a whole corpus, for an index holding part of it (a shard) to score as the whole would."""

    df: np.ndarray  # rows of the whole corpus holding each term, by this index's term ids
    rows: int
    mean_length: float


def postings(
    tokens: np.ndarray, offsets: np.ndarray, n_terms: int, k1: float, b: float, stats: CorpusStats | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Term-major BM25 postings (indptr, rows, weights) of rows whose token ids are `tokens[offsets[i]:offsets[i+1]]`.

    Term t's rows are `rows[indptr[t]:indptr[t+1]]` in increasing order, each with its precomputed
    score `idf(t) * tf-part`: a query's score for a row is the sum of its terms' weights there.
    The same numbers as bm25s' "lucene" method, computed in one vectorized pass. With `stats`, idf and
    the mean length are the whole corpus's: the weights one index over the whole corpus gives these rows.
    """
    n = len(offsets) - 1
    lengths = np.diff(offsets)
    if n == 0 or len(tokens) == 0:
        return np.zeros(n_terms + 1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.float32)
    pair = tokens.astype(np.int64) * n + np.repeat(np.arange(n, dtype=np.int64), lengths)
    pair, tf = np.unique(pair, return_counts=True)  # sorted by term, then row
    term, rows = np.divmod(pair, n)
    del pair
    df = np.bincount(term, minlength=n_terms)
    idf = bm25_idf(df, n) if stats is None else bm25_idf(stats.df, stats.rows)
    mean = float(lengths.mean()) if stats is None else stats.mean_length
    weights = idf[term] * bm25_tf(tf, lengths[rows], mean, k1, b)
    indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
    return indptr, rows.astype(np.int32), weights.astype(np.float32)


def bm25_scores(terms: Sequence[int], indptr: np.ndarray, rows: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """Every row's BM25 score for a query of these term ids (a repeated term counts again)."""
    if not len(terms):
        return np.zeros(n)
    spans = [(int(indptr[t]), int(indptr[t + 1])) for t in terms]
    hit = np.concatenate([rows[a:b] for a, b in spans])
    return np.bincount(hit, weights=np.concatenate([weights[a:b] for a, b in spans]), minlength=n)


def select_rows(offsets: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(token mask, new offsets) that keep the rows where `keep` is True."""
    lengths = np.diff(offsets)
    mask = np.repeat(keep, lengths)
    return mask, np.concatenate([[0], np.cumsum(lengths[keep])]).astype(np.int64)


def take_rows(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(token positions, new offsets) that put `rows` (row numbers, in their new order) one after another."""
    lengths = np.diff(offsets)[rows]
    new = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    positions = np.repeat(np.asarray(offsets[:-1])[rows] - new[:-1], lengths) + np.arange(new[-1], dtype=np.int64)
    return positions, new


# ---------------------------------------------------------------- the index


class FileColumn:
    """A saved 1-D .npy array read by slices with `pread`: a query's postings are copied out of the
    OS page cache, so nothing of the file stays mapped into (or counted in) this process's memory."""

    def __init__(self, path: Path):
        header = np.load(path, mmap_mode="r")
        self.dtype, self.length, self.offset = header.dtype, len(header), header.offset
        del header
        self._fd: int | None = os.open(path, os.O_RDONLY)  # the data stays readable if the generation is deleted

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> np.ndarray:
        start, stop, _ = part.indices(self.length)
        size = self.dtype.itemsize
        assert self._fd is not None, "read after close"
        data = os.pread(self._fd, max(0, stop - start) * size, self.offset + start * size)
        return np.frombuffer(data, self.dtype)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        whole = self[0 : self.length]
        return whole if dtype is None else whole.astype(dtype)

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)
            self._fd = None


class SparseIndex:
    """A BM25 index whose rows are chunk ids.

    Each row's token ids are kept (4 bytes a token), so adding or removing rows never tokenizes
    the others again: `build()` recomputes the postings from them. Arrays are replaced, never
    changed in place, so a copy can share them; a loaded index reads them from its files.
    """

    def __init__(self, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.terms: list[str] = []
        self.vocab: dict[str, int] = {}
        self.ids = np.zeros(0, np.int64)
        self.tokens = np.zeros(0, np.int32)
        self.offsets = np.zeros(1, np.int64)
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (ids, tokens, lengths) added since
        self.indptr: np.ndarray | None = np.zeros(1, np.int64)  # postings; None while rows wait for `build`
        self.rows = np.zeros(0, np.int32)
        self.weights = np.zeros(0, np.float32)

    @classmethod
    def from_texts(cls, texts: Sequence[str], ids: np.ndarray, k1: float = 1.2, b: float = 0.75) -> SparseIndex:
        index = cls(k1, b)
        index.add(texts, ids)
        index.build()
        return index

    def _term_id(self, term: str) -> int:
        t = self.vocab.get(term)
        if t is None:
            t = self.vocab[term] = len(self.terms)
            self.terms.append(term)
        return t

    def add(self, texts: Sequence[str], ids: np.ndarray) -> None:
        """Append rows: `texts` tokenized, with their chunk `ids` (postings wait for `build`)."""
        token_lists = [[self._term_id(w) for w in tokenize(t)] for t in texts]
        tokens = np.fromiter((t for ts in token_lists for t in ts), np.int32)
        self._pending.append((np.asarray(ids, np.int64), tokens, np.array([len(ts) for ts in token_lists], np.int64)))
        self.indptr = None

    def _flush(self) -> None:
        if not self._pending:
            return
        ids, tokens, lengths = zip(*self._pending)
        self.ids = np.concatenate([self.ids, *ids])
        self.tokens = np.concatenate([self.tokens, *tokens])
        self.offsets = np.concatenate([self.offsets, self.offsets[-1] + np.cumsum(np.concatenate(lengths))])
        self._pending = []

    def keep(self, keep: np.ndarray) -> None:
        """Keep only the rows where `keep` (one bool per row) is True."""
        self._flush()
        mask, self.offsets = select_rows(self.offsets, keep)
        self.tokens, self.ids = self.tokens[mask], self.ids[keep]
        self.indptr = None

    def take(self, rows: np.ndarray) -> None:
        """Keep these rows (row numbers), in this order."""
        self._flush()
        positions, self.offsets = take_rows(np.asarray(self.offsets), np.asarray(rows, np.int64))
        self.tokens, self.ids = np.asarray(self.tokens)[positions], np.asarray(self.ids)[rows]
        self.indptr = None

    def build(self, stats: CorpusStats | None = None) -> None:
        """Compute the postings of the current rows (scored with a whole corpus's `stats` when given)."""
        self._flush()
        self.indptr, self.rows, self.weights = postings(
            self.tokens, self.offsets, len(self.terms), self.k1, self.b, stats
        )

    def copy(self) -> SparseIndex:
        """An independent index sharing the (never mutated) arrays."""
        self._flush()
        other = SparseIndex(self.k1, self.b)
        other.terms, other.vocab = list(self.terms), dict(self.vocab)
        for name in ("ids", "tokens", "offsets", "indptr", "rows", "weights"):
            setattr(other, name, getattr(self, name))
        return other

    def _built(self) -> np.ndarray:
        if self.indptr is None or self._pending:
            raise RuntimeError("SparseIndex changed since its postings were built: call build() first")
        return self.indptr

    def search(self, query: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, scores) of the best n chunks; nothing for an empty or all-stop-word query."""
        ids, scores = self.search_exact(query, n)
        return ids, scores.astype(np.float32)

    def search_exact(self, query: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """`search` with the float64 scores it ranks by (shards' candidates merge by these, as one index ranks)."""
        indptr = self._built()
        terms = [self.vocab[w] for w in tokenize(query) if w in self.vocab]
        if not terms or not len(self.ids):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        scores = bm25_scores(terms, indptr, self.rows, self.weights, len(self.ids))
        rows = top_n(scores, n)
        return np.asarray(self.ids[rows], dtype=np.int64), scores[rows]

    def idf(self, tokens: list[str]) -> np.ndarray:
        """BM25 inverse document frequency of each (already tokenized) term; unseen terms get the maximum."""
        return bm25_idf(*self.frequencies(tokens))

    def frequencies(self, tokens: list[str]) -> tuple[np.ndarray, int]:
        """How many chunks hold each (already tokenized) term, and how many chunks there are."""
        indptr = self._built()
        df = np.array(
            [indptr[self.vocab[t] + 1] - indptr[self.vocab[t]] if t in self.vocab else 0 for t in tokens],
            dtype=np.float64,
        )
        return df, len(self.ids)

    def words(self) -> Sequence[str]:
        """Every (tokenized) term of the corpus."""
        return self.terms

    def save(self, folder: Path) -> None:
        indptr = self._built()
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {
            "ids": self.ids,
            "offsets": self.offsets,
            "tokens": self.tokens,
            "indptr": indptr,
            "rows": self.rows,
            "weights": self.weights,
        }
        for name in FILES:
            np.save(folder / f"{name}.npy", np.asarray(arrays[name]))
        (folder / "terms.json").write_text(json.dumps(self.terms, ensure_ascii=False), encoding="utf-8")
        (folder / TOKENIZER).write_text(json.dumps({"version": TOKENIZER_VERSION}), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, k1: float, b: float) -> SparseIndex | None:
        """The index saved in `folder`; None for a folder in an older format, or tokenized by another
        TOKENIZER_VERSION (its texts are then tokenized again).

        Token ids and offsets are memory-mapped (read only when the index changes), the postings
        read per query term (`FileColumn`): an open index costs its vocabulary and ids in memory.
        """
        if (
            not all(os.path.isfile(folder / f"{name}.npy") for name in FILES)
            or tokenizer_version(folder) != TOKENIZER_VERSION
        ):
            return None
        index = cls(k1, b)
        for name in FILES:
            if name in ("rows", "weights"):  # read per query term
                setattr(index, name, FileColumn(folder / f"{name}.npy"))
            else:
                setattr(index, name, np.load(folder / f"{name}.npy", mmap_mode="r"))
        index.terms = json.loads((folder / "terms.json").read_text(encoding="utf-8"))
        index.vocab = {t: i for i, t in enumerate(index.terms)}
        return index


def tokenizer_version(folder: Path) -> int:
    """The TOKENIZER_VERSION of the index saved in `folder` (1: saved before versions were)."""
    path = folder / TOKENIZER
    return int(json.loads(path.read_text(encoding="utf-8"))["version"]) if path.is_file() else 1
