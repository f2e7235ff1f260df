"""Benchmark pieces for big corpora: composed chunk vectors and the recall measure."""

from __future__ import annotations

import numpy as np
import pytest

from eval.scale import ComposedEmbedder, compose, recall_at_k
from rag.store.state import index_text

POOL = [
    "Otters hold hands while they sleep.",
    "Badgers dig wide burrows called setts.",
    "Herons stand still for a long time.",
    "Lynx have tufted ears.",
]


def test_compose_is_the_normalized_mean():
    v = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    np.testing.assert_allclose(compose(v), [2**-0.5, 2**-0.5], rtol=1e-6)
    assert compose(v).dtype == np.float32


def test_composed_vectors_come_from_pool_sentences_and_others_are_embedded(embedder):
    """Protects the --compose benchmark: chunks of pool sentences get composed vectors, anything else
    (and every query) the real embedder's."""
    vectors = embedder.encode(POOL)
    composed = ComposedEmbedder(embedder, POOL, vectors)
    chunk = index_text("Synthetic 3", f"{POOL[0]} {POOL[2]}", True)
    other = "Newts regrow their limbs."
    out = composed.encode([chunk, other])
    np.testing.assert_allclose(out[0], compose(vectors[[0, 2]]), atol=1e-6)
    np.testing.assert_allclose(out[1], embedder.encode([other])[0], atol=1e-6)
    assert (composed.composed, composed.embedded) == (1, 1)
    np.testing.assert_allclose(composed.encode_query(other), embedder.encode_query(other), atol=1e-6)
    assert composed.backend == f"{embedder.backend}+composed"


@pytest.mark.parametrize(
    "approx,exact,expected",
    [
        ([[1, 2, 3]], [[1, 2, 3]], 1.0),
        ([[1, 2, 4]], [[3, 2, 1]], 2 / 3),
        ([[9]], [[]], None),
        ([[1, 2], [5, 6]], [[1, 3], [5, 6]], 0.75),
    ],
)
def test_recall_at_k(approx, exact, expected):
    got = recall_at_k([np.array(a) for a in approx], [np.array(e) for e in exact], k=3)
    assert got == (pytest.approx(expected) if expected is not None else None)
