"""An option's term line with its value and its default, as Valgrind's manual writes them ("--leak-check=<no|summary|
yes|full> [default: summary]" over its description), beside its NEWS, whose wrapped prose names the same options.
Text: Valgrind 3.19's mc-manual.html (DocBook) and dist.news.html (its NEWS with a <br> per line), verbatim but for
the entries left out (GNU GFDL 1.2)."""

from __future__ import annotations

import pytest

from rag.answer.defaults import stated_defaults, term_line_default
from rag.answer.entries import entry_lines
from rag.answer.extent import is_definition_line
from rag.answer.terms import term_line

MANUAL = """<html><head><title>4. Memcheck: a memory error detector</title></head><body>
<h2 class="title"><a name="mc-manual.options"></a>4.3. Memcheck Command-Line Options</h2>
<div class="variablelist"><dl class="variablelist">
<dt>
<a name="opt.leak-check"></a><span class="term">
      <code class="option">--leak-check=&lt;no|summary|yes|full&gt; [default: summary] </code>
    </span>
</dt>
<dd>
<p>When enabled, search for memory leaks when the client
      program finishes.  If set to <code class="varname">summary</code>, it says how
      many leaks occurred.  If set to <code class="varname">full</code> or
      <code class="varname">yes</code>, each individual leak will be shown
      in detail and/or counted as an error, as specified by the options
      <code class="option">--show-leak-kinds</code> and
      <code class="option">--errors-for-leak-kinds</code>. </p>
</dd>
<dt>
<a name="opt.leak-resolution"></a><span class="term">
      <code class="option">--leak-resolution=&lt;low|med|high&gt; [default: high] </code>
    </span>
</dt>
<dd>
<p>When doing leak checking, determines how willing
      Memcheck is to consider different backtraces to
      be the same for the purposes of merging multiple leaks into a single
      leak report.  When set to <code class="varname">low</code>, only the first
      two entries need match.  When <code class="varname">med</code>, four entries
      have to match.  When <code class="varname">high</code>, all entries need to
      match.</p>
</dd>
<dt>
<a name="opt.show-leak-kinds"></a><span class="term">
      <code class="option">--show-leak-kinds=&lt;set&gt; [default: definite,possible] </code>
    </span>
</dt>
<dd>
<p>Specifies the leak kinds to show in a full
      leak search, in one of the following ways: </p>
</dd>
</dl></div></body></html>
"""

NEWS = """<html><head><title>NEWS</title></head><body>
* Memcheck's leak checker has been improved.  <br>
<br>
  - The results for --leak-check=summary now match the summary results<br>
    for --leak-check=full.  Previously they could differ because<br>
    --leak-check=summary counted "indirectly lost" blocks and<br>
    "suppressed" blocks as "definitely lost".<br>
<br>
  - The default value for the --leak-resolution option has been<br>
    changed from "low" to "high".  In general, this means that more<br>
    leak reports will be produced, but each leak report will describe<br>
    fewer leaked blocks.<br>
<br>
  - With --leak-check=full, "definitely lost" and "possibly lost"<br>
    leaks are now considered as proper errors, ie. they are counted<br>
    for the "ERROR SUMMARY" and affect the behaviour of<br>
    --error-exitcode.  These leaks are not counted as errors if<br>
    --leak-check=summary is specified, however.<br>
</body></html>
"""

ENTRY = "--leak-check=<no|summary|yes|full> [default: summary]\nWhen enabled, search for memory leaks when the client"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("--leak-check=<no|summary|yes|full> [default: summary]", "--leak-check"),
        ("--num-callers=<number> [default: 12]", "--num-callers"),
        ("--xtree-leak=<no|yes> [no]", "--xtree-leak"),
        (
            "--keep-stacktraces=alloc|free|alloc-and-free|alloc-then-free|none [default: alloc-and-free]",
            "--keep-stacktraces",
        ),
        ("--color[=WHEN]", "--color"),
    ],
)
def test_an_options_line_with_its_value_is_its_term_line(line, name):
    assert term_line({name}).search(line)
    assert is_definition_line(line)


def test_an_option_in_prose_or_a_name_set_to_a_value_is_no_term_line():
    assert not term_line({"--leak-check"}).search("--leak-check=full is specified")
    assert not term_line({"work_mem"}).search("work_mem=4MB")  # a setting's line of a configuration file


@pytest.mark.parametrize(
    "line",
    [
        "- The results for --leak-check=summary now match the summary results",  # a list's item of prose
        "for --leak-check=full.  Previously they could differ because",  # a sentence ends inside it
        '--leak-check=summary counted "indirectly lost" blocks and',  # it goes on on the next line
        '- With --leak-check=full, "definitely lost" and "possibly lost"',
    ],
)
def test_wrapped_prose_naming_an_option_is_no_term_line(line):
    assert not is_definition_line(line)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("--num-callers=<number> [default: 12]", "12"),
        ("--show-leak-kinds=<set> [default: definite,possible]", "definite,possible"),
        ("--log-fd=<number> [default: 2, stderr]", "2"),
        ("The default value is 1,000.", "1,000"),  # a comma inside a number
        ("(default is 2 weeks ago, see below)", "2 weeks ago"),  # a comma before a space ends it
    ],
)
def test_a_default_in_square_brackets_and_a_value_with_a_comma_are_read_whole(text, value):
    assert [text[d.start : d.end] for d in stated_defaults(text, 0, len(text))] == [value]


def test_a_span_in_the_description_is_answered_with_its_term_lines_default():
    text = ENTRY + " program finishes.\n\n--leak-resolution=<low|med|high> [default: high]\nWhen doing leak checking"
    span = text.index("memory leaks")
    d = term_line_default(text, span, span + len("memory leaks"), 0, len(text))
    assert d is not None and text[d.start : d.end] == "summary"
    below = text.index("When doing")
    d = term_line_default(text, below, below + 4, 0, len(text))
    assert d is not None and text[d.start : d.end] == "high"  # its own entry's, not the one above
    prose = "Leaks are shown in full.\nWhen enabled, it says the default is 10."
    assert term_line_default(prose, prose.index("When"), prose.index("When") + 4, 0, len(prose)) is None


def test_news_prose_heads_no_entry_of_the_option_it_names(tmp_path, embedder, write_files):
    """Through `Index.ask`: before, the NEWS's items were read as entries of --leak-check (a line naming it heads
    the lines below), so "What is the default value of --leak-check?" was answered from them ('low" to "high' of
    --leak-resolution's item); and the manual's entry was not --leak-check's at all, its term line having a value."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"mc-manual.html": MANUAL, "dist.news.html": NEWS})])
    news = index.document("dist.news.html").text
    item = news.index("--leak-check=summary counted")
    assert entry_lines(news, item) is None
    answer = index.ask("What is the default value of --leak-check?", threshold=0.0)
    assert answer.text == "summary", [q.text for q in answer.quotes]
    assert answer.span is not None and answer.span.doc_id == "mc-manual.html"
    assert answer.quotes[0].text.startswith("--leak-check=<no|summary|yes|full> [default: summary]")
    kinds = index.ask("What is the default of --show-leak-kinds?", threshold=0.0)
    assert kinds.text == "definite,possible", [q.text for q in kinds.quotes]
