"""A question asking in which release something changed is answered by the release its changelog's section names:
"2.11.1" of man-db's "man-db 2.11.1 (15 November 2022)" over the item the reader found."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from rag.answer.extent import stands_alone
from rag.answer.headed import Described
from rag.models import Document, Hit

LOOK_BACK = 4000  # characters at most from a release's heading down to an item of its section
HEADING_MAX = 100  # a release's heading is at most this long
MIN_RELEASES = 3  # a changelog's sections: a text with fewer release headings is no changelog ("Apache Ant 1.10")
# A release's number: "2.11.1", "3.0.14", "1.1.1k", "v2.3"; not a date's parts ("2024-06-04")
_VERSION = re.compile(r"(?<![\w.])v?\d+\.\d+(?:\.\d+)*[a-z]?(?![\w]|\.\d)")
# A question asking when a release came out: "When was man-db 2.10.0 released?"
_ASKS_RELEASED = re.compile(r"\bwhen\b.*\b(?:released?|published|out)\b", re.IGNORECASE)
# A release's date as changelogs write it: "4 February 2022", "3 Sep 2024", "February 4, 2022", "2022-02-04"
_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}\b|\b[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
# After a number opening its heading, a section's title ("1.0 Introduction" of SQLite's pages: no release; a
# release's number opening its heading stands alone or before its date, "2.3.0 (2023-01-01)", "1.2 - 2020-01-01")
_TITLE_AFTER = re.compile(r"\.?[ \t]+[A-Za-z]")
_UNDERLINE = re.compile(r"\n[ \t]*(?:={3,}|-{3,}|~{3,})[ \t]*(?=\n|$)")  # a plain-text heading's underline


class Release(NamedTuple):
    """The release a changelog's section names: its number's characters, and its heading's line."""

    start: int
    end: int
    line: int
    line_end: int


def release_above(text: str, pos: int) -> Release | None:
    """The release whose changelog section holds `pos`: the nearest line above pos's (at most LOOK_BACK above) that
    stands alone between blank lines, states no sentence and names a release's number ("man-db 2.10.0 (4 February
    2022)", "Major changes between OpenSSL 3.0.13 and OpenSSL 3.0.14 [4 Jun 2024]": the last it names, the one the
    changes lead to), passing headings that name none ("Fixes:"); None when there is none, or pos's own line is
    such a heading (the reader read a release's heading already), or the text is no changelog (`is_changelog`)."""
    if not is_changelog(text):
        return None
    floor = max(0, pos - LOOK_BACK)
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    first = True
    while end > floor:
        start = text.rfind("\n", floor, end) + 1 or floor
        if (found := _release_heading(text, start, end)) is not None:
            return None if first else found
        first, end = False, start - 1
    return None


def holds_release(span: str) -> bool:
    """Whether a span names a release's number already ("3.12.0" of "beginning with SQLite version 3.12.0"): the
    reader answered with a release, and its section's is not asked for."""
    return _VERSION.search(span) is not None


def is_changelog(text: str) -> bool:
    """Whether a text is a changelog: MIN_RELEASES lines or more are release headings (`_release_heading`)."""
    lines, found = set(), 0
    for m in _VERSION.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start in lines:
            continue
        lines.add(start)
        end = text.find("\n", m.end())
        found += _release_heading(text, start, len(text) if end == -1 else end) is not None
        if found >= MIN_RELEASES:
            return True
    return False


def _release_heading(text: str, start: int, end: int) -> Release | None:
    line = text[start:end].strip()
    if not line or len(line) > HEADING_MAX or line[-1] in ".!?;," or not _apart(text, start, end):
        return None
    numbers = [
        m
        for m in _VERSION.finditer(text, start, end)
        if text[start : m.start()].strip() or not _TITLE_AFTER.match(text, m.end(), end)
    ]
    return Release(numbers[-1].start(), numbers[-1].end(), start, end) if numbers else None


def _apart(text: str, start: int, end: int) -> bool:
    """Whether the line text[start:end] stands alone between blank lines (`extent.stands_alone`), its underline with
    it, as plain-text NEWS files write a heading ("man-db 2.10.0 (4 February 2022)" over "====")."""
    underline = _UNDERLINE.match(text, end)
    return stands_alone(text, start, underline.end() if underline else end)


def release_date(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The date of the release a question asking when it came out names, from its heading in a changelog among
    `passages`: "4 February 2022" of "man-db 2.10.0 (4 February 2022)" for "When was man-db 2.10.0 released?"
    (the release a heading names is its last number: "between OpenSSL 3.0.14 and OpenSSL 3.0.15 [3 Sep 2024]" is
    3.0.15's); the heading is quoted. None when the question asks no such thing or names no release's number, or no
    passage holds a heading of it with one date."""
    named = {m.group(0).lstrip("v") for m in _VERSION.finditer(question)}
    if not named or not _ASKS_RELEASED.search(question):
        return None
    for hit, doc in passages:
        if not is_changelog(doc.text):
            continue
        for m in _VERSION.finditer(doc.text, hit.start, hit.end):
            start = doc.text.rfind("\n", 0, m.start()) + 1
            end = doc.text.find("\n", m.end())
            heading = _release_heading(doc.text, start, len(doc.text) if end == -1 else end)
            if heading is None or doc.text[heading.start : heading.end].lstrip("v") not in named:
                continue
            dates = list(_DATE.finditer(doc.text, heading.line, heading.line_end))
            if len(dates) == 1:
                return Described(hit, doc, dates[0].start(), dates[0].end(), heading.line, heading.line_end)
    return None
