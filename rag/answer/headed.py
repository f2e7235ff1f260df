"""A term's entry headed apart ("KeepAliveTimeout Directive", "fs.existsSync(path)"): the description that says
what the term is or does, below the metadata, signature and parameters between it and its heading."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from typing import NamedTuple

from rag.answer.definitions import asks_definition
from rag.answer.entries import HEADING_REACH, TERM_KINDS, is_term_heading
from rag.answer.extent import SIGNATURE, TERM_LABEL, stands_alone
from rag.answer.terms import called_names, named_terms, unknown_words
from rag.ingest.sentences import BLANK_LINE, CELL, sentence_spans
from rag.models import Document, Hit

_KIND = "|".join(sorted(TERM_KINDS))
# A heading naming its entry's term, with the term's kind before or after it or not ("KeepAliveTimeout Directive")
_HEADED = re.compile(rf"(?:(?:{_KIND})\s+)?(\S+?)(?:\s+(?:{_KIND}))?", re.IGNORECASE)
_KINDED = re.compile(rf"(?:{_KIND})\s+\S+|\S+\s+(?:{_KIND})", re.IGNORECASE)  # one that names the kind
_NAME = re.compile(r"[A-Za-z_$][\w.$:-]*")
_LABEL = re.compile(TERM_LABEL)  # a metadata line's label: "Added in: ", "Returns: ", "Note: "
_DESCRIPTION = re.compile(rf"Description:(?:{re.escape(CELL)}|\s+)(?=\S)")  # "Description: | Amount of time …"
PROSE_WORDS = 4  # a description says at least this many words
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_PARAMETER = re.compile(r"[\w.$]+\s+(?:<[^>\n]*>|\{[^}\n]*\})")  # "disableEntropyCache <boolean> By default, …"
_RETURN = re.compile(r"\breturn(?:s|ed)?\b", re.IGNORECASE)  # "What does av_get_packet return on success?"


class Described(NamedTuple):
    """What an entry headed apart says its term is or does: the answer's characters and the quote's."""

    hit: Hit
    doc: Document
    start: int
    end: int
    quote_start: int
    quote_end: int


def asked_names(question: str, known: Container[str]) -> frozenset[str]:
    """The names `question` may ask about: its dotted names and options, the words the reader's vocabulary
    (`known`) lacks, and the words it calls a term ("the overwrite attribute"); lower-cased."""
    return frozenset(named_terms(question) | unknown_words(question, known) | called_names(question))


def headed_description(
    question: str, passages: Sequence[tuple[Hit, Document]], known: Container[str]
) -> Described | None:
    """When `question` asks what a term it names (`asked_names`) is or does, the description of its entry headed
    apart in or right above (HEADING_REACH) the best of `passages` that has one (`headed_entry`); None when none
    has."""
    names = asked_names(question, known) if asks_definition(question) else frozenset()
    for hit, doc in passages if names else []:
        if entry := headed_entry(question, hit, doc.text, names):
            return Described(hit, doc, *entry[1:])
    return None


def headed_entry(question: str, hit: Hit, text: str, names: frozenset[str]) -> tuple[int, int, int, int, int] | None:
    """The entry of one of `names` headed apart in or right above (HEADING_REACH) the passage `hit` read: where its
    heading starts (`heading_name`), and its `description` (answer start, end, quote start, end); None when there
    is none, or when `question` asks what the term returns and the description does not start by saying so
    ("Returns true if the path exists, …" does; FFmpeg's "Allocate and read the payload of a packet …" does not)."""
    lo = max(0, hit.start - HEADING_REACH)
    for m in re.finditer(r"[^\n]+", text[lo : hit.end]):
        start, end = lo + m.start(), lo + m.end()
        if heading_name(text[start:end]) in names and stands_alone(text, start, end):
            said = description(text, end)
            if said is not None and (not _RETURN.search(question) or _RETURN.match(text, said[0])):
                return start, *said
    return None


def heading_name(line: str) -> str | None:
    """The name, lower-cased, a line gives when it heads a term's entry: the term alone, its signature or the
    term with its kind ("keepalivetimeout" of "KeepAliveTimeout Directive", "fs.existssync" of
    "fs.existsSync(path)"; a label aside: "Class: fs.Dir"); None for any other line."""
    line = line.strip()
    if label := _LABEL.match(line):
        line = line[label.end() :]
    if signature := SIGNATURE.match(line):
        return signature.group(1).lower()
    m = _HEADED.fullmatch(line)
    name = m.group(1) if m else None
    return name.lower() if name and _NAME.fullmatch(name) and not name.isdigit() else None


def description(text: str, heading_end: int) -> tuple[int, int, int, int] | None:
    """Where the description of the entry headed by the line ending at `heading_end` is, as (answer start, end,
    quote start, end): a "Description:" row's value (the row quoted), else the first sentence of the first
    paragraph of prose at most HEADING_REACH below, past metadata ("Added in: v0.4.7", a table's rows), a
    signature and parameters ("fd <integer>"); None when the next entry's heading comes first."""
    limit = min(len(text), heading_end + HEADING_REACH)
    pos = heading_end
    while pos < limit:
        gap = BLANK_LINE.search(text, pos, limit)
        block_end = gap.start() if gap else limit
        block = text[pos:block_end].strip()
        at = pos + len(text[pos:block_end]) - len(text[pos:block_end].lstrip())
        if pos > heading_end and _entry_heading(block):
            return None  # the next entry's heading
        for row in re.finditer(r"[^\n]+", text[at : at + len(block)]):
            if d := _DESCRIPTION.match(row.group(0).strip()):
                a = at + row.start() + (len(row.group(0)) - len(row.group(0).lstrip())) + d.end()
                return a, at + row.end(), at + row.start(), at + row.end()
        if block and is_prose(block):
            first = sentence_spans(text, at, at + len(block))[0]
            return first[0], first[1], first[0], first[1]
        if gap is None:
            return None
        pos = gap.end()
    return None


def _entry_heading(block: str) -> bool:
    """Whether a paragraph is one line heading an entry: a term's signature or name, or a name with its kind."""
    if "\n" in block or not block:
        return False
    label = _LABEL.match(block)
    line = block[label.end() :] if label else block
    return is_term_heading(line) or _KINDED.fullmatch(line) is not None


def is_prose(block: str) -> bool:
    """Whether a paragraph is prose that may describe: PROSE_WORDS words or more, a sentence's end, no table row,
    no metadata label ("Returns: <boolean>", "Stability: 0 - Deprecated: …"), no code or parameter opening it
    ("disableEntropyCache <boolean> By default, …")."""
    return (
        len(block.split()) >= PROSE_WORDS
        and CELL not in block
        and block[:1].isalpha()
        and _LABEL.match(block) is None
        and _PARAMETER.match(block) is None
        and _SENTENCE_END.search(block) is not None
    )
