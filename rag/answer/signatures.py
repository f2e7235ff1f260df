"""A question asking for a parameter's default is answered by the signature of the callable it names, in any passage."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.defaults import asks_default, parameter_default
from rag.answer.extent import SIGNATURE
from rag.answer.headed import Described
from rag.answer.terms import named_terms
from rag.models import Document, Hit

_LINE = re.compile(r"[^\n]+")
# The parameter a question asks the default of by a plain word: "encoding" of "What is the default encoding of
# FileSystemLoader?" (not "namespace" of "What is the default Kubernetes namespace for Celery workers?")
_ASKED = re.compile(r"\bdefault\s+([A-Za-z_]\w*)\s+(?:of|for|in)\b", re.IGNORECASE)


def signature_default(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The value the signature of a callable `question` names gives the one parameter it names ("'templates'" of
    "class jinja2.PackageLoader(package_name, package_path='templates', encoding='utf-8')" for "What is the default
    package_path of PackageLoader?", where the reader read an example's call), on a line of its own in the first of
    `passages` that holds one; that line quoted. The parameter is a name the question writes as code, or the word
    right after "default" before "of", "for" or "in". None when the question asks for no default or no passage
    holds such a signature."""
    if not asks_default(question):
        return None
    words = {w.lower() for w in re.findall(r"[A-Za-z_]\w*", question)}
    asked = named_terms(question) | {m.group(1).lower() for m in _ASKED.finditer(question)}
    for hit, doc in passages:
        for m in _LINE.finditer(doc.text, hit.start, hit.end):
            line = m.group(0).strip()
            if (call := SIGNATURE.match(line)) is None or call.group(1).rsplit(".", 1)[-1].lower() not in words:
                continue
            at = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            d = parameter_default(question, doc.text, at, hit.start, asked)
            if d is not None and m.start() <= d.line <= d.start < m.end():
                return Described(hit, doc, d.start, d.end, d.line, d.line_end)
    return None
