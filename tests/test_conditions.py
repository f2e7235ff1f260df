"""A question asking what happens when a term has a value is answered by what the term's entry says follows from it."""

from __future__ import annotations

from records import described_on

from rag.answer.conditions import condition_answer, labelled_condition

# Bash 5.2's reference manual (bashref.html, GNU FDL) as rag reads it, the last paragraph written for this test. The
# reader had abstained on both questions below with the right sentence quoted (0.17), or quoted the entry's first.
HISTORY = (
    "HISTFILESIZE\nThe maximum number of lines contained in the history file. If the value is 0, the history file is "
    "truncated to zero size. Non-numeric values and numeric values less than zero inhibit truncation.\n\n"
    "HISTSIZE\nThe maximum number of commands to remember on the history list. If the value is 0, commands are not "
    "saved in the history list. The shell sets the default value to 500 after reading any startup files.\n\n"
    "HISTCMD\nThe history number, or index in the history list, of the current command.\n\nIf the value is 1, this "
    "paragraph is no part of HISTCMD's description."
)


def _then(question: str) -> tuple[str, str] | None:
    return described_on(condition_answer, HISTORY, "bashref", question)


def test_what_the_term_s_own_entry_says_follows_from_the_value_answers():
    said = _then("What happens if HISTSIZE is 0?")
    assert said == (
        "commands are not saved in the history list",
        "If the value is 0, commands are not saved in the history list.",
    )
    assert _then("What happens when HISTFILESIZE is set to 0?")[0] == "the history file is truncated to zero size"


def test_no_answer_for_another_value_term_or_question():
    assert _then("What happens if HISTSIZE is 5?") is None  # no sentence says so of that value
    assert _then("What happens if PROMPT_COMMAND is 0?") is None  # no entry of that term
    assert _then("What happens if HISTCMD is 1?") is None  # said below the entry's description, a blank line between
    assert _then("What is HISTSIZE?") is None  # asks no such thing


# ConfigObj 5.0's configobj.html (BSD-3-Clause) as rag reads it: each option headed apart by its quoted name and the
# value it defaults to, a blank line over its description. The reader had quoted create_empty's like-worded sentence
# for file_error's question.
OPTIONS = (
    "‘create_empty’: False\n\nIf this value is True and the file specified by infile doesn’t exist, ConfigObj will "
    "create an empty file. This can be a useful test that the filename makes sense.\n\n‘file_error’: False\n\n"
    "If this value is True and the file specified by infile doesn’t exist, ConfigObj will raise an IOError. This "
    "error will be raised whenever an attempt to load the infile occurs."
)


def test_an_entry_headed_apart_by_its_quoted_name_says_what_follows_from_its_value():
    said = described_on(
        condition_answer, OPTIONS, "configobj", "What happens if file_error is True and the infile doesn't exist?"
    )
    assert said == (
        "ConfigObj will raise an IOError",
        "If this value is True and the file specified by infile doesn’t exist, ConfigObj will raise an IOError.",
    )
    said = described_on(condition_answer, OPTIONS, "configobj", "What happens if create_empty is True?")
    assert said is not None and said[0] == "ConfigObj will create an empty file"
    assert described_on(condition_answer, OPTIONS, "configobj", "What happens if raise_errors is True?") is None


# Black 23.1's blackd page (MIT) as rag reads it: the response codes, each a label over the case it holds in.
RESPONSES = (
    "Apart from the above, blackd can produce the following response codes:\n\n"
    "HTTP 204: If the input is already well-formatted. The response body is empty.\n\n"
    "HTTP 200: If formatting was needed on the input. The response body contains the blackened Python code.\n\n"
    "HTTP 400: If the input contains a syntax error. Details of the error are returned in the response body."
)


def test_a_label_over_the_case_asked_answers_what_holds_in_it():
    """Protects "What HTTP status does blackd return if the input is already well-formatted?": the reader had
    answered "a HTTP 400 error response" of another sentence."""

    def label(question: str) -> tuple[str, str] | None:
        return described_on(labelled_condition, RESPONSES, "blackd", question)

    assert label("What HTTP status does blackd return if the input is already well-formatted?") == (
        "HTTP 204",
        "HTTP 204: If the input is already well-formatted. The response body is empty.",
    )
    assert label("Which code does blackd return when the input contains a syntax error?")[0] == "HTTP 400"
    assert label("What does blackd return if the input is empty?") is None  # no line of that case
    assert label("What does blackd return?") is None  # asks no case
