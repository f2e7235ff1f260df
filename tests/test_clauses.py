"""Of the terms one sentence names, the one whose own clause says what the question asks for answers it, not the one
the reader happened to score highest in another clause."""

from __future__ import annotations

import numpy as np
from records import doc, hit

from rag.answer.candidates import Candidate
from rag.answer.clauses import clause_words, closer_clause
from rag.retrieve.tokenize import tokenize

# Flask 2.2's server.html and cli.html (BSD-3-Clause) as rag reads them
SERVER = "Use the --app option to point to your application, and the --debug option to enable debug mode."
CLI = "To enable debug mode, use the --debug option."
QUESTION = "Which option of the flask command enables debug mode?"


def _cands(*spans: tuple[str, str]) -> list[Candidate]:
    out = []
    for text, span in spans:
        d = doc(text, text[:8], suffix=".html")
        at = text.index(span)
        out.append(Candidate(hit(d), d, at, at + len(span), 5.0, 0.0, 0, len(text), 0.5))
    return out


def _chosen(cands: list[Candidate], logits: list[float], question: str = QUESTION) -> str:
    return cands[int(np.argmax(closer_clause(question, cands, np.array(logits))))].text


def test_a_clause_runs_from_a_semicolon_or_a_comma_before_a_conjunction_to_the_next():
    asked = set(tokenize(QUESTION))
    app, debug = SERVER.index("--app"), SERVER.index("--debug")
    assert clause_words(asked, SERVER, app, app + 5, 0, len(SERVER)) == 1  # "option" alone
    assert clause_words(asked, SERVER, debug, debug + 7, 0, len(SERVER)) == 4  # option, enable, debug, mode
    assert clause_words(asked, CLI, CLI.index("--debug"), len(CLI) - 8, 0, len(CLI)) == 4  # one clause, commas aside


def test_the_span_whose_clause_says_what_is_asked_answers_over_the_reader_s_best():
    cands = _cands((SERVER, "--app"), (CLI, "the --debug option"), (CLI, "--debug"))
    assert _chosen(cands, [-0.6, -0.9, -1.0]) == "--debug"  # a term's name whole over words around it
    assert _chosen(cands[:2], [-0.6, -0.9]) == "the --debug option"


def test_the_reader_s_best_stands_unless_a_rival_is_close_its_clause_right_and_a_term_asked():
    cands = _cands((SERVER, "--app"), (CLI, "--debug"))
    assert _chosen(cands, [-0.6, -3.0]) == "--app"  # the rival is too far below
    assert _chosen(cands, [-0.6, -0.9], "Which option points the flask command to your application?") == "--app"
    assert _chosen(cands, [-0.6, -0.9], "What does the flask command enable in debug mode?") == "--app"  # no term asked
    both = _cands((CLI, "--debug"), (SERVER, "--app"))
    assert _chosen(both, [-0.6, -0.9]) == "--debug"  # its own clause says it: nothing to change
