"""A format a question asks for is the line shown below the sentence that introduces it."""

from __future__ import annotations

from records import doc, hit

from rag.answer.formats import shown_format

# Kombu 5.2's connections.html as rag reads it (BSD-3-Clause); the reader had quoted the format's line but abstained
# (0.14) on "What is the URL format for connection parameters?".
URLS = (
    "URLs\n\nConnection parameters can be provided as a URL in the format:\n\n"
    "transport://userid:password@hostname:port/virtual_host\n\nAll of these are valid URLs:\n\n"
    "# Specifies using the amqp transport only, default values\namqp://\n\n"
    "The query part of the URL can also be used to set options, e.g.:\n\namqp://localhost/myvhost?ssl=1\n"
)


def _format(question: str, text: str = URLS) -> str | None:
    d = doc(text, "connections", suffix=".html")
    said = shown_format(question, [(hit(d), d)])
    return None if said is None else text[said.start : said.end]


def test_the_line_below_a_sentence_introducing_the_format_asked_answers():
    assert _format("What is the URL format for connection parameters?") == (
        "transport://userid:password@hostname:port/virtual_host"
    )


def test_no_answer_for_other_questions_or_a_format_shown_otherwise():
    assert _format("What is the URL for connection parameters?") is None  # no format asked
    assert _format("What is the format of a query?") is None  # the sentence saying "format" names no query
    prose = "The log is written in the format:\n\nEach line holds a time, then the message.\n"
    assert _format("What is the log format?", prose) is None  # a sentence, not a format shown
    block = "Entries use the format:\n\nkey = value\nname = text\n"
    assert _format("What is the format of entries?", block) is None  # a block of lines, not one
