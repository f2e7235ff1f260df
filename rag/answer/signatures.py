"""A question asking for a parameter's default is answered by the signature of the callable it names, in any passage."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.defaults import Default, asks_default, parameter_default, stated_defaults
from rag.answer.extent import SIGNATURE
from rag.answer.headed import Described
from rag.answer.kinds import asked_kinds
from rag.answer.rows import parameter_rows
from rag.answer.terms import named_terms
from rag.models import Document, Hit

_LINE = re.compile(r"[^\n]+")
_NAME_BEFORE = re.compile(r"([A-Za-z_]\w*)(?:[ \t]*:[^=,()\n]*)?[ \t]*=[ \t]*$")  # "info=" of "info=None"
_REACH = 3000  # characters below a signature searched for its parameter's line
# The parameter a question asks the default of by a plain word: "encoding" of "What is the default encoding of
# FileSystemLoader?" (not "namespace" of "What is the default Kubernetes namespace for Celery workers?")
_ASKED = re.compile(r"\bdefault\s+([A-Za-z_]\w*)\s+(?:of|for|in)\b", re.IGNORECASE)


def signature_default(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The value the signature of a callable `question` names gives the one parameter it names ("'templates'" of
    "class jinja2.PackageLoader(package_name, package_path='templates', encoding='utf-8')" for "What is the default
    package_path of PackageLoader?", where the reader read an example's call), on a line of its own in the first of
    `passages` that holds one; that line quoted. The parameter is a name the question writes as code, or the word
    right after "default" before "of", "for" or "in", else a word of its "which …" phrase ("method" of "Which
    rounding method does round use if none is specified?"). None when the question asks for no default or no
    passage holds such a signature."""
    if not asks_default(question):
        return None
    words = {w.lower() for w in re.findall(r"[A-Za-z_]\w*", question)}
    asked = (named_terms(question) | {m.group(1).lower() for m in _ASKED.finditer(question)}) or asked_kinds(question)
    for hit, doc in passages:
        for m in _LINE.finditer(doc.text, hit.start, hit.end):
            line = m.group(0).strip()
            if (call := SIGNATURE.match(line)) is None or call.group(1).rsplit(".", 1)[-1].lower() not in words:
                continue
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
    err=False)"), that line quoted (`rows.parameter_rows`); in the signature's entry, above the next signature. None
    elsewhere."""
    if text[d.start : d.end] != "None":
        return None
    name = _NAME_BEFORE.search(text, d.line, d.start)
    if name is None:
        return None
    limit = min(len(text), d.line_end + _REACH)
    below = (m.start() for m in _LINE.finditer(text, d.line_end + 1, limit) if SIGNATURE.match(m.group(0).strip()))
    for start, end, cells in parameter_rows(text, d.line_end + 1, next(below, limit)):  # above the next entry's
        if text[cells[0].start : cells[0].end] == name.group(1):
            stated = stated_defaults(text, cells[1].start, end)
            return Default(stated[0].start, stated[0].end, start, end) if len(stated) == 1 else None
    return None
