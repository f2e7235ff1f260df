"""Term headings: the line that heads a reference entry apart, alone between blank lines or over its fields."""

from __future__ import annotations

import re

from rag.answer.extent import SECTION_LABEL, SIGNATURE, TERM_LABEL, is_heading, stands_alone
from rag.answer.kinds import TERM_KIND_WORDS, singular
from rag.answer.terms import HYPHENATED, TERM, bare_name, entry_name
from rag.ingest.sentences import BLANK_LINE, CELL

HEADING_REACH = 1500  # characters at most from a term heading its entry apart down to what answers, over metadata
# and parameters ("Added in: v15.6.0")
# A term, then the places of its arguments, as a reference heads its entry: "tune.bufsize <number>", "balance.x
# <algorithm> [ <arguments> ]", "tune.idle-pool.shared { on | off }" (HAProxy's keywords; hyphens inside its name)
_NAME_RUN = re.compile(r"-{0,2}[A-Za-z_][\w.-]*+")  # possessive: a long dotted run is never backtracked into
_PLACES = re.compile(r"(?:\s+(?:<[^<>\n]*>|\[[^\[\]\n]*\]|\{[^{}\n]*\}))+")
SUMMARY_WORDS = 6  # a summary line under a keyword's heading says this many words or more
CODE_SUMMARY_WORDS = 4  # under a name written as code ("CURL_DISABLE_DICT" over "Disable the DICT protocol")
_SUMMARY_WORD = re.compile(r"(?:[a-z][a-z'-]*|[A-Z]{2,5})s?,?")  # "Enable logging of HTTP request, …"
_PLAIN_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")  # "retries", "pool-purge-delay": lower-case words
_PARAMETER_NAME = re.compile(r"[A-Za-z_][\w-]*")  # "existingPath {string|Buffer|URL}" opening a parameter list
_ALIASED = re.compile(r"-{1,2}[A-Za-z][\w-]*(?:,[ \t]*-{1,2}[A-Za-z][\w-]*)+")  # "-j, --junk-session-cookies"
FIELD = re.compile(r"[A-Z][A-Za-z .-]{1,30}:[ \t]+\S")  # "Grammar dnssec-policy: max-zone-ttl <duration>;"
_LABEL = re.compile(TERM_LABEL)  # what may lead a term: "Class: ", "Static method: ", "Macro: "
_SECTION_SETTING = re.compile(rf"{SECTION_LABEL}[a-z][\w-]*")  # a setting after its section: "[run] timid"
_NAME_KIND = re.compile(r"([A-Za-z_$][\w.$:-]*)[ \t]+([A-Za-z]+)")  # "KeepAliveTimeout Directive"
# A command's synopsis: its program and subcommand in lower case, then its arguments' places, a placeholder's name
# or options, or none ("django-admin check [app_label [app_label ...]]", "django-admin sqlmigrate app_label
# migration_name", "django-admin flush"); not a manual page's "git-commit - Record changes …"
_SYNOPSIS = re.compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*(?:[ \t]+[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\w.]))+")
_SYNOPSIS_REST = re.compile(r"[ \t]+(?:[\[<{]|--?[A-Za-z]|[A-Za-z]\w*_|[A-Z]+\b).*")


def fields_below(text: str, end: int) -> bool:
    """Whether the line ending at `end` has a field's line right below it, no blank line between: a term over its
    fields, as Sphinx describes an object ("tcp-initial-timeout" over "Grammar: tcp-initial-timeout <integer>;")."""
    return end < len(text) and FIELD.match(text, end + 1) is not None


def term_heading(text: str, pos: int, floor: int = 0, commands: bool = False) -> tuple[int, int] | None:
    """Where the term heading the entry that holds `pos` apart is: the nearest line at or above pos's line, at
    most HEADING_REACH above and not before `floor`, that stands alone between blank lines and is a signature or
    a bare name ("crypto.randomUUID([options])", "Class: fs.Dir", "process.exitCode", "NODE_PATH=path"), or that
    is a name over its fields (`fields_below`: "listen-on-v6" over "Grammar: …"), or, with `commands` (the
    question asks for one), a command's synopsis (`synopsis_name`); its name alone when its fields follow it on
    its line (`heading_stop`); None when a heading of prose ("Examples") or none comes first."""
    floor = max(floor, pos - HEADING_REACH)
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    while end > floor:
        start = max(text.rfind("\n", floor, end) + 1, floor)
        fielded = fields_below(text, end) or metadata_below(text, end)  # a name over its fields ("listen-on-v6")
        if text[start:end].strip() and (stands_alone(text, start, end) or fielded) and not listed(text, start, end):
            line = unlabelled(text, start, end)
            if (
                is_term_heading(line)
                or section_setting(text[start:end].strip())
                or heading_kind(line) is not None
                or plain_heading(text, start, end)
                or (fielded and entry_name(line))
                or (commands and synopsis_name(line) is not None)
            ):
                return start, heading_stop(text, start, end)
            if is_heading(text, start, end) and not FIELD.match(text, start) and not _described_term(text, start):
                return None  # a section's heading; a field alone on its line is the entry's ("Tags: server")
        end = start - 1
    return None


def _described_term(text: str, start: int) -> bool:
    """Whether the paragraph ending just above the line at `start` (one blank line between) is an option's line
    alone ("-o, --output-dir" over "Where to output the generated project dir into", as Sphinx writes an option
    whose description follows its empty entry): the line is its description, not a section's heading."""
    sep = max(0, start - 2)
    if text[sep:start] != "\n\n":
        return False
    above = text.rfind("\n", 0, sep) + 1
    line = text[above:sep]
    named = _ALIASED.fullmatch(line) or (line.startswith("-") and _NAME_RUN.fullmatch(line))
    return bool(named) and _alone_above(text, above)


def _alone_above(text: str, start: int) -> bool:
    """Whether the line at `start` has a blank line (or the text's start) above it."""
    return start == 0 or text[max(0, start - 2) : start] == "\n\n"


def section_setting(line: str) -> bool:
    """Whether a line is an INI file's setting after its section's label, however plain its name ("[run] sigterm",
    as coverage.py's configuration reference heads each setting)."""
    return _SECTION_SETTING.fullmatch(line) is not None


def is_term_heading(line: str) -> bool:
    """Whether a line (its label off) is a term that may head its entry: a signature, an option and its aliases
    ("-j, --junk-session-cookies"), one name with nothing after it but a value placeholder ("NODE_PATH=path[:…]")
    or the places of its arguments ("tune.bufsize <number>"), or a name in a row with its fields (`fielded_row`)."""
    if SIGNATURE.match(line) or _ALIASED.fullmatch(line) or fielded_row(line):
        return True
    m = TERM.match(line)
    if m is None or not any(len(part) > 2 and not part.isdigit() for part in re.split(r"[._-]+", m.group(0))):
        return False  # no name: a version ("Added in: v0.11.8")
    return m.end() == len(line) or (line[m.end()] == "=" and " " not in line) or placed_name(line) is not None


def synopsis_name(line: str) -> int | None:
    """Where the command ends on a line that is a command's synopsis, as a reference heads the command's entry
    apart ("django-admin check" of "django-admin check [app_label [app_label ...]]", over "Uses the system check
    framework to …"); None for any other line, and for a term heading's (`is_term_heading`)."""
    m = _SYNOPSIS.match(line)
    if m is None or is_term_heading(line) or not (m.end() == len(line) or _SYNOPSIS_REST.fullmatch(line, m.end())):
        return None
    return m.end()


def heading_kind(line: str) -> str | None:
    """The kind a heading names after its term, as Apache's manual heads a directive's entry ("directive" of
    "KeepAliveTimeout Directive"), as `asked_kinds` gives kinds; None for any other line."""
    m = _NAME_KIND.fullmatch(line.strip())  # the kind in the singular: "Server Options" is a section's heading
    return singular(m.group(2)) if m and m.group(2).lower() in TERM_KIND_WORDS and not m.group(1).isdigit() else None


def fielded_row(line: str) -> bool:
    """Whether a line is a table's one row of a name, then its fields, as Exim's manual heads an option's entry:
    "smtp_connect_backlog | Use: main | Type: integer | Default: 20", its description below."""
    name, *fields = line.split(CELL)
    return bool(fields) and bare_name(name) is not None and all(FIELD.match(field.strip()) for field in fields)


def heading_stop(text: str, start: int, end: int) -> int:
    """Where the heading on the line text[start:end] ends: at its name on a `fielded_row`, whose fields are then its
    entry's first; else at the line's end."""
    line = text[start:end]
    return start + line.index(CELL) if fielded_row(line.strip()) else end


def placed_name(line: str) -> int | None:
    """Where the name ends on a line that is a dotted name or an option, then the places of its arguments
    ("tune.bufsize <number>", "tune.idle-pool.shared { on | off }"); None for any other line: a plain word's are a
    parameter's type (Node.js' "fd <integer>")."""
    name = _NAME_RUN.match(line)
    if name is None or not TERM.match(line) or not _PLACES.fullmatch(line, name.end()):
        return None
    return name.end()


def metadata_below(text: str, end: int) -> bool:
    """Whether the paragraph right below the line ending at `end` is a table of one row under its header, as
    Sphinx writes a parameter's metadata below its name (rsyslog's "MaxListeners" over "type | default | mandatory
    | obsolete legacy directive" / "type: integer | default: 20 | …"); a section's table has more rows."""
    gap = BLANK_LINE.match(text, end)
    if gap is None:
        return False
    below = BLANK_LINE.search(text, gap.end())
    lines = text[gap.end() : below.start() if below else len(text)].strip().split("\n")
    return len(lines) <= 2 and all(CELL in line for line in lines)


def plain_name(line: str) -> int | None:
    """Where the name ends on a line that is a keyword of lower-case words, then the places of its arguments
    ("retries" of "retries <value>"); None for any other line."""
    name = _PLAIN_NAME.match(line)
    return name.end() if name and _PLACES.fullmatch(line, name.end()) else None


def summary_line(heading: str, block: str) -> bool:
    """Whether `block`, the first paragraph below the line `heading`, is its entry's summary in a line with no stop
    at its end, as HAProxy's manual opens a keyword's ("Set the number of retries to perform on a server after a
    failure" under "retries <value>"): the heading gives its arguments' places, or is a name written as code; the
    line has SUMMARY_WORDS words or more (CODE_SUMMARY_WORDS under a name written as code: curl's "CURL_DISABLE_DICT"
    over "Disable the DICT protocol"), a capital and then lower-case words or acronyms only."""
    words, plain = block.split(), plain_name(heading) is not None
    return (
        (plain or placed_name(heading) is not None or TERM.fullmatch(heading) is not None)
        and "\n" not in block
        and len(words) >= (SUMMARY_WORDS if plain else CODE_SUMMARY_WORDS)
        and block[0].isupper()
        and all(_SUMMARY_WORD.fullmatch(w) for w in words[1:])
    )


def plain_heading(text: str, start: int, end: int) -> bool:
    """Whether the line text[start:end], alone between blank lines, is a keyword of lower-case words and the places
    of its arguments, heading its entry as HAProxy's manual does ("retries <value>", "pool-purge-delay <delay>"):
    not below another term's heading, its metadata or its table, where it is a parameter of that term (Node.js'
    "asyncId <number>" under "after(asyncId)", "store <any>" under "Stability: 1 - Experimental")."""
    if plain_name(text[start:end].strip()) is None or not stands_alone(text, start, end):
        return False
    above_end = len(text[:start].rstrip())
    above_start = text.rfind("\n", 0, above_end) + 1
    block_start = text.rfind("\n\n", 0, above_end) + 2  # the paragraph above: a parameter's item opens it in Node.js
    first = text[block_start:above_end].split("\n", 1)[0]
    above = text[above_start:above_end].strip()
    below = text[end:].lstrip()
    return below[:1].isupper() and not (  # its description below, no parameter's item
        is_term_heading(unlabelled(text, above_start, above_end))
        or FIELD.match(above)
        or "|" in above
        or above.endswith((")", "]"))  # a signature's parameter: "payload <Object>" under "new SourceMap(payload)"
        or bool((item := _PARAMETER_NAME.match(first)) and _PLACES.match(first, item.end()))
    )


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
