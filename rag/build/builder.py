"""Grow an index batch by batch: chunk, embed and merge documents; a complete snapshot at any point."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping

import numpy as np

from rag.ingest.chunks import CHUNKER_VERSION, chunk_document
from rag.ingest.readers import EXTRACTOR_VERSION
from rag.models import Document
from rag.store.docstore import Overlay
from rag.store.state import State, index_text

BATCH_CHUNKS = 1024  # passages embedded per batch: bounds the text and vectors held beyond the index itself


def batches(
    docs: Iterable[tuple[Document, int]], tokenizer, build, limit: int = BATCH_CHUNKS
) -> Iterator[tuple[list[Document], list[list], int]]:
    """Group (document, size) pairs into batches of at least `limit` chunks (the last may have fewer).

    Yields (documents, their chunk spans, their summed size); documents are pulled one at a time,
    so only the batch being formed is in memory.
    """
    group, spans, size, count = [], [], 0, 0
    for doc, n in docs:
        s = chunk_document(doc, tokenizer, build.chunking)
        group.append(doc)
        spans.append(s)
        size += n
        count += len(s)
        if count >= limit:
            yield group, spans, size
            group, spans, size, count = [], [], 0, 0
    if group:
        yield group, spans, size


def estimate_total(done: int, size_done: int, size_total: int) -> int:
    """Chunks to expect in all, from the chunks per byte (or character) seen so far."""
    if size_done <= 0:
        return done
    return max(done, round(done * size_total / size_done))


class Builder:
    """A new version of an index in the making: documents removed, then batches of documents added.

    `snapshot()` returns a complete, consistent State of everything merged so far (BM25 built);
    the builder keeps going on its own copies, so a published snapshot is never changed.
    """

    def __init__(self, state: State, gone: Iterable[str], embedder, root: str | None = None):
        self.embedder = embedder
        self.build = state.manifest.build
        self.manifest = state.manifest.model_copy(deep=True)
        if root is not None and self.manifest.root is None:
            self.manifest.root = root
        self.docs = Overlay(state.docs, {}, set())
        self.ids, self.doc_of = state.ids.copy(), list(state.doc_of)
        self.starts, self.ends, self.pages = state.starts.copy(), state.ends.copy(), state.pages.copy()
        self.dense = state.dense.copy()
        self.sparse = state.sparse.copy()
        self.changed = root is not None and state.manifest.root is None
        self.embedded = 0
        self.remove(gone)

    def remove(self, doc_ids: Iterable[str]) -> None:
        """Drop these documents (ids not in the index are ignored)."""
        doc_ids = {d for d in doc_ids if d in self.docs}
        if not doc_ids:
            return
        keep = np.array([d not in doc_ids for d in self.doc_of], dtype=bool)
        self.dense.remove(self.ids[~keep])
        self.sparse.keep(keep)
        self.ids, self.starts, self.ends, self.pages = (a[keep] for a in (self.ids, self.starts, self.ends, self.pages))
        self.doc_of = [d for d, k in zip(self.doc_of, keep.tolist()) if k]
        for d in doc_ids:
            if self.docs.added.pop(d, None) is None or d in self.docs.base:
                self.docs.removed.add(d)
            del self.manifest.documents[d]
            self.manifest.extracted.pop(d, None)
            self.manifest.chunked.pop(d, None)
        self.changed = True

    def move(self, moved: Mapping[str, Document]) -> None:
        """Give documents new ids and sources (old id -> document as it is now): chunks and vectors stay."""
        moved = {old: doc for old, doc in moved.items() if old in self.docs}
        if not moved:
            return
        self.doc_of = [moved[d].id if d in moved else d for d in self.doc_of]
        for old, doc in moved.items():
            if self.docs.added.pop(old, None) is None or old in self.docs.base:
                self.docs.removed.add(old)
            self.docs.added[doc.id] = doc
            self.manifest.documents[doc.id] = self.manifest.documents.pop(old)
            if old in self.manifest.extracted:
                self.manifest.extracted[doc.id] = self.manifest.extracted.pop(old)
            if old in self.manifest.chunked:
                self.manifest.chunked[doc.id] = self.manifest.chunked.pop(old)
        self.changed = True

    def rebase(self, docs: Mapping[str, Document]) -> None:
        """Continue from `docs`, which now holds everything merged so far (e.g. read back from disk)."""
        self.docs = Overlay(docs, {}, set())

    def add(self, docs: list[Document], spans: list[list], tick: Callable[[int], None] | None = None) -> None:
        """Merge `docs` (their chunk `spans` from `batches`), replacing earlier versions of the same ids."""
        self.remove(d.id for d in docs)
        ids, doc_of, starts, ends, pages, texts = [], [], [], [], [], []
        for d, chunk_spans in zip(docs, spans):
            for span in chunk_spans:
                ids.append(self.manifest.next_chunk_id)
                self.manifest.next_chunk_id += 1
                doc_of.append(d.id)
                starts.append(span.start)
                ends.append(span.end)
                pages.append(span.page or 0)
                texts.append(index_text(d.title, d.text[span.start : span.end], self.build.title_prefix))
            self.docs.added[d.id] = d
            self.manifest.documents[d.id] = d.sha256
            self.manifest.extracted[d.id] = EXTRACTOR_VERSION
            self.manifest.chunked[d.id] = CHUNKER_VERSION
        vectors = self.embedder.encode(texts, progress=tick)
        self.dense.add(vectors, np.array(ids, np.int64))
        self.sparse.add(texts, np.array(ids, np.int64))
        self.ids = np.concatenate([self.ids, np.array(ids, np.int64)])
        self.starts = np.concatenate([self.starts, np.array(starts, np.int64)])
        self.ends = np.concatenate([self.ends, np.array(ends, np.int64)])
        self.pages = np.concatenate([self.pages, np.array(pages, np.int32)])
        self.doc_of += doc_of
        self.embedded += len(texts)
        self.changed = True

    def restamp(self, doc_ids: Iterable[str]) -> None:
        """Record that today's extraction reads these documents' files to the very text indexed."""
        for d in doc_ids:
            if d in self.manifest.documents:
                self.manifest.extracted[d] = EXTRACTOR_VERSION
                self.changed = True

    def snapshot(self) -> State:
        """Everything merged so far as a State, BM25 postings built from the stored token ids."""
        manifest = self.manifest.model_copy(deep=True)
        manifest.chunks = len(self.ids)
        manifest.updated = time.time()
        dense, self.dense = self.dense, self.dense.copy()  # the snapshot keeps its own
        self.changed = False
        sparse = self.sparse.copy()
        sparse.build()
        docs = Overlay(self.docs.base, dict(self.docs.added), set(self.docs.removed))
        state = State(
            manifest,
            docs,
            self.ids.copy(),
            list(self.doc_of),
            self.starts.copy(),
            self.ends.copy(),
            self.pages.copy(),
            dense,
            sparse,
        )
        return state
