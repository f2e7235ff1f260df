"""Apply one update to an index: remove, then merge documents batch by batch, publishing checkpoints."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping

from rag.build.builder import BATCH_CHUNKS, Builder, batches, estimate_total
from rag.embed.model import TextEmbedder, load_tokenizer
from rag.models import Document, IndexReport, Progress
from rag.store.state import State

CHECKPOINT_SECONDS = 60.0  # an interrupted `add` loses at most about this much embedding


class Updater:
    """Runs updates with one embedder, handing each complete checkpoint to `publish`.

    `publish(state)` makes a State the index's current one (saving it first when on disk); it may
    replace `state.docs` with documents read back from disk, and the update continues from those.
    """

    def __init__(
        self,
        embedder: TextEmbedder,
        publish: Callable[[State], None],
        checkpoint_seconds: float = CHECKPOINT_SECONDS,
        batch_chunks: int = BATCH_CHUNKS,
    ):
        self.embedder, self.publish = embedder, publish
        self.checkpoint_seconds, self.batch_chunks = checkpoint_seconds, batch_chunks

    def run(
        self,
        state: State,
        docs: Iterator[tuple[Document, int]],
        total_size: int,
        gone: list[str],
        report: IndexReport,
        progress: Progress | None = None,
        root: str | None = None,
        failed: list[str] | None = None,
        restamped: list[str] | None = None,
        moved: Mapping[str, Document] | None = None,
    ) -> None:
        """Remove `gone`, give `moved` documents (old id -> document) their new ids, then merge `docs`
        ((document, size) pairs); `failed` ids (filled while `docs` is read) leave the index too, and
        `restamped` ids (also filled then) are recorded as read by today's extraction, their chunks kept.

        A checkpoint is published when `checkpoint_seconds` have passed since the last one, or four
        times as long as saving took (so saving a big index stays a small share of the time).
        """
        failed = failed if failed is not None else []
        restamped = restamped if restamped is not None else []
        builder = Builder(state, gone, self.embedder, root)
        builder.move(moved or {})
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
            builder.restamp(restamped)
            restamped.clear()

        for group, spans, size in batches(docs, load_tokenizer(), state.manifest.build, self.batch_chunks):
            size_seen += size
            chunks_seen += sum(len(s) for s in spans)
            estimate = estimate_total(chunks_seen, size_seen, total_size)
            for d in group:
                (report.updated if d.id in state.docs else report.added).append(d.id)
            if progress is not None:
                progress(done, estimate)
            builder.add(group, spans, tick)
            drop_failed()
            if time.monotonic() - last >= max(self.checkpoint_seconds, 4 * save_cost):
                t = time.monotonic()
                snapshot = builder.snapshot()
                self.publish(snapshot)
                builder.rebase(snapshot.docs)
                last, save_cost = time.monotonic(), time.monotonic() - t
        drop_failed()
        report.chunks_embedded = builder.embedded
        if progress is not None:
            progress(done, done)
        if builder.changed:
            self.publish(builder.snapshot())
