"""Entry lookup: a question about a bare name ("What does nocaseglob do?") reads that name's entry even when
retrieval ranked it below the passages read, and only then."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.lookup import RARE_CHUNKS, rare
from rag.retrieve.sparse import SparseIndex

# Bash 5.2's bashref.html as rag reads it (GNU FDL): its pattern-matching prose, which names the shopt options,
# and the shopt entries themselves (<dt><code>nocaseglob</code></dt><dd>…</dd>).
PATTERNS = (
    "<html><body><h2>Pattern Matching</h2>"
    "<p>If the shell option nocaseglob is enabled, the match is performed without regard to the case of alphabetic "
    "characters.</p><p>When a pattern is used for filename expansion, the character ‘.’ at the start of a filename "
    "or immediately following a slash must be matched explicitly, unless the shell option dotglob is set. See the "
    "description of shopt in The Shopt Builtin, for a description of the nocaseglob, nullglob, globskipdots, "
    "failglob, and dotglob options.</p></body></html>"
)
SHOPT = {
    "dotglob": "If set, Bash includes filenames beginning with a ‘.’ in the results of filename expansion. The "
    "filenames ‘.’ and ‘..’ must always be matched explicitly, even if dotglob is set.",
    "failglob": "If set, patterns which fail to match filenames during filename expansion result in an expansion "
    "error.",
    "globskipdots": "If set, filename expansion will never match the filenames ‘.’ and ‘..’, even if the pattern "
    "begins with a ‘.’. This option is enabled by default.",
    "histappend": "If set, the history list is appended to the file named by the value of the HISTFILE variable "
    "when the shell exits, rather than overwriting the file.",
    "nocaseglob": "If set, Bash matches filenames in a case-insensitive fashion when performing filename expansion.",
    "nullglob": "If set, Bash allows filename patterns which match no files to expand to a null string, rather "
    "than themselves.",
}
QUESTION = "What does nocaseglob do?"


@pytest.fixture(scope="module")
def bash_index(tmp_path_factory, embedder):
    """(index, folder): both pages, indexed once."""
    from conftest import write_files

    from rag.index import Index

    base = tmp_path_factory.mktemp("bash")
    entries = "".join(f"<dt><code>{name}</code></dt><dd><p>{text}</p></dd>" for name, text in SHOPT.items())
    shopt = f"<html><body><h2>The Shopt Builtin</h2><dl>{entries}</dl></body></html>"
    docs = write_files(base / "docs", {"patterns.html": PATTERNS, "shopt.html": shopt})
    index = Index.open(base / "index", embedder=embedder)
    index.add([docs])
    return index, docs


def test_ask_reads_the_entry_retrieval_ranked_below_the_passages_read(bash_index):
    """Protects "What does nocaseglob do?" on Bash's manual: the prose that only names the option ranked first, and
    the answer was "alphabetic characters", from it; the option's own entry answers."""
    index = bash_index[0]
    assert index.search(QUESTION, k=1)[0].doc_id == "patterns.html"  # the entry is not among the one read
    ans = index.ask(QUESTION, k=1, threshold=0.0)
    assert ans.quotes[0].doc_id == "shopt.html", ans.quotes[0].text
    assert "case-insensitive fashion" in ans.quotes[0].text, ans.quotes[0].text
    assert [h.doc_id for h in ans.hits] == ["patterns.html", "shopt.html"]  # read after the passage retrieved
    ranked = {h.chunk_id: h for h in index.search(QUESTION, k=30)}
    assert ans.hits[1] == ranked[ans.hits[1].chunk_id]  # as retrieval ranked it


def test_no_entry_is_looked_up_for_a_question_asking_for_a_term_or_holding_its_entry(bash_index):
    """A question asking for a term by its kind names none ("Which option …?"); one whose passages hold the entry
    already reads them alone."""
    index = bash_index[0]
    asking = index.ask("Which option like nocaseglob matches dotfiles?", k=1, threshold=0.0)
    assert [h.doc_id for h in asking.hits] == [h.doc_id for h in index.search(asking.question, k=1)]
    ranked = index.search(QUESTION, k=30)
    k = next(h.rank for h in ranked if "case-insensitive fashion" in h.text)
    assert index.ask(QUESTION, k=k, threshold=0.0).hits == ranked[:k]
    assert index.ask(QUESTION, k=1, mode="dense", threshold=0.0).quotes[0].doc_id == "shopt.html"


def test_a_name_most_passages_hold_names_the_subject_not_an_entry():
    """`rare`: "worktrees" in 4% of git's manual is no name to look up; at most 1% of chunks, or 10 of a small
    corpus, is."""
    texts = ["git worktree add"] * 30 + ["git commit"] * 970 + ["nocaseglob"] * 3
    sparse = SparseIndex.from_texts(texts, np.arange(len(texts)))
    assert rare("nocaseglob", sparse) and not rare("worktree", sparse) and not rare("git", sparse)
    small = SparseIndex.from_texts(["git worktree"] * RARE_CHUNKS + ["git"] * 5, np.arange(RARE_CHUNKS + 5))
    assert rare("worktree", small) and not rare("git", small)
    assert not rare("the", small)  # a stop word is no term at all


def test_a_sharded_index_reads_the_entry_as_one_index(bash_index, embedder, tmp_path):
    """Protects `ask` over shards: the lookup searches all shards and reads the entry from its own."""
    from rag.index import Index
    from rag.shard.index import ShardedIndex

    index, docs = bash_index
    ShardedIndex.open(tmp_path / "ix", embedder=embedder, shards=2).add([docs])
    got = Index.open(tmp_path / "ix", embedder=embedder).ask(QUESTION, k=1)
    assert got.model_dump(exclude={"timings_ms"}) == index.ask(QUESTION, k=1).model_dump(exclude={"timings_ms"})
    assert len(got.hits) == 2


# requests' quickstart.html and api.html (python-requests-doc, Apache License 2.0), as Sphinx writes them.
QUICKSTART = (
    "<html><body><h1>Quickstart</h1><p>What about the other HTTP request types: PUT, DELETE, HEAD and OPTIONS? "
    "These are all just as simple:</p><pre>&gt;&gt;&gt; r = requests.put('https://httpbin.org/put', data={'key': "
    "'value'})\n&gt;&gt;&gt; r = requests.delete('https://httpbin.org/delete')\n&gt;&gt;&gt; r = requests.head("
    "'https://httpbin.org/get')\n&gt;&gt;&gt; r = requests.options('https://httpbin.org/get')</pre><p>If you're "
    "using HEAD, you can enable redirection as well:</p><pre>&gt;&gt;&gt; r = requests.head('http://github.com/', "
    "allow_redirects=True)</pre></body></html>"
)
API = "".join(
    f'<dl class="py function"><dt class="sig sig-object py">requests.{name}(url, **kwargs)</dt>'
    f"<dd><p>Sends a {verb} request.</p><p>Parameters</p><ul><li><p>url – URL for the new Request object.</p></li>"
    "<li><p>**kwargs – Optional arguments that request takes.</p></li></ul><p>Returns</p><p>Response object</p></dd>"
    "</dl>"
    for name, verb in (("get", "GET"), ("head", "HEAD"), ("put", "PUT"), ("delete", "DELETE"), ("options", "OPTIONS"))
)


def test_ask_reads_a_dotted_names_entry_its_examples_outranked(tmp_path, embedder, write_files):
    """Protects "What does requests.head do?" on requests' manual: the quickstart's examples, which call it, ranked
    first, and the answer was "https://httpbin.org/get"; the API reference's entry answers."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add(
        [
            write_files(
                tmp_path / "docs", {"quickstart.html": QUICKSTART, "api.html": f"<html><body>{API}</body></html>"}
            )
        ]
    )
    question = "What does requests.head do?"
    assert index.search(question, k=1)[0].doc_id == "quickstart.html"
    ans = index.ask(question, k=1, threshold=0.0)
    assert ans.text == "Sends a HEAD request.", (ans.text, ans.quotes[0].text)
    assert [h.doc_id for h in ans.hits] == ["quickstart.html", "api.html"]


# Autoconf 2.71's manual as GNU Texinfo writes it (autoconf-doc, GNU FDL): prose that names CFLAGS throughout, and
# the output variables' definitions, each "Variable: NAME" above its description.
PROSE = [
    "AC_PROG_CC determines a C compiler to use; the CFLAGS variable is then made an output variable.",
    "What the CFLAGS variable holds when configure runs depends on whether the user set the CFLAGS variable.",
    "If the CFLAGS variable was not set, AC_PROG_CC sets the CFLAGS variable to -g -O2 where that works.",
    "Makefiles should not override the CFLAGS variable: the user may set the CFLAGS variable when running make.",
]
DEFINITIONS = "".join(
    f'<dl class="first-defvr"><dt><span class="category-def">Variable: </span><strong>{name}</strong></dt>'
    f"<dd><p>{text}</p></dd></dl>"
    for name, text in (
        (
            "CFLAGS",
            "Debugging and optimization options for the C compiler. If it is not set in the environment when configure runs, the default value is set when you call AC_PROG_CC.",
        ),
        (
            "CPPFLAGS",
            "Preprocessor options for the C, C++, Objective C, and Objective C++ preprocessors and compilers.",
        ),
        ("CXXFLAGS", "Debugging and optimization options for the C++ compiler."),
        (
            "LDFLAGS",
            "Options for the linker. If it is not set in the environment when configure runs, the default value is empty.",
        ),
        ("LIBS", "-l options to pass to the linker. The default value is empty."),
    )
)
VARIABLES_PAGE = f"<html><body><h3>Preset Output Variables</h3>{DEFINITIONS}</body></html>"


def test_a_name_the_question_calls_a_variable_is_looked_up_however_common(tmp_path, embedder, write_files):
    """Protects "What does the CFLAGS variable hold?" on Autoconf's manual: CFLAGS is in 1.4% of its passages, too
    many for a bare name to be looked up, and the answer was "an output" of "CFLAGS is then made an output
    variable."; a name the question calls by its kind ("the CFLAGS variable") is a term wherever it is, and its
    Texinfo definition ("Variable: CFLAGS") is its entry."""
    from rag.index import Index

    pages = {f"prose{i}.html": f"<html><body><p>{PROSE[i % 4]}</p></body></html>" for i in range(RARE_CHUNKS + 2)}
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {**pages, "variables.html": VARIABLES_PAGE})])
    question = "What does the CFLAGS variable hold?"
    assert index.search(question, k=1)[0].doc_id.startswith("prose")
    ans = index.ask(question, k=1, threshold=0.0)
    assert ans.text == "Debugging and optimization options for the C compiler.", (ans.text, ans.quotes[0].text)
    assert [h.doc_id for h in ans.hits][1:] == ["variables.html"]
    assert len(index.ask("What does CFLAGS hold?", k=1, threshold=0.0).hits) == 1  # common, and not called a term


def _read_in_order(question: str, text: str, below: str) -> tuple[bool, bool]:
    """Whether `with_entry` reads the passage holding the entry's term line (text up to `below`) after the one that
    goes on from `below`, retrieval's first; and whether it reads nothing more when that passage came first. Every
    passage holds the name, as a manual's do."""
    from records import doc, hit

    from rag.answer.lookup import with_entry

    d = doc(text, suffix=".html")
    at = text.index(below)
    read, entry = hit(d, at, rank=1), hit(d, 0, at, rank=2)
    sparse = SparseIndex.from_texts([text] * 200, np.arange(200))  # common: the name in every passage

    def docs_of(hits):
        return {h.doc_id: d for h in hits}

    added = with_entry(question, [read], [entry], docs_of, sparse, frozenset()) == [read, entry]
    return added, with_entry(question, [entry], [read], docs_of, sparse, frozenset()) == [entry]


def test_a_passage_below_a_bare_names_term_line_is_no_entry_read():
    """Protects the same question: the fourth passage read went on with CFLAGS's entry, its term line ("Variable:
    CFLAGS") in the passage before, so the lookup found the entry read; but an answer reads a bare name's entry only
    where its term line is read, and the answer came from elsewhere. The passage holding the term line is read."""
    text = (
        "Variable: CFLAGS\nDebugging and optimization options for the C compiler.\n"
        "If an option selects a 32-bit or 64-bit build, it must be put into CC.\n"
        "Otherwise one approach is to put the option into CC, or into CPPFLAGS and LDFLAGS."
    )
    assert _read_in_order("What does the CFLAGS variable hold?", text, "If an option") == (True, True)


def test_a_passage_going_on_below_a_named_term_s_entry_is_no_entry_read():
    """Protects "What is the default value of max_worker_processes?" over PostgreSQL's manual (PostgreSQL License):
    the passage read opened past the entry's first paragraph ("When running a standby server, …"), which states the
    default; the lookup took the entry for read, and the answer abstained. The passage holding its term line is read."""
    text = (
        "max_worker_processes (integer)\nSets the maximum number of background processes that the system can "
        "support. The default is 8.\n\nWhen running a standby server, you must set this parameter to the same or "
        "higher value than on the primary server."
    )
    question = "What is the default value of max_worker_processes?"
    assert _read_in_order(question, text, "When running") == (True, True)


def test_the_entry_of_the_kind_asked_is_read_when_the_passages_read_hold_another_kind_s():
    """MkDocs' manual heads "nav" as a theme's variable, ranked first, and as a setting: "What does the nav setting
    define?" reads the setting's entry too; "What does the nav variable do?" reads no more."""
    from records import doc, hit

    from rag.answer.lookup import with_entry

    themes = doc(
        "nav\n\nThe nav variable is used to create the navigation for the documentation.", "themes", suffix=".html"
    )
    settings = doc(
        "nav\n\nThis setting is used to determine the layout of the global navigation.", "config", suffix=".html"
    )
    docs = {"themes": themes, "config": settings}
    read, below = hit(themes, rank=1), hit(settings, rank=2)
    sparse = SparseIndex.from_texts([themes.text, settings.text] * 100, np.arange(200))

    def docs_of(hits):
        return {h.doc_id: docs[h.doc_id] for h in hits}

    assert with_entry("What does the nav setting define?", [read], [below], docs_of, sparse, frozenset()) == [
        read,
        below,
    ]
    assert with_entry("What does the nav variable do?", [read], [below], docs_of, sparse, frozenset()) == [read]


def _entry_lookup(read_page, below_page, *more):
    """`with_entry` over the pages' documents (`more` read by id too), its idf over the first two a hundred times
    over, and the reader's vocabulary: (question, hits, below) -> the passages read."""
    from rag.answer.lookup import with_entry
    from rag.embed.model import known_words

    docs = {d.id: d for d in (read_page, below_page, *more)}
    sparse = SparseIndex.from_texts([read_page.text, below_page.text] * 100, np.arange(200))
    known = known_words()
    return lambda question, hits, below: with_entry(
        question, hits, below, lambda found: {h.doc_id: docs[h.doc_id] for h in found}, sparse, known
    )


def test_a_parameter_the_question_calls_one_is_read_in_its_callables_list():
    """Protects "What does the count parameter of an option do?" on Click's API page: click.Option's line for it
    was 10th by fused rank, on a page whose title ("API") the question does not name, and the answer was "help",
    from a passage that only mentions options. A plain word names a parameter only where the question calls it one;
    a passage read that holds the line reads no more."""
    from records import CLICK_OPTION, doc, hit

    prose = doc("To add parameters, use the option() and argument() decorators.", "quickstart", suffix=".html")
    api = doc(CLICK_OPTION, "api", suffix=".html")
    lookup = _entry_lookup(prose, api)
    read, below = hit(prose, rank=1), hit(api, CLICK_OPTION.index("multiple (bool)"), rank=10)
    question = "What does the count parameter of an option do?"
    assert lookup(question, [read], [below]) == [read, below]
    assert lookup("What does count do?", [read], [below]) == [read]  # not called one
    assert lookup(question, [below], [read]) == [below]


def test_an_option_the_question_calls_one_is_looked_up_as_written_whatever_the_vocabulary():
    """Protects "What does the CORRECT option do?" and "What does the BEEP option do?" on zsh 5.9's manual (its
    licence is MIT-like): "correct" and "beep" are words the reader knows, so no entry was looked up, and the line
    editor's widget "beep" ("Beep, unless the BEEP option is unset.") was taken for BEEP's entry. A name the question
    calls by its kind is looked up however plain, its term line written as the question writes it."""
    from records import doc, hit

    widgets = doc("beep\nBeep, unless the BEEP option is unset.\n\nclear-screen\nClear the screen.", "zle")
    options = doc("BEEP (+B) <D>\nBeep on error in ZLE.\n\nCORRECT (-0)\nTry to correct the spelling of commands.", "o")
    lookup = _entry_lookup(widgets, options)
    read, below = hit(widgets, rank=1), hit(options, rank=5)
    for question in ("What does the BEEP option do?", "What does the CORRECT option do?"):
        assert lookup(question, [read], [below]) == [read, below], question
    assert lookup("What does the beep widget do?", [read], [below]) == [read]


def test_the_signature_giving_the_parameter_asked_its_default_is_read():
    """Protects "What is the default maxread of spawn?" on Pexpect 4.8's API page (ISC licence): the passages read
    described maxread ("The maxread attribute sets the read buffer size."), and the reader abstained (0.13); the
    signature saying "maxread=2000" was below them. A passage read that holds it reads no more, nor does a question
    asking no default or naming another callable."""
    from records import doc, hit

    prose = doc("The maxread attribute sets the read buffer size. Setting it to 1 turns off buffering.", "p")
    api = doc(
        "class pexpect.spawn(command, args=[], timeout=30, maxread=2000, searchwindowsize=None)\n"
        "This is the main class interface for Pexpect.\n",
        "api",
    )
    option = doc("class click.Option(param_decls=None, show_default=None, type=None)\nOptions are usually …\n", "o")
    signer = doc("class itsdangerous.signer.Signer(secret_key, salt=b'itsdangerous.Signer', sep=b'.')\nSigns.\n", "s")
    lookup = _entry_lookup(prose, api, option, signer)
    read, below = hit(prose, rank=1), hit(api, rank=7)
    question = "What is the default maxread of spawn?"
    assert lookup(question, [read], [below]) == [read, below]
    assert lookup(question, [below], [read]) == [below]
    assert lookup("What does maxread of spawn set?", [read], [below]) == [read]
    assert lookup("What is the default maxread of run?", [read], [below]) == [read]
    worded = "What maxread is assumed if no default value is provided for a spawn?"  # a name the vocabulary lacks
    assert lookup(worded, [read], [below]) == [read, below]
    sep = "What is the default sep of Signer?"  # a plain word, but the one "default" is said of
    assert lookup(sep, [read], [hit(signer, rank=8)]) == [read, hit(signer, rank=8)]
    typed = "What type is assumed if no default value is provided for an option?"  # "type": a plain word
    assert lookup(typed, [read], [hit(option, rank=6)]) == [read]
