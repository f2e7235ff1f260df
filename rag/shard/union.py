"""The shards seen as one corpus: their documents as one mapping, and one State to plan an update against."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.models import Document
from rag.shard.layout import ShardedManifest
from rag.store.docstore import source_of
from rag.store.layout import read_chunk_docs
from rag.store.manifest import Manifest
from rag.store.state import State


class UnionDocs(Mapping[str, Document]):
    """The documents of every shard (each document lives in exactly one), read from the shard that holds it."""

    def __init__(self, parts: Sequence[Mapping[str, Document]]):
        self.parts = list(parts)
        self.where = {d: i for i, part in enumerate(self.parts) for d in part}

    def __getitem__(self, doc_id: str) -> Document:
        return self.parts[self.where[doc_id]][doc_id]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.where

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)

    def source(self, doc_id: str) -> str:
        return source_of(self.parts[self.where[doc_id]], doc_id)


@dataclass(frozen=True)
class ShardContents:
    """What the shards hold, as one index lists it (`rag.store.state.Contents`): every document, and the document
    of each passage, shard by shard."""

    docs: UnionDocs
    doc_of: list[str]

    @classmethod
    def read(cls, docs: UnionDocs, gens: Sequence[str | None]) -> ShardContents:
        """From the shards' documents and generation folders (None: a shard not written yet)."""
        return cls(docs, [d for g in gens if g is not None for d in read_chunk_docs(Path(g))])


def union_manifest(top: ShardedManifest, manifests: Sequence[Manifest]) -> Manifest:
    """One index's manifest for the whole sharded corpus: every shard's documents and extraction versions."""
    m = Manifest(
        embedder=top.embedder,
        build=top.build,
        search=top.search,
        answer=top.answer,
        root=top.root,
        next_chunk_id=top.next_chunk_id,
    )
    for part in manifests:
        m.documents.update(part.documents)
        m.extracted.update(part.extracted)
        m.chunked.update(part.chunked)
    m.chunks = sum(e.chunks for e in top.shards)
    return m


def union_state(top: ShardedManifest, manifests: Sequence[Manifest], docs: UnionDocs) -> State:
    """A State holding the whole corpus's documents and manifest (no rows): what `file_changes` compares files with."""
    return State.empty(union_manifest(top, manifests), docs)
