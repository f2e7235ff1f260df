"""The value a passage states for what a question asks by its kind: a default ("What is the default of …?") or the
release a change came in ("Which release fixed …?"), found from the span the reader chose."""

from __future__ import annotations

import re

from rag.answer.defaults import (
    Default,
    asks_default,
    asks_version,
    closing_default,
    entry_default,
    fits_asked,
    parameter_default,
    stated_defaults,
    term_line_default,
)
from rag.answer.extent import SIGNATURE
from rag.answer.headed import asked_row, headed_end
from rag.answer.headings import term_heading
from rag.answer.releases import holds_release, release_above
from rag.answer.rows import LIST_REACH, parameter_rows
from rag.answer.shapes import answer_shape, has_shape

_BY_DEFAULT = re.compile(r"By default,", re.IGNORECASE)  # a sentence saying what is so by default


def stated_value(
    question: str, text: str, start: int, end: int, quote_start: int, quote_end: int, lo: int, hi: int
) -> Default | None:
    """What answers `question` for the reader's span [start, end) of text[lo:hi] (a passage), its quote [quote_start,
    quote_end): the release whose changelog section holds the quote, when the question asks for one and the span
    names none (`releases.release_above`); the default its entry, its signature or its section states, when it
    asks for one (`defaults`, `heading_default`); None otherwise."""
    if asks_version(question) and not holds_release(text[start:end]) and (release := release_above(text, quote_start)):
        return Default(*release)
    if not asks_default(question):
        found = _unsized_default(question, text, start, end, quote_start, quote_end, lo, hi)
        return found if found is None or fits_asked(question, text[found.start : found.end]) else None
    found = (
        parameter_default(question, text, start, lo)
        or holding_default(text, start, end, quote_start, quote_end)
        or _held_default(text, start, end)
        or _glossed_default(text, start, end, quote_start, quote_end)
        or term_line_default(text, start, end, lo, hi)
        or entry_default(text, start, end, quote_start, quote_end, lo, hi)
        or heading_default(question, text, start, quote_start, quote_end)
        or closing_default(text, start, quote_start, quote_end)
        or _row_default(question, text, start, lo)
    )
    return found if found is None or fits_asked(question, text[found.start : found.end]) else None


def _unsized_default(
    question: str, text: str, start: int, end: int, quote_start: int, quote_end: int, lo: int, hi: int
) -> Default | None:
    """For a question asking how many or how long that names no default, the one default the line or the block of a
    span holding no number states (`defaults.entry_default`): "8" of Pygments' "… this is the total number of
    characters that a tab should be expanded to. The default is 8." for "… how many characters is a tab expanded
    to?", where the reader's span was "total number of characters". None otherwise."""
    shape = answer_shape(question)
    if shape not in ("count", "duration") or has_shape(text[start:end], shape):
        return None
    return entry_default(text, start, end, quote_start, quote_end, lo, hi)


def _row_default(question: str, text: str, start: int, lo: int) -> Default | None:
    """The default its callable's signature gives the parameter whose line describes a span at `start`: "43200" of
    "cache_timeout=43200" in Werkzeug's "SharedDataMiddleware(app, exports, …, cache_timeout=43200, …)" for the span
    "timeout" of "cache_timeout (int) – the cache timeout in seconds for the headers." (the question, "How many
    seconds do the caching headers … last by default?", names no parameter), the signature the nearest above naming
    it (LIST_REACH), however far above the passage (`lo`) it starts. None elsewhere, and where the line states a
    default itself (Click's "max_content_width=None" of a line saying it "defaults to 80 characters")."""
    line, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", start)
    row = next(parameter_rows(text, line, len(text) if line_end == -1 else line_end), None)
    if row is None or row[0] != line or stated_defaults(text, line, row[1]):
        return None  # no parameter's line, or one stating its default itself ("defaults to 80 characters")
    name = text[row[2][0].start : row[2][0].end]
    named = re.compile(rf"[(,\s*]{re.escape(name)}\s*(?::[^=,()]*)?=")
    above = [
        m.start()
        for m in _LINES.finditer(text, max(0, line - LIST_REACH), line)
        if SIGNATURE.match(m.group(0).strip()) and named.search(m.group(0))
    ]
    return parameter_default(question, text, above[-1], min(lo, above[-1]), {name.lower()}) if above else None


_LINES = re.compile(r"[^\n]+")


def _held_default(text: str, start: int, end: int) -> Default | None:
    """The one default stated inside the reader's span [start, end) and shorter than it: "2000" of the span "-N
    <limit> : sets the default per-proxy maxconn to <limit> instead of the builtin default value (usually 2000)"
    (HAProxy's), the reader having marked the option's whole line. None when it states none or several."""
    found = [d for d in stated_defaults(text, start, end) if start <= d.start and d.end <= end]
    return found[0] if len(found) == 1 and (found[0].start, found[0].end) != (start, end) else None


def _glossed_default(text: str, start: int, end: int, quote_start: int, quote_end: int) -> Default | None:
    """The default its quote states whose value opens the reader's span, the rest of the span a bracketed gloss of
    it: "60 seconds" of "60 seconds (one minute)" in Logbook's "The default timedelta is 60 seconds (one minute).".
    None otherwise."""
    for d in stated_defaults(text, quote_start, quote_end):
        if d.start == start and d.end < end and _GLOSS.fullmatch(text, d.end, end):
            return d
    return None


_GLOSS = re.compile(r"[ \t]*\([^()\n]*\)")


def holding_default(text: str, start: int, end: int, quote_start: int, quote_end: int) -> Default | None:
    """The default its quote [quote_start, quote_end) states whose value, marks alone, holds a span [start, end)
    and more: the reader stopped inside a symbol ("%" of "Defaults to '{%'."). None elsewhere: a value of words
    or numbers is the reader's to cut ("100 connections" of "The default is typically 100 connections",
    "siphash24" of "Defaults to "siphash24".")."""
    return next(
        (
            d
            for d in stated_defaults(text, quote_start, quote_end)
            if d.start <= start and end <= d.end and (d.start, d.end) != (start, end)
            if not any(ch.isalnum() for ch in text[d.start : d.end])
        ),
        None,
    )


def heading_default(
    question: str, text: str, start: int, quote_start: int, quote_end: int, heading: tuple[int, int] | None = None
) -> Default | None:
    """The default the entry headed apart around a span [start, end) states (`asked_row`), when `question` asks for
    one and the span's quote [quote_start, quote_end) states none: "4.0" of Celery's "broker_connection_timeout",
    "Default: 4.0.", for "How long does the broker connection wait before giving up by default?", whose best span
    the reader found in that entry's description ("The default timeout in seconds before we give up …"). None
    elsewhere, and when the quote says in prose what is so by default: "local time" of Exim's "By default, the
    timestamps on log lines are in local time …" in log_timezone's entry ("Default: false") for "In which time zone
    are log timestamps by default?". `heading`: the span's `term_heading`, when the caller has it already."""
    if not asks_default(question) or stated_defaults(text, quote_start, quote_end):
        return None
    if _BY_DEFAULT.match(text, quote_start, quote_end):  # the reader's answer: what the quote says is so
        return None
    heading = heading or term_heading(text, start)
    if heading is None or start >= headed_end(text, heading[1]):
        return None  # no entry, or the span is past the end of the one above (under a heading not read as one)
    row = asked_row(question, text, heading[1])
    return Default(*row) if row is not None else None
