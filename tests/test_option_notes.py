"""A term line as Vim's help writes an option: the name quoted, its aliases and type beside it, notes below it
("global", "local to buffer"), then the description indented under it. Text: Vim 9.0's options.txt (Vim's licence,
charityware: copies of it may be distributed freely), four entries as the file writes them, tabs and all."""

from __future__ import annotations

from rag.answer.calls import called_names
from rag.answer.defaults import term_line_default
from rag.answer.notes import description_start
from rag.answer.terms import bare_name, term_line, unknown_words

OPTIONS = (
    "\t\t\t*'ignorecase'* *'ic'* *'noignorecase'* *'noic'*\n"
    "'ignorecase' 'ic'\tboolean\t(default off)\n"
    "\t\t\tglobal\n"
    "\tIgnore case in search patterns.  Also used when searching in the tags\n"
    "\tfile.\n"
    "\tAlso see 'smartcase' and 'tagcase'.\n"
    '\tCan be overruled by using "\\c" or "\\C" in the pattern, see\n'
    "\t|/ignorecase|.\n"
    "\n"
    "\t\t\t*'smartcase'* *'scs'* *'nosmartcase'* *'noscs'*\n"
    "'smartcase' 'scs'\tboolean\t(default off)\n"
    "\t\t\tglobal\n"
    "\tOverride the 'ignorecase' option if the search pattern contains upper\n"
    "\tcase characters.  Only used when the search pattern is typed and\n"
    '\t\'ignorecase\' option is on.  Used for the commands "/", "?", "n", "N",\n'
    '\t":g" and ":s".  Not used for "*", "#", "gd", tag search, etc.  After\n'
    '\t"*" and "#" you can make \'smartcase\' used by doing a "/" command,\n'
    "\trecalling the search pattern from history and hitting <Enter>.\n"
    "\tNOTE: This option is reset when 'compatible' is set.\n"
    "\n"
    "\t\t\t\t\t\t*'textwidth'* *'tw'*\n"
    "'textwidth' 'tw'\tnumber\t(default 0)\n"
    "\t\t\tlocal to buffer\n"
    "\tMaximum width of text that is being inserted.  A longer line will be\n"
    "\tbroken after white space to get this width.  A zero value disables\n"
    "\tthis.\n"
    "\t'textwidth' is set to 0 when the 'paste' option is set and restored\n"
    "\twhen 'paste' is reset.\n"
    "\tWhen 'textwidth' is zero, 'wrapmargin' may be used.  See also\n"
    "\t'formatoptions' and |ins-textwidth|.\n"
    "\tWhen 'formatexpr' is set it will be used to break the line.\n"
    "\tNOTE: This option is set to 0 when 'compatible' is set.\n"
    "\n"
    "\t\t\t\t\t\t*'wrapmargin'* *'wm'*\n"
    "'wrapmargin' 'wm'\tnumber\t(default 0)\n"
    "\t\t\tlocal to buffer\n"
    "\tNumber of characters from the right window border where wrapping\n"
    "\tstarts.  When typing text beyond this limit, an <EOL> will be inserted\n"
    "\tand inserting continues on the next line.\n"
    "\tOptions that add a margin, such as 'number' and 'foldcolumn', cause\n"
    "\tthe text width to be further reduced.  This is Vi compatible.\n"
    "\tWhen 'textwidth' is non-zero, this option is not used.\n"
    "\tThis option is set to 0 when 'paste' is set and restored when 'paste'\n"
    "\tis reset.\n"
    "\tSee also 'formatoptions' and |ins-textwidth|.\n"
)


def _line_end(text: str, fragment: str) -> int:
    return text.index("\n", text.index(fragment))


def test_a_quoted_name_with_its_aliases_and_type_is_the_terms_own_line():
    line = "'textwidth' 'tw'\tnumber\t(default 0)"
    assert term_line({"textwidth"}).search(line) and term_line({"ignorecase"}).search(OPTIONS)
    assert bare_name(line) == "textwidth" and bare_name("'ignorecase' 'ic'\tboolean\t(default off)") == "ignorecase"
    assert not term_line({"textwidth"}).search("'textwidth' is set to 0 when the 'paste' option is set")
    assert not term_line({"paste"}).search(OPTIONS)  # named inside prose only
    assert bare_name("'textwidth' is set to 0") is None


def test_a_question_may_quote_the_name_it_calls_a_term():
    assert called_names("What does the 'ignorecase' option do?") == {"ignorecase"}
    assert called_names("What does the option “smartcase” do?") == {"smartcase"}
    assert called_names("What does the ignorecase option do?") == {"ignorecase"}


def test_a_quoted_word_is_a_name_however_common():
    """Vim names options with plain words ('list', 'number', 'report'): quoted, the question names the option."""
    known = frozenset({"what", "does", "the", "list", "option", "do", "default", "number", "mean"})
    assert unknown_words("What does the 'list' option do?", known) == {"list"}
    assert unknown_words("What does the “number” option do?", known) == {"number"}
    assert unknown_words("What does the list option do?", known) == set()  # unquoted, a common word
    assert unknown_words("What is the copy task's default?", known) == {"copy", "task"}  # no quote: an apostrophe


def test_the_description_starts_past_the_notes_indented_under_the_term_line():
    start = description_start(OPTIONS, _line_end(OPTIONS, "'textwidth' 'tw'"))
    assert start is not None and OPTIONS[start:].startswith("Maximum width of text that is being inserted.")
    start = description_start(OPTIONS, _line_end(OPTIONS, "'ignorecase' 'ic'"))
    assert start is not None and OPTIONS[start:].startswith("Ignore case in search patterns.")


def test_the_description_of_other_layouts_is_where_it_was():
    flush = "work_mem (integer)\nSets the base maximum amount of memory.\n"
    assert description_start(flush, flush.index("\n")) == flush.index("Sets")
    hanging = "       --posix\n              Conform to POSIX.\n"  # a manual page's hanging indent
    assert description_start(hanging, hanging.index("\n")) == hanging.index("Conform")
    short = "   --foo\n          Does foo things\n\n   --bar\n"  # a short description is no note
    assert description_start(short, short.index("\n")) == short.index("Does")
    assert description_start("  --foo\n  --bar\n", 7) is None  # not indented under it: the next term
    assert description_start("x()\n\nWhat x does.", 3) is None  # a blank line first
    assert description_start("x()", 3) is None


def test_a_default_question_answered_with_the_term_lines_name_is_answered_with_its_default():
    """The reader's span "textwidth' 'tw' number" on the term line that states "(default 0)": the answer is "0"."""
    line = OPTIONS.index("'textwidth' 'tw'")
    d = term_line_default(OPTIONS, line + 1, line + 23, 0, len(OPTIONS))
    assert d is not None and OPTIONS[d.start : d.end] == "0"
    assert OPTIONS[d.line : d.line_end] == "'textwidth' 'tw'\tnumber\t(default 0)"
    value = OPTIONS.index("0)", line)
    assert term_line_default(OPTIONS, value, value + 1, 0, len(OPTIONS)) is None  # the reader's span is the value
    prose = OPTIONS.index("'textwidth' is set to 0")  # in the description below the term line: its default too
    d = term_line_default(OPTIONS, prose, prose + 11, 0, len(OPTIONS))
    assert d is not None and OPTIONS[d.line : d.line_end] == "'textwidth' 'tw'\tnumber\t(default 0)"
    said = "It is set to 0 when 'paste' is set."
    assert term_line_default(said, 0, 11, 0, len(said)) is None  # no term line, no default stated


def test_ask_answers_what_an_option_does_and_its_default_from_its_entry(tmp_path, embedder, write_files):
    """Through `Index.ask`: before, "What does the 'ignorecase' option do?" was answered from smartcase's entry,
    which names it ("on" over the whole options.txt, "global …" over these four entries), and "What is the default
    of textwidth?" with the name on textwidth's own line over the whole file."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"options.txt": OPTIONS})])
    does = index.ask("What does the 'ignorecase' option do?", threshold=0.0)
    assert does.text == "Ignore case in search patterns.", [q.text for q in does.quotes]
    assert does.quotes[0].text.startswith("'ignorecase' 'ic'")
    default = index.ask("What is the default of textwidth?", threshold=0.0)
    assert default.text == "0", [q.text for q in default.quotes]
    assert index.document("options.txt").text[default.span.start : default.span.end] == "0"
    assert index.document("options.txt").text[default.span.start - 9 : default.span.end] == "(default 0"
    smart = index.ask("What does 'smartcase' do?", threshold=0.0)
    assert smart.text.startswith("Override the 'ignorecase' option if the search pattern contains upper")
