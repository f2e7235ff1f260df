"""cuts_name, which the answer ranking weighs: a span that stops inside a name ("Anadolu" of "Anadolu Agency")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.answer.names import cuts_name

SENTENCE = "The report came from the Anadolu Agency website. Liu Jianchao met Wang Yi in Tokyo on Monday."


@pytest.mark.parametrize(
    "fragment, cut",
    [
        ("Anadolu", True),  # "Agency" continues the name
        ("Agency", True),  # "Anadolu" opens it
        ("Anadolu Agency", False),
        ("Liu Jianchao", False),  # "website." before it ends a sentence
        ("Jianchao", True),
        ("Wang Yi", False),  # "met" before it, "in" after it
        ("Tokyo", False),
        ("Monday", False),  # the sentence ends after it
        ("report", False),
    ],
)
def test_cuts_name_when_a_capitalised_word_continues_the_span(fragment, cut):
    """Protects the cuts_name feature: a span stopping inside a run of capitalised words on its line, not a
    whole name nor a name after a sentence's first word."""
    start = SENTENCE.index(fragment)
    assert cuts_name(SENTENCE, start, start + len(fragment)) is cut


@pytest.mark.parametrize(
    "fragment, cut",
    [
        ("20", True),
        ("of 20", True),
        ("Group of 20", False),
        ("Bank", True),
        ("Bank of Japan", False),
        ("summit", False),
    ],
)
def test_of_joins_a_name(fragment, cut):
    """Protects names joined by "of": "20" and "of 20" of "Group of 20", "Bank" of "Bank of Japan" are cut short."""
    text = "He attended the Group of 20 summit and met the Bank of Japan governor."
    start = text.index(fragment)
    assert cuts_name(text, start, start + len(fragment)) is cut


def test_a_sentence_opener_does_not_continue_a_name():
    """Protects cuts_name from sentence openers: "The" before "Anadolu Agency" is not part of the name."""
    text = "The Anadolu Agency reported it."
    assert not cuts_name(text, 4, 4 + len("Anadolu Agency"))
    assert cuts_name(text, 4, 4 + len("Anadolu"))


def test_cuts_name_looks_only_along_the_line():
    """Protects cuts_name across lines: a heading above or a capitalised line below does not continue a name."""
    text = "Hoover Dam\nLake Mead formed behind it.\nNevada"
    assert not cuts_name(text, text.index("Lake Mead"), text.index("Lake Mead") + len("Lake Mead"))
    assert not cuts_name(text, text.index("it."), text.index("it.") + 2)


@given(st.text(alphabet="Ab .\n", max_size=30), st.data())
def test_cuts_name_is_defined_for_every_span(text, data):
    """Protects cuts_name at the text's edges: any span, empty or touching either end, gives a bool."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert isinstance(cuts_name(text, start, end), bool)
