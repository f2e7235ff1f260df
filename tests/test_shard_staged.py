"""An interrupted update of a sharded index (Ctrl-C, a kill, a lost node): the index stays the previous one, and a
re-run embeds only what the interrupted run had not (its passages stay staged under the index until a commit)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest

from rag.index import Index
from rag.shard.index import ShardedIndex
from rag.shard.layout import SHARDS, STAGING
from tests.conftest import SEEDS

LINES = [line for f in sorted(SEEDS.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines() if line]
NOTES = {f"note-{i:03d}.txt": f"Note {i}\n" + "\n".join(LINES[i % 7 :: 5]) for i in range(24)}
QUERIES = ("Japan seafood ban", "Chinese military delegation", "Note 7", "local-level exchanges")


class Interrupting:
    """The real embedder, interrupted (KeyboardInterrupt, as by Ctrl-C) when asked for more after `batches` batches;
    remembers the texts it embedded."""

    def __init__(self, real, batches: int):
        self.real, self.left, self.texts = real, batches, []
        self.name, self.dimension, self.backend = real.name, real.dimension, real.backend

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        if self.left == 0:
            raise KeyboardInterrupt
        self.left -= 1
        self.texts += texts
        return self.real.encode(texts, progress=progress)

    def encode_query(self, query: str) -> np.ndarray:
        return self.real.encode_query(query)


def test_a_rerun_of_an_interrupted_sharded_update_embeds_only_what_it_had_not(embedder, tmp_path, write_files):
    """Protects long `rag index --shards` runs (issue 16, as the single index's checkpoints do): one interrupted after
    two batches leaves the previous index, searchable and unchanged; the re-run takes the passages it had embedded
    (not a file edited since: the staged passages are keyed by the file's bytes and the build), embeds the rest,
    and gives the very index an uninterrupted run gives; the staged passages go with its commit."""
    docs = write_files(tmp_path / "docs", NOTES)
    ix = tmp_path / "ix"
    ShardedIndex.open(ix, embedder=embedder, shards=3).add([docs / "note-000.txt"], root=docs)
    before = [h.model_dump() for h in Index.open(ix, embedder=embedder).search("Japan seafood ban", k=5)]
    interrupting = Interrupting(embedder, batches=2)
    with pytest.raises(KeyboardInterrupt):
        ShardedIndex.open(ix, embedder=interrupting, batch_chunks=8).add([docs])
    index = Index.open(ix, embedder=embedder)
    assert len(index) == 1 and [h.model_dump() for h in index.search("Japan seafood ban", k=5)] == before
    assert list((ix / SHARDS).glob(f"{STAGING}*/*.npz"))

    write_files(docs, {"note-001.txt": "Note one, rewritten\nThe delegation visited Kyoto and Nara in spring.\n"})
    report = ShardedIndex.open(ix, embedder=embedder, batch_chunks=8).add([docs])
    reference = ShardedIndex.open(tmp_path / "reference", embedder=embedder, shards=3)
    reference.add([docs / "note-000.txt"], root=docs)
    total = reference.add([docs]).chunks_embedded
    final = {text for _, text in reference.indexed_passages()}
    reused = [t for t in interrupting.texts if t in final]
    assert 0 < len(reused) < len(interrupting.texts)  # two batches' passages, less the edited file's
    assert report.chunks_embedded == total - len(reused)
    assert sorted(report.added) == sorted(set(NOTES) - {"note-000.txt"})
    index = Index.open(ix, embedder=embedder)
    assert index.indexed_passages() == reference.indexed_passages()
    for q in QUERIES:
        for mode in ("hybrid", "bm25", "dense"):
            assert [h.model_dump() for h in index.search(q, 10, mode)] == [
                h.model_dump() for h in reference.search(q, 10, mode)
            ]
    assert not list((ix / SHARDS).glob(f"{STAGING}*"))
