"""A question asking which exception is raised when something happens is answered by the sentence saying so, the one
in the question's words."""

from __future__ import annotations

from records import described_on

from rag.answer.raised import raised_answer

# Requests 2.28's quickstart.html (Apache-2.0) and Werkzeug 2.2's wrappers.html (BSD-3-Clause) as rag reads them.
# The reader had abstained on the max_content_length question, its quote right.
ERRORS = (
    "In the event of a network problem (e.g. DNS failure, refused connection, etc), Requests will raise a "
    "ConnectionError exception.\n\nResponse.raise_for_status() will raise an HTTPError if the HTTP request returned an "
    "unsuccessful status code.\n\nIf a request exceeds the configured number of maximum redirections, a "
    "TooManyRedirects exception is raised.\n\nmax_content_length: the maximum content length. When set and the form "
    "or files attribute is accessed and the parsing fails because more than the specified value is transmitted a "
    "RequestEntityTooLarge exception is raised.\n"
)


def _raised(question: str) -> str | None:
    said = described_on(raised_answer, ERRORS, "quickstart", question)
    return None if said is None else said[0]


def test_the_exception_the_sentence_in_the_question_s_words_says_is_raised_answers():
    assert _raised("What exception is raised when more than max_content_length is transmitted?") == (
        "RequestEntityTooLarge"
    )
    assert _raised("What exception is raised when a request exceeds the maximum number of redirections?") == (
        "TooManyRedirects"
    )
    assert _raised("Which exception is raised on a network problem such as a DNS failure?") == "ConnectionError"
    assert _raised("What error is raised if the request returned an unsuccessful status code?") == "HTTPError"


def test_no_answer_for_another_question_or_when_no_sentence_has_its_words():
    assert _raised("What does raise_for_status do?") is None  # asks no exception
    assert _raised("What exception is raised when the disk is full?") is None  # no sentence says so
