"""The Index: documents in, ranked passages and quoted answers out; a facade over store, build, retrieve and answer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

import numpy as np

from rag.answer.ask import ask_state
from rag.build.builder import BATCH_CHUNKS
from rag.build.changes import default_root, document_changes, file_changes, removals
from rag.build.updates import CHECKPOINT_SECONDS, Updater
from rag.checks import as_ids, as_paths
from rag.embed.factory import load_embedder
from rag.embed.model import TextEmbedder
from rag.errors import RagError
from rag.models import Answer, Document, Hit, IndexReport, IndexStats, Mode, Progress
from rag.retrieve.search import search
from rag.searchable import Searchable
from rag.settings import AnswerSettings, BuildSettings, SearchSettings
from rag.shard.hook import open_sharded
from rag.store.docstore import DocStore
from rag.store.layout import index_stats, save_state, state_at
from rag.store.live import Live
from rag.store.state import State


class Index(Searchable):
    """A searchable index of documents, in a folder (or in memory when `path` is None).

    `__init__` only stores configuration; `Index.open` loads an index from disk. Each search reads one consistent
    snapshot while writers (threads or other processes) publish complete new ones; reads notice another process's
    commit by one stat of CURRENT. A write holds the index lock from reading the newest generation to committing its
    own, so concurrent writers stack their changes; one that finds the lock taken tells `on_busy` and waits, or raises
    IndexBusy when `wait` is False. `checkpoint_seconds` and `batch_chunks` set how often a long `add` saves, and how
    many passages it embeds per batch.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        build: BuildSettings | None = None,
        search: SearchSettings | None = None,
        embedder: TextEmbedder | None = None,
        answer: AnswerSettings | None = None,
        *,
        checkpoint_seconds: float = CHECKPOINT_SECONDS,
        batch_chunks: int = BATCH_CHUNKS,
        wait: bool = True,
        on_busy: Callable[[str], None] | None = None,
    ):
        self.path = Path(path) if path is not None else None
        self._build, self._search, self._answer = build, search, answer
        self.embedder = embedder or load_embedder()
        self._updater = Updater(self.embedder, self._publish, checkpoint_seconds, batch_chunks)
        self._live: Live | None = None
        self.wait, self.on_busy = wait, on_busy

    def _read(self, gen: Path | None) -> State:
        return state_at(gen, self.embedder, self._build, self._search, self._answer)

    @classmethod
    def open(
        cls,
        path: str | Path,
        create: bool = True,
        build: BuildSettings | None = None,
        search: SearchSettings | None = None,
        embedder: TextEmbedder | None = None,
        answer: AnswerSettings | None = None,
        *,
        checkpoint_seconds: float = CHECKPOINT_SECONDS,
        batch_chunks: int = BATCH_CHUNKS,
        wait: bool = True,
        on_busy: Callable[[str], None] | None = None,
        ray: bool = False,
    ) -> Index:
        """Open the index in `path`; an empty new one when there is none and `create` is True.

        `search` and `answer` override the stored settings for this session; `build` must match the stored build
        settings. `wait` and `on_busy` are the defaults of the write methods': wait for another process's write (telling
        `on_busy`, default a warning on the "rag" logger), or raise IndexBusy at once. A sharded index opens as a
        `rag.shard.index.ShardedIndex` (same API), its shards searched by threads, or by Ray actors with `ray`.
        """
        if (sharded := open_sharded(path, create, build, search, embedder, answer, wait, on_busy, ray)) is not None:
            return sharded  # type: ignore[return-value]  # the Index API, over shards
        index = cls(path, build, search, embedder, answer, checkpoint_seconds=checkpoint_seconds,
                    batch_chunks=batch_chunks, wait=wait, on_busy=on_busy)  # fmt: skip
        index._live = Live(Path(path), index._read, create)
        return index

    @classmethod
    def in_memory(
        cls,
        build: BuildSettings | None = None,
        search: SearchSettings | None = None,
        embedder: TextEmbedder | None = None,
        answer: AnswerSettings | None = None,
    ) -> Index:
        """An empty index that is never saved."""
        index = cls(None, build, search, embedder, answer)
        index._live = Live(None, index._read)
        return index

    # ------------------------------------------------------------------ reading
    def snapshot(self) -> State:
        """The newest consistent snapshot: documents, passages and both retrievers (read-only). On disk, one stat of
        CURRENT per call notices a generation another process committed."""
        if self._live is None:
            raise RagError("this Index is not open: use Index.open(path) or Index.in_memory()")
        return self._live.current()

    @property
    def settings(self) -> SearchSettings:
        return self.snapshot().manifest.search

    @property
    def build_settings(self) -> BuildSettings:
        return self.snapshot().manifest.build

    @property
    def answer_settings(self) -> AnswerSettings:
        return self.snapshot().manifest.answer

    @property
    def root(self) -> Path | None:
        return Path(root) if (root := self.snapshot().manifest.root) else None

    def contents(self) -> State:
        return self.snapshot()

    def indexed_passages(self) -> list[tuple[str, str]]:
        """(document id, text as embedded and BM25-indexed) of every passage, in index order."""
        s = self.snapshot()
        return list(zip(s.doc_of, s.index_texts()))

    def stats(self) -> IndexStats:
        return index_stats(self.snapshot(), str(self.path) if self.path else "(in memory)")

    def __len__(self) -> int:
        return len(self.snapshot().docs)

    # ------------------------------------------------------------------ writing
    def add(
        self,
        paths: str | Path | Iterable[str | Path],
        root: str | Path | None = None,
        progress: Progress | None = None,
        *,
        wait: bool | None = None,
    ) -> IndexReport:
        """Index files and folders (one path, or a list); re-embed only new or changed files.

        Indexed files that no longer exist leave the index; a file whose bytes are indexed under a
        path that vanished is a move (`report.moved`): its id changes, nothing is embedded again.
        Files are read, embedded and merged in batches, and the index is saved every minute or so
        along the way: an interrupted run keeps what it finished, and running it again embeds only
        the rest. Memory holds one batch of new text beyond the index itself.
        """
        targets = as_paths(paths)
        with self._writing(wait) as state:
            base = Path(root).resolve() if root else (Path(r) if (r := state.manifest.root) else default_root(targets))
            c = file_changes(targets, state, base)
            self._updater.run(
                state, c.documents(), c.size, c.gone, c.report, progress, str(base), c.failed, c.restamped, c.moved
            )
        return c.report

    def add_documents(
        self, docs: Sequence[Document], progress: Progress | None = None, *, wait: bool | None = None
    ) -> IndexReport:
        """Index in-memory documents (ids must be unique); changed ones replace their old version."""
        with self._writing(wait) as state:
            fresh, report = document_changes(docs, state)
            self._updater.run(state, iter(fresh), sum(n for _, n in fresh), [], report, progress)
        return report

    def remove(self, doc_ids: str | Iterable[str], *, wait: bool | None = None) -> IndexReport:
        """Remove documents by id (one id, or a list); unknown ids are reported as skipped."""
        ids = as_ids(doc_ids)
        with self._writing(wait) as state:
            gone, report = removals(ids, state)
            self._updater.run(state, iter(()), 0, gone, report)
        return report

    def _writing(self, wait: bool | None) -> AbstractContextManager[State]:
        if self._live is None:
            self.snapshot()  # raises: not open
        return self._live.writing(self.wait if wait is None else wait, self.on_busy)  # type: ignore[union-attr]

    def _publish(self, new_state: State) -> None:
        gen = None
        if self.path is not None:
            gen = save_state(self.path, new_state)  # on disk first: a crash here leaves the previous index whole
            new_state.docs = DocStore(gen)  # read back on demand: new text does not pile up in memory
        self._live.publish(new_state, gen)  # type: ignore[union-attr]

    # ------------------------------------------------------------------ searching
    def _run_search(
        self, query: str, k: int, mode: Mode, settings: SearchSettings | None, query_vector: np.ndarray | None
    ) -> tuple[list[Hit], dict[str, float]]:
        state = self.snapshot()  # one snapshot for the whole query
        return search(state, self.embedder, query, k, mode, settings or state.manifest.search, query_vector)

    def _run_ask(self, questions: list[str], k: int | None, mode: Mode, threshold: float | None) -> list[Answer]:
        state = self.snapshot()
        return ask_state(state, self.embedder, questions, k, mode, threshold, self.reader(state.manifest.answer))
