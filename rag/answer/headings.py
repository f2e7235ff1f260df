"""Term headings: the line that heads a reference entry apart, alone between blank lines or over its fields."""

from __future__ import annotations

import re

from rag.answer.extent import SIGNATURE, TERM_LABEL, is_heading, stands_alone
from rag.answer.terms import HYPHENATED, TERM, bare_name

HEADING_REACH = 1500  # characters at most from a term heading its entry apart down to what answers, over metadata
# and parameters ("Added in: v15.6.0")
# A term, then the places of its arguments, as a reference heads its entry: "tune.bufsize <number>", "balance.x
# <algorithm> [ <arguments> ]", "tune.idle-pool.shared { on | off }" (HAProxy's keywords; hyphens inside its name)
_NAME_RUN = re.compile(r"-{0,2}[A-Za-z_][\w.-]*+")  # possessive: a long dotted run is never backtracked into
_PLACES = re.compile(r"(?:\s+(?:<[^<>\n]*>|\[[^\[\]\n]*\]|\{[^{}\n]*\}))+")
_ALIASED = re.compile(r"-{1,2}[A-Za-z][\w-]*(?:,[ \t]*-{1,2}[A-Za-z][\w-]*)+")  # "-j, --junk-session-cookies"
FIELD = re.compile(r"[A-Z][A-Za-z .-]{1,30}:[ \t]+\S")  # "Grammar dnssec-policy: max-zone-ttl <duration>;"
_LABEL = re.compile(TERM_LABEL)  # what may lead a term: "Class: ", "Static method: ", "Macro: "


def fields_below(text: str, end: int) -> bool:
    """Whether the line ending at `end` has a field's line right below it, no blank line between: a term over its
    fields, as Sphinx describes an object ("tcp-initial-timeout" over "Grammar: tcp-initial-timeout <integer>;")."""
    return end < len(text) and FIELD.match(text, end + 1) is not None


def term_heading(text: str, pos: int, floor: int = 0) -> tuple[int, int] | None:
    """Where the term heading the entry that holds `pos` apart is: the nearest line at or above pos's line, at
    most HEADING_REACH above and not before `floor`, that stands alone between blank lines and is a signature or
    a bare name ("crypto.randomUUID([options])", "Class: fs.Dir", "process.exitCode", "NODE_PATH=path"), or that
    is a name over its fields (`fields_below`: "listen-on-v6" over "Grammar: …"); None when a heading of prose
    ("Examples") or none comes first."""
    floor = max(floor, pos - HEADING_REACH)
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    while end > floor:
        start = max(text.rfind("\n", floor, end) + 1, floor)
        fielded = fields_below(text, end)  # a name over its fields heads its entry too ("listen-on-v6")
        if text[start:end].strip() and (stands_alone(text, start, end) or fielded) and not listed(text, start, end):
            line = unlabelled(text, start, end)
            if is_term_heading(line) or (fielded and (bare_name(line) or HYPHENATED.fullmatch(line))):
                return start, end
            if is_heading(text, start, end) and not FIELD.match(text, start):
                return None  # a section's heading; a field alone on its line is the entry's ("Tags: server")
        end = start - 1
    return None


def is_term_heading(line: str) -> bool:
    """Whether a line (its label off) is a term that may head its entry: a signature, an option and its aliases
    ("-j, --junk-session-cookies"), or one name with nothing after it but a value placeholder ("NODE_PATH=path[:…]")
    or the places of its arguments ("tune.bufsize <number>")."""
    if SIGNATURE.match(line) or _ALIASED.fullmatch(line):
        return True
    m = TERM.match(line)
    if m is None or not any(len(part) > 2 and not part.isdigit() for part in re.split(r"[._-]+", m.group(0))):
        return False  # no name: a version ("Added in: v0.11.8")
    return m.end() == len(line) or (line[m.end()] == "=" and " " not in line) or placed_name(line) is not None


def placed_name(line: str) -> int | None:
    """Where the name ends on a line that is a dotted name or an option, then the places of its arguments
    ("tune.bufsize <number>", "tune.idle-pool.shared { on | off }"); None for any other line: a plain word's are a
    parameter's type (Node.js' "fd <integer>")."""
    name = _NAME_RUN.match(line)
    if name is None or not TERM.match(line) or not _PLACES.fullmatch(line, name.end()):
        return None
    return name.end()


def unlabelled(text: str, start: int, end: int) -> str:
    """The line text[start:end] without its label ("fs.Dir" of "Class: fs.Dir")."""
    line = text[start:end].strip()
    label = _LABEL.match(line)
    return line[label.end() :] if label else line


def listed(text: str, start: int, end: int) -> bool:
    """Whether the line text[start:end], a name alone, is an item of a list of such names (the block right above
    is a name alone too: Flask-SQLAlchemy's "The following keys from app.config are used:" over
    "SQLALCHEMY_DATABASE_URI", …, "SQLALCHEMY_TRACK_MODIFICATIONS", then init_app's "Parameters:"), not the heading
    of an entry. A heading naming its kind ("KeepAliveTimeout Directive" below a "See also" list's
    "MaxKeepAliveRequests"), a signature or a plain word ("Warning") is none."""
    line, above_end = text[start:end].strip(), start
    while above_end > 0 and text[above_end - 1].isspace():  # back over the blank lines, copying nothing
        above_end -= 1
    above = text[text.rfind("\n", 0, above_end) + 1 : above_end].strip()
    return all(TERM.fullmatch(name) or HYPHENATED.fullmatch(name) for name in (line, above)) and stands_alone(
        text, above_end - len(above), above_end
    )
