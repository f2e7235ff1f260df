"""One index, many processes: writers hold the index lock from reading to committing, so no update
is lost; a long-lived Index serves what other processes commit; readers never crash while a writer saves."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rag.errors import IndexBusy
from rag.index import Index
from rag.store.lock import index_lock

TIMEOUT = 600  # a bound for a hung process, never a speed requirement


def corpus(folder: Path, write_files, tag: str, n: int) -> Path:
    """`n` small distinct documents about `tag` in `folder`."""
    return write_files(
        folder,
        {
            f"{tag}-{i}.txt": f"{tag.title()} note {i}\nThe {tag} survey counted {i} herons by the weir."
            for i in range(n)
        },
    )


class Proc:
    """A real process whose stderr is read line by line as it runs."""

    def __init__(self, args: list[str]):
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)
            self.lines.put(line)

    def wait_for(self, text: str) -> str:
        while True:
            try:
                line = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                self.proc.kill()
                raise AssertionError(f"no {text!r}; stderr: {''.join(self.stderr)[-2000:]}") from None
            if text in line:
                return line

    def finish(self) -> tuple[int, str]:
        out, _ = self.proc.communicate(timeout=TIMEOUT)
        return self.proc.returncode, out


def rag(*args: str) -> Proc:
    return Proc([sys.executable, "-m", "rag.ui.cli", *args])


def ids(path: Path, embedder) -> set[str]:
    return {d.id for d in Index.open(path, create=False, embedder=embedder).documents()}


def test_two_concurrent_rag_index_runs_keep_both_sets(tmp_path, embedder, write_files):
    """Protects against lost updates (issue 15.1): `rag index a` and `rag index b` on one index, both
    opened while the other was pending, each wait for the lock (saying who holds it) and the
    later one applies its change on top of the earlier one's commit: every document survives."""
    ix = tmp_path / "ix"
    a = corpus(tmp_path / "a", write_files, "alder", 6)
    b = corpus(tmp_path / "b", write_files, "birch", 6)
    ix.mkdir()
    with index_lock(ix, command="the test"):
        procs = [rag("index", str(a), "--index", str(ix)), rag("index", str(b), "--index", str(ix))]
        for p in procs:
            line = p.wait_for("index busy")
            assert f"waiting for `the test` (pid {os.getpid()})" in line
    results = [p.finish() for p in procs]
    assert [rc for rc, _ in results] == [0, 0], [p.stderr for p in procs]
    names = {Path(d).name for d in ids(ix, embedder)}
    assert names == {f"alder-{i}.txt" for i in range(6)} | {f"birch-{i}.txt" for i in range(6)}
    assert len(ids(ix, embedder)) == 12


def test_remove_during_an_index_run_is_not_undone(tmp_path, embedder, write_files):
    """Protects removals (issue 15.1): `rag remove X` and `rag index c`, both waiting on the lock
    with X loaded, end with X gone and c's documents in, whichever commits first."""
    ix = tmp_path / "ix"
    base = corpus(tmp_path / "base", write_files, "ash", 3)
    Index.open(ix, embedder=embedder).add([base])
    c = corpus(tmp_path / "c", write_files, "cedar", 4)
    with index_lock(ix, command="the test"):
        procs = [rag("index", str(c), "--index", str(ix)), rag("remove", "ash-1.txt", "--index", str(ix))]
        for p in procs:
            p.wait_for("index busy: waiting for `the test`")
    results = [p.finish() for p in procs]
    assert [rc for rc, _ in results] == [0, 0], [p.stderr for p in procs]
    assert "1 removed" in results[1][1]
    docs = ids(ix, embedder)
    assert "ash-1.txt" not in docs and {"ash-0.txt", "ash-2.txt"} <= docs
    assert len([d for d in docs if "cedar-" in d]) == 4 and len(docs) == 6


def test_no_wait_fails_at_once_naming_the_holder(tmp_path, embedder, write_files):
    """Protects `--no-wait` / `wait=False`: a writer that finds the lock taken raises IndexBusy
    naming the holder and changes nothing; with waiting, `on_busy` hears once who it waits for."""
    ix = tmp_path / "ix"
    index = Index.open(ix, embedder=embedder)
    index.add([corpus(tmp_path / "docs", write_files, "elm", 2)])
    heard: list[str] = []
    with index_lock(ix, command="rag index"):
        with pytest.raises(IndexBusy, match=rf"index busy: .* by `rag index` \(pid {os.getpid()}\)"):
            index.remove("elm-0.txt", wait=False)
        waiting = Index.open(ix, embedder=embedder, on_busy=heard.append)
        t = threading.Thread(target=waiting.remove, args=("elm-0.txt",))
        t.start()
        while not heard and t.is_alive():
            t.join(0.05)
        assert len(index) == 2  # nothing happens while the lock is held
    t.join(TIMEOUT)
    assert heard == [f"index busy: waiting for `rag index` (pid {os.getpid()})…"]
    assert [d.id for d in Index.open(ix, embedder=embedder).documents()] == ["elm-1.txt"]
    done = rag("remove", "elm-1.txt", "--index", str(ix), "--no-wait")
    assert done.finish()[0] == 0  # the lock is free again: --no-wait goes ahead


def test_a_long_lived_index_serves_and_keeps_what_other_processes_add(tmp_path, embedder, write_files):
    """Protects the page beside the CLI (issue 15.1): an Index opened before another process adds
    documents finds them (search and list) without reopening, and its own next add keeps them."""
    ix = tmp_path / "ix"
    page = Index.open(ix, embedder=embedder)
    page.add([corpus(tmp_path / "uploads", write_files, "fir", 2)])
    rc, _ = rag("index", str(corpus(tmp_path / "c", write_files, "cypress", 3)), "--index", str(ix)).finish()
    assert rc == 0
    assert len(page) == 5
    assert "cypress" in page.search("cypress survey herons", k=1, mode="bm25")[0].text.lower()
    rc, _ = rag("index", str(corpus(tmp_path / "e", write_files, "hazel", 2)), "--index", str(ix)).finish()
    assert rc == 0
    report = page.add([corpus(tmp_path / "uploads", write_files, "fir", 3)])  # no read in between
    assert len(report.added) == 1
    assert len(ids(ix, embedder)) == 2 + 3 + 2 + 1 == len(page)


WRITER = r"""
import hashlib, sys
from rag.index import Index
from rag.models import Document

index = Index.open(sys.argv[1])
print("ready", flush=True)
for i in range(int(sys.argv[2])):
    name = f"loop-{i % 3}.txt"
    if name in index.snapshot().docs:
        index.remove(name)
    else:
        text = f"Loop {i}. The otters crossed the river at dawn, step {i}."
        index.add_documents([Document(id=name, title=f"Loop {i}", source="loop",
                                      sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)])
print("done", flush=True)
"""


def test_readers_never_crash_while_a_writer_saves(tmp_path, embedder, write_files):
    """Protects readers during saves (issue 15.4): while another process commits 60 generations
    (each deleting the one before), opening the index over and over and searching a long-lived
    Index never fails: a reader overtaken by a commit reads the new CURRENT again."""
    ix = tmp_path / "ix"
    Index.open(ix, embedder=embedder).add([corpus(tmp_path / "docs", write_files, "oak", 3)])
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(ix), "60"], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    done = threading.Event()
    threading.Thread(target=lambda: (writer.wait(), done.set()), daemon=True).start()
    live = Index.open(ix, embedder=embedder)
    opens, seen = 0, set()
    while not done.is_set():
        opened = Index.open(ix, create=False, embedder=embedder)
        seen.add(frozenset(d.id for d in opened.documents()))
        assert opened.search("oak survey herons", k=1, mode="bm25")[0].doc_id.startswith("oak-")
        assert live.search("otters river dawn", k=3)
        opens += 1
    assert writer.returncode == 0 and writer.stdout.read().strip() == "done"
    print(f"{opens} opens saw {len(seen)} different document sets")
    assert opens > 0 and len(seen) > 1  # the opens overlapped the saves
    assert {d.id for d in Index.open(ix, embedder=embedder).documents()} >= {"oak-0.txt", "oak-1.txt", "oak-2.txt"}
