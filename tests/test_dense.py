"""Dense index mechanics: when it switches to IVF, and that no vector or id is lost on the way."""

from __future__ import annotations

import numpy as np
import pytest

from rag.retrieve.dense import DenseIndex, build_ivf, ivf_lists, ivf_probes, needs_rebuild, new_flat


def unit_vectors(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, 32)).astype(np.float32)
    x = centres[rng.integers(0, 20, n)] + 0.3 * rng.standard_normal((n, 32)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_needs_rebuild():
    flat = new_flat(32)
    assert not needs_rebuild(flat, 100, 100) and needs_rebuild(flat, 101, 100)
    assert not needs_rebuild(flat, 10**7, None)  # exact forever when asked
    ivf = build_ivf(unit_vectors(2000), np.arange(2000))
    assert not needs_rebuild(ivf, 4000, 100)  # grown a little: keep its lists
    assert needs_rebuild(ivf, 2000 * 5, 100)  # grown past twice the lists it was trained for: retrain


def test_probes_and_lists_grow_with_size():
    assert ivf_lists(10_000) == 400 and ivf_lists(1_000_000) == 4000
    assert ivf_probes(400) == 100 and ivf_probes(4000) == 1000 and ivf_probes(8) == 8 and ivf_probes(40) == 16
    assert ivf_probes(4000, 1 / 8) == 500 and ivf_probes(4000, 1.0) == 4000


def test_switching_to_ivf_keeps_every_vector_and_id():
    x = unit_vectors(3000)
    ids = np.arange(3000) * 7 + 3  # ids are not rows
    d = DenseIndex(32, exact_limit=1000)
    d.add(x[:1000], ids[:1000])
    assert d.kind == "exact"
    d.add(x[1000:], ids[1000:])
    assert d.kind == "ivf" and len(d) == 3000
    got_ids, got = d.all()
    order = np.argsort(got_ids)
    assert np.array_equal(got_ids[order], ids)
    np.testing.assert_allclose(got[order], x, atol=2e-3)  # fp16 codes
    d.remove(ids[:10])
    assert len(d) == 2990
    hits, scores = d.search(x[5], 5, exhaustive=True)
    assert ids[5] not in hits and np.all(np.diff(scores) <= 1e-6)
    hits, _ = d.search(x[2500], 1)
    assert hits[0] == ids[2500]


def test_probe_share_trades_recall_for_work_and_one_means_exact():
    """Protects SearchSettings.ivf_probe_share: searching every list is the exact answer, and
    searching fewer lists never finds more of the exact top 10."""
    x = unit_vectors(4000)
    d = DenseIndex(32, exact_limit=100)
    d.add(x, np.arange(4000))
    assert d.kind == "ivf"
    queries = unit_vectors(30, seed=1)
    found = {}
    for share in (1 / 64, 1 / 4, 1.0):
        found[share] = [set(d.search(q, 10, probe_share=share)[0].tolist()) for q in queries]
    exact = [set(d.search(q, 10, exhaustive=True)[0].tolist()) for q in queries]
    assert found[1.0] == exact
    recall = {s: np.mean([len(f & e) / 10 for f, e in zip(found[s], exact)]) for s in found}
    assert recall[1 / 64] <= recall[1 / 4] <= recall[1.0] == 1.0
    assert recall[1 / 64] < 1.0


def test_probe_share_must_be_a_share():
    """Protects users from a silent no-op: a share outside (0, 1] is refused, naming the field."""
    from pydantic import ValidationError

    from rag.settings import SearchSettings

    for bad in (0, -0.5, 1.5):
        with pytest.raises(ValidationError, match="ivf_probe_share"):
            SearchSettings(ivf_probe_share=bad)
