"""Documents on disk: read back exactly, from new files and from ones saved before the catalog existed."""

from __future__ import annotations

from rag.models import Document
from rag.store.docstore import CATALOG, OFFSETS, DocStore, Overlay, source_of, write_documents


def doc(i: int, text: str = "") -> Document:
    text = text or f"Document {i} says ünïcode things.\nTwo lines."
    return Document(id=f"d{i}.txt", title=f"D{i}", source=f"/corpus/d{i}.txt", sha256=f"{i:064d}", text=text)


def test_round_trip_and_overlay(tmp_path):
    docs = {d.id: d for d in (doc(i) for i in range(5))}
    write_documents(tmp_path, docs)
    store = DocStore(tmp_path)
    assert list(store) == list(docs) and len(store) == 5
    assert all(store[k] == v for k, v in docs.items()) and store.source("d3.txt") == "/corpus/d3.txt"

    view = Overlay(store, {"d9.txt": doc(9), "d1.txt": doc(1, "replaced")}, {"d1.txt", "d2.txt"})
    assert list(view) == ["d0.txt", "d3.txt", "d4.txt", "d9.txt", "d1.txt"] and len(view) == 5
    assert "d2.txt" not in view and view["d1.txt"].text == "replaced" and source_of(view, "d9.txt") == "/corpus/d9.txt"

    again = tmp_path / "again"
    again.mkdir()
    write_documents(again, view)  # stored lines are copied, new ones encoded
    reread = DocStore(again)
    assert [reread[k] for k in reread] == [view[k] for k in view]


def test_a_generation_without_catalog_is_scanned(tmp_path):
    docs = {d.id: d for d in (doc(i) for i in range(3))}
    write_documents(tmp_path, docs)
    (tmp_path / CATALOG).unlink()
    (tmp_path / OFFSETS).unlink()
    store = DocStore(tmp_path)
    assert (
        list(store) == list(docs) and store["d2.txt"] == docs["d2.txt"] and store.source("d0.txt") == "/corpus/d0.txt"
    )


def test_an_empty_store(tmp_path):
    write_documents(tmp_path, {})
    store = DocStore(tmp_path)
    assert len(store) == 0 and list(store) == [] and "x" not in store
