"""HTML extraction: a page's main content, never its navigation or chrome; tables as rows, code as code.

tests/data/html holds four real pages as Debian installs them: a Sphinx page of the Python 3.11
documentation (python3.11-doc, PSF licence), an AsciiDoc man page of git (git-doc, GPL-2), a page of
SQLite's documentation (sqlite3-doc 3.40, public domain) and a page of BIND 9's manual in Sphinx's Read the
Docs theme (bind9-doc 9.18, MPL-2.0).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from rag.ingest.html import PRE_CLOSE, PRE_OPEN, html_text
from rag.ingest.readers import read_document
from rag.ingest.titles import clean_title

DATA = Path(__file__).parent / "data" / "html"


def page(body: str, title: str = "Page") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title><style>p {{}}</style></head><body>{body}</body></html>"


# ---------------------------------------------------------------- real pages


def test_sphinx_page_keeps_content_drops_navigation_footer_and_pilcrows():
    text, title = html_text((DATA / "sphinx-tomllib.html").read_text(encoding="utf-8"))
    assert title == "tomllib — Parse TOML files"  # the site suffix " — Python 3.11 documentation" is gone
    for chrome in ("Previous topic", "Next topic", "Report a Bug", "Show Source", "Navigation", "Copyright"):
        assert chrome not in text
    assert "¶" not in text
    assert "Python Software Foundation" not in text
    assert "This module provides an interface for parsing TOML" in text
    assert text.startswith("tomllib — Parse TOML files\n\n")  # the heading is its own line


def test_read_the_docs_theme_page_keeps_its_content_inside_wrappers_classed_as_navigation():
    """The theme wraps role="main" in "wy-nav-content-wrap" and "wy-nav-content": every page of a manual in it had
    read as no text at all (BIND's 9.18 manual, 51 files: "no text content")."""
    text, title = html_text((DATA / "rtd-bind-history.html").read_text(encoding="utf-8"))
    assert title == "A Brief History of the DNS and BIND"
    assert text.startswith("A Brief History of the DNS and BIND\n\nAlthough the Domain Name System")
    assert "Berkeley Internet Name Domain (BIND) package" in text
    for chrome in ("Previous", "Next", "Navigation menu", "Introduction to DNS and BIND 9", "© Copyright", "Sphinx"):
        assert chrome not in text  # the side menu's table of contents, the footer's buttons and credits


def test_sphinx_table_rows_are_lines_with_cells_separated_and_named_by_the_header():
    text, _ = html_text((DATA / "sphinx-tomllib.html").read_text(encoding="utf-8"))
    lines = text.splitlines()
    start = lines.index("TOML | Python")  # the header row, as it is
    assert lines[start + 1 : start + 4] == [
        "TOML: table | Python: dict",
        "TOML: string | Python: str",
        "TOML: integer | Python: int",
    ]


def test_sphinx_code_keeps_indentation_and_line_breaks():
    text, _ = html_text((DATA / "sphinx-tomllib.html").read_text(encoding="utf-8"))
    assert 'with open("pyproject.toml", "rb") as f:\n    data = tomllib.load(f)' in text
    assert 'toml_str = """\npython-version = "3.11.0"\npython-implementation = "CPython"\n"""' in text


def test_asciidoc_man_page_keeps_name_section_drops_footer():
    text, title = html_text((DATA / "asciidoc-git-write-tree.html").read_text(encoding="utf-8"))
    assert title == "git-write-tree(1)"
    assert "git-write-tree - Create a tree object from the current index" in text
    assert "--missing-ok\nNormally git write-tree ensures" in text  # a term sits right above its description
    assert "Last updated" not in text  # the footer


def test_sqlite_page_drops_the_site_tagline_and_menus():
    """The tagline "Small. Fast. Reliable. Choose any three." heads 762 of sqlite3-doc's 766 pages, in a
    <div class=nosearch> without any navigation tag: indexed, it became a top answer ("three") on SQLite's docs."""
    text, title = html_text((DATA / "sqlite-threadsafe.html").read_text(encoding="utf-8"))
    assert title == "Using SQLite In Multi-Threaded Applications"
    for chrome in ("Choose any three", "Small. Fast. Reliable.", "Search Documentation", "Purchase"):
        assert chrome not in text
    assert "If no SQLITE_THREADSAFE compile-time parameter is present, then serialized mode is used." in text


def test_an_ordered_lists_items_keep_the_numbers_a_browser_shows():
    """Protects questions about steps and modes ("What is the second threading mode?"): SQLite's three threading
    modes are an <ol>, and their numbers, which the page shows, were lost ("Multi-thread. In this mode, …")."""
    text, _ = html_text((DATA / "sqlite-threadsafe.html").read_text(encoding="utf-8"))
    assert "at once.\n2. Multi-thread. In this mode, SQLite can be safely used" in text
    assert "two or more threads.\n3. Serialized. In serialized mode" in text


def test_a_list_item_s_paragraph_is_its_line_and_a_second_paragraph_stands_apart():
    """Protects entries whose description lists values: Sphinx writes each item as "<li><p>…</p></li>", whose
    paragraphs had set every item apart between blank lines, so that a short one ("zero") read as a heading and
    ended its entry. An item's first paragraph is its line; a further paragraph stands apart, as before."""
    html = page(
        "<p>Apart from the default it also includes:</p><ul class='simple'>"
        "<li><p>executed-only: Produces zero output</p></li><li><p>json: Output results in JSON format</p></li>"
        "<li><p>zero</p></li></ul><ol><li><p>3 =&gt; error</p><p>(in this case)</p></li><li><p>4</p></li></ol>"
        "<table><tr><td><ul><li><p>in a cell</p></li><li><p>two</p></li></ul></td></tr></table>"
    )
    text, _ = html_text(html)
    assert "includes:\n\nexecuted-only: Produces zero output\njson: Output results in JSON format\nzero\n\n" in text
    assert "1. 3 => error\n\n(in this case)\n\n2. 4" in text
    assert "in a cell two" in text  # a table's row stays one line


def test_ordered_list_markers_follow_start_type_value_and_class_and_bullets_get_none():
    html = page(
        "<ol start=4><li>four</li><li><p>five</p><p>more</p></li></ol>"
        "<ol type=a><li>a<ol class='lowerroman simple'><li>i</li><li>ii</li></ol></li><li value=27>aa</li></ol>"
        "<ol style='list-style-type: upper-roman'><li>I<li>II</ol>"
        "<ol reversed start=2><li>two<li>one</ol><ol reversed><li>x</ol>"
        "<ul><li>bullet</li></ul><ol><li></li><li>second</li></ol>"
    )
    assert html_text(html)[0] == (
        "4. four\n5. five\n\nmore\n\na. a\n\ni. i\nii. ii\n\naa. aa\n\nI. I\nII. II\n\n"
        "2. two\n1. one\n\nx\n\nbullet\n\n2. second"
    )


def test_definition_terms_sit_right_above_their_description():
    """Protects quotes of reference pages: a <dt> term (a signature, an option) and the first paragraph of its <dd>
    are adjacent lines, so the answer stage keeps them together (a blank line between would part them); the
    entries themselves stay apart."""
    sphinx, _ = html_text((DATA / "sphinx-tomllib.html").read_text(encoding="utf-8"))
    assert "tomllib.load(fp, /, *, parse_float=float)\nRead a TOML file." in sphinx
    git, _ = html_text((DATA / "asciidoc-git-write-tree.html").read_text(encoding="utf-8"))
    assert "\n\n--missing-ok\nNormally git write-tree ensures" in git
    assert "This option disables this check.\n\n--prefix=<prefix>/\nWrites a tree object" in git


def test_a_sphinx_signatures_source_link_is_not_text():
    """Protects signatures of Sphinx API references built with viewcode (requests' api.html): the "[source]" link
    after the closing bracket made "requests.get(url, params=None, **kwargs)[source]" no signature."""
    dt = (
        '<dl class="py function"><dt class="sig sig-object py" id="requests.get"><span class="sig-prename">requests.'
        '</span><span class="sig-name">get</span>(<em>url</em>, <em>params=None</em>, <em>**kwargs</em>)'
        '<a class="reference internal" href="_modules/requests/api.html#get"><span class="viewcode-link">'
        '<span class="pre">[source]</span></span></a><a class="headerlink" href="#requests.get">¶</a></dt>'
        "<dd><p>Sends a GET request.</p></dd></dl>"
    )
    text, _ = html_text(page(dt))
    assert text == "requests.get(url, params=None, **kwargs)\nSends a GET request."


def test_a_terms_classifier_is_apart_from_it_as_shown():
    """Protects option entries of docutils' definition lists (Pygments' filters.html: "tabsize : int"): the term
    and its classifier, adjacent elements, read as one word ("tabsizeint"), a name no question says."""
    dt = '<dl><dt><cite>tabsize</cite><span class="classifier">int</span></dt><dd><p>The default is 8.</p></dd></dl>'
    text, _ = html_text(page(dt))
    assert text == "tabsize : int\nThe default is 8."


def test_only_a_descriptions_first_paragraph_joins_its_term():
    """Protects paragraphs inside a <dd>: the second one is still its own block."""
    text, _ = html_text(page("<dl><dt>-x</dt><dd><p>One.</p><p>Two.</p></dd><dt>-y</dt><dd>Three.</dd></dl>"))
    assert text == "-x\nOne.\n\nTwo.\n\n-y\nThree."


def test_read_document_offsets_point_into_the_clean_text():
    doc = read_document(DATA / "sphinx-tomllib.html", "tomllib.html")
    at = doc.text.index("TOML | Python")
    assert doc.text[at : at + len("TOML | Python")] == "TOML | Python"
    assert doc.title == "tomllib — Parse TOML files"


# ---------------------------------------------------------------- saved pages


SAVED = page(
    """
    <header class="site-header"><a href="/">ACME Blog</a> <a href="/about">About</a></header>
    <div id="cookie-banner">We use cookies. <button>Accept all</button></div>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/posts">Posts</a></li></ul></nav>
    <article>
      <header><h1>Tuning the cache</h1><p class="byline">By Ada</p></header>
      <p>The cache holds <em>64 entries</em> by default.</p>
      <ul><li>Raise it for big sites.</li><li>Lower it on phones.</li></ul>
      <footer>Tags: cache</footer>
    </article>
    <aside class="related">Read next: Tuning the database</aside>
    <footer><p>&copy; 2024 ACME. All rights reserved.</p></footer>
    """,
    title="Tuning the cache | ACME Blog",
)


def test_saved_page_gives_the_article_only():
    text, title = html_text(SAVED)
    assert text == (
        "Tuning the cache\n\nBy Ada\n\nThe cache holds 64 entries by default.\n\n"
        "Raise it for big sites.\nLower it on phones."
    )
    assert title == "Tuning the cache"  # the <h1>, which the <title> begins with


def test_main_element_and_role_main_are_the_content():
    for opening, closing in (("<main>", "</main>"), ('<div role="main">', "</div>")):
        html = page(f'<div class="sidebar">Menu</div>{opening}<p>Only this.</p>{closing}<p>Not this.</p>')
        assert html_text(html)[0] == "Only this."


def test_without_main_content_the_body_less_chrome_is_kept():
    html = page('<nav>Home | Docs</nav><div><p>First.</p><p>Second.</p></div><div class="footer">Imprint</div>')
    assert html_text(html)[0] == "First.\n\nSecond."


def test_without_main_a_header_outside_any_section_is_the_site_banner():
    """As Node.js's API pages are laid out (no <main>): the banner's "documentation" heading and its version
    pickers are chrome; a <header> inside a <section> (or <article>, <main>) heads that content and stays."""
    html = page(
        '<div id="column1"><header><h1>Node.js v18.20.4 documentation</h1><div id="gtoc"><ul><li>Other versions</li>'
        "<li>18.x LTS</li></ul></div></header><div><section><header><h2>File system</h2></header>"
        "<p>The node:fs module works with files.</p></section><section><header>By Ada</header><p>A note.</p>"
        "</section></div></div>"
    )
    assert html_text(html)[0] == "File system\n\nThe node:fs module works with files.\n\nBy Ada\n\nA note."


def test_a_layout_class_naming_what_the_page_lacks_keeps_the_page():
    """As the Apache HTTP Server manual marks 16 of its pages (apache2-doc): <body class="no-sidebar">. Its word
    "sidebar" once dropped the whole body, and `rag index` skipped each page as having no text."""
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>Shared Object Cache</title></head><body id="manual-page" '
        'class="no-sidebar"><div id="page-header"><p class="menu">Modules | Directives</p></div><div '
        'id="page-content"><div id="preamble"><h1>Shared Object Cache</h1><p>It shares data across workers.</p>'
        '</div></div><div id="footer"><p>Copyright</p></div></body></html>'
    )
    assert html_text(html)[0] == "Shared Object Cache\n\nIt shares data across workers."
    for layout in ("no-sidebar", "has-sidebar", "with-toc", "without-nav"):
        html = page(f'<div class="{layout} wide"><p>Kept.</p><div class="sidebar">Menu</div></div>')
        assert html_text(html)[0] == "Kept.", layout
    assert html_text(page('<div class="nav-no-wrap">Menu</div><p>Kept.</p>'))[0] == "Kept."


def test_a_pages_own_table_of_contents_is_not_text():
    """As docutils writes the "contents" directive (Sphinx pages of CMake's manual, each one): links to the page's
    own sections, before them. A Texinfo manual's <div class="contents"> may be its page's whole text: kept."""
    html = page(
        '<h1>add_executable</h1><div class="contents topic" id="contents"><p class="topic-title">Contents</p><ul>'
        '<li><a href="#normal">Normal Executables</a></li></ul></div><p>Add an executable to the project.</p>'
    )
    assert html_text(html)[0] == "add_executable\n\nAdd an executable to the project."
    assert html_text(page('<div class="contents"><ul><li>1 Introduction</li></ul></div>'))[0] == "1 Introduction"


def test_a_manuals_index_of_terms_and_its_toctrees_are_not_text():
    """Protects search from index pages: Python's genindex-R.html (a run of 'raw_input (2to3 fixer) raw_input() …')
    was among the passages read for "What does the raw_decode method of JSONDecoder do?" and answered it; then
    contents.html, Sphinx's table of contents of the whole manual, answered another with "RAND_add()". The index of
    Sphinx (genindex, modindex), DocBook (PostgreSQL's bookindex.html) and Texinfo, and Sphinx's toctrees, link to
    the text, which is read where it is; a table or a division merely called "index" is kept."""
    sphinx = (
        '<h1>Index – R</h1><div class="genindex-jumpbox"><a href="#R">R</a></div><table class="indextable '
        'genindextable"><tr><td><ul><li><a href="library/json.html">raw_decode() (json.JSONDecoder method)</a></li>'
        "</ul></td></tr></table>"
    )
    assert html_text(page(sphinx))[0] == "Index – R"
    docbook = (
        '<div class="index"><h2>Index</h2><div class="indexdiv"><h3>A</h3><dl><dt>ABORT, ABORT</dt></dl></div></div>'
    )
    assert html_text(page(docbook))[0] == "Index"
    texinfo = (
        '<h3>D.5 Concept Index</h3><table class="index-cp"><tr><td><a href="#A">alias expansion</a>:</td></tr></table>'
    )
    assert html_text(page(texinfo))[0] == "D.5 Concept Index"
    # Texinfo's bar of letters above and below each index (an unclassed table): Zsh's Variables-Index.html read as
    # "Jump to: | ! # $ * - 0 ? @ _ A B C …" twice. A table of short values stays.
    letters = " ".join(f'<a class="summary-letter" href="#{c}"><b>{c}</b></a>' for c in "!#0_ABCDEFGZ")
    bar = f'<table><tr><th valign="top">Jump to: &nbsp; </th><td>{letters}</td></tr></table>'
    assert html_text(page(f"<h2>Variables Index</h2>{bar}<p>Generated.</p>{bar}"))[0] == "Variables Index\n\nGenerated."
    few = '<table><tr><th>Jump to: </th><td><a href="#A">A</a> <a href="#C">C</a> <a href="#F">F</a> <a href="#V">V</a>'
    few += "</td></tr></table>"
    assert html_text(page(f"<h2>Index</h2>{few}"))[0] == "Index"  # libffi's: "Jump to: | A C F V"
    values = "<table><tr><td>T</td><td>F</td><td>T</td><td>F</td><td>T</td></tr></table>"
    assert html_text(page(f"<p>Truth.</p>{values}"))[0] == "Truth.\n\nT | F | T | F | T"
    toctree = (
        '<h1>The Python Standard Library</h1><p>This manual describes the standard library.</p><div class="toctree-wrapper'
        ' compound"><ul><li><a href="shutil.html">shutil — High-level file operations</a></li></ul></div>'
    )
    assert html_text(page(toctree))[0] == "The Python Standard Library\n\nThis manual describes the standard library."
    # a "singlehtml" build's toctree holds the pages themselves (Pacemaker Explained's): read, its caption not
    single = (
        '<h1>Pacemaker Explained</h1><div class="toctree-wrapper compound"><p class="caption"><span>Contents:</span>'
        '</p><span id="document-intro"></span><section id="introduction"><h3>1. Introduction</h3><p>This document is '
        "an exhaustive reference.</p><ul><li>Detection of failures</li></ul></section></div>"
    )
    assert html_text(page(single))[0] == (
        "Pacemaker Explained\n\n1. Introduction\n\nThis document is an exhaustive reference.\n\nDetection of failures"
    )
    kept = '<div class="index"><p>Welcome.</p></div><table class="index"><tr><td>Port</td><td>5432</td></tr></table>'
    assert html_text(page(kept))[0] == "Welcome.\n\nPort | 5432"


def test_an_id_made_of_a_headings_words_is_an_anchor_not_chrome():
    """Ids are anchors as well as layout names. An id whose words are all chrome or layout words is chrome
    ("footer", "site-nav", "searchbox"); one with any other word is a heading's anchor, and its text stays: CMake's
    SKIP_RETURN_CODE page, PostgreSQL's search_path entry, Python's "Cookie management" and Bash's "Command Search
    and Execution" sections were dropped whole for the words "skip", "search" and "cookie"."""
    html = page(
        '<section id="skip-return-code"><h1>SKIP_RETURN_CODE</h1><p>Return code to mark a test as skipped.</p>'
        '</section><dl><dt id="GUC-SEARCH-PATH">search_path (string)</dt><dd><p>The order schemas are searched.'
        '</p></dd></dl><div class="section" id="cookie-objects"><p>Cookie objects.</p></div>'
        '<div id="site-nav">Home</div><div id="searchbox">Go</div><div id="footer-text">(c) 2023</div>'
    )
    assert html_text(html)[0] == (
        "SKIP_RETURN_CODE\n\nReturn code to mark a test as skipped.\n\nsearch_path (string)\n"
        "The order schemas are searched.\n\nCookie objects."
    )
    # Texinfo's table of contents entries ("toc-…"); docutils' heading linking back to the contents stays.
    html = page(
        '<ul><li><a id="toc-Introduction-1" href="#Introduction">1 Introduction</a></li></ul>'
        '<h2><a class="toc-backref" href="#id1">Normal Executables</a></h2><p>Adds a target.</p>'
    )
    assert html_text(html)[0] == "Normal Executables\n\nAdds a target."


def test_a_heading_term_or_section_id_is_its_anchor_even_in_chrome_words():
    """A heading's, a term's or a section's id is an anchor of its text, whatever its words: MkDocs' setting "nav"
    (<h3 id="nav">) had lost its heading, and Flask's and Requests' "Cookies" sections (<section id="cookies">)
    were dropped whole. A div of those words is still chrome."""
    html = page(
        '<h2 id="documentation-layout">Documentation layout</h2><h3 id="nav">nav</h3><p>The site navigation.</p>'
        '<section id="cookies"><h2>Cookies</h2><p>To access cookies you can use the cookies attribute.</p></section>'
        '<dl><dt id="search">search</dt><dd><p>A search plugin.</p></dd></dl><div id="nav">Home | About</div>'
    )
    assert html_text(html)[0] == (
        "Documentation layout\n\nnav\n\nThe site navigation.\n\nCookies\n\n"
        "To access cookies you can use the cookies attribute.\n\nsearch\nA search plugin."
    )


def test_texinfo_node_links_are_not_text():
    """As GNU Texinfo writes its manuals (bash's, R's: makeinfo; zsh's: texi2html): each node opens with a
    <div class="header"> or <table class="header"> of Next/Previous/Up links, chrome before every section."""
    html = page(
        '<div class="header"><p>Next: <a href="#Definitions" rel="next">Definitions</a>, Up: <a href="#Top" '
        'rel="up">Bash Features</a> &nbsp; [<a href="#SEC_Contents" rel="contents">Contents</a>]</p></div>'
        '<h2 class="chapter">1 Introduction</h2><table class="header"><tr><td>[<a href="a.html"> &lt; </a>]</td>'
        '<td>[<a href="index.html"> Up </a>]</td></tr></table><p>Bash is the shell.</p>'
        '<table class="header-row"><tr><td>Kept</td></tr></table>'
    )
    assert html_text(html)[0] == "1 Introduction\n\nBash is the shell.\n\nKept"


def test_a_headings_hash_permalink_is_not_text():
    html = page('<h2>File system<span><a class="mark" href="#file-system">#</a></span></h2><p>Use C# or # 1.</p>')
    assert html_text(html)[0] == "File system\n\nUse C# or # 1."


def test_an_empty_main_falls_back_to_the_whole_body():
    html = page("<main></main><div><p>The real text lives outside main.</p></div><footer>f</footer>")
    assert html_text(html)[0] == "The real text lives outside main."


def test_many_articles_are_a_listing_not_one_main_content():
    html = page("<article><p>One.</p></article><article><p>Two.</p></article>")
    assert html_text(html)[0] == "One.\n\nTwo."


def test_hidden_elements_and_scripts_are_not_text():
    html = page('<p>Shown.</p><p hidden>Secret.</p><div style="display: none">Gone.</div><script>var x=1;</script>')
    assert html_text(html)[0] == "Shown."


def test_a_code_listings_line_numbers_and_doxygens_tooltips_are_not_text():
    """Protects quotes of code and API references: FFmpeg's Doxygen pages read "75#define AV_DICT_APPEND 32" (the
    gutter's line number run into the code) and every page repeated the tooltips a pointer shows over a name
    ("Definition: dict.h:72 av_dict_set …"), hidden until then; Sphinx's numbered code blocks the same (Pygments)."""
    doxygen = page(
        '<div class="fragment"><div class="line"><a id="l00075"></a><span class="lineno">   75</span>'
        '<span class="preprocessor">#define AV_DICT_APPEND 32</span></div></div>'
        '<div class="ttc" id="a1"><div class="ttname"><a href="#x">av_dict_set</a></div>'
        '<div class="ttdef"><b>Definition:</b> dict.h:72</div></div>'
    )
    assert html_text(doxygen)[0] == "#define AV_DICT_APPEND 32"
    sphinx = page('<div class="highlight"><pre><span class="linenos">1</span> include(x)\n<span class="linenos">2'
                  '</span> add_executable(myexe src1.c)\n</pre></div>')  # fmt: skip
    assert html_text(sphinx)[0].split("\n")[0] == "include(x)" and "2" not in html_text(sphinx)[0]


def test_a_footnotes_reference_mark_is_not_text():
    """Protects answers and quotes from the marks that point to a footnote: R's manual (GNU Texinfo) read ".RData6"
    for ".RData" followed by footnote 6, and "commands5"; Sphinx writes "[1]", pandoc and Python-Markdown a
    superscript link. The footnote itself stays text where the page has it, and so does a link within the page."""
    texinfo = page(
        '<p>the objects are written to a file called <samp>.RData</samp><a id="DOCF6" href="#FOOT6"><sup>6</sup></a>'
        ' in the current directory.</p><h5><a id="FOOT6" href="#DOCF6">(6)</a></h5><p>The leading dot makes it '
        "invisible.</p>"
    )
    text = html_text(texinfo)[0]
    assert "file called .RData in the current directory." in text and text.endswith(
        "(6)\n\nThe leading dot makes it invisible."
    )
    sphinx = page('<p>Use super(). <a class="footnote-reference brackets" href="#id2" id="id1" role="doc-noteref">'
                  '<span class="fn-bracket">[</span>1<span class="fn-bracket">]</span></a></p>')  # fmt: skip
    assert html_text(sphinx)[0] == "Use super()."
    markdown = page('<p>Rows are kept.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>')
    assert html_text(markdown)[0] == "Rows are kept."
    assert html_text(page('<p>See <a href="#ch2">chapter 2</a>.</p>'))[0] == "See chapter 2."  # a link: text


def test_empty_last_cells_and_empty_rows_leave_no_separators():
    """Protects quotes of tables: PostgreSQL's limits table has an empty Comment cell in some rows, which was
    quoted "field size | 1 GB |"; a spacer row of empty cells (SQLite's) was a line "| |". An empty cell
    between two full ones keeps its place."""
    html = page(
        "<table><tr><th>Item</th><th>Upper Limit</th><th>Comment</th></tr><tr><td>field size</td><td>1 GB</td>"
        "<td></td></tr><tr><td></td><td> </td></tr><tr><td>%f</td><td></td><td>fractional seconds</td></tr></table>"
    )
    assert html_text(html)[0] == (
        "Item | Upper Limit | Comment\nItem: field size | Upper Limit: 1 GB\nItem: %f | | Comment: fractional seconds"
    )


def test_blocks_inside_table_cells_stay_on_the_row_line():
    html = page("<table><tr><th><p>Key</p></th><th>Value</th></tr><tr><td><p>a</p><p>b</p></td><td>1</td></tr></table>")
    assert html_text(html)[0] == "Key | Value\nKey: a b | Value: 1"


def test_rows_and_cells_whose_end_tags_are_left_out_are_still_rows():
    """Protects SQLite's pages (and any HTML that leaves out </td> and </tr>, as HTML allows): each row was run
    into one line, "sqlite3_column_blob | → | BLOB result sqlite3_column_double | → | REAL result …"."""
    html = page(
        "<table><tr><td>blob<td>BLOB result<tr><td>double<td>REAL result</table>"
        "<table><thead><tr><th>A<th>B<tbody><tr><td>1<td><table><tr><td>in<td>ner</table><tr><td>3<td>4</table>"
    )
    assert html_text(html)[0] == "blob | BLOB result\ndouble | REAL result\n\nA | B\nA: 1 | B: in | ner\nA: 3 | B: 4"


def test_a_first_row_of_data_cells_naming_three_columns_or_more_names_them():
    """Beautiful Soup 4.11's index.html (MIT): a list-table without a header row, its first row "Parser | Typical
    usage | Advantages | Disadvantages" in <td>s, had left the rows unlabelled, and "What are the disadvantages of
    lxml's HTML parser?" unanswered. A key and its value, or a first row of data, names nothing."""
    rows = "".join(f"<tr>{''.join(f'<td><p>{c}</p></td>' for c in row)}</tr>" for row in [
        ["Parser", "Typical usage", "Advantages", "Disadvantages"],
        ["html5lib", 'BeautifulSoup(markup, "html5lib")', "Extremely lenient", "Very slow"],
    ])  # fmt: skip
    assert html_text(page(f"<table><tbody>{rows}</tbody></table>"))[0] == (
        "Parser | Typical usage | Advantages | Disadvantages\nParser: html5lib | Typical usage: "
        'BeautifulSoup(markup, "html5lib") | Advantages: Extremely lenient | Disadvantages: Very slow'
    )
    for first in (
        "<td>Author<td>jane@example.org<td>Editor",
        "<td>Linux<td>2.6<td>Yes",
        "<td>A long cell name here<td>B<td>C",
    ):
        html = page(f"<table><tr>{first}<tr><td>x<td>y<td>z</table>")
        assert html_text(html)[0].endswith("\nx | y | z"), first  # no labels


# ---------------------------------------------------------------- titles


def test_site_suffixes_leave_the_title():
    assert clean_title("hashlib — Secure hashes — Python 3.11.4 documentation", "") == "hashlib — Secure hashes"
    assert clean_title("Install | Foo Docs", "") == "Install"
    assert clean_title("Getting started - MyTool Manual", "Getting started¶") == "Getting started"
    assert clean_title("git-commit(1)", "git-commit(1) Manual Page") == "git-commit(1)"
    assert clean_title("", "Only a heading") == "Only a heading"


def test_a_title_naming_nothing_gives_way_to_the_text_s_first_line(tmp_path):
    """Black 23.1's HTML (python-black-doc): a broken build titled its editors page "}" and its blackd page "<no
    title>", which every passage of those pages carried as their title."""
    from rag.ingest.readers import read_document

    assert clean_title("} — Black 23.1.0 documentation", "}") == ""
    assert clean_title("<no title> — Black 23.1.0 documentation", "") == ""
    assert clean_title("C++ — Language docs", "") == "C++"  # a letter names it
    path = tmp_path / "editors.html"
    path.write_text(page("<h1>}</h1><h2>Editor integration</h2><p>Vim and Emacs.</p>", "} — Black docs"))
    assert read_document(path, "editors.html").title == "Editor integration"


# ---------------------------------------------------------------- properties


PIECES = list("<>/ab \n\t&;¶#") + ["<pre>", "</pre>", "<p>", "<td>", "<tr>", "<nav>", "</nav>", "<main>", "</table>"]


@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_any_markup_gives_clean_text(html):
    text, title = html_text(html)
    assert PRE_OPEN not in text and PRE_CLOSE not in text
    assert text == text.strip()
    assert "\n\n\n" not in text


def test_a_field_name_spanning_its_row_is_on_one_line_with_its_value():
    """Docutils' HTML writes a field name too long for its column across the row and its value in the next row,
    after an empty cell: "Doctree Elements:" / "| figure, image, …" were two lines, so the row named no field."""
    html = page(
        '<table class="docutils field-list"><tbody><tr><th>Directive Type:</th><td>"figure"</td></tr>'
        '<tr><th colspan="2">Doctree Elements:</th></tr><tr><td>&nbsp;</td><td>figure, image, caption</td></tr>'
        '<tr><th colspan="2">Total</th></tr><tr><td></td><td>3</td></tr></tbody></table>'
    )
    assert html_text(html)[0] == (
        'Directive Type: | "figure"\nDoctree Elements: | figure, image, caption\nTotal\n| 3'  # no field's name
    )
