"""Damaged and half-cleared index folders: a missing CURRENT is recovered, damaged files are named
with how to rebuild, and `--rebuild` deletes only what rag made, never documents or other files."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rag.errors import BadInput, DamagedIndex
from rag.index import Index
from rag.store.clear import clear_index
from rag.store.generations import COMPLETE, CURRENT, current_dir

FILES = {
    "kestrel.txt": "Kestrel notes\nA kestrel hovers over the meadow before it dives for voles.",
    "harbour.txt": "Harbour notes\nThe harbour master logs every trawler that enters after dusk.",
}
REBUILD = r"rebuild with `rag index DOCS --index .* --rebuild`"


@pytest.fixture
def built(tmp_path, embedder, write_files):
    """(index path, documents folder) of a committed index of two documents."""
    docs = write_files(tmp_path / "docs", FILES)
    path = tmp_path / "ix"
    Index.open(path, embedder=embedder).add([docs])
    return path, docs


def gens(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir() if p.name.startswith("gen-"))


def older_copy(gen: Path, offset: int) -> Path:
    """A copy of generation `gen` under a name that sorts `offset` places from it (negative: older)."""
    _, stamp, pid = gen.name.split("-")
    copy = gen.parent / f"gen-{int(stamp) + offset:020d}-{pid}"
    shutil.copytree(gen, copy)
    return copy


# ------------------------------------------------------------------ a missing CURRENT


def test_missing_current_recovers_the_newest_complete_generation(built, embedder, caplog):
    """Protects an intact index whose CURRENT was lost (issue 15.3): opening it reads the newest
    complete generation, says so, restores CURRENT, and the next add embeds nothing again."""
    path, docs = built
    gen = current_dir(path)
    older_copy(gen, -5)
    newer = older_copy(gen, +5)
    (newer / "dense.faiss").write_bytes(b"half")  # newer, but not complete: its marker disagrees
    (path / CURRENT).unlink()
    with caplog.at_level(logging.WARNING, logger="rag"):
        index = Index.open(path, create=False, embedder=embedder)
    assert "was missing; recovered the newest complete generation, " + gen.name in caplog.text
    assert (path / CURRENT).read_text().strip() == gen.name
    assert sorted(d.id for d in index.documents()) == ["harbour.txt", "kestrel.txt"]
    report = index.add([docs])
    assert report.chunks_embedded == 0 and sorted(report.unchanged) == ["harbour.txt", "kestrel.txt"]
    assert gens(path) == [gen.name]  # with CURRENT back, the others are provably stale: tidied by the write


def test_missing_current_with_no_complete_generation_is_refused_and_nothing_deleted(built, embedder):
    """Protects generations rag cannot prove stale: with CURRENT gone and the only generation
    incomplete, opening (even to add) raises DamagedIndex with rebuild advice and deletes nothing."""
    path, docs = built
    gen = current_dir(path)
    (gen / "documents.jsonl").unlink()
    (path / CURRENT).unlink()
    for create in (False, True):
        with pytest.raises(
            DamagedIndex, match=rf"{CURRENT} is missing and no generation folder is complete.*{REBUILD}"
        ):
            Index.open(path, create=create, embedder=embedder)
    assert gens(path) == [gen.name] and (gen / "manifest.json").is_file()


def test_leftovers_of_a_writer_killed_after_commit_go_on_the_next_write(built, embedder):
    """Protects disk use (issue 15.3): a previous generation and a temporary folder left behind by
    a writer killed after its commit are removed by the next write, even one that changes nothing."""
    path, docs = built
    gen = current_dir(path)
    older_copy(gen, -1)
    shutil.copytree(gen, path / f".tmp-{gen.name}x")
    index = Index.open(path, embedder=embedder)
    assert len(index) == 2 and len(gens(path)) == 2
    assert index.add([docs]).chunks_embedded == 0
    assert [p.name for p in path.iterdir() if p.name not in (CURRENT, ".lock")] == [gen.name]


def test_generations_are_marked_complete_last(built):
    """Protects recovery's proof of completeness: every committed generation holds a COMPLETE
    marker listing each of its files at its size."""
    gen = current_dir(built[0])
    listed = json.loads((gen / COMPLETE).read_text())["files"]
    on_disk = {p.relative_to(gen).as_posix(): p.stat().st_size for p in gen.rglob("*") if p.is_file()}
    assert listed == {k: v for k, v in on_disk.items() if k != COMPLETE}


# ------------------------------------------------------------------ damaged files


@pytest.mark.parametrize(
    "name, damage",
    [
        ("dense.faiss", lambda f: f.write_bytes(b"not a faiss index")),
        ("dense.faiss", lambda f: f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])),
        ("documents.jsonl", lambda f: f.unlink()),
        ("documents.jsonl", lambda f: f.write_bytes(f.read_bytes()[:-20])),
        ("manifest.json", lambda f: f.write_text("{ not json")),
        ("manifest.json", lambda f: f.write_text('{"format_version": 1, "embedder": 7}')),
        ("chunks.npz", lambda f: f.write_bytes(b"PK")),
        ("chunk_docs.json", lambda f: f.unlink()),
    ],
)
def test_a_damaged_file_is_named_with_how_to_rebuild(built, embedder, name, damage):
    """Protects a clear message for a damaged index (issue 15.8): a corrupt, truncated or missing
    file raises DamagedIndex naming that file and the rebuild command, never a raw traceback."""
    path, _ = built
    damage(current_dir(path) / name)
    with pytest.raises(DamagedIndex, match=rf"^index damaged: .*{name.replace('.', '[.]')}.*; {REBUILD}"):
        Index.open(path, embedder=embedder)


# ------------------------------------------------------------------ --rebuild


def test_rebuild_clears_only_what_rag_made(built, embedder):
    """Protects a normal `--rebuild`: CURRENT, generations and leftovers go, the lock file stays,
    and the folder then opens as an empty index."""
    path, docs = built
    older_copy(current_dir(path), -1)
    clear_index(path, [docs])
    assert sorted(p.name for p in path.iterdir()) == [".lock"]
    assert len(Index.open(path, embedder=embedder)) == 0
    assert sorted(docs.iterdir()) == [docs / "harbour.txt", docs / "kestrel.txt"]


@pytest.mark.parametrize("extra", ["thesis.txt", "uploads"])
def test_rebuild_refuses_a_folder_holding_anything_else(built, extra):
    """Protects users' files (issue 15.2): `--rebuild` on a folder holding a file or folder rag did
    not make (a thesis, the page's uploads) is refused naming it, and nothing is deleted."""
    path, docs = built
    (path / "uploads").mkdir() if extra == "uploads" else (path / extra).write_text("my only copy")
    before = sorted(p.name for p in path.iterdir())
    with pytest.raises(BadInput, match=rf"refusing to rebuild .*: it holds {extra}, which rag did not make"):
        clear_index(path, [docs])
    assert sorted(p.name for p in path.iterdir()) == before and current_dir(path) is not None


def test_rebuild_refuses_a_plain_folder_without_creating_anything(tmp_path):
    """Protects a folder `--index` names by mistake: refused, and not even a lock file appears."""
    folder = tmp_path / "v"
    folder.mkdir()
    (folder / "thesis.txt").write_text("chapter one")
    with pytest.raises(BadInput, match="thesis.txt"):
        clear_index(folder, [tmp_path / "seeds"])
    assert [p.name for p in folder.iterdir()] == ["thesis.txt"]


def test_rebuild_refuses_an_index_inside_or_equal_to_the_documents(tmp_path, write_files):
    """Protects documents (issue 15.2): an index folder equal to or inside a documents folder being
    indexed, or one holding the documents, is refused before anything is touched."""
    docs = write_files(tmp_path / "mydocs", FILES)
    with pytest.raises(BadInput, match="is the documents folder"):
        clear_index(docs, [docs])
    with pytest.raises(BadInput, match="is inside the documents folder"):
        clear_index(docs / "ix", [tmp_path / "other", docs])
    with pytest.raises(BadInput, match="is inside the index folder"):
        clear_index(tmp_path, [docs])
    assert sorted(p.name for p in docs.iterdir()) == ["harbour.txt", "kestrel.txt"]


def test_rag_index_rebuild_on_the_documents_folder_exits_nonzero_and_keeps_them(tmp_path, write_files):
    """Protects the repro of issue 15.2: `rag index mydocs --index mydocs --rebuild` exits 2 with
    the reason, and every document is still there."""
    docs = write_files(tmp_path / "mydocs", FILES)
    done = subprocess.run(
        [sys.executable, "-m", "rag.ui.cli", "index", str(docs), "--index", str(docs), "--rebuild"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "is the documents folder" in done.stderr
    assert sorted(p.name for p in docs.iterdir()) == ["harbour.txt", "kestrel.txt"]


def test_the_rebuild_advice_works_on_a_damaged_index(built):
    """Protects the advice in the damage message: the command it gives rebuilds the index."""
    path, docs = built
    (current_dir(path) / "dense.faiss").write_bytes(b"junk")
    cli = [sys.executable, "-m", "rag.ui.cli"]
    stats = subprocess.run([*cli, "stats", "--index", str(path)], capture_output=True, text=True)
    assert stats.returncode == 2 and "index damaged: " in stats.stderr and "dense.faiss" in stats.stderr
    assert "Traceback" not in stats.stderr
    rebuilt = subprocess.run(
        [*cli, "index", str(docs), "--index", str(path), "--rebuild"], capture_output=True, text=True
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    again = subprocess.run([*cli, "stats", "--index", str(path)], capture_output=True, text=True)
    assert again.returncode == 0 and '"documents": 2' in again.stdout
