"""The Ray benchmark's pure parts: the 10M-passage projection from a measured per-worker rate, and its report."""

from __future__ import annotations

import pytest

from eval.bench_ray import TEN_MILLION, projection, render


def rows(one: float, two: float) -> list[dict]:
    return [
        {"name": "plain", "passages": 100, "seconds": 1.0, "per_second": 100.0, "steady": 100.0, "per_worker": 100.0},
        {"name": "--ray, 1 worker (1 CPU each)", "passages": 100, "seconds": 9.0, "per_second": 11.0, "steady": one,
         "per_worker": one},
        {"name": "--ray, 2 workers (1 CPU each)", "passages": 100, "seconds": 7.0, "per_second": 14.0, "steady": two,
         "per_worker": two / 2},
    ]  # fmt: skip


def test_projection_divides_ten_million_passages_by_the_per_worker_rate():
    """Protects the README's projection: hours = 10M / (per-worker rate x machines x CPUs), and the share of twice
    one worker's rate that two workers kept."""
    p = projection(rows(one=50.0, two=80.0))
    assert p["per_worker_per_second"] == 50.0 and p["two_worker_efficiency"] == pytest.approx(0.8)
    assert p["hours_for_10M"]["4 x 16 CPUs"] == pytest.approx(TEN_MILLION / (50.0 * 64) / 3600)
    assert projection(rows(one=50.0, two=80.0)[:1]) == {}


def test_report_names_its_command_and_every_run():
    """Protects the results file: the command that made it, each run's row and the projection table."""
    results = {"command": "python -m eval.bench_ray --docs 10", "date": "d", "loadavg_end": [0, 0, 0],
               "machine": {"cpu_count": 2, "cpu": "cpu", "loadavg_start": [0, 0, 0]}, "args": {"passages": 0},
               "indexing": {"documents": 10, "rows": rows(50.0, 80.0), "projection": projection(rows(50.0, 80.0))}}  # fmt: skip
    text = render(results)
    assert "`python -m eval.bench_ray --docs 10`" in text and "| --ray, 2 workers (1 CPU each) | 100 |" in text
    assert "| 64 x 16 CPUs |" in text
