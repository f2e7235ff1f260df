"""A default a paragraph states of its subject answers a question asking that subject's default."""

from __future__ import annotations

from records import described_on

from rag.answer.subject_defaults import subject_default

# Lua 5.2's reference manual (MIT licence), §2.5 and string.rep, as rag reads it. The reader had answered "pause".
LUA = (
    "The garbage-collector pause controls how long the collector waits before starting a new cycle. A value of 200 "
    "means that the collector waits for the total memory in use to double before starting a new cycle.\n\n"
    "The garbage-collector step multiplier controls the relative speed of the collector relative to memory "
    "allocation. Values smaller than 100 make the collector too slow. The default is 200, which means that the "
    'collector runs at "twice" the speed of memory allocation.\n\n'
    "string.rep (s, n [, sep])\n\nReturns a string that is the concatenation of n copies of the string s separated "
    "by the string sep. The default value for sep is the empty string (that is, no separator).\n\n"
    "table.concat (list [, sep [, i [, j]]])\n\nThe default value for sep is the empty string, the default for i "
    "is 1, and the default for j is #list."
)


def _default(question: str) -> tuple[str, str] | None:
    return described_on(subject_default, LUA, "manual", question)


def test_the_default_stated_in_the_paragraph_of_the_question_s_subject_answers():
    assert _default("What is the default step multiplier of the garbage collector?") == (
        "200",
        'The default is 200, which means that the collector runs at "twice" the speed of memory allocation.',
    )
    assert _default("What is the default sep of string.rep?")[0] == "the empty string"
    assert _default("What does the step multiplier of the garbage collector default to?")[0] == "200"  # "does" asks


def test_no_default_of_another_subject_or_of_a_sentence_stating_several():
    assert _default("What is the default pause of the garbage collector?") is None  # its paragraph states none
    assert _default("What is the default value for i in table.concat?") is None  # three defaults in one sentence
    assert _default("What is the default separator of string.rep?") is None  # "for sep": not the question's word
    assert _default("What does the step multiplier control?") is None  # asks no default
    assert _default("What is the default pause of the garbage collector?") is None  # a word the paragraph lacks


# PostgreSQL 15's libpq-connect.html and Django 4.2's sessions.html, as rag reads them: no value, what is done or
# another setting's name, is stated.
NO_VALUES = (
    "host\n\nName of host to connect to. On Windows and on machines without Unix-domain sockets, the default is to "
    "connect to localhost.\n\nsession cookie age\n\nThe age of session cookies. Defaults to SESSION_COOKIE_AGE.\n\n"
    "The session serializer. For backwards compatibility, this setting defaults to using pickle.\n\n"
    "A sequence expression takes the form {x..y[..incr]}. When the increment is supplied, it is used as the "
    "difference between each term. The default increment is 1 or -1 as appropriate."
)


def test_no_default_is_what_is_done_or_another_setting_s_name():
    def default(question: str) -> tuple[str, str] | None:
        return described_on(subject_default, NO_VALUES, "mixed", question)

    assert default("What is the default host on machines without Unix-domain sockets?") is None
    assert default("What is the default age of session cookies?") is None
    assert default("What is the default session serializer?") is None
    assert default("What is the default increment of a sequence expression?") is None  # Bash's: "1" of "1 or -1"


# pytest 7.2's `pytest --help` in reference.html (MIT licence): ini options listed with no blank line between them,
# each a line hanging over its description's.
HELP = (
    "[pytest] ini-options in the first pytest.ini|tox.ini|setup.cfg file found:\n\n"
    '  console_output_style (string):\n                        Console output: "classic", or with additional\n'
    '                        progress information ("progress" (percentage) |\n                        "count")\n'
    "  xfail_strict (bool):  Default for the strict parameter of xfail markers\n"
    "                        when not given explicitly (default: False)\n"
)


def test_in_a_list_of_hanging_entries_the_subject_s_paragraph_is_its_entry():
    """Protects "What is the default console_output_style?", answered "False", xfail_strict's default: the paragraph
    of that default held both options' lines."""
    said = described_on(subject_default, HELP, "reference", "What is the default console_output_style?")
    assert said is None
    said = described_on(subject_default, HELP, "reference", "What is the default of xfail_strict?")
    assert said == ("False", "when not given explicitly (default: False)")


# pytest 7.2's explanation/pythonpath.html (MIT licence) as rag reads it: a value marked default heads an item of the
# list a paragraph introduces.
IMPORT_MODES = (
    "Some aspects of the import process can be controlled through the --import-mode command-line flag, which can "
    "assume these values:\n\nprepend (default): the directory path containing each module will be inserted into the "
    "beginning of sys.path if not already there.\n\nappend: the directory containing each module is appended to the "
    "end of sys.path if not already there.\n\nimportlib (the default of no other mode): new in pytest-6.0, this mode "
    "uses importlib to import test modules.\n\nThe plugin mode is none of these:\n\nfull (default): all plugins load."
)


def test_a_default_heading_an_item_is_said_of_what_the_list_s_introduction_names():
    """Protects "What is the default import mode?": the reader answered "importlib" of the changelog's "We intend to
    make --import-mode=importlib the default in future versions"."""
    said = described_on(subject_default, IMPORT_MODES, "pythonpath", "What is the default import mode?")
    assert said is not None and said[0] == "prepend"
    # an item past a paragraph that is no item ("The plugin mode is none of these:" introduces another list)
    assert described_on(subject_default, IMPORT_MODES, "pythonpath", "What is the default plugin mode?")[0] == "full"
    prose = "The import process can be controlled.\n\nThis is no list's introduction.\n\nfast (default): skips checks."
    assert described_on(subject_default, prose, "pythonpath", "What is the default import process?") is None


def test_a_default_said_of_its_kind_is_said_of_the_paragraph_s_subject():
    """Protects "What is the default value of default_filters?" on Mako's filtering.html (MIT licence): the reader had
    answered "t = TemplateLookup", of the example below."""
    text = (
        "In addition to the expression_filter argument, the default_filters argument to both Template and "
        "TemplateLookup can specify filtering for all expression tags at the programmatic level. This array-based "
        'argument, when given its default argument of None, will be internally set to ["str"]:'
    )
    said = described_on(subject_default, text, "filtering", "What is the default value of default_filters?")
    assert said is not None and said[0] == "None"


# Pacemaker 2.1's Pacemaker Explained (CC BY-SA 4.0) as rag reads its cluster options table: one row a line, no
# blank line between them.
CLUSTER_OPTIONS = (
    "Option | Default | Description\n"
    "Option: stonith-enabled | Default: true | Description: Whether the cluster is allowed to fence nodes.\n"
    "Option: stonith-action | Default: reboot | Description: Action the cluster should send to the fence agent.\n"
)


def test_a_table_s_row_is_its_own_entry():
    """Protects "What is the default stonith-action?": answered "true", stonith-enabled's default, the table above
    its row holding the question's words."""
    said = described_on(subject_default, CLUSTER_OPTIONS, "explained", "What is the default stonith-action?")
    assert said is not None and said[0] == "reboot"
    assert described_on(subject_default, CLUSTER_OPTIONS, "explained", "What is the default fence action?") is None


# Postfix 3.7's TUNING_README.html (IPL-1.0/EPL-2.0), as rag reads it: parameters listed without a blank line
# between them, each its line stating its default over its description.
POSTFIX = (
    "This process is governed by a bunch of little parameters.\n\n"
    "maximal_queue_lifetime (default: 5 days)\nHow long a message stays in the queue before it is sent back as "
    "undeliverable. Specify 0 for mail that should be returned immediately.\n"
    "bounce_queue_lifetime (default: 5 days)\nHow long a MAILER-DAEMON message stays in the queue before it is "
    "considered undeliverable.\nqmgr_message_recipient_limit (default: 20000)\nThe size of many in-memory queue "
    "manager data structures."
)


def test_a_term_line_below_other_entries_opens_its_own_entry():
    """Protects "How long does a message stay in the queue before it is considered undeliverable by default?": the
    list's paragraph, from its blank line down to "qmgr_message_recipient_limit (default: 20000)", held all of the
    question's words, and "20000" answered; that line's entry is its own."""
    question = "How long does a message stay in the queue before it is considered undeliverable by default?"
    assert described_on(subject_default, POSTFIX, "TUNING_README", question) is None


def test_a_how_many_question_s_frame_is_no_word_its_subject_must_hold():
    """GNU Diffutils 3.8's Output-Formats.html (GFDL): "How many lines of context …" had asked "how" and "many" of
    the paragraph too, and the reader abstained quoting "When it is not given, it defaults to three." (0.23)."""
    text = (
        "2.2.2 Unified Format\n\nThe unified output format is a variation on the context format that is more "
        "compact. To select this output format, use the --unified[=lines] (-U lines), or -u option. The argument "
        "lines is the number of lines of context to show. When it is not given, it defaults to three."
    )
    said = described_on(
        subject_default, text, "Output-Formats", "How many lines of context does the unified format show by default?"
    )
    assert said == ("three", "When it is not given, it defaults to three.")
    assert described_on(subject_default, text, "Output-Formats", "How many lines does the ed format show?") is None
