"""A default a class attribute's line states: "1800" of "default_visibility_timeout = 1800" (as Sphinx documents a
class's attributes) for "What is the default SQS visibility timeout?", or of the attribute the question names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.defaults import asks_default
from rag.answer.headed import Described
from rag.answer.terms import named_terms
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

# An attribute's line naming a default, and its value: "default_region = 'us-east-1'", "DEFAULT_PORT = 5672",
# "kombu.Connection.default_port = 5672" (a dotted owner before the name), nothing after the value
_DEFAULT_LINE = re.compile(
    r"^[ \t]*(?:[A-Za-z_]\w*\.)*(?P<name>[Dd]efault_\w+|DEFAULT_\w+|\w+_default|\w+_DEFAULT)[ \t]*=[ \t]*"
    r"(?P<value>[^\s=][^\n=]{0,60}?)[ \t]*$",
    re.MULTILINE,
)
_DEFAULT = re.compile(r"(?:^|_)default(?:_|$)", re.IGNORECASE)
_DESCRIBED = re.compile(r"[ \t]*[A-Z][a-z]*[ \t]+[a-z]")  # a line of prose: "Maximum size of memory buffer …"
# Any attribute's line and its value: "MEMFILE_MAX = 102400" of Bottle's BaseRequest, which a question names
_ATTRIBUTE_LINE = re.compile(
    r"^[ \t]*(?:[A-Za-z_]\w*\.)*(?P<name>[A-Za-z_]\w*)[ \t]*=[ \t]*(?P<value>[^\s=][^\n=]{0,60}?)[ \t]*$", re.MULTILINE
)


def attribute_default(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking for a default, the value of the attribute line in `passages` that the question names
    ("102400" of "MEMFILE_MAX = 102400" for "What is the default value of BaseRequest.MEMFILE_MAX?"), or whose name,
    its "default" aside, the question says every word of ("default_visibility_timeout" for "… the default SQS
    visibility timeout?"): of several, the one whose line and page title hold the most of the question's words (the first
    read, of equals); its line quoted. None when none is so named."""
    if not asks_default(question):
        return None
    asked = set(tokenize(question))
    named = {part for term in named_terms(question) for part in (term, term.rsplit(".", 1)[-1])}
    found: list[tuple[int, int, Described]] = []
    for hit, doc in passages:
        for m in _ATTRIBUTE_LINE.finditer(doc.text, hit.start, hit.end):
            if m.group("name").lower() in named:  # a term line its description follows, not a line of code
                if not _DESCRIBED.match(doc.text, m.end() + 1):
                    continue
            else:  # not named by the question: one named for the default asked
                if not _DEFAULT_LINE.fullmatch(m.group(0)):
                    continue
                words = [w for w in _DEFAULT.sub(" ", m.group("name")).lower().split("_") if w.strip()]
                if not words or not set(tokenize(" ".join(words))) <= asked:
                    continue
            shared = len(asked & set(tokenize(f"{doc.title} {m.group(0)}")))
            indent = len(m.group(0)) - len(m.group(0).lstrip())
            found.append((-shared, len(found), Described(hit, doc, *m.span("value"), m.start() + indent, m.end())))
    return min(found, key=lambda f: f[:2])[2] if found else None
