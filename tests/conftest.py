"""Shared fixtures for the retrieval-core tests: the real tokenizer and embedder, loaded once,
and a real index of the `seeds/` corpus built once per session."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

# torch's OpenMP threads spin while waiting; on a 2-core machine shared with other work that makes
# each small forward pass 10-30x slower. Passive waiting changes speed only, never results.
# (Set before anything imports torch; subprocesses started by the tests inherit it.)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
# The team's shared evaluation data lives beside the checkout; a user's machine has none.
SHARED = REPO.parent / "shared"
SEEDS_DEV = SHARED / "eval" / "seeds_dev.jsonl"


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Create `files` (relative name -> text or bytes) under `folder`; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(name="write_files")
def write_files_fixture():
    """The `write_files(folder, {name: content})` helper, as a fixture."""
    return write_files


@pytest.fixture(scope="session")
def tokenizer():
    """The embedder's real word-piece tokenizer."""
    from rag.embed.model import load_tokenizer

    return load_tokenizer()


@pytest.fixture(scope="session")
def embedder():
    """The default all-MiniLM-L6-v2 embedder (int8), loaded once for the whole session.

    Passing it to `Index.open(..., embedder=embedder)` is the real code path, just without
    loading the same weights again for every index a test opens.
    """
    from rag.embed import load_embedder

    e = load_embedder()
    e.encode(["warm up"])
    return e


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory, embedder):
    """(index, corpus folder, index folder, report): `seeds/` copied aside and indexed once."""
    from rag.index import Index

    base = tmp_path_factory.mktemp("seeds")
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    where = base / "index"
    index = Index.open(where, embedder=embedder)
    report = index.add([corpus])
    return index, corpus, where, report


@pytest.fixture(scope="session")
def seeds_dev() -> list[dict]:
    """The hand-written dev questions about `seeds/` (skips when ../shared is absent)."""
    if not SEEDS_DEV.is_file():
        pytest.skip(f"{SEEDS_DEV} not found (the shared evaluation data is not on this machine)")
    with open(SEEDS_DEV, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def fp32_embedder():
    """The fp32 sentence-transformers reference embedder, loaded once."""
    from rag.embed import load_embedder

    e = load_embedder("fp32")
    e.encode(["warm up"])
    return e
