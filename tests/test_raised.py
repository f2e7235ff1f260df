"""A question asking which exception is raised when something happens is answered by the sentence saying so, the one
in the question's words."""

from __future__ import annotations

from records import described_on

from rag.answer.raised import raised_answer

# Requests 2.28's quickstart.html (Apache-2.0), Werkzeug 2.2's wrappers.html and local.html (BSD-3-Clause) and
# Pygments 2.14's api.html (BSD-2-Clause) as rag reads them. The reader had abstained on the max_content_length and
# LocalProxy questions, its quote right, and answered "0.0" of another entry for the lexer's alias.
ERRORS = (
    "In the event of a network problem (e.g. DNS failure, refused connection, etc), Requests will raise a "
    "ConnectionError exception.\n\nResponse.raise_for_status() will raise an HTTPError if the HTTP request returned an "
    "unsuccessful status code.\n\nIf a request exceeds the configured number of maximum redirections, a "
    "TooManyRedirects exception is raised.\n\nmax_content_length: the maximum content length. When set and the form "
    "or files attribute is accessed and the parsing fails because more than the specified value is transmitted a "
    "RequestEntityTooLarge exception is raised.\n\nLocalProxy allows treating a context var as an object directly "
    "instead of needing to use and check ContextVar.get(). If the context var is set, the local proxy will look and "
    "behave like the object the var is set to. If it’s not set, a RuntimeError is raised for most operations.\n\n"
    "pygments.lexers.get_lexer_by_name(alias, **options)\nReturn an instance of a Lexer subclass that has alias in "
    "its aliases list.\n\nWill raise pygments.util.ClassNotFound if no lexer with that alias is found.\n"
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


def test_asked_as_what_one_gets_named_with_its_module_or_by_the_sentence_before():
    assert _raised("What exception do I get if I look up a lexer by an alias Pygments doesn't know?") == (
        "pygments.util.ClassNotFound"  # the module's name with it
    )
    # "it" of the sentence saying so is the LocalProxy of the sentences before it in its paragraph
    assert _raised("What exception do I get if I use a LocalProxy while its context var has no value?") == (
        "RuntimeError"
    )
    # attrs 22's how-does-it-work.html (MIT): the sentence in the question's words names the exception it becomes
    frozen = (
        "In order to give you immutability, attrs will attach a __setattr__ method to your class that raises an "
        "attrs.exceptions.FrozenInstanceError whenever anyone tries to set an attribute.\n\nThe same is true if you "
        "choose to freeze individual attributes using the attrs.setters.frozen on_setattr hook – except that the "
        "exception becomes attrs.exceptions.FrozenAttributeError.\n"
    )
    said = described_on(raised_answer, frozen, "how", "If I freeze one attribute with the attrs.setters.frozen hook "
                        "and assign to it, which exception is raised?")  # fmt: skip
    assert said is not None and said[0] == "attrs.exceptions.FrozenAttributeError"
    # the words of the entry's lines before a sentence that does not refer back to them are not its own
    assert _raised("What exception do I get when a Lexer subclass instance is given options?") is None


def test_no_answer_for_another_question_or_when_no_sentence_has_its_words():
    assert _raised("What does raise_for_status do?") is None  # asks no exception
    assert _raised("What exception is raised when the disk is full?") is None  # no sentence says so
