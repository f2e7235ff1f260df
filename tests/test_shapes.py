"""The answer's shape: a question asking for a file, a function or an option by its kind is answered with a name
of that shape when one ranks near the best, not with a word of the sentence around it."""

from __future__ import annotations

import numpy as np
import pytest
from records import doc, hit, span_score_settings

from rag.answer.answers import reader_answer
from rag.answer.candidates import RANK_FEATURES, answer_candidate, make_candidates
from rag.answer.reader.reader import ReadSpan
from rag.answer.shapes import (
    SHAPE_MARGIN,
    answer_shape,
    asked_shape,
    called,
    declared,
    has_shape,
    named_inside,
    quoted_name,
    shaped,
)

# PostgreSQL 15's runtime-config-file-locations.html and client-authentication.html as rag reads them (PostgreSQL
# Licence): "PostgreSQL" outranked "pg_hba.conf" for "Which file controls client authentication?".
LOCATIONS = (
    "In addition to the postgresql.conf file already mentioned, PostgreSQL uses two other manually-edited "
    "configuration files, which control client authentication."
)
HBA = "Client authentication is controlled by a configuration file, which traditionally is named pg_hba.conf."


def test_the_kind_a_question_asks_for_gives_the_answers_shape():
    assert asked_shape("Which file controls client authentication?") == "file"
    assert asked_shape("Which function returns the floor of x?") == "function"
    assert asked_shape("What method of JSONDecoder decodes a prefix?") == "function"
    assert asked_shape("Which option makes git clone shallow?") == "option"
    assert asked_shape("What function does ozone perform for the planet?") == "function"  # SQuAD's: see below
    assert asked_shape("Which environment variable is used as fallback?") == "variable"  # requests' CURL_CA_BUNDLE
    assert asked_shape("Which setting makes Django save the session on every request?") == "setting"
    assert asked_shape("Which river flows through Warsaw?") is None
    for text, shape in [("pg_hba.conf", "file"), ("/etc/hosts", "file"), ("~/.bashrc", "file"),
                        ("json.dumps", "function"), ("now()", "function"), ("pg_sleep", "function"),
                        ("--depth", "option"), ("-s", "option"), ("CURL_CA_BUNDLE", "variable"),
                        ("$HOME", "variable"), ("${GIT_DIR}", "variable"), ("SESSION_SAVE_EVERY_REQUEST", "setting"),
                        ("init.defaultBranch", "setting"), ("max_connections", "setting"),
                        ("maxOldGenerationSizeMb", "setting"), ("KeepAliveTimeout", "setting")]:  # fmt: skip
        assert has_shape(text, shape), text
    for text, shape in [("PostgreSQL", "file"), ("3.5", "file"), ("U.S.", "file"), ("degrees", "function"),
                        ("protective radiation shield", "function"), ("depth", "option"), ("PSPACE", "variable"),
                        ("trusted CAs", "variable"), ("True", "setting"), ("DENY", "setting"), ("Django", "setting"),
                        ("e.g.", "setting"), ("session data", "setting")]:  # fmt: skip
        assert not has_shape(text, shape), text


def test_a_near_candidate_of_the_asked_shape_ranks_first():
    """Protects answers over manuals; leaves prose answers alone: no candidate of the shape, or none near enough,
    changes nothing (SQuAD's "What function does ozone perform …?" keeps "protective radiation shield")."""
    texts = ["PostgreSQL", "pg_hba.conf", "configuration file"]
    logits = np.array([-0.12, -0.14, -0.45])
    assert int(np.argmax(shaped("Which file controls client authentication?", texts, logits))) == 1
    far = np.array([0.0, -SHAPE_MARGIN - 0.01, -2.0])
    assert shaped("Which file controls client authentication?", texts, far).tolist() == far.tolist()
    assert shaped("What controls client authentication?", texts, logits).tolist() == logits.tolist()
    inside = ["environment", "CTEST_OUTPUT_ON_FAILURE environment", "CTEST_PROGRESS_OUTPUT"]  # CMake's ctest(1)
    question = "Which environment variable enables ctest's output on failure?"
    assert int(np.argmax(shaped(question, inside, np.array([9.0, 8.6, 8.3])))) == 1  # holds one such name
    # Django 3.2's sessions.html: "To change this default behavior, set the SESSION_SAVE_EVERY_REQUEST setting to
    # True. When set to True, Django will save the session to the database on every single request."
    django = ["True", "SESSION_SAVE_EVERY_REQUEST setting to True", "modified"]
    question = "Which setting makes Django save the session to the database on every request?"
    assert int(np.argmax(shaped(question, django, np.array([0.21, -0.77, -2.23])))) == 1
    assert named_inside(django[1], "setting") == (0, len("SESSION_SAVE_EVERY_REQUEST"))
    prose = ["protective radiation shield", "ozone layer"]
    assert shaped("What function does ozone perform?", prose, np.array([1.0, 0.5])).tolist() == [1.0, 0.5]


def test_reader_answer_answers_with_the_shaped_candidate_at_the_confidence_of_the_best():
    """Through `reader_answer`: the short answer and its quote are pg_hba.conf's; the confidence (whether the
    documents answer) is the best-ranked candidate's, as it was."""
    a, b = doc(LOCATIONS, "locations"), doc(HBA, "hba")
    hits = [hit(a), hit(b, rank=2)]
    spans = [
        ReadSpan(0, LOCATIONS.index("PostgreSQL"), LOCATIONS.index("PostgreSQL") + 10, 2.0, 0.0),
        ReadSpan(1, HBA.index("pg_hba.conf"), HBA.index("pg_hba.conf") + 11, 1.5, 0.0),
    ]
    cands = make_candidates(spans, hits, {a.id: a, b.id: b}, [0.9, 0.1])
    x = np.zeros((2, len(RANK_FEATURES)))
    x[:, 0] = [c.score - 2.0 for c in cands]  # span_score_settings rank by it alone
    x[:, RANK_FEATURES.index("passage_cosine")] = [c.cosine for c in cands]
    settings = span_score_settings().model_copy(update={"confidence_weights": [0.0, 0.0, 5.0, 0.0]})
    ans = reader_answer("Which file controls client authentication?", hits, cands, x, settings, None)
    assert ans.text == "pg_hba.conf" and ans.quotes[0].doc_id == "hba"
    plain = reader_answer("What controls client authentication?", hits, cands, x, settings, None)
    assert plain.text == "PostgreSQL"
    assert ans.confidence == plain.confidence == pytest.approx(1 / (1 + np.exp(-(5.0 * 0.9 + 5.0))))


# CherryPy 18's pkg/cherrypy._cperror.html and pkg/cherrypy.html as rag reads them (BSD-3-Clause): the reader's best was
# "Exception" opening InternalRedirect's description, and "cherrypy.HTTPError", of an exception's shape, outranked it.
REDIRECT = (
    "exception cherrypy._cperror.InternalRedirect(path, query_string='')\nBases: cherrypy._cperror.CherryPyException"
    "\n\nException raised to switch to the handler for a different URL.\n"
)
FORBIDDEN = "raise cherrypy.HTTPError(403)"


def test_a_span_in_an_entry_s_description_answers_with_the_term_its_line_declares_of_the_kind_asked():
    """Protects API references: the term line "exception X(…)" declares X an exception whatever its name's ending,
    so a name of the exception's shape elsewhere does not outrank the entry the reader's best span describes."""
    assert declared("cherrypy._cperror.InternalRedirect", REDIRECT, frozenset({"exception"}))
    assert not declared("cherrypy._cperror.InternalRedirect", REDIRECT, frozenset({"class"}))
    assert not declared("cherrypy._cperror", REDIRECT, frozenset({"exception"}))  # part of the name only
    a, b = doc(REDIRECT, "errors"), doc(FORBIDDEN, "raising")
    hits = [hit(a), hit(b, rank=2)]
    start = REDIRECT.index("Exception raised")
    spans = [ReadSpan(0, start, start + 9, 2.0, 0.0), ReadSpan(1, 6, 6 + len("cherrypy.HTTPError"), 1.6, 0.0)]
    cands = make_candidates(spans, hits, {a.id: a, b.id: b}, [0.9, 0.8])
    x = np.zeros((2, len(RANK_FEATURES)))
    x[:, 0] = [c.score - 2.0 for c in cands]
    question = "Which exception do I raise to have a different URL's handler take over the current request?"
    ans = reader_answer(question, hits, cands, x, span_score_settings(), None)
    assert ans.text == "cherrypy._cperror.InternalRedirect"
    assert ans.quotes[0].text == REDIRECT.split("\n")[0]


def test_of_several_options_in_a_quote_the_one_whose_argument_the_span_is_answers():
    """Protects nose2's "Which option do I pass to nose2?", answered with the argument '"blue" in flags' of "-E"."""
    line = """nose2 -v -E '"blue" in flags and layer > 2'"""
    question = 'I want to pick tests with a Python condition on their attributes, like "layer > 2". Which option?'
    at = line.index('"blue"')
    assert quoted_name(question, line, 0, len(line), "option", at) == (9, 11)  # "-E"
    assert quoted_name(question, line, 0, len(line), "option") is None  # two options, no span: neither
    assert quoted_name("What does -E take?", line, 0, len(line), "option", at) is None  # the question names it
    assert quoted_name(question, "nose2 --verbose=2 -x 1", 0, 22, "option", 16) == (6, 15)  # "--verbose", its "="


def test_a_name_of_the_asked_shape_is_not_widened_out_of_it():
    """Protects the short answer: "pg_hba.conf" was widened to "pg_hba.conf File", a longer candidate of its
    heading ("21.1. The pg_hba.conf File", now no candidate: a heading) ranked within the widening margin; a line
    naming that section the same; other questions still widen."""
    text = "See 21.1. The pg_hba.conf File"
    d = doc(text)
    at = text.index("pg_hba.conf")
    spans = [ReadSpan(0, at, at + len("pg_hba.conf"), 1.0, 0.0), ReadSpan(0, at, len(text), 0.9, 0.0)]
    cands = make_candidates(spans, [hit(d)], {d.id: d}, [0.5])
    logits = np.array([1.0, 0.9])
    assert answer_candidate("Which file controls client authentication?", cands, logits, 0, 0.8).text == "pg_hba.conf"
    assert answer_candidate("What controls client authentication?", cands, logits, 0, 0.8).text == "pg_hba.conf File"


# Valgrind 3.19's FAQ as rag reads it (GNU GFDL 1.2): the reader's span was "Valgrind: use the
# --run-libc-freeres=no" for "Which option works around crashes in __libc_freeres?".
FREERES = "Workaround for 1.1.X and later versions of Valgrind: use the --run-libc-freeres=no option."


@pytest.mark.parametrize(
    ("text", "shape", "name"),
    [
        ("Valgrind: use the --run-libc-freeres=no", "option", "--run-libc-freeres=no"),
        ("the --foo option. It", "option", "--foo"),
        ("set it in $HOME first", "variable", "$HOME"),
        ("the GIT_DIR environment variable.", "variable", "GIT_DIR"),
        ("use -v or -q", "option", None),  # two: the kind does not say which
        # Arrow 1.2's releases.html (Apache-2.0): a keyword argument set, for "Which flag tells arrow.get to …?"
        ('>>> arrow.get("Jun 1 2005", "MMM D YYYY", normalize_whitespace=True)', "option", "normalize_whitespace=True"),
        ("f(a=1, b=2)", "option", None),  # two keyword arguments
        ("if x == 1:", "option", None),  # a comparison sets nothing
        ("e.g. the default", "option", None),
        ("built-in commands", "option", None),  # a hyphen inside a word starts no option
        ("see pg_hba.conf for that", "file", None),  # prose may write a file's shape by chance: not narrowed
        ('please edit "GRUB_CMDLINE_LINUX_DEFAULT="quiet"" line in "/etc/default/grub', "file", "/etc/default/grub"),
        ("see /etc/hosts or /etc/hostname", "file", None),  # two paths
        ("and/or more", "file", None),  # no path: a slash between words
    ],
)
def test_the_one_name_of_the_asked_shape_inside_a_span(text, shape, name):
    found = named_inside(text, shape)
    assert (text[found[0] : found[1]] if found else None) == name


def test_a_span_holding_one_name_of_the_asked_shape_answers_with_that_name():
    """Protects the short answer "--run-libc-freeres=no" (was "Valgrind: use the --run-libc-freeres=no"); a question
    asking for no such kind keeps the reader's span."""
    d = doc(FREERES)
    at = FREERES.index("Valgrind:")
    spans = [ReadSpan(0, at, FREERES.index(" option."), 1.0, 0.0)]
    cands = make_candidates(spans, [hit(d)], {d.id: d}, [0.5])
    logits = np.array([1.0])
    q = "Which option works around crashes in __libc_freeres?"
    assert answer_candidate(q, cands, logits, 0, 0.8).text == "--run-libc-freeres=no"
    assert answer_candidate("How do you work around it?", cands, logits, 0, 0.8).text.startswith("Valgrind: use")


def test_a_how_question_asks_for_a_call_and_an_attribute_for_a_setting_s_name():
    """Protects peewee's "How do I loop over a SELECT … without caching every model?", answered "iterate" where the
    reader's next was "iterator()", and Varnish's "Which probe attribute …?" (".initial")."""
    question = "How do I loop over a SELECT without peewee caching every model instance?"
    assert asked_shape(question) is None and answer_shape(question) == "call"
    texts, logits = ["iterate", "iterator()", "much less memory"], np.array([-0.24, -0.55, -1.0])
    assert int(np.argmax(shaped(question, texts, logits))) == 1
    assert answer_shape("Which probe attribute lets a backend start out healthy?") == "setting"
    assert has_shape(".initial", "setting") and has_shape("bottle.TEMPLATES.clear()", "call")
    assert not has_shape("iterate", "call") and answer_shape("How did the war end?") is None  # prose's how


# Varnish 7.1's vcl-probe.html and Bottle 0.12's tutorial.html as rag reads them (BSD-2-Clause, MIT).
INITIAL = "An additional .initial fills that many “happy” entries in the shift register when the VCL is loaded."
CHILD = "The child process will have os.environ['BOTTLE_CHILD'] set to True and start as a normal app server."


def test_the_one_name_of_the_asked_shape_in_a_quote_the_question_does_not_name():
    question = "Which probe attribute lets a backend start out healthy when the VCL is loaded?"
    at = quoted_name(question, INITIAL, 0, len(INITIAL), "setting")
    assert at is not None and INITIAL[at[0] : at[1]] == ".initial"
    assert quoted_name("Which attribute does .initial set?", INITIAL, 0, len(INITIAL), "setting") is None  # named
    people = "Then McDonald met MacArthur in U.S. waters."  # a person's name, an abbreviation: no setting's
    assert quoted_name("Which property did they buy?", people, 0, len(people), "setting") is None
    question = "Which environment variable lets code detect it is running inside the auto-reloader's child process?"
    texts, quotes = ["bottle import", "os.environ"], ["from bottle import run", CHILD]
    assert int(np.argmax(shaped(question, texts, np.array([-1.18, -2.98]), quotes))) == 1  # within QUOTE_MARGIN
    assert shaped(question, texts, np.array([-1.18, -3.5]), quotes).tolist() == [-1.18, -3.5]  # too far


def test_a_name_its_quote_calls_by_the_kind_asked_answers():
    """Protects peewee's "Which helper in peewee breaks a generic iterable into batch-sized pieces …?", answered
    "SQLite"; a proper name called by the kind asked is prose's ("the Broncos team")."""
    quote = "Peewee comes with a chunked() helper function which you can use for chunking a generic iterable."
    assert called("chunked()", quote, frozenset({"helper"})) and not called("Peewee", quote, frozenset({"helper"}))
    question = "Which helper in peewee breaks a generic iterable into batch-sized pieces?"
    texts, quotes = ["SQLite", "chunked()"], ["SQLite in particular has a limit of 999 variables.", quote]
    assert int(np.argmax(shaped(question, texts, np.array([0.30, -0.25]), quotes))) == 1
    assert not called("Broncos", "the Broncos team won", frozenset({"team"}))


def test_an_option_s_aliases_are_an_option_s_shape():
    """Protects m4's "Which m4 command-line option renames every builtin so that it begins with m4_?", answered
    "eval" of an example where the reader's next was "--prefix-builtins, or -P"."""
    assert has_shape("--prefix-builtins, or -P", "option") and has_shape("-s, --synclines", "option")
    assert not has_shape("or -P", "option") and not has_shape("the -P", "option")


def test_an_exception_asked_for_is_a_name_of_an_exception_s_shape():
    """For PyMongo's "What exception does an ordered bulk write raise when one of its operations fails …?", answered
    "PyMongo", where "PyMongo raises BulkWriteError" ranked near (a clause of another sentence then answers: still
    "wtimeout")."""
    question = "What exception does an ordered bulk write raise when one of its operations fails?"
    assert answer_shape(question) == "exception" and answer_shape("Which error is raised?") == "exception"
    assert (
        has_shape("BulkWriteError", "exception") and has_shape("pymongo.errors.OperationFailure", "exception") is False
    )
    assert named_inside("PyMongo raises BulkWriteError", "exception") == (len("PyMongo raises "), 29)
    texts = ["PyMongo", "PyMongo raises BulkWriteError"]
    assert int(np.argmax(shaped(question, texts, np.array([-0.81, -1.48])))) == 1


def test_a_call_a_line_of_code_makes_answers_no_how_question():
    """Protects PyMongo's "How can I keep the server from ever timing out my cursors when calling find()?", answered
    "time.sleep(1)" of a tailable cursor's example; a call a sentence names answers ("use the iterator() method")."""
    question = "How can I keep the server from ever timing out my cursors?"
    texts, logits = ["10 minutes of inactivity", "time.sleep(1)"], np.array([-1.13, -1.5])
    code = ["any returned cursor is closed by the server after 10 minutes of inactivity", "time.sleep(1)"]
    assert shaped(question, texts, logits, code).tolist() == logits.tolist()
    prose = [code[0], "To wait between polls, use the time.sleep(1) call of the standard library."]
    assert int(np.argmax(shaped(question, texts, logits, prose))) == 1


def test_a_how_many_question_asks_for_a_count():
    """Protects Scrapy's "By default, how many redirects will Scrapy follow …?", answered "to follow them" of
    "(default is to follow them)" where "Default: 20" ranked near; and "If I never set a download timeout, how many
    seconds …?", answered "lower"; SQuAD's "All" of "All missions" stays a count, "3xx" a class of codes is none."""
    assert answer_shape("By default, how many redirects will Scrapy follow?") == "count"
    assert answer_shape("How many Apollo missions were manned by veterans?") == "count"
    assert answer_shape("How do I count the rows?") == "call" and answer_shape("How much did it cost?") is None
    assert all(has_shape(t, "count") for t in ["20", "five seconds", "All", "none", "4MB", "2**16"])
    assert not any(has_shape(t, "count") for t in ["to follow them", "HTTP 3xx", "lower"])
    question = "If I never set a download timeout, how many seconds will Scrapy wait?"
    texts = ["lower", "180", "DOWNLOAD_DELAY"]
    assert int(np.argmax(shaped(question, texts, np.array([0.0, -0.06, -2.0])))) == 1
    assert shaped("What does Scrapy wait for?", texts, np.array([0.0, -0.06, -2.0])).tolist() == [0.0, -0.06, -2.0]


def test_a_keyword_argument_set_is_an_option_s_and_a_setting_s_shape_and_a_decorator_a_function_s():
    """Protects Whoosh's "Which option makes it split the keywords on commas?" (answered "whoosh.fields.KEYWORD",
    "commas=True" 0.01 below) and Hypothesis' "… which decorator marks a check that should run after every step?"
    (answered "Hypothesis", "hypothesis.stateful.invariant" near)."""
    assert has_shape("commas=True", "option") and has_shape("field_boost=2.0", "setting")
    assert not has_shape("commas = the separator", "option") and not has_shape("x=y", "setting")
    question = "My KEYWORD field has tags with spaces. Which option makes it split the keywords on commas?"
    texts = ["whoosh.fields.KEYWORD", "commas=True"]
    assert int(np.argmax(shaped(question, texts, np.array([0.0, -0.01])))) == 1
    question = "In a RuleBasedStateMachine, which decorator marks a check that should run after every step?"
    assert answer_shape(question) == "function"
    texts = ["Hypothesis", "hypothesis.stateful.invariant"]
    assert int(np.argmax(shaped(question, texts, np.array([0.0, -0.69])))) == 1


def test_a_version_or_release_asked_for_is_a_span_holding_a_release_s_number():
    """Protects Requests' "Which Python 3 versions does this release of Requests officially support?", answered
    "PyPy" of "Requests officially supports Python 3.7+ and PyPy." where "Python 3.7+ and PyPy" ranked near."""
    assert answer_shape("Which Python 3 versions does Requests support?") == "version"
    assert answer_shape("In which attrs release did define() first appear?") == "version"
    assert all(has_shape(t, "version") for t in ["3.7+", "Python 3.10", "v10.2.8", "attrs 20.1.0"])
    assert not any(has_shape(t, "version") for t in ["PyPy", "2024-06-04", "3", "Python 3"])
    question = "Which Python 3 versions does Requests officially support?"
    texts = ["PyPy", "Python 3.7+ and PyPy", "Requests"]
    assert int(np.argmax(shaped(question, texts, np.array([0.0, -0.3, -2.0])))) == 1


def test_a_how_long_question_asks_for_a_duration_and_a_name_with_its_kind_word_has_the_name_s_shape():
    """Protects Requests' "After a security issue is reported privately, how soon do the maintainers aim to ship a
    fix?" (answered "complete release", "within two weeks" 0.04 below) and Tornado's "Which WebSocketHandler method
    do I override to allow those cross-origin connections?" (answered "JavaScript", "check_origin method" near)."""
    assert answer_shape("How soon do the maintainers ship a fix?") == "duration"
    assert answer_shape("For how long does it cache DNS?") == "duration"
    assert answer_shape("How many redirects does it follow?") == "count"
    assert all(has_shape(t, "duration") for t in ["within two weeks", "10 seconds", "indefinitely", "an hour"])
    assert not any(has_shape(t, "duration") for t in ["complete release", "a release", "soon"])
    texts = ["complete release", "within two weeks"]
    assert int(np.argmax(shaped("How soon do they ship a fix?", texts, np.array([0.0, -0.04])))) == 1
    question = "Which WebSocketHandler method do I override to allow cross-origin connections?"
    assert int(np.argmax(shaped(question, ["JavaScript", "check_origin method"], np.array([0.0, -0.96])))) == 1
    assert int(np.argmax(shaped(question, ["JavaScript", "origin method"], np.array([0.0, -0.96])))) == 0  # no name
