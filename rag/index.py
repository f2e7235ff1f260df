"""The Index: documents in, ranked passages and quoted answers out; a facade over store, build, retrieve and answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from rag.answer.answers import answer_many
from rag.answer.reader.reader import Reader, shipped_reader
from rag.build.builder import BATCH_CHUNKS
from rag.build.changes import default_root, document_changes, file_changes, removals
from rag.build.updates import CHECKPOINT_SECONDS, Updater
from rag.embed.factory import load_embedder
from rag.embed.model import TextEmbedder
from rag.errors import RagError
from rag.models import Answer, Document, Hit, IndexReport, IndexStats, Mode, Progress
from rag.retrieve.search import search
from rag.settings import AnswerSettings, BuildSettings, SearchSettings
from rag.store.docstore import DocStore
from rag.store.layout import empty_state, index_stats, open_state, save_state
from rag.store.state import State


class Index:
    """A searchable index of documents, in a folder (or in memory when `path` is None).

    `__init__` only stores configuration; `Index.open` loads an index from disk. Searches are
    safe from many threads while another thread adds or removes documents: each search reads one
    consistent snapshot, and writers publish a new snapshot only when it is complete.
    `checkpoint_seconds` and `batch_chunks` set how often a long `add` saves, and how many
    passages it embeds per batch.
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
    ):
        self.path = Path(path) if path is not None else None
        self._build, self._search, self._answer = build, search, answer
        self.embedder = embedder or load_embedder()
        self._updater = Updater(self.embedder, self._publish, checkpoint_seconds, batch_chunks)
        self._state: State | None = None
        self._write_lock = threading.Lock()

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
    ) -> Index:
        """Open the index in `path`; an empty new one when there is none and `create` is True.

        `search` and `answer` override the stored settings for this session; `build` must match
        the stored build settings.
        """
        index = cls(
            path, build, search, embedder, answer, checkpoint_seconds=checkpoint_seconds, batch_chunks=batch_chunks
        )
        index._state = open_state(Path(path), index.embedder, create, build, search, answer)
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
        index._state = empty_state(index.embedder, index._build, index._search, index._answer)
        return index

    # ------------------------------------------------------------------ reading
    def snapshot(self) -> State:
        """The current consistent snapshot: documents, passages and both retrievers (read-only)."""
        if self._state is None:
            raise RagError("this Index is not open: use Index.open(path) or Index.in_memory()")
        return self._state

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
        root = self.snapshot().manifest.root
        return Path(root) if root else None

    def documents(self) -> list[Document]:
        return list(self.snapshot().docs.values())

    def document(self, doc_id: str) -> Document:
        try:
            return self.snapshot().docs[doc_id]
        except KeyError:
            raise KeyError(f"no document {doc_id!r} in this index") from None

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
        self, paths: Iterable[str | Path], root: str | Path | None = None, progress: Progress | None = None
    ) -> IndexReport:
        """Index files and folders; re-embed only new or changed files; drop files gone from folders.

        Files are read, embedded and merged in batches, and the index is saved every minute or so
        along the way: an interrupted run keeps what it finished, and running it again embeds only
        the rest. Memory holds one batch of new text beyond the index itself.
        """
        targets = [Path(p) for p in paths]
        with self._write_lock:
            state = self.snapshot()
            base = Path(root).resolve() if root else self.root or default_root(targets)
            c = file_changes(targets, state, base)
            self._updater.run(
                state, c.documents(), c.size, c.gone, c.report, progress, str(base), c.failed, c.restamped
            )
        return c.report

    def add_documents(self, docs: Sequence[Document], progress: Progress | None = None) -> IndexReport:
        """Index in-memory documents (ids must be unique); changed ones replace their old version."""
        with self._write_lock:
            state = self.snapshot()
            fresh, report = document_changes(docs, state)
            self._updater.run(state, iter(fresh), sum(n for _, n in fresh), [], report, progress)
        return report

    def remove(self, doc_ids: Iterable[str]) -> IndexReport:
        """Remove documents by id; unknown ids are reported as skipped."""
        with self._write_lock:
            state = self.snapshot()
            gone, report = removals(doc_ids, state)
            self._updater.run(state, iter(()), 0, gone, report)
        return report

    def _publish(self, new_state: State) -> None:
        if self.path is not None:
            gen = save_state(self.path, new_state)  # on disk first: a crash here leaves the previous index whole
            new_state.docs = DocStore(gen)  # read back on demand: new text does not pile up in memory
        self._state = new_state

    # ------------------------------------------------------------------ searching
    def search(self, query: str, k: int = 10, mode: Mode = "hybrid") -> list[Hit]:
        """The k best passages for `query` by `mode` ("hybrid", "bm25" or "dense")."""
        return self.search_timed(query, k, mode)[0]

    def search_many(self, queries: Sequence[str], k: int = 10, mode: Mode = "hybrid") -> list[list[Hit]]:
        """`search` for many queries: their embeddings are computed in batches, once."""
        vectors = self.embedder.encode(list(queries)) if mode != "bm25" else [None] * len(queries)
        return [self.search_timed(q, k, mode, query_vector=v)[0] for q, v in zip(queries, vectors)]

    def search_timed(
        self,
        query: str,
        k: int = 10,
        mode: Mode = "hybrid",
        settings: SearchSettings | None = None,
        query_vector: np.ndarray | None = None,
    ) -> tuple[list[Hit], dict[str, float]]:
        """`search`, also returning how long each stage took (milliseconds).

        `settings` replace the index's search settings for this call; `query_vector` is the
        query's embedding when the caller already has it.
        """
        state = self.snapshot()  # one snapshot for the whole query
        return search(state, self.embedder, query, k, mode, settings or state.manifest.search, query_vector)

    def ask(self, question: str, k: int | None = None, mode: Mode = "hybrid", threshold: float | None = None) -> Answer:
        """Quoted answer from the `k` best passages, or `found=False` when the corpus does not answer."""
        return self.ask_many([question], k, mode, threshold)[0]

    def ask_many(
        self, questions: Sequence[str], k: int | None = None, mode: Mode = "hybrid", threshold: float | None = None
    ) -> list[Answer]:
        """`ask` for many questions: embeddings and reader passes are batched across them."""
        questions = list(questions)
        if not questions:
            return []
        state = self.snapshot()
        cfg = state.manifest.answer
        t = time.perf_counter()
        vectors = self.embedder.encode(questions)
        embed_ms = (time.perf_counter() - t) * 1000 / len(questions)
        searched = [
            search(state, self.embedder, q, k or cfg.passages, mode, state.manifest.search, v)
            for q, v in zip(questions, vectors)
        ]
        hits, reader = [h for h, _ in searched], self.reader(cfg)
        answers = answer_many(
            questions, hits, state.docs, state.sparse, self.embedder, cfg, threshold, reader, query_vectors=vectors
        )
        for a, (_, timings) in zip(answers, searched):
            a.timings_ms = {**timings, "embed": embed_ms, **a.timings_ms}
        return answers

    def reader(self, cfg: AnswerSettings | None = None) -> Reader | None:
        """The shipped span reader (loaded once per process), or None when disabled or not installed."""
        return shipped_reader() if (cfg or self.answer_settings).reader else None
