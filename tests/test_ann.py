"""The IVF-against-HNSW comparison: composed vectors are unit means, and recall is measured against exact search."""

from __future__ import annotations

import numpy as np

from eval.ann import compare, compose_random, margin_probes, similarity_profile


def _unit(rng, n, d):
    v = rng.normal(size=(n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_compose_random_is_seeded_unit_means_of_pool_vectors():
    sentences = _unit(np.random.default_rng(0), 50, 8)
    a, b = compose_random(sentences, 200, seed=3), compose_random(sentences, 200, seed=3)
    assert a.shape == (200, 8) and np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert not np.array_equal(a, compose_random(sentences, 200, seed=4))
    # a mean of 2..5 unit vectors is closer to some pool vector than chance
    assert (a @ sentences.T).max(axis=1).min() > 0.3


def test_similarity_profile_reads_mean_score_per_rank():
    scores = np.array([[0.9, 0.8, 0.7], [0.7, 0.6, 0.5]], dtype=np.float32)
    profile = similarity_profile(scores, ranks=(1, 3, 10))
    assert list(profile) == ["1", "3"]  # rank 10 is past the scores given
    assert np.isclose(profile["1"], 0.8) and np.isclose(profile["3"], 0.6)


def test_compare_exhaustive_settings_find_the_exact_neighbours():
    """Protects the README's ANN table: an IVF probing every list and an HNSW with a huge ef on a
    small set both reach recall 1, and a one-list probe does not exceed it."""
    rng = np.random.default_rng(1)
    vectors, queries = _unit(rng, 3000, 16), _unit(rng, 20, 16)
    candidates = (
        ("ivf", "ivf", ("share", (0.001, 1.0))),
        ("hnsw", "HNSW16", ("ef", (3000,))),
        ("margin", "ivf", ("margin", (0.0, 2.0))),
    )
    r = compare(vectors, queries, candidates)
    assert r["vectors"] == 3000 and r["queries"] == 20 and set(r["profile"]) == {"1", "10", "100", "1000"}
    rec = {(x["index"], x["setting"]): x["recall_at_10"] for x in r["rows"]}
    assert rec[("ivf", "share 1")] == 1.0 and rec[("hnsw", "ef 3000")] == 1.0
    assert rec[("ivf", "share 0.001")] < 1.0
    # a margin of 2 takes every list (cosines differ by at most 2); a margin of 0 the 16 fewest
    assert rec[("margin", "margin 2 (mean 1.00 of lists)")] == 1.0
    assert [s for i, s in rec if i == "margin"][0].startswith("margin 0 (mean 0.07")


def test_margin_probes_counts_lists_near_the_best_with_a_floor():
    scores = np.array([[0.9, 0.85, 0.5, 0.1], [0.4, 0.39, 0.38, 0.37]], dtype=np.float32)
    assert margin_probes(scores, 0.1, least=1).tolist() == [2, 4]
    assert margin_probes(scores, 0.1, least=3).tolist() == [3, 4]
    assert margin_probes(scores, 0.0, least=16).tolist() == [4, 4]  # never more lists than there are
