"""ShardedIndex: the Index API over a sharded index folder; shards searched in parallel, results as one index's."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from rag.answer.answers import answer_many
from rag.answer.lookup import DEEP_POOL, LOOKUP_POOL, with_entries
from rag.build.builder import BATCH_CHUNKS
from rag.build.changes import default_root
from rag.checks import as_ids, as_paths
from rag.embed.model import TextEmbedder
from rag.errors import BadInput, DamagedIndex, IncompatibleIndex, IndexNotFound, RagError
from rag.models import Answer, Document, Hit, IndexReport, IndexStats, Mode, Progress
from rag.searchable import Searchable
from rag.settings import AnswerSettings, BuildSettings, SearchSettings
from rag.shard.cluster import RayOptions
from rag.shard.layout import ShardedManifest, read_sharded, shard_generation
from rag.shard.plan import Plan, plan_documents, plan_files, plan_removals
from rag.shard.search import Shards, hit_documents, sharded_search
from rag.shard.stats import GlobalIdf
from rag.shard.union import ShardContents
from rag.shard.update import Current, load_current, update
from rag.store.generations import CURRENT, pointer_stamp, read_pointer
from rag.store.layout import embedder_info, read_state
from rag.store.manifest import FORMAT_VERSION, Manifest, check_embedder, read_manifest
from rag.store.state import State

RETRIES = 20  # opens that may each be overtaken by a writer's commit (which removes the shards read) before giving up


class ShardedStats(IndexStats):
    """`IndexStats` of a sharded index, with its shards."""

    shards: int
    shard_chunks: list[int]


class ShardedIndex(Searchable):
    """A sharded index folder behind the Index API (rag.index.Index): `search`, `search_many`, `ask`, `add`, `stats`.

    Each shard (an ordinary index folder) returns its best candidates with raw scores, BM25 scored with the global
    statistics of the manifest; merged, fused and answered as one index over the union (same ranking and scores,
    with exact dense search). Shards are searched by threads here, or by Ray actors with `ray`, which also makes
    `add` a Ray Data job. Updates hold the index lock and commit the manifest atomically.
    """

    def __init__(self, path: str | Path, build: BuildSettings | None = None, search: SearchSettings | None = None,
                 embedder: TextEmbedder | None = None, answer: AnswerSettings | None = None, *, wait: bool = True,
                 on_busy: Callable[[str], None] | None = None, ray: RayOptions | None = None,
                 shards: int | None = None, batch_chunks: int = BATCH_CHUNKS):  # fmt: skip
        from rag.embed.factory import load_embedder

        self.path = self.folder = Path(path)
        self._build, self._search, self._answer = build, search, answer
        self.embedder = embedder or load_embedder()
        self.wait, self.on_busy = wait, on_busy
        self.ray, self.shards, self.batch_chunks = ray, shards, batch_chunks
        self._lock = threading.Lock()
        self._top: tuple[tuple[int, int, int] | None, str | None, ShardedManifest] | None = None
        self._served: tuple[str | None, Shards] | None = None
        self._contents: tuple[str | None, ShardContents] | None = None
        self.last_timings: dict[str, float] = {}  # the last update's stage times (seconds; a Ray job's embedding)

    @classmethod
    def open(cls, path: str | Path, create: bool = True, build: BuildSettings | None = None,
             search: SearchSettings | None = None, embedder: TextEmbedder | None = None,
             answer: AnswerSettings | None = None, *, wait: bool = True, on_busy: Callable[[str], None] | None = None,
             ray: bool | RayOptions | None = False, shards: int | None = None, batch_chunks: int = BATCH_CHUNKS,
             **_: object) -> ShardedIndex:  # fmt: skip
        """Open the sharded index in `path` (a new one is made by the first `add` when `create`); `ray`: search by Ray
        actors and update by Ray Data jobs (True: a local runtime or $RAY_ADDRESS; or RayOptions); `batch_chunks`:
        passages embedded (and staged, for a re-run of an interrupted update to reuse) per batch in this process."""
        folder = Path(path)
        if (folder / CURRENT).exists() and not (folder / "shards").is_dir():
            raise BadInput(f"{folder} holds a single index, not a sharded one: give a new folder, or add --rebuild")
        options = RayOptions() if ray is True else (ray or None)
        index = cls(folder, build, search, embedder, answer, wait=wait, on_busy=on_busy, ray=options, shards=shards,
                    batch_chunks=batch_chunks)  # fmt: skip
        top = index.manifest()
        if read_pointer(folder) is None and not create:
            raise IndexNotFound(f"no index in {folder}: build one with `rag index DOCS --index {folder} --ray`")
        if build is not None and read_pointer(folder) is not None and build != top.build:
            raise IncompatibleIndex(f"index {folder} was built with other settings ({top.build.model_dump()}); "
                                    f"rebuild it with `rag index DOCS --index {folder} --rebuild` to change them.")  # fmt: skip
        check_embedder(Manifest(embedder=top.embedder), embedder_info(index.embedder), folder)
        for i, entry in enumerate(top.shards):  # each shard there and complete: a missing one is named now
            shard_generation(folder, entry, i)
        return index

    # ------------------------------------------------------------------ reading
    def new_manifest(self) -> ShardedManifest:
        return ShardedManifest(embedder=embedder_info(self.embedder), build=self._build or BuildSettings(),
                               search=self._search or SearchSettings(), answer=self._answer or AnswerSettings())  # fmt: skip

    def manifest(self) -> ShardedManifest:
        """The committed manifest (read again when another process commits: one stat of CURRENT per call)."""
        stamp = pointer_stamp(self.folder)
        if self._top is None or self._top[0] != stamp:
            got = read_sharded(self.folder) if self.folder.is_dir() else None
            self._top = (stamp, got[0], got[1]) if got else (stamp, None, self.new_manifest())
        return self._top[2]

    def served(self) -> Shards:
        """The shards of the committed generation, loaded (threads) or started (Ray actors) once per generation."""
        top = self.manifest()
        with self._lock:
            name = self._top[1] if self._top else None
            if self._served is None or self._served[0] != name:  # the old shards go once no search holds them
                self._served = (name, self._load(top))
            return self._served[1]

    def _load(self, top: ShardedManifest) -> Shards:
        from rag.shard.threads import LocalShards, shard_state

        for attempt in range(RETRIES):
            name = read_pointer(self.folder)
            try:
                gens = [shard_generation(self.folder, e, i) for i, e in enumerate(top.shards)]
                if self.ray is not None:
                    from rag.shard.actors import RayShards

                    return RayShards(gens, self.ray)
                return LocalShards([shard_state(i, g) for i, g in enumerate(gens)])
            except DamagedIndex:
                if attempt == RETRIES - 1 or read_pointer(self.folder) == name:
                    raise
                top = self.manifest()
        raise AssertionError("unreachable")

    def snapshot(self) -> State:
        raise RagError(f"{self.folder} is a sharded index: it has no single snapshot (open one shard folder for that)")

    @property
    def settings(self) -> SearchSettings:
        return self._search or self.manifest().search

    @property
    def build_settings(self) -> BuildSettings:
        return self.manifest().build

    @property
    def answer_settings(self) -> AnswerSettings:
        return self._answer or self.manifest().answer

    @property
    def root(self) -> Path | None:
        root = self.manifest().root
        return Path(root) if root else None

    def contents(self) -> ShardContents:
        """Every shard's documents and the document of each passage, shard by shard; read once per generation."""
        top = self.manifest()
        with self._lock:
            name = self._top[1] if self._top else None
            if self._contents is None or self._contents[0] != name:
                cur = load_current(self.folder, top, None)
                self._contents = (name, ShardContents.read(cur.docs, cur.gens))
            return self._contents[1]

    def indexed_passages(self) -> list[tuple[str, str]]:
        """(document id, indexed text) of every passage, in chunk id order (the order one index keeps them in)."""
        rows: list[tuple[int, str, str]] = []
        for gen in load_current(self.folder, self.manifest(), None).gens:
            if gen is not None:
                s = read_state(Path(gen), read_manifest(Path(gen)))
                rows += zip(s.ids.tolist(), s.doc_of, s.index_texts())
        return [(d, t) for _, d, t in sorted(rows)]

    def stats(self) -> ShardedStats:
        top = self.manifest()
        chunks = [e.chunks for e in top.shards]
        return ShardedStats(path=str(self.folder), documents=len(self), chunks=sum(chunks), embedder=top.embedder.name,
                            dimension=top.embedder.dimension, dense=self._dense_kind(top), format_version=FORMAT_VERSION,
                            shards=len(chunks), shard_chunks=chunks)  # fmt: skip

    def _dense_kind(self, top: ShardedManifest) -> str:
        kinds = sorted({e.dense for e in top.shards}) or ["exact"]
        return kinds[0] if len(kinds) == 1 else f"mixed ({', '.join(kinds)})"

    def __len__(self) -> int:
        return sum(e.documents for e in self.manifest().shards)

    # ------------------------------------------------------------------ writing
    def _update(
        self, make_plan: Callable[[Current], Plan], progress: Progress | None, wait: bool | None
    ) -> IndexReport:
        def run(ix: Path, cur: Current, plan: Plan):
            if self.ray is not None:
                from rag.shard.pipeline import run_ray

                return run_ray(ix, cur, plan, self.ray, progress)
            from rag.shard.local import run_local

            return run_local(ix, cur, plan, self.embedder, progress, self.batch_chunks)

        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "shards").mkdir(exist_ok=True)
        plans: list[Plan] = []

        def planned(cur: Current) -> Plan:
            plans.append(make_plan(cur))
            return plans[-1]

        report = update(self.folder, self.new_manifest(), self.shards, planned, run,
                        self.wait if wait is None else wait, self.on_busy)  # fmt: skip
        self._top = None
        self.last_timings = plans[-1].timings if plans else {}
        return report

    def add(self, paths: str | Path | Iterable[str | Path], root: str | Path | None = None,
            progress: Progress | None = None, *, wait: bool | None = None) -> IndexReport:  # fmt: skip
        """Index files and folders: new or changed files are embedded, vanished ones leave, moved ones keep their
        vectors (`report.moved`)."""
        targets = as_paths(paths)

        def plan(cur: Current) -> Plan:
            base = Path(root).resolve() if root else (Path(r) if (r := cur.top.root) else default_root(targets))
            return plan_files(targets, cur.union(), cur.docs.where, base, cur.shards)

        return self._update(plan, progress, wait)

    def add_documents(self, docs: Sequence[Document], progress: Progress | None = None, *,
                      wait: bool | None = None) -> IndexReport:  # fmt: skip
        return self._update(lambda cur: plan_documents(docs, cur.union(), cur.docs.where, cur.shards), progress, wait)

    def remove(self, doc_ids: str | Iterable[str], *, wait: bool | None = None) -> IndexReport:
        ids = as_ids(doc_ids)
        return self._update(lambda cur: plan_removals(ids, cur.union(), cur.docs.where, cur.shards), None, wait)

    # ------------------------------------------------------------------ searching
    def _run_search(
        self, query: str, k: int, mode: Mode, settings: SearchSettings | None, query_vector: np.ndarray | None
    ) -> tuple[list[Hit], dict[str, float]]:
        return sharded_search(self.served(), self.embedder, query, k, mode, settings or self.settings, query_vector)

    def _run_ask(self, questions: list[str], k: int | None, mode: Mode, threshold: float | None) -> list[Answer]:
        """Each question's passages from all shards, answered from the union."""
        shards, cfg, search = self.served(), self.answer_settings, self.settings
        t = time.perf_counter()
        vectors = self.embedder.encode(list(questions))
        embed_ms = (time.perf_counter() - t) * 1000 / len(questions)
        k, idf = k or cfg.passages, GlobalIdf(self.manifest().bm25)
        searched = [sharded_search(shards, self.embedder, q, max(k, LOOKUP_POOL), mode, search, v)
                    for q, v in zip(questions, vectors)]  # fmt: skip
        ranked = [h for h, _ in searched]

        def deeper(i: int) -> list[Hit]:  # an option's line in its list, below the LOOKUP_POOL best
            return sharded_search(shards, self.embedder, questions[i], DEEP_POOL, mode, search, vectors[i])[0]

        hits = with_entries(questions, ranked, k, lambda found: hit_documents(shards, [found]), idf, deeper)
        answers = answer_many(questions, hits, hit_documents(shards, hits), idf, self.embedder, cfg, threshold,
                              self.reader(cfg), vectors, self.manifest().build.title_prefix)  # fmt: skip
        for a, (_, timings) in zip(answers, searched):
            a.timings_ms = {**timings, "embed": embed_ms, **a.timings_ms}
        return answers
