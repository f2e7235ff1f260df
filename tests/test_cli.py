"""The `rag` command line, driven in-process through `rag.ui.cli.main` (and once as `python -m`)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys

import pytest

from rag.index import Index
from rag.ui.cli import main

SUBCOMMANDS = ["index", "search", "remove", "stats"]
CLI_FILES = {
    "volcano.txt": "Volcano notes\nThe volcano Eyjafjallajokull erupted in 2010 and grounded flights across Europe.",
    "bread.md": "# Bread notes\nSourdough bread rises slowly because wild yeast ferments the dough overnight.",
    "tides.txt": "Tides notes\nSpring tides happen when the sun and moon line up.",
    "menu.txt": "Café menu\nThe crème brûlée costs 5 € and comes with a naïve garnish.".encode("cp1252"),
    "report.docx": b"PK\x03\x04 not a document rag can read",
    "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 a legacy Word file",
}


def run(argv: list) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `rag ARGV`, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """(docs folder, index folder, exit code, stdout) of one `rag index DOCS --index DIR` run."""
    base = tmp_path_factory.mktemp("cli")
    docs = base / "docs"
    docs.mkdir()
    for name, content in CLI_FILES.items():
        (docs / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    where = base / "index"
    code, out, _ = run(["index", docs, "--index", where])
    return docs, where, code, out


def test_top_level_help_lists_every_subcommand(capsys):
    """Protects `rag --help`: exits 0 and names every subcommand."""
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: rag")
    for sub in SUBCOMMANDS:
        assert sub in out


@pytest.mark.parametrize("sub", SUBCOMMANDS)
def test_every_subcommand_has_help(capsys, sub):
    """Protects `rag SUBCOMMAND --help`: exits 0 with a usage line and the --index option."""
    with pytest.raises(SystemExit) as e:
        main([sub, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: rag {sub}") and "--index DIR" in out


def test_module_entry_point_runs_help():
    """Protects `python -m rag.ui.cli`: the module runs as a script and its help exits 0."""
    done = subprocess.run(
        [sys.executable, "-m", "rag.ui.cli", "search", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "usage: rag search" in done.stdout and "-k K" in done.stdout


def test_index_prints_added_files_skipped_reasons_encodings_and_summary(indexed):
    """Protects `rag index` on a mixed folder: each added file is listed, a file read from another
    text encoding says which, each skipped file comes with its reason, the summary line counts
    added/skipped documents and passages, and the exit code is 3 (done in part: files were skipped)."""
    docs, where, code, out = indexed
    assert code == 3, out
    lines = out.splitlines()
    for name in ("volcano.txt", "bread.md", "tides.txt", "menu.txt"):
        assert re.fullmatch(rf"\s+added\s+{re.escape(name)}", next(x for x in lines if name in x))
    assert "  decoded   menu.txt: as cp1252 (not UTF-8)" in lines
    skipped = {name: [x for x in lines if "skipped " in x and name in x] for name in ("report.docx", "old.doc")}
    assert all(len(found) == 1 and str(docs / name) in found[0] for name, found in skipped.items())
    assert "could not read Word document" in skipped["report.docx"][0]
    assert "legacy Word .doc is not supported; save it as .docx" in skipped["old.doc"][0]
    assert re.fullmatch(
        rf"4 added, 0 updated, 0 unchanged, 0 removed, 2 skipped -> 4 documents, 4 passages in {re.escape(str(where))}",
        lines[-1],
    )


def test_index_again_reports_unchanged(indexed):
    """Protects incremental `rag index`: a second run adds nothing and says so (exit 3: the same two
    files are skipped again)."""
    docs, where, _, _ = indexed
    code, out, _ = run(["index", docs, "--index", where])
    assert code == 3
    assert "added " not in out
    assert out.splitlines()[-1].startswith("0 added, 0 updated, 4 unchanged, 0 removed, 2 skipped")


def test_search_prints_ranked_passages_with_doc_ids_and_offsets(indexed):
    """Protects `rag search -k 2`: two ranked passages, each with its doc id, exact [start:end]
    offsets into the document, scores, retriever ranks, title and text."""
    _, where, _, _ = indexed
    code, out, _ = run(["search", "When did the volcano ground flights?", "-k", "2", "--index", where])
    assert code == 0
    heads = [re.match(r"(\d+)\. (\S+) \[(\d+):(\d+)\]  score (\d+\.\d{4})  \[(.*)\]$", x) for x in out.splitlines()]
    heads = [m for m in heads if m]
    assert [int(m[1]) for m in heads] == [1, 2]
    assert heads[0][2] == "volcano.txt"
    assert "bm25 #1" in heads[0][6] and "dense #1" in heads[0][6]
    index = Index.open(where, create=False)
    for m in heads:
        doc = index.document(m[2])
        start, end = int(m[3]), int(m[4])
        passage = " ".join(doc.text[start:end].split())
        assert passage[:60] in out.replace("\n   | ", " ")
    assert "Volcano notes  —  " in out


def test_search_with_no_match_and_bad_arguments(indexed):
    """Protects search edge cases: a stop-word BM25 query says nothing matched (exit 0); -k 0 is a
    clear error (exit 2); an unknown --mode is refused by argparse."""
    _, where, _, _ = indexed
    code, out, _ = run(["search", "the of and", "--mode", "bm25", "--index", where])
    assert code == 0 and out.strip() == "No passages match this question."
    code, out, err = run(["search", "volcano", "-k", "0", "--index", where])
    assert code == 2 and "rag: error: k must be at least 1" in err and out == ""
    with pytest.raises(SystemExit) as e:
        run(["search", "volcano", "--mode", "sparse", "--index", where])
    assert e.value.code == 2


def test_search_on_a_missing_index_is_a_clear_error(tmp_path):
    """Protects `rag search` without an index: a message saying how to build one, non-zero exit,
    and no index folder created as a side effect."""
    missing = tmp_path / "no-index-here"
    code, out, err = run(["search", "anything", "--index", missing])
    assert code != 0
    assert out == ""
    assert err.startswith("rag: error: no index in") and "rag index DOCS --index" in err
    assert not missing.exists()
    code, _, err = run(["stats", "--index", missing])
    assert code != 0 and "no index in" in err


def test_stats_and_remove(indexed):
    """Protects `rag stats` (JSON with counts) and `rag remove` (known id removed, unknown id
    reported with exit 3: done in part)."""
    docs, where, _, _ = indexed
    code, out, _ = run(["stats", "--index", where])
    assert code == 0
    stats = json.loads(out)
    assert stats["documents"] == 4 and stats["chunks"] == 4 and stats["dimension"] == 384
    code, out, _ = run(["remove", "tides.txt", "nope.txt", "--index", where])
    assert code == 3
    assert "not found nope.txt" in out and "0 added, 0 updated, 0 unchanged, 1 removed, 1 skipped" in out
    assert json.loads(run(["stats", "--index", where])[1])["documents"] == 3
    code, out, _ = run(["search", "spring tides moon", "--mode", "bm25", "--index", where])
    assert "tides.txt" not in out


def test_user_errors_are_one_line_and_bugs_show_a_traceback(capsys):
    """Protects the error contract: a RagError is a one-line message (exit 2), even when it names a
    file with a newline in its name; Ctrl-C is one line saying how to continue (exit 130); anything
    else is a bug shown with its traceback and a request to report it (exit 1)."""
    from rag.errors import BadInput, DamagedIndex
    from rag.ui.failures import ISSUES, run_reporting

    def user_mistake() -> int:
        raise BadInput("k must be at least 1, got 0")

    def damaged() -> int:
        raise DamagedIndex("index damaged: ix/odd\nname.json; rebuild it")

    def interrupted() -> int:
        raise KeyboardInterrupt

    def bug() -> int:
        raise ZeroDivisionError("division by zero")

    assert run_reporting("rag", user_mistake) == 2
    err = capsys.readouterr().err
    assert err == "rag: error: k must be at least 1, got 0\n"
    assert run_reporting("rag", damaged) == 2
    assert capsys.readouterr().err == "rag: error: index damaged: ix/odd\\nname.json; rebuild it\n"
    assert run_reporting("rag", interrupted) == 130
    err = capsys.readouterr().err
    assert err.strip() == "rag: interrupted; run the same command to continue"
    assert run_reporting("rag", bug) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError" in err and ISSUES in err
    assert run_reporting("rag", lambda: 0) == 0


def test_files_of_types_rag_does_not_read_are_listed_but_no_failure(tmp_path):
    """Protects the exit-code contract for scripts: a photo among the notes is listed as skipped, yet
    `rag index` exits 0; only a file rag should read and could not makes it exit 3 (done in part)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.txt").write_text("Notes\nThe boiler was serviced in March.", encoding="utf-8")
    (docs / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not text")
    code, out, _ = run(["index", docs, "--index", tmp_path / "index"])
    assert code == 0 and "photo.jpg: unsupported file type '.jpg'" in out
    (docs / "broken.pdf").write_bytes(b"not a pdf")
    code, out, _ = run(["index", docs, "--index", tmp_path / "index"])
    assert code == 3 and "broken.pdf: could not read PDF" in out


def test_many_files_of_one_type_rag_does_not_read_are_one_line(tmp_path):
    """Protects a readable report on a real manual folder (SQLite's has 121 .gif images among its pages): five
    images of one type are one line with their count and reason; a lone one is still named; exit code 0."""
    docs = tmp_path / "docs"
    (docs / "images").mkdir(parents=True)
    (docs / "notes.txt").write_text("Notes\nThe boiler was serviced in March.", encoding="utf-8")
    for i in range(5):
        (docs / "images" / f"fig{i}.gif").write_bytes(b"GIF89a")
    (docs / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not text")
    code, out, _ = run(["index", docs, "--index", tmp_path / "index"])
    lines = [line for line in out.splitlines() if line.startswith("  skipped")]
    assert code == 0 and len(lines) == 2, out
    assert "photo.jpg: unsupported file type '.jpg'" in lines[0]
    assert "skipped   5 .gif files (" in lines[1] and "/images/fig" in lines[1], lines[1]
    assert lines[1].endswith("unsupported file type '.gif'")
    assert out.count("(supported: .docx, ") == 1  # the types rag reads, once after the skipped files


def redirect(target: str) -> str:
    """A redirect page as GNU Texinfo writes one per old node name (89 of the 112 files of diffutils' manual)."""
    return (
        f'<html><head><meta http-equiv="Refresh" content="0; url={target}"></head>'
        f'<body><p>The node you are looking for is at <a href="{target}">cmp Options</a>.</p></body></html>'
    )


def test_redirect_pages_are_no_failure_and_many_are_one_line(tmp_path):
    """Protects `rag index` over a GNU Texinfo manual: its redirect pages, left out by design (the pages they
    lead to are read), made it exit 3 (done in part) and print a line each; a lone one is still named."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "Invoking-cmp.html").write_text("<p>The cmp command compares two files byte by byte.</p>", "utf-8")
    (docs / "cmp-Options.html").write_text(redirect("Invoking-cmp.html#cmp-Options"), "utf-8")
    code, out, _ = run(["index", docs, "--index", tmp_path / "index"])
    assert code == 0 and "cmp-Options.html: a redirect to Invoking-cmp.html#cmp-Options" in out, out
    for i in range(4):
        (docs / f"old{i}.html").write_text(redirect("Invoking-cmp.html"), "utf-8")
    code, out, _ = run(["index", docs, "--index", tmp_path / "index"])
    lines = [line for line in out.splitlines() if line.startswith("  skipped")]
    assert code == 0 and len(lines) == 1, out
    assert lines[0].startswith("  skipped   5 redirect pages (") and "cmp-Options.html, ...): no text" in lines[0]
