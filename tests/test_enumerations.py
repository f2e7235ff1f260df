"""A plural question's answer is the whole list of names its span lies on, never prose's list of words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.answer.enumerations import asks_several, whole_list

# behave 1.2.6's behave.html, Flask 2.2's cli.html and Cookiecutter 2.1's user_config.html as rag reads them (BSD
# licences): the reader had answered with one item of each list.
BEHAVE = (
    "Configuration files for behave are called either “.behaverc”, “behave.ini”, “setup.cfg” or “tox.ini” (your "
    "preference) and are located in one of three places:"
)
FLASK = (
    "If no instance is found, the command looks for a factory function named create_app or make_app that returns it."
)
COOKIECUTTER = "The gh (github), bb (bitbucket), and gl (gitlab) abbreviations shown above are actually built in."


def _whole(question: str, text: str, span: str) -> str | None:
    at = text.index(span)
    found = whole_list(question, text, at, at + len(span), 0, len(text))
    return None if found is None else text[found[0] : found[1]]


@pytest.mark.parametrize(
    "question, text, span, whole",
    [
        ("What are behave's configuration files called?", BEHAVE, ".behaverc", "“.behaverc”, “behave.ini”, “setup.cfg” or “tox.ini”"),
        ("What are behave's configuration files called?", BEHAVE, "“behave.ini”, “setup.cfg”", "“.behaverc”, “behave.ini”, “setup.cfg” or “tox.ini”"),
        ("What factory function names does the flask command look for?", FLASK, "make_app", "create_app or make_app"),
        ("Which abbreviations are built in?", COOKIECUTTER, "gl (gitlab)", "gh (github), bb (bitbucket), and gl (gitlab)"),
    ],
)  # fmt: skip
def test_a_span_on_items_of_a_list_of_names_grows_to_the_whole_list(question, text, span, whole):
    assert _whole(question, text, span) == whole


def test_no_growth_for_one_thing_asked_prose_or_a_list_without_and():
    assert _whole("Which factory function does the flask command call?", FLASK, "make_app") is None  # one asked
    assert _whole("What factory function names does it look for?", FLASK, "create_app or make_app") is None  # whole
    prose = "The Normans were Catholic, Orthodox and Protestant over the years."
    assert _whole("What are the faiths?", prose, "Orthodox") is None  # words of prose: no names
    mixed = "Use “a.b”, c_d or e_f here."
    assert _whole("What are the names?", mixed, "c_d") == "c_d or e_f"  # one form only: the quoted one is apart
    tesla = 'Tesla knew them as "Roentgen rays" or "X-Rays" then.'  # SQuAD's: an item the question's own words
    assert _whole("What were X-rays known as at the time?", tesla, "Roentgen rays") is None
    values = "True values are “1”, “yes”, “true”, and “on”."  # behave's: "true" is a plain word of the question's
    assert _whole("What are the true values?", values, "“1”, “yes”") == "“1”, “yes”, “true”, and “on”"
    args = "Call f with x_a, y_b to start."
    assert _whole("What are the arguments?", args, "x_a") is None  # no "and" or "or": two arguments


@pytest.mark.parametrize(
    "question, several",
    [
        ("What are the true values for a bool configuration parameter?", True),
        ("Which abbreviations are built in?", True),
        ("What factory function names does the flask command look for?", True),
        ("What is the default logging level?", False),
        ("Which class handles the request?", False),  # "class": no plural
        ("What status does it return?", False),
    ],
)
def test_a_question_asks_for_several_when_plural(question, several):
    assert asks_several(question) is several


@given(st.text(alphabet="ab_“”., or", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_a_grown_list_holds_the_span_inside_the_text(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    found = whole_list("What are the names?", text, start, end, 0, len(text))
    assert found is None or 0 <= found[0] <= start <= end <= found[1] <= len(text)
