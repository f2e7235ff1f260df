"""Sentence spans: exact trimmed offsets on any text, boundaries after abbreviations both ways, linear line logic,
and the measuring script's scoring against its labelled sample."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import rag.ingest.sentences as sentences_module
from eval.sentence_split import LABELLED, boundaries, evaluate, load_labelled, scores
from rag.ingest.sentences import WRAP_WIDTH, _line_breaks, _punctuation_breaks, pre_wrapped, sentence_spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def check_spans(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    """The contract: exact, inside [start, end), trimmed, non-empty, in order, not overlapping, covering."""
    prev = start
    for a, b in spans:
        assert prev <= a < b <= end, (a, b)
        piece = text[a:b]
        assert not piece[0].isspace() and not piece[-1].isspace(), piece
        assert not text[prev:a].strip(), text[prev:a]  # nothing but whitespace is left out
        prev = b
    assert not text[prev:end].strip()


WORDS = [
    "the", "Dr.", "Okafor", "said", "at", "3", "p.m.", "He", "U.S.", "The", "Beta", "Corp.", "J.", "R.", "3.11.2",
    "e.g.", "i.e.", "etc.", "No.", "81", "Inc.", "St.", "It", "version", "...", '"Stop."', "(see", "above).", "1.",
    "-", "*", "X.", "Thus", "日本。", "😀", "naïve", "\u0301", "—", "x" * 45,
]  # fmt: skip
prose = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", "  ", "\n", "\n  ", "\n\n", "\t", "\u3000"])),
    max_size=60,
).map(lambda parts: "".join(w + s for w, s in parts))
any_text = st.one_of(st.text(max_size=300), prose)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, data=st.data())
@example(text="", data=None)
@example(text="Dr.\n", data=None)
@example(text=". . .\n\n\n。 A", data=None)
def test_spans_are_exact_trimmed_ordered_and_cover_the_text(text, data):
    """Protects the span contract on arbitrary unicode and on abbreviation-heavy prose, for the
    whole text and for any sub-range: every span is a non-empty trimmed slice inside the range,
    spans come in order without overlap, and only whitespace lies outside them."""
    start, end = 0, len(text)
    if data is not None and text:
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
    check_spans(text, sentence_spans(text, start, end), start, end)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The meeting ended at 3 p.m. He left.", ["The meeting ended at 3 p.m.", "He left."]),
        ("She arrived at 9 a.m. The others came later.", ["She arrived at 9 a.m.", "The others came later."]),
        ("He moved to the U.S. The next year he left.", ["He moved to the U.S.", "The next year he left."]),
        (
            "Prices are lower in the U.K. They are higher here.",
            ["Prices are lower in the U.K.", "They are higher here."],
        ),
        ("Both went to Beta Corp. The firms merged.", ["Both went to Beta Corp.", "The firms merged."]),
        ("It went to Acme Inc. It was worth $3 million.", ["It went to Acme Inc.", "It was worth $3 million."]),
        ("He packed socks, shoes, etc. Then he left.", ["He packed socks, shoes, etc.", "Then he left."]),
        ("The answer was no. The committee moved on.", ["The answer was no.", "The committee moved on."]),
        ("He earned a Ph.D. Then he moved.", ["He earned a Ph.D.", "Then he moved."]),
        ("It fits in C. Thus it is easy.", ["It fits in C.", "Thus it is easy."]),
    ],
)
def test_abbreviations_that_end_a_sentence_split(text, expected):
    """Protects issue item 1: a period after 'p.m.', 'U.S.', 'Corp.', 'etc.' and the like ends the
    sentence when a common sentence starter (He, The, It, Then, ...) follows."""
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Okafor examined the patient.",
        "The report by Dr. Okafor and Prof. Lindqvist was cited.",
        "Mr. Smith, Mrs. Smith and Ms. Jones walked along St. James Street.",
        "The troops were led by Gen. Patton himself.",
        "J. R. R. Tolkien wrote The Hobbit.",
        "The paper by A. B. Smith and J. A. Hobson was cited.",
        "George W. Bush was re-elected.",
        "Upgrade to version 3.11.2 before installing.",
        "Python 3.11.2 and 3.12 differ slightly.",
        "Pi is 3.14159 roughly and e is 2.71828.",
        "The U.S. Army arrived with U.S. Navy ships.",
        "Shares of Acme Inc. rose sharply.",
        "He worked for IBM Corp. for thirty years.",
        "Meet me at 10 a.m. tomorrow.",
        "Some birds (e.g. Penguins) cannot fly.",
        "Use a tool, i.e. A screwdriver.",
        "Convention No. 81 covers labour inspection.",
        "See Fig. 4 and fig. 5 for details.",
        "The case of Brown v. Board of Education changed schooling.",
        "Smith et al. 1998 reported it.",
        "The Bloomberg L.P. CEO spoke.",
        "Rebuild Trinity-St. Paul's Church.",
    ],
)
def test_titles_initials_versions_and_references_do_not_split(text):
    """Protects the other direction: titles, initials, versions, decimals, 'e.g.', references before
    a number, and abbreviations before a name-like capital never end a sentence."""
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Steps:\n1. Open the page.\n2. Click Save.", ["Steps:", "1. Open the page.", "2. Click Save."]),
        ("Requirements\n- Python 3.10 or later\n- 2 GB", ["Requirements", "- Python 3.10 or later", "- 2 GB"]),
        ("Installation\nRun the installer.", ["Installation", "Run the installer."]),
        # A numbered heading (SQLite's and Sphinx's manuals) keeps its number: "3.1." alone answers nothing.
        (
            "3.1. Automatic Checkpoint\n\nBy default, SQLite checkpoints at 1000 pages.",
            ["3.1. Automatic Checkpoint", "By default, SQLite checkpoints at 1000 pages."],
        ),
        ("A.2. Limits\n12.4.1. Deep Heading", ["A.2. Limits", "12.4.1. Deep Heading"]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("It was clear (see Table 2). No tests were needed.", ["It was clear (see Table 2).", "No tests were needed."]),
        ("He paused... Then he spoke.", ["He paused...", "Then he spoke."]),
        (
            "This line is long enough to be wrapped prose, with a\nName on the next line. Next.",
            ["This line is long enough to be wrapped prose, with a\nName on the next line.", "Next."],
        ),
        (
            "This line is long enough to be wrapped prose, with a\n- list item after it",
            ["This line is long enough to be wrapped prose, with a", "- list item after it"],
        ),
    ],
)
def test_lines_quotes_and_list_items(text, expected):
    """Protects line-level units: headings and list items stand alone (a list number's or a section
    number's period ends nothing), a long line without a stop wraps onto the next, closers stay with their stop."""
    assert sentences(text) == expected


# ------------------------------------------------------------------ linear time, same behaviour


def reference_line_breaks(text: str, start: int, end: int) -> list[int]:
    """The previous `_line_breaks` (slicing the whole prefix and suffix at every newline, so
    quadratic), with the two rules added since: a line of WRAP_WIDTH visible characters or more
    without a stop is wrapped when text that is no list item follows; a table row never is."""
    cuts = []
    pos = text.find("\n", start, end)
    while pos != -1:
        before = text[start:pos].rstrip()
        after = text[pos + 1 : end].lstrip(" \t")
        line_start = max(text.rfind("\n", start, pos) + 1, start)
        long_line = len(text[line_start:pos].lstrip(" \t").rstrip()) >= WRAP_WIDTH
        nxt = after[:1]
        follows = nxt.islower() or (long_line and nxt != "" and not nxt.isspace() and not ITEM.match(after))
        row = " | " in text[line_start:pos].lstrip(" \t")
        wrapped = before and before[-1] not in ".!?…。！？" + "\"'”’)]»" + ":;" and follows and not row
        if not wrapped:
            cuts.append(pos + 1)
        pos = text.find("\n", pos + 1, end)
    return cuts


ITEM = re.compile(r"[-*•+]\s|\d{1,3}[.)]\s|[A-Za-z][.)]\s")
OLD_BOUNDARY = re.compile(r"[.!?…。！？]+[\"'”’)\]»]*(?=\s+[\"'“‘(\[«]?[A-Z0-9À-ÖØ-Þ])")
line_chars = st.sampled_from(
    list('aZ. :;)"\t  \r\u3000\u00a0-*1é') + ["word ", "Word ", "wrapped prose ", "1. ", "- ", " | "]
)
lines = st.lists(st.lists(line_chars, max_size=20).map("".join), max_size=12).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(lines, st.text(alphabet=" \t\n\r.aZ:-1", max_size=200)), data=st.data())
@example(text="x" * WRAP_WIDTH + " \u3000\n Word\n" + "y" * WRAP_WIDTH + "\n- item\nZ", data=None)
@example(text="a.\n  " + "x" * (WRAP_WIDTH - 2) + "\nWord", data=None)
@example(text="  " + "x" * (WRAP_WIDTH - 2) + "\nWord", data=None)
def test_line_breaks_match_the_slicing_reference(text, data):
    """Protects issue item 2's rewrite: reading only the characters around each newline gives the
    very cuts that slicing the whole text at every newline gave, for any sub-range."""
    start, end = 0, len(text)
    if data is not None:
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
    assert _line_breaks(text, start, end) == reference_line_breaks(text, start, end)


@settings(max_examples=300, deadline=None)
@given(text=any_text, data=st.data())
def test_punctuation_candidates_are_those_of_the_previous_regex(text, data):
    """Protects the linear candidate search: with every abbreviation check answering 'ends', the
    cuts are exactly the previous single regex's (whose lookahead re-scanned runs of dots)."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sentences_module, "ends_sentence", lambda *_: True)
        assert _punctuation_breaks(text, start, end) == [m.end() for m in OLD_BOUNDARY.finditer(text, start, end)]


def test_a_two_megabyte_text_of_short_lines_is_split_into_its_lines():
    """Protects chunking large files (issue item 2): 2 MB of lines, one sentence each, all come back
    exact. (No clock: the slicing version took seconds here, this one a fraction of a second.)"""
    line = "Line without a stop\nAnother line ends here. A second sentence follows.\n"
    text = line * (2_000_000 // len(line))
    spans = sentence_spans(text)
    assert len(spans) == 3 * text.count("Line without")
    assert [text[a:b] for a, b in spans[:3]] == [
        "Line without a stop",
        "Another line ends here.",
        "A second sentence follows.",
    ]
    dots = "." * 200_000 + " a"
    assert sentences(dots) == [dots]


# ------------------------------------------------------------------ the measuring script


def test_labelled_sample_is_well_formed():
    """Protects eval/sentences/labelled.jsonl (documentation and hand-written cases only: SQuAD text stays in
    ../shared, never copied here): gold boundaries are sorted offsets of a
    non-space character inside the text, and every source is a real one or the hard cases."""
    records = load_labelled()
    assert len(records) >= 150 and sum(len(r["boundaries"]) for r in records) >= 200
    for r in records:
        text, gold = r["text"], r["boundaries"]
        assert gold == sorted(set(gold)) and all(0 < b < len(text) and not text[b].isspace() for b in gold), r
        assert r["source"].split(":")[0].split("/")[0] in {"squad-dev-v1.1", "git-doc", "python3.11", "hard-case"}
    assert LABELLED.read_text(encoding="utf-8").count("\n") == len(records)


def test_scores_and_evaluate_count_boundaries():
    """Protects the metric: a boundary is a span start after the first; counts give P/R/F1."""
    assert boundaries([(0, 3), (4, 8), (9, 10)]) == {4, 9}
    assert scores(2, 1, 1) == pytest.approx(
        {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "tp": 2, "fp": 1, "fn": 1}
    )
    assert scores(0, 0, 0)["f1"] == 1.0
    record = {"source": "hard-case", "text": "At 3 p.m. He left. Dr. Okafor stayed.", "boundaries": [10, 19]}
    result = evaluate(sentence_spans, [record])
    assert result["scores"]["all"]["f1"] == 1.0 and result["errors"] == []
    split_everywhere = evaluate(lambda t: [(0, 9), (10, 18), (19, 22), (23, len(t))], [record])
    assert split_everywhere["scores"]["all"]["fp"] == 1 and split_everywhere["errors"][0]["kind"] == "false split"
    assert json.dumps(result)  # the result file is JSON


def test_pysbd_spans_are_mapped_to_exact_offsets():
    """Protects the pysbd wrapper of the comparison: its spans are exact trimmed slices."""
    pytest.importorskip("pysbd")
    from eval.sentence_split import Pysbd

    text = "  He left at 3 p.m. The others stayed.\nA new line.  Same. Same. "
    split = Pysbd()
    spans = split(text)
    check_spans(text, spans, 0, len(text))
    assert [text[a:b] for a, b in spans][-2:] == ["Same.", "Same."] and split.unmapped == 0


def test_each_table_row_is_its_own_sentence():
    """Protects quotes of tables: extraction writes a row as one line of cells joined by " | ", and a
    long row followed by another never reads as one wrapped line."""
    text = "Type | Meaning\noffset date-time | datetime.datetime with its tzinfo attribute set\nlocal date | date"
    rows = [text[a:b] for a, b in sentence_spans(text)]
    assert rows == text.split("\n")


@settings(max_examples=200, deadline=None)
@given(text=any_text, data=st.data())
def test_with_lines_every_line_break_ends_a_sentence(text, data):
    """Protects quotes of HTML and .docx text (`readers.lines_are_blocks`), whose lines are items, rows and
    entries: with `lines`, the spans are still exact, ordered and covering, and no span holds a line break but
    where preformatted prose wrapped (`pre_wrapped`)."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    spans = sentence_spans(text, start, end, lines=True)
    check_spans(text, spans, start, end)
    for a, b in spans:
        for pos in (i for i in range(a, b) if text[i] == "\n"):
            assert pre_wrapped(text, text.rfind("\n", start, pos) + 1 if "\n" in text[start:pos] else start, pos, end)


# Postfix 3.7's postqueue(1) manual page as its HTML's <pre> reads (IBM Public Licence 1.0 / EPL 2.0).
MAN_PAGE = """       -f     Flush the queue: attempt to deliver all queued mail.

              This option implements the traditional "sendmail -q" command, by
              contacting the Postfix qmgr(8) daemon.

              Warning: flushing undeliverable mail frequently will  result  in
              poor delivery performance of all other mail."""


def test_with_lines_a_manual_pages_wrapped_prose_is_one_sentence():
    """Protects quotes of manual pages in HTML <pre>: "… command, by" was quoted without "contacting the Postfix
    qmgr(8) daemon.", its line's end taken for a sentence's. Code stays a line per sentence however wordy its
    comments, and so do lines indented differently, short, or with a stop at their end."""
    sentences = [MAN_PAGE[a:b] for a, b in sentence_spans(MAN_PAGE, lines=True)]
    assert sentences == [
        "-f     Flush the queue: attempt to deliver all queued mail.",
        'This option implements the traditional "sendmail -q" command, by\n              contacting the Postfix qmgr(8) daemon.',
        "Warning: flushing undeliverable mail frequently will  result  in\n              poor delivery performance of all other mail.",
    ]
    for code in (
        "  console.warn(warning.message); // Print the warning message here\n  console.warn(warning.stack);",
        "  sqlite3 *db,            /* Database handle for the connection */\n  const char *zSql,",
        "  before 6               # the then() callback is entered now\n  promise resolve 6",
        "  model: 'Intel(R) Core(TM) i7 CPU 860 @ 2.80GHz', speed: 2926, user: 252020\n  times: {",
        "    Flush the queue and then deliver every message\n  that waits in it",  # indented differently
        "    Flush the queue and deliver.\n    Then wait for the next message to arrive",  # a stop ends it
        "Flush the queue and then deliver every message waiting\nin it",  # not preformatted: HTML's own lines
    ):
        assert len(sentence_spans(code, lines=True)) == 2, code


# HAProxy 2.6's configuration.html (GPL-2.0-or-later), as its HTML's <pre> reads: prose wrapped at 80 columns, not
# indented.
FLUSH = """tune.maxrewrite <number>

Sets the reserved buffer space to this size in bytes. The reserved space is
used for header rewriting or appending. The first reads on sockets will never
fill more than bufsize-maxrewrite. Historically it has defaulted to half of
bufsize, though that does not make much sense since there are rarely large
numbers of headers to add."""


def test_with_lines_prose_wrapped_at_a_margin_without_an_indent_is_sentences():
    """Protects quotes of HAProxy's and Vim's manuals: "Historically it has defaulted to half of" was quoted alone.
    An HTML page's own lines stay apart: a paragraph of any length, a list of entries whose lines start with a
    name (Node.js', PostgreSQL's), a log's lines, a term over its description."""
    sentences = [FLUSH[a:b] for a, b in sentence_spans(FLUSH, lines=True)]
    assert sentences == [
        "tune.maxrewrite <number>",
        "Sets the reserved buffer space to this size in bytes.",
        "The reserved space is\nused for header rewriting or appending.",
        "The first reads on sockets will never\nfill more than bufsize-maxrewrite.",
        "Historically it has defaulted to half of\nbufsize, though that does not make much sense since there are "
        "rarely large\nnumbers of headers to add.",
    ]
    for apart in (
        "See the list of the options that the server accepts when it starts with the following\nflags set.",
        "path <string> If present, the file path when reporting a file system error\nport <number> If present.",
        "datname name Name of the database this backend is connected to and serves\npid integer Process ID of it",
        "ERROR:  return type mismatch in function declared to return emp and more\nDETAIL:  Final statement.",
        "The request header is set, replacing any previous header with this name\nsetifempty\nThe header is set.",
        "Create and update user authentication files for digest authentication\nhtdbm\n\nManipulate DBM files.",
        "executed-only: Produces zero output if no task is executed\njson: Output results in JSON format",  # doit's
    ):
        assert apart.split("\n")[0] in [apart[a:b] for a, b in sentence_spans(apart, lines=True)], apart


# Postfix 3.7's postmulti(1) and HAProxy 2.6's management.html, as their HTML's <pre>s read.
HANGING = """       -a     When  creating  or importing an instance, place the new instance
              at the front of the secondary instance list.

  -n <limit> : limits the per-process connection limit to <limit>. This is
    equivalent to the global section's keyword "maxconn"."""


def test_with_lines_an_options_description_under_a_hanging_indent_is_sentences():
    """Protects quotes of manual pages' options: "When creating or importing an instance, place the new instance"
    was quoted alone, the line below indented further than the option. An option's line over a line indented alike,
    or a table's row, stays apart."""
    sentences = [HANGING[a:b] for a, b in sentence_spans(HANGING, lines=True)]
    assert sentences == [
        "-a     When  creating  or importing an instance, place the new instance\n              at the front of the "
        "secondary instance list.",
        "-n <limit> : limits the per-process connection limit to <limit>.",
        'This is\n    equivalent to the global section\'s keyword "maxconn".',
    ]
    for apart in (
        "  -a     When creating or importing an instance, place the new one\n  at the front of the list",
        "  --copies    Try to use copies rather than symlinks, even when\n      symlinks | the default",
    ):
        assert len(sentence_spans(apart, lines=True)) == 2, apart


def test_with_lines_list_items_without_stops_stay_apart():
    """An HTML list whose items end without a stop and start in lower case (an index page's entries, options):
    as prose they would read as one wrapped sentence; as an HTML page's lines they are one sentence each."""
    text = "Keywords:\nhost parameter\nhot journal\nport <number> Port to listen on"
    assert [text[a:b] for a, b in sentence_spans(text, lines=True)] == text.split("\n")
    assert len(sentence_spans(text)) < 4  # the prose reading joins them


# HAProxy 2.6's configuration.html and Postfix 3.7's postsuper(1), as their HTML's <pre>s read.
PLACEHOLDERS = """The "rise" parameter states that a server will be considered as operational
after <count> consecutive successful health checks. This value defaults to 2
if unspecified. See also the "check", "inter" and "fall" parameters."""
QUOTED = """              Specify "-d ALL" to remove all messages;  for  example,  specify
              "-d  ALL deferred" to delete all mail in the deferred queue.  As
              a safety measure, the word ALL must be specified in upper  case."""


def test_with_lines_wrapped_prose_may_go_on_with_an_argument_s_placeholder_or_a_quoted_word():
    """ "This value defaults to 2" had been quoted alone: a line opening with "after <count>" went unread as prose.
    Postfix's "specify" over '"-d  ALL deferred" to delete …' had parted the command from its purpose."""
    assert [PLACEHOLDERS[a:b] for a, b in sentence_spans(PLACEHOLDERS, lines=True)] == [
        'The "rise" parameter states that a server will be considered as operational\nafter <count> consecutive '
        "successful health checks.",
        "This value defaults to 2\nif unspecified.",
        'See also the "check", "inter" and "fall" parameters.',
    ]
    assert [QUOTED[a:b] for a, b in sentence_spans(QUOTED, lines=True)][0] == (
        'Specify "-d ALL" to remove all messages;  for  example,  specify\n              "-d  ALL deferred" to '
        "delete all mail in the deferred queue."
    )
    # a name, then its type's placeholder, opens a list's line: no prose wrapped (Node.js')
    apart = "path <string> If present, the file path when reporting a file system error\nport <number> If present."
    assert [apart[a:b] for a, b in sentence_spans(apart, lines=True)][0] == apart.split("\n")[0]
