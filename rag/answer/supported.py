"""A question asking which Python versions a project supports is answered by the sentence saying what it runs on."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.models import Document, Hit

# "Which Python versions does Arrow support?", "What is the oldest Python version Flask runs on?", "What is the
# minimum Python version supported by this Jinja release?", "Which Python 3 versions does Requests support?", "Which
# version of Python do I need?"; not "In which release did pint stop relying on Python's eval?"
_ASKS = re.compile(
    r"\b(?:python|cpython)\s+(?:\d\s+)?(?:versions?|releases?)\b|\bversions?\s+of\s+(?:c?python)\b", re.IGNORECASE
)
_ASKS_SUPPORT = re.compile(
    r"\b(?:support\w*|runs?|running|works?|requires?|required|needs?|needed|compatible|tested|oldest|minimum|"
    r"lowest|earliest)\b",
    re.IGNORECASE,
)
# The versions supported, from the oldest up: "Python 3.7 and newer", "CPython 3.7+", "version 3.6 or higher" (of
# "Pygments only needs a standard Python install, version 3.6 or higher.")
_VERSIONS = (
    r"(?P<versions>(?:(?:C?Python|PyPy)[ \t]+(?:version[ \t]+)?|version[ \t]+)\d+\.\d+(?:\.\d+)?"
    r"(?:\+|[ \t]+(?:and|or)[ \t]+(?:newer|higher|later|above|greater|up)\b))"
)
# A sentence saying what the project runs on, the project (or "It") its subject: "Flask supports Python 3.7 and
# newer.", "Requests officially supports Python 3.7+ and PyPy.", "Tornado 6.2 requires Python 3.7 or newer.",
# "Hypothesis is supported and tested on CPython 3.7+", "It runs in Python 3.8+ …"; not what a feature requires
# ("this “method chaining” syntax requires Python 3.9 or later", "(default: off, requires Python 2.6 or newer)"),
# nor what another project does not support
_SAYS = re.compile(
    r"(?:^|(?<=[\s(]))(?:[A-Z][\w.-]*(?:[ \t]+v?\d[\w.]*)?)[ \t]+(?:(?:also|only|officially|fully)[ \t]+)?"
    r"(?:supports?|requires?|needs?|runs?[ \t]+(?:on|in|with|under)|works?[ \t]+(?:on|with)|is[ \t]+supported"
    r"(?:[ \t]+and[ \t]+tested)?[ \t]+on|is[ \t]+tested[ \t]+on)\b[^.\n]*?" + _VERSIONS
)
_LISTED = re.compile(
    r"^[ \t]*(?:[-*•][ \t]+)?Support(?:s|ed)?[ \t]+for[ \t]+" + _VERSIONS, re.MULTILINE
)  # "Support for Python 3.6+"


def asks_supported(question: str) -> bool:
    """Whether a question asks which Python versions a project supports (runs on, requires)."""
    return bool(_ASKS.search(question)) and bool(_ASKS_SUPPORT.search(question))


def supported_versions(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking which Python versions a project supports, the versions the first sentence of
    `passages` saying what the project runs on names: "Python 3.7 and newer" of Flask's "Flask supports Python 3.7
    and newer." for "What is the oldest Python version the current Flask release runs on?", where the reader had
    answered "2018-04-26" of a changelog. The sentence quoted. None for other questions, or when none says so."""
    if not asks_supported(question):
        return None
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            if found := says_supported(doc.text, s, e):
                return Described(hit, doc, found[0], found[1], s, e)
    return None


def says_supported(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the versions are in text[start:end] when it says which Python versions its project supports."""
    for pattern in (_SAYS, _LISTED):
        if (m := pattern.search(text, start, end)) and not re.search(r"\bnot\b", text[m.start() : m.end()]):
            return m.span("versions")
    return None


def supported_passage(hits: list[Hit], below: list[Hit]) -> list[Hit]:
    """[] when one of `hits` says which Python versions its project supports, else the best passage `below` that does
    (Flask's installation page, eighth by fused rank for "What is the oldest Python version the current Flask release
    runs on?" under four changelog passages), if one does."""
    if any(says_supported(h.text, 0, len(h.text)) for h in hits):
        return []
    return next(([h] for h in below if says_supported(h.text, 0, len(h.text))), [])
