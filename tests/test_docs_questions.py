"""Questions made from a reference manual's definition entries (eval.docs_questions), the reader's docs practice."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from eval.docs_questions import clause, entries, make_questions, third_person
from rag.ingest.html import html_text

DATA = Path(__file__).parent / "data" / "html"


def test_real_pages_give_term_questions_answered_by_the_term():
    """Protects the made questions: on real Sphinx and AsciiDoc pages, each asks for the entry's term by what its
    description says, and the answer offsets point at the term's name in the page's text."""
    made = {}
    for name in ("sphinx-tomllib.html", "asciidoc-git-write-tree.html"):
        text, _ = html_text((DATA / name).read_text(encoding="utf-8"))
        for m in make_questions(name, text, random.Random(0)):
            made[text[m.start : m.end]] = m.question
            assert m.entry_start <= m.start < m.end <= m.entry_end
    assert set(made) == {"tomllib.load", "tomllib.loads", "--prefix"}
    assert made["tomllib.load"].endswith("read a TOML file?")
    assert made["--prefix"].endswith("option writes a tree object that represents a subdirectory <prefix>?")


def test_defaults_are_asked_for():
    """Protects the second kind: a description stating a default gives "What is the default value of X?"."""
    text = "Intro.\n\n--timeout <seconds>\nNumber of seconds to cache credentials (default: 900).\n"
    (m,) = [m for m in make_questions("p", text, random.Random(0)) if m.kind == "default"]
    assert m.question == "What is the default value of --timeout?"
    assert text[m.start : m.end] == "900"


def test_entries_are_a_term_line_after_a_blank_line_and_its_description():
    """Protects what counts as an entry: prose lines and a description alone are not terms."""
    text = "Some prose here.\n\n-x\nAppend a line.\n\nNot a term\nText."
    assert [(text[a:b], text[c:d]) for a, b, c, d in entries(text)] == [("-x", "Append a line.")]


@pytest.mark.parametrize(
    "verb, said", [("copy", "copies"), ("return", "returns"), ("push", "pushes"), ("set", "sets"), ("do", "does")]
)
def test_third_person(verb, said):
    assert third_person(verb) == said


def test_clause_turns_a_description_into_the_rest_of_a_question():
    """Protects the wording: the first clause, third person and base form; descriptions opening otherwise skip."""
    assert clause("Copy the permission bits from src to dst. The file contents are unaffected.") == (
        "copies the permission bits from src to dst",
        "copy the permission bits from src to dst",
    )
    assert clause("Returns the size, if known.") == ("returns the size", None)
    assert clause("The final path component.") is None
