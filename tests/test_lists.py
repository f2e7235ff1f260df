"""Ordered lists' markers: as a browser numbers items ("1.", "b.", "iv."), and left out of what is embedded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rag.ingest.lists import alpha, marker, roman, unmarked
from rag.store.state import index_text


def test_markers_in_each_style_a_browser_shows():
    assert [marker(n, "decimal") for n in (1, 10, 0)] == ["1.", "10.", "0."]
    assert [marker(n, "lower-alpha") for n in (1, 26, 27, 52)] == ["a.", "z.", "aa.", "az."]
    assert [marker(n, "upper-roman") for n in (4, 9, 14, 1990)] == ["IV.", "IX.", "XIV.", "MCMXC."]
    assert marker(3, "none") == "" and marker(0, "lower-alpha") == ""


@given(st.integers(min_value=1, max_value=5000))
def test_letters_and_roman_numerals_count_one_by_one(n):
    """Each item gets its own marker: letters run a … z, aa … az, ba …; numerals never repeat."""
    assert alpha(n) != alpha(n + 1) and len(alpha(n)) <= len(alpha(n + 1))
    assert set(alpha(n)) <= set("abcdefghijklmnopqrstuvwxyz")
    assert roman(n) != roman(n + 1)


def test_what_is_embedded_leaves_list_markers_out_and_the_text_keeps_them():
    """Protects retrieval of pages whose sections are an ordered list's items (SQLite's limits.html): "1. Maximum
    length of a string or BLOB" moved its passage's embedding from a cosine of 0.52 with "Which macro sets the
    maximum length of strings and BLOBs?" to 0.44, out of the passages read. A number inside a line stays."""
    text = "Limits\n\n1. Maximum length of a string or BLOB\n\nThe limit is 1,000,000,000.\n  b) fast\n12.5 GB"
    assert (
        unmarked(text) == "Limits\n\nMaximum length of a string or BLOB\n\nThe limit is 1,000,000,000.\n  fast\n12.5 GB"
    )
    assert index_text("SQLite Limits", text, True) == "SQLite Limits\n" + unmarked(text)
