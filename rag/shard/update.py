"""One update of a sharded index under its lock: plan against the committed shards, run it here or on Ray, commit."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import BadInput
from rag.models import IndexReport
from rag.shard.layout import Bm25Stats, ShardedManifest, ShardEntry, commit, read_sharded, shard_generation, tidy_shards
from rag.shard.plan import Plan
from rag.shard.union import UnionDocs, union_state
from rag.store.docstore import DocStore
from rag.store.lock import index_lock
from rag.store.manifest import Manifest, read_manifest
from rag.store.state import State


@dataclass
class Current:
    """The committed sharded index as a writer sees it: its manifest, and each shard's generation, manifest and
    documents (catalogs only: no vectors or postings are loaded to plan an update)."""

    top: ShardedManifest
    gens: list[str | None]
    manifests: list[Manifest]
    docs: UnionDocs
    committed: bool

    @property
    def shards(self) -> int:
        return len(self.gens)

    def union(self) -> State:
        return union_state(self.top, self.manifests, self.docs)


@dataclass
class Outcome:
    """What a run of an update produced: every shard's entry, the global statistics, the next chunk id."""

    entries: list[ShardEntry]
    stats: Bm25Stats
    next_id: int
    embedded: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def load_current(ix: Path, new: ShardedManifest, shards: int | None) -> Current:
    """The committed index in `ix`, or `new` (with `shards` empty shards) when nothing is committed yet."""
    got = read_sharded(ix)
    if got is None:
        n = shards or 1
        if n < 1:
            raise BadInput(f"--shards must be at least 1, got {n}")
        return Current(new, [None] * n, [], UnionDocs([]), committed=False)
    top = got[1]
    if shards is not None and shards != len(top.shards):
        raise BadInput(
            f"{ix} has {len(top.shards)} shards, not {shards}: leave --shards out, or rebuild it with --rebuild"
        )
    gens = [shard_generation(ix, e, i) for i, e in enumerate(top.shards)]
    manifests = [read_manifest(g) for g in gens]
    docs = UnionDocs([DocStore(g) for g in gens])
    return Current(top, [str(g) for g in gens], manifests, docs, committed=True)


def must_write(cur: Current, plan: Plan, index: int, has_rows: bool, stats: Bm25Stats) -> bool:
    """Whether shard `index` needs a new version: new, changed, or its scores change with the global statistics."""
    return (
        cur.gens[index] is None
        or has_rows
        or bool(plan.drop[index] or plan.restamp[index])
        or stats != cur.top.bm25
        or cur.top.root != cur.manifests[index].root
    )


Runner = Callable[[Path, Current, Plan], Outcome]


def update(
    ix: Path,
    new: ShardedManifest,
    shards: int | None,
    make_plan: Callable[[Current], Plan],
    run: Runner,
    wait: bool = True,
    on_busy: Callable[[str], None] | None = None,
) -> IndexReport:
    """Apply one update to the sharded index in `ix` (created as `new` when there is none), holding its lock.

    What earlier crashed writers left is removed first, except the passages they embedded (staged: a run reuses
    them, rag.shard.staged); shards are written to new folders and count only once the manifest naming them is
    committed, which removes the staged passages: a crash at any point leaves the previous index whole.
    """
    with index_lock(ix, wait, on_busy):
        cur = load_current(ix, new, shards)
        tidy_shards(ix, {e.name for e in cur.top.shards} if cur.committed else set(), staged=True)
        plan = make_plan(cur)
        if plan.root is not None and cur.top.root is None:
            cur.top = cur.top.model_copy(update={"root": plan.root})
        if cur.committed and not plan.changed() and all(m.root == cur.top.root for m in cur.manifests):
            return plan.report  # nothing to write
        out = run(ix, cur, plan)
        top = cur.top.model_copy(
            update={"shards": out.entries, "bm25": out.stats, "next_chunk_id": out.next_id, "updated": time.time()}
        )
        commit(ix, top)
        plan.report.chunks_embedded = out.embedded
        plan.timings = out.timings
        return plan.report
