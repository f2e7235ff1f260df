"""A sharded index answers as one index over the union: the same hits, ranks and scores for 1–5 shards, after
updates too (built with the sharding code in this process: no Ray needed)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.index import Index
from rag.models import Document
from rag.settings import SearchSettings
from rag.shard.index import ShardedIndex
from tests.shard_corpora import Remembering, real_documents

MODES = ("hybrid", "bm25", "dense")
# The default convex fusion, RRF, and a pool so small that ties at the cut decide which rows are kept.
SETTINGS = (SearchSettings(), SearchSettings(fusion="rrf"), SearchSettings(pool=3))
FIXED_QUERIES = ("Who is Japan's top government spokesman?", "Chinese military delegation", "the of and", "xyzzy")
POOL = real_documents()


@pytest.fixture(scope="module")
def remembering(embedder):
    """The session's real embedder, remembering vectors across examples."""
    return Remembering(embedder)


def documents(picks: list[int]) -> list[Document]:
    """Pool documents by index; a repeated pick is a copy under a new id (same text: every score ties)."""
    out, seen = [], {}
    for i in picks:
        seen[i] = seen.get(i, 0) + 1
        doc = POOL[i]
        out.append(doc if seen[i] == 1 else doc.model_copy(update={"id": f"{doc.id}~{seen[i]}"}))
    return out


def queries(draw, docs: list[Document]) -> list[str]:
    """Runs of words from the corpus's own texts, and a few fixed ones (a question, stop words only, unknown)."""
    out = list(FIXED_QUERIES)
    for _ in range(3):
        words = draw(st.sampled_from(docs)).text.split()
        start = draw(st.integers(0, max(0, len(words) - 1)))
        out.append(" ".join(words[start : start + draw(st.integers(1, 6))]))
    return out


def same_results(one: Index, sharded: Index, qs: list[str]) -> None:
    assert len(sharded) == len(one) and sharded.stats().chunks == one.stats().chunks
    assert sharded.indexed_passages() == one.indexed_passages()
    for q in qs:
        for mode in MODES:
            for cfg in SETTINGS:
                for k in (1, 10):
                    want = [h.model_dump() for h in one.search_timed(q, k, mode, settings=cfg)[0]]
                    got = [h.model_dump() for h in sharded.search_timed(q, k, mode, settings=cfg)[0]]
                    assert got == want, (q, mode, cfg, k)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sharded_index_ranks_and_scores_as_one_index(remembering, data):
    """Protects the sharding invariant: for 1–5 shards of a real corpus (with duplicate documents, so scores tie),
    every mode, fusion and k gives hits equal field by field (chunk id, document, offsets, fused score, rank, each
    retriever's rank and raw score) to one index's; and still after removing and adding documents (global BM25
    statistics recomputed, chunk ids numbered as one index numbers them)."""
    picks = data.draw(st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=12), label="documents")
    shards = data.draw(st.integers(1, 5), label="shards")
    docs = documents(picks)
    with tempfile.TemporaryDirectory() as tmp:
        one = Index.in_memory(embedder=remembering)
        sharded = ShardedIndex.open(Path(tmp) / "ix", embedder=remembering, shards=shards)
        assert sharded.add_documents(docs).added == one.add_documents(docs).added
        reopened = Index.open(Path(tmp) / "ix", embedder=remembering)
        same_results(one, reopened, queries(data.draw, docs))

        gone = data.draw(st.lists(st.sampled_from([d.id for d in docs]), max_size=4), label="removed")
        more = documents(data.draw(st.lists(st.integers(0, len(POOL) - 1), max_size=4), label="added"))
        assert sharded.remove(gone).removed == one.remove(gone).removed
        assert sharded.add_documents(more).added == one.add_documents(more).added
        same_results(one, Index.open(Path(tmp) / "ix", embedder=remembering), queries(data.draw, docs + more))


def test_sharded_seeds_answer_as_one_index(seeds_index, embedder, tmp_path):
    """Protects `ask` over shards: the seeds folder indexed into 3 shards answers the seeds questions with the same
    Answer as the single index (text, span, quotes, confidence, hits), the answer stage's idf coming from the
    manifest's global statistics, its vocabulary the manifest's words (Australia, which no seed names, but
    Shizuoko, which they spell Shizuoka)."""
    index, corpus, _, _ = seeds_index
    sharded = ShardedIndex.open(tmp_path / "ix", embedder=embedder, shards=3)
    report = sharded.add([corpus])
    assert sorted(report.added) == sorted(d.id for d in index.documents())
    questions = ["Who is Japan's top government spokesman?", "Which Chinese official met the Governor of Shizuoka?",
                 "What is the capital of Australia?", "Who is the Governor of Shizuoko?"]  # fmt: skip
    for want, got in zip(index.ask_many(questions), Index.open(tmp_path / "ix", embedder=embedder).ask_many(questions)):
        assert got.model_dump(exclude={"timings_ms"}) == want.model_dump(exclude={"timings_ms"})
    absent, misspelled = index.ask_many(questions[2:])
    assert absent.unmentioned == ["Australia"] and not absent.found and not misspelled.unmentioned
