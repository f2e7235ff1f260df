"""A question asking for a parameter's default is answered by the signature of the callable it names, in any passage."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rag.answer.defaults import Default, asks_default, parameter_default, stated_defaults
from rag.answer.extent import SIGNATURE
from rag.answer.headed import Described
from rag.answer.kinds import asked_kinds
from rag.answer.rows import LIST_REACH, parameter_rows
from rag.answer.terms import named_terms
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

_LINE = re.compile(r"[^\n]+")
_NAME_BEFORE = re.compile(r"([A-Za-z_]\w*)(?:[ \t]*:[^=,()\n]*)?[ \t]*=[ \t]*$")  # "info=" of "info=None"
_REACH = 3000  # characters below a signature searched for its parameter's line
# The parameter a question asks the default of by a plain word: "encoding" of "What is the default encoding of
# FileSystemLoader?" (not "namespace" of "What is the default Kubernetes namespace for Celery workers?")
# The words of a question asking for a default that say it asks, not what of the callable it asks for
_ASKING_WORDS = frozenset(tokenize("what which does do is are the a an by default defaults use uses value"))
# A parameter's default as its entry's description says it, in the parameter's name: "The default leeway on newer
# Jinja versions is 5 and was 0 before …" (Jinja's truncate filter, "leeway: Optional[int] = None")
_SAID_DEFAULT = (
    r"\b[Dd]efault[ \t]+{}\b[^.\n]{{0,60}}?\bis[ \t]+(?P<value>[-+]?\d[\w.]*|True|False|'[^'\n]+'|\"[^\"\n]+\")"
)
_DECORATES = re.compile(r"[ \t]*(?:(?:async[ \t]+)?def|class)[ \t]")  # the code a decorator's line is over
_ASKED = re.compile(r"\bdefault\s+([A-Za-z_]\w*)\s+(?:of|for|in)\b", re.IGNORECASE)


def asked_parameters(question: str) -> set[str]:
    """The parameters whose default `question` may ask, by name: a name it writes as code, or the word right after
    "default" before "of", "for" or "in" ("sep" of "What is the default sep of Signer?"); lower-cased."""
    return named_terms(question) | {m.group(1).lower() for m in _ASKED.finditer(question)}


def signature_default(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The value the signature of a callable `question` names gives the one parameter it names ("'templates'" of
    "class jinja2.PackageLoader(package_name, package_path='templates', encoding='utf-8')" for "What is the default
    package_path of PackageLoader?", where the reader read an example's call), on a line of its own in the first of
    `passages` that holds one; that line quoted. The parameter is a name the question writes as code, or the word
    right after "default" before "of", "for" or "in", else a word of its "which …" phrase ("method" of "Which
    rounding method does round use if none is specified?"). A decorator's line over code is an example's call, no
    signature. None when the question asks for no default or no passage holds such a signature."""
    if not asks_default(question):
        return None
    words = {w.lower() for w in re.findall(r"[A-Za-z_]\w*", question)}
    asked = asked_parameters(question) or asked_kinds(question)
    for hit, doc in passages:
        for m in _LINE.finditer(doc.text, hit.start, hit.end):
            line = m.group(0).strip()
            if (call := SIGNATURE.match(line)) is None or call.group(1).rsplit(".", 1)[-1].lower() not in words:
                continue
            if line.startswith("@") and _DECORATES.match(doc.text, m.end() + 1):
                continue  # a decorator applied in an example: '@pytest.fixture(scope="session")' over "def …"
            at = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            d = parameter_default(question, doc.text, at, hit.start, asked)
            if d is not None and m.start() <= d.line <= d.start < m.end():
                d = described_default(doc.text, d) or d
                return Described(hit, doc, d.start, d.end, d.line, d.line_end)
    return None


def described_default(text: str, d: Default) -> Default | None:
    """Where a signature's default `d` is None, as Python's signatures write a default decided in the body, the one
    default the parameter's own line below it states ('"Press any key to continue..."' of "info (Optional[str]) – The
    message to print before pausing. Defaults to "Press any key to continue...".", under "click.pause(info=None,
    err=False)"), that line quoted (`rows.parameter_rows`); or the one a line opening with its name states ("min_dims
    + 2" of "max_dims is the largest length …, defaulting to min_dims + 2.", Hypothesis' array_shapes); else the
    default its description says in its name ("The default leeway on newer Jinja versions is 5 …"), that line quoted;
    in the signature's entry, above the next signature. None elsewhere."""
    if text[d.start : d.end] != "None":
        return None
    name = _NAME_BEFORE.search(text, d.line, d.start)
    if name is None:
        return None
    limit = min(len(text), d.line_end + _REACH)
    below = (m.start() for m in _LINE.finditer(text, d.line_end + 1, limit) if SIGNATURE.match(m.group(0).strip()))
    entry_end = next(below, limit)
    for start, end, cells in parameter_rows(text, d.line_end + 1, entry_end):  # above the next entry's
        if text[cells[0].start : cells[0].end] == name.group(1):
            stated = stated_defaults(text, cells[1].start, end)
            return Default(stated[0].start, stated[0].end, start, end) if len(stated) == 1 else None
    own = re.compile(rf"^[ \t]*{re.escape(name.group(1))}\b[^\n]*", re.MULTILINE)  # a line of prose opening with it
    for line in own.finditer(text, d.line_end + 1, entry_end):
        if len(stated := stated_defaults(text, line.start(), line.end())) == 1:
            return Default(stated[0].start, stated[0].end, line.start(), line.end())
    said = re.compile(_SAID_DEFAULT.format(re.escape(name.group(1))))
    if m := said.search(text, d.line_end + 1, entry_end):  # no row of its own: its description says it
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end(), entry_end)
        return Default(m.start("value"), m.end("value"), start, entry_end if end == -1 else end)
    return None


def worded_parameter_default(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The one default stated on the line of a parameter that `question` asks for by the words of its description,
    under the signature of a callable it names: '"Press any key to continue..."' of "info (Optional[str]) – The
    message to print before pausing. Defaults to "Press any key to continue..."." (under "click.pause(info=None,
    err=False)") for "What message does click.pause print by default?". Of the lines in the first of `passages`
    holding any (the line or its signature in the passage), the one whose description has the most of the question's
    other words, and the kind it asks for when it names one ("message"), that line quoted. None when the question asks
    for no default or names no callable, or no such line has its words."""
    callables = named_terms(question)
    if not asks_default(question) or not callables:
        return None
    owners = {name.rsplit(".", 1)[-1] for name in callables}
    asked = set(tokenize(question)) - {w for name in callables for w in tokenize(name)} - _ASKING_WORDS
    kinds = {w for kind in asked_kinds(question) for w in tokenize(kind)}  # "message" of "What message …?"
    for hit, doc in passages:
        rows = ((n, d) for n, d, said in _worded_rows(doc.text, hit, owners, asked) if kinds & said or not kinds)
        found = sorted(rows, key=lambda row: -row[0])
        if found and found[0][0] > 0:
            _, d = found[0]
            return Described(hit, doc, d.start, d.end, d.line, d.line_end)
    return None


def _worded_rows(text: str, hit: Hit, owners: set[str], asked: set[str]) -> Iterator[tuple[int, Default, set[str]]]:
    """Each parameter's line in or below `hit` under the signature of a callable of `owners`, the line or the
    signature in the passage, that states one default: how many words of `asked` its description has, that default
    (its line the parameter's), and the description's words."""
    hi = min(len(text), hit.end + _REACH)
    rows = list(parameter_rows(text, hit.start, hi))
    signed = [  # the signatures above them, read only where a passage has such lines
        (m.start(), call.group(1).rsplit(".", 1)[-1].lower())
        for m in _LINE.finditer(text, max(0, hit.start - LIST_REACH), rows[-1][0] if rows else 0)
        if (call := SIGNATURE.match(m.group(0).strip()))
    ]
    for start, end, cells in rows:
        owner = next(((at, name) for at, name in reversed(signed) if at < start), None)
        if owner is None or owner[1] not in owners or (start >= hit.end and owner[0] < hit.start):
            continue
        stated = stated_defaults(text, cells[1].start, end)
        if len(stated) == 1:
            said = set(tokenize(text[cells[1].start : end]))
            yield len(asked & said), Default(stated[0].start, stated[0].end, start, end), said
