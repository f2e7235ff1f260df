"""Indexing in batches: checkpoints that make an interrupted `add` resumable, estimates, and the
switch from exact to approximate (IVF) dense search past a size."""

from __future__ import annotations

import pytest

from rag.build.builder import batches, estimate_total
from rag.index import Index
from rag.models import Document
from rag.settings import BuildSettings

ANIMALS = [
    "otter",
    "badger",
    "heron",
    "lynx",
    "marten",
    "newt",
    "osprey",
    "pika",
    "quokka",
    "raven",
    "stoat",
    "tapir",
    "urial",
    "vole",
    "walrus",
    "yak",
]


def animal_text(i: int, name: str) -> str:
    return " ".join(f"The {name} number {i} lives in habitat {j} and eats food {j * i}." for j in range(6))


@pytest.fixture
def animal_files(tmp_path, write_files):
    return write_files(tmp_path / "docs", {f"{n}.txt": animal_text(i, n) for i, n in enumerate(ANIMALS)})


class Interrupt(Exception):
    pass


class StopsAfter:
    """The real embedder, interrupted (as by Ctrl-C) once it has embedded `limit` batches."""

    def __init__(self, embedder, limit: int):
        self.embedder, self.limit, self.calls = embedder, limit, 0
        self.name, self.dimension, self.backend = embedder.name, embedder.dimension, embedder.backend

    def encode(self, texts, progress=None):
        if self.calls == self.limit:
            raise Interrupt
        self.calls += 1
        return self.embedder.encode(texts, progress)

    def encode_query(self, query):
        return self.embedder.encode_query(query)


def test_an_interrupted_add_resumes_without_re_embedding(tmp_path, animal_files, embedder):
    """Protects resumability: batches finished before an interruption are saved; the rerun embeds only the rest."""
    path = tmp_path / "index"
    # A few documents per batch, and a save after every batch.
    with pytest.raises(Interrupt):
        Index.open(path, embedder=StopsAfter(embedder, 3), batch_chunks=2, checkpoint_seconds=0.0).add([animal_files])

    partial = Index.open(path, create=False, embedder=embedder)
    done = {d.id for d in partial.documents()}
    assert 0 < len(done) < len(ANIMALS)  # what was finished is on disk; the rest is not
    assert partial.search("badger habitat", k=1)  # and it is a working index

    seen = []
    report = partial.add([animal_files], progress=lambda d, t: seen.append((d, t)))
    assert set(report.unchanged) == done and len(report.added) == len(ANIMALS) - len(done)
    assert report.chunks_embedded == sum(1 for s in partial.snapshot().doc_of if s not in done)
    assert seen[-1][0] == seen[-1][1] == report.chunks_embedded  # the bar ends at the exact total
    assert all(d <= t for d, t in seen)

    full = Index.open(tmp_path / "full", embedder=embedder)
    full.add([animal_files])
    assert sorted(partial.snapshot().manifest.documents.items()) == sorted(full.snapshot().manifest.documents.items())
    for name in ("osprey", "walrus"):
        assert partial.search(f"{name} habitat", k=1)[0].doc_id == f"{name}.txt"


def test_batches_keep_order_and_size(tokenizer):
    """Protects batching: every document once, in order, each batch (but the last) at least the limit."""
    build = BuildSettings()
    docs = [
        (Document(id=f"d{i}", title="", source="s", sha256="x", text=animal_text(i, "otter") * (i % 3 + 1)), 100 + i)
        for i in range(9)
    ]
    out = list(batches(iter(docs), tokenizer, build, limit=3))
    assert [d.id for group, _, _ in out for d in group] == [f"d{i}" for i in range(9)]
    assert sum(size for *_, size in out) == sum(n for _, n in docs)
    for group, spans, _ in out[:-1]:
        assert sum(map(len, spans)) >= 3 and len(spans) == len(group)


@pytest.mark.parametrize(
    "done,size_done,size_total,expected",
    [(0, 0, 1000, 0), (10, 100, 1000, 100), (10, 100, 100, 10), (50, 1000, 500, 50)],
)
def test_estimate_total(done, size_done, size_total, expected):
    assert estimate_total(done, size_done, size_total) == expected


def test_dense_search_turns_approximate_past_the_limit_and_stays_right(tmp_path, animal_files, embedder):
    """Protects the automatic switch: exact below the limit, IVF above it, persisted, and still finding
    what exact search finds."""
    path = tmp_path / "index"
    index = Index.open(path, embedder=embedder, build=BuildSettings(dense_exact_limit=10))
    index.add([animal_files])
    assert index.stats().chunks > 10 and index.stats().dense == "ivf"
    reopened = Index.open(path, create=False, embedder=embedder)
    assert reopened.stats().dense == "ivf"
    state = reopened.snapshot()
    for name in ANIMALS:
        qv = embedder.encode_query(f"Where does the {name} live?")
        fast, _ = state.dense.search(qv, 10)
        exact, _ = state.dense.search(qv, 10, exhaustive=True)
        assert fast[0] == exact[0]
        assert reopened.search(f"Where does the {name} live?", k=1, mode="dense")[0].doc_id == f"{name}.txt"
    reopened.remove(["otter.txt"])
    assert "otter.txt" not in {h.doc_id for h in reopened.search("otter habitat", k=20, mode="dense")}

    exact_index = Index.open(tmp_path / "exact", embedder=embedder, build=BuildSettings(dense_exact_limit=None))
    exact_index.add([animal_files])
    assert exact_index.stats().dense == "exact"


def test_documents_are_read_from_disk_after_saving(tmp_path, animal_files, embedder):
    """Protects the memory bound: a saved index serves documents from its file, not from memory,
    and keeps serving them across later saves (which replace the file it read)."""
    from rag.store.docstore import DocStore

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([animal_files])
    assert isinstance(index.snapshot().docs, DocStore)
    hit = index.search("Where does the heron live?", k=1)[0]
    doc = index.document(hit.doc_id)
    assert doc.text[hit.start : hit.end] == hit.text and doc.id == "heron.txt"
    old = index.snapshot()
    index.remove(["otter.txt"])
    assert old.docs["otter.txt"].id == "otter.txt"  # a reader of the old snapshot still can
    reopened = Index.open(tmp_path / "index", create=False, embedder=embedder)
    assert len(reopened) == len(ANIMALS) - 1 and "otter.txt" not in reopened.snapshot().docs
    assert [d.id for d in reopened.documents()] == [d for d in old.docs if d != "otter.txt"]


def test_rows_of_chunk_ids(tmp_path, animal_files, embedder):
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([animal_files])
    index.remove(["badger.txt", "newt.txt"])
    state = index.snapshot()
    for row, cid in enumerate(state.ids.tolist()):
        assert state.row(cid) == row
    with pytest.raises(KeyError):
        state.row(-1)
