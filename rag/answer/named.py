"""The name a line gives when it heads a term's entry apart: "keepalivetimeout" of "KeepAliveTimeout Directive"."""

from __future__ import annotations

import re

from rag.answer.extent import SHOWN_VALUE, SIGNATURE, TERM_LABEL
from rag.answer.headings import (
    FIELD,
    fielded_row,
    fields_below,
    is_term_heading,
    placed_name,
    plain_heading,
    plain_name,
    section_setting,
)
from rag.answer.kinds import TERM_KINDS
from rag.ingest.sentences import CELL

_KIND = "|".join(sorted(TERM_KINDS))
_CALL = re.compile(r"\s*\(\s*[\"']")  # a quoted string opening the arguments: a call, no signature
_NUMBERED = re.compile(r"(?:\d{1,3}\.)+\d{0,3}\.?[ \t]+(?=[A-Za-z_$])")  # a section's number before its name
_MANUAL_HEAD = re.compile(r"(\S+\(\d\w*\))\s.*\1")  # a manual page's name and section, at both ends of its head
# A heading naming its entry's term, with the term's kind before or after it or not ("KeepAliveTimeout Directive")
_HEADED = re.compile(rf"(?:(?:{_KIND})\s+)?(\S+?)(?:\s+(?:{_KIND}))?", re.IGNORECASE)
_KINDED = re.compile(rf"(?:{_KIND})\s+\S+|\S+\s+(?:{_KIND})", re.IGNORECASE)  # one that names the kind
_NAME = re.compile(r"[A-Za-z_$][\w.$:-]*")
_SHOWN = re.compile(rf"['‘]([A-Za-z_][\w.-]*)['’]{SHOWN_VALUE}")  # "‘create_empty’: False" (`extent.SHOWN_VALUE`)
_LABEL = re.compile(TERM_LABEL)  # a label leading a term: "Class: ", "Static method: "


def heading_name(line: str) -> str | None:
    """The name, lower-cased, a line gives when it heads a term's entry: the term alone, its signature or the
    term with its kind ("keepalivetimeout" of "KeepAliveTimeout Directive", "fs.existssync" of "fs.existsSync(path)",
    "tune.bufsize" of "tune.bufsize <number>": `placed_name`; a label aside: "Class: fs.Dir"; "smtp_connect_backlog" of a
    `fielded_row`); None for any other line."""
    line = _NUMBERED.sub("", line.strip(), count=1)  # "timeout" of Mutt's "3.393. timeout"
    if _MANUAL_HEAD.fullmatch(line):
        return None  # a manual page's running head: "POSTQUEUE(1)   POSTQUEUE(1)", no call of postqueue
    if shown := _SHOWN.fullmatch(line):
        return shown.group(1).lower()
    fielded = fielded_row(line)  # not once a label is off: Ant's "Attribute: overwrite | Description: … | …" row
    if label := _LABEL.match(line):
        line = line[label.end() :]
    line = line.split(CELL, 1)[0] if fielded else line[: placed_name(line) or len(line)]
    if signature := SIGNATURE.match(line):  # not a call an example makes: 'run_simple("localhost", 8080, app)'
        return None if _CALL.match(line, signature.end(1)) else signature.group(1).lower()
    m = _HEADED.fullmatch(line)
    name = m.group(1) if m else None
    return name.lower() if name and _NAME.fullmatch(name) and not name.isdigit() else None


def shown_value(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the value that the term line text[start:end] shows its term defaults to starts and ends ("False" of
    "‘create_empty’: False"); None for any other line."""
    line = text[start:end].strip()
    if (shown := _SHOWN.fullmatch(line)) is None:
        return None
    value = line[shown.end(1) + 1 :].lstrip(": \t")
    at = text.index(line, start) + len(line) - len(value)
    return at, at + len(value)


def line_name(text: str, start: int, end: int) -> str | None:
    """`heading_name` of the line text[start:end], or the keyword a plain heading gives its entry, alone between
    blank lines ("retries" of HAProxy's "retries <value>": `headings.plain_heading`); lower-cased."""
    if (name := heading_name(text[start:end])) is not None or not plain_heading(text, start, end):
        return name
    line = text[start:end].strip()
    return line[: plain_name(line)].lower()


def entry_heading(block: str) -> bool:
    """Whether a paragraph is one line heading an entry: a term's signature or name, or a name with its kind; or a
    name over its fields (`fields_below`)."""
    if "\n" in block and heading_name(block.split("\n", 1)[0]) and fields_below(block, block.index("\n")):
        return not FIELD.match(block)  # not a field over another
    if "\n" in block or not block:
        return False
    label = _LABEL.match(block)
    line = block[label.end() :] if label else block
    return is_term_heading(line) or section_setting(block) or any(p.fullmatch(line) for p in (_KINDED, _SHOWN))
