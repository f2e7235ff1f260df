"""A table's row keyed by a term ("Attribute: overwrite | Description: … | Required: No; defaults to false"), or a
term's entry on one line ("check_dir - Ensure that …"): for a question naming the term, what its description says it
does, the default it states or the cell asked for; for one asking for a term of the kind its key column names, the
key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from typing import NamedTuple

from rag.answer.defaults import asks_default, stated_defaults
from rag.answer.definitions import asks_definition, asks_return
from rag.answer.entries import asked_term_kinds
from rag.answer.extent import PROMPT, SIGNATURE
from rag.answer.keyed import asked_keys
from rag.answer.kinds import asked_kinds, singular
from rag.answer.qualifiers import unsaid_qualifier
from rag.answer.terms import KEY_CELL, inline_entry, named_terms, row_line
from rag.ingest.sentences import BLANK_LINE, CELL, sentence_spans
from rag.retrieve.tokenize import tokenize

# A cell as extraction writes a row: its column's header as a label, or none ("Attribute: overwrite", "overwrite"); a
# header may be abbreviated ("Decompress.: 1700 MB/s"), lower-case and of a few words ("key following Alt-SysRq: u",
# Debian Reference's)
_LABELLED = re.compile(r"(?P<label>[A-Za-z][A-Za-z0-9 ()/'-]{0,38}?\.?):[ \t]+(?=\S)")
# The columns that say what a row's term is or does
DESCRIBING = frozenset({"description", "meaning", "purpose", "summary", "explanation", "effect"})
_KEY = re.compile(KEY_CELL)
# A parameter's line: its name, its type in brackets or not, a dash, its description
_PARAMETER_HEAD = r"[ \t]*(?P<name>[A-Za-z_]\w*)(?:[ \t]+\([^()\n]*\))?[ \t]+[–—-]"
_PARAMETER_LINE = re.compile(rf"^{_PARAMETER_HEAD}[ \t]+(?P<said>\S[^\n]*)$", re.MULTILINE)
# A field list's label, or a sentence introducing a list of parameters: "The basic connection parameters are:"
_LISTED = re.compile(
    r"(?:Parameters|Keyword [Aa]rguments|Arguments):?[ \t]*"
    r"|[A-Z][^\n.:]*\b(?:parameters|arguments|keyword arguments)\b[^\n.:]*\b(?:are|is|include|includes)\b[^\n.:]*:[ \t]*"
)
_ITEM = re.compile(rf"{_PARAMETER_HEAD}(?:[ \t]+\S.*)?$")  # any item of a list of parameters, "ctx (Context) –" too
LIST_REACH = 10_000  # characters above a parameter's line searched past its list's other items for the list's label
PARAMETER_REACH = 1500  # characters above a parameter's line searched for its list's label or its signature
SESSION_REACH = 2000  # characters above a line searched for the prompt whose output it is
MIN_CELLS = 2  # a row keys a term with its first cell and says something of it in another


class Cell(NamedTuple):
    """A cell of a row: its column's label ("" when the table has no header) and where its value is."""

    label: str
    start: int
    end: int


def row_cells(text: str, start: int, end: int) -> list[Cell]:
    """The cells of the row text[start:end] (one line whose cells are joined by CELL); [] for a line that is
    no row of MIN_CELLS cells or more."""
    cells, pos = [], start
    while pos <= end:
        stop = text.find(CELL, pos, end)
        stop = end if stop == -1 else stop
        label = _LABELLED.match(text, pos, stop)
        a = label.end() if label else pos
        while a < stop and text[a].isspace():
            a += 1
        b = stop
        while b > a and text[b - 1].isspace():
            b -= 1
        cells.append(Cell(label.group("label") if label else "", a, b))
        pos = stop + len(CELL)
    return cells if len(cells) >= MIN_CELLS else []


def keyed_rows(text: str, lo: int, hi: int, names: frozenset[str]) -> Iterator[tuple[int, int, list[Cell]]]:
    """Each row on a line of `text` that text[lo:hi] (a passage) is in, whole or in part, whose first cell is one of
    `names`, alone or among its aliases (`terms.row_line`), with where its line starts and ends and its cells: a
    long row's cells run on past the passage's end."""
    if not names or CELL not in text[lo:hi]:
        return
    lo = text.rfind("\n", 0, lo) + 1
    end = text.find("\n", hi)
    for m in row_line(names).finditer(text, lo, len(text) if end == -1 else end):
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end == -1 else line_end
        if cells := row_cells(text, m.start(), line_end):
            yield m.start(), line_end, cells


def table_rows(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, list[Cell]]]:
    """Each row on a line of `text` that text[lo:hi] (a passage) is in, whole or in part, whose first cell is a
    term, alone or among its aliases (no prose: "overwrite", "-l, --list"), with where its line starts and ends and
    its cells: a long row's cells run on past the passage's end."""
    if CELL not in text[lo:hi]:
        return
    lo = text.rfind("\n", 0, lo) + 1
    end = text.find("\n", hi)
    for m in re.finditer(r"[^\n]+", text[lo : len(text) if end == -1 else end]):
        if CELL not in m.group(0):
            continue
        a, b = lo + m.start(), lo + m.end()
        cells = row_cells(text, a, b)
        if cells and _KEY.fullmatch(text, cells[0].start, cells[0].end):
            yield a, b, cells


def parameter_rows(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, list[Cell]]]:
    """Each line of text[lo:hi] that describes a parameter after its name and a dash, as Sphinx lists a callable's
    ("timeout (float or tuple) – (optional) How many seconds to wait …", "allow_abbrev - Allows long options to be
    abbreviated …"), under a "Parameters" label below its callable's signature, or the signature naming it, as a
    row of a "Parameter argument" column (what a question may ask it for) and its description's."""
    for m in _PARAMETER_LINE.finditer(text, text.rfind("\n", 0, lo) + 1, hi):
        above = text[max(0, m.start() - PARAMETER_REACH) : m.start()].splitlines()
        at = next((i for i in range(len(above) - 1, -1, -1) if SIGNATURE.match(above[i].strip())), -1)
        signature, below = (above[at], above[at + 1 :]) if at >= 0 else ("", above)  # the list's callable's
        named = re.search(rf"[(,\s*]{re.escape(m.group('name'))}\s*[=,)]", signature)
        if named or any(_LISTED.fullmatch(line) for line in below) or _listed_above(text, m.start()):
            cells = [Cell("Parameter argument", *m.span("name")), Cell("Description", *m.span("said"))]
            yield m.start(), m.end(), cells


def _listed_above(text: str, line: int) -> bool:
    """Whether the line starting at `line` is one of a long list's items: above it, past other items (however many:
    Click's click.Option lists 18 parameters, "hidden (bool) – …" 1,906 characters below its "Parameters") and blank
    lines, the list's label."""
    floor = max(0, line - LIST_REACH)
    while line > floor:
        start = text.rfind("\n", 0, line - 1) + 1
        above = text[start : line - 1]
        if above.strip() and not _ITEM.match(above):
            return bool(_LISTED.fullmatch(above))
        line = start
    return False


def signed_rows(text: str, lo: int, hi: int, names: frozenset[str]) -> Iterator[tuple[int, int, list[Cell]]]:
    """`parameter_rows` past text[lo:hi] (a passage), at most PARAMETER_REACH below a signature in it that names one
    of `names` as a parameter: attr.ib's "factory (callable) – Syntactic sugar …", lines below the passage that
    holds "attr.ib(default=…, factory=None, …)"; above the next signature."""
    if not names:
        return
    alts = "|".join(map(re.escape, names))
    for m in re.finditer(r"[^\n]+", text[lo:hi]):
        line = m.group(0).strip()
        if SIGNATURE.match(line) and re.search(rf"[(,\s*](?:{alts})\s*[=,)]", line, re.IGNORECASE):
            end = lo + m.end()
            lines = re.finditer(r"[^\n]+", text[end : end + PARAMETER_REACH])
            below = (end + n.start() for n in lines if SIGNATURE.match(n.group(0).strip()))
            yield from parameter_rows(text, hi, next(below, min(len(text), end + PARAMETER_REACH)))


_DEFAULT_LABELS = frozenset({"default", "default value"})  # a row's cell that is its default


def row_answer(question: str, text: str, line: int, line_end: int, cells: list[Cell]) -> tuple[int, int] | None:
    """What the row text[line:line_end] with `cells` says that answers `question`: when it asks what the term is
    or does, the first sentence of its description cell ("Overwrite existing files even if the destination files
    are newer."), or a later one naming the row's key, or the number the question names, with more of the question's
    other words ("A timeout of 0 indicates that the cache never expires." for "What does a timeout of 0 indicate?",
    "A value of -1 means unlimited." for "What does a migration-limit of -1 mean?"); when it asks for a default,
    the one default the row states ("false" of "No; defaults to false"), its "Default" cell's where it has one; else
    the cell whose label's words the question has ("Yes, unless …" of "Required" for "Is srcdir required?"); None
    when none answers (a question what the term returns, a row without such a cell)."""
    if asks_default(question):
        if unsaid_qualifier(question, text, line, line_end):
            return None  # "the default salt of the Signer class": not the signer parameter's own default
        labelled = [c for c in cells[1:] if c.label.lower() in _DEFAULT_LABELS]  # "Option: … | Default: reboot | …"
        stated = stated_defaults(text, line if labelled else cells[1].start, line_end)
        stated = [d for d in stated if any(c.start <= d.start < c.end for c in labelled)] if labelled else stated
        return (stated[0].start, stated[0].end) if len(stated) == 1 else None
    if asks_definition(question):
        if asks_return(question):
            return None
        cell = next((c for c in cells[1:] if c.label.lower() in DESCRIBING and c.end > c.start), None)
        if cell is None:
            return None
        key = set(tokenize(text[cells[0].start : cells[0].end]))
        asked = set(tokenize(question)) - key
        said = sentence_spans(text, cell.start, cell.end)
        words = [set(tokenize(text[a:b])) for a, b in said]
        later = max(range(1, len(said)), key=lambda i: len(asked & words[i]), default=0)
        valued = set(tokenize(" ".join(asked_keys(question))))  # the number asked about: "-1" of "… of -1 mean?"
        named = key <= words[later] or bool(valued) and valued <= words[later]
        return said[later] if named and len(asked & words[later]) > len(asked & words[0]) else said[0]
    asked = set(tokenize(question))
    for cell in cells[1:]:
        label = set(tokenize(cell.label))
        if label and label <= asked and cell.label.lower() not in DESCRIBING and cell.end > cell.start:
            return cell.start, cell.end
    return None


def answering_row(
    question: str, text: str, lo: int, hi: int, names: frozenset[str], *, parameters: bool = False
) -> tuple[int, int, int, int] | None:
    """The first row of text[lo:hi] keyed by one of `names` that answers `question` (`row_answer`), else the first
    line there that is such a term's entry, read as a row of its term and its description (`inline_rows`), else such
    a parameter's line under its callable ("require_same_type (bool) – When True, …", `parameter_rows`), there or
    past the passage below a signature in it (`signed_rows`): (answer start, end, row start, end); None when none
    does. `parameters`: only a parameter's line."""
    listed = chain(parameter_rows(text, lo, hi), signed_rows(text, lo, hi, names))
    params = (row for row in listed if text[row[2][0].start : row[2][0].end].lower() in names)
    rows = params if parameters else chain(keyed_rows(text, lo, hi, names), inline_rows(text, lo, hi, names), params)
    for line, line_end, cells in rows:
        if (said := row_answer(question, text, line, line_end, cells)) is not None:
            return *said, line, line_end
    return None


def inline_rows(text: str, lo: int, hi: int, names: frozenset[str]) -> Iterator[tuple[int, int, list[Cell]]]:
    """Each line that text[lo:hi] holds, whole or in part, that is the entry of one of `names`, its description after
    a dash or colon (`terms.inline_entry`: a parameter list's "check_dir - Ensure that the directory exists upon
    instantiation. Defaults to True."), as a row: its start, end, and its term's and description's cells."""
    if not names:
        return
    lo = text.rfind("\n", 0, lo) + 1
    for m in inline_entry(names).finditer(text, lo, hi):
        if _in_session(text, m.start()):
            continue  # "KeyError: 'what'", a traceback's last line under ">>> Template('$who likes $what')…"
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end == -1 else line_end
        yield m.start(), line_end, [Cell("", m.start(), m.end() - 1), Cell("Description", m.end() - 1, line_end)]


def _in_session(text: str, line: int) -> bool:
    """Whether the line starting at `line` is an interactive session's output: a prompt's line is above it in its
    block (no blank line between)."""
    floor = max(0, line - SESSION_REACH)
    top = max((m.end() for m in BLANK_LINE.finditer(text, floor, line)), default=floor)
    return any(PROMPT.match(row) for row in text[top:line].splitlines())


def title_share(question: str, title: str) -> float:
    """The share of a page's title's words that `question` has: a question naming the page a row is on ("the
    copy task" of "Copy Task") asks for that row, not its namesake's on another page ("Sync Task")."""
    words = set(tokenize(title))
    return len(words & set(tokenize(question))) / len(words) if words else 0.0


def row_words(title: str, row: str) -> str:
    """What a row says of its term, as a question asking for the term by what it does is matched to it: its page's
    title, which names the table's owner ("Javac Task"), and the row ("Attribute: destdir | Description: Location to
    store the class files.")."""
    return title + "\n" + row


def table_kinds(question: str) -> frozenset[str]:
    """What a question may ask a table's column for: a term's kind ("Which key …?", `entries.asked_term_kinds`) or
    any noun of its "which …" phrase, where a column is named so ("package" of "Which package bans IPs …?" for
    Debian Reference's "package | popcon | size | description")."""
    return asked_term_kinds(question) | asked_kinds(question)


def label_kinds(label: str) -> set[str]:
    """The kinds a column's name may name: each of its words, singular ("Command snippets": command, snippet)."""
    return {singular(w) for w in label.split()}


def kind_cell(cells: list[Cell], kinds: frozenset[str]) -> Cell | None:
    """A row's first cell whose column is named for one of the term `kinds` a question asks for: the key's, "^W" of
    "Key: ^W | Function: <kill-word> | …" for "Which key …?", or another's, "<kill-word>" for "Which function …?"."""
    return next((c for c in cells if kinds & label_kinds(c.label)), None)


def keys_kind(cells: list[Cell], kinds: frozenset[str]) -> bool:
    """Whether a row's key column is named for one of the term `kinds` a question asks for ("Attribute" for
    "Which attribute …?"): a function asked for is no parameter of a table without its column's name ("ps |
    Pointer to user-supplied AVFormatContext …", FFmpeg's)."""
    return bool(kinds & label_kinds(cells[0].label))


def key_cell(question: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the key cell of the table's row that holds the span [start, end) is, when `question` asks for a term of
    the kind its column is named for (`keys_kind`): a table's key is whole ("'^'" of "Option: '^' | Meaning: Forces
    the field to be centered …", where the reader marked "^'"), and a span in another cell describes it ("%V" for
    "ISO 8601 week" of "Directive: %V | Meaning: ISO 8601 week as a decimal number …"), unless the span names a
    term itself ("see --list"); in a table keyed otherwise, the whole cell the span is in when its column is named
    for the kind asked (`_named_cell`). None otherwise."""
    line = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    cells = row_cells(text, line, len(text) if line_end == -1 else line_end)
    kinds = asked_term_kinds(question)
    if not cells or end > cells[-1].end or not kinds:
        return None
    if not keys_kind(cells, kinds):
        return _named_cell(text, cells, start, end, kinds)
    key = cells[0]
    if not (key.start <= start and end <= key.end) and (named_terms(text[start:end]) or text[start] == "-"):
        return None
    return key.start, key.end


def _named_cell(text: str, cells: list[Cell], start: int, end: int, kinds: frozenset[str]) -> tuple[int, int] | None:
    """The whole of the cell the span [start, end) is in when its column's name starts with a term kind the question
    asks for, its double quotes off ("systemctl get-default" of 'Command snippets: "systemctl get-default"' for
    "Which command …?", where the reader marked "systemctl"); None in any other cell."""
    cell = next((c for c in cells[1:] if c.start <= start and end <= c.end), None)
    if cell is None or singular(cell.label.split(" ", 1)[0]) not in kinds:
        return None
    quoted = cell.end - cell.start > 2 and text[cell.start] == text[cell.end - 1] == '"'
    quoted = quoted and '"' not in text[cell.start + 1 : cell.end - 1]
    return (cell.start + 1, cell.end - 1) if quoted else (cell.start, cell.end)
