"""A question asking for the default of a term it names is answered by the default its entry's description states of
that term in its first paragraph: not one it states of another term, nor one said further down of the term's use."""

from __future__ import annotations

from records import doc, hit

from rag.answer.named_defaults import named_default
from rag.embed.model import known_words

# PostgreSQL 15's runtime-config-resource.html, runtime-config-wal.html, runtime-config-autovacuum.html and
# sql-createtable.html (PostgreSQL License) as rag reads them. The reader had abstained on "What is the default
# huge_pages setting?" (its best "mmap", shared_memory_type's default) and answered "What is the default
# autovacuum_vacuum_threshold?" with CREATE TABLE's "toast.autovacuum_vacuum_threshold (integer)".
HUGE_PAGES = (
    "huge_pages (enum)\nControls whether huge pages are requested for the main shared memory area. Valid values are "
    "try (the default), on, and off. This parameter can only be set at server start.\n\n"
    "At present, this setting is supported only on Linux and Windows. On Linux, it is only supported when "
    "shared_memory_type is set to mmap (the default).\n\n"
    "huge_page_size (integer)\nControls the size of huge pages, when they are enabled with huge_pages. The default "
    "is zero (0)."
)
SYNCHRONOUS_COMMIT = (
    "synchronous_commit (enum)\nSpecifies how much WAL processing must complete before the database server returns "
    "a “success” indication to the client.\n\nThis parameter can be changed at any time. For example, to make a "
    "single multistatement transaction commit asynchronously when the default is the opposite, issue SET LOCAL "
    "synchronous_commit TO OFF within the transaction."
)
PER_TABLE = (
    "autovacuum_vacuum_threshold, toast.autovacuum_vacuum_threshold (integer)\nPer-table value for "
    "autovacuum_vacuum_threshold parameter."
)
SERVER = (
    "autovacuum_vacuum_threshold (integer)\nSpecifies the minimum number of updated or deleted tuples needed to "
    "trigger a VACUUM in any one table. The default is 50 tuples. This parameter can only be set in the "
    "postgresql.conf file or on the server command line.\n\nmax_connections (integer)\nDetermines the maximum "
    "number of concurrent connections to the database server. The default is typically 100 connections, but "
    "might be less if your kernel settings will not support it.\n\nport (integer)\nThe TCP port the server "
    "listens on; 5432 by default."
)


def _default(question: str, *texts: str) -> tuple[str, str] | None:
    docs = [doc(text, f"page{i}.html", suffix=".html") for i, text in enumerate(texts)]
    got = named_default(question, [(hit(d), d) for d in docs], known_words())
    if got is None:
        return None
    return got.doc.text[got.start : got.end], got.doc.text[got.quote_start : got.quote_end]


def test_the_default_the_entry_states_of_its_own_term_answers_not_another_term_s():
    said = _default("What is the default huge_pages setting?", HUGE_PAGES)
    assert said == ("try", "Valid values are try (the default), on, and off.")
    assert _default("What is the default huge_page_size?", HUGE_PAGES) == ("zero", "The default is zero (0).")


def test_an_entry_stating_no_default_gives_way_to_the_next_passage_s_entry_of_the_term():
    said = _default("What is the default autovacuum_vacuum_threshold?", PER_TABLE, SERVER)
    assert said == ("50 tuples", "The default is 50 tuples.")
    assert _default("What is the default value of max_connections?", SERVER)[0] == "100 connections"  # not "typically"
    assert _default("What is the default port?", SERVER) is None  # "port" is no name the question writes as code
    assert _default("What is the default value of port?", SERVER) is None


def test_a_default_said_further_down_the_entry_of_the_term_s_use_is_not_its_value():
    assert _default("What is the default value of synchronous_commit?", SYNCHRONOUS_COMMIT) is None


def test_no_answer_for_a_question_asking_no_default_or_naming_no_term():
    assert _default("What does huge_pages control?", HUGE_PAGES) is None
    assert _default("What is the default size of huge pages?", HUGE_PAGES) is None


# Bash 5.2's reference manual (bashref.html, GNU FDL) as rag reads it: Readline's variables head their entries with
# a bare name of words joined by hyphens, and one passage ended in completion-query-items' first paragraph, before
# its default ("The default limit is 100." followed in the next passage). The reader had answered the first with
# "duration Readline will wait for a character" and the second with the entry's first words.
READLINE = (
    "keymap\nSets Readline’s idea of the current keymap for key binding commands. The default value is emacs.\n\n"
    "keyseq-timeout\nSpecifies the duration Readline will wait for a character when reading an ambiguous key "
    "sequence. The value is specified in milliseconds. The default value is 500.\n\n"
    "completion-query-items\nThe number of possible completions that determines when the user is asked whether the "
    "list of possibilities should be displayed. A zero value means Readline should never ask. The default limit is "
    "100.\n\nconvert-meta\nIf set to ‘on’, Readline will convert characters with the eighth bit set. The default "
    "value is ‘on’."
)


def test_a_bare_hyphenated_name_s_entry_states_its_default():
    assert _default("What is the default value of keyseq-timeout?", READLINE) == ("500", "The default value is 500.")
    assert _default("What is the default keymap?", READLINE) == ("emacs", "The default value is emacs.")  # a bare name
    assert _default("What is the default value of convert-meta?", READLINE)[0] == "on"


def test_an_entry_a_passage_cuts_is_read_to_its_paragraph_s_end():
    d = doc(READLINE, "bashref.html", suffix=".html")
    cut = READLINE.index("A zero value")  # the passage ends inside the entry's first paragraph
    got = named_default("What is the default value of completion-query-items?", [(hit(d, 0, cut), d)], known_words())
    assert got is not None and d.text[got.start : got.end] == "100"
    assert d.text[got.quote_start : got.quote_end] == "The default limit is 100."


# Pygments 2.14's formatters.html (BSD-2-Clause) as rag reads it: an option's values listed below its description,
# the default marked so.
IMAGE_FORMAT = (
    "image_format\nAn image format to output to that is recognised by PIL, these include:\n\n“PNG” (default)\n\n"
    "“JPEG”\n\n“BMP”\n\n“GIF”\n\nline_pad\nThe extra spacing (in pixels) between each line of text.\n\nDefault: 2"
)


def test_a_value_marked_default_in_the_list_the_description_introduces_is_the_terms_default():
    """Protects "What is the default image format of the ImageFormatter?": the reader found "PNG" and abstained. A
    paragraph further down that is no list the description introduces states none (`test_a_default_said_…`)."""
    assert _default("What is the default image_format?", IMAGE_FORMAT) == ("PNG", "“PNG” (default)")
    assert _default("What is the default line_pad?", IMAGE_FORMAT) is None


# pytest 7.2's reference.html (MIT licence) as rag reads it: the values listed below an ini option's description,
# then the paragraph saying which of them is the default.
CONSOLE_OUTPUT_STYLE = (
    "console_output_style\nSets the console output style while running tests:\n\nclassic: classic pytest output.\n\n"
    "progress: like classic pytest output, but with a progress indicator.\n\ncount: like progress, but shows progress "
    "as the number of tests completed instead of a percent.\n\nThe default is progress, but you can fallback to "
    "classic if you prefer or the new mode is causing unexpected problems:\n\n"
    "doctest_encoding\nDefault encoding to use to decode text files with docstrings.\n\n"
    "junit_logging\nConfigures if captured output should be written to the JUnit XML file:\n\nlog: write only "
    "logging captured output.\n\nall: write all.\n\nThe default is no, which writes nothing."
)


def test_a_value_the_paragraph_after_the_list_of_values_calls_the_default_is_the_terms_default():
    """Protects "What is the default console_output_style?" (answered "False", another option's default, of the
    command-line help). A default that is none of the listed values is no value of the list: said of something else,
    or of the term's use."""
    assert _default("What is the default console_output_style?", CONSOLE_OUTPUT_STYLE) == (
        "progress",
        "The default is progress, but you can fallback to classic if you prefer or the new mode is causing unexpected "
        "problems:",
    )
    assert _default("What is the default junit_logging?", CONSOLE_OUTPUT_STYLE) is None


def test_a_lower_case_name_over_its_arguments_name_heads_its_entry():
    """Protects "What is the default maxdist?" over NTPsec 1.2's miscopt.html (BSD-2-Clause), whose AsciiDoc heads
    each tos option with its name and its argument's ("maxdist maxdistance"): no entry was found, and the reader
    abstained (0.20) on "The default is 1.5 s."."""
    from rag.answer.terms import argued_name

    text = (
        "maxclock maxclock\nSpecify the maximum number of servers retained by the server discovery schemes. The "
        "default is 10, which should typically be changed.\n\nmaxdist maxdistance\nSpecify the synchronization "
        "distance threshold used by the clock selection algorithm. The default is 1.5 s. This determines both the "
        "minimum number of packets to set the system clock and the maximum roundtrip delay.\n"
    )
    assert argued_name("maxdist maxdistance") == "maxdist" and argued_name("Parallel transfers") is None
    assert argued_name("orphanwait delay") == "orphanwait" and argued_name("see the manual") is None
    d = doc(text, "miscopt", suffix=".html")
    found = named_default("What is the default maxdist?", [(hit(d), d)], known_words())
    assert found is not None and text[found.start : found.end] == "1.5 s"
    found = named_default("What is the default maxclock?", [(hit(d), d)], known_words())
    assert found is not None and text[found.start : found.end] == "10"


def test_a_term_line_stating_its_default_in_its_note_answers_whatever_else_the_question_says():
    """Black 23.1's integrations/editors.html (MIT): the Vim plugin's variables, each on its line with its default.
    "in the Vim plugin" had kept subject_default from it, and the reader answered g:black_fast's "0"."""
    text = (
        "Configuration:\n\ng:black_fast (defaults to 0)\n\ng:black_linelength (defaults to 88)\n\n"
        "g:black_virtualenv (defaults to ~/.vim/black or ~/.local/share/nvim/black)\n"
    )
    page = doc(text, "editors", suffix=".html")

    def default(question: str) -> str | None:
        found = named_default(question, [(hit(page), page)], known_words())
        return None if found is None else text[found.start : found.end]

    assert default("What is the default of g:black_linelength in the Vim plugin?") == "88"
    assert default("What is the default g:black_fast setting?") == "0"
    assert default("What is the default of g:black_quiet?") is None  # no line of it
    assert default("What does g:black_linelength do?") is None  # asks no default
