"""The on-disk index: crashes at the commit point, in the middle of writing, and SIGKILL at random
moments all leave a loadable, consistent index; mismatched or foreign indexes are refused."""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import faiss
import numpy as np
import pytest

from rag.errors import DamagedIndex, IncompatibleIndex, IndexNotFound
from rag.index import Index
from rag.settings import AnswerSettings
from rag.store.generations import CURRENT, current_dir
from rag.store.manifest import FORMAT_VERSION

BASE_FILES = {
    "kestrel.txt": "Kestrel notes\nA kestrel hovers over the meadow before it dives for voles.",
    "harbour.txt": "Harbour notes\nThe harbour master logs every trawler that enters after dusk.",
}
NEW_FILE = "Tapir notes\nThe tapir browses on fallen fruit in the lowland forest."


@pytest.fixture
def base(tmp_path, embedder, write_files):
    """(index path, corpus folder, snapshot) of a small committed index of two documents."""
    folder = write_files(tmp_path / "docs", BASE_FILES)
    path = tmp_path / "index"
    index = Index.open(path, embedder=embedder)
    index.add([folder])
    return path, folder, snapshot(index)


def snapshot(index: Index) -> dict:
    """What must survive a crash: documents, chunk table, and answers to a few searches."""
    return {
        "docs": sorted(index.snapshot().docs),
        "manifest_docs": dict(index.snapshot().manifest.documents),
        "chunks": index.stats().chunks,
        "search": [(h.doc_id, h.start, h.end) for h in index.search("kestrel meadow voles", k=2)],
        "bm25": [h.doc_id for h in index.search("trawler harbour", k=2, mode="bm25")],
    }


def check_consistent(index: Index) -> None:
    """Every table of a loaded index agrees with every other."""
    s = index.snapshot()
    n = len(s.ids)
    assert len(s.doc_of) == len(s.starts) == len(s.ends) == len(s.pages) == n
    assert set(s.manifest.documents) == set(s.docs)
    assert {d: doc.sha256 for d, doc in s.docs.items()} == s.manifest.documents
    assert s.manifest.chunks == n and len(set(s.ids.tolist())) == n
    assert all(d in s.docs for d in s.doc_of)
    assert set(s.doc_of) == {d for d, doc in s.docs.items() if doc.text.strip()}
    assert all(s.manifest.next_chunk_id > int(c) for c in s.ids)
    assert len(s.dense) == n
    assert sorted(faiss.vector_to_array(s.dense.faiss.id_map).tolist()) == sorted(s.ids.tolist())
    assert s.sparse.ids.tolist() == s.ids.tolist()
    for row in range(n):
        assert s.chunk_text(row).strip()


def generations(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir() if "gen-" in p.name)


# One helper process serves every crash scenario: started with `sys.executable -c`, it imports
# rag and loads the real model once (no forward pass, so forking stays safe for OpenMP), then for
# each request on stdin forks a worker that opens the index and runs the scenario. Workers die by
# os._exit (as a SIGKILL would: no cleanup, no flush) or are SIGKILLed by the test.
CRASH_SERVER = r"""
import hashlib, os, sys
from pathlib import Path
import faiss, torch
from rag.embed.model import load_tokenizer, weights_hash
from rag.embed.torch_backend import Embedder
from rag.index import Index
from rag.models import Document

embedder = Embedder()
embedder.model, load_tokenizer(), weights_hash()
torch.set_num_threads(1)


def crash_at_commit(index, new_file):
    real_replace = os.replace

    def replace(src, dst, *a, **kw):
        if Path(dst).name == "CURRENT":  # the commit point: die before CURRENT switches
            print("crashing at the commit point", flush=True)
            os._exit(3)
        return real_replace(src, dst, *a, **kw)

    os.replace = replace
    index.add([new_file])


def crash_while_writing(index, new_file):
    real_write_index = faiss.write_index

    def write_index(idx, fname):  # leave a half-written file behind, then die mid-write
        real_write_index(idx, fname)
        os.truncate(fname, os.path.getsize(fname) // 2)
        print("crashing while writing", fname, flush=True)
        os._exit(3)

    faiss.write_index = write_index
    index.add([new_file])


def add_remove_forever(index, _):
    i = 0
    while True:
        name = f"loop-{i % 3}.txt"
        if name in index.snapshot().docs:
            index.remove([name])
        else:
            text = f"Loop document {i}. " + " ".join(
                f"Sentence {j} of step {i} about otters." for j in range(i % 7 + 1))
            index.add_documents([Document(id=name, title=f"Loop {i}", source="loop",
                                          sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)])
        i += 1
        print("saved", i, flush=True)


print("ready", flush=True)
for line in sys.stdin:
    scenario, path, arg = line.rstrip("\n").split("\t")
    pid = os.fork()
    if pid == 0:
        torch.set_num_threads(1)
        globals()[scenario](Index.open(path, create=False, embedder=embedder), arg)
        print("scenario returned: no crash happened", flush=True)
        os._exit(0)
    print("worker", pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print("reaped", os.waitstatus_to_exitcode(status), flush=True)
"""


class CrashServer:
    def __init__(self) -> None:
        self.stderr = tempfile.TemporaryFile("w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CRASH_SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(x.rstrip("\n")) for x in self.proc.stdout], daemon=True).start()
        self.seen: list[str] = []
        self.expect("ready", timeout=120)

    def expect(self, prefix: str, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self.proc.kill()
                self.stderr.seek(0)
                raise AssertionError(
                    f"no {prefix!r} from the crash server; it said {self.seen[-5:]}, stderr:\n"
                    f"{self.stderr.read()[-3000:]}"
                ) from None
            self.seen.append(line)
            if prefix in line:  # a worker killed mid-print can leave a partial line just before ours
                return line[line.index(prefix) :]

    def start(self, scenario: str, path: Path, arg: str = "") -> int:
        self.seen.clear()
        self.proc.stdin.write(f"{scenario}\t{path}\t{arg}\n")
        self.proc.stdin.flush()
        return int(self.expect("worker").split()[1])

    def wait(self) -> int:
        return int(self.expect("reaped").split()[1])

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)
        self.stderr.close()


@pytest.fixture(scope="module")
def crash_server():
    server = CrashServer()
    yield server
    server.close()


def test_crash_right_before_commit_keeps_the_previous_index(base, embedder, write_files, crash_server):
    """Protects the commit point: a writer killed just before CURRENT is switched (os.replace made
    to exit, the new generation fully written aside) leaves the previous index loadable and
    searchable, and the next save cleans up the orphan generation."""
    path, folder, before = base
    new_file = write_files(folder, {"tapir.txt": NEW_FILE}) / "tapir.txt"
    gens_before = generations(path)
    crash_server.start("crash_at_commit", path, str(new_file))
    assert crash_server.wait() == 3, crash_server.seen
    assert "crashing at the commit point" in crash_server.seen
    assert len(generations(path)) == len(gens_before) + 1  # the new generation was written, not committed
    index = Index.open(path, create=False, embedder=embedder)
    assert snapshot(index) == before
    assert "tapir.txt" not in index.snapshot().docs
    check_consistent(index)
    assert index.search("tapir fruit forest", k=3, mode="bm25") == []
    report = index.add([new_file])  # the index still takes writes, and tidies the leftovers
    assert report.added == ["tapir.txt"]
    assert len(generations(path)) == 1
    assert Index.open(path, embedder=embedder).search("tapir fruit", k=1)[0].doc_id == "tapir.txt"


def test_crash_while_writing_files_keeps_the_previous_index(base, embedder, write_files, crash_server):
    """Protects generations written aside: a writer dying with a truncated FAISS file half
    written (faiss.write_index made to truncate and exit) leaves CURRENT on the previous,
    complete generation."""
    path, folder, before = base
    new_file = write_files(folder, {"tapir.txt": NEW_FILE}) / "tapir.txt"
    pointer = (path / CURRENT).read_text()
    crash_server.start("crash_while_writing", path, str(new_file))
    assert crash_server.wait() == 3, crash_server.seen
    assert any(x.startswith("crashing while writing") and x.endswith("dense.faiss") for x in crash_server.seen)
    assert (path / CURRENT).read_text() == pointer
    leftovers = [p for p in path.iterdir() if p.name.startswith(".tmp-gen-")]
    assert leftovers and (leftovers[0] / "dense.faiss").stat().st_size > 0  # the truncated file exists
    index = Index.open(path, create=False, embedder=embedder)
    assert snapshot(index) == before
    check_consistent(index)
    index.add([new_file])
    assert not [p for p in path.iterdir() if p.name.startswith(".tmp-gen-")]
    check_consistent(Index.open(path, embedder=embedder))


def test_sigkill_at_random_moments_always_leaves_a_consistent_index(base, embedder, crash_server):
    """Protects crash safety under real SIGKILLs: a writer looping add/remove/save is killed 5
    times after random (seeded) delays; each time the index opens, is internally consistent
    (every chunk's document is loaded, manifest documents == loaded documents, FAISS and BM25
    hold exactly the chunk ids) and searches."""
    path, _, before = base
    rng = random.Random(20240611)
    saves, mid_write = 0, 0
    for round_ in range(5):
        worker = crash_server.start("add_remove_forever", path)
        time.sleep(rng.uniform(0.3, 1.5))
        os.kill(worker, signal.SIGKILL)
        assert crash_server.wait() == -signal.SIGKILL, crash_server.seen
        saves += sum(x.startswith("saved") for x in crash_server.seen)
        mid_write += any(
            p.name.startswith((".tmp-gen-", f".{CURRENT}.tmp"))
            or (p.name.startswith("gen-") and p.name != (path / CURRENT).read_text().strip())
            for p in path.iterdir()
        )
        index = Index.open(path, create=False, embedder=embedder)
        check_consistent(index)
        base_docs = {d for d in index.snapshot().docs if not d.startswith("loop-")}
        assert base_docs == set(before["docs"]), round_
        assert [h.doc_id for h in index.search("trawler harbour", k=2, mode="bm25")] == before["bm25"]
        assert index.search("otters", k=1, mode="dense")
    print(f"{saves} generations committed; {mid_write} of 5 kills left a save half done")
    assert saves >= 5, "the workers should have committed several generations before being killed"


# ------------------------------------------------------------------ refusing indexes


def edit_manifest(path: Path, change) -> None:
    manifest = current_dir(path) / "manifest.json"
    raw = json.loads(manifest.read_text(encoding="utf-8"))
    change(raw)
    manifest.write_text(json.dumps(raw), encoding="utf-8")


@pytest.mark.parametrize(
    "field, value", [("weights_sha256", "0" * 64), ("name", "someone/other-model"), ("dimension", 768)]
)
def test_index_from_another_embedder_is_refused_with_rebuild_advice(base, embedder, field, value):
    """Protects vector compatibility: an index whose manifest names another embedder (weights,
    name or size) is refused with an RagError that says to rebuild."""
    path = base[0]
    edit_manifest(path, lambda raw: raw["embedder"].__setitem__(field, value))
    with pytest.raises(
        IncompatibleIndex, match=r"(?s)was built with embedder.*rebuild it with `rag index DOCS --index"
    ):
        Index.open(path, embedder=embedder)


def test_unknown_format_version_is_refused_naming_the_version(base, embedder):
    """Protects format versioning: a manifest with format_version 999 is refused, naming 999 and
    the version this rag reads."""
    path = base[0]
    edit_manifest(path, lambda raw: raw.__setitem__("format_version", 999))
    with pytest.raises(
        IncompatibleIndex, match=rf"format version 999, this rag reads version {FORMAT_VERSION}.*Rebuild"
    ):
        Index.open(path, embedder=embedder)


def test_saved_answer_settings_are_only_those_chosen_for_the_index(tmp_path, embedder, write_files):
    """Protects upgrades: an index saves only the answer settings chosen for it, so that the values fit for
    the shipped reader (ranking and confidence weights, threshold) follow rag's reader, not the index's age."""
    folder = write_files(tmp_path / "docs", BASE_FILES)
    plain, chosen = tmp_path / "plain", tmp_path / "chosen"
    Index.open(plain, embedder=embedder).add([folder])
    Index.open(chosen, embedder=embedder, answer=AnswerSettings(passages=5, max_quotes=2)).add([folder])
    saved = {p: json.loads((current_dir(p) / "manifest.json").read_text(encoding="utf-8")) for p in (plain, chosen)}
    assert saved[plain]["answer"] == {} and saved[chosen]["answer"] == {"passages": 5, "max_quotes": 2}
    reopened = Index.open(chosen, embedder=embedder).answer_settings
    assert (reopened.passages, reopened.max_quotes) == (5, 2)
    assert reopened.rank_weights == AnswerSettings().rank_weights
    assert Index.open(plain, embedder=embedder).answer_settings == AnswerSettings()


def test_an_older_index_answers_with_the_values_fit_for_this_reader(base, embedder):
    """Protects indexes built by an older rag, whose manifests saved every answer setting: the values fit for
    the reader of their day (here, weights for fewer ranking features) give way to this rag's; others stay."""
    path = base[0]

    def older(raw):
        raw.pop("answers_saved")
        raw["answer"] = {
            **AnswerSettings().model_dump(),
            "rank_weights": [1.0] * 3,
            "abstain_threshold": 0.99,
            "max_quotes": 1,
        }

    edit_manifest(path, older)
    settings = Index.open(path, embedder=embedder).answer_settings
    assert settings.rank_weights == AnswerSettings().rank_weights
    assert settings.abstain_threshold == AnswerSettings().abstain_threshold
    assert settings.max_quotes == 1


def test_an_index_tokenized_by_an_older_rag_is_tokenized_again_and_saved_so(base, embedder, write_files):
    """Protects upgrades of the BM25 tokenizer: an index whose token ids an older tokenizer made (no
    tokenizer.json) tokenizes its passages again on open, searches as one built today, and saves the new
    tokens with its next change."""
    path, folder, _ = base
    today = [
        (h.doc_id, h.start) for h in Index.open(path, embedder=embedder).search("harbour trawler", k=2, mode="bm25")
    ]
    (current_dir(path) / "bm25" / "tokenizer.json").unlink()
    index = Index.open(path, embedder=embedder)
    assert [(h.doc_id, h.start) for h in index.search("harbour trawler", k=2, mode="bm25")] == today
    index.add([write_files(folder, {"tapir.txt": NEW_FILE})])
    assert (current_dir(path) / "bm25" / "tokenizer.json").is_file()
    assert index.search("tapir", k=1, mode="bm25")[0].doc_id == "tapir.txt"


def test_open_without_create_on_an_empty_or_missing_folder_is_a_clear_error(tmp_path, embedder):
    """Protects `create=False`: no index there means an RagError telling how to build one, and
    nothing is created on disk."""
    empty = tmp_path / "empty"
    empty.mkdir()
    for where in (empty, tmp_path / "missing"):
        with pytest.raises(IndexNotFound, match=r"no index in .*build one with `rag index DOCS --index"):
            Index.open(where, create=False, embedder=embedder)
    assert list(empty.iterdir()) == [] and not (tmp_path / "missing").exists()


def test_current_naming_a_missing_generation_is_reported_as_damaged(base, embedder):
    """Protects a clear message for a damaged folder: CURRENT pointing at nothing says so."""
    path = base[0]
    (path / CURRENT).write_text("gen-does-not-exist\n", encoding="utf-8")
    with pytest.raises(DamagedIndex, match=r"damaged.*gen-does-not-exist"):
        Index.open(path, embedder=embedder)


def test_only_one_generation_is_kept_after_saves(base, embedder, write_files):
    """Protects disk use: each commit removes the previous generation and temporary files."""
    path, folder, _ = base
    index = Index.open(path, embedder=embedder)
    for i in range(3):
        (folder / "kestrel.txt").write_text(f"Kestrel notes\nVersion {i} of the kestrel note.", encoding="utf-8")
        assert index.add([folder]).updated == ["kestrel.txt"]
    assert len(generations(path)) == 1
    assert (path / CURRENT).read_text().strip() == generations(path)[0]
    np.testing.assert_array_equal(Index.open(path, embedder=embedder).snapshot().ids, index.snapshot().ids)


def test_index_saved_with_bm25s_files_opens_searches_and_upgrades(base, embedder):
    """Protects users' existing indexes: a generation whose BM25 was saved by bm25s (rag before
    token ids were stored) opens, searches as before, and is saved in the new layout by the next change."""
    import bm25s

    from rag.retrieve.tokenize import tokenize

    path, _, before = base
    index = Index.open(path, embedder=embedder)
    gen = current_dir(path)
    texts = index.snapshot().index_texts()
    old = gen / "bm25"
    for p in old.iterdir():
        p.unlink()
    model = bm25s.BM25(k1=1.2, b=0.75)
    model.index([tokenize(t) for t in texts], show_progress=False)
    model.save(str(old), show_progress=False)
    np.save(old / "ids.npy", index.snapshot().ids)

    reopened = Index.open(path, embedder=embedder)
    assert snapshot(reopened) == before
    check_consistent(reopened)
    reopened.remove([before["docs"][0]])
    assert (current_dir(path) / "bm25" / "tokens.npy").is_file()
    check_consistent(Index.open(path, embedder=embedder))
