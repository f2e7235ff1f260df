"""Tests for the speed benchmark: a tiny seeds run end to end, the synthetic corpus builder, the pure helpers."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from eval import bench
from eval.bench import (
    BenchError,
    CorpusSpec,
    cosine_stats,
    latency_stats,
    markdown_table,
    parse_corpora,
    ratio,
    rss_mb,
    sample_rows,
    stage_stats,
    synthetic_documents,
)
from rag.evaluation.machine import cpu_model
from rag.ingest.sentences import sentence_spans

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
needs_shared = pytest.mark.skipif(
    not (SHARED / "data" / "squad" / "dev-v1.1.json").is_file()
    or not (SHARED / "data" / "scifact" / "corpus.jsonl").is_file(),
    reason=f"{SHARED}/data not found (the shared evaluation data is not on this machine)",
)

TINY_POOL = [
    "The river floods every spring.",
    "Farmers plant rice on the banks.",
    "A bridge was built in 1890.",
    "Tourists visit the old mill.",
    "The mill grinds wheat into flour.",
    "Fish swim upstream in autumn.",
    "Herons nest in the tall reeds.",
    "The village has a small school.",
    "Its teacher came from the city.",
    "Snow covers the hills in winter.",
    "A ferry crosses the lake twice a day.",
    "The ferry carries bicycles for free.",
]


# ---------------------------------------------------------------- the end-to-end run (slow: a real benchmark run)


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory) -> tuple[dict, Path]:
    """One tiny benchmark run of the seeds corpus: (results.json, output folder)."""
    out = tmp_path_factory.mktemp("bench")
    assert bench.main(["--corpus", "seeds", "--queries", "5", "--out", str(out)]) == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8")), out


@pytest.mark.slow
def test_run_writes_json_and_markdown(seeds_run):
    results, out = seeds_run
    assert set(results) >= {
        "command",
        "sys_argv",
        "date",
        "machine",
        "options",
        "synthetic_note",
        "corpora",
        "embedder_load_seconds",
    }
    assert results["command"] == f"python -m eval.bench --corpus seeds --queries 5 --out {out}"
    assert results["machine"]["cpu_count"] >= 1 and results["machine"]["platform"]
    assert list(results["corpora"]) == ["seeds"]
    md = (out / "results.md").read_text(encoding="utf-8")
    assert md.startswith("# Speed and size benchmark")
    assert results["command"] in md and "## seeds" in md and "| figure | value | reference | ratio |" in md
    assert "synthetic:N" in md  # the note on how the synthetic corpus is made


@pytest.mark.slow
def test_run_figures_are_sane(seeds_run):
    r = seeds_run[0]["corpora"]["seeds"]
    assert set(r) >= {"corpus", "build", "open", "size", "embedding", "search", "search_many", "ask", "memory"}
    assert r["corpus"]["documents"] == 2 and r["corpus"]["chunks"] > 0

    emb = r["embedding"]
    assert emb["sample"] == r["corpus"]["chunks"]  # seeds has fewer than 512 chunks: all of them
    for kind in ("fp32", "int8"):
        assert emb["backends"][kind]["passages_per_s"] > 0
    assert emb["ratio_onnx_over_fp32"] > 0
    assert 0.9 < emb["cosine_onnx_fp32"]["min"] <= emb["cosine_onnx_fp32"]["mean"] <= 1 + 1e-6

    assert r["build"]["seconds"] > 0 and r["build"]["embedder"] == "int8"
    assert len(r["open"]["runs"]) == 3 and r["open"]["median_seconds"] > 0
    assert r["size"]["bytes"] > 0 and r["size"]["mb"] > 0 and r["size"]["files"] > 0

    s = r["search"]
    assert s["queries"] == 5
    expected_stages = {
        "bm25": {"bm25", "fusion"},
        "dense": {"embed", "faiss", "fusion"},
        "hybrid": {"embed", "bm25", "faiss", "fusion"},
    }
    for mode, stages in expected_stages.items():
        m = s["modes"][mode]
        assert m["total"]["n"] == 5 and 0 < m["total"]["p50"] <= m["total"]["p95"]
        assert set(m["stages"]) == stages
        for st in m["stages"].values():
            assert 0 <= st["p50"] <= st["p95"]
    rb = s["rank_bm25"]
    assert 0 < rb["latency"]["p50"] <= rb["latency"]["p95"]
    assert rb["ratio_p50"] > 0 and rb["ratio_p95"] > 0

    sm = r["search_many"]
    assert sm["queries"] == 5 and sm["loop_ms_per_query"] > 0 and sm["search_many_ms_per_query"] > 0
    assert sm["ratio_many_over_loop"] > 0

    a = r["ask"]
    assert a["total"]["n"] == 5 and 0 < a["total"]["p50"] <= a["total"]["p95"]
    assert 0 <= a["found"] <= 5
    assert a["ask_many_ms_per_query"] > 0 and a["loop_ms_per_query"] > 0
    assert a["ask_many_found"] == a["found"]  # the batch answers as the loop does
    assert r["memory"]["peak_rss_mb"] > 0

    sv = r["serving"]  # a fresh process opened the same index and searched it
    assert sv["dense"] == "exact" and sv["dense_recall_at_10"] == 1.0
    assert sv["open_seconds"] > 0 and sv["queries"] == 5 and sv["hybrid_ms"]["n"] == 5
    assert 0 < sv["rss_model_mb"] <= sv["rss_after_open_mb"] <= sv["peak_rss_mb"]
    assert set(sv["stages_p50_ms"]) == {"embed", "bm25", "faiss", "fusion"}
    assert r["build"]["composed"] is False and r["build"]["projected_embed_seconds"] > 0


def test_bad_corpus_is_an_error(tmp_path, capsys):
    assert bench.main(["--corpus", "nope", "--out", str(tmp_path)]) == 2
    assert "expected seeds, squad or synthetic:N" in capsys.readouterr().err
    assert not (tmp_path / "results.json").exists()


@pytest.mark.slow
def test_reuse_measures_a_kept_index_without_building_it(tmp_path, capsys):
    """Protects `--keep DIR --reuse`: a second run searches the index the first one kept, reports no
    build time instead of a wrong one, and --reuse alone is a clear error."""
    keep, out = tmp_path / "keep", tmp_path / "out"
    assert bench.main(["--corpus", "seeds", "--queries", "3", "--keep", str(keep), "--out", str(out)]) == 0
    gen = (keep / "seeds" / "CURRENT").read_text()
    assert bench.main(["--corpus", "seeds", "--queries", "3", "--keep", str(keep), "--reuse", "--out", str(out)]) == 0
    assert (keep / "seeds" / "CURRENT").read_text() == gen  # not rebuilt
    r = json.loads((out / "results.json").read_text(encoding="utf-8"))["corpora"]["seeds"]
    assert r["build"]["seconds"] is None and r["corpus"]["chunks"] > 0 and "--reuse" in r["corpus"]["description"]
    assert r["search"]["modes"]["hybrid"]["total"]["p50"] > 0
    assert bench.main(["--corpus", "seeds", "--reuse", "--out", str(out)]) == 2
    assert "--keep" in capsys.readouterr().err


# ---------------------------------------------------------------- the synthetic corpus


def test_synthetic_documents_are_deterministic_sized_and_made_of_pool_sentences():
    one = lambda doc: 1  # noqa: E731  (one chunk per document: the count is exact)
    docs = synthetic_documents(TINY_POOL, 40, seed=7, count_chunks=one)
    again = synthetic_documents(TINY_POOL, 40, seed=7, count_chunks=one)
    other = synthetic_documents(TINY_POOL, 40, seed=8, count_chunks=one)
    assert [d.model_dump() for d in docs] == [d.model_dump() for d in again]
    assert [d.text for d in docs] != [d.text for d in other]
    assert len(docs) == 40
    assert [d.id for d in docs] == [f"syn-{i}" for i in range(40)]
    assert [d.title for d in docs] == [f"Synthetic {i}" for i in range(40)]
    pool = set(TINY_POOL)
    counts = set()
    for d in docs:
        sentences = [d.text[a:b] for a, b in sentence_spans(d.text)]
        assert all(s in pool for s in sentences), d.text
        assert 3 <= len(sentences) <= 8 and len(set(sentences)) == len(sentences)
        counts.add(len(sentences))
    assert len(counts) > 1  # the sentence count varies


def test_synthetic_documents_reach_the_chunk_target_with_the_real_chunker():
    counter = bench.chunk_counter()
    docs = synthetic_documents(TINY_POOL, 25, seed=0)
    total = sum(counter(d) for d in docs)
    assert 25 <= total <= 25 + max(counter(d) for d in docs)
    assert sum(counter(d) for d in docs[:-1]) < 25  # no document more than needed


def test_synthetic_documents_reject_an_empty_pool():
    with pytest.raises(BenchError):
        synthetic_documents([], 10, seed=0, count_chunks=lambda d: 1)


@needs_shared
def test_synthetic_corpus_from_the_shared_data():
    pool = bench.synthetic_pool()
    assert len(pool) > 10_000 and len(set(pool)) == len(pool)
    docs = synthetic_documents(pool, 30, seed=3)
    assert docs == synthetic_documents(pool, 30, seed=3)
    counter = bench.chunk_counter()
    assert 30 <= sum(counter(d) for d in docs) < 30 + 10
    qs, source = bench.corpus_queries(CorpusSpec("synthetic", 30), 7, seed=3)
    assert len(qs) == 7 and qs == bench.corpus_queries(CorpusSpec("squad"), 7, seed=3)[0]
    assert "seed 3" in source


# ---------------------------------------------------------------- pure helpers


def test_latency_stats():
    s = latency_stats([4.0, 1.0, 3.0, 2.0])
    assert s["n"] == 4 and s["p50"] == 2.5 and s["mean"] == 2.5
    assert s["p95"] == pytest.approx(float(np.percentile([1, 2, 3, 4], 95)))
    assert latency_stats([]) == {"n": 0, "p50": None, "p95": None, "mean": None}


def test_stage_stats_keeps_stage_order():
    timings = [{"fusion": 1.0, "bm25": 2.0}, {"fusion": 3.0, "bm25": 4.0, "embed": 5.0}]
    s = stage_stats(timings)
    assert list(s) == ["embed", "bm25", "fusion"]
    assert s["embed"]["n"] == 1 and s["bm25"]["p50"] == 3.0


def test_ratio():
    assert ratio(2.0, 4.0) == 0.5
    assert ratio(None, 1.0) is None and ratio(1.0, None) is None and ratio(1.0, 0.0) is None
    assert ratio(math.nan, 1.0) is None


def test_fmt_ratio_keeps_small_ratios_readable():
    assert bench.fmt_ratio(None) == "—"
    assert bench.fmt_ratio(0.8123) == "0.81×" and bench.fmt_ratio(5.6) == "5.60×"
    assert bench.fmt_ratio(0.001169) == "0.0012×"  # ours vs rank-bm25 at 100k: not "0.00×"


def test_cpu_model_names_the_cpu_and_its_int8_instruction_sets():
    info = (
        "processor\t: 0\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: AMD EPYC\n"
        "flags\t\t: fpu avx2 avx512f avx512_vnni\n\nprocessor\t: 1\nmodel name\t: AMD EPYC\n"
    )
    assert cpu_model(info) == "AMD EPYC (family 25, model 17); avx2, avx512f, avx512_vnni"
    assert cpu_model("") == "unknown CPU; no AVX2"


def test_cosine_stats():
    a = np.array([[1.0, 0.0], [0.0, 2.0]], dtype=np.float32)
    b = np.array([[1.0, 0.0], [1.0, 1.0]], dtype=np.float32)
    c = cosine_stats(a, b)
    assert c["mean"] == pytest.approx((1 + math.sqrt(0.5)) / 2) and c["min"] == pytest.approx(math.sqrt(0.5))
    with pytest.raises(ValueError):
        cosine_stats(a, b[:1])


def test_parse_corpora():
    specs = parse_corpora(["seeds,squad", "synthetic:2000", "seeds", "synthetic:5k"])
    assert [s.name for s in specs] == ["seeds", "squad", "synthetic:2000", "synthetic:5000"]
    assert specs[2].slug == "synthetic-2000"
    for bad in (["web"], ["synthetic:x"], ["synthetic:0"], [","]):
        with pytest.raises(BenchError):
            parse_corpora(bad)


def test_rss_and_sampling():
    assert rss_mb(2048, "linux") == 2.0 and rss_mb(2 * 1024 * 1024, "darwin") == 2.0
    rows = sample_rows(1000, 10, seed=1)
    assert rows == sorted(rows) and len(set(rows)) == 10 and rows == sample_rows(1000, 10, seed=1)
    assert sample_rows(5, 512, seed=1) == [0, 1, 2, 3, 4]


def test_markdown_table():
    table = markdown_table([("a", "1", "2", "0.50×")])
    assert table.splitlines() == [
        "| figure | value | reference | ratio |",
        "|---|---:|---:|---:|",
        "| a | 1 | 2 | 0.50× |",
    ]
