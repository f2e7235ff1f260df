"""The reading half of the Index API (documents, search, ask), one piece of code for one index and a sharded one."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from rag.answer.reader.reader import Reader, shipped_reader
from rag.checks import check_k, check_mode, check_question, check_text, check_texts, check_threshold
from rag.embed.model import TextEmbedder
from rag.models import Answer, Document, Hit, Mode
from rag.settings import AnswerSettings, SearchSettings
from rag.store.state import Contents


class Searchable(ABC):
    """Documents, search and ask with checked arguments, over what each kind of index provides: `contents`,
    `answer_settings`, and `_run_search` and `_run_ask` on checked arguments."""

    embedder: TextEmbedder

    @abstractmethod
    def contents(self) -> Contents:
        """The committed documents and the document of each passage: the same object until the index changes."""

    @property
    @abstractmethod
    def answer_settings(self) -> AnswerSettings: ...

    @abstractmethod
    def _run_search(
        self, query: str, k: int, mode: Mode, settings: SearchSettings | None, query_vector: np.ndarray | None
    ) -> tuple[list[Hit], dict[str, float]]: ...

    @abstractmethod
    def _run_ask(self, questions: list[str], k: int | None, mode: Mode, threshold: float | None) -> list[Answer]: ...

    # ------------------------------------------------------------------ documents
    def documents(self) -> list[Document]:
        return list(self.contents().docs.values())

    def document(self, doc_id: str) -> Document:
        try:
            return self.contents().docs[doc_id]
        except KeyError:
            raise KeyError(f"no document {doc_id!r} in this index") from None

    # ------------------------------------------------------------------ searching
    def search(self, query: str, k: int = 10, mode: Mode = "hybrid") -> list[Hit]:
        """The k best passages for `query` by `mode` ("hybrid", "bm25" or "dense")."""
        return self.search_timed(query, k, mode)[0]

    def search_many(self, queries: Sequence[str], k: int = 10, mode: Mode = "hybrid") -> list[list[Hit]]:
        """`search` for many queries: their embeddings are computed in batches, once."""
        queries, k, mode = check_texts(queries), check_k(k), check_mode(mode)
        vectors = self.embedder.encode(queries) if mode != "bm25" else [None] * len(queries)
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
        return self._run_search(check_text(query), check_k(k), check_mode(mode), settings, query_vector)

    def ask(self, question: str, k: int | None = None, mode: Mode = "hybrid", threshold: float | None = None) -> Answer:
        """Quoted answer from the `k` best passages, or `found=False` when the corpus does not answer."""
        return self.ask_many([check_question(question)], k, mode, threshold)[0]

    def ask_many(
        self, questions: Sequence[str], k: int | None = None, mode: Mode = "hybrid", threshold: float | None = None
    ) -> list[Answer]:
        """`ask` for many questions: embeddings and reader passes are batched across them."""
        questions = [check_question(q) for q in check_texts(questions, "questions")]
        k, mode, threshold = None if k is None else check_k(k), check_mode(mode), check_threshold(threshold)
        return self._run_ask(questions, k, mode, threshold) if questions else []

    def reader(self, cfg: AnswerSettings | None = None) -> Reader | None:
        """The shipped span reader (loaded once per process), or None when disabled or not installed."""
        return shipped_reader() if (cfg or self.answer_settings).reader else None
