"""What one update of a sharded index does: documents to read and embed, the shard of each, what each shard drops."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rag.build.changes import FileChanges, document_changes, file_changes, removals
from rag.models import Document, IndexReport
from rag.store.state import State


def shard_of(doc_id: str, shards: int) -> int:
    """The shard a new document goes to: a stable hash of its id (an updated document stays where it is)."""
    return int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big") % shards


@dataclass
class Pending:
    """One document to read (a file) or take as given (in memory), in update order: chunk ids follow `order`."""

    order: int
    doc_id: str
    shard: int
    path: str = ""
    doc: Document | None = None
    size: int = 0


@dataclass
class Plan:
    """One update: pending documents, moved ones, and per shard the documents that leave it and those whose reading is
    restamped."""

    shards: int
    where: Mapping[str, int]  # shard of each indexed document
    report: IndexReport
    pending: list[Pending] = field(default_factory=list)
    drop: list[set[str]] = field(default_factory=list)
    restamp: list[set[str]] = field(default_factory=list)
    changes: FileChanges | None = None  # for a file update: reads the pending files (rag.build.changes)
    moves: dict[str, Document] = field(default_factory=dict)  # old id -> the document under its new id (not re-read)
    root: str | None = None
    timings: dict[str, float] = field(default_factory=dict)  # how long the run's stages took (seconds)

    def __post_init__(self) -> None:
        self.drop = self.drop or [set() for _ in range(self.shards)]
        self.restamp = self.restamp or [set() for _ in range(self.shards)]

    @property
    def size(self) -> int:
        return sum(p.size for p in self.pending)

    def place(self, doc_id: str) -> int:
        return self.where[doc_id] if doc_id in self.where else shard_of(doc_id, self.shards)

    def leave(self, doc_ids: Iterable[str]) -> None:
        """These documents leave their shards (removed, replaced by a new version, or no longer readable)."""
        for d in doc_ids:
            if d in self.where:
                self.drop[self.where[d]].add(d)

    def read(self, doc_id: str) -> None:
        """A pending document was read: reported added or updated, and its old version leaves."""
        (self.report.updated if doc_id in self.where else self.report.added).append(doc_id)
        self.leave([doc_id])

    def failed(self, doc_ids: Iterable[str]) -> None:
        """Pending files that no longer read: their old text leaves the index, as in one index."""
        known = [d for d in doc_ids if d in self.where]
        self.leave(known)
        self.report.removed.extend(known)

    def gone(self, index: int) -> list[str]:
        """The documents that leave the corpus from shard `index`, sorted (moved ones count where they go)."""
        return sorted(self.drop[index] - self.moves.keys())

    def arrivals(self, gens: Sequence[str | None]) -> list[list[tuple[str, dict[str, Document]]]]:
        """Per shard, the documents moving into it (perhaps from itself) as (generation of the shard they leave,
        old id -> document under its new id); the shard they leave drops them."""
        into: list[dict[int, dict[str, Document]]] = [{} for _ in range(self.shards)]
        for old, doc in self.moves.items():
            into[self.place(doc.id)].setdefault(self.where[old], {})[old] = doc
        return [[(str(gens[s]), moves) for s, moves in sorted(t.items())] for t in into]

    def changed(self) -> bool:
        return bool(self.pending) or any(self.drop) or any(self.restamp)


def plan_files(paths: list[Path], union: State, where: Mapping[str, int], base: Path, shards: int) -> Plan:
    """The update `Index.add(paths)` makes: `file_changes` against the whole corpus; moved files keep their chunks and
    vectors, which go to the shard of their new id."""
    c = file_changes(paths, union, base)
    plan = Plan(shards, where, c.report, changes=c, root=str(base), moves=dict(c.moved))
    plan.leave(c.gone)
    plan.leave(plan.moves)
    plan.report.removed.extend(c.gone)
    plan.pending = [Pending(i, d, plan.place(d), path=str(f), size=n) for i, (f, d, n) in enumerate(c.pending)]
    return plan


def plan_documents(docs: Sequence[Document], union: State, where: Mapping[str, int], shards: int) -> Plan:
    """The update `Index.add_documents(docs)` makes: new or changed documents, in the order given."""
    fresh, report = document_changes(docs, union)
    plan = Plan(shards, where, report)
    plan.pending = [Pending(i, d.id, plan.place(d.id), doc=d, size=n) for i, (d, n) in enumerate(fresh)]
    return plan


def plan_removals(doc_ids: list[str], union: State, where: Mapping[str, int], shards: int) -> Plan:
    """The update `Index.remove(doc_ids)` makes."""
    gone, report = removals(doc_ids, union)
    plan = Plan(shards, where, report)
    plan.leave(gone)
    report.removed.extend(gone)
    return plan
