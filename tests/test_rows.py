"""A table's row keyed by a term a question names answers it: its description, its default, the cell asked for."""

from __future__ import annotations

from records import CLICK_OPTION, doc, hit, idf_share, table_page

from rag.answer.headed import headed_answer
from rag.answer.rows import (
    PARAMETER_REACH,
    answering_row,
    inline_rows,
    keyed_rows,
    parameter_rows,
    row_cells,
    signed_rows,
    title_share,
)

# Apache Ant 1.10's manual, Tasks/copy.html and Tasks/javac.html (Apache License 2.0), as rag reads them.
COPY = (
    "Copy\n\nDescription\n\nCopies a file or resource collection to a new file or directory.\n\nParameters\n\n"
    "Attribute: todir | Description: The directory to copy to.\n"
    "Attribute: overwrite | Description: Overwrite existing files even if the destination files are newer. | "
    "Required: No; defaults to false\n"
    "Attribute: granularity | Description: The number of milliseconds leeway to give before deciding a file is out "
    "of date. This is needed because not every file system supports tracking the last modified time to the "
    "millisecond level. since Ant 1.6.2. | Required: No; default is 1 second, or 2 seconds on DOS systems\n"
)
SYNC = (
    "Sync\n\nDescription\n\nSynchronize a target directory from the files defined in one or more resource "
    "collections.\n\nAttribute: granularity | Description: The number of milliseconds leeway to give before deciding "
    "a file is out of date. | Required: No; default is 0 milliseconds, or 2 seconds on DOS systems.\n"
)
JAVAC = (
    "Javac\n\nDescription\n\nCompiles a Java source tree.\n\nParameters\n\n"
    "Attribute: srcdir | Description: Location of the java files. | Required: Yes, unless nested <src> elements "
    "are present\n"
    "Attribute: memoryMaximumSize | Description: The maximum size of the memory for the underlying JVM, if javac is "
    "run externally; ignored otherwise. (Examples: 83886080, 81920k, or 80m) | Required: No; defaults to the "
    "standard JVM memory setting, ignored if fork is no\n"
)


def answer(question: str, text: str, names: frozenset[str]) -> str | None:
    said = answering_row(question, text, 0, len(text), names)
    return None if said is None else text[said[0] : said[1]]


def test_a_rows_cells_are_its_labels_and_values():
    line = "Attribute: overwrite | Description: Overwrite existing files. | Required: No; defaults to false"
    cells = row_cells(line, 0, len(line))
    assert [(c.label, line[c.start : c.end]) for c in cells] == [
        ("Attribute", "overwrite"),
        ("Description", "Overwrite existing files."),
        ("Required", "No; defaults to false"),
    ]
    bare = "-l, --list | List all available databases, then exit."  # a table without a header row
    assert [(c.label, bare[c.start : c.end]) for c in row_cells(bare, 0, len(bare))][0] == ("", "-l, --list")
    assert row_cells("Attribute: overwrite", 0, 20) == []  # one cell: no row
    lower = "key following Alt-SysRq: u | description of action: remount all filesystems read-only (umount)"
    assert [c.label for c in row_cells(lower, 0, len(lower))] == ["key following Alt-SysRq", "description of action"]


def test_what_a_row_keyed_by_the_term_says_answers_what_it_does_its_default_and_the_cell_asked_for():
    names = frozenset({"overwrite"})
    said = "Overwrite existing files even if the destination files are newer."
    assert answer("What does the overwrite attribute do?", COPY, names) == said
    assert answer("What is the default value of the overwrite attribute?", COPY, names) == "false"
    assert answer("What is the default granularity?", COPY, frozenset({"granularity"})) == "1 second"
    assert answer("Is the srcdir attribute required?", JAVAC, frozenset({"srcdir"})).startswith("Yes, unless")
    first = "The maximum size of the memory for the underlying JVM, if javac is run externally; ignored otherwise."
    assert answer("What does memoryMaximumSize set?", JAVAC, frozenset({"memorymaximumsize"})) == first
    assert answer("What does overwrite return?", COPY, names) is None  # no cell says what it returns
    assert answer("Who added the overwrite attribute?", COPY, names) is None  # no cell's label is asked for
    assert answer("What does the todir attribute do?", COPY, frozenset({"copy"})) is None  # a row keys "todir"


def test_a_key_cell_may_name_its_term_among_aliases_and_a_row_may_run_past_the_passage():
    text = "Option | Meaning\n-l, --list | List all available databases, then exit.\n"
    assert [text[a:b] for a, b, _ in keyed_rows(text, 0, len(text), frozenset({"--list"}))] == [text[17:-1]]
    cut = COPY.index("This is needed")  # a passage ending inside the granularity row still reads the row whole
    assert answering_row("What is the default granularity?", COPY, 0, cut, frozenset({"granularity"})) is not None
    assert list(keyed_rows(COPY, 0, 10, frozenset({"granularity"}))) == []  # the passage does not name it


def test_a_row_keyed_by_an_attribute_answers_before_the_entry_of_the_task_that_has_it():
    """ "What does the memoryMaximumSize attribute of javac set?" had been answered "Compiles a Java source
    tree.", javac's description: the question names javac too, whose page heads its entry apart."""
    d = doc(JAVAC, suffix=".html")
    known = frozenset("what does the attribute of set".split())
    said = headed_answer("What does the memoryMaximumSize attribute of javac set?", [(hit(d), d)], known)
    assert said is not None and JAVAC[said.start : said.end].startswith("The maximum size of the memory")
    assert JAVAC[said.quote_start : said.quote_end].startswith("Attribute: memoryMaximumSize | Description:")
    said = headed_answer("What does javac do?", [(hit(d), d)], known)  # its own entry's description
    assert said is not None and JAVAC[said.start : said.end] == "Compiles a Java source tree."


def test_the_row_on_the_page_the_question_names_answers():
    copy = doc(COPY, id="copy", suffix=".html").model_copy(update={"title": "Copy Task"})
    sync = doc(SYNC, id="sync", suffix=".html").model_copy(update={"title": "Sync Task"})
    assert title_share("What is the default granularity of the copy task?", "Copy Task") == 1.0
    known = frozenset("what is the default of copy task".split())
    question = "What is the default granularity of the copy task?"
    said = headed_answer(question, [(hit(sync), sync), (hit(copy, rank=2), copy)], known)
    assert said is not None and (said.doc.id, COPY[said.start : said.end]) == ("copy", "1 second")


def test_the_row_on_the_page_the_question_names_is_read_when_retrieval_ranked_it_below():
    import numpy as np

    from rag.answer.lookup import with_entry
    from rag.retrieve.sparse import SparseIndex

    copy = doc(COPY, id="copy", suffix=".html").model_copy(update={"title": "Copy Task"})
    sync = doc(SYNC, id="sync", suffix=".html").model_copy(update={"title": "Sync Task"})
    intro = hit(copy, 0, COPY.index("Parameters"))
    rows, other = hit(copy, COPY.index("Parameters"), rank=3), hit(sync, rank=2)
    sparse = SparseIndex.from_texts([COPY, SYNC] + ["Ant builds Java programs."] * 18, np.arange(20))
    docs = {"copy": copy, "sync": sync}

    def docs_of(hits):
        return {h.doc_id: docs[h.doc_id] for h in hits}

    known = frozenset("what is the default of copy task".split())  # "granularity" is no word the reader knows
    question = "What is the default granularity of the copy task?"
    assert with_entry(question, [intro, other], [rows], docs_of, sparse, known) == [intro, other, rows]
    assert with_entry(question, [rows, other], [intro], docs_of, sparse, known) == [rows, other]


def test_ask_answers_with_the_description_cell_of_the_attributes_row(tmp_path, embedder, write_files):
    from rag.index import Index

    page = (
        "<html><head><title>Copy Task</title></head><body><h2>Copy</h2><h3>Description</h3>"
        "<p>Copies a file or resource collection to a new file or directory.</p><h3>Parameters</h3>"
        '<table class="attr"><tr><th>Attribute</th><th>Description</th><th>Required</th></tr>'
        "<tr><td>file</td><td>The file to copy.</td><td>Yes, unless a nested resource collection element is used"
        "</td></tr><tr><td>overwrite</td><td>Overwrite existing files even if the destination files are newer."
        "</td><td>No; defaults to false</td></tr><tr><td>flatten</td><td>Ignore the directory structure of the "
        "source files, and copy all files into the directory specified by the todir attribute.</td>"
        "<td>No; defaults to false</td></tr></table></body></html>"
    )
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"copy.html": page})])
    ans = index.ask("What does the copy task's overwrite attribute do?", threshold=0.0)
    assert ans.text == "Overwrite existing files even if the destination files are newer."
    assert ans.quotes[0].text.startswith("Attribute: overwrite | Description: Overwrite")
    assert index.document(ans.span.doc_id).text[ans.span.start : ans.span.end] == ans.text
    assert index.ask("What is the default of the flatten attribute?", threshold=0.0).text == "false"


# Ant's manual, as idf sees it: "attribute", "task", "sets", "where" and "file" are common words in it.
ANT_BACKGROUND = [f"The task{i} task sets where its attribute points: a file or directory {i}." for i in range(30)]


def ant_overlap(question: str):
    return idf_share(question, [COPY, JAVAC, SYNC] + ANT_BACKGROUND)


def test_a_question_asking_for_an_attribute_by_what_it_does_is_answered_by_the_rows_key():
    """ "Which attribute of the javac task …?" names javac, whose row in Ant's tasks overview held every candidate
    of the reader ("fork", of "… in another JVM if the fork attribute is specified."); javac's attribute table
    holds the row in the question's words, in a passage the reader's candidates do not come from."""
    from rag.answer.candidates import Candidate
    from rag.answer.worded import worded_entry

    overview = doc(
        "Task Name: Javac | Description: Compiles the specified source file(s) within the running (Ant) JVM, or in "
        "another JVM if the fork attribute is specified.",
        id="overview",
        suffix=".html",
    )
    javac = doc(JAVAC.replace("Attribute: srcdir", "Attribute: destdir | Description: Location to store the class "
                              "files. | Required: No\nAttribute: srcdir"), id="javac", suffix=".html")  # fmt: skip
    javac = javac.model_copy(update={"title": "Javac Task"})
    at = overview.text.index("fork")
    fork = Candidate(hit(overview), overview, at, at + 4, 5.0, 0.0, 0, len(overview.text), 0.5)
    read = [(hit(overview), overview), (hit(javac, rank=2), javac)]
    question = "Which attribute of the javac task sets where to store the class files?"
    got = worded_entry(question, [fork], 0, fork, ant_overlap(question), read)
    assert got is not None and (got.doc.id, got.text) == ("javac", "destdir")
    assert javac.text[got.quote_start : got.quote_end] == (
        "Attribute: destdir | Description: Location to store the class files. | Required: No"
    )
    assert worded_entry(question, [fork], 0, fork, ant_overlap(question)) is None  # the row's passage not read
    function = "Which function sets where to store the class files?"  # a row keys an attribute, not a function
    assert worded_entry(function, [fork], 0, fork, ant_overlap(function), read) is None


def test_a_table_without_its_columns_names_keys_no_kind():
    from rag.answer.rows import keys_kind

    line = "ps | Pointer to user-supplied AVFormatContext (allocated by avformat_alloc_context)."  # FFmpeg's
    assert not keys_kind(row_cells(line, 0, len(line)), frozenset({"function"}))
    line = "Attribute: destdir | Description: Location to store the class files."
    assert keys_kind(row_cells(line, 0, len(line)), frozenset({"attribute"}))
    assert not keys_kind(row_cells(line, 0, len(line)), frozenset({"option"}))


def test_the_row_in_the_questions_words_is_read_when_retrieval_ranked_it_below():
    import numpy as np

    from rag.answer.lookup import with_entry
    from rag.retrieve.sparse import SparseIndex

    overview = doc("Task Name: Javac | Description: Compiles the specified source file(s).", id="o", suffix=".html")
    rows = "Attribute: destdir | Description: Location to store the class files. | Required: No\n"
    javac = doc(JAVAC + rows, id="javac", suffix=".html").model_copy(update={"title": "Javac Task"})
    table = hit(javac, JAVAC.index("Parameters"), rank=2)
    texts = [COPY, javac.text, overview.text] + ANT_BACKGROUND
    sparse = SparseIndex.from_texts(texts, np.arange(len(texts)))
    docs = {"o": overview, "javac": javac}

    def docs_of(hits):
        return {h.doc_id: docs[h.doc_id] for h in hits}

    known = frozenset("which attribute of the task sets where to store class files".split())
    question = "Which attribute of the javac task sets where to store the class files?"
    assert with_entry(question, [hit(overview)], [table], docs_of, sparse, known) == [hit(overview), table]
    other = "Which attribute of the javac task names the compiler's vendor?"  # no row in its words
    assert with_entry(other, [hit(overview)], [table], docs_of, sparse, known) == [hit(overview)]


def test_a_term_asked_for_in_a_table_is_its_rows_whole_key():
    """Python 3.11's string.html and datetime.html (PSF licence), as rag reads them: the reader marked "^'" of the
    key, and "ISO 8601 week" of the meaning; the key column names the kind asked for, so the key answers."""
    from rag.answer.rows import key_cell

    text = (
        "Option | Meaning\nOption: '^' | Meaning: Forces the field to be centered within the available space.\n"
        "Directive: %V | Meaning: ISO 8601 week as a decimal number with Monday as the first day of the week.\n"
        "Directive: %G | Meaning: ISO 8601 year, see also --iso.\n"
    )

    def key(question: str, span: str) -> str | None:
        at = text.index(span)
        got = key_cell(question, text, at, at + len(span))
        return None if got is None else text[got[0] : got[1]]

    assert key("Which option centers the field?", "^'") == "'^'"
    assert key("Which directive gives the ISO 8601 week?", "ISO 8601 week") == "%V"
    assert key("Which option gives the ISO 8601 week?", "ISO 8601 week") is None  # the column keys directives
    assert key("What is the ISO 8601 week?", "ISO 8601 week") is None  # asks for no term
    assert key("Which directive gives the ISO year?", "--iso") is None  # the span names a term itself
    assert key("Which directive is it?", "Option | Meaning") is None  # a header row, no key of a kind


def test_a_span_in_a_cell_whose_column_names_the_kind_asked_is_the_whole_cell():
    """Debian Reference 2.100's chapter 3 (GPL 2+), as rag reads it: the reader marked "systemctl" of the command
    cell for "Which command shows the default target setting of systemd?"; the answer is the cell, its quotes off."""
    from rag.answer.rows import key_cell

    text = (
        'Operation: Get default-target setting | Command snippets: "systemctl get-default"\n'
        'Operation: Set default-target to "graphical" (GUI system) | Command snippets: "systemctl set-default graphical"\n'
    )
    at = text.index("systemctl")
    got = key_cell("Which command shows the default target setting of systemd?", text, at, at + len("systemctl"))
    assert got is not None and text[got[0] : got[1]] == "systemctl get-default"
    assert key_cell("What shows the default target setting?", text, at, at + 9) is None  # asks for no term
    at = text.index("Get default")  # a span in the operation's cell: that column names no kind asked
    assert key_cell("Which command shows the default target setting?", text, at, at + 11) is None


def test_a_column_named_by_the_questions_noun_answers_a_which_question():
    """Debian Reference 2.100's Table 9.4 (GPL 2+): its key column is "package", no term's kind; "Which package is a
    log analyzer written in Perl?" was answered "fail2ban" of the row below logwatch's. The row in the question's
    words answers, its key the answer."""
    from rag.answer.candidates import Candidate
    from rag.answer.rows import table_kinds
    from rag.answer.worded import worded_entry

    rows = [("logwatch", "V:14, I:16", "2328", "log analyzer with nice output written in Perl"),
            ("fail2ban", "V:111, I:125", "2127", "ban IPs that cause multiple authentication errors"),
            ("analog", "V:3, I:100", "3739", "web server log analyzer")]  # fmt: skip
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    head = "<tr><th>package</th><th>popcon</th><th>size</th><th>description</th></tr>"
    d, h, at = table_page(f"<table><thead>{head}</thead><tbody>{body}</tbody></table>", "ch09.html")
    line = at["package: fail2ban"]
    reader = Candidate(h, d, line[0] + 9, line[0] + 17, 5.0, 0.0, line[0], line[1], 0.5)
    question = "Which package is a log analyzer written in Perl?"
    assert "package" in table_kinds(question)
    texts = [d.text[a:b] for a, b in at.values()] + [f"The package {i} is in the archive." for i in range(20)]
    share = idf_share(question, texts)
    got = worded_entry(question, [reader], 0, reader, share, [(h, d)])
    assert got is not None and got.text == "logwatch"
    asked = "What is the size of fail2ban?"  # asks for no column by its name
    assert worded_entry(asked, [reader], 0, reader, idf_share(asked, texts), [(h, d)]) is None


# Python 3.11's string.html (PSF licence): a doctest whose traceback ends in "KeyError: 'what'", and
# exceptions.html's entry of KeyError.
SESSION = (
    ">>> d = dict(who='tim')\n>>> Template('$who likes $what').substitute(d)\nTraceback (most recent call last):\n"
    "...\nKeyError: 'what'\n\nKeyError: raised when a mapping (dictionary) key is not found.\n"
)


def test_an_interactive_session_s_output_line_is_no_inline_entry():
    """Protects "What is KeyError?" over Python's manual: "'what'" of the traceback had answered, with full
    confidence, as if "KeyError: 'what'" were the entry of KeyError."""
    rows = [SESSION[a:b] for a, b, _ in inline_rows(SESSION, 0, len(SESSION), frozenset({"keyerror"}))]
    assert rows == ["KeyError: raised when a mapping (dictionary) key is not found."]


# Requests 2.28's api.html (Apache-2.0) and Python 3.11's argparse.html (PSF licence): parameters listed under a
# "Parameters" label, or under the signature naming them, each after its name and a dash.
PARAMETERS = (
    "requests.request(method, url, **kwargs)\nConstructs and sends a Request.\n\nParameters\n\n"
    "timeout (float or tuple) – (optional) How many seconds to wait for the server to send data before giving up.\n\n"
    "proxies – (optional) Dictionary mapping protocol to the URL of the proxy.\n\n"
    "class argparse.ArgumentParser(prog=None, conflict_handler='error', allow_abbrev=True)\nCreate a new "
    "ArgumentParser object.\n\nconflict_handler - The strategy for resolving conflicting optionals (usually "
    "unnecessary)\n\nNote - this is prose, not a parameter.\n"
)


def test_a_parameter_s_line_under_its_list_s_label_or_its_signature_is_a_row_of_its_name_and_description():
    """Protects "Which argparse parameter sets the strategy for resolving conflicting optionals?" and "Which
    parameter is a dictionary mapping protocol to the URL of the proxy?": the parameter's line is worded as a
    table's row is, its name the "Parameter argument" column's."""
    rows = [
        (PARAMETERS[c[0].start : c[0].end], c[0].label) for _, _, c in parameter_rows(PARAMETERS, 0, len(PARAMETERS))
    ]
    names = [name for name, _ in rows]
    assert names == ["timeout", "proxies", "conflict_handler"]  # not "Note": no parameter of a signature or a list
    assert {label for _, label in rows} == {"Parameter argument"}


def test_a_parameter_s_line_answers_what_the_parameter_of_a_named_callable_does():
    """Protects "What does require_same_type do in cmp_using?" over attrs' api.html, answered with cmp_using's own
    description: its parameter's line is a row keyed by the parameter, though no dash follows the name at once."""
    text = (
        "attrs.cmp_using(eq=None, require_same_type=True, class_name='Comparable')\nCreate a class.\n\nParameters\n\n"
        "eq (Optional[callable]) – callable used to evaluate equality of two objects.\n\nrequire_same_type (bool) – "
        "When True, equality and ordering methods will return NotImplemented if objects are not of the same type."
    )
    names = frozenset({"require_same_type", "cmp_using"})
    a, b, line, _ = answering_row("What does require_same_type do in cmp_using?", text, 0, len(text), names)
    assert text[a:b].startswith("When True, equality and ordering methods") and text[line:].startswith("require_same")
    assert answering_row("What does require_same_type return?", text, 0, len(text), names) is None


def test_a_later_sentence_of_the_description_answers_when_it_has_more_of_the_question_s_words():
    """Protects "What does a timeout of 0 indicate?" over cachelib's base.html: the parameter's line's first sentence
    says what the timeout is; the one after it, what a timeout of 0 indicates."""
    text = (
        "set(key, value, timeout=None)\nAdd a new key/value to the cache.\n\nParameters\n\ntimeout (Optional[int]) – "
        "the cache timeout for the key in seconds. A timeout of 0 indicates that the cache never expires."
    )
    names = frozenset({"timeout"})
    a, b, _, _ = answering_row("What does a timeout of 0 indicate?", text, 0, len(text), names)
    assert text[a:b] == "A timeout of 0 indicates that the cache never expires."
    a, b, _, _ = answering_row("What does the timeout parameter do?", text, 0, len(text), names)
    assert text[a:b] == "the cache timeout for the key in seconds."  # the first, none having more of its words
    # Ant's Tasks/java.html: a later sentence with more of the question's words ("attributes") but not the key's
    spawn = (
        "Attribute: spawn | Description: if enabled allows to start a process which will outlive Ant. Requires that "
        "fork is true, and not compatible with timeout, input, output, error, result attributes. | Required: No"
    )
    a, b, _, _ = answering_row(
        "What does the spawn attribute of the java task do?", spawn, 0, len(spawn), frozenset({"spawn"})
    )
    assert spawn[a:b] == "if enabled allows to start a process which will outlive Ant."


def test_a_parameter_s_line_past_the_passage_answers_below_a_signature_in_it_not_below_the_next():
    """Protects "What does the factory argument of attr.ib do?" over attrs' api.html, answered with attr.ib's own
    description: its parameters' lines came after the passage's end, which held the signature naming factory."""
    text = (
        "attr.ib(default=None, validator=None, factory=None)\nCreate a new attribute on a class.\n\nParameters\n\n"
        "default (Any value) – A value that is used if an attrs-generated __init__ is used.\n\n"
        "factory (callable) – Syntactic sugar for default=attr.Factory(factory).\n\n"
        "attrs.field(default=None, factory=None)\nIdentical to attr.ib.\n\nParameters\n\n"
        "factory (callable) – A callable of no arguments making the default."
    )
    cut = text.index("default (Any")  # the passage ends above the parameters' lines
    names = frozenset({"attr.ib", "factory"})
    a, b, _, _ = answering_row("What does the factory argument of attr.ib do?", text, 0, cut, names)
    assert text[a:b] == "Syntactic sugar for default=attr.Factory(factory)."
    assert list(signed_rows(text, 0, cut, frozenset({"validator"}))) != []  # named: the lines below are read
    assert list(signed_rows(text, 0, cut, frozenset({"converter"}))) == []  # a parameter no signature in it names
    rows = [text[r[2][0].start : r[2][1].end] for r in signed_rows(text, 0, cut, frozenset({"factory"}))]
    assert rows[-1].startswith("factory (callable) – Syntactic sugar")  # not attrs.field's, below the next signature


def test_a_parameter_far_down_a_long_list_is_a_row_of_it():
    """Protects "What does the count parameter of an option do?" on Click's API page: click.Option's tenth
    parameter is 1,632 characters below its "Parameters" label, past the reach searched above a parameter's line;
    the list's items and blank lines above it lead to the label. Prose between them is no list."""
    names = [CLICK_OPTION[c[0].start : c[0].end] for _, _, c in parameter_rows(CLICK_OPTION, 0, len(CLICK_OPTION))]
    assert {"count", "hidden", "show_default"} <= set(names)
    assert CLICK_OPTION.index("count (bool)") - CLICK_OPTION.index("Parameters\n") > PARAMETER_REACH
    broken = CLICK_OPTION.replace("help (Optional[str])", "The help string, if any, follows.\n\nhelp (Optional[str])")
    names = [broken[c[0].start : c[0].end] for _, _, c in parameter_rows(broken, 0, len(broken))]
    assert "count" in names and "hidden" not in names  # prose parts the list from its label
    question = "What does the count parameter of an option do?"
    said = answering_row(question, CLICK_OPTION, 0, len(CLICK_OPTION), frozenset({"count"}), parameters=True)
    assert said is not None and CLICK_OPTION[said[0] : said[1]] == "this flag makes an option increment an integer."


def test_an_attributes_type_annotation_is_no_description_of_it():
    """Protects "What does resilient_parsing do?" on Click's API page: Sphinx writes the attribute
    "resilient_parsing: bool" over its description, and the line was read as a row whose description was "bool",
    the answer at 1.0. The annotated line is the attribute's term line; "name: words" is still a row."""
    text = (
        "resilient_parsing: bool\nIndicates if resilient parsing is enabled. In that case Click will do its best "
        "to not cause any failures and default values will be ignored. Useful for completion."
    )
    names = frozenset({"resilient_parsing"})
    assert list(inline_rows(text, 0, len(text), names)) == []
    assert list(inline_rows("resilient_parsing: the flag's state", 0, 35, names)) != []
    said = headed_answer("What does resilient_parsing do?", [(hit(doc(text, suffix=".html")), doc(text))], set())
    assert said is not None and text[said.start : said.end] == "Indicates if resilient parsing is enabled."


# Pacemaker 2.1's Pacemaker Explained (CC BY-SA 4.0) as rag reads its cluster options table, one row a line.
CLUSTER_OPTIONS = (
    "Option | Default | Description\n"
    "Option: maintenance-mode | Default: false | Description: Whether the cluster should refrain from monitoring, "
    "starting and stopping resources\n"
    "Option: placement-strategy | Default: default | Description: How the cluster should allocate resources to nodes. "
    "Allowed values are default, utilization, balanced, and minimal.\n"
)


def test_a_row_s_default_cell_answers_its_default():
    """Protects "What is the default placement-strategy?": the row's "Default" cell had been read from past its label,
    stating no default, and the reader answered "utilization" of the prose."""
    names = frozenset({"placement-strategy"})
    assert answer("What is the default placement-strategy?", CLUSTER_OPTIONS, names) == "default"
    assert answer("What is the default maintenance-mode?", CLUSTER_OPTIONS, frozenset({"maintenance-mode"})) == "false"


def test_a_later_sentence_of_the_description_holding_the_value_asked_about_answers_what_it_means():
    """Protects "What does a migration-limit of -1 mean?", answered with the description's first sentence."""
    row = (
        "Option: migration-limit | Default: -1 | Description: The number of live migration actions that the cluster "
        "is allowed to execute in parallel on a node. A value of -1 means unlimited.\n"
    )
    names = frozenset({"migration-limit"})
    assert answer("What does a migration-limit of -1 mean?", row, names) == "A value of -1 means unlimited."
    assert answer("What does a migration-limit of 5 mean?", row, names).startswith("The number of live")


def test_a_row_of_a_name_only_configuration_spells_so_is_read_whatever_its_page_s_title():
    """Protects "What does maintenance-mode do?" and "What is the default placement-strategy?" on Pacemaker Explained,
    whose title the questions do not name: their rows were never read. A plain word's row still needs its page named
    (`test_the_row_on_the_page_the_question_names_answers`)."""
    import numpy as np

    from rag.answer.lookup import with_entry
    from rag.retrieve.sparse import SparseIndex

    prose = doc("If maintenance is set as a transient attribute, it will be erased.", id="prose", suffix=".html")
    table = doc(CLUSTER_OPTIONS, id="explained", suffix=".html").model_copy(update={"title": "Pacemaker Explained"})
    read, rows = hit(prose, rank=1), hit(table, rank=6)
    sparse = SparseIndex.from_texts([prose.text, table.text] + ["Clusters run resources."] * 18, np.arange(20))
    docs = {"prose": prose, "explained": table}

    def docs_of(hits):
        return {h.doc_id: docs[h.doc_id] for h in hits}

    known = frozenset("what does do maintenance mode".split())
    assert with_entry("What does maintenance-mode do?", [read], [rows], docs_of, sparse, known) == [read, rows]
    assert with_entry("What does maintenance do?", [read], [rows], docs_of, sparse, known) == [read]


def test_an_inline_entry_s_term_is_its_row_s_key_so_its_first_sentence_answers_a_value_it_names():
    """Protects "What does SYSTEMD_OFFLINE=1 do?" on systemd 252's ENVIRONMENT.md (LGPL-2.1-or-later): an inline
    entry's term cell was empty, so a later sentence naming another variable "=1" had answered it."""
    line = (
        "$SYSTEMD_OFFLINE=[0|1] — if set to 1, then systemctl will refrain from talking to PID 1; this has the same "
        "effect as the historical detection of chroot(). Setting this variable to 0 instead has a similar effect as "
        "$SYSTEMD_IGNORE_CHROOT=1; i.e. tools will try to communicate with PID 1 even if a chroot() environment is "
        "detected.\n"
    )
    names = frozenset({"systemd_offline"})
    (start, end, cells), *_ = inline_rows(line, 0, len(line), names)
    assert line[cells[0].start : cells[0].end].startswith("$SYSTEMD_OFFLINE=[0|1]")
    assert answer("What does SYSTEMD_OFFLINE=1 do?", line, names).startswith("if set to 1, then systemctl will")


def test_a_parameters_own_default_is_not_that_of_a_thing_it_never_names():
    """Protects "What is the default salt of the Signer class?" over ItsDangerous' serializer.html (BSD-3-Clause):
    the serializer's signer parameter states its own default ("Signer"), which is not the salt's."""
    from rag.answer.rows import answering_row

    text = (
        "Parameters\n\nsigner (Optional[Type[itsdangerous.signer.Signer]]) – A Signer class to instantiate when "
        "signing data. Defaults to default_signer, which defaults to Signer.\n"
    )
    names = frozenset({"signer"})
    said = answering_row("What is the default signer of the Serializer?", text, 0, len(text), names)
    assert said is not None and text[said[0] : said[1]] == "Signer"
    assert answering_row("What is the default salt of the Signer class?", text, 0, len(text), names) is None


def test_a_reader_s_answer_in_a_row_is_answered_by_the_row_s_cell_of_the_kind_asked():
    """Beautiful Soup 4.11's index.html (MIT): for "Which parser is extremely lenient …?" the reader answered
    "Extremely lenient", a cell of html5lib's row, whose quote was the row itself: no other words to beat it by."""
    from rag.answer.candidates import Candidate
    from rag.answer.worded import worded_entry

    text = (
        "Parser | Typical usage | Advantages | Disadvantages\nParser: lxml’s HTML parser | Typical usage: "
        'BeautifulSoup(markup, "lxml") | Advantages: Very fast Lenient | Disadvantages: External C dependency\n'
        'Parser: html5lib | Typical usage: BeautifulSoup(markup, "html5lib") | Advantages: Extremely lenient Parses '
        "pages the same way a web browser does | Disadvantages: Very slow"
    )
    page = doc(text, id="index", suffix=".html")
    row = text.index("Parser: html5lib")
    at = text.index("Extremely lenient")
    said = Candidate(hit(page), page, at, at + len("Extremely lenient"), 5.0, 0.0, row, len(text), 0.5)
    question = "Which parser is extremely lenient and parses pages the same way a web browser does?"
    overlap = idf_share(question, [text, "Beautiful Soup parses documents.", "A web browser shows pages."])
    got = worded_entry(question, [said], 0, said, overlap, [(hit(page), page)])
    assert got is not None and got.text == "html5lib"


def test_of_rows_worded_alike_the_one_the_reader_answered_in_answers():
    """humanfriendly 10's readme.html and api.html (MIT) both hold its options' table: "Which option uses binary
    multiples of bytes?" was answered "--format-size", named in -b's row of api.html, while readme.html's row, read
    first, tied it; the row the reader answered in is the one quoted, its key the answer."""
    from rag.answer.candidates import Candidate
    from rag.answer.worded import worded_entry

    table = (
        "<table><tr><th>Option</th><th>Description</th></tr>"
        "<tr><td>-s, --format-size=BYTES</td><td>Convert a byte count into a human readable string.</td></tr>"
        "<tr><td>-b, --binary</td><td>Change the output of -s, --format-size to use binary multiples of bytes "
        "(base-2) instead of the default decimal multiples of bytes (base-10).</td></tr></table>"
    )
    readme, readme_hit, _ = table_page(table, "readme.html")
    api, api_hit, at = table_page(table, "api.html")
    row = at["Option: -b, --binary"]
    start = api.text.index("--format-size", row[0])
    reader = Candidate(api_hit, api, start, start + len("--format-size"), 5.0, 0.0, row[0], row[1], 0.5)
    question = "Which option uses binary multiples of bytes?"
    texts = [api.text[a:b] for a, b in at.values()] + [f"The option -x{i} sets the size {i}." for i in range(20)]
    got = worded_entry(
        question, [reader], 0, reader, idf_share(question, texts), [(readme_hit, readme), (api_hit, api)]
    )
    assert got is not None and got.text == "-b, --binary" and got.doc.id == "api.html"


# psycopg2 2.9's module.html as rag reads it (LGPL-3.0): a sentence introduces the list of connect()'s parameters.
CONNECT = (
    "Note that either the dsn or at least one connection-related keyword argument is required.\n"
    "The basic connection parameters are:\n\n"
    "dbname – the database name (database is a deprecated alias)\n"
    "host – database host address (defaults to UNIX socket if not provided)\n"
    "port – connection port number (defaults to 5432 if not provided)\n"
)


def test_a_sentence_introducing_parameters_labels_their_list():
    """Protects "What port does psycopg2.connect() use if I don't give one?": the host's line had answered for the
    port's ("UNIX socket"), both read as one entry's term lines."""
    names = [CONNECT[c[0].start : c[0].end] for _, _, c in parameter_rows(CONNECT, 0, len(CONNECT))]
    assert names == ["dbname", "host", "port"]
    prose = CONNECT.replace("The basic connection parameters are:", "Then connect.")
    assert [c for _, _, c in parameter_rows(prose, 0, len(prose))] == []
