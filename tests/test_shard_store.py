"""A sharded index on disk and on the command line: shards named when missing or damaged, a killed update leaves
the previous index whole, --rebuild, the cluster options' errors, and canonical ties in both retrievers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from rag.errors import BadInput, DamagedIndex
from rag.index import Index
from rag.retrieve.dense import DenseIndex
from rag.retrieve.sparse import top_n
from rag.shard.index import ShardedIndex
from rag.shard.layout import SHARDS, read_sharded
from tests.conftest import REPO, SEEDS
from tests.test_cli import run


@pytest.fixture
def sharded(embedder, tmp_path):
    """(index folder, corpus): a copy of the seeds, indexed into 2 shards."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    ShardedIndex.open(tmp_path / "ix", embedder=embedder, shards=2).add([corpus])
    return tmp_path / "ix", corpus


def test_missing_shard_is_named_at_open(sharded, embedder):
    """Protects opening: a shard folder that is gone is a DamagedIndex naming that shard, raised by Index.open."""
    ix, _ = sharded
    entry = read_sharded(ix)[1].shards[1]  # type: ignore[index]
    os.rename(ix / SHARDS / entry.name, ix / "elsewhere")
    with pytest.raises(DamagedIndex, match=rf"shard 1 \({entry.name}\) of .* is missing"):
        Index.open(ix)


def test_damaged_shard_file_is_named(sharded, embedder):
    """Protects reading: a shard file of the right size but unreadable content is a DamagedIndex naming the shard
    and the file (raised when the shards are loaded, at the first search)."""
    ix, _ = sharded
    entry = read_sharded(ix)[1].shards[0]  # type: ignore[index]
    dense = ix / SHARDS / entry.name / entry.generation / "dense.faiss"
    dense.write_bytes(b"\0" * dense.stat().st_size)
    index = Index.open(ix, embedder=embedder)
    with pytest.raises(DamagedIndex, match=rf"shard 0 \({entry.name}\) is damaged: .*dense.faiss"):
        index.search("Japan")


def test_update_killed_midway_leaves_the_previous_index(sharded, embedder, tmp_path):
    """Protects atomic commits: `rag index --shards` killed (SIGKILL) while it writes shards leaves the previous
    index, searchable and unchanged, or the complete new one, never a mix; the next run finishes and removes what
    the killed one left."""
    ix, corpus = sharded
    before = Index.open(ix, embedder=embedder).search("Japan", k=3)
    for i in range(40):
        (corpus / f"extra-{i}.txt").write_text(f"Extra note {i}\nJapan and China held talks number {i}.\n" * 30)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "rag.ui.cli", "index", str(corpus), "--index", str(ix)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    names = {p.name for p in (ix / SHARDS).iterdir()}
    while proc.poll() is None and {p.name for p in (ix / SHARDS).iterdir()} == names:
        time.sleep(0.01)  # until the first new shard folder appears
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    index = Index.open(ix, embedder=embedder)
    assert len(index) in (2, 42)
    if len(index) == 2:
        assert [h.model_dump() for h in index.search("Japan", k=3)] == [h.model_dump() for h in before]
    index.add([corpus])
    assert len(index) == 42
    listed = {e.name for e in read_sharded(ix)[1].shards}  # type: ignore[index]
    assert {p.name for p in (ix / SHARDS).iterdir()} == listed


def test_rebuild_clears_a_sharded_index(sharded):
    """Protects `rag index --rebuild` on a sharded index: the shards folder counts as rag's, the rebuilt index has
    the shards asked for."""
    ix, corpus = sharded
    code, out, err = run(["index", corpus, "--index", ix, "--rebuild", "--shards", "3"])
    assert code == 0, err
    assert "2 added" in out and len(read_sharded(ix)[1].shards) == 3  # type: ignore[index]


def test_cluster_option_errors(sharded, seeds_index, monkeypatch, tmp_path):
    """Protects the options' errors (exit 2, one line, nothing made): --ray where Ray is not installed says how to
    install it, --address needs --ray, --shards on a single index or unlike the index's count is refused."""
    ix, corpus = sharded
    monkeypatch.setitem(sys.modules, "ray", None)  # as where the extra is not installed
    code, _, err = run(["index", corpus, "--index", tmp_path / "new", "--ray"])
    assert code == 2 and 'pip install "rag[ray]"' in err and not (tmp_path / "new").exists()
    code, _, err = run(["index", corpus, "--index", ix, "--address", "127.0.0.1:6379"])
    assert code == 2 and "add --ray" in err
    code, _, err = run(["index", corpus, "--index", seeds_index[2], "--shards", "2"])
    assert code == 2 and "holds a single index" in err
    code, _, err = run(["index", corpus, "--index", ix, "--shards", "5"])
    assert code == 2 and "has 2 shards, not 5" in err
    with pytest.raises(BadInput):
        ShardedIndex.open(seeds_index[2])


def test_ties_are_cut_and_ordered_by_position_in_both_retrievers():
    """Protects what sharding relies on: BM25's `top_n` and dense search keep and order equal scores by position
    (chunk id), at the cut too, whatever order FAISS met the rows in."""
    scores = np.array([0.5, 2.0, 0.5, 1.0, 0.5, 2.0, 0.0])
    assert top_n(scores, 4).tolist() == [1, 5, 3, 0]
    assert top_n(scores, 5).tolist() == [1, 5, 3, 0, 2]
    rng = np.random.default_rng(0)
    v = rng.standard_normal((4, 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    vectors = np.vstack([v, v, v])  # three copies of each vector: every score ties three ways
    for order in (np.arange(12), np.arange(12)[::-1], rng.permutation(12)):
        dense = DenseIndex(8)
        dense.add(vectors[order], order.astype(np.int64))
        ids, got = dense.search(v[2], 5)
        want = np.lexsort((np.arange(12), -(vectors @ v[2])))[:5]
        assert ids.tolist() == want.tolist(), order
        assert np.array_equal(got, np.sort(got)[::-1])


def test_an_open_sharded_index_serves_what_another_writer_commits(sharded, embedder, write_files):
    """Protects long-lived readers (the page): an open sharded index notices a commit made through another
    instance (one stat of CURRENT per call) and searches the new shards; `stats` counts them."""
    ix, corpus = sharded
    reader = Index.open(ix, embedder=embedder)
    assert reader.search("Kyoto temples", k=1)[0].doc_id != "kyoto.txt"
    write_files(corpus, {"kyoto.txt": "Kyoto notes\nKyoto has more than a thousand Buddhist temples.\n"})
    ShardedIndex.open(ix, embedder=embedder).add([corpus])
    assert reader.search("Kyoto temples", k=1)[0].doc_id == "kyoto.txt"
    assert len(reader) == 3 and reader.stats().documents == 3 and reader.stats().shards == 2  # type: ignore[attr-defined]
