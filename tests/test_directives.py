"""The Apache directive probe (`eval/directives.py`): its gold is the rows of each entry's table, and it scores asks."""

from __future__ import annotations

from test_headed import APACHE, apache_page

from eval.directives import directive_rows, run, worded_question


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
    assert kinds == sorted(["Description", "Syntax", "Default", "Context", "Module", "Worded"] * 2)
    assert results["kinds"]["Description"]["quote_correct"] == 1.0
    worded = [r for r in results["records"] if r["kind"] == "Worded"]
    assert all(r["gold"] == r["directive"] for r in worded)
    assert results["kinds"]["Worded"]["text_exact"] == 1.0  # "Which directive enables HTTP persistent connections?"


def test_a_directive_is_asked_for_in_the_words_of_its_description():
    """Protects the Worded questions: a description's verb, imperative or noun phrase becomes a question a user
    would ask, and a description that is no phrase of that kind is not asked."""
    assert worded_question("Declares resources for early pushing to the client") == (
        "Which directive declares resources for early pushing to the client?"
    )
    assert worded_question("Enable tracking of time to first byte (TTFB)") == (
        "Which directive enables tracking of time to first byte (TTFB)?"
    )
    assert worded_question("The name of the tracking cookie") == "Which directive sets the name of the tracking cookie?"
    assert worded_question("Parameters for database connection") == (
        "Which directive sets the parameters for database connection?"
    )
    assert worded_question("Whether to redirect") == "Which directive sets whether to redirect?"
    assert worded_question("SSL engine options") == "Which directive sets the SSL engine options?"
    assert worded_question("En-/Disable WebSockets via HTTP/2") is None
    assert worded_question("You confirm that you accepted the Terms of Service") is None


def test_held_out_asks_the_directives_not_sampled_and_fits_the_confidences(tmp_path, embedder, write_files):
    """The calibration set is the directives the report does not ask; --fit writes how often the answers read from
    the asked directive's entry (and those chosen by an entry's words) are right, and only with --held-out."""
    import json

    import pytest

    from eval.directives import main
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"mod/core.html": apache_page()})])
    sampled = {r["directive"] for r in run(tmp_path / "index", sample=2, seed=0)["records"]}
    held = run(tmp_path / "index", sample=2, seed=0, held_out=True)
    assert held["asked"] == 1 and not sampled & {r["directive"] for r in held["records"]}
    assert held["described"] == sum(r["basis"] == "described" for r in held["records"]) > 0
    assert held["worded"] == sum(r["basis"] == "worded" for r in held["records"])
    fitted = tmp_path / "fitted.json"
    fitted.write_text(json.dumps({"passages": 4}))
    main(["--index", str(tmp_path / "index"), "--sample", "2", "--held-out", "--fit", str(fitted)])
    assert json.loads(fitted.read_text()) == {
        "passages": 4,
        "described_confidence": round(held["described_right"], 4),
        "worded_confidence": round(held["worded_right"], 4),
    }
    with pytest.raises(SystemExit):
        main(["--index", str(tmp_path / "index"), "--fit", str(fitted)])  # not on the directives reported
