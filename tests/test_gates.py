"""The embedder gate report: int8 may trail fp32 by at most 0.005 on each set's metric."""

from __future__ import annotations

import json

from eval.gates import retrieval_gates


def write_run(root, name, backend, value):
    folder = root / "embedder" / f"{name}-{backend}"
    folder.mkdir(parents=True)
    metric = "recall@5" if name.startswith("squad") else "ndcg@10"
    retrieval = {mode: {metric: value, "questions": 10} for mode in ("dense", "hybrid-convex")}
    (folder / "results.json").write_text(json.dumps({"retrieval": retrieval}))


def test_retrieval_gates_compare_int8_with_fp32(tmp_path):
    write_run(tmp_path, "squad-v1.1-test", "int8", 0.900)
    write_run(tmp_path, "squad-v1.1-test", "fp32", 0.904)  # 0.004 behind: passes
    write_run(tmp_path, "scifact-test", "int8", 0.700)
    write_run(tmp_path, "scifact-test", "fp32", 0.706)  # 0.006 behind: misses
    rows = {(r["set"], r["mode"]): r for r in retrieval_gates(tmp_path)}
    assert len(rows) == 4
    assert rows[("squad-v1.1-test", "dense")]["pass"] and rows[("squad-v1.1-test", "hybrid-convex")]["pass"]
    assert not rows[("scifact-test", "dense")]["pass"]
    assert abs(rows[("scifact-test", "dense")]["delta"] + 0.006) < 1e-9
