"""The value a passage states for what a question asks by its kind: a default ("What is the default of …?") or the
release a change came in ("Which release fixed …?"), found from the span the reader chose."""

from __future__ import annotations

from rag.answer.defaults import (
    Default,
    asks_default,
    asks_version,
    closing_default,
    entry_default,
    parameter_default,
    stated_defaults,
    term_line_default,
)
from rag.answer.headed import heading_default
from rag.answer.releases import holds_release, release_above


def stated_value(
    question: str, text: str, start: int, end: int, quote_start: int, quote_end: int, lo: int, hi: int
) -> Default | None:
    """What answers `question` for the reader's span [start, end) of text[lo:hi] (a passage), its quote [quote_start,
    quote_end): the release whose changelog section holds the quote, when the question asks for one and the span
    names none (`releases.release_above`); the default its entry, its signature or its section states, when it
    asks for one (`defaults`, `headed.heading_default`); None otherwise."""
    if asks_version(question) and not holds_release(text[start:end]) and (release := release_above(text, quote_start)):
        return Default(*release)
    if not asks_default(question):
        return None
    return (
        parameter_default(question, text, start, lo)
        or holding_default(text, start, end, quote_start, quote_end)
        or _held_default(text, start, end)
        or term_line_default(text, start, end, lo, hi)
        or entry_default(text, start, end, quote_start, quote_end, lo, hi)
        or heading_default(question, text, start, quote_start, quote_end)
        or closing_default(text, start, quote_start, quote_end)
    )


def _held_default(text: str, start: int, end: int) -> Default | None:
    """The one default stated inside the reader's span [start, end) and shorter than it: "2000" of the span "-N
    <limit> : sets the default per-proxy maxconn to <limit> instead of the builtin default value (usually 2000)"
    (HAProxy's), the reader having marked the option's whole line. None when it states none or several."""
    found = [d for d in stated_defaults(text, start, end) if start <= d.start and d.end <= end]
    return found[0] if len(found) == 1 and (found[0].start, found[0].end) != (start, end) else None


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
