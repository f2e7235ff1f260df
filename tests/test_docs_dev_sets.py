"""The documentation question sets stay valid: answers verbatim in their page, unanswerable terms absent (eval/docs_dev/check.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

CHECK = Path(__file__).resolve().parents[1] / "eval" / "docs_dev" / "check.py"
spec = importlib.util.spec_from_file_location("docs_dev_check", CHECK)
assert spec is not None and spec.loader is not None
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


@pytest.mark.parametrize("name", sorted(check.SETS))
def test_set_is_well_formed(name: str) -> None:
    """Every line has the eval's keys; ids are unique; an unanswerable question names the terms no page may hold."""
    dataset, _, _, _, absent = check.SETS[name]
    rows = [json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert all(set(r) == check.KEYS for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)
    unanswerable = {r["id"] for r in rows if not r["answers"]}
    assert unanswerable == set(absent)


@pytest.mark.parametrize("name", sorted(check.SETS))
def test_set_holds_against_its_corpus(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Where the set's corpus is installed, check.py finds no problem (a changed page would show here)."""
    _, folder, make, glob, _ = check.SETS[name]
    if not any(folder.glob(glob)):
        pytest.skip(f"{folder} has no pages; run: {make}")
    assert check.main(["check.py", "--set", name]) == 0, capsys.readouterr().out
