"""A name a question asks for in the code shown below the sentence that introduces it: "local_addr" of "conn =
aiohttp.TCPConnector(local_addr=('127.0.0.1', 0), loop=loop)" under "… bind a socket locally:"."""

from __future__ import annotations

import re

from rag.answer.commands import NEXT_LINE, PROSE, Shown
from rag.answer.kinds import asked_kinds
from rag.answer.shapes import answer_shape, has_shape

_BLOCK_LINES = 8  # lines of code below an introducing sentence read for a name: a longer block says no one name
# The names code gives a role: a keyword argument's ("local_addr" of "TCPConnector(local_addr=…)"), a setting a
# command line sets ("JOBDIR" of "scrapy crawl somespider -s JOBDIR=crawls/somespider-1"), an attribute, a constant
# or a dotted name a line sets (Varnish's ".max_connections = 1000;", "DEBUG_MODE = True"), a call's
# ("monkey.patch_all()")
_ROLES = {
    "setting": re.compile(
        r"(?<=[(,])[ \t]*([A-Za-z_]\w*)[ \t]*=(?!=)|(?:^|[ \t])(?:-s|--set)[ \t]+([A-Za-z_][\w.]*)="
        r"|^[ \t]*(\.[A-Za-z_]\w*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)[ \t]*=(?!=)",
        re.MULTILINE,
    ),
    "call": re.compile(r"(?<![\w.])([A-Za-z_][\w.]*\([^()\n]*\))"),
}
_ROLE_OF = {"setting": "setting", "option": "setting", "call": "call", "function": "call"}
# A package an installer's command line installs: "psycopg2-binary" of "$ pip install psycopg2-binary"
_INSTALLED = re.compile(
    r"(?<![^\s$%#])(?:pip3?|python3?[\d.]* -m pip|apt(?:-get)?|dnf|yum|brew|npm|gem|conda)[ \t]+install"
    r"(?:[ \t]+-\S+)*[ \t]+([A-Za-z0-9][\w.\[\]-]*)"
)
# Calls that show a value an example made, not what it shows how to do: "print(to_serialize)" below Pint's
# ">>> to_serialize = duration.to_tuple()"
_SHOWING = frozenset({"print", "pprint", "repr", "str", "len", "type", "list", "dict", "console.log", "echo"})
_CAMEL = re.compile(r"(?<![\w.])[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+(?=\()")  # a class called: "CharsetFilter(…)"
_LITERAL = re.compile(
    r"=(?:True|False|None|-?\d[\w.]*|'[^'\n]{0,20}'|\"[^\"\n]{0,20}\")(?=[\s,);:]|\.(?:\s|$)|$)"
)  # "=True"
_NAME = re.compile(r"(?<![\w.=-])[A-Za-z_]\w*")  # a keyword argument's name, alone
# A string literal, a template's tag: their words are no prose of the line's ("{% for row in rows %}")
_NOT_PROSE = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|\{%[^\n]*?%\}|\{\{[^\n]*?\}\}")


def shown_name(question: str, answer: str, text: str, quote_end: int, hi: int) -> Shown | None:
    """The one name of what `question` asks for in the code shown right below a quote that ends introducing it
    with a colon, within text[:hi] (the passage), when the reader's `answer` is no name of its shape: a keyword
    argument or a setting set on a command line for a setting, an option or a parameter ("local_addr" of "conn =
    aiohttp.TCPConnector(local_addr=('127.0.0.1', 0), loop=loop)" under aiohttp's "… you may choose one which will
    be used to bind a socket locally:", where the reader answered "socket"), a call for a function or a how-question,
    a class called whose name ends in the kind asked ("CharsetFilter" for "Which analysis filter …?"), the package
    an installer's command installs ("psycopg2-binary" of "$ pip install psycopg2-binary"); of several,
    the one of the asked shape (`shapes.has_shape`: "local_addr", not "loop"), never one the question names. The
    code's line is quoted. None elsewhere."""
    if quote_end < 1 or text[quote_end - 1] != ":" or not (m := NEXT_LINE.match(text, quote_end, hi)):
        return None
    shape, kinds = answer_shape(question), asked_kinds(question)
    if shape and has_shape(answer, shape):
        return None
    found: list[Shown] = []
    start = m.end()
    session = text.startswith(">>>", start)  # an interactive session goes on across blank lines
    for _ in range(_BLOCK_LINES):
        end = min(hi, len(text) if (e := text.find("\n", start)) == -1 else e)
        if session and start == end and text.startswith(">>>", end + 1):
            start = end + 1
            continue
        if start >= end or _prose(text[start:end]) or text[end - 1] in ".!?":  # prose: the block ends
            break
        named = _line_names(text, start, end, shape, kinds)
        found += [
            Shown(a, b, start, end) for a, b in named if not _names(question, text[a:b].split("=")[0].rstrip("()"))
        ]
        start = end + 1
    else:
        return None  # the block goes on
    if len({text[s.start : s.end] for s in found}) > 1 and shape:
        found = [s for s in found if has_shape(text[s.start : s.end], shape)]
    return found[0] if len({text[s.start : s.end] for s in found}) == 1 else None


def _line_names(text: str, start: int, end: int, shape: str | None, kinds: frozenset[str]) -> list[tuple[int, int]]:
    """The names in the line of code text[start:end] that have the role the asked `shape` is (`_ROLES`), the
    packages an installer's command installs when a package is asked for, and the classes called whose name ends in
    a kind asked."""
    role = _ROLES.get(_ROLE_OF.get(shape or "", ""))
    names = (
        [
            _valued(text, m.span(g), end)
            for m in role.finditer(text, start, end)
            for g in range(1, role.groups + 1)
            if m.group(g) and m.group(g).split("(")[0] not in _SHOWING
        ]
        if role
        else []
    )
    if "package" in kinds:
        names += [m.span(1) for m in _INSTALLED.finditer(text, start, end)]
    return names + [
        m.span() for m in _CAMEL.finditer(text, start, end) if any(m.group(0).endswith(k.capitalize()) for k in kinds)
    ]


def set_to(text: str, start: int, end: int, shape: str | None) -> int:
    """The end of an answer text[start:end], a name of a setting, an option or a parameter asked for, taking in the
    literal a line of prose sets it to: "permanent=False" of "… add permanent=False to the RedirectHandler
    initialization arguments.", where the reader answered "permanent"; not a signature's default ("unsafe=False" of
    "class aiohttp.CookieJar(*, unsafe=False, …)"). `end` elsewhere."""
    if shape not in ("setting", "option") or not _NAME.fullmatch(text, start, end):
        return end
    line = text.rfind("\n", 0, start) + 1
    before, line_end = text[line:start], len(text) if (e := text.find("\n", end)) == -1 else e
    outside = before.count("(") <= before.count(")")  # no call's or signature's argument
    m = _LITERAL.match(text, end)
    return m.end() if m and outside and _prose(text[line:line_end]) else end


def _prose(line: str) -> bool:
    """Whether a line reads as prose (`commands.PROSE`), its string literals and template tags aside."""
    return PROSE.search(_NOT_PROSE.sub("''", line)) is not None


def _valued(text: str, span: tuple[int, int], end: int) -> tuple[int, int]:
    """A keyword argument's name with the literal it is set to, where it is one ("abort=True"), else the name."""
    m = _LITERAL.match(text, span[1], end)
    return (span[0], m.end()) if m else span


def _names(question: str, name: str) -> bool:
    """Whether `question` names `name`, a word of its own."""
    return re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", question, re.IGNORECASE) is not None
