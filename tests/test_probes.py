"""The IVF probe sweep: recall against exhaustive search is exact when every list is probed."""

from __future__ import annotations

import numpy as np

from eval.probes import sweep
from rag.retrieve.dense import build_ivf


def test_sweep_recall_is_one_with_all_lists_and_never_above_one():
    """Protects the benchmark's ANN figures: probing every list finds the exact top 10, fewer probes
    find at most as much, and each row names its probe count."""
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3000, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ivf = build_ivf(vectors, np.arange(3000, dtype=np.int64))
    queries = rng.normal(size=(20, 16)).astype(np.float32)
    rows = sweep(ivf, queries, [1 / ivf.nlist, 1.0])
    assert rows[0]["probes"] == 1 and rows[1]["probes"] == ivf.nlist
    assert rows[1]["recall_at_10"] == 1.0
    assert 0.0 < rows[0]["recall_at_10"] < 1.0
