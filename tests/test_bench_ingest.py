"""The ingestion benchmark (eval/bench_ingest.py): its synthetic files and a tiny end-to-end run."""

from __future__ import annotations

import json

import pytest

from eval.bench_ingest import document, main


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_synthetic_files_have_the_exact_size_and_their_format(fmt):
    """Protects the benchmark's rows: each file is exactly the size asked for, wrapped prose, and md and
    html files carry headings (so their extractors do real work)."""
    raw = document(100_000, fmt)
    assert len(raw) == 100_000 and raw.count(b"\n") > 1000
    marker = {"txt": b"Section", "md": b"## Section", "html": b"<h2>Section"}[fmt]
    assert (marker in raw) == (fmt != "txt")


def test_a_tiny_run_writes_results(tmp_path, capsys):
    """Protects `python -m eval.bench_ingest`: a run writes results.json and results.md with one row per
    size, each with its passages, seconds and peak memory."""
    assert main(["--sizes", "0.02", "0.04", "--out", str(tmp_path)]) == 0
    rows = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["rows"]
    assert [(r["format"], r["size_mb"]) for r in rows] == [("txt", 0.02), ("txt", 0.04)]
    assert all(r["passages"] > 10 and r["total_s"] > 0 and r["rss_peak_mb"] > 0 for r in rows)
    md = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "| .txt | 0.04 |" in md and md in capsys.readouterr().out
