"""The command line for scripts and for mistakes: --json, exit codes, early failures, Ctrl-C, escaped names."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rag.ui.cli import main
from rag.ui.failures import EXIT_CODES

REPO = Path(__file__).resolve().parents[1]
FILES = {
    "volcano.txt": "Volcano notes\nThe volcano Eyjafjallajokull erupted in 2010 and grounded flights across Europe.",
    "bread.md": "# Bread notes\nSourdough bread rises slowly because wild yeast ferments the dough overnight.",
}
TIMEOUT_S = 600  # a guard against a hang, not a timing assert


def run(argv: list) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `rag ARGV`, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def make_docs(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_help_shows_the_exit_code_table(capsys):
    """Protects the exit-code table in `rag --help` and each command's help: 0, 1, 2, 3 and 130."""
    for argv in (["--help"], ["index", "--help"], ["ask", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = capsys.readouterr().out
        table = out[out.index("exit codes:") :].splitlines()[1:]
        assert [line.split()[0] for line in table] == ["0", "1", "2", "3", "130"]


def test_readme_shows_the_same_exit_codes():
    """Protects the README's exit-code table from drifting from the one `rag --help` prints."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", readme, flags=re.M)
    assert [(int(code), meaning) for code, meaning in rows] == list(EXIT_CODES)


def test_json_on_every_command(tmp_path):
    """Protects `--json` on index, search, ask, remove and stats: stdout is exactly one JSON document
    (IndexReport, hits, Answer, IndexReport, IndexStats), and remove's unknown id is exit 3."""
    docs = make_docs(tmp_path / "docs", FILES)
    where = tmp_path / "index"
    code, out, _ = run(["index", docs, "--index", where, "--json"])
    assert code == 0 and sorted(json.loads(out)["added"]) == ["bread.md", "volcano.txt"]
    code, out, _ = run(["search", "When did the volcano erupt?", "-k", "1", "--index", where, "--json"])
    hits = json.loads(out)
    assert code == 0 and [h["doc_id"] for h in hits] == ["volcano.txt"] and "retrievers" in hits[0]
    code, out, _ = run(["ask", "Why does sourdough rise slowly?", "--index", where, "--json"])
    answer = json.loads(out)
    assert code == 0 and {"found", "quotes", "confidence"} <= answer.keys()
    code, out, _ = run(["remove", "bread.md", "nope.md", "--index", where, "--json"])
    report = json.loads(out)
    assert code == 3 and report["removed"] == ["bread.md"] and report["skipped"][0]["path"] == "nope.md"
    code, out, _ = run(["stats", "--index", where, "--json"])
    assert code == 0 and json.loads(out)["documents"] == 1


def test_index_of_a_missing_path_fails_before_any_work(tmp_path):
    """Protects against `rag index /tmp/typo` exiting 0 with an empty index: any missing path is exit 2,
    named, and no index folder is created (even when the other paths exist)."""
    docs = make_docs(tmp_path / "docs", FILES)
    where = tmp_path / "index"
    for paths in ([tmp_path / "typo"], [docs, tmp_path / "typo"]):
        code, out, err = run(["index", *paths, "--index", where])
        assert code == 2 and out == ""
        assert err == f"rag: error: no such file or folder: {tmp_path / 'typo'}; nothing was indexed\n"
        assert not where.exists()


def test_an_index_that_is_a_file_fails_before_embedding(tmp_path):
    """Protects against `--index FILE` failing only after embedding everything: exit 2 at once, the
    file untouched and no progress shown; other commands refuse it the same way."""
    docs = make_docs(tmp_path / "docs", FILES)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    code, out, err = run(["index", docs, "--index", notes])
    assert code == 2 and out == ""
    assert err == f"rag: error: --index {notes} is a file, not an index folder: name a folder\n"
    assert notes.read_text(encoding="utf-8") == "my notes"
    code, _, err = run(["search", "volcano", "--index", notes / "sub"])
    assert code == 2 and "which is a file, not an index folder" in err


@pytest.mark.parametrize("command", ["ask", "search"])
@pytest.mark.parametrize("question", ["", "   \n"])
def test_an_empty_question_is_a_usage_error(tmp_path, command, question):
    """Protects `rag ask ""`: an empty or blank question is exit 2 with a message, not "the documents
    do not answer", and nothing is opened or created."""
    where = tmp_path / "index"
    code, out, err = run([command, question, "--index", where])
    assert code == 2 and out == ""
    assert err == "rag: error: the question is empty: ask something about the documents\n"
    assert not where.exists()


def test_names_that_could_fake_output_are_escaped(tmp_path):
    """Protects the CLI's output from file names: a newline or a right-to-left override (U+202E) in a
    name is printed escaped, so every document is one line and no line can be faked."""
    docs = make_docs(tmp_path / "docs", {"a\nadded     fake.txt": "Alpha notes\nAlpha.", "b\u202etxt.md": "Beta."})
    code, out, _ = run(["index", docs, "--index", tmp_path / "index"])
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == ["  added     a\\nadded     fake.txt", "  added     b\\u202etxt.md"]
    assert "\u202e" not in out and len(lines) == 3


def test_ctrl_c_prints_one_line_and_exits_130(tmp_path):
    """Protects Ctrl-C during `rag index` (it printed a 30-line traceback): a real SIGINT while a big
    file is read or chunked ends the process with exit 130 and one line saying how to continue."""
    docs = make_docs(tmp_path / "docs", {"big.txt": "The harbour light was seen from the station.\n" * 110_000})
    process = subprocess.Popen(
        [sys.executable, "-m", "rag.ui.cli", "index", docs, "--index", tmp_path / "index"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # Python then installs its handler
    )
    assert process.stderr is not None
    first = process.stderr.readline()  # 'reading .../big.txt (4.9 MB)': work has begun
    assert first.startswith("reading ") and "big.txt" in first
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=TIMEOUT_S)
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "rag: interrupted; run the same command to continue"
    assert "Traceback" not in err


def test_shown_escapes_only_what_could_fake_output():
    """Protects shown() and shown_text(): names lose newlines, escapes, bidi and format characters and
    undecodable bytes to visible escapes, other text (accents, CJK, spaces) is kept; document text
    keeps its whitespace and marks but not a terminal's escape sequences or bidi overrides."""
    from rag.ui.names import shown, shown_text

    assert shown("notes/café 日本.md") == "notes/café 日本.md"
    assert shown("a\nb\r\t\x1b[2J\u202e\u2066\u200b\u2028x") == "a\\nb\\r\\t\\x1b[2J\\u202e\\u2066\\u200b\\u2028x"
    assert shown(os.fsdecode(b"bad\xff.txt")) == "bad\\xff.txt"
    assert shown_text("one\ntwo \x1b[31m\x07 \u202eevil \u200f") == "one\ntwo \\x1b[31m\\x07 \\u202eevil \u200f"
