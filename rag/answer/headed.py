"""A term's entry headed apart ("KeepAliveTimeout Directive", "fs.existsSync(path)"): what it says the term does,
below its metadata, signature and parameters, and the metadata row a question asks for; or a table's row keyed by
the term; or what the description under the term's own line opens with ("json.dumps(obj, …)" over "Serialize …")."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator, Sequence
from typing import NamedTuple

from rag.answer.calls import called_kinds, called_names
from rag.answer.defaults import Default, asks_default, asks_version, closing_default, fits_asked, stated_defaults
from rag.answer.definitions import asks_definition, asks_return
from rag.answer.extent import in_output, is_definition_line, is_heading, stands_alone
from rag.answer.headings import FIELD, HEADING_REACH, fields_below, heading_stop, listed, summary_line
from rag.answer.kinds import says_kind
from rag.answer.members import member_lines
from rag.answer.named import entry_heading, line_name, shown_value
from rag.answer.notes import description_start
from rag.answer.options import asked_option, option_sentence
from rag.answer.prose import TYPE_NOTE, hanging, is_prose
from rag.answer.qualifiers import unsaid_qualifier
from rag.answer.rows import answering_row, title_share
from rag.answer.terms import asked_names, term_line, written_as_asked
from rag.ingest.sentences import BLANK_LINE, CELL, sentence_spans
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

_DESCRIPTION = re.compile(rf"(?m)^Description:(?:{re.escape(CELL)}|[ \t]+)(?=\S)")  # "Description: | Amount of time …"
# A metadata row or line: its label, its value, one cell ("Syntax: | ServerTokens Major|…", "Added in: v0.4.7", "default: 1")
_ROW = re.compile(
    r"^[ \t]*(?P<label>[A-Z][A-Za-z ]{1,30}|default):(?:[ \t]*\|)?[ \t]*(?P<value>(?:(?![ \t]\|[ \t])[^\n])*[^|\s])[ \t]*$",
    re.MULTILINE,
)
_LOWER_NAME = re.compile(r"[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*")  # a setting's name over its entry: "site_dir"
_DESCRIBING = re.compile(r"(?:detailed\s+)?description|summary|overview", re.IGNORECASE)  # a section saying what it is
_RETURNS = re.compile(r"returns?\b", re.IGNORECASE)  # a description that says what its term returns
_REFERS = re.compile(r"see\b", re.IGNORECASE)  # a value that sends the reader elsewhere: "See usage for details"
# The labels of the metadata rows that say since which version a term exists
VERSION_LABELS = frozenset({"compatibility", "added in", "since", "version", "introduced", "introduced in", "new in"})
VERSION = re.compile(r"\bv?\d+(?:\.\d+)+\b")  # "2.3.6" of "Available in 2.3.6 and later", "v0.4.7"
_RELEASE = re.compile(r"v?\d+(?:\.\d+)+[a-z]?(?:[ \t]*(?:\([^()\n]*\)|[-–][ \t]*\S[^\n]*))?")  # "0.2.2 (2011-02-14)"


class Described(NamedTuple):
    """What an entry headed apart says that answers a question: the answer's characters and the quote's."""

    hit: Hit
    doc: Document
    start: int
    end: int
    quote_start: int
    quote_end: int


def headed_answer(question: str, passages: Sequence[tuple[Hit, Document]], known: Container[str]) -> Described | None:
    """What the entry, headed apart, of a term `question` names (`asked_names`) says that answers it, in or right
    above (HEADING_REACH) the best of `passages` that has one (`headed_entry`), the best saying it is the kind the
    question calls it if one does ("This setting is …" for "the nav setting"), unless a table's row keyed by another
    term it names answers it (`row_entry`: "the memoryMaximumSize attribute of javac"); else such a row keyed by any
    term it names; else, for a question asking what the term does or its default, the first sentence under its own
    line or the "Default:" line closing its entry, in the best passage holding one (`term_line_entry`), the term it
    calls by its kind's first ("the payload attribute of BadSignature"), over another's headed apart, which says
    nothing of what that term is or does (find_all's description for "What does the limit argument of find_all
    do?"); else None."""
    names, kinds = asked_names(question, known), called_kinds(question)
    found = []  # the first entry; with a kind asked, the first saying it when one does ("This setting …")
    for h, d in passages if names else []:
        if f := _headed(question, h, d.text, names):
            found.append((Described(h, d, *f[0]), f[1]))
            if not kinds or says_kind(d.text[f[0][2] : f[0][3]], kinds):
                found = found[-1:]
                break
    options = {name: asked_option(question, name) for name in names}
    optioned = set(options.values()) - {None, *names}  # "-f" of postqueue: not its row
    names -= {name for name, option in options.items() if option in names}  # "cmp" of "the cmp option --print-bytes"
    if not optioned and (row := row_entry(question, passages, names - {found[0][1]} if found else names)):
        return row  # a row keyed by a term other than the entry's ("memoryMaximumSize" of javac's attributes)
    called = called_names(question) - {found[0][1] if found else ""}  # "the payload attribute of BadSignature"
    owner = not called or not asks_definition(question)  # its owner's description says nothing of what it does
    tries = [] if optioned or not names else [called] if found or not owner else [called, names]
    for asked in (asked for asked in tries if asked):
        said = [
            (-title_share(question, doc.title), order, Described(hit, doc, *entry))
            for order, (hit, doc) in enumerate(passages)
            if (entry := term_line_entry(question, hit, doc.text, asked))
        ]  # on the page the question names of those holding one: diff's "--context", not patch's
        if said:
            return min(said, key=lambda f: f[:2])[2]  # the term called so first, not its owner ("BadSignature")
    return found[0][0] if found and owner else None  # not find_all's for "the limit argument of find_all"


def headed_entry(question: str, hit: Hit, text: str, names: frozenset[str]) -> tuple[int, int, int, int] | None:
    """In the entry of one of `names` headed apart in or right above (HEADING_REACH) the passage `hit` read (its
    heading: `heading_name`), what answers `question` (answer start, end, quote start, end): when it asks what the
    term is or does, its `description`, and when it asks what the term returns, only a description that starts by
    saying so ("Returns true if the path exists, …" does; FFmpeg's "Allocate and read the payload of a packet …"
    does not); else the metadata row it asks for (`asked_row`). None when there is none."""
    found = _headed(question, hit, text, names)
    return None if found is None else found[0]


def _headed(question: str, hit: Hit, text: str, names: frozenset[str]) -> tuple[tuple[int, int, int, int], str] | None:
    """`headed_entry`'s answer, with the name its entry's heading gives."""
    for start, end in _named_lines(text, max(0, hit.start - HEADING_REACH), hit.end, names):
        line, name = text[start:end], line_name(text, start, end) or text[start:end].strip().lower()
        if not written_as_asked(question, name, line) or in_output(text, start):
            continue  # "Config: tls" for "… the minimum TLS version …?"; a command's output ("Codename: sid")
        if (stands_alone(text, start, end) or fields_below(text, end)) and not listed(text, start, end):
            end = heading_stop(text, start, end)  # its name's end when its fields follow on its line
            if not asks_definition(question):
                shown = shown_value(text, start, end) if asks_default(question) else None  # "‘create_empty’: False"
                said = asked_row(question, text, end) if shown is None else (*shown, start, end)
            elif option := asked_option(question, line_name(text, start, end) or ""):  # "the -l option of exec"
                said = option_sentence(option, text, ((a, a + len(b), is_prose(b)) for a, b in _blocks(text, end)))
            elif (said := description(text, end)) is not None and asks_return(question):
                said = said if _RETURNS.match(text, said[0]) else None
            if said is not None:
                return said, line_name(text, start, end) or ""
    return None


def row_entry(question: str, passages: Sequence[tuple[Hit, Document]], names: frozenset[str]) -> Described | None:
    """What a table's row keyed by one of `names` says that answers `question` (`rows.answering_row`), the row
    quoted: of the passages that hold one, the first of those whose page's title has the most of its words in the
    question (`rows.title_share`)."""
    found = [
        (-title_share(question, doc.title), order, Described(hit, doc, *said))
        for order, (hit, doc) in enumerate(passages if names else [])
        if (said := answering_row(question, doc.text, hit.start, hit.end, names)) is not None
    ]
    return min(found, key=lambda f: f[:2])[2] if found else None


def term_line_entry(question: str, hit: Hit, text: str, names: frozenset[str]) -> tuple[int, int, int, int] | None:
    """When `question` asks what a term of `names` is or does (not what it returns), the first sentence of the
    description under the term's own line and its notes (`notes.description_start`) in the passage `hit` read ("Ignore
    case …" under Vim's "'ignorecase' 'ic' boolean (default off)" and "global"; "Serialize obj …" under "json.dumps(
    obj, …)"): (answer start, end, quote start, end), the quote from the term line to it; when it asks for the term's
    default, the one "Default:" line closing that entry states, quoted from the term line unless a blank line parts
    them ("bind to all interfaces" of lighttpd's "server.bind" / "IP address, hostname or …" / "Default: bind to all
    interfaces"; aptitude's "Option: APT::Install-Recommends" / "Default: true"). None when there is none."""
    definition = asks_definition(question) and not asks_return(question)
    if not definition and not asks_default(question):
        return None
    own = ((hit.start + m.start(), hit.start + m.end()) for m in term_line(names).finditer(text[hit.start : hit.end]))
    # a method's line under the class the question names first ("ok" of "property ok" for "Response.ok"): not the
    # module's function of that name, "flask.make_response(*args)" for "Flask.make_response"
    members = member_lines(question, text, hit.start, hit.end)
    for start, end in members + sorted({*_named_lines(text, hit.start, hit.end, names), *own} - set(members)):
        line = text[start:end].strip()  # a name alone, asked: Sphinx's "nitpicky" over "Run in nit-picky mode. …"
        asked = line.lower() in names and written_as_asked(question, line.lower(), line)  # not zsh's widget "beep"
        term = is_definition_line(line) or (start, end) in members or asked  # "elapsed" of "Response.elapsed"
        if term and (below := description_start(text, end)) is not None:
            if not definition:  # a default, on the "Default:" line closing the entry (`defaults.closing_default`)
                if (default := closing_default(text, below, below, below)) is not None:  # quoted from the term line
                    top = default.line if BLANK_LINE.search(text, end, default.line) else start  # up to a blank line
                    return default.start, default.end, top, default.line_end
                continue
            block = next(_blocks(text, below), None)
            if block and block[0] == below and (is_prose(block[1]) or hanging(text, start, below, block[1])):
                first = sentence_spans(text, block[0], block[0] + len(block[1]))[0]
                return first[0], first[1], start, first[1]
    return None


def _named_lines(text: str, lo: int, hi: int, names: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Where each line of text[lo:hi] that names one of `names` as an entry's heading starts and ends
    (`named.line_name`); none, and no line parsed, when no name is in the text at all (most questions' passages)."""
    window = text[lo:hi].lower()
    if not any(name in window for name in names):
        return
    for m in re.finditer(r"[^\n]+", text[lo:hi]):
        if line_name(text, lo + m.start(), lo + m.end()) in names or m.group(0).strip().lower() in names:
            yield lo + m.start(), lo + m.end()  # a heading's name, or the line whole ("pyenv local")


def description(text: str, heading_end: int) -> tuple[int, int, int, int] | None:
    """Where the description of the entry headed by the line ending at `heading_end` is, as (answer start, end,
    quote start, end): a "Description:" row's value (the row quoted), else the first sentence of the first
    paragraph of prose at most HEADING_REACH below, past metadata ("Added in: v0.4.7", a table's rows), a signature
    and parameters ("fd <integer>"), or a keyword's summary (`headings.summary_line`); None when the next entry's
    heading comes first, or a heading of prose over prose: a section the entry is none of ("Archiving operations"
    over "New in version 3.2." below "shutil.rmtree(directory, onerror=remove_readonly)", a call alone in an
    example; Node.js's "History" heads a table, and a "Description" section is what the entry is: psql's page; a
    field alone on its line is metadata, BIND's "Tags: server, query"; a changelog's release heads no entry)."""
    sectioned, heading = False, text[text.rfind("\n", 0, heading_end) + 1 : heading_end].strip()
    for i, (at, block) in enumerate(_blocks(text, heading_end)):
        if row := _DESCRIPTION.search(block):
            end = block.find("\n", row.end())
            line_end = at + (len(block) if end == -1 else end)
            return at + row.end(), line_end, at + row.start(), line_end
        if is_prose(block) or (i == 0 and summary_line(heading, block)):
            if sectioned:
                return None
            first = sentence_spans(text, at, at + len(block))[0]
            note = TYPE_NOTE.match(text, first[0], first[1])  # "(boolean, default False) " is no description
            return note.end() if note else first[0], first[1] - (text[first[1] - 1] == ":"), first[0], first[1]
        sectioned = is_heading(text, at, at + len(block)) and not (_DESCRIBING.fullmatch(block) or FIELD.match(block))
        sectioned = sectioned or bool(_RELEASE.fullmatch(block))  # a changelog's next release: its items are no entry
    return None


def asked_row(question: str, text: str, heading_end: int) -> tuple[int, int, int, int] | None:
    """The row of the metadata below the heading ending at `heading_end` (above its first prose) that `question`
    asks for, as (value start, end, row start, end): the one whose label's words it has ("Syntax: | KeepAliveTimeout
    num[ms]" for "What is the syntax of KeepAliveTimeout?", "Module: | mod_rewrite" for "Which module provides the
    RewriteBase directive?", "Added in: v0.4.7"), the first such, or for a question asking since which version, the
    row of a VERSION_LABELS label and the first version it names ("2.3.6" of "Compatibility: | Available in 2.3.6 and
    later"); when it asks for a default, the one default the metadata states, without the directive's name ("5" of
    "Default: | KeepAliveTimeout 5"), else the one a "Default:" line closing the entry states ("warning" of Docutils'
    "Default: warning (2). Options: …"), else the one its prose states (BIND's "The default is 300 …"). A value that
    refers elsewhere is none ("Default: | See usage for details"). None when none."""
    fielded = text.startswith(CELL, heading_end)  # its fields follow it on its line (`heading_stop`): quoted whole
    top = text.rfind("\n", 0, heading_end) + 1 if fielded else heading_end
    end = entry_end(blocks := list(_blocks(text, heading_end)), heading_end)
    bottom = next((at for at, block in blocks if is_prose(block)), end)
    if asks_default(question):
        stated = [d for d in stated_defaults(text, top, bottom) if not _REFERS.match(text, d.start)]
        if not stated:  # a "Default:" line closing the entry, below its prose (Docutils' settings)
            lines = (m for m in _ROW.finditer(text, bottom, end) if m.group("label") == "Default")
            stated = [d for m in lines for d in stated_defaults(text, m.start(), m.end())]
        if not stated:  # else its prose's, the sentence quoted ("The default is 300 (30 seconds), …": BIND's)
            prose = stated_defaults(text, bottom, end)  # quoted by their sentences, over a <pre>'s wrapped lines
            said = [(d, s) for s in (sentence_spans(text, bottom, end, lines=True) if prose else ()) for d in prose]
            stated = [d._replace(line=_saying(text, d, s[0]), line_end=s[1]) for d, s in said if s[0] <= d.start < s[1]]
        if len(stated) != 1 or not fits_asked(question, text[stated[0].start : stated[0].end]):
            return None
        if unsaid_qualifier(question, text, top, end):  # "the default Markdown flavour of the parser": not its default
            return None
        return stated[0].start, stated[0].end, stated[0].line, stated[0].line_end
    m = next(_asked_rows(question, text, top, bottom), None)
    if m is None:
        return None
    if m.group("label").lower() in VERSION_LABELS and (version := VERSION.search(text, m.start("value"), m.end())):
        return version.start(), version.end(), m.start(), m.end()  # the version the row names first
    return m.start("value"), m.end("value"), m.start(), m.end()


def _saying(text: str, default: Default, sentence: int) -> int:
    """Where the quote of a default stated in the sentence at `sentence` starts: at the line saying it when the
    value is on the next (a command's help: "domains of PO files (space separated list, default" over
    "'messages')"), else at the sentence."""
    return min(sentence, default.line) if "\n" in text[default.line : default.start] else sentence


def entry_end(blocks: Iterable[tuple[int, str]], heading_end: int) -> int:
    """Where the entry headed by the line ending at `heading_end` ends: the end of the last of its `_blocks`."""
    return max((at + len(block) for at, block in blocks), default=heading_end)


def headed_end(text: str, heading_end: int) -> int:
    """Where the entry headed by the line ending at `heading_end` ends (`entry_end` of its `_blocks`)."""
    return entry_end(_blocks(text, heading_end), heading_end)


def asks_row(question: str, text: str) -> bool:
    """Whether `text` has a metadata row whose label's words `question` has (or a default's, when it asks one)."""
    return next(_asked_rows(question, text, 0, len(text)), None) is not None


def _asked_rows(question: str, text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    asked = set(tokenize(question)) | ({"default"} if asks_default(question) else set())
    version = asks_version(question)
    for m in _ROW.finditer(text, lo, hi):
        label = set(tokenize(m.group("label")))
        if (version and m.group("label").lower() in VERSION_LABELS) or (
            label and label <= asked and m.group("label") != "Description" and not _REFERS.match(m.group("value"))
        ):
            yield m


def _blocks(text: str, heading_end: int) -> Iterator[tuple[int, str]]:
    """The paragraphs (where each starts, its text stripped) below the heading ending at `heading_end`, at most
    HEADING_REACH below, up to the next entry's heading."""
    limit, pos = min(len(text), heading_end + HEADING_REACH), heading_end
    named = _LOWER_NAME.fullmatch(text, text.rfind("\n", 0, heading_end) + 1, heading_end) is not None
    while pos < limit:
        gap = BLANK_LINE.search(text, pos, limit)
        raw = text[pos : gap.start() if gap else limit]
        block = raw.strip()
        if pos > heading_end and (entry_heading(block) or (named and _LOWER_NAME.fullmatch(block))):
            return  # the next entry's heading; under a lower-case name's, a like name alone (MkDocs' "strict")
        if block:
            yield pos + len(raw) - len(raw.lstrip()), block
        if gap is None:
            return
        pos = gap.end()
