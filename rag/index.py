"""The Index: documents in, ranked passages out, persisted atomically and updated incrementally."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from rag import documents as docio
from rag.answers import answer_many
from rag.building import Builder, batches, estimate_total
from rag.dense import DenseIndex
from rag.docstore import DocStore, source_of, write_documents
from rag.embedder import TextEmbedder, load_embedder, load_tokenizer, weights_hash
from rag.fusion import convex, rrf, top_k
from rag.models import MODES, Answer, Document, Hit, IndexReport, IndexStats, RetrieverScore, Skipped
from rag.settings import AnswerSettings, BuildSettings, SearchSettings
from rag.sparse import SparseIndex
from rag.store import (
    FORMAT_VERSION,
    EmbedderInfo,
    IndexError_,
    Manifest,
    check_embedder,
    current_dir,
    read_manifest,
    write_generation,
)
from rag.state import State

Progress = Callable[[int, int], None]  # (chunks embedded so far, chunks to embed: an estimate until the end)
CHECKPOINT_SECONDS = 60.0  # an interrupted `add` loses at most about this much embedding


class Index:
    """A searchable index of documents, in a folder (or in memory when `path` is None).

    `__init__` only stores configuration; `Index.open` loads an index from disk. Searches are
    safe from many threads while another thread adds or removes documents: each search reads one
    consistent snapshot, and writers publish a new snapshot only when it is complete.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        build: BuildSettings | None = None,
        search: SearchSettings | None = None,
        embedder: TextEmbedder | None = None,
        answer: AnswerSettings | None = None,
    ):
        self.path = Path(path) if path is not None else None
        self._build = build
        self._search_overrides = search
        self._answer_overrides = answer
        self.embedder = embedder or load_embedder()
        self._state: State | None = None
        self._reader = None
        self._reader_lock = threading.Lock()
        self._write_lock = threading.Lock()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: str | Path,
        create: bool = True,
        build: BuildSettings | None = None,
        search: SearchSettings | None = None,
        embedder: TextEmbedder | None = None,
        answer: AnswerSettings | None = None,
    ) -> "Index":
        """Open the index in `path`; an empty new one when there is none and `create` is True.

        `search` and `answer` override the settings stored in the index for this session.
        """
        index = cls(path, build=build, search=search, embedder=embedder, answer=answer)
        gen = current_dir(index.path) if index.path.exists() else None
        if gen is None:
            if not create:
                raise IndexError_(f"no index in {index.path}: build one with `rag index DOCS --index {index.path}`")
            index._state = index._empty_state()
        else:
            index._state = index._load(gen)
        return index

    @classmethod
    def in_memory(cls, **kwargs) -> "Index":
        index = cls(None, **kwargs)
        index._state = index._empty_state()
        return index

    def _embedder_info(self) -> EmbedderInfo:
        return EmbedderInfo(name=self.embedder.name, weights_sha256=weights_hash(), dimension=self.embedder.dimension,
                            backend=getattr(self.embedder, "backend", "fp32"))

    def _empty_state(self) -> State:
        build = self._build or BuildSettings()
        manifest = Manifest(
            embedder=self._embedder_info(), build=build,
            search=self._search_overrides or SearchSettings(), answer=self._answer_overrides or AnswerSettings(),
        )
        return State(
            manifest=manifest,
            docs={},
            ids=np.zeros(0, np.int64),
            doc_of=[],
            starts=np.zeros(0, np.int64),
            ends=np.zeros(0, np.int64),
            pages=np.zeros(0, np.int32),
            dense=DenseIndex(self.embedder.dimension, exact_limit=build.dense_exact_limit),
            sparse=SparseIndex(build.bm25_k1, build.bm25_b),
        )

    def _load(self, gen: Path) -> State:
        manifest = read_manifest(gen)
        check_embedder(manifest, self._embedder_info(), self.path)
        if self._build is not None and self._build != manifest.build:
            raise IndexError_(
                f"index {self.path} was built with other settings ({manifest.build.model_dump()}); "
                f"rebuild it with `rag index DOCS --index {self.path} --rebuild` to change them."
            )
        if self._search_overrides is not None:
            manifest.search = self._search_overrides
        if self._answer_overrides is not None:
            manifest.answer = self._answer_overrides
        docs = DocStore(gen)
        table = np.load(gen / "chunks.npz", allow_pickle=False)
        doc_names = json.loads((gen / "chunk_docs.json").read_text(encoding="utf-8"))
        build = manifest.build
        state = State(
            manifest=manifest,
            docs=docs,
            ids=table["ids"],
            doc_of=doc_names,
            starts=table["starts"],
            ends=table["ends"],
            pages=table["pages"],
            dense=DenseIndex.load(gen / "dense.faiss", manifest.embedder.dimension, build.dense_exact_limit),
            sparse=SparseIndex.load(gen / "bm25", build.bm25_k1, build.bm25_b),
        )
        if state.sparse is None:  # saved by an older rag (bm25s files): tokenized again, kept from the next save on
            state.sparse = SparseIndex.from_texts(state.index_texts(), state.ids, build.bm25_k1, build.bm25_b)
        return state

    def _save(self, state: State) -> Path | None:
        """Write `state` as the index's new generation; returns its folder (None in memory)."""
        if self.path is None:
            return None

        def write(folder: Path) -> None:
            write_documents(folder, state.docs)
            np.savez(folder / "chunks.npz", ids=state.ids, starts=state.starts, ends=state.ends, pages=state.pages)
            (folder / "chunk_docs.json").write_text(json.dumps(state.doc_of), encoding="utf-8")
            state.dense.save(folder / "dense.faiss")
            state.sparse.save(folder / "bm25")
            (folder / "manifest.json").write_text(state.manifest.model_dump_json(indent=2), encoding="utf-8")

        return write_generation(self.path, write)

    # ------------------------------------------------------------------ reading
    @property
    def state(self) -> State:
        if self._state is None:
            raise IndexError_("this Index is not open: use Index.open(path) or Index.in_memory()")
        return self._state

    @property
    def settings(self) -> SearchSettings:
        return self.state.manifest.search

    @property
    def root(self) -> Path | None:
        root = self.state.manifest.root
        return Path(root) if root else None

    def documents(self) -> list[Document]:
        return list(self.state.docs.values())

    def document(self, doc_id: str) -> Document:
        try:
            return self.state.docs[doc_id]
        except KeyError:
            raise KeyError(f"no document {doc_id!r} in this index") from None

    def stats(self) -> IndexStats:
        s = self.state
        return IndexStats(
            path=str(self.path) if self.path else "(in memory)",
            documents=len(s.docs),
            chunks=len(s.ids),
            embedder=s.manifest.embedder.name,
            dimension=s.manifest.embedder.dimension,
            dense=s.dense.kind,
            format_version=FORMAT_VERSION,
        )

    def __len__(self) -> int:
        return len(self.state.docs)

    # ------------------------------------------------------------------ writing
    def add(
        self,
        paths: Iterable[str | Path],
        root: str | Path | None = None,
        progress: Progress | None = None,
    ) -> IndexReport:
        """Index files and folders; re-embed only new or changed files; drop files gone from folders.

        Files are read, embedded and merged in batches, and the index is saved every minute or so
        along the way: an interrupted run keeps what it finished, and running it again embeds only
        the rest. Memory holds one batch of new text beyond the index itself.
        """
        paths = [Path(p) for p in paths]
        files, skipped = docio.find_files(paths)
        with self._write_lock:
            state = self.state
            base = Path(root).resolve() if root else self.root or default_root(paths)
            known = state.manifest.documents
            report = IndexReport(skipped=list(skipped))
            pending: list[tuple[Path, str, int]] = []
            seen: set[str] = set()
            for f in files:
                doc_id = docio.doc_id_for(f, base)
                seen.add(doc_id)
                try:
                    data = f.read_bytes()
                except OSError as e:
                    report.skipped.append(Skipped(path=str(f), reason=f"could not read file: {e}"))
                    continue
                if known.get(doc_id) == hashlib.sha256(data).hexdigest():
                    report.unchanged.append(doc_id)
                else:
                    pending.append((f, doc_id, len(data)))
            skipped_ids = {docio.doc_id_for(Path(s.path), base) for s in report.skipped}
            gone = [
                d for d in state.docs
                if d not in seen
                and (d in skipped_ids or any(is_under(Path(source_of(state.docs, d)), p) for p in paths if p.is_dir()))
            ]
            failed: list[str] = []  # files that no longer read as documents: their old text leaves the index

            def read() -> Iterator[tuple[Document, int]]:
                for f, doc_id, size in pending:
                    try:
                        yield docio.read_document(f, doc_id), size
                    except docio.SkipFile as e:
                        report.skipped.append(Skipped(path=str(f), reason=str(e)))
                        failed.append(doc_id)
                    except OSError as e:
                        report.skipped.append(Skipped(path=str(f), reason=f"could not read file: {e}"))

            self._grow(state, read(), sum(n for *_, n in pending), gone, report, progress, str(base), failed)
        return report

    def add_documents(self, docs: Sequence[Document], progress: Progress | None = None) -> IndexReport:
        """Index in-memory documents (ids must be unique); changed ones replace their old version."""
        with self._write_lock:
            state = self.state
            report = IndexReport()
            fresh = []
            for d in docs:
                if state.manifest.documents.get(d.id) == d.sha256:
                    report.unchanged.append(d.id)
                else:
                    fresh.append((d, len(d.text)))
            self._grow(state, iter(fresh), sum(n for _, n in fresh), [], report, progress)
        return report

    def remove(self, doc_ids: Iterable[str]) -> IndexReport:
        """Remove documents by id; unknown ids are reported as skipped."""
        with self._write_lock:
            state = self.state
            report = IndexReport()
            gone = []
            for d in doc_ids:
                if d in state.docs:
                    gone.append(d)
                else:
                    report.skipped.append(Skipped(path=d, reason="no such document in the index"))
            self._grow(state, iter(()), 0, gone, report, None)
        return report

    def _publish(self, new_state: State) -> None:
        gen = self._save(new_state)  # on disk first: a crash here leaves the previous index whole
        if gen is not None:
            new_state.docs = DocStore(gen)  # read back on demand: new text does not pile up in memory
        self._state = new_state

    def _grow(
        self, state: State, docs: Iterator[tuple[Document, int]], total_size: int, gone: list[str],
        report: IndexReport, progress: Progress | None, root: str | None = None, failed: list[str] | None = None,
    ) -> None:
        """Remove `gone`, then merge `docs` ((document, size) pairs) batch by batch, publishing checkpoints.

        A checkpoint is published when CHECKPOINT_SECONDS have passed since the last one, or four
        times as long as saving took (so saving a big index stays a small share of the time).
        """
        failed = failed if failed is not None else []
        builder = Builder(state, gone, self.embedder, root)
        report.removed.extend(gone)
        done = chunks_seen = size_seen = estimate = 0
        last, save_cost = time.monotonic(), 0.0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(done, max(estimate, done))

        def drop_failed() -> None:
            known = [d for d in failed if d in state.docs]
            builder.remove(known)
            report.removed.extend(known)
            failed.clear()

        for group, spans, size in batches(docs, load_tokenizer(), state.manifest.build):
            size_seen += size
            chunks_seen += sum(len(s) for s in spans)
            estimate = estimate_total(chunks_seen, size_seen, total_size)
            for d in group:
                (report.updated if d.id in state.docs else report.added).append(d.id)
            if progress is not None:
                progress(done, estimate)
            builder.add(group, spans, tick)
            drop_failed()
            if time.monotonic() - last >= max(CHECKPOINT_SECONDS, 4 * save_cost):
                t = time.monotonic()
                snapshot = builder.snapshot()
                self._publish(snapshot)
                builder.rebase(snapshot.docs)
                last, save_cost = time.monotonic(), time.monotonic() - t
        drop_failed()
        report.chunks_embedded = builder.embedded
        if progress is not None:
            progress(done, done)
        if builder.changed:
            self._publish(builder.snapshot())

    # ------------------------------------------------------------------ searching
    def search(self, query: str, k: int = 10, mode: str = "hybrid") -> list[Hit]:
        """The k best passages for `query` by `mode` ("hybrid", "bm25" or "dense")."""
        return self.search_timed(query, k, mode)[0]

    def search_many(self, queries: Sequence[str], k: int = 10, mode: str = "hybrid") -> list[list[Hit]]:
        """`search` for many queries: their embeddings are computed in batches, once."""
        vectors = self.embedder.encode(list(queries)) if mode != "bm25" else [None] * len(queries)
        return [self.search_timed(q, k, mode, query_vector=v)[0] for q, v in zip(queries, vectors)]

    def search_timed(
        self, query: str, k: int = 10, mode: str = "hybrid", settings: SearchSettings | None = None,
        query_vector: np.ndarray | None = None,
    ) -> tuple[list[Hit], dict[str, float]]:
        """`search`, also returning how long each stage took (milliseconds).

        `query_vector` is the query's embedding when the caller already has it.
        """
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        state = self.state  # one snapshot for the whole query
        cfg = settings or state.manifest.search
        pool = max(cfg.pool, 2 * k)
        timings: dict[str, float] = {}
        results: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if not query.strip() or not len(state.ids):
            return [], timings
        if mode in ("bm25", "hybrid"):
            t = time.perf_counter()
            results["bm25"] = state.sparse.search(query, pool)
            timings["bm25"] = (time.perf_counter() - t) * 1000
        if mode in ("dense", "hybrid"):
            t = time.perf_counter()
            qv = self.embedder.encode_query(query) if query_vector is None else query_vector
            timings["embed"] = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            results["dense"] = state.dense.search(qv, pool, probe_share=cfg.ivf_probe_share)
            timings["faiss"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        if mode == "hybrid":
            if cfg.fusion == "rrf":
                fused = rrf({n: r[0] for n, r in results.items()}, cfg.weights, cfg.rrf_k)
            else:
                fused = convex(results, cfg.weights)
        else:
            ids, scores = results[mode]
            fused = dict(zip(ids.tolist(), scores.tolist()))
        best = top_k(fused, k)
        hits = self._hits(state, best, results)
        timings["fusion"] = (time.perf_counter() - t) * 1000
        return hits, timings

    def ask(
        self, question: str, k: int | None = None, mode: str = "hybrid", threshold: float | None = None
    ) -> Answer:
        """Quoted answer from the `k` best passages, or `found=False` when the corpus does not answer."""
        return self.ask_many([question], k, mode, threshold)[0]

    def ask_many(
        self, questions: Sequence[str], k: int | None = None, mode: str = "hybrid", threshold: float | None = None
    ) -> list[Answer]:
        """`ask` for many questions: embeddings and reader passes are batched across them."""
        questions = list(questions)
        if not questions:
            return []
        state = self.state
        cfg = state.manifest.answer
        t = time.perf_counter()
        vectors = self.embedder.encode(questions)
        embed_ms = (time.perf_counter() - t) * 1000 / len(questions)
        searched = [self.search_timed(q, k or cfg.passages, mode, query_vector=v) for q, v in zip(questions, vectors)]
        answers = answer_many(questions, [h for h, _ in searched], state.docs, state.sparse, self.embedder, cfg,
                              threshold, self.reader(cfg), query_vectors=vectors)
        for a, (_, timings) in zip(answers, searched):
            a.timings_ms = {**timings, "embed": embed_ms, **a.timings_ms}
        return answers

    def reader(self, cfg: AnswerSettings | None = None):
        """The shipped span reader (loaded once), or None when disabled or not installed."""
        cfg = cfg or self.state.manifest.answer
        if not cfg.reader:
            return None
        if self._reader is None:
            from rag.reader.reader import Reader

            if not Reader.available():
                return None
            with self._reader_lock:  # many first questions at once load it once
                if self._reader is None:
                    self._reader = Reader()
        return self._reader

    def _hits(
        self, state: State, best: list[tuple[int, float]], results: dict[str, tuple[np.ndarray, np.ndarray]]
    ) -> list[Hit]:
        where: dict[str, dict[int, tuple[int, float]]] = {
            name: {c: (r, s) for r, (c, s) in enumerate(zip(ids.tolist(), scores.tolist()), start=1)}
            for name, (ids, scores) in results.items()
        }
        hits = []
        for rank, (cid, score) in enumerate(best, start=1):
            row = state.row(cid)
            doc = state.docs[state.doc_of[row]]
            page = int(state.pages[row])
            hits.append(Hit(
                chunk_id=cid, doc_id=doc.id, title=doc.title, source=doc.source,
                text=state.chunk_text(row), start=int(state.starts[row]), end=int(state.ends[row]),
                page=page or None, score=float(score), rank=rank,
                retrievers={n: RetrieverScore(rank=w[cid][0], score=w[cid][1])
                            for n, w in where.items() if cid in w},
            ))
        return hits


def default_root(paths: list[Path]) -> Path:
    """Corpus root when none is given: the folder itself for one folder, else the common parent."""
    resolved = [p.resolve() for p in paths]
    if len(resolved) == 1 and resolved[0].is_dir():
        return resolved[0]
    parents = [p if p.is_dir() else p.parent for p in resolved]
    return Path(os.path.commonpath(parents)) if parents else Path.cwd()


def is_under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
