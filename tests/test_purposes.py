"""A question asking how to do something is answered by the sentence saying how, its goal in the question's words."""

from __future__ import annotations

from records import described_on

from rag.answer.purposes import purpose_answer

# Jinja 3.1's templates.html (BSD-3-Clause) as rag reads it. The reader had answered "Jinja", "for debugging" and
# "removed" for the three questions below.
TEMPLATES = (
    "To comment-out part of a line in a template, use the comment syntax which is by default set to {# ... #}. This "
    "is useful to comment out parts of the template for debugging or to add information for other template "
    "designers or yourself:\n\n"
    "By default, Jinja also removes trailing newlines. To keep single trailing newlines, configure Jinja to "
    "keep_trailing_newline.\n\n"
    "You can manually disable the lstrip_blocks behavior by putting a plus sign (+) at the start of a block:\n\n"
    "Similarly, you can manually disable the trim_blocks behavior by putting a plus sign (+) at the end of a block:"
)


def _how(question: str) -> tuple[str, str] | None:
    return described_on(purpose_answer, TEMPLATES, "templates", question)


def test_the_sentence_whose_purpose_clause_is_the_question_s_goal_answers_with_what_to_do():
    said = _how("How can I keep single trailing newlines?")
    assert said == (
        "configure Jinja to keep_trailing_newline",
        "To keep single trailing newlines, configure Jinja to keep_trailing_newline.",
    )
    assert _how("How do I comment out part of a line in a template?")[0].startswith("use the comment syntax")


def test_the_means_of_the_goal_most_like_the_question_s_answers():
    said = _how("How do I manually disable the trim_blocks behavior for a block?")
    assert said is not None and said[0] == "putting a plus sign (+) at the end of a block"  # not lstrip_blocks' start
    assert _how("How do I disable the lstrip_blocks behavior?")[0] == "putting a plus sign (+) at the start of a block"


def test_no_answer_for_another_goal_or_another_kind_of_question():
    assert _how("How do I connect Jinja to a PostgreSQL database?") is None  # no sentence has that goal
    assert _how("How do I keep my macros?") is None  # two words asked, one said: "keep" alone
    assert _how("What does keep_trailing_newline do?") is None  # asks no how
    assert _how("How are trailing newlines removed?") is None  # asks how a thing is, not how to do it


# MkDocs 1.4's installation.html and configuration.html (BSD-2-Clause) as rag reads them, and Celery's calling guide
# (BSD-3-Clause), and its getting-started.html: the reader had answered "pip install --editable" and "including any
# defaults, set the plugins setting to".
MKDOCS = (
    "Installing MkDocs\n\nInstall the mkdocs package using pip:\n\npip install mkdocs\n\nYou should now have the "
    "mkdocs command installed on your system.\n\nTo completely disable all plugins, including any defaults, set the "
    "plugins setting to an empty list:\n\nplugins: []\n\nMessage Sending Retry\n\nCelery will automatically retry "
    "sending messages in the event of connection failure."
)
STARTED = "Installation\n\nTo install MkDocs, run the following command from the command line:\n\npip install mkdocs"


def test_a_how_past_a_clause_qualifying_the_goal_and_the_command_shown_below_it():
    """The how starts past "including any defaults,"; a how that shows what to do below it ("run the following
    command:") is answered by the block below, quoted alone; so is what a heading of the goal says to do below it."""

    def how(question: str) -> tuple[str, str] | None:
        return described_on(purpose_answer, MKDOCS, "mkdocs", question)

    assert how("How do I completely disable all plugins?") == (
        "set the plugins setting to an empty list",
        "To completely disable all plugins, including any defaults, set the plugins setting to an empty list:",
    )
    assert how("How do I install MkDocs?") == ("pip install mkdocs", "pip install mkdocs")
    started = described_on(purpose_answer, STARTED, "getting-started", "How can I install MkDocs?")
    assert started == ("pip install mkdocs", "pip install mkdocs")
    # a heading of the goal whose text below says nothing to do: "Celery will automatically retry …"
    assert how("How do I disable retrying of sending a message?") is None


# pytest 7's how-to/usage.html (MIT) as rag reads it: the reader's quote had been the first sentence's "use the -p
# option together with the prefix no:", its example the answer.
PYTEST = (
    "To disable loading specific plugins at invocation time, use the -p option together with the prefix no:.\n\n"
    "Example: to disable loading the plugin doctest, which is responsible for executing doctest tests from text "
    "files, invoke pytest like this:\n\npytest -p no:doctest\n\nOther ways of calling pytest"
)


def test_an_example_s_purpose_past_what_it_says_of_its_goal_answers_with_the_command_it_shows():
    said = described_on(purpose_answer, PYTEST, "usage", "How do I disable loading the doctest plugin?")
    assert said == ("pytest -p no:doctest", "pytest -p no:doctest")
    said = described_on(purpose_answer, PYTEST, "usage", "How do I disable loading specific plugins?")
    assert said is not None and said[0] == "use the -p option together with the prefix no:"


# Postfix 3.7's postsuper(1) (IBM Public License / EPL-2.0) as rag reads its HTML: what to type, quoted, then what for.
POSTSUPER = (
    '       -d queue_id\n              Specify "-d ALL" to remove all messages;  for  example,  specify\n'
    '              "-d  ALL deferred" to delete all mail in the deferred queue.  As\n              a safety measure, '
    "the word ALL must be specified in upper  case."
)


def test_the_quoted_thing_to_give_for_the_goal_answers_how():
    """The reader had answered "-d" alone."""
    said = described_on(purpose_answer, POSTSUPER, "postsuper.1", "How do I delete all mail in the deferred queue?")
    assert said is not None and said[0] == "-d  ALL deferred"
    assert described_on(purpose_answer, POSTSUPER, "postsuper.1", "How do I remove all messages?")[0] == "-d ALL"
    assert described_on(purpose_answer, POSTSUPER, "postsuper.1", "How do I put a message on hold?") is None


# Click 8.1's options.html (BSD-3-Clause) as rag reads it
REQUIRED = (
    "If no default value is provided, the type is assumed to be STRING. By default, options are not required, however "
    "to make an option required, simply pass in required=True as an argument to the decorator.\n\n@click.command()"
)


def test_a_purpose_clause_after_another_clause_answers_how():
    """The reader had abstained, quoting "@click.command()"."""
    said = described_on(purpose_answer, REQUIRED, "options", "How do I make an option required?")
    assert said is not None and said[0] == "simply pass in required=True as an argument to the decorator"
    assert described_on(purpose_answer, REQUIRED, "options", "How do I print a message in color?") is None


# pytest 7.2's how-to/skipping.html (MIT licence) as rag reads it: what is possible, then what does it. The reader had
# answered "import sys", of the example below the sentence.
SKIPPING = (
    "It is also possible to skip the whole module using pytest.skip(reason, allow_module_level=True) at the module "
    "level:\n\nimport sys\n\nimport pytest\n\nYou can disable all output capturing with the -s option.\n\n"
    "You can also use the stdin fixture with care."
)


def test_what_is_possible_and_what_does_it_answers_how():
    def how(question: str) -> tuple[str, str] | None:
        return described_on(purpose_answer, SKIPPING, "skipping", question)

    assert how("How do I skip a whole module?") == (
        "pytest.skip(reason, allow_module_level=True) at the module level",
        "It is also possible to skip the whole module using pytest.skip(reason, allow_module_level=True) at the module "
        "level:",
    )
    assert how("How do I disable output capturing?")[0] == "the -s option"
    assert how("How do I use the stdin fixture?") is None  # "with care": no way of doing it


# Werkzeug 2.2's debug.html (BSD-3-Clause) as rag reads it: what to do, then its purpose. The reader had answered
# "protected" for "How do I disable the debugger PIN check?".
PIN = (
    "The debug console is protected by a PIN. An explicit PIN can be provided through the environment variable "
    "WERKZEUG_DEBUG_PIN. This variable can also be set to the value off to disable the PIN check entirely.\n\n"
    "It is not possible to disable the console itself.\n\nYou want to enable the debugger only locally."
)


def test_what_is_done_then_its_purpose_in_the_question_s_verb_answers_how():
    def how(question: str) -> tuple[str, str] | None:
        return described_on(purpose_answer, PIN, "debug", question)

    assert how("How do I disable the debugger PIN check?") == (
        "This variable can also be set to the value off",
        "This variable can also be set to the value off to disable the PIN check entirely.",
    )
    assert how("How do I turn off the PIN check?") is None  # another verb: "turn" is not "disable"
    assert how("How do I disable the debugger console?") is None  # only that it is not possible
    assert how("How do I enable the debugger locally?") is None  # only that it is wanted
