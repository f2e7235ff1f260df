"""The Apache directive probe (`eval/directives.py`): its gold is the rows of each entry's table, and it scores asks."""

from __future__ import annotations

from test_headed import APACHE, apache_page

from eval.directives import directive_rows, run


def test_each_entrys_rows_are_its_gold():
    [(name, rows)] = directive_rows(APACHE)  # "<Limit> Directive" names no plain directive
    assert name == "KeepAliveTimeout"
    assert (
        rows["Description"] == "Amount of time the server will wait for subsequent requests on a persistent connection"
    )
    assert (rows["Syntax"], rows["Default"], rows["Module"]) == ("KeepAliveTimeout num[ms]", "5", "core")


def test_run_asks_what_each_sampled_directive_does(tmp_path, embedder, write_files):
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"mod/core.html": apache_page()})])
    results = run(tmp_path / "index", sample=2, seed=0)
    assert (results["sampled"], results["directives"]) == (2, 3)
    kinds = sorted(r["kind"] for r in results["records"])
    assert kinds == sorted(["Description", "Syntax", "Default", "Context", "Module"] * 2)
    assert results["kinds"]["Description"]["quote_correct"] == 1.0


def test_held_out_asks_the_directives_not_sampled_and_fits_the_described_confidence(tmp_path, embedder, write_files):
    """The calibration set is the directives the report does not ask; --fit writes how often the answers read from
    the asked directive's entry are right, and only with --held-out."""
    import json

    import pytest

    from eval.directives import main
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"mod/core.html": apache_page()})])
    sampled = {r["directive"] for r in run(tmp_path / "index", sample=2, seed=0)["records"]}
    held = run(tmp_path / "index", sample=2, seed=0, held_out=True)
    assert held["asked"] == 1 and not sampled & {r["directive"] for r in held["records"]}
    assert held["described"] == sum(r["described"] for r in held["records"]) > 0
    fitted = tmp_path / "fitted.json"
    fitted.write_text(json.dumps({"passages": 4}))
    main(["--index", str(tmp_path / "index"), "--sample", "2", "--held-out", "--fit", str(fitted)])
    assert json.loads(fitted.read_text()) == {"passages": 4, "described_confidence": round(held["described_right"], 4)}
    with pytest.raises(SystemExit):
        main(["--index", str(tmp_path / "index"), "--fit", str(fitted)])  # not on the directives reported
