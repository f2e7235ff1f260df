"""The Apache directive probe (`eval/directives.py`): its gold is each entry's Description row, and it scores asks."""

from __future__ import annotations

from test_headed import APACHE, apache_page

from eval.directives import directive_rows, run


def test_each_entrys_description_row_is_its_gold():
    assert directive_rows(APACHE) == [
        ("KeepAliveTimeout", "Amount of time the server will wait for subsequent requests on a persistent connection")
    ]  # "<Limit> Directive" names no plain directive


def test_run_asks_what_each_sampled_directive_does(tmp_path, embedder, write_files):
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"mod/core.html": apache_page()})])
    results = run(tmp_path / "index", sample=2, seed=0)
    assert (results["questions"], results["directives"]) == (2, 3)
    assert all(r["gold"] in r["quote"] for r in results["records"]) and results["quote_correct"] == 1.0
