"""What the page and its API do, without gradio: ask (batched), search, list, remove, add uploads; warm-up."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rag.index import Index
from rag.models import Answer, Hit, IndexReport, Progress, Skipped
from rag.ui.api import (
    DocumentCatalog,
    DocumentInfo,
    check_ids,
    check_k,
    check_mode,
    check_question,
    max_file_mb,
    too_big,
)
from rag.ui.batching import AskBatcher
from rag.ui.uploads import store_upload

MAX_BATCH = 8  # questions answered in one ask_many call


def warm_up(index: Index, say: Callable[[str], None] = print) -> None:
    """Load the embedder and the reader now, saying so, so the first question is answered in seconds."""
    started = time.perf_counter()
    say("loading embedder…")
    index.embedder.encode(["warm up"])
    reader = index.reader()
    if reader is not None:
        say("loading reader…")
        reader.score_windows("Who is it?", ["It is the reader warming up."])
    if len(index):
        index.search("warm up", k=1)  # the sparse and dense indexes, read once
    say(f"ready: models loaded in {time.perf_counter() - started:.1f} s")


class PageService:
    """The page's actions on one shared Index; every method is safe from many threads at once."""

    def __init__(
        self, index: Index, limit_mb: float | None = None, max_batch: int = MAX_BATCH, uploads: Path | None = None
    ):
        self.index = index
        self.limit_mb = max_file_mb(limit_mb)
        self.uploads = uploads or (index.path or Path.cwd()) / "uploads"
        self.batcher = AskBatcher(index.ask_many, max_batch)
        self.catalog = DocumentCatalog(index)
        self._write = threading.Lock()  # uploads and removals one at a time (the Index also locks)

    # ---------------------------------------------------------------- reading
    def ask(self, question: Any, k: Any = None, mode: Any = "hybrid") -> Answer:
        """A quoted answer, or found=False; questions asked together share one batch."""
        text = check_question(question)
        passages = None if k is None else check_k(k)
        return self.batcher.ask(text, passages, check_mode(mode))

    def search(self, query: Any, k: Any = 10, mode: Any = "hybrid") -> list[Hit]:
        return self.index.search(check_question(query, "query"), check_k(k), check_mode(mode))

    def documents(self) -> list[DocumentInfo]:
        return self.catalog.documents()

    # ---------------------------------------------------------------- writing
    def remove(self, ids: Any) -> IndexReport:
        """Remove documents by id (unknown ids are reported as skipped); uploaded files stay on disk."""
        doc_ids = check_ids(ids)
        with self._write:
            return self.index.remove(doc_ids)

    def add_uploads(
        self, files: list[tuple[Path, str]], progress: Progress | None = None
    ) -> tuple[IndexReport, dict[str, str]]:
        """Store uploaded (temporary path, original name) files and index them.

        Returns the report and, for it, the stored paths' names as the user knows them. A file over
        the size limit, or one the index skips, is not kept; nothing already indexed is touched by it.
        """
        stored: list[Path] = []
        created: list[Path] = []
        names: dict[str, str] = {}
        refused: list[Skipped] = []
        with self._write:
            for src, original in files:
                reason = too_big(src.stat().st_size, self.limit_mb)
                if reason:
                    refused.append(Skipped(path=original, reason=reason))
                    continue
                dest, new = store_upload(src, self.uploads, original)
                dest = dest.resolve()  # the index names files by their resolved paths
                stored.append(dest)
                if new:
                    created.append(dest)
                names[str(dest)] = names[dest.as_posix()] = dest.name
            report = self.index.add(stored, progress=progress) if stored else IndexReport()
        for s in report.skipped:  # a file we just stored but could not index is not kept
            p = Path(s.path).resolve()
            if p in created:
                p.unlink(missing_ok=True)
        report.skipped = refused + report.skipped
        return report, names
