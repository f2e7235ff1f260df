"""Rank fusion as pure functions, checked against values computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from rag.retrieve.fusion import RRF_K, convex, minmax, rrf, top_k


def ids(*xs: int) -> np.ndarray:
    return np.array(xs, dtype=np.int64)


def test_rrf_k60_hand_computed_values():
    """Protects RRF: sum of 1/(60 + rank) over the retrievers that returned the chunk, ranks 1-based;
    a chunk returned by only one retriever gets only that retriever's term."""
    assert RRF_K == 60
    fused = rrf({"bm25": ids(10, 20, 30), "dense": ids(20, 40)}, {"bm25": 1.0, "dense": 1.0}, k=60)
    assert fused.keys() == {10, 20, 30, 40}
    assert fused[10] == pytest.approx(1 / 61)
    assert fused[20] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[30] == pytest.approx(1 / 63)
    assert fused[40] == pytest.approx(1 / 62)
    assert top_k(fused, 4) == [
        (20, pytest.approx(1 / 61 + 1 / 62)),
        (10, pytest.approx(1 / 61)),
        (40, pytest.approx(1 / 62)),
        (30, pytest.approx(1 / 63)),
    ]


def test_rrf_weights_scale_each_retrievers_term():
    """Protects weighted RRF: each term is multiplied by its retriever's weight; a missing weight is 1."""
    fused = rrf({"bm25": ids(1, 2), "dense": ids(2, 1)}, {"bm25": 2.0, "dense": 0.5})
    assert fused[1] == pytest.approx(2 / 61 + 0.5 / 62)
    assert fused[2] == pytest.approx(2 / 62 + 0.5 / 61)
    assert rrf({"x": ids(7)}, {})[7] == pytest.approx(1 / 61)
    assert rrf({"bm25": ids(5)}, {"bm25": 1.0}, k=1)[5] == pytest.approx(1 / 2)


def test_rrf_with_no_results_is_empty():
    """Protects fusion of empty rankings (an all-stop-word query gives BM25 nothing)."""
    assert rrf({"bm25": ids(), "dense": ids()}, {"bm25": 1.0, "dense": 1.0}) == {}
    assert rrf({"bm25": ids(), "dense": ids(3)}, {}) == {3: pytest.approx(1 / 61)}


def test_minmax_hand_computed_and_constant_input():
    """Protects min-max scaling: lowest -> 0, highest -> 1; constant scores all map to 1; empty stays empty."""
    np.testing.assert_allclose(minmax(np.array([2.0, 4.0, 3.0])), [0.0, 1.0, 0.5])
    np.testing.assert_allclose(minmax(np.array([-1.0, 1.0])), [0.0, 1.0])
    np.testing.assert_array_equal(minmax(np.array([0.7, 0.7, 0.7], dtype=np.float32)), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(minmax(np.array([5.0])), [1.0])
    out = minmax(np.array([], dtype=np.float32))
    assert out.size == 0 and out.dtype == np.float64


def test_convex_hand_computed_min_max_combination():
    """Protects convex fusion: weights normalized to sum 1, each retriever's scores min-max scaled,
    a retriever that missed a chunk adds 0."""
    results = {
        "bm25": (ids(1, 2, 3), np.array([10.0, 6.0, 2.0])),  # -> 1.0, 0.5, 0.0
        "dense": (ids(2, 4), np.array([0.9, 0.5])),  # -> 1.0, 0.0
    }
    fused = convex(results, {"bm25": 1.0, "dense": 3.0})  # weights 0.25 / 0.75
    assert fused == {
        1: pytest.approx(0.25 * 1.0),
        2: pytest.approx(0.25 * 0.5 + 0.75 * 1.0),
        3: pytest.approx(0.0),
        4: pytest.approx(0.0),
    }
    assert [c for c, _ in top_k(fused, 4)] == [2, 1, 3, 4]


def test_convex_equal_default_weights_and_single_result():
    """Protects convex defaults: missing weights count 1 each; a lone result scales to 1."""
    fused = convex({"bm25": (ids(8), np.array([3.2])), "dense": (ids(8, 9), np.array([0.4, 0.2]))}, {})
    assert fused == {8: pytest.approx(0.5 * 1 + 0.5 * 1), 9: pytest.approx(0.0)}


def test_top_k_ties_are_broken_by_chunk_id_and_k_truncates():
    """Protects deterministic ranking: equal scores are ordered by chunk id, whatever the dict order."""
    fused = {9: 0.5, 3: 0.5, 7: 0.9, 1: 0.1, 5: 0.5}
    assert top_k(fused, 10) == [(7, 0.9), (3, 0.5), (5, 0.5), (9, 0.5), (1, 0.1)]
    assert top_k(dict(reversed(list(fused.items()))), 3) == [(7, 0.9), (3, 0.5), (5, 0.5)]
    assert top_k({}, 5) == []
