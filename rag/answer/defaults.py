"""Defaults: a question asking what something is by default is answered by the value its entry states as default."""

from __future__ import annotations

import re
from collections.abc import Container
from itertools import chain
from typing import NamedTuple

from rag.answer.brackets import enclosed
from rag.answer.default_forms import CHAINED, HEDGE, NAMED_VALUE, NUMBER_FOR, STATING, WRAPPED
from rag.answer.entries import describing, entry_lines
from rag.answer.extent import SIGNATURE, is_definition_line
from rag.answer.headings import HEADING_REACH
from rag.answer.shapes import answer_shape, has_shape
from rag.ingest.sentences import BLANK_LINE, CELL, WRAP_WIDTH

# A question asking for a default value ("What is the default value of work_mem?", "… by default?"), not for
# when, why or by whom one changed ("Which version raised the default page size?").
# "default", or what holds when none is given: "Which rounding method does round use if none is specified?", "What
# page_size does execute_values use if I don't specify one?", "What HTTP status does redirect() send unless told
# otherwise?", "What port does it listen on unless I change it?", "If I leave the settings alone, how long …?", "…
# if I don't change anything?", "If I raise HTTPRedirect and don't pass a status code, …?", "… Which password does
# it fall back to?", "If I create a CSSSelector without specifying the translator argument, …?"
_GIVE = r"(?:specify|give|set|pass|provide|supply|configure|choose|change|touch)"
_ASKS = re.compile(
    r"\bdefault(?:s|ed)?\b|\b(?:if|when)\s+(?:none|nothing|one)\s+is\s+(?:specified|given|supplied)\b"
    r"|\bif\s+(?:not\s+(?:specified|given|supplied)|omitted)\b"
    rf"|\b(?:if|when|and)\s+(?:(?:I|you|we)\s+)?(?:don'?t|do\s+not|didn'?t|did\s+not|never)\s+{_GIVE}\b"
    r"|\bunless\s+(?:told|set|specified)\s+otherwise\b|\bfalls?\s+back\s+(?:on|to)\s*\W*$"
    r"|\bunless\s+(?:I|you|we)\s+(?:change|set|override|configure)\s+(?:it|that|this|them)\b|\bout\s+of\s+the\s+box\b"
    r"|\b(?:if|when)\s+(?:I|you|we)\s+leave\s+(?:[\w']+\s+){0,3}?(?:alone|unset|untouched)\b"
    r"|\bleft\s+(?:alone|unset|untouched)\b"
    # a parameter by its name: "If I call the array_shapes strategy without max_dims, …?"
    r"|\bwithout\s+(?:(?:specifying|giving|setting|passing)\s+)?(?:an?\s+|the\s+)?[A-Za-z]+_\w+\b(?!\s*=)"
    r"|\bwithout\s+(?:specifying|giving|setting|passing|providing|supplying)\s+(?:one|it|any|a\s+value)\b"
    # "If I call format_date without choosing a format variant, …?", "… without specifying a domain, …?"
    r"|\bwithout\s+(?:specifying|giving|passing|providing|supplying|choosing|picking|selecting)\s+(?:an?|any)\s+[\w-]+"
    r"(?:\s+[\w-]+)?\s*,|\bwithout\s+(?:specifying|giving|passing|setting|providing|choosing)\s+(?:the|its)\s+[\w-]+\s+"
    r"(?:argument|parameter|option|keyword|setting|flag)\b|\bif\s+(?:it\s+is|it's)\s+(?:not\s+set|unset|left\s+out)\b"
    r"|^\W*what\s+is\s+(?:the\s+)?default_\w+\b(?!\s+(?:for|used|meant)\b)",  # "What is the default_timeout of SimpleCache?"
    re.IGNORECASE,
)
# A question asking since which version something exists ("In which version was IncludeOptional added?", "When did
# postscreen_greet_wait become available?")
_ASKS_VERSION = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:version|release)s?\b|\bsince\s+when\b|\bwhen\s+(?:was|were|did)\b.*\b(?:added|introduced|become\s+available|appear)\b",
    re.IGNORECASE,
)
# … or what sets a default, "the default" its subject: "Which environment variable sets the default packages loaded?",
# or the thing it asks about: "On the default bound logger, what is the async counterpart of info()?"
_ASKS_OTHER = re.compile(
    r"^\W*(?:when|why|who|whose)\b|\b(?:which|what)\s+(?:year|date)s?\b"
    r"|^\W*(?:on|in|for|with|from|using)\s+(?:the|a)\s+default\s+"
    r"(?!(?:configuration|config|settings?|setup|installation|case|mode)\b)[\w-]+(?:\s+[\w-]+){0,2}\s*,"
    r"|\b(?:sets?|controls?|changes?|specif(?:y|ies)|determines?|overrides?|selects?)\s+the\s+defaults?\b",
    re.IGNORECASE,
)
VALUE_MAX = 60  # characters: a longer "value" is prose, not a value
# A parameter's default in a signature: "pool_maxsize=10" of "HTTPAdapter(pool_connections=10, pool_maxsize=10, …)",
# its type annotated or not ("width: int = 80" of Jinja's "center(value: str, width: int = 80) → str"), a quoted
# annotation whole ("method: 'te.Literal["common", "ceil", "floor"]' = 'common'" of its round filter); an optional
# parameter's brackets are no part of its value ("255" of peewee's "CharField([max_length=255])"), a list's are ("[]")
_PARAMETER = re.compile(
    r"(?<![\w.])([A-Za-z_]\w*)(?:[ \t]*:[ \t]*(?:'[^'\n]*'|[^:=,()\n]+?))?[ \t]*=[ \t]*(?P<value>[^\s,()=\[\]][^,()\[\]\n]*?|\[[^\[\]\n]*\])[ \t]*(?=\]*[ \t]*[,)\[])"
)
_ASKING = frozenset({"default", "defaults", "value", "values"})  # the question's own words, never a parameter's name
_TRUTH = frozenset({"true", "false", "yes", "no", "on", "off", "enabled", "disabled"})  # a switch's values
_ASKS_THING = re.compile(r"^\W*(?:(?:in|on|at|to|from|for|with|by|of)\s+)?(?:which|how|where|who|when)\b", re.I)
_ASKS_PLACE = re.compile(r"^\W*(?:from\s+)?where\b", re.IGNORECASE)
_PLACE = re.compile(r"[/\\]|[A-Za-z]{3}")  # a path, or a word ("syslog", "localhost")
# a line of its own: "Default: 'session'", "default value: timedelta(milliseconds=200)" (Hypothesis')
DEFAULT_LINE = re.compile(r"^[ \t]*(?:Default|[Dd]efault[ \t]+value):[ \t]*\S[^\n]*", re.MULTILINE)
# A table row's label cell, as extraction writes rows ("Syntax: | KeepAliveTimeout num[ms]").
_ROW_VALUE = re.compile(r"^[A-Z][\w ]*:[ \t]*\|[ \t]*(\S+)", re.MULTILINE)


_OR_ONE = re.compile(r"[ \t]+or[ \t]+[\w.\-/%'\"]+")  # a value's one alternative: " or demote"


class Default(NamedTuple):
    """A default stated in a text: its value's characters, and the line stating it (what the quote holds)."""

    start: int
    end: int
    line: int
    line_end: int


def asks_default(question: str) -> bool:
    """Whether a question asks for what something is by default."""
    return bool(_ASKS.search(question)) and not _ASKS_OTHER.search(question) and not asks_version(question)


def fits_asked(question: str, value: str) -> bool:
    """Whether a default's value may answer `question`: a truth value answers none asking which thing, how, where,
    who or when ("false", log_timezone's default, for "In which time zone are log timestamps by default?"); a value
    with neither a path nor a word answers none asking where ("%Y%m%d-%H%M%S", a log's rotated names' suffix, for
    "Where are Postfix configuration files by default?"); one with no number answers none asking how many ("to
    follow them" of "(default is to follow them)" for "By default, how many redirects will Scrapy follow …?")."""
    if _ASKS_PLACE.match(question) and not _PLACE.search(value):
        return False
    if answer_shape(question) == "count" and not has_shape(value, "count"):
        return False
    return value.strip().lower() not in _TRUTH or not _ASKS_THING.match(question)


def asks_version(question: str) -> bool:
    """Whether a question asks since which version (release) something exists or changed."""
    return _ASKS_VERSION.search(question) is not None


def stated_defaults(text: str, lo: int, hi: int) -> list[Default]:
    """The defaults stated in text[lo:hi], with their values (at most VALUE_MAX characters) and lines.

    A directive's table (Apache's, nginx's) writes its default as the directive with its value ("Default: |
    TimeOut 60" under "Syntax: | TimeOut seconds"): the directive's name, which starts another row of the same
    table too, is no part of the value."""
    out = []
    for m in sorted(chain(*(p.finditer(text, lo, hi) for p in STATING)), key=lambda m: m.start()):
        start, end = m.span("value")
        if end - start > VALUE_MAX:
            continue
        line = text.rfind("\n", lo, m.start()) + 1 or lo  # the line saying it, above a value it wraps onto
        line_end = text.find("\n", end, hi)
        line_end = hi if line_end == -1 else line_end
        if hedge := HEDGE.match(text, start, end):  # "typically 100 connections": the value is what follows
            start = hedge.end()
        if text.startswith("either ", start) and (alternative := _OR_ONE.match(text, end)):
            end = alternative.end()  # "either stop or demote depending on …" (crmsh's loss-policy): both
        if counted := NUMBER_FOR.match(text, start, end):  # "46 for Expedited Forwarding (EF)": the number
            end = counted.end("number")
        if CHAINED.match(text, end):
            continue  # a default's name, whose own default is stated next: "default_key_derivation, which …"
        if named := NAMED_VALUE.match(text, end):  # a constant's name, then its value: "…_LIMIT, which is 30."
            start, end = named.span("value")
        if enclosed(text[start:end]):  # typographic marks set the value off: "on" of "The default value is ‘on’."
            start, end = start + 1, start + 1 + len(text[start + 1 : end - 1].rstrip())
        if (more := WRAPPED.match(text, end, hi)) and _wraps(text[line:end], text[start:end]):
            end = more.end()  # "…, which defaults to the local" over "    hostname." (HAProxy's -L, in a <pre>)
        first = text[start:end].split(" ", 1)
        if len(first) == 2 and first[0] in _row_names(text, lo, hi, line, line_end):
            start += len(first[0]) + 1
        out.append(Default(start, end, line, line_end))
    return out


def _wraps(line: str, value: str) -> bool:
    """Whether a value ending its line, as `line` reads up to it, may go on on the next: prose's words ("the local"),
    on a line long enough to have been wrapped (WRAP_WIDTH characters or more)."""
    return len(line.strip()) >= WRAP_WIDTH and " " in value and value[-1].isalpha() and value[0].islower()


def is_stated_default(question: str, text: str, start: int, end: int, quote_start: int, quote_end: int) -> bool:
    """Whether text[start:end] is the value of a default its quote [quote_start, quote_end) states, and `question`
    asks for a default: "$BORG_CONFIG_DIR/keys" of "BORG_KEYS_DIR / Defaults to $BORG_CONFIG_DIR/keys. This
    directory contains keys …" for "Which directory contains keys … by default?" (the value, not the entry's term)."""
    return asks_default(question) and any(
        (d.start, d.end) == (start, end) for d in stated_defaults(text, quote_start, quote_end)
    )


def _block(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """Where the block (the lines between blank lines: a paragraph, a table) around text[start:end] begins and ends,
    inside text[lo:hi]."""
    top = max((m.end() for m in BLANK_LINE.finditer(text, lo, start)), default=lo)
    bottom = BLANK_LINE.search(text, end, hi)
    return top, bottom.start() if bottom else hi


def _row_names(text: str, lo: int, hi: int, line: int, line_end: int) -> set[str]:
    """The first words of the other rows' values in the table around a row."""
    top, bottom = _block(text, lo, hi, line, line_end)
    row = text[line:line_end]
    return {m.group(1) for m in _ROW_VALUE.finditer(text[top:bottom]) if m.group(0) not in row}


def term_line_default(text: str, start: int, end: int, lo: int, hi: int) -> Default | None:
    """The one default stated on the term line or table row that holds a span [start, end) the reader found in
    text[lo:hi] ("1800" of borg's "| -c SECONDS, --checkpoint-interval SECONDS | write checkpoint every SECONDS
    seconds (Default: 1800)" for "every SECONDS seconds"), or on the term lines of the entry whose description
    holds it (`entries.describing`) when the span's own line states none, when the span is not that value: "0"
    of Vim's "'textwidth' 'tw' number (default 0)" for the span "textwidth' 'tw' number" (a question asking for a
    default never asks for the name), "8" for "default 8"; "summary" of Valgrind's "--leak-check=<no|summary|yes|
    full> [default: summary]" for "memory leaks" in the line below it. None elsewhere."""
    line = text.rfind("\n", lo, start) + 1 or lo
    line_end = text.find("\n", end, hi)
    line_end = hi if line_end == -1 else line_end
    if is_definition_line(text[line:line_end].strip()) or CELL in text[line:line_end]:
        found = stated_defaults(text, line, line_end)
    elif (lines := describing(text, start, lo)) is not None and not stated_defaults(text, line, line_end):
        found = [d for a, b in lines for d in stated_defaults(text, a, b)]
    else:
        return None
    return found[0] if len(found) == 1 and (found[0].start, found[0].end) != (start, end) else None


def entry_default(
    text: str, start: int, end: int, quote_start: int, quote_end: int, lo: int, hi: int
) -> Default | None:
    """The default that answers for a span [start, end) the reader found in text[lo:hi], its quote
    [quote_start, quote_end), when the question asks for a default and the reader found what it is about but not
    its value: the one default its quote states, outside the span ("tar" of "… in the tar (default) or zip
    format:" for "zip format"); else the one its line states, else the one its block (between blank lines: a
    paragraph, a table) states ("The default value is 6700." in the paragraph describing gc.auto; "Default: |
    TimeOut 60" in the table whose "Description:" row the span is in). None when the span is in the value its
    quote states (the reader read it and chose how much answers: "100 connections" of "The default is typically
    100 connections"), the quote states several, or the line or block states none or several (a list of
    parameters, each with its own default, all but one about something else)."""
    stated = stated_defaults(text, lo, hi)
    if quoted := [d for d in stated if quote_start <= d.start < quote_end]:
        one = quoted[0]
        return one if len(quoted) == 1 and (one.end <= start or end <= one.start) else None
    line = text.rfind("\n", lo, start) + 1 or lo
    line_end = text.find("\n", end, hi)
    on_line = [d for d in stated if line <= d.start and (line_end == -1 or d.end <= line_end)]
    if on_line:
        return on_line[0] if len(on_line) == 1 else None
    top, bottom = _block(text, lo, hi, start, end)
    in_block = [d for d in stated if top <= d.start and d.end <= bottom]
    return in_block[0] if len(in_block) == 1 else None


def parameter_default(
    question: str, text: str, start: int, lo: int, words: Container[str] | None = None
) -> Default | None:
    """The value a signature gives the one parameter a question asking for a default names ("10" of
    "HTTPAdapter(pool_connections=10, pool_maxsize=10, …)" for "What is the default pool_maxsize of
    HTTPAdapter?"), any word of it or one of `words`: on the line of the span at `start` when it is a signature,
    else on the term line of the entry the span describes (`entries.describing`; not above `lo`, where the passage
    starts); else the one whose name abbreviates the question's words part by part ("4194304" of
    "max_msg_size=4194304" for "What is the default maximum size of an incoming message on a WebSocketResponse?").
    None when the question names no parameter of it, or several."""
    line = text.rfind("\n", lo, start) + 1 or lo
    line_end = text.find("\n", start)
    lines = [(line, len(text) if line_end == -1 else line_end), *(describing(text, start, lo) or ())]
    asked = {w.lower() for w in re.findall(r"[A-Za-z_]\w*", question)} - _ASKING
    parameters = [
        (m.group(1).lower(), Default(a + m.start("value"), a + m.end("value"), a, b))
        for a, b in lines
        if SIGNATURE.match(text[a:b].strip())
        for m in _PARAMETER.finditer(text[a:b])
    ]
    found = [d for name, d in parameters if name in (asked if words is None else words)]
    found = found or [d for name, d in parameters if _abbreviates(name, asked)]
    return found[0] if len({(d.start, d.end) for d in found}) == 1 else None


def _abbreviates(name: str, words: set[str]) -> bool:
    """Whether a parameter's name of two parts or more is words of a question abbreviated, each part the start and
    some letters of one in order: "max_msg_size" of "maximum", "message" and "size"."""
    parts = name.split("_")
    return len(parts) > 1 and all(any(w.startswith(p[0]) and _in_order(p, w) for w in words) for p in parts if p)


def _in_order(letters: str, word: str) -> bool:
    """Whether `letters` occur in `word` in their order ("msg" in "message")."""
    rest = iter(word)
    return all(c in rest for c in letters)


def closing_default(text: str, start: int, quote_start: int, quote_end: int) -> Default | None:
    """The one "Default:" line of the entry whose description holds a span at `start`, below that description
    and above the next entry (its lines' nearest term line is the entry's own), when the span's quote [quote_start,
    quote_end) states no default: "'session'" of Flask's "SESSION_COOKIE_NAME\nThe name of the session cookie." and,
    paragraphs below, "Default: 'session'" (a <dd> of several paragraphs). None elsewhere."""
    lines = describing(text, start)
    if lines is None or stated_defaults(text, quote_start, quote_end):
        return None
    term, limit = lines[-1], min(len(text), lines[-1][1] + HEADING_REACH)
    found = [
        d
        for m in DEFAULT_LINE.finditer(text, term[1], limit)
        if (own := entry_lines(text, m.start())) is not None and own[-1] == term
        for d in stated_defaults(text, m.start(), m.end())
    ]
    return found[0] if len(found) == 1 else None
