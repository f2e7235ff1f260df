"""Files that move or vanish: a renamed folder is a move (new ids, nothing embedded again, no
duplicates), and an indexed file that no longer exists leaves the index wherever it was."""

from __future__ import annotations

import hashlib
import shutil

from rag.index import Index
from rag.models import Document
from rag.shard.index import ShardedIndex
from rag.shard.plan import shard_of
from rag.shard.update import load_current
from tests.conftest import SEEDS

NOTES = {
    "otter.txt": "Otter notes\nThe otter holt lies under the alder roots by the mill race.",
    "wren.md": "# Wren notes\nA wren sang from the bramble hedge at first light.",
}


def test_a_renamed_folder_is_a_move_not_a_copy(tmp_path, embedder, write_files):
    """Protects against duplicates after `mv notes notes2024` (issue 15.5): re-indexing the renamed
    folder reports each file as moved (old id -> new id), embeds nothing, keeps one copy of each
    passage, and search returns the new ids and sources, also after reopening."""
    notes = write_files(tmp_path / "notes", NOTES)
    index = Index.open(tmp_path / "ix", embedder=embedder)
    index.add([notes])
    chunks = index.stats().chunks
    moved = notes.rename(tmp_path / "notes2024")
    report = index.add([moved])
    new_ids = {old: d.id for old in NOTES for d in index.documents() if d.source == str(moved / old)}
    assert report.moved == new_ids and set(new_ids) == set(NOTES)
    assert report.chunks_embedded == 0 and report.added == report.removed == []
    assert report.summary().endswith(", 2 moved")
    for reopened in (index, Index.open(tmp_path / "ix", embedder=embedder)):
        assert sorted(d.id for d in reopened.documents()) == sorted(new_ids.values())
        s = reopened.snapshot()
        assert set(s.doc_of) == set(s.manifest.documents) == set(s.manifest.extracted) == set(new_ids.values())
        assert reopened.stats().chunks == chunks
        hits = reopened.search("otter holt alder roots", k=5)
        assert [h.doc_id for h in hits].count(new_ids["otter.txt"]) == 1
        assert {h.doc_id for h in hits} <= set(new_ids.values())
        assert hits[0].doc_id == new_ids["otter.txt"] and hits[0].source == str(moved / "otter.txt")
        doc = reopened.document(new_ids["wren.md"])
        assert (
            doc.text.endswith("at first light.") and doc.sha256 == hashlib.sha256(NOTES["wren.md"].encode()).hexdigest()
        )
    again = Index.open(tmp_path / "ix", embedder=embedder).add([moved])
    assert again.chunks_embedded == 0 and sorted(again.unchanged) == sorted(new_ids.values())


def test_a_file_that_no_longer_exists_leaves_even_when_another_folder_is_indexed(tmp_path, embedder, write_files):
    """Protects the README's promise for deleted files: a document whose file is gone leaves the
    index on the next add, even when the add names another folder; documents indexed from memory
    (no file behind them) stay."""
    a = write_files(tmp_path / "a", {"otter.txt": NOTES["otter.txt"]})
    b = write_files(tmp_path / "b", {"wren.md": NOTES["wren.md"]})
    index = Index.open(tmp_path / "ix", embedder=embedder)
    index.add([a, b])
    text = "Memo\nThe heron waits at the weir."
    memo = Document(
        id="memo", title="Memo", source="memory", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text
    )
    index.add_documents([memo])
    (b / "wren.md").unlink()
    report = index.add([a])
    assert report.removed == ["b/wren.md"] and report.moved == {}
    assert sorted(d.id for d in index.documents()) == ["a/otter.txt", "memo"]
    assert index.search("wren bramble hedge", k=5, mode="bm25") == []


def test_a_copy_is_not_a_move(tmp_path, embedder, write_files):
    """Protects files that still exist: the same bytes under a second path, the first still there,
    is a new document (embedded), and the original keeps its id."""
    notes = write_files(tmp_path / "notes", NOTES)
    index = Index.open(tmp_path / "ix", embedder=embedder)
    index.add([notes])
    write_files(notes, {"copy/otter.txt": NOTES["otter.txt"]})
    report = index.add([notes])
    assert report.added == ["copy/otter.txt"] and report.moved == {} and report.chunks_embedded == 1
    assert sorted(d.id for d in index.documents()) == ["copy/otter.txt", "otter.txt", "wren.md"]


def test_a_moved_file_with_new_bytes_is_embedded_and_its_old_id_removed(tmp_path, embedder, write_files):
    """Protects moves by content only: a file renamed and edited is not a move; its old id leaves
    and its new text is embedded."""
    notes = write_files(tmp_path / "notes", NOTES)
    index = Index.open(tmp_path / "ix", embedder=embedder)
    index.add([notes])
    (notes / "otter.txt").unlink()
    write_files(notes, {"otter2.txt": NOTES["otter.txt"] + " Edited."})
    report = index.add([notes])
    assert report.moved == {} and report.removed == ["otter.txt"] and report.added == ["otter2.txt"]
    assert report.chunks_embedded == 1


def test_a_renamed_folder_in_a_sharded_index_is_a_move_as_in_one_index(tmp_path, embedder, write_files):
    """Protects incremental re-index of a sharded index (issue 16): a renamed folder is a move there too, nothing
    embedded again, also where a new id belongs to another shard (its passages and vectors are copied over); after
    it the sharded index holds the very passages, chunk ids and hits one index holds after the same move."""
    corpus = write_files(tmp_path / "corpus", {f"notes/{name}": text for name, text in NOTES.items()})
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, corpus / "notes" / f.name)
    one = Index.open(tmp_path / "one", embedder=embedder)
    sharded = ShardedIndex.open(tmp_path / "sharded", embedder=embedder, shards=3)
    assert sharded.add([corpus]).added == one.add([corpus]).added
    (corpus / "notes").rename(corpus / "notes2024")
    want, got = one.add([corpus]), sharded.add([corpus])
    assert got.moved == want.moved and len(got.moved) == 4
    assert got.chunks_embedded == 0 and got.added == got.removed == []
    assert {shard_of(old, 3) != shard_of(new, 3) for old, new in got.moved.items()} == {True, False}
    for index in (sharded, Index.open(tmp_path / "sharded", embedder=embedder)):
        assert index.indexed_passages() == one.indexed_passages() and index.stats().chunks == one.stats().chunks
        assert sorted(d.id for d in index.documents()) == sorted(got.moved.values())
        for q in ("otter holt alder roots", "Chinese military delegation", "wren bramble hedge"):
            for mode in ("hybrid", "bm25", "dense"):
                assert [h.model_dump() for h in index.search(q, 10, mode)] == [
                    h.model_dump() for h in one.search(q, 10, mode)
                ]
    where = load_current(tmp_path / "sharded", sharded.manifest(), None).docs.where
    assert {d: where[d] for d in got.moved.values()} == {d: shard_of(d, 3) for d in got.moved.values()}
    again = ShardedIndex.open(tmp_path / "sharded", embedder=embedder).add([corpus])
    assert again.chunks_embedded == 0 and sorted(again.unchanged) == sorted(got.moved.values())
