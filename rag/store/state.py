"""One consistent snapshot of an index's contents: what searches read and writers replace whole."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from rag.ingest.lists import unmarked
from rag.models import Document
from rag.retrieve.dense import DenseIndex
from rag.retrieve.sparse import SparseIndex
from rag.store.manifest import Manifest


@dataclass
class State:
    """One consistent snapshot of an index; searches read it, writers replace it whole."""

    manifest: Manifest
    docs: Mapping[str, Document]  # a dict, or read from disk (rag.store.docstore)
    ids: np.ndarray  # chunk ids, one row per chunk
    doc_of: list[str]  # document id per row
    starts: np.ndarray
    ends: np.ndarray
    pages: np.ndarray  # 0 where the document has no pages
    dense: DenseIndex
    sparse: SparseIndex
    _sorter: np.ndarray | None = field(default=None, repr=False)
    _sorted: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def empty(cls, manifest: Manifest, docs: Mapping[str, Document] | None = None) -> State:
        """A State with no passages (and `docs`, else no documents), for the manifest's embedder and build settings."""
        build = manifest.build
        return cls(
            manifest=manifest,
            docs={} if docs is None else docs,
            ids=np.zeros(0, np.int64),
            doc_of=[],
            starts=np.zeros(0, np.int64),
            ends=np.zeros(0, np.int64),
            pages=np.zeros(0, np.int32),
            dense=DenseIndex(manifest.embedder.dimension, exact_limit=build.dense_exact_limit),
            sparse=SparseIndex(build.bm25_k1, build.bm25_b),
        )

    def __post_init__(self) -> None:
        # Chunk ids are handed out in increasing order and rows keep that order, so a binary search
        # finds a row without a per-chunk dict; any other order gets a sort index once.
        if len(self.ids) > 1 and not bool(np.all(self.ids[1:] > self.ids[:-1])):
            self._sorter = np.argsort(self.ids, kind="stable")
            self._sorted = self.ids[self._sorter]

    def row(self, chunk_id: int) -> int:
        """The row of a chunk id (KeyError if the index has no such chunk)."""
        ids = self.ids if self._sorted is None else self._sorted
        i = int(np.searchsorted(ids, chunk_id))
        if i == len(ids) or ids[i] != chunk_id:
            raise KeyError(chunk_id)
        return i if self._sorter is None else int(self._sorter[i])

    def chunk_text(self, row: int) -> str:
        return self.docs[self.doc_of[row]].text[int(self.starts[row]) : int(self.ends[row])]

    def index_texts(self) -> list[str]:
        """What was embedded and BM25-indexed for each chunk (`index_text`), in row order."""
        prefix = self.manifest.build.title_prefix
        out, doc = [], None
        for d, a, b in zip(self.doc_of, self.starts.tolist(), self.ends.tolist()):
            if doc is None or doc.id != d:  # a document's chunks are consecutive rows: read it once
                doc = self.docs[d]
            out.append(index_text(doc.title, doc.text[a:b], prefix))
        return out


class Contents(Protocol):
    """What an index holds, for listing it: its documents and the document of each passage (a State is one)."""

    @property
    def docs(self) -> Mapping[str, Document]: ...

    @property
    def doc_of(self) -> list[str]: ...


def index_text(title: str, text: str, title_prefix: bool) -> str:
    """What is embedded and BM25-indexed for a chunk: its text without its list items' markers (`lists.unmarked`),
    led by its title when asked."""
    text = unmarked(text)
    if title_prefix and title and not text.startswith(title):
        return f"{title}\n{text}"
    return text
