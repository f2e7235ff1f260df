"""Defaults: a question asking what something is by default is answered by the value its entry states."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from records import described_on, doc, hit, span_score_settings

from rag.answer.answers import reader_answer
from rag.answer.candidates import RANK_FEATURES, Candidate
from rag.answer.defaults import (
    DEFAULT_LINE,
    VALUE_MAX,
    asks_default,
    closing_default,
    entry_default,
    fits_asked,
    parameter_default,
    stated_defaults,
    term_line_default,
)
from rag.answer.stated import holding_default

# The TimeOut directive as rag reads mod/core.html of the Apache HTTP Server 2.4 manual (apache2-doc, Apache
# License 2.0): a heading, the directive's table, then its description.
DIRECTIVE = (
    "TimeOut Directive\n\n"
    "Description: | Amount of time the server will wait for certain events before failing a request\n"
    "Syntax: | TimeOut seconds\n"
    "Default: | TimeOut 60\n"
    "Context: | server config, virtual host\n"
    "Module: | core\n\n"
    "The TimeOut directive defines the length of time Apache httpd will wait for I/O in various circumstances."
)
# gc.auto of git-config(1) (git-doc, GPL-2): the default is a sentence of the entry's description.
GC_AUTO = (
    "gc.auto\n"
    "When there are approximately more than this many loose objects in the repository, git gc --auto will pack "
    "them. Some Porcelain commands use this command to perform a light-weight garbage collection from time to "
    "time. The default value is 6700.\n\n"
    "Setting this to 0 disables not only automatic packing based on the number of loose objects."
)
# Options of child_process.exec() in the Node.js 18 API reference (nodejs-doc, MIT): a line each, most with a default.
OPTIONS = (
    "timeout <number> Default: 0\n"
    "maxBuffer <number> Largest amount of data in bytes allowed on stdout or stderr. If exceeded, the child process "
    "is terminated and any output is truncated. Default: 1024 * 1024.\n"
    "killSignal <string> | <integer> Default: 'SIGTERM'\n"
    "uid <number> Sets the user identity of the process."
)


# HTTPAdapter and Response.iter_lines in requests' api.html (python-requests-doc, Apache License 2.0).
SIGNATURES = (
    "class requests.adapters.HTTPAdapter(pool_connections=10, pool_maxsize=10, max_retries=0, pool_block=False)\n"
    "The built-in HTTP Adapter for urllib3.\n\n"
    "iter_lines(chunk_size=512, decode_unicode=False, delimiter=None)\n"
    "Iterates over the response data, one line at a time."
)


def _parameter(question: str, fragment: str) -> str | None:
    at = SIGNATURES.index(fragment)
    found = parameter_default(question, SIGNATURES, at, 0)
    return None if found is None else SIGNATURES[found.start : found.end]


def test_a_parameters_default_is_the_value_its_signature_gives_it():
    """Protects "What is the default pool_maxsize of HTTPAdapter?", answered "urllib3" (of the description under the
    signature), and "What is the default chunk_size of iter_lines?", answered "512, decode_unicode=False,
    delimiter=None" (the span widened along the signature)."""
    assert _parameter("What is the default pool_maxsize of HTTPAdapter?", "urllib3") == "10"
    assert _parameter("What is the default max_retries of HTTPAdapter?", "pool_block") == "0"  # on the signature
    assert _parameter("What is the default chunk_size of iter_lines?", "512, decode") == "512"
    # the question's words abbreviated, part by part, name a parameter: decode_unicode; and "maximum size of a message"
    # max_msg_size (aiohttp's WebSocketResponse, "max_msg_size=4194304", whose span was another default's "64k")
    assert _parameter("By default, does iter_lines decode unicode?", "Iterates") == "False"
    assert _parameter("By default, how does iter_lines split lines?", "Iterates") is None  # names no parameter
    ws = "class aiohttp.web.WebSocketResponse(*, timeout=10.0, compress=True, max_msg_size=4194304)\nA websocket."
    found = parameter_default("What is the default maximum size of an incoming message?", ws, ws.index("A web"), 0)
    assert found is not None and ws[found.start : found.end] == "4194304"
    found = parameter_default("What is the default maximum size?", ws, ws.index("A web"), 0)
    assert found is None  # "msg" abbreviates no word of it
    assert _parameter("What are pool_connections and pool_maxsize by default?", "urllib3") is None  # two: not one
    assert _parameter("What is the default chunk_size?", "urllib3") is None  # HTTPAdapter has none


# Jinja 3.1's api.html and templates.html (python-jinja2-doc, BSD-3-Clause), as rag reads them.
JINJA = (
    "block_start_string\nThe string marking the beginning of a block. Defaults to '{%'.\n\n"
    "class jinja2.PackageLoader(package_name, package_path='templates', encoding='utf-8')\n"
    "Load templates from a directory in a Python package.\n\n"
    'loader = PackageLoader("project.ui", "pages")\n\n'
    "center(value: str, width: int = 80) → str\nCenters the value in a field of a given width.\n"
)


def test_a_parameters_default_may_follow_its_type():
    """Protects "What is the default width of the center filter?", answered "str" (the return type)."""
    at = JINJA.index("Centers")
    found = parameter_default("What is the default width of center?", JINJA, at, 0)
    assert found is not None and JINJA[found.start : found.end] == "80"


def test_an_optional_parameter_s_brackets_are_no_part_of_its_default():
    """Protects peewee's "What is the default max_length of a CharField?", answered "255]" at 1.0."""
    text = "class CharField([max_length=255])\nField class for storing strings.\n\nfoo(a[, b=1[, c=[]]])\nFoo."
    found = parameter_default("What is the default max_length of a CharField?", text, text.index("Field"), 0)
    assert found is not None and text[found.start : found.end] == "255"
    found = parameter_default("What is the default b of foo?", text, text.index("Foo."), 0)
    assert found is not None and text[found.start : found.end] == "1"
    found = parameter_default("What is the default c of foo?", text, text.index("Foo."), 0)
    assert found is not None and text[found.start : found.end] == "[]"  # a list's brackets are its value's


def test_a_span_inside_a_stated_default_is_the_whole_value():
    """Protects "What is the default block_start_string?", answered "%" of "Defaults to '{%'."; a span that is
    the value, lies outside it, or is words or numbers, is none to grow."""
    q_start = JINJA.index("The string")
    q_end = JINJA.index("\n", q_start)
    inside = JINJA.index("%'.")
    d = holding_default(JINJA, inside, inside + 1, q_start, q_end)
    assert d is not None and JINJA[d.start : d.end] == "'{%'"
    assert holding_default(JINJA, d.start, d.end, q_start, q_end) is None
    assert holding_default(JINJA, q_start, q_start + 10, q_start, q_end) is None
    words = 'The default is typically 100 connections. It defaults to "siphash24".'
    for span in ("100 connections", "siphash24"):  # a value of words or numbers: the reader's cut stands
        at = words.index(span)
        assert holding_default(words, at, at + len(span), 0, len(words)) is None


def test_ask_answers_a_parameters_default_from_the_signature_of_the_callable_named():
    """Protects "What is the default package_path of PackageLoader?", whose passages the reader read for an
    example's call ("PackageLoader("project.ui", "pages")") and abstained: the class's signature answers, quoted."""
    from rag.answer.signatures import signature_default

    d = doc(JINJA, suffix=".html")
    read = [(hit(d, JINJA.index("loader ="), len(JINJA), rank=1), d), (hit(d, 0, len(JINJA), rank=2), d)]
    said = signature_default("What is the default package_path of PackageLoader?", read)
    assert said is not None and JINJA[said.start : said.end] == "'templates'"
    assert JINJA[said.quote_start : said.quote_end].startswith("class jinja2.PackageLoader(")
    assert signature_default("What is the default encoding of PackageLoader?", read) is not None
    assert signature_default("What is the default encoding of FileSystemLoader?", read) is None  # not named
    assert signature_default("What does PackageLoader's package_path hold?", read) is None  # no default asked
    # a plain word not asked as the parameter ("namespace" of "the default Kubernetes namespace") names none
    assert signature_default("What is the default Python package for PackageLoader?", read) is None


# Jinja 3.1's templates.html as rag reads it: each filter's signature under its Sphinx domain's hyphenated name.
FILTERS = (
    "jinja-filters.center(value: str, width: int = 80) → str\nCenters the value in a field of a given width.\n\n"
    "jinja-filters.wordwrap(s: str, width: int = 79, break_long_words: bool = True) → str\n"
    "Wrap a string to the given width.\n\n"
    'jinja-filters.round(value: float, precision: int = 0, method: \'te.Literal["common", "ceil", "floor"]\' = '
    "'common') → float\nRound the number to a given precision.\n"
)


def test_a_filters_signature_under_a_hyphenated_namespace_answers():
    """Protects "What is the default width of the center filter?" (answered "str", the quote right) and "What
    does the center filter do?" (quoted right, abstained at 0.08) on Jinja's filter list: "jinja-filters." was no
    signature's module, and "the center filter" called no term."""
    from rag.answer.calls import called_names
    from rag.answer.extent import SIGNATURE
    from rag.answer.headed import headed_answer
    from rag.answer.signatures import signature_default

    assert SIGNATURE.match("jinja-filters.center(value: str, width: int = 80) → str").group(1) == "jinja-filters.center"
    assert SIGNATURE.match("-center(value)") is None and SIGNATURE.match("center-(value)") is None
    assert called_names("What does the center filter do?") == {"center"}
    d = doc(FILTERS, suffix=".html")
    read = [(hit(d), d)]
    said = signature_default("What is the default width of the center filter?", read)
    assert said is not None and FILTERS[said.start : said.end] == "80"
    said = signature_default("What is the default width of the wordwrap filter?", read)
    assert said is not None and FILTERS[said.start : said.end] == "79"
    # a quoted annotation is read whole; a default asked as what holds "if none is specified", its parameter a word
    # of the question's "which …" phrase (it had answered "jinja-filters.round")
    said = signature_default("Which rounding method does round use if none is specified?", read)
    assert said is not None and FILTERS[said.start : said.end] == "'common'"
    assert signature_default("Which rounding method does round use?", read) is None  # asks no default
    said = headed_answer("What does the center filter do?", read, frozenset("what does the do center filter".split()))
    assert said is not None and FILTERS[said.start : said.end] == "Centers the value in a field of a given width."


def test_a_decorator_s_signature_gives_its_parameters_defaults():
    """Protects "What is the default maxsize of functools.lru_cache?" on Python 3.11's functools.html (PSF licence):
    "@functools.lru_cache(maxsize=128, typed=False)" was no signature, and the reader answered "128, typed=False"."""
    from rag.answer.extent import SIGNATURE
    from rag.answer.signatures import signature_default

    text = (
        "@functools.lru_cache(user_function)\n@functools.lru_cache(maxsize=128, typed=False)\nDecorator to wrap a "
        "function with a memoizing callable that saves up to the maxsize most recent calls.\n"
    )
    assert SIGNATURE.match("@functools.lru_cache(maxsize=128, typed=False)").group(1) == "functools.lru_cache"
    assert SIGNATURE.match("@@cache(f)") is None
    d = doc(text, suffix=".html")
    said = signature_default("What is the default maxsize of functools.lru_cache?", [(hit(d), d)])
    assert said is not None and text[said.start : said.end] == "128"
    assert text[said.quote_start : said.quote_end] == "@functools.lru_cache(maxsize=128, typed=False)"
    # pytest 7.2's how-to/fixtures.html (MIT): a decorator applied in an example is no signature
    example = '@pytest.fixture(scope="session")\ndef smtp_connection():\n    ...\n'
    d = doc(example, suffix=".html")
    assert signature_default("What is the default scope of a pytest.fixture?", [(hit(d), d)]) is None


def _values(text: str) -> list[str]:
    return [text[d.start : d.end] for d in stated_defaults(text, 0, len(text))]


def test_a_stated_default_is_its_value_as_manuals_write_it():
    """Protects the value read: up to what ends it (a sentence's stop, a comma, a bracket, a cell, the line),
    never the words that qualify it."""
    assert _values("highWaterMark <integer> Buffer level. Default: 16384 (16 KiB).") == ["16384"]
    assert _values("maxBuffer <number> Largest amount of data. Default: 1024 * 1024.") == ["1024 * 1024"]
    assert _values("Activate inspector on host:port. Default is 127.0.0.1:9229.") == ["127.0.0.1:9229"]
    assert _values("<string> Default: 'TLSv1.2', unless changed using CLI options.") == ["'TLSv1.2'"]
    assert _values("Prune loose objects older than date (default is 2 weeks ago, overridable by …).") == ["2 weeks ago"]
    assert _values("from gc.reflogExpire, which in turn defaults to 90 days. --expire=all prunes") == ["90 days"]
    assert _values("The default setting for SQLITE_MAX_COLUMN is 2000. You can change it.") == ["2000"]
    assert _values("The default value of this parameter is 511 (not 512).") == ["511"]
    assert _values("The default for nargs is 1 (except if the type is a tuple).") == ["1"]  # Click's
    assert _values("Default directory is .pytest_cache which is created in rootdir.") == [".pytest_cache"]  # pytest's
    assert _values("The default port is 8080.") == ["8080"]
    assert _values("The default dump function is json.dumps.") == ["json.dumps"]  # two words, a code-like name
    assert _values("The default dump function is fine.") == []  # a word, no value
    # Tornado 6.2's httpclient.html: a bare default's number without the stop after it ("5." had answered), and with
    # its unit before a bracket
    assert _values("max_redirects (int) – Limit for follow_redirects, default 5.") == ["5"]
    assert _values("Timeout for entire request in seconds,\ndefault 20 seconds (0 means no timeout)") == ["20 seconds"]
    assert _values("a limit, default 5 and more") == []
    # a number after what it counts (Python 3.11's http.server.html), once however it is said
    assert _values("The server listens to port 8000 by default. The default can be overridden.") == ["8000"]
    assert _values("This is 5 by default.") == ["5"]
    assert _values("It uses 2 threads by default.") == []  # what it counts is between
    # a call whole, its brackets and all (Python 3.11's argparse.html had answered "os.path.basename")
    assert _values("prog - The name of the program (default: os.path.basename(sys.argv[0]))") == [
        "os.path.basename(sys.argv[0])"
    ]
    # systemd 252's ENVIRONMENT.md had answered "not appropriate for a given system"
    assert _values("It may be adjusted when the default is not appropriate. Defaults to 5, accepts integers.") == ["5"]
    assert _values("httpd's default behavior is to take the URL-Path for the request.") == []  # what it does: Apache's
    assert _values("The default parameter is available in Apache 2.4.7 and later") == []  # what is true of it
    assert _values("the number of objects in the repository with a default of 7) of the commit") == ["7"]
    assert _values("The default value is 16384 and\ncan be changed at build time.") == ["16384"]  # wrapped prose
    assert _values("(If 'textwidth' is 0, the default is 80.)") == ["80"]
    assert _values("Change the default epsilon limit (1e-5) to detect convergence.") == ["1e-5"]  # gnuplot's
    assert _values("Listen on the default local log socket (/dev/log) or, if provided, …") == ["/dev/log"]  # a path
    assert _values("The default format (see set format) is used.") == []  # a note, no value, in the brackets
    assert _values("By default, the server does not time out sockets.") == []  # no value stated
    # one word or value a sentence "By default, …" ends with (Mako's), not what is done by default
    assert _values("Foo. By default, the TemplateLookup size is unbounded.") == ["unbounded"]
    assert _values("By default, caching is disabled.") == ["disabled"]
    assert _values("By default, the level is set on the root logger.") == []
    assert _values("By default, options are not required.") == []
    assert _values("The default page size has been 1024 bytes.") == []  # a history, not a statement of it
    # a quoted value or a list whole, its brackets and all (MkDocs'): "'[\s\-" and "['search'" had been read
    assert _values("default: '[\\s\\-]+'") == ["'[\\s\\-]+'"]
    assert _values("default: ['search'] (the \"search\" plugin included with MkDocs).") == ["['search']"]
    assert _values("default: [] (an empty list).") == ["[]"]
    assert _values("The marker defaults to [TOC] so the following document:") == ["[TOC]"]  # Python-Markdown's toc
    # a quoted value on the line a command's help wraps it onto (pybabel's), not a word there
    assert _values("domains of PO files (space separated list, default\n                        'messages')") == [
        "'messages'"
    ]
    assert _values("the output (default\n   the input's directory)") == []
    # behave 1.2.6's: a value explained after a dash ("INFO - capturing everything" had answered)
    assert _values("Specify a level to capture logging at. The default is INFO - capturing everything.") == ["INFO"]


def test_a_value_marked_default_after_it_is_stated():
    """Protects the value a list marks as its default: "tar (default)" of restic's dump, "auto (the default, …)" of
    its --compression, the word before the mark whole (a list of values joined by commas, an option)."""
    assert _values("Restic will output the contents in the tar (default) or zip format:") == ["tar"]
    assert _values("It can be set to auto (the default, which will compress very fast), max (…)") == ["auto"]
    assert _values("ctime,size,inode (default)") == ["ctime,size,inode"]
    assert _values("Use --warning (default) to set WARNING log level.") == ["--warning"]
    assert _values("Keep the defaults (recommended) unless told otherwise.") == []  # no value marked
    # a number with its unit whole (bzip2's manual had answered "bytes")
    assert _values("the block size to be 100,000 bytes through 900,000 bytes (the default) respectively.") == [
        "900,000 bytes"
    ]
    assert _values("Use level 5 (default) or 9.") == ["5"]
    assert _values("dbm: (default) It uses python dbm module.") == ["dbm"]  # doit's: an item's colon left out


def test_a_directive_tables_default_is_the_value_without_the_directive():
    """Apache's and nginx's tables write a directive's default as the directive with its value: the value is 60;
    a default alone in its row keeps its first word ("Default: | none" is no directive)."""
    assert _values(DIRECTIVE) == ["60"]
    assert _values("Syntax: | ServerTokens Major|Minor\nDefault: | ServerTokens Full") == ["Full"]
    assert _values("Default: | On Unix: 127.0.0.1") == ["On Unix: 127.0.0.1"]


def test_a_default_cell_of_a_labelled_row_is_stated():
    """Protects rsyslog's parameter tables, whose rows extraction labels by the header ("type: integer | default: 10
    | mandatory: no | …"): the "default" cell states its value, and a "default:" in prose states none."""
    assert _values("type: integer | default: 10 | mandatory: no | obsolete legacy directive: none") == ["10"]
    assert _values("default: 1000/50000 | mandatory: no") == ["1000/50000"]
    # a default's measure counted (PyMongo's heartbeatFrequencyMS, where the line above's "Defaults to None" answered)
    assert _values("… periodic server checks, or None to accept the default frequency of 10 seconds.") == ["10 seconds"]
    assert _values("Change the default frequency of checks.") == []
    assert _values("The value is the default: it applies when no other is set.") == []


def test_a_question_asks_for_a_default_value_not_when_or_why_one_changed():
    assert asks_default("What is the default value of KeepAliveTimeout?")
    assert asks_default("How long does the server wait before failing a request by default?")
    assert asks_default("Which merge strategy does Git use if none is chosen, by default?")
    assert asks_default("Which rounding method does round use if none is specified?")  # what holds when none is given
    assert asks_default("What encoding is used if not specified?") and asks_default("What is used if omitted?")
    # what holds unless one is given, as users ask it (psycopg2's and Bottle's probes)
    assert asks_default("What page_size does execute_values use if I don't specify one?")
    assert asks_default("What port does psycopg2.connect() use if I don't give one?")
    assert asks_default("What HTTP status does redirect() send unless told otherwise?")
    assert asks_default("Which port is used without specifying one?") and asks_default("What is it if it's unset?")
    # what a call does without a value chosen (Babel's "If I call Translations.load without specifying a domain, which
    # domain does it load?"), not how to do without one
    assert asks_default("If I call format_date without choosing a format variant, which variant does it use?")
    assert asks_default("If I call Translations.load without specifying a domain, which domain does it load?")
    # a value left out after "and", a fallback asked for, a named argument left out (CherryPy's, SQLObject's, lxml's)
    assert asks_default("If I raise HTTPRedirect and don't pass a status code, what status does the response get?")
    assert asks_default("I connect to Firebird and didn't pass any credentials. Which password does it fall back to?")
    assert asks_default("If I create a CSSSelector without specifying the translator argument, which one does it pick?")
    assert not asks_default("What does pip fall back to when the index is down, and why?")
    assert not asks_default("How do I connect without giving a password?")
    assert not asks_default("What happens if I don't close the cursor?")
    assert not asks_default("What happens if a file is not specified correctly in the list?")
    assert not asks_default("Which version of SQLite raised the default page size?")
    assert not asks_default("When did the default page size change?")
    assert not asks_default("Why was the default changed?")
    assert not asks_default("What page size does a new database use?")
    # what sets a default asks for that thing, the default its subject (R's manual had answered "to restore")
    assert not asks_default("Which environment variable sets the default packages loaded at startup?")
    assert not asks_default("What option overrides the defaults?")
    # a setting named for its default asked what it is (cachelib's "default_timeout=300"), not what it does
    assert asks_default("What is the default_timeout of SimpleCache?")
    assert not asks_default("What does default_timeout do?") and not asks_default("What is default_timeout used for?")


def _default(text: str, fragment: str, quote: str | None = None) -> str | None:
    """The default entry_default gives for the span `fragment` of text, quoted by the line holding it."""
    start = text.index(fragment)
    end = start + len(fragment)
    q_start = text.index(quote) if quote else text.rfind("\n", 0, start) + 1
    q_end = q_start + len(quote) if quote else (text.find("\n", end) % (len(text) + 1))
    found = entry_default(text, start, end, q_start, q_end, 0, len(text))
    return None if found is None else text[found.start : found.end]


def test_the_default_answering_is_the_one_of_the_spans_line_or_block():
    """Protects which default answers: the one the span's quote states, outside the span (the reader read the
    sentence and found what it is about); else the one its line states, else the one its block (a table, an
    entry's paragraph) states; none where the block states several (each parameter's own) or the span is in the
    value its quote states (the reader read it and chose how much of it answers)."""
    assert _default(DIRECTIVE, "Amount of time") == "60"  # the table's Description row: its Default row
    assert _default(DIRECTIVE, "length of time") is None  # the description below the table: another block
    sentence = "When there are approximately more than this many loose objects in the repository, git gc --auto will pack them."
    assert _default(GC_AUTO, "approximately more", sentence) == "6700"
    first = "maxBuffer <number> Largest amount of data in bytes allowed on stdout or stderr."
    assert _default(OPTIONS, "Largest amount of data", first) == "1024 * 1024"  # its own line's
    assert _default(OPTIONS, "user identity") is None  # a line without one, in a list of several
    assert _default(GC_AUTO, "6700", "The default value is 6700.") is None  # the reader chose in that sentence
    dump = "Restic will output the contents in the tar (default) or zip format:"
    assert _default(dump, "zip format") == "tar"  # the one its sentence states, not the reader's
    assert _default("The default is typically 100 connections.", "100 connections") is None  # inside the value
    both = "The timeout defaults to 5 and the retry count defaults to 3."
    assert _default(both, "timeout") is None  # two stated: which is the reader's to say


def test_a_table_rows_default_answers_for_the_row():
    """An option table's row (borg's, a leading empty cell) states its option's default: it answers for a span
    anywhere else on the row."""
    row = "| -c SECONDS, --checkpoint-interval SECONDS | write checkpoint every SECONDS seconds (Default: 1800)"
    at = row.index("every SECONDS")
    found = term_line_default(row, at, at + len("every SECONDS seconds"), 0, len(row))
    assert found is not None and row[found.start : found.end] == "1800"
    assert term_line_default(row, row.index("1800"), row.index("1800") + 4, 0, len(row)) is None  # the value


# Flask 2.2's config.html (BSD licence) as rag reads it: each key's <dd> holds its description, then its default.
FLASK = (
    "SESSION_COOKIE_NAME\nThe name of the session cookie. Can be changed in case you already have a cookie with the "
    "same name.\n\nDefault: 'session'\n\nSESSION_COOKIE_DOMAIN\nThe domain match rule that the session cookie will "
    "be valid for.\n\nDefault: None\n\nSESSION_COOKIE_SAMESITE\nRestrict how cookies are sent.\n\nSee Set-Cookie "
    "options.\n\nDefault: None\n\nNew in version 1.0.\n"
)


def test_a_default_line_below_an_entrys_description_is_its_default():
    """The reader found the entry ("The name of the session cookie"); its "Default:" line, paragraphs below, answers,
    not the next entry's."""

    def closing(span: str) -> str | None:
        at = FLASK.index(span)
        line = FLASK.index("\n", at)
        d = closing_default(FLASK, at, FLASK.rfind("\n", 0, at) + 1, line)
        return None if d is None else FLASK[d.start : d.end]

    assert closing("name of the session cookie") == "'session'"
    assert closing("domain match rule") == "None"
    assert closing("Restrict how cookies") == "None"  # past a paragraph of its own
    assert closing("New in version") is None  # below the entry's description: no entry's description holds it
    said = FLASK.index("Default: 'session'")
    assert closing_default(FLASK, FLASK.index("name of the"), said, said + 18) is None  # the quote states one


# MkDocs 1.4's configuration.html (BSD-2-Clause) as rag reads it: each setting's name a heading, its description,
# maybe a table and notes, then its "default:" line.
MKDOCS = (
    "docs_dir\n\nThe directory containing the documentation source markdown files.\n\ndefault: 'docs'\n\nsite_dir\n\n"
    "The directory where the output HTML and other files are created.\n\ndefault: 'site'\n\nuse_directory_urls\n\n"
    "This setting controls the style used for linking to pages within the documentation.\n\nSource file | "
    "use_directory_urls: true | use_directory_urls: false\nSource file: index.md | use_directory_urls: true: / | "
    "use_directory_urls: false: /index.html\n\nThe default style of use_directory_urls: true creates more user "
    "friendly URLs.\n\ndefault: true\n\nstrict\n\nDetermines how warnings are handled.\n\ndefault: false"
)


def test_a_lower_case_default_line_closes_a_settings_entry_up_to_the_next_name():
    """MkDocs writes "default: 'site'" below each setting's description; the next setting's name alone ("strict")
    ends the entry, so "true", not strict's "false", is use_directory_urls' one default (the reader had answered
    "true creates more user friendly URLs", and a release note for site_dir)."""
    from rag.answer.headed import headed_answer
    from rag.embed.model import known_words

    def default(question: str) -> tuple[str, str] | None:
        return described_on(lambda q, p: headed_answer(q, p, known_words()), MKDOCS, "configuration", question)

    assert default("What is the default value of site_dir?") == ("'site'", "default: 'site'")
    assert default("What is the default value of use_directory_urls?") == ("true", "default: true")


# lighttpd 1.4.69's configuration.txt (BSD licence), as rag reads it: reStructuredText's definition lists in a text
# file, each option's description and "Default:" line indented under it.
LIGHTTPD = (
    "server.bind\n  IP address, hostname or absolute path to the unix-domain socket the server\n  listen on.\n\n"
    '  Default: bind to all interfaces\n\n  Example: ::\n\n    server.bind = "127.0.0.1"\n\n'
    "server.port\n  tcp-port to bind the server to\n\n.. note:: port belows 1024 require root-permissions\n\n"
    "  Default: 80 (443 if ssl is enabled)\n"
)


def test_an_indented_default_line_closes_its_entry():
    """Protects lighttpd's options: the "Default:" line, indented as the description is, answers for it ("80" for
    "tcp-port to bind the server to", past a note), and a question naming the option reads it under the option's own
    line ("What is the default of the server.bind option?": "bind to all interfaces", quoted by its line)."""
    from rag.answer.headed import term_line_entry
    from rag.answer.terms import named_terms

    at = LIGHTTPD.index("tcp-port")
    found = closing_default(LIGHTTPD, at, at, at + 8)
    assert found is not None and LIGHTTPD[found.start : found.end] == "80"
    question = "What is the default of the server.bind option?"
    assert named_terms(question) == {"server.bind"}
    said = term_line_entry(question, hit(doc(LIGHTTPD)), LIGHTTPD, frozenset(named_terms(question)))
    value = LIGHTTPD.index("bind to all")
    assert said == (value, value + len("bind to all interfaces"), LIGHTTPD.index("  Default: bind"), value + 22)


@given(st.integers(0, len(DIRECTIVE + "\n\n" + GC_AUTO) - 1), st.integers(1, 12))
def test_a_default_lies_inside_the_passage_on_its_stated_line(pos, length):
    """Protects the offsets: a default found is one `stated_defaults` gives, inside the passage read, one line,
    no longer than VALUE_MAX, on the line its quote is to hold."""
    text = DIRECTIVE + "\n\n" + GC_AUTO
    lo, hi = 10, len(text) - 5
    start, end = max(pos, lo), min(max(pos, lo) + length, hi)
    found = entry_default(text, start, end, start, end, lo, hi)
    if found is not None:
        assert found in stated_defaults(text, lo, hi)
        assert lo <= found.line <= found.start < found.end <= found.line_end <= hi
        assert "\n" not in text[found.start : found.end] and found.end - found.start <= VALUE_MAX


def test_a_default_answer_quotes_its_row_then_what_the_reader_read():
    """Through `reader_answer`: the reader's span is the directive's description; the answer is the default's
    value, quoted by its row, and the row the reader read comes next with its span marked."""
    d = doc(DIRECTIVE, suffix=".html")
    a = DIRECTIVE.index("Amount of time")
    row_end = DIRECTIVE.index("\n", a)
    c = Candidate(hit(d), d, a, a + len("Amount of time"), 2.0, 0.0, DIRECTIVE.rfind("\n", 0, a) + 1, row_end, 0.6)
    x = np.zeros((1, len(RANK_FEATURES)))
    settings = span_score_settings()
    ans = reader_answer("How long does the server wait for I/O by default?", [c.hit], [c], x, settings, 0.5)
    assert ans.found and ans.text == "60" and ans.span is not None
    assert DIRECTIVE[ans.span.start : ans.span.end] == "60"
    assert [q.text for q in ans.quotes] == ["Default: | TimeOut 60", DIRECTIVE[c.quote_start : row_end]]
    assert ans.quotes[1].span is not None and ans.quotes[1].span.text == "Amount of time"
    asked_otherwise = reader_answer("What does the TimeOut directive set?", [c.hit], [c], x, settings, 0.5)
    assert asked_otherwise.text == "Amount of time"  # no default asked: the reader's span stands
    # asked how long, the span holding no time: the row states the one default there is
    how_long = reader_answer("How long does the server wait for I/O?", [c.hit], [c], x, settings, 0.5)
    assert how_long.text == "60"


def test_ask_answers_a_directives_default_from_its_table(tmp_path, embedder, write_files):
    """End to end with the shipped reader, over the directive as its HTML page writes it."""
    from rag.index import Index

    rows = "".join(
        f"<tr><th>{line.split(': | ')[0]}:</th><td>{line.split(': | ')[1]}</td></tr>"
        for line in DIRECTIVE.split("\n\n")[1].split("\n")
    )
    page = (
        f"<html><body><h2>TimeOut Directive</h2><table>{rows}</table><p>{DIRECTIVE.split(chr(10) * 2)[2]}</p>"
        "</body></html>"
    )
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"core.html": page})])
    ans = index.ask("How long does the server wait for certain events before failing a request by default?")
    assert ans.text == "60", (ans.text, [q.text for q in ans.quotes])
    assert ans.quotes[0].text == "Default: | TimeOut 60"


# aptitude 0.8's configuration reference (aptitude-doc-en, GPL 2+): a DocBook segmented list, each option a record of
# "Option:", "Default:" and "Description:" lines. Its options' names are scoped ("APT::Install-Recommends"): the
# question named no term, the record was no entry, and the reader answered "today" of another option's description.
SEGMENTED_OPTIONS = [
    ("APT::AutoRemove::RecommendsImportant", "true", "If this option is true, then aptitude will not consider "
     "packages to be unused as long as any installed package recommends them, even if APT::Install-Recommends is "
     "false."),
    ("APT::Install-Recommends", "true", "If this option is true and Aptitude::Auto-Install is true, then whenever you "
     "mark a package for installation, aptitude will also mark the packages it recommends for installation."),
    ("Aptitude::Autoclean-After-Update", "false", "If this option is true, aptitude will clean up obsolete files "
     "every time you update the package list. This option is similar to Aptitude::Clean-After-Install."),
    ("Aptitude::Recommends-Important", "true", "In previous versions of aptitude, this setting caused recommendations "
     "to be installed automatically, the same way that APT::Install-Recommends does today."),
]  # fmt: skip


@pytest.mark.parametrize(("option", "value"), [("APT::Install-Recommends", "true"),
                                               ("Aptitude::Autoclean-After-Update", "false")])  # fmt: skip
def test_ask_answers_a_scoped_options_default_from_its_record(tmp_path, embedder, write_files, option, value):
    from rag.index import Index

    seg = '<div class="seg"><strong><span class="segtitle">{}: </span></strong>{}</div>'
    records = "".join(
        f'<div class="seglistitem">{seg.format("Option", f"<code>{name}</code>")}'
        f"{seg.format('Default', f'<code>{default}</code>')}{seg.format('Description', text)}</div>"
        for name, default, text in SEGMENTED_OPTIONS
    )
    page = (
        f"<html><body><h2>Available configuration options</h2><div class='segmentedlist'>{records}</div></body></html>"
    )
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"options.html": page})])
    ans = index.ask(f"What is the default value of {option}?")
    assert ans.text == value, (ans.text, [q.text for q in ans.quotes])
    assert ans.quotes[0].text == f"Option: {option}\nDefault: {value}"


# borg compact's page of the BorgBackup 1.2 documentation (borgbackup-doc, BSD-3-Clause): its options table, a leading
# empty cell in each row, then the description.
BORG_COMPACT = (
    "<html><body><h1>borg compact</h1><pre>borg [common options] compact [options] [REPOSITORY]</pre>"
    "<table><tr><td colspan='3'><p><strong>options</strong></p></td></tr>"
    "<tr><td></td><td><code>--cleanup-commits</code></td><td>cleanup commit-only 17-byte segment files</td></tr>"
    "<tr><td></td><td><code>--threshold PERCENT</code></td><td>set minimum threshold for saved space in PERCENT "
    "(Default: 10)</td></tr></table>"
    "<h2>Description</h2><p>This command frees repository space by compacting segments.</p>"
    "<p>Use this regularly to avoid running out of space - you do not need to use this after each borg command "
    "though. It is especially useful after deleting archives, because only compaction will really free repository "
    "space.</p></body></html>"
)


def test_ask_answers_an_option_tables_default(tmp_path, embedder, write_files):
    """End to end with the shipped reader: the reader found the row ("PERCENT"); its default answers."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"compact.html": BORG_COMPACT})])
    ans = index.ask("What is the default threshold of borg compact?")
    assert ans.text == "10", (ans.text, [q.text for q in ans.quotes])
    assert "(Default: 10)" in ans.quotes[0].text


def test_a_plain_value_said_to_hold_by_default_after_it_is_stated():
    """PostgreSQL's "port (integer)" / "The TCP port the server listens on; 5432 by default." states its default."""

    def values(text: str) -> list[str]:
        return [text[d.start : d.end] for d in stated_defaults(text, 0, len(text))]

    assert values("The TCP port the server listens on; 5432 by default.") == ["5432"]
    assert values("This is on by default; however, track_counts must also be enabled.") == ["on"]
    assert values("Python's pickle is used by default.") == []  # a participle, no value
    assert values("Sockets are created in /tmp by default.") == []  # no value said of a term
    # a constant's name, then its value (Requests' max_redirects)
    assert values("This defaults to requests.models.DEFAULT_REDIRECT_LIMIT, which is 30.") == ["30"]
    # a number said to be the default setting before what it does (PostgreSQL's wal_buffers)
    assert values("The default setting of -1 selects a size equal to 1/32nd (about 3%) of shared_buffers.") == ["-1"]
    assert values("This argument, when given its default argument of None, is set to ['str'].") == ["None"]  # Mako's


def test_a_hedge_before_a_default_s_value_is_no_part_of_it():
    text = (
        "The default is typically 128 megabytes (128MB), but might be less if your kernel settings will not support it."
    )
    assert [text[d.start : d.end] for d in stated_defaults(text, 0, len(text))] == ["128 megabytes"]


def test_a_quoted_value_is_stated_whole_and_a_bare_default_before_a_code_like_value():
    """Click's version_option states '"%(prog)s, version %(version)s"' (it had stopped at the bracket: '"%'); cachelib's
    FileSystemCache ends a parameter's line with ", default 0600" and opens another's with "Default hashlib.md5."."""
    assert _values('Defaults to "%(prog)s, version %(version)s".') == ['"%(prog)s, version %(version)s"']
    assert _values("mode (Optional[int]) – the file mode wanted for the cache files, default 0600") == ["0600"]
    assert _values("hash_method (Any) – Default hashlib.md5. The hash method used to generate the filename.") == [
        "hashlib.md5"
    ]
    assert _values("How long the connection should wait. Default five seconds.") == ["five seconds"]
    assert _values("Use the default settings, default gateway and default configuration.") == []  # words, no value
    assert _values("Set the default behaviour. Default values are kept.") == []


# Click 8.1's api.html (BSD-3-Clause) as rag reads it: the signature says None, the parameter's line the default.
PAUSE = (
    "click.pause(info=None, err=False)\nThis command stops execution and waits for the user to press any key.\n\n"
    'Parameters\n\ninfo (Optional[str]) – The message to print before pausing. Defaults to "Press any key to '
    'continue...".\n\nerr (bool) – if set to message goes to stderr instead of stdout.\n\nReturn type\nNone\n\n'
    "click.get_binary_stream(name, timeout=None)\nReturns a system stream for byte processing.\n\n"
    "Parameters\n\ntimeout (float) – seconds to wait. Defaults to 30.\n"
)


def test_a_signature_s_none_gives_way_to_the_default_its_parameter_s_line_states():
    from rag.answer.signatures import signature_default

    d = doc(PAUSE, suffix=".html")
    said = signature_default("What is the default info of click.pause?", [(hit(d), d)])
    assert PAUSE[said.start : said.end] == '"Press any key to continue..."'
    assert PAUSE[said.quote_start : said.quote_end].startswith("info (Optional[str]) – The message to print")
    said = signature_default("What is the default err of click.pause?", [(hit(d), d)])
    assert PAUSE[said.start : said.end] == "False"  # the signature's own value
    said = signature_default("What is the default timeout of get_binary_stream?", [(hit(d), d)])
    assert PAUSE[said.start : said.end] == "30"  # its own parameter's line, below its own signature
    # a parameter's line stating no default: the signature's None stands
    stated = ' Defaults to "Press any key to continue...".'
    d = doc(PAUSE.replace(stated, ""), suffix=".html")
    said = signature_default("What is the default info of click.pause?", [(hit(d), d)])
    assert d.text[said.start : said.end] == "None"


# Jinja 3.1's templates.html (BSD-3-Clause) as rag reads it: the signature says None, the description the default.
TRUNCATE = (
    "jinja-filters.truncate(s: str, length: int = 255, killwords: bool = False, end: str = '...', leeway: "
    "Optional[int] = None) → str\nReturn a truncated copy of the string.\n\n"
    "The default leeway on newer Jinja versions is 5 and was 0 before but can be reconfigured globally.\n\n"
    "jinja-filters.unique(value, case_sensitive: bool = False, attribute: Optional[str] = None) → Iterator\n"
    "Returns a list of unique items from the given iterable.\n"
)


def test_a_signature_s_none_gives_way_to_the_default_its_description_says_in_the_parameter_s_name():
    """The signature's "None" had answered "What is the default leeway of the truncate filter?"."""
    from rag.answer.signatures import signature_default

    d = doc(TRUNCATE, suffix=".html")
    said = signature_default("What is the default leeway of the truncate filter?", [(hit(d), d)])
    assert TRUNCATE[said.start : said.end] == "5"
    assert TRUNCATE[said.quote_start : said.quote_end].startswith("The default leeway on newer Jinja versions is 5")
    said = signature_default("What is the default attribute of the unique filter?", [(hit(d), d)])
    assert TRUNCATE[said.start : said.end] == "None"  # truncate's description is not unique's


def test_a_value_wrapped_onto_the_next_line_is_read_whole_and_a_place_asked_is_a_path_or_a_word():
    """HAProxy's "-L <name> : change the local peer name to <name>, which defaults to the local" over "    hostname."
    had answered "the local"; Postfix's "maillog_file_rotate_suffix (default: %Y%m%d-%H%M%S)" had answered where its
    configuration files are. A row's label on the next line is no part of a value."""
    from rag.answer.defaults import fits_asked

    assert _values(
        "  -L <name> : change the local peer name to <name>, which defaults to the local\n    hostname. This is used"
    ) == ["the local\n    hostname"]
    assert _values("The name that identifies the cookie, which defaults to the session\nname: cookie") == [
        "the session"
    ]
    assert _values("Short line, which defaults to the\nlocal hostname.") == ["the"]  # too short to have been wrapped
    where = "Where are Postfix configuration files by default?"
    assert not fits_asked(where, "%Y%m%d-%H%M%S") and not fits_asked(where, "600s")
    assert fits_asked(where, "/etc/postfix") and fits_asked(where, "syslog")
    assert fits_asked("What is the default suffix?", "%Y%m%d-%H%M%S")


def test_a_parameter_asked_for_by_its_descriptions_words_answers_with_its_default():
    """Protects "What message does click.pause print by default?" on Click's API page: the passage read holds
    click.pause's parameters, its signature above it, and the answer abstained; the line of the parameter whose
    description has the question's words ("info … – The message to print …") states the default. Not a callable the
    question does not name, nor a question asking no default."""
    from records import CLICK_PAUSE

    from rag.answer.signatures import worded_parameter_default

    d = doc(CLICK_PAUSE, suffix=".html")
    read = [(hit(d, CLICK_PAUSE.index("Changelog"), len(CLICK_PAUSE)), d)]
    said = worded_parameter_default("What message does click.pause print by default?", read)
    assert said is not None and CLICK_PAUSE[said.start : said.end] == '"Press any key to continue..."'
    assert CLICK_PAUSE[said.quote_start : said.quote_end].startswith("info (Optional[str]) – The message")
    assert worded_parameter_default("What message does click.prompt print by default?", read) is None
    assert worded_parameter_default("What message does click.pause print?", read) is None
    assert worded_parameter_default("What color does click.pause print by default?", read) is None  # no word of it


def test_a_default_stated_inside_the_readers_longer_span_answers():
    """Protects "What is the builtin default per-proxy maxconn?" on HAProxy's management guide: the reader marked
    the "-N" option's whole line, "(usually 2000)" in it; the value stated there answers. A hedged value in brackets
    is stated ("usually" left out); a span stating two values is the reader's."""
    from rag.answer.stated import stated_value

    text = (
        "  -N <limit> : sets the default per-proxy maxconn to <limit> instead of the\n    builtin default value "
        "(usually 2000). Only useful for debugging."
    )
    question = "What is the builtin default per-proxy maxconn?"
    end = text.index(". Only")
    said = stated_value(question, text, 2, end, 2, end + 1, 0, len(text))
    assert said is not None and text[said.start : said.end] == "2000"
    two = "The default port is 80 and the default timeout is 30."
    assert stated_value("What is the default port?", two, 0, len(two) - 1, 0, len(two), 0, len(two)) is None
    # Logbook 1.5's handlers.html (BSD): the reader's span ran on into the value's gloss
    glossed = "The default timedelta is 60 seconds (one minute)."
    at, question = glossed.index("60"), "What is the default timedelta of the MailHandler?"
    said = stated_value(question, glossed, at, len(glossed) - 1, 0, len(glossed), 0, len(glossed))
    assert said is not None and glossed[said.start : said.end] == "60 seconds"
    after = "The default timedelta is 60 seconds (one minute) or more."
    assert stated_value(question, after, at, len(after) - 1, 0, len(after), 0, len(after)) is None  # no gloss alone


def test_a_default_said_after_a_comma_is_stated():
    """Protects "What is the default source encoding?" on Sphinx's configuration page: "The recommended encoding,
    and the default value, is 'utf-8-sig'." had stated none, and the reader answered "UTF-8" of another page."""
    assert _values("The recommended encoding, and the default value, is 'utf-8-sig'.") == ["'utf-8-sig'"]


def test_a_settings_type_note_states_its_default_and_a_clause_is_no_value():
    """coverage.py's configuration reference opens each setting's description with its type and default, a string
    in curly quotes ("(string, default “htmlcov”)"); "The default is that all directories are reported as packages."
    had answered "that all directories are reported as packages" for package_depth's default (99)."""
    assert _values("(string, default “htmlcov”) Where to write the HTML report files.") == ["htmlcov"]  # unquoted
    assert _values("(multi-string, default ‘thread’) The concurrency libraries in use.") == ["thread"]
    assert _values("(integer, default 99) Controls which directories are packages.") == ["99"]
    assert _values("The default is that all directories are reported as packages.") == []
    assert _values("The default is 0, displaying for example “87%”.") == ["0"]


def test_a_quoted_value_wrapped_onto_the_next_line_of_a_commands_help_is_stated():
    """coverage.py's command help wraps "Defaults to" / "'.coverage'." onto two lines of its option's entry."""
    text = (
        "  --data-file=DATAFILE  Base name of the data files to operate on. Defaults to\n"
        "                        '.coverage'. [env: COVERAGE_FILE]\n"
    )
    assert _values(text) == ["'.coverage'"]
    assert _values("The limit defaults to\nthe number of cores.") == []  # prose wraps no value so


def test_a_default_naming_another_whose_default_follows_is_that_value():
    """ItsDangerous 2.1's signer.html (BSD-3-Clause): "Defaults to default_key_derivation, which defaults to
    django-concat." had stated two defaults, and its Signer's key_derivation answered with the signature's None."""
    text = (
        "key_derivation (Optional[str]) – How to derive the signing key. Defaults to default_key_derivation, "
        "which defaults to django-concat."
    )
    assert _values(text) == ["django-concat"]
    digest = "digest_method (Optional[Any]) – Defaults to default_digest_method, which defaults to hashlib.sha1(). Note"
    assert _values(digest) == ["hashlib.sha1()"]
    assert _values("This defaults to requests.models.DEFAULT_REDIRECT_LIMIT, which is 30.") == ["30"]  # as before


def test_a_number_for_what_it_is_for_and_a_choice_with_the_default_are_stated():
    """NTPsec 1.2's miscopt.html and ntp_conf.html (BSD-2-Clause): "46 for Expedited Forwarding" had been the
    value of dscp's default, and "with version 4 the default" stated none."""
    assert _values("The default value is 46 for Expedited Forwarding (EF).") == ["46"]
    assert _values("The default is 5 seconds for slow links.") == ["5 seconds"]
    assert _values("The default is 1 for legacy purposes; however, for critical applications") == ["1"]
    assert _values("Versions 1-4 are the choices, with version 4 the default.") == ["version 4"]
    assert _values("It ships its codecs, with gzip as the default compressor.") == ["gzip"]
    assert _values("Start the server with the default settings.") == []


def test_a_path_for_what_it_is_for_is_the_value():
    """Lynx 2.9's users guide (GPL-2.0): "the default value is ~/.lynx_cookies for most systems, but ~/cookies for
    MS-DOS." had stated "~/.lynx_cookies for most systems"."""
    text = "If none is specified, the default value is ~/.lynx_cookies for most systems, but ~/cookies for MS-DOS."
    assert _values(text) == ["~/.lynx_cookies"]
    assert _values("The default is default.conf for new users.") == ["default.conf"]
    assert _values("The default is the server for all clients.") == ["the server for all clients"]  # words: as before


def test_a_quoted_value_for_what_it_is_for_is_the_value():
    """GNU Diffutils 3.8's Invoking-diff.html (GFDL): --palette's default had run on into "for red deleted lines"."""
    text = "It defaults to ‘rs=0:hd=1:ad=32:de=31:ln=36’ for red deleted lines, green added lines, bold header."
    assert _values(text) == ["rs=0:hd=1:ad=32:de=31:ln=36"]
    assert _values('The default is "auto" for terminals.') == ['"auto"']  # straight quotes kept, as ever


def test_a_default_said_set_after_by_default_is_stated():
    """crmsh 4.4's manual (GPL-2.0-or-later): check-frequency's "It is by default set to always." stated none."""
    assert _values("It is by default set to always. Experts may want to change the setting.") == ["always"]


def test_a_default_of_either_of_two_values_is_both():
    """crmsh 4.4's manual (GPL-2.0-or-later): loss-policy's "The default is either stop or demote depending on …"
    had stated "either stop"."""
    text = "The default is either stop or demote depending on whether a resource is multi-state."
    assert _values(text) == ["either stop or demote"]
    assert _values("The default is stop or demote.") == ["stop"]  # no "either": the first, as before


def test_a_list_s_value_marked_the_default_value_after_a_dash_is_stated():
    """cmd2 2.4's settings.html (MIT): allow_style's "Terminal - (the default value) pass through ANSI escape
    sequences …" stated none."""
    text = "Terminal - (the default value) pass through ANSI escape sequences when the output is sent to the terminal."
    assert _values(text) == ["Terminal"]
    assert _values("Never - all ANSI escape sequences are stripped (see default values).") == []


def test_defaults_asked_as_users_ask_them_and_a_default_thing_asked_about_is_none():
    """Scrapy's "What TCP port does the telnet console listen on unless I change it?", Hypothesis' "If I leave the
    settings alone, how long may a single example run …?", "… array_shapes strategy without max_dims …"; but
    structlog's "On the default bound logger, what is the async counterpart of info()?" asks for a method (its
    entry's "(default: None)" had answered at a confidence of 1.00)."""
    assert asks_default("What TCP port does Scrapy's telnet console listen on unless I change it?")
    assert asks_default("If I leave the settings alone, how long may a single example run?")
    assert asks_default("With AutoThrottle on and its settings left alone, what delay do spiders begin with?")
    assert asks_default("If I call array_shapes without max_dims, what is the largest number of dimensions?")
    assert asks_default("Which codec is used out of the box?")
    assert asks_default("In the default configuration, which port is used?")
    # git's "How many seconds does the in-memory credential cache keep my password if I don't change anything?"
    assert asks_default("How many seconds does the credential cache keep my password if I don't change anything?")
    assert not asks_default("On the default bound logger, what is the awaitable async counterpart of info()?")
    assert not asks_default("Why did they leave it alone?") and not asks_default("How do I run it without errors?")


def test_a_default_value_line_and_a_default_said_defaulting_to_are_stated():
    """Hypothesis' settings entries close with "default value: timedelta(milliseconds=200)"; its array_shapes
    describes "max_dims …, defaulting to min_dims + 2."."""
    assert _values("default value: timedelta(milliseconds=200)") == ["timedelta(milliseconds=200)"]
    assert _values("max_dims is the largest length the shape can possess, defaulting to min_dims + 2.") == [
        "min_dims + 2"
    ]
    text = "deadline\nIf set, a duration each example may not exceed.\n\ndefault value: timedelta(milliseconds=200)"
    assert DEFAULT_LINE.search(text) is not None
    assert _values("We keep the default value: it works.") == []  # a line's label only, not inside prose


def test_a_default_without_a_number_answers_no_question_asking_how_many():
    """Scrapy's "--no-redirect: do not follow HTTP 3xx redirects (default is to follow them)" had answered "to
    follow them" for "By default, how many redirects will Scrapy follow …?"."""
    question = "By default, how many redirects will Scrapy follow for one request?"
    assert not fits_asked(question, "to follow them") and fits_asked(question, "20")
    assert fits_asked("What does Scrapy do with redirects by default?", "to follow them")


# Hypothesis 6's numpy.html as rag reads it (MPL-2.0): the signature says None, a line opening with the name the default.
SHAPES = (
    "hypothesis.extra.numpy.array_shapes(*, min_dims=1, max_dims=None, min_side=1, max_side=None)\n"
    "Return a strategy for array shapes (tuples of int >= 1).\n\n"
    "min_dims is the smallest length that the generated shape can possess.\n"
    "max_dims is the largest length that the generated shape can possess, defaulting to min_dims + 2.\n"
    "min_side is the smallest size that a dimension can possess.\n"
)


def test_a_signature_s_none_gives_way_to_the_default_a_line_opening_with_the_parameter_states():
    """The signature's "None" had answered "If I call array_shapes without max_dims, what is the maximum number of
    dimensions?", at a confidence of 1.00."""
    from rag.answer.signatures import signature_default

    d = doc(SHAPES, suffix=".html")
    question = "If I call the numpy array_shapes strategy without max_dims, what is the maximum number of dimensions?"
    said = signature_default(question, [(hit(d), d)])
    assert SHAPES[said.start : said.end] == "min_dims + 2"
    assert SHAPES[said.quote_start : said.quote_end].startswith("max_dims is the largest length")
    said = signature_default("What is the default min_side of array_shapes?", [(hit(d), d)])
    assert SHAPES[said.start : said.end] == "1"  # the signature's own value


def test_how_many_asked_of_a_span_without_a_number_is_its_entrys_default():
    """Protects "… how many characters is a tab expanded to?" on Pygments' filters.html (BSD): the reader's span
    "total number of characters" holds no number; the default its line states answers, though the question names
    no default. A span holding a number is the reader's, and a question asking for no count gets no default."""
    from rag.answer.stated import stated_value

    text = (
        "tabsize : int\nIf tabs are to be replaced by this filter, this is the total number of characters that a "
        "tab should be expanded to. The default is 8.\n"
    )
    start = text.index("total")
    end, quote_end = start + len("total number of characters"), text.index(" The default")
    quote_start = text.index("If tabs")
    question = "How many characters is a tab expanded to by the whitespace filter?"
    said = stated_value(question, text, start, end, quote_start, quote_end, 0, len(text))
    assert said is not None and text[said.start : said.end] == "8"
    assert stated_value("What is a tab expanded to?", text, start, end, quote_start, quote_end, 0, len(text)) is None
    numbered = "It expands a tab to 4 spaces. The default is 8.\n"
    at = numbered.index("4 spaces")
    question = "How many spaces does it expand a tab to here?"
    assert stated_value(question, numbered, at, at + 8, 0, numbered.index(" The"), 0, len(numbered)) is None


def test_a_span_in_a_parameters_line_answers_with_its_signatures_default():
    """Protects "How many seconds do the caching headers from the static files middleware last by default?" on
    Werkzeug's shared_data.html (BSD-3-Clause): the reader's span is in cache_timeout's line of the parameter list,
    its signature paragraphs above; the question names no parameter. The signature's default of that parameter
    answers; a parameter it gives none answers nothing."""
    from rag.answer.stated import stated_value

    text = (
        "class werkzeug.middleware.shared_data.SharedDataMiddleware(app, exports, disallow=None, cache=True, "
        "cache_timeout=43200, fallback_mimetype='application/octet-stream')\nA WSGI middleware which provides "
        "static content for development environments.\n\n" + "More about it. " * 60 + "\n\nParameters:\n\n"
        "app (WSGIApplication) – the application to wrap.\ncache (bool) – enable or disable caching headers.\n"
        "cache_timeout (int) – the cache timeout in seconds for the headers.\n"
    )
    lo = text.index("Parameters:")  # the passage starts far below the signature
    start = text.index("timeout in seconds")
    line = text.rfind("\n", 0, start) + 1
    question = "How many seconds do the caching headers from the static files middleware last by default?"
    said = stated_value(question, text, start, start + 7, line, text.index("\n", start), lo, len(text))
    assert said is not None and text[said.start : said.end] == "43200"
    at = text.index("application to wrap")
    line = text.rfind("\n", 0, at) + 1
    assert stated_value("Which app does it wrap by default?", text, at, at + 11, line, at + 20, lo, len(text)) is None
