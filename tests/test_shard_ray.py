"""`rag index --ray` and sharded search on a real two-node Ray cluster (loopback only), torn down after: the same
answers and retrieval figures as one index, incremental re-index, and a Ray worker killed mid-job."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # before Ray loads: nodes and drivers on 127.0.0.1
ray = pytest.importorskip("ray")

from ray.cluster_utils import Cluster  # noqa: E402

from rag.index import Index  # noqa: E402
from rag.shard.cluster import RayOptions  # noqa: E402
from rag.shard.index import ShardedIndex  # noqa: E402
from tests.conftest import REPO, SEEDS_DEV  # noqa: E402
from tests.shard_corpora import SQUAD_DEV  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.ray]
TIMEOUT = 900  # a bound for a hung job, never a speed requirement
NODE = {"num_cpus": 1, "object_store_memory": 256 * 2**20, "node_ip_address": "127.0.0.1"}
SEEDS_QUESTIONS = ["Who is Japan's top government spokesman?", "What is the capital of France?"]


@pytest.fixture(scope="module")
def cluster():
    """A head node and a second worker node on this machine (one CPU each), stopped at the end."""
    c = Cluster(initialize_head=True, head_node_args={**NODE, "include_dashboard": False})
    try:
        c.add_node(**NODE)
        c.wait_for_nodes()
        yield c
    finally:
        ray.shutdown()
        c.shutdown()


def rag_cli(*args: object) -> subprocess.CompletedProcess:
    """`rag ARGS` in a new process (a driver of its own, as a user runs it)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "rag.ui.cli", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=env)


def questions() -> list[str]:
    if SEEDS_DEV.is_file():
        return [json.loads(line)["question"] for line in SEEDS_DEV.read_text(encoding="utf-8").splitlines() if line]
    return SEEDS_QUESTIONS


def same_answers(one: Index, other: Index, qs: list[str]) -> None:
    for want, got in zip(one.ask_many(qs), other.ask_many(qs)):
        assert got.model_dump(exclude={"timings_ms"}) == want.model_dump(exclude={"timings_ms"}), want.question
    for q in qs:
        for mode in ("hybrid", "bm25", "dense"):
            assert [h.model_dump() for h in other.search(q, 10, mode)] == [
                h.model_dump() for h in one.search(q, 10, mode)
            ]


def test_ray_index_of_seeds_answers_as_the_single_index(cluster, seeds_index, embedder, tmp_path):
    """Protects `rag index --ray --address` on a two-node cluster: the sharded index of the seeds answers every seeds
    dev question exactly as the single index (answers, quotes, confidence, hits), searched by threads and by Ray
    actors spread over the nodes; a second run embeds only the new file."""
    single, corpus, _, _ = seeds_index
    ix = tmp_path / "ix"
    done = rag_cli("index", corpus, "--index", ix, "--ray", "--address", cluster.address, "--shards", 3, "--json")
    assert done.returncode == 0, done.stderr
    assert sorted(json.loads(done.stdout)["added"]) == sorted(d.id for d in single.documents())
    same_answers(single, Index.open(ix, embedder=embedder), questions())
    on_actors = ShardedIndex.open(ix, embedder=embedder, ray=RayOptions(address=cluster.address))
    same_answers(single, on_actors, questions()[:3])
    ray.shutdown()

    docs = tmp_path / "docs"
    shutil.copytree(corpus, docs)
    assert rag_cli("index", docs, "--index", tmp_path / "ix2", "--ray", "--address", cluster.address).returncode == 0
    (docs / "kyoto.txt").write_text("Kyoto notes\nKyoto was the capital of Japan for over a thousand years.\n")
    again = rag_cli("index", docs, "--index", tmp_path / "ix2", "--ray", "--address", cluster.address, "--json")
    report = json.loads(again.stdout)
    assert report["added"] == ["kyoto.txt"] and len(report["unchanged"]) == 2 and report["chunks_embedded"] == 1


def embed_worker_pids() -> list[int]:
    """Processes of Ray actors running the embedding pool (their title names the Embed stage)."""
    pids = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if b"Embed" in (p / "cmdline").read_bytes() and b"ray::" in (p / "cmdline").read_bytes():
                    pids.append(int(p.name))
            except OSError:
                continue
    return pids


def test_killing_a_ray_worker_mid_job_leaves_a_whole_index(cluster, embedder, tmp_path, write_files, record_property):
    """Protects fault tolerance: an embedding actor's process killed (SIGKILL) while `rag index --ray` runs is
    restarted and its batch retried by Ray: the run finishes with the complete index, equal to one built in this
    process; or it fails with a clear error and the previous index is still served. Never a mix."""
    lines = [line for f in sorted(REPO.joinpath("seeds").glob("*.txt")) for line in f.read_text().splitlines() if line]
    docs = write_files(
        tmp_path / "docs", {f"note-{i:03d}.txt": f"Note {i}\n" + "\n".join(lines[i % 7 :: 3]) for i in range(120)}
    )
    ix = tmp_path / "ix"
    first = rag_cli("index", docs / "note-000.txt", "--index", ix, "--ray", "--address", cluster.address, "--shards", 2)
    assert first.returncode == 0, first.stderr
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "rag.ui.cli", "index", str(docs), "--index", str(ix), "--ray",
           "--address", cluster.address, "--batch-size", "8"]  # fmt: skip
    job = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    killed = []
    deadline = time.monotonic() + TIMEOUT
    while job.poll() is None and not killed and time.monotonic() < deadline:
        staging = [p for p in (ix / "shards").glob(".staging-*/*.npz")]
        pids = embed_worker_pids()
        if staging and pids:  # embedding has written parts: kill one actor mid-job
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])
        time.sleep(0.05)
    out, err = job.communicate(timeout=TIMEOUT)
    record_property("outcome", f"killed {killed}, exit code {job.returncode}")
    index = Index.open(ix, embedder=embedder)
    if job.returncode == 0:
        assert killed, "the job ended before an embedding worker could be killed"
        reference = ShardedIndex.open(tmp_path / "reference", embedder=embedder, shards=2)
        reference.add([docs])
        assert len(index) == 120 and index.stats().chunks == reference.stats().chunks
        for q in ("Japan seafood ban", "Chinese delegation", "Note 7"):
            assert [h.model_dump() for h in index.search(q, 10)] == [h.model_dump() for h in reference.search(q, 10)]
    else:
        assert err.strip().splitlines()[-1].startswith("rag: "), err
        assert len(index) == 1 and index.documents()[0].id == "note-000.txt"


def staged_rows(ix: Path) -> int:
    """Passages staged under `ix` by uncommitted runs (each (document key, passage number) once)."""
    rows = set()
    for part in (ix / "shards").glob(".staging-*/*.npz"):
        if not part.name.endswith(".tmp.npz"):
            with np.load(part) as z:
                rows |= set(zip(z["keys"].tolist(), z["ns"].tolist()))
    return len(rows)


def test_a_rerun_of_an_interrupted_ray_job_embeds_only_what_it_had_not(cluster, embedder, tmp_path, write_files):
    """Protects long `rag index --ray` jobs (issue 16): the driver killed (SIGKILL) once the job has staged embedded
    parts leaves the previous index; the re-run takes the staged passages and embeds only the rest, giving the
    index a run in this process gives; then a renamed folder is a move, nothing embedded, also across shards."""
    lines = [line for f in sorted(REPO.joinpath("seeds").glob("*.txt")) for line in f.read_text().splitlines() if line]
    docs = write_files(
        tmp_path / "docs", {f"notes/note-{i:03d}.txt": f"Note {i}\n" + "\n".join(lines[i % 7 :: 3]) for i in range(120)}
    )
    ix, address = tmp_path / "ix", cluster.address
    first = rag_cli("index", docs / "notes" / "note-000.txt", "--index", ix, "--ray", "--address", address,
                    "--shards", 2, "--root", docs)  # fmt: skip
    assert first.returncode == 0, first.stderr
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "rag.ui.cli", "index", str(docs), "--index", str(ix), "--ray", "--address", address,
           "--batch-size", "8", "--json"]  # fmt: skip
    job = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + TIMEOUT
    while job.poll() is None and len(list(ix.glob("shards/.staging-*/*.npz"))) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.poll() is None, "the job ended before it could be killed"
    job.kill()
    job.wait()
    assert len(Index.open(ix, embedder=embedder)) == 1
    staged = staged_rows(ix)
    again = rag_cli(*cmd[3:])
    assert again.returncode == 0, again.stderr
    reference = ShardedIndex.open(tmp_path / "reference", embedder=embedder, shards=2)
    reference.add([docs / "notes" / "note-000.txt"], root=docs)
    total = reference.add([docs]).chunks_embedded
    assert staged > 0 and json.loads(again.stdout)["chunks_embedded"] <= total - staged
    assert not list(ix.glob("shards/.staging-*"))
    index = Index.open(ix, embedder=embedder)
    assert index.indexed_passages() == reference.indexed_passages()
    for q in ("Japan seafood ban", "Chinese delegation", "Note 7"):
        assert [h.model_dump() for h in index.search(q, 10)] == [h.model_dump() for h in reference.search(q, 10)]

    (docs / "notes").rename(docs / "notes2024")
    moved = rag_cli(*cmd[3:])
    assert moved.returncode == 0, moved.stderr
    report, want = json.loads(moved.stdout), reference.add([docs])
    assert report["moved"] == want.moved and len(want.moved) == 120 and report["chunks_embedded"] == 0
    assert index.indexed_passages() == reference.indexed_passages()
    for q in ("Japan seafood ban", "Chinese delegation", "Note 7"):
        assert [h.model_dump() for h in index.search(q, 10)] == [h.model_dump() for h in reference.search(q, 10)]


@pytest.mark.skipif(not SQUAD_DEV.is_file(), reason=f"{SQUAD_DEV} not found (the shared evaluation data)")
def test_squad_paragraphs_on_the_cluster_have_the_single_index_retrieval_figures(cluster, embedder, tmp_path):
    """Protects retrieval at corpus scale: the 2,067 SQuAD v1.1 dev paragraphs indexed by a Ray Data job on the
    cluster into 4 shards give, for all 10,570 questions, the same figures in every mode (recall@k, MRR, nDCG,
    rank-bm25 over the indexed passages too) and the same gold ranks as one index built in this process."""
    from rag.evaluation.indexes import dataset_index
    from rag.evaluation.runner import evaluate
    from rag.evaluation.scoring import MODES
    from rag.evaluation.squad import load_squad

    ds = load_squad(SQUAD_DEV)
    single = dataset_index("squad-v1.1", ds.documents, cache=tmp_path / "single", progress=False, embedder=embedder)
    sharded = ShardedIndex.open(tmp_path / "ix", embedder=embedder, shards=4, ray=RayOptions(address=cluster.address))
    assert sharded.add_documents(ds.documents).chunks_embedded == single.stats().chunks
    ray.shutdown()
    want = evaluate(single, ds.questions, list(MODES), 10, answers=False)
    got = evaluate(Index.open(tmp_path / "ix", embedder=embedder), ds.questions, list(MODES), 10, answers=False)
    assert got["retrieval"] == want["retrieval"]
    assert [r["gold_rank"] for r in got["records"]] == [r["gold_rank"] for r in want["records"]]
