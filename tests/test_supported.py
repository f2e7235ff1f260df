"""A question asking which Python versions a project supports is answered by the sentence saying what the project
runs on, read from below retrieval's best when they hold none."""

from __future__ import annotations

from records import described_on, doc, hit

from rag.answer.supported import asks_supported, supported_passage, supported_versions

# As rag reads them: Flask 2.2's installation.html and Werkzeug's (BSD-3-Clause), Pygments 2.14's faq.html
# (BSD-2-Clause), Requests 2.28's community/faq.html (Apache-2.0), Hypothesis' supported.html (MPL-2.0), Arrow 1.2's
# index.html (Apache-2.0), Tornado 6.2's index.html (Apache-2.0).
FLASK = "Python Version\n\nWe recommend using the latest version of Python. Flask supports Python 3.7 and newer.\n"
PYGMENTS = (
    "What are the system requirements?\n\nPygments only needs a standard Python install, version 3.6 or higher. No "
    "additional libraries are needed.\n"
)
REQUESTS = "Python 3?\n\nYes! Requests officially supports Python 3.7+ and PyPy.\n"
HYPOTHESIS = "Python versions\n\nHypothesis is supported and tested on CPython 3.7+, i.e. all versions of CPython.\n"
ARROW = "Features\n\n- Fully-implemented, drop-in replacement for datetime\n- Support for Python 3.6+\n"
TORNADO = "Installation\n\npip install tornado\n\nPrerequisites: Tornado 6.2 requires Python 3.7 or newer.\n"
# What a feature needs, or what another project does not support, is not what the project runs on
FEATURE = (
    "Note that this “method chaining” syntax requires Python 3.9 or later, for PEP 614.\n\nhttponly: Prevent "
    "client-side javascript to read this cookie (default: off, requires Python 2.6 or newer).\n\nNote that the "
    "cchardet project is known not to support Python 3.10 or higher.\n"
)


def _supported(text: str, question: str = "Which Python versions does it support?") -> str | None:
    said = described_on(supported_versions, text, "page", question)
    return None if said is None else said[0]


def test_the_versions_a_sentence_says_the_project_runs_on_answer():
    assert _supported(FLASK, "What is the oldest Python version the current Flask release runs on?") == (
        "Python 3.7 and newer"
    )
    assert _supported(PYGMENTS, "What's the oldest Python version Pygments will run on?") == "version 3.6 or higher"
    assert _supported(REQUESTS, "Which Python 3 versions does this release of Requests officially support?") == (
        "Python 3.7+"
    )
    assert _supported(HYPOTHESIS) == "CPython 3.7+"
    assert _supported(ARROW) == "Python 3.6+"
    assert _supported(TORNADO, "What version of Python do I need for Tornado?") == "Python 3.7 or newer"


def test_no_answer_from_what_a_feature_needs_nor_for_another_question():
    assert _supported(FEATURE) is None
    assert not asks_supported("Starting from which release did pint stop relying on Python's eval?")
    assert not asks_supported("Which Python function parses a version string?")
    assert _supported(FLASK, "What is the latest version of Flask?") is None


def test_the_passage_saying_so_is_read_from_below_the_best_when_they_do_not():
    changes, install = doc("Version 2.2.0\n\nReleased 2022-08-01\n\n- Drop Python 3.6 support.\n", "c"), doc(FLASK, "i")
    best, below = [hit(changes)], [hit(doc("Unrelated text.\n", "u"), rank=2), hit(install, rank=3)]
    assert supported_passage(best, below) == [below[1]]
    assert supported_passage([hit(install)], below) == []  # the best say so already
    assert supported_passage(best, below[:1]) == []  # none says so
