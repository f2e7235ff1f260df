"""A table without a header is named by its caption: a question asking for the kind the caption names is answered
by the key of the row in its words (Flask's "Converter types:"), never by a table its caption does not name."""

from __future__ import annotations

from records import doc, hit, idf_share

from rag.answer.candidates import Candidate
from rag.answer.captions import caption, captioned_key
from rag.answer.rows import row_cells, table_rows
from rag.answer.worded import worded_entry

# Flask 2.2's quickstart.html as rag reads it (BSD-3-Clause): the URL converters, a table without a header.
CONVERTERS = (
    "You can add variable sections to a URL by marking sections with <variable_name>.\n\nConverter types:\n\n"
    "string | (default) accepts any text without a slash\nint | accepts positive integers\n"
    "float | accepts positive floating point values\npath | like string but also accepts slashes\n"
    "uuid | accepts UUID strings\n\nUnique URLs / Redirection Behavior"
)


def test_the_caption_is_the_short_line_ending_in_a_colon_above_the_tables_first_row():
    for row in ("string |", "path |", "uuid |"):
        assert caption(CONVERTERS, CONVERTERS.index(row)) == "Converter types:"
    bare = "Some prose.\nstring | any text\nint | integers\n"  # no caption: the line above is prose
    assert caption(bare, bare.index("int |")) == ""
    long = "The following values are accepted by this very long sentence:\nstring | any text\n"
    assert caption(long, long.index("string")) == ""  # a sentence introducing the table, no caption


def test_a_headerless_rows_key_is_named_by_the_caption_only_for_the_kind_it_names():
    line = CONVERTERS.index("path |")
    cells = row_cells(CONVERTERS, line, CONVERTERS.index("\n", line))
    key = captioned_key(CONVERTERS, line, cells, frozenset({"converter"}))
    assert key is not None and CONVERTERS[key[0].start : key[0].end] == "path" and key[1] == "Converter types:"
    assert captioned_key(CONVERTERS, line, cells, frozenset({"filter"})) is None
    labelled = "Option: -v | Meaning: verbose\n"  # a header's labels name the columns: no caption's
    assert captioned_key(labelled, 0, row_cells(labelled, 0, len(labelled) - 1), frozenset({"option"})) is None


def test_the_captioned_row_in_the_questions_words_answers_for_the_readers():
    """Protects "Which converter type accepts slashes?": the reader answered "string" of "string | (default) accepts
    any text without a slash" (0.32); of the two rows worded alike, path's holds "accepts slashes"."""
    d = doc(CONVERTERS, "quickstart", suffix=".html")
    at = CONVERTERS.index("string |")
    quote_end = CONVERTERS.index("\n", at)
    reader = Candidate(hit(d), d, at, at + len("string"), 5.0, 0.0, at, quote_end, 0.5)
    question = "Which converter type accepts slashes?"
    texts = [CONVERTERS[a:b] for a, b, _ in table_rows(CONVERTERS, 0, len(CONVERTERS))]
    texts += [f"The {w} converter of the router parses a part of the URL." for w in ("any", "int", "x")] * 5
    got = worded_entry(question, [reader], 0, reader, idf_share(question, texts), [(hit(d), d)])
    assert got is not None and got.text == "path"
    assert CONVERTERS[got.quote_start : got.quote_end] == "path | like string but also accepts slashes"
    other = "Which filter type accepts slashes?"  # the caption names no filter
    assert worded_entry(other, [reader], 0, reader, idf_share(other, texts), [(hit(d), d)]) is None
