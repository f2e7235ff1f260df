"""What an option does, as a list of options says it on the option's line."""

from __future__ import annotations

from records import described_on

from rag.answer.listed import listed_option

# The options of Lua 5.2's standalone interpreter, from its reference manual (MIT licence) as rag reads it: the reader
# had answered "-"'s description for "-E", and abstained for "-i".
STANDALONE = (
    'The options are:\n\n-e stat: executes string stat;\n-l mod: "requires" mod;\n-i: enters interactive mode '
    "after running script;\n-v: prints version information;\n-E: ignores environment variables;\n--: stops handling "
    "options;\n-: executes stdin as a file and stops handling options.\n\nAfter handling its options, lua runs the "
    "given script."
)


def _does(question: str) -> tuple[str, str] | None:
    return described_on(listed_option, STANDALONE, "manual", question)


def test_the_description_on_the_asked_option_s_line_answers_what_it_does():
    assert _does("What does the -E option of lua do?") == (
        "ignores environment variables",
        "-E: ignores environment variables;",
    )
    assert _does("What does -e do?") == ("executes string stat", "-e stat: executes string stat;")  # case kept
    assert _does("What does the -i option do?")[0] == "enters interactive mode after running script"


def test_no_answer_for_an_option_not_listed_or_a_question_not_asking_what_it_does():
    assert _does("What does the -x option do?") is None
    assert _does("When was the -E option added?") is None
    assert _does("What do -e and -E do?") is None  # two options: which one is asked?


def test_of_two_lists_of_options_the_command_s_own_answers():
    """Two commands list "-v": the question naming one reads its list, whichever passage ranks first."""
    from records import doc, hit

    other = doc(
        "luac options:\n\n-v: shows version information of the compiler;\n-s: strips debug information.", "luac"
    )
    lua = doc("lua options:\n\n-v: prints version information;\n-E: ignores environment variables;", "lua")
    passages = [(hit(other), other), (hit(lua, rank=2), lua)]
    said = listed_option("What does the -v option of lua do?", passages)
    assert said is not None and said.doc.id == "lua" and lua.text[said.start : said.end] == "prints version information"
    said = listed_option("What does the -v option do?", passages)
    assert said is not None and said.doc.id == "luac"  # no command named: the best ranked


# Postfix 3.7's postqueue(1) as its HTML's <pre> reads (IBM Public License / EPL-2.0), and HAProxy 2.6's
# management.html (GPL-2.0-or-later): an option's description in a column of its own or after " : ", wrapped.
POSTQUEUE = (
    "       -c config_dir\n              The main.cf configuration file is in the named directory instead\n"
    "              of the default configuration directory.\n\n       -f     Flush the queue: attempt to deliver all "
    "queued mail.\n\n       -j     Produce a queue listing in JSON format, based on output from the\n"
    "              showq(8) daemon.  The result is a stream of zero  or  more  JSON\n              objects.\n\n"
    "  -c : only performs a check of the configuration files and exits before trying\n    to bind. The exit status "
    "is zero if everything is OK."
)


def test_a_manual_page_s_option_described_in_its_own_column_or_after_a_spaced_colon():
    """The postqueue manual page's "-f" had been answered "Postfix queue control", of its NAME line; a description
    wrapped under its hanging indent is read to its sentence's end."""

    def does(question: str) -> tuple[str, str] | None:
        return described_on(listed_option, POSTQUEUE, "postqueue.1", question)

    assert does("What does the -f option of postqueue do?") == (
        "Flush the queue: attempt to deliver all queued mail",
        "       -f     Flush the queue: attempt to deliver all queued mail.",
    )
    assert does("What does the -j option do?") == (
        "Produce a queue listing in JSON format, based on output from the\n              showq(8) daemon",
        "       -j     Produce a queue listing in JSON format, based on output from the\n              showq(8) daemon.",
    )
    # the first "-c" is postqueue's, its argument on its line and its description on the next
    assert does("What does -c do?")[0] == (
        "The main.cf configuration file is in the named directory instead\n              of the default configuration "
        "directory"
    )
    haproxy = POSTQUEUE[POSTQUEUE.index("  -c : ") :]
    assert described_on(listed_option, haproxy, "management", "What does -c do?")[0] == (
        "only performs a check of the configuration files and exits before trying\n    to bind"
    )


def test_a_line_ending_mid_sentence_is_read_to_that_sentence_s_end():
    """HAProxy's "-q : set "quiet" mode. This disables some messages during the configuration" had been answered up
    to "configuration", its next line's "parsing and during startup." left out."""
    text = (
        '  -q : set "quiet" mode. This disables some messages during the configuration\n    parsing and during '
        'startup. It can be used in combination with "-c".\n'
    )
    said = described_on(listed_option, text, "management", "What does -q do?")
    assert said is not None and said[0].endswith("configuration\n    parsing and during startup")


def test_an_options_line_past_the_passages_searched_is_read_from_a_deeper_search():
    """Protects "What does the -D option of haproxy do?" on HAProxy's management guide (GPL-2.0-or-later): its line
    was 18th of retrieval's best 300 and none of its best 50 ("-D" is no word of the sparse index), and the reader
    answered from the "-f" option's prose. The deeper search is made only when the passages searched hold no line."""
    from records import doc, hit

    from rag.answer.listed import listed_passage

    prose = doc('It is recommended to use the "-f" option of haproxy.', "intro", suffix=".html")
    listing = doc("  -D : start as a daemon. The process detaches from the current terminal.", "m", suffix=".html")
    read, deep = hit(prose, rank=1), hit(listing, rank=18)
    searched: list[int] = []

    def deeper() -> list:
        searched.append(1)
        return [read, deep]

    question = "What does the -D option of haproxy do?"
    assert listed_passage(question, [read], [], deeper) == [deep]
    assert listed_passage(question, [deep], [], deeper) == [] and len(searched) == 1  # held: no search
    assert listed_passage("What does the -f option of haproxy do?", [read], [], deeper) == []  # no line of it


# pytest 7.2's `pytest --help` in reference.html (MIT licence) as rag reads it: options listed with their other names,
# each description wrapped under a hanging indent.
PYTEST_HELP = (
    "  --nf, --new-first     Run tests from new files first, then the rest of the\n"
    "                        tests sorted by file mtime\n"
    "  --sw, --stepwise      Exit on test failure and continue from last failing\n"
    "                        test next time\n"
    "  --sw-skip, --stepwise-skip\n"
    "                        Ignore the first failing test but stop on the next\n"
    "                        failing test. Implicitly enables --stepwise.\n"
    "  -x, --exitfirst       Exit instantly on first error or failed test.\n"
)


def test_an_option_listed_with_its_other_names_is_read_over_its_wrapped_lines():
    """Protects "What does the --sw option do?" on pytest's help: "--sw, --stepwise" had been no option's line, and
    the reader abstained over passages that do not mention it."""

    def does(question: str) -> str | None:
        said = described_on(listed_option, PYTEST_HELP, "reference", question)
        return None if said is None else " ".join(said[0].split())

    assert does("What does the --sw option do?") == "Exit on test failure and continue from last failing test next time"
    assert does("What does --stepwise do?") == does("What does the --sw option do?")
    assert does("What does the --exitfirst option do?") == "Exit instantly on first error or failed test"
    # its description on the lines below it, in no column beside it
    assert does("What does --sw-skip do?") == "Ignore the first failing test but stop on the next failing test"


# bzip2 1.0.8's manual.pdf (bzip2's licence, BSD-like) as rag reads it: each option alone on its line, with its long
# name, over its description. The reader had abstained on "What does the -t flag do?", quoting bzip2recover.
BZIP2 = (
    "-z --compress\nThe complement to -d: forces compression, regardless of the invokation name.\n-t --test\n"
    "Check integrity of the specified file(s), but don’t decompress them. This really performs a trial decompression "
    "and throws away the result.\n-f --force\nForce overwrite of output files.\n"
)


def test_an_option_alone_on_its_line_is_described_by_the_next():
    def does(question: str) -> tuple[str, str] | None:
        return described_on(listed_option, BZIP2, "manual", question)

    said = "Check integrity of the specified file(s), but don’t decompress them. This really performs a trial"
    assert does("What does the -t flag do?") == (
        f"{said} decompression and throws away the result",
        f"-t --test\n{said} decompression and throws away the result.",
    )
    assert does("What does --test do?") == does("What does the -t flag do?")
    assert does("What does the -z option do?")[0].startswith("The complement to -d")
    assert does("What does the -d option do?") is None  # named in a description, listed on no line of its own


# Mako 1.2's filtering.html (MIT licence) as rag reads it: the built-in filters, a list of names each before a spaced
# colon and what it does.
FILTERS = (
    "The built-in escape flags are:\n\nu : URL escaping, provided by urllib.quote_plus(string.encode('utf-8'))\n\n"
    "h : HTML escaping, provided by markupsafe.escape(string)\n\ntrim : whitespace trimming, provided by "
    "string.strip()\n\ndecode.<some encoding> : decode input into a Python unicode with the specified encoding\n\n"
    "n : disable all default filtering; only filters specified in the local expression tag will be applied.\n\n"
    "To apply more than one filter, separate them by a comma:\n\nh : a line of no list.\n"
)


def test_a_name_the_question_calls_by_its_kind_is_read_on_its_line_in_a_list_of_such_lines():
    """Protects "What does the n filter do?" and "What does the trim filter do?": the reader abstained over
    passages holding the list."""

    def does(question: str, text: str = FILTERS) -> str | None:
        said = described_on(listed_option, text, "filtering", question)
        return None if said is None else said[0]

    assert does("What does the n filter do?") == (
        "disable all default filtering; only filters specified in the local expression tag will be applied"
    )
    assert does("What does the trim filter do?") == "whitespace trimming, provided by string.strip()"
    assert does("What does the h filter do?") == "HTML escaping, provided by markupsafe.escape(string)"
    assert does("What does the h filter do?", FILTERS[FILTERS.index("To apply") :]) is None  # a line of no list
    assert does("When was the trim filter added?") is None  # asks no definition


# GNU Diffutils 3.8's manual (GFDL), Invoking-diff.html and Invoking-patch.html as rag reads them: Texinfo lists each
# option's names on lines of their own over its description, which closes with a cross-reference.
DIFF_OPTIONS = (
    "-C lines\n--context[=lines]\nUse the context output format, showing lines (an integer) lines of context, or "
    "three if lines is not given. See Context Format.\n\n-q\n--brief\nReport only whether the files differ, not the "
    "details of the differences. See Summarizing Which Files Differ.\n\n-r\n--recursive\nWhen comparing directories, "
    "recursively compare any subdirectories found. See Comparing Directories.\n"
)
PATCH_OPTIONS = "-c\n--context\nInterpret the patch file as a context diff. See Selecting the patch Input Format.\n"


def test_an_option_over_its_other_names_on_lines_of_their_own_is_described_below_them():
    """Protects "What does the -q option of diff do?" on GNU diff's manual: the reader had answered "selects this
    output format" from "The --brief (-q) option selects this output format." elsewhere."""

    def does(question: str) -> tuple[str, str] | None:
        return described_on(listed_option, DIFF_OPTIONS, "Invoking-diff", question)

    assert does("What does the -q option of diff do?") == (
        "Report only whether the files differ, not the details of the differences",  # not its "See …"
        "-q\n--brief\nReport only whether the files differ, not the details of the differences. See Summarizing "
        "Which Files Differ.",
    )
    assert does("What does --brief do?")[0] == does("What does the -q option of diff do?")[0]  # the name below
    assert does("What does the -C option do?")[0].startswith("Use the context output format")  # its argument aside
    assert does("What does --context do?")[0].startswith("Use the context output format")  # "[=lines]" aside
    assert does("What does the -l option do?") is None


def test_of_the_pages_listing_an_option_the_one_whose_title_the_question_names_is_read_from_a_deeper_search():
    """Protects "What does the --context option of diff do?": patch's list, 36th by fused rank, was read and
    answered, diff's own was none of the best 50. The deeper search is made when no page read is the one named."""
    from records import doc, hit

    from rag.answer.listed import listed_passage

    diff = doc(DIFF_OPTIONS, "Invoking-diff", suffix=".html").model_copy(update={"title": "Invoking diff"})
    patch = doc(PATCH_OPTIONS, "Invoking-patch", suffix=".html").model_copy(update={"title": "Invoking patch"})
    prose = doc("The context output format shows several lines of context.", "Output-Formats", suffix=".html")
    read, theirs, own = hit(prose), hit(patch, rank=36), hit(diff, rank=42)
    question = "What does the --context option of diff do?"
    assert listed_passage(question, [read], [theirs], lambda: [read, theirs, own]) == [own]
    assert listed_passage(question, [read], [theirs], None) == [theirs]  # no deeper search: the one there is
    patched = "What does the --context option of patch do?"
    assert listed_passage(patched, [read], [theirs], lambda: [read, theirs, own]) == [theirs]  # named, held
    said = listed_option(question, [(hit(patch), patch), (hit(diff, rank=2), diff)])
    assert said is not None and said.doc.id == "Invoking-diff"  # of two lists read, the page named
