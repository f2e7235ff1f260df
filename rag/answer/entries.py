"""Reference entries: a question naming a term is answered from its entry, one asking for a term with its name."""

from __future__ import annotations

import re
from typing import NamedTuple

from rag.answer.extent import KEYWORD, KEYWORD_NAME, SIGNATURE, TERM_LABEL, is_definition_line
from rag.answer.headings import heading_kind, metadata_below, plain_name, synopsis_name, term_heading, unlabelled
from rag.answer.kinds import CALLABLE_KINDS, TERM_KINDS, asked_kinds, singular
from rag.answer.notes import admonished
from rag.answer.terms import (
    HYPHENATED,
    MANUAL_SECTIONS,
    OPTION_KINDS,
    TERM,
    argued_name,
    bare_name,
    entry_name,
    inline_entry,
    known_word,
    labelled_line,
    last_name,
    named_terms,
    option_line,
    row_line,
    shouted,
)
from rag.embed.model import known_words
from rag.ingest.readers import lines_are_blocks
from rag.ingest.sentences import BLANK_LINE
from rag.models import Document

LOOK_BACK = 3000  # characters above a span searched for its entry's term line
TERM_REACH = 600  # characters at most from an entry's term line down to the description that answers
_LABEL = re.compile(TERM_LABEL)  # what may lead a term: "Class: ", "Static method: ", "Macro: "
COMMAND_KINDS = frozenset({"command", "subcommand"})  # what a command's synopsis heads the entry of
_LAST_KIND = re.compile(r"\b(?:what|which)\s+([\w-]+)\s*\?\s*$", re.IGNORECASE)
_DIGIT_OPTION = re.compile(r"-\d(?=,[ \t]*--[A-Za-z])")  # an option of one digit, its long name beside it
_CAMEL = re.compile(r"[a-z]+(?:[A-Z][a-z0-9]*)+")  # a name in camel case, code's: "tryGet" (no word's)
_NAME_ENDS = " \t\n=[(,<:"  # where a term line's name ends and its argument or type begins
# A name the description weighs its term against is not what the term does: "same as --quiet", "unlike fork()".
_COMPARED = re.compile(r"\b(?:with|as|like|unlike|than)\s+$", re.IGNORECASE)
# A version note alone on the line under a term, a blank line after it: Sphinx's "New in version 3.24."
_VERSION_NOTE = re.compile(r"\n(?:New|Added|Changed) in(?: version)? v?\d+(?:\.\d+)*\.?[ \t]*\n[ \t]*\n(?=\S)")


def entry_head(text: str, pos: int, floor: int = 0) -> str | None:
    """The term line(s) heading the reference entry that holds `pos`: the nearest line at or above pos's line (not
    before `floor`) that is a definition line with its description on the very next line ("work_mem (integer)\\nSets
    the base maximum …"), with the term lines stacked right above it ("-f\\n--force\\nIf …"); None in prose."""
    lines = entry_lines(text, pos, floor)
    return None if lines is None else "\n".join(text[a:b].strip() for a, b in lines)


def entry_lines(text: str, pos: int, floor: int = 0, bare: bool = False) -> list[tuple[int, int]] | None:
    """Where each of `entry_head`'s term lines starts and ends, top first; None in prose. `bare`: a bare name's
    line ("globstar", "HISTSIZE <S>", `bare_name`) is a term line too."""
    floor = max(floor, pos - LOOK_BACK)
    end = len(text) if (end := text.find("\n", pos)) == -1 else end
    while end > floor:
        start = max(text.rfind("\n", floor, end) + 1, floor)
        line = text[start:end].strip()
        described = end < len(text) and text[end + 1 : end + 2] not in ("", "\n")
        if line and described and (is_definition_line(line) or (bare and _bare_term_line(text, line, end))):
            return _stacked_above(text, start, floor) + [(start, end)]
        end = start - 1
    return None


def _bare_term_line(text: str, line: str, end: int) -> bool:
    """Whether `line` (ending at `end`, text on the next line) is a bare name's term line: a bare name described by
    a line that is none ("keywords" above "languageid" is a word of a list, as SQLite's keyword index writes it)."""
    after = text.find("\n", end + 1)
    named = entry_name(line) or argued_name(line)  # "maxdist maxdistance" over "Specify the synchronization …"
    return named is not None and entry_name(text[end + 1 : len(text) if after == -1 else after]) is None


def describing(text: str, pos: int, floor: int = 0, bare: bool = False) -> list[tuple[int, int]] | None:
    """`entry_lines` of the entry whose description's first paragraph, or a note right under it (`notes.admonished`),
    holds `pos` (at most TERM_REACH below the term lines, no blank line between, but after a version note under them:
    Sphinx's "--fresh\\nNew in version 3.24.\\n\\nPerform a fresh configuration …"); None elsewhere."""
    lines = entry_lines(text, pos, floor, bare)
    if lines is None or pos - lines[-1][1] > TERM_REACH:
        return None
    below = note.end() if (note := _VERSION_NOTE.match(text, lines[-1][1])) else lines[-1][1]
    if not BLANK_LINE.search(text, below, pos):
        return lines
    return None if (noted := admonished(text, pos, floor)) is None else describing(text, noted, floor, bare)


def _stacked_above(text: str, start: int, floor: int) -> list[tuple[int, int]]:
    """The term lines stacked right above the line that starts at `start`, top first."""
    out: list[tuple[int, int]] = []
    while start - 1 > floor:
        above = max(text.rfind("\n", floor, start - 1) + 1, floor)
        line = text[above : start - 1].strip()
        if not line or not is_definition_line(line):
            break
        out.insert(0, (above, start - 1))
        start = above
    return out


class Term(NamedTuple):
    """An entry's term answering a question: its name's characters, and the term line the quote is to hold."""

    start: int
    end: int
    line: int  # where the term line starts
    line_end: int
    apart: bool  # a heading, blank lines above its description: the quote is the term line alone
    inline: bool = False  # an option list's line, what it does beside it: the quote is the line


def entry_term(question: str, text: str, start: int, end: int, floor: int = 0, sentence: bool = False) -> Term | None:
    """When `question` asks for a term by what it does ("Which pg_dump option dumps only the schema?") and the span
    [start, end) lies in a reference entry, in its description ("Dump only the object definitions (schema), not
    data." under "-s\\n--schema-only"; "An array variable …" under a bare name's line, "PIPESTATUS") or on a term
    line ("integer" or "max_connections (integer)" of "max_connections (integer)"), the entry's term answers it: the
    name on the top term line (on the span's own, when it is on one), without placeholders ("--depth" of "--depth
    <depth>"), and where that line starts (the quote grows up to it). None when the question asks for no term or
    names the entry's own, the span is the name already or names another in the description ("tryGet" of "… tryGet
    is safer" under "get(id)": the reader may have found it there; not one the description weighs its term against,
    "with -b" of curl's -j, `_COMPARED`), lies below the description's first paragraph ("Instance attributes
    (read-only):" after timedelta.resolution's) or more than TERM_REACH below the term line (or the term line is
    before `floor`). A `sentence` of the description may name another ("Raised if a … timestamp is … max_age.").

    A term may head its entry apart, alone between blank lines, as Markdown API references and Node.js's write
    them ("crypto.randomUUID([options])", then "Added in: …", its parameters and its description): then the span
    may be anywhere up to HEADING_REACH below it and above the next heading (`floor` aside), and the question must
    ask for the kind it names (a signature: a function, method or class; a bare name: a property, variable, option
    …)."""
    kinds = asked_term_kinds(question)
    if not kinds:
        return None
    option = option_line(text, start) if kinds & OPTION_KINDS else None  # "-version   print the version …"
    labelled = labelled_line(text, start) or (labelled_line(text, end - 1) if sentence and end > start else None)
    if (option := option or labelled) is not None:  # "X-Diff: corresponds to …", the sentence its label opens
        return None if text[option[0] : option[1]].lower() in named_terms(question) else Term(*option, False, True)
    lines = describing(text, start, floor, bare=True)
    if lines is not None:  # a blank line between (a note's): the quote is the term line alone
        apart = BLANK_LINE.search(text, lines[-1][1], start) is not None
    else:  # no entry, or the span is below its description's first paragraph: maybe past its end
        heading = term_heading(text, start, 0, bool(kinds & COMMAND_KINDS))  # above the passage read, too
        if heading is None or not kinds & heading_kinds(unlabelled(text, *heading)):
            return None
        lines, apart = [heading], True
    on_line = next(((a, b) for a, b in lines if a <= start <= b), None)  # the term line the span starts on
    named = not sentence and (named_terms(said := text[start:end]) or said.startswith("-") or _CAMEL.fullmatch(said))
    if on_line is None and named and not _COMPARED.search(text, max(0, start - 20), start):
        return None  # a name in the description: "see --fixup", "SQLITE_DEFAULT_WAL_AUTOCHECKPOINT"
    line, line_end = on_line or lines[0]
    name = _term_name(text, line, bool(kinds & COMMAND_KINDS))
    if name is None or name == (start, end):
        return None
    if text[name[0] : name[1]].lower() in named_terms(question):
        return None  # the question names this entry: it asks what its description says
    return Term(name[0], name[1], line, line_end, apart)


def heading_kinds(line: str) -> frozenset[str]:
    """The term kinds a term heading names: the one it names ("directive" of "KeepAliveTimeout Directive"); else
    a signature's are callables', a bare name's the others'."""
    if kind := heading_kind(line):
        return frozenset({kind})
    if synopsis_name(line) is not None:
        return COMMAND_KINDS
    return CALLABLE_KINDS if SIGNATURE.match(line) else TERM_KINDS - CALLABLE_KINDS


def asked_term_kinds(question: str) -> frozenset[str]:
    """The term kinds a question names: "option" of "Which option …?", or, last, of "… Which flag?" (which
    `asked_kinds` leaves out: growing "60" to "the age of 60" for "… died at what age?" costs SQuAD's EM)."""
    last = _LAST_KIND.search(question)
    named = asked_kinds(question) | ({singular(last.group(1))} if last else set())
    return frozenset(named & TERM_KINDS)


def kind_words(question: str) -> list[str]:
    """The words of `question` that name the kind of term it asks for ("option" and "command" of "Which command line
    option starts haproxy as a daemon?"): every entry is one, so they say nothing of what it does."""
    kinds = asked_term_kinds(question)
    return [w for w in re.findall(r"[\w-]+", question) if singular(w) in kinds]


def _term_name(text: str, line: int, commands: bool = False) -> tuple[int, int] | None:
    """Where the name on the term line starting at `line` is: the option or dotted name it starts with, a
    signature's name ("pathlib.PurePath" of "class pathlib.PurePath(*pathsegments)"), a name of words joined by
    hyphens alone on its line ("listen-on-v6"), with `commands` a command's synopsis's, or a bare name the reader's
    vocabulary lacks ("PIPESTATUS", "HISTSIZE" of "HISTSIZE <S>"; not a manual page's heading, "NAME"), or any in
    capitals (`terms.shouted`) or over a parameter's metadata table ("Tag", `headings.metadata_below`); else None."""
    at = line
    while text[at : at + 1] in (" ", "\t"):
        at += 1  # past the line's indent
    end = len(text) if (end := text.find("\n", at)) == -1 else end
    if KEYWORD_NAME.fullmatch(text[at:end].rstrip()) and (keyword := KEYWORD.match(text, at)):  # "ok" of "property ok"
        return keyword.end(), at + len(text[at:end].rstrip())  # a name, however plain a word
    if label := _LABEL.match(text, at):
        at = label.end()  # past "Class: "
    if heading_kind(text[at:end]):  # "KeepAliveTimeout" of "KeepAliveTimeout Directive"
        return at, at + len(text[at:end].split(None, 1)[0])
    if commands and (command := synopsis_name(text[at:end].rstrip())) is not None:  # "django-admin check"
        return at, at + command
    if digit := _DIGIT_OPTION.match(text, at):  # "-6" of "-6, --ipv6" (NTPsec's ntpd, like ssh's and curl's)
        return digit.span()
    m = TERM.match(text, at)
    if m and (m.end() == len(text) or text[m.end()] in _NAME_ENDS):
        return m.start(), m.end()
    if signature := SIGNATURE.match(text, at, end):
        return signature.span(1)
    if hyphenated := HYPHENATED.fullmatch(text[at:end].rstrip()):  # "listen-on-v6" over its fields (BIND's)
        return at, at + hyphenated.end()
    if (plain := plain_name(text[at:end].rstrip())) is not None:  # "retries" of "retries <value>" (HAProxy's)
        return at, at + plain
    bare = bare_name(text[at:end])  # "PIPESTATUS", "HISTSIZE <S>"; a word of the vocabulary is a heading: "NAME",
    if bare is None or bare in MANUAL_SECTIONS:
        return None
    if known_word(bare, known_words()) and not shouted(text[at:end]) and not metadata_below(text, end):
        return None  # unless in capitals ("CONCURRENTLY") or over a parameter's metadata table (rsyslog's "Tag")
    at += text[at:end].lower().index(bare)
    return at, at + len(bare)


def passage_entries(
    doc: Document, start: int, end: int, terms: set[str], names: frozenset[str], called: frozenset[str]
) -> list[tuple[int, int]]:
    """`asked_regions` of the passage doc.text[start:end], its lines as its source writes them (`blocks`); the
    whole passage when its document is a named term's own page, titled with its name alone (CMake's
    "OUTPUT_NAME", "add_subdirectory": a heading apart from its text, which no term line heads; not a bare name's:
    "Huguenot" titles an article of SQuAD's)."""
    if doc.title.strip().lower().removesuffix("()") in terms:
        return [(start, end)]
    return asked_regions(doc.text, start, end, terms, names, called, lines_are_blocks(doc.source))


def asked_regions(
    text: str,
    start: int,
    end: int,
    terms: set[str],
    names: frozenset[str],
    called: frozenset[str] = frozenset(),
    blocks: bool = False,
) -> list[tuple[int, int]]:
    """The stretches of text[start:end] (a passage read) that lie in the entries of the terms a question names
    (`named_terms`) or of its `bare_names`, line by line: a line belongs to the entry whose term line heads it
    (`entry_lines`): a named term's line names it before any bracket ("work_mem (integer)", not
    "set(CMAKE_INSTALL_PREFIX …)"); a bare name's line is the name (`bare_name`), or a signature of it for one of
    `called` (`calls.callable_names`: "exception requests.ReadTimeout(*args, **kwargs)"). Where lines are
    `blocks` (HTML, Markdown, .docx), an indented line is preformatted code, never a term line. Spans elsewhere
    can outscore an entry's own: "2.0", the default of hash_mem_multiplier, for "What is the default value of
    work_mem?"; "0.9" of a page about checkpoints for checkpoint_timeout's default; globskipdots' "This option is
    enabled by default." for "What does the globstar option do?"."""
    out: list[tuple[int, int]] = []
    rows = row_line(terms | names) if terms or names else None  # a reference table's row of the term
    # A named term's line with its description beside it; not a bare name's: a manual page's "postqueue - Postfix
    # queue control" is no entry of the command "Which postqueue option …?" asks an option of.
    inline = inline_entry(terms) if terms else None
    a = start
    while a < end:
        b = text.find("\n", a, end)
        b = end if b == -1 else b
        if text[a:b].strip() and _in_asked(text, a, terms, names, called, blocks, rows, inline):
            if out and out[-1][1] == a - 1:
                out[-1] = (out[-1][0], b)  # the entry's line before, too: one stretch
            else:
                out.append((a, b))
        a = b + 1
    return out


def _in_asked(
    text: str,
    pos: int,
    terms: set[str],
    names: frozenset[str],
    called: frozenset[str],
    blocks: bool,
    rows: re.Pattern[str] | None,
    inline: re.Pattern[str] | None = None,
) -> bool:
    if rows is not None and rows.match(text, pos):
        return True  # a reference table's row of the term: "Attribute: overwrite | Description: …"
    if inline is not None and inline.match(text, pos):
        return True  # the term's line, its description after a dash: "$SYSTEMD_FSTAB — if set, …"
    lines = entry_lines(text, pos) if terms else None
    if lines and not (blocks and _indented(text, lines)):
        named = {t for a, b in lines for t in named_terms(text[a:b].split("(", 1)[0])}
        if terms & (named | {t.rsplit(".", 1)[-1] for t in named}):  # qualified or not: "flask_sqlalchemy.config.X"
            return True
    lines = entry_lines(text, pos, bare=True) if names else None
    if lines is None or (blocks and _indented(text, lines)):
        return False
    term = text[lines[-1][0] : lines[-1][1]]
    return (entry_name(term) or argued_name(term)) in names or last_name(term) in called


def _indented(text: str, lines: list[tuple[int, int]]) -> bool:
    return any(text[a : a + 1] in (" ", "\t") for a, _ in lines)
