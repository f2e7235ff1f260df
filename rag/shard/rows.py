"""New chunks on their way to a shard: documents chunked into rows with global chunk ids, and their vectors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from rag.ingest.chunks import Span
from rag.models import Document
from rag.store.state import State, index_text


def chunk_texts(doc: Document, spans: list[Span], title_prefix: bool) -> list[str]:
    """What is embedded and BM25-indexed for each chunk of `doc`."""
    return [index_text(doc.title, doc.text[s.start : s.end], title_prefix) for s in spans]


@dataclass
class ShardRows:
    """New chunks bound for one shard: their documents, and per chunk its global id, span, index text and vector."""

    docs: list[Document] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    doc_of: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)  # blocks of rows, in row order

    def add(self, doc: Document, spans: list[Span], first_id: int, title_prefix: bool) -> list[str]:
        """Add `doc` and its chunks, numbered from `first_id`; returns their texts (to embed)."""
        texts = chunk_texts(doc, spans, title_prefix)
        self.docs.append(doc)
        self.ids += range(first_id, first_id + len(spans))
        self.doc_of += [doc.id] * len(spans)
        self.starts += [s.start for s in spans]
        self.ends += [s.end for s in spans]
        self.pages += [s.page or 0 for s in spans]
        self.texts += texts
        return texts

    def extend(self, other: ShardRows) -> None:
        """Add `other`'s documents and chunks after these."""
        self.docs += other.docs
        self.ids += other.ids
        self.doc_of += other.doc_of
        self.starts += other.starts
        self.ends += other.ends
        self.pages += other.pages
        self.texts += other.texts
        self.vectors += other.vectors

    def matrix(self, dimension: int) -> np.ndarray:
        """The vectors as one (rows, dimension) float32 array."""
        if not self.vectors:
            return np.zeros((0, dimension), np.float32)
        return np.ascontiguousarray(np.vstack(self.vectors), dtype=np.float32)

    def __bool__(self) -> bool:
        return bool(self.docs)


def rows_of(docs: list[Document], table: dict[str, np.ndarray], title_prefix: bool) -> ShardRows:
    """ShardRows from embedded chunk rows that arrived in any order and perhaps twice (a retried task):
    documents and chunk ids taken once each, rows sorted by chunk id. `table` holds ids, starts, ends, pages, vectors."""
    by_id = {d.id: d for d in docs}
    ids = np.asarray(table["ids"], np.int64)
    _, first = np.unique(ids, return_index=True)  # sorted by id, each id once
    rows = ShardRows(docs=list(by_id.values()))
    rows.ids = ids[first].tolist()
    rows.starts = np.asarray(table["starts"])[first].tolist()
    rows.ends = np.asarray(table["ends"])[first].tolist()
    rows.pages = np.asarray(table["pages"])[first].tolist()
    rows.doc_of = [str(d) for d in np.asarray(table["doc_ids"])[first].tolist()]
    rows.texts = [
        index_text(by_id[d].title, by_id[d].text[a:b], title_prefix)
        for d, a, b in zip(rows.doc_of, rows.starts, rows.ends)
    ]
    rows.vectors = [np.asarray(table["vectors"], np.float32)[first]]
    return rows


def moved_rows(state: State, moves: Mapping[str, Document], title_prefix: bool) -> ShardRows:
    """The chunks of moved documents (old id -> document under its new id) as `state` stores them, under the new
    ids: chunk ids, spans and vectors kept (a move embeds nothing), wherever the new id belongs."""
    rows = ShardRows(docs=[moves[d] for d in moves if d in state.docs])
    picked = np.flatnonzero(np.array([d in moves for d in state.doc_of], dtype=bool))
    rows.ids = state.ids[picked].tolist()
    rows.doc_of = [moves[state.doc_of[i]].id for i in picked.tolist()]
    rows.starts = state.starts[picked].tolist()
    rows.ends = state.ends[picked].tolist()
    rows.pages = state.pages[picked].tolist()
    by_id = {d.id: d for d in rows.docs}
    rows.texts = [
        index_text(by_id[d].title, by_id[d].text[a:b], title_prefix)
        for d, a, b in zip(rows.doc_of, rows.starts, rows.ends)
    ]
    rows.vectors = [state.dense.vectors(state.ids[picked])]
    return rows
