"""A question asking what to pip install is answered by the install target its quote shows: "flask[async]" of "… if
Flask is installed with the async extra (pip install flask[async])."."""

from __future__ import annotations

import re

from rag.retrieve.tokenize import tokenize

# "What do I need to pip install so that …?", "What pip install target pulls in PyMongo with its TLS dependencies?",
# "What single pip command installs SQLObject along with a PostgreSQL driver?"
_ASKS = re.compile(r"\bpip3?\b[^?]*?\b(?:install|installs|command|target)\b", re.IGNORECASE)
_COMMAND = re.compile(r"\bcommand\b", re.IGNORECASE)  # … asks for the whole command
# A pip install command and its target: "pip install flask[async]", "python -m pip install pymongo[tls]", "pip install
# -U 'nose2[coverage_plugin]>=0.6.5'"; its options before the target passed over
_INSTALL = re.compile(
    r"(?:\bpython3?[ \t]+-m[ \t]+)?\bpip3?[ \t]+install[ \t]+(?:-{1,2}[A-Za-z][\w-]*[ \t]+)*['\"]?"
    r"(?P<target>[A-Za-z0-9][\w.-]*(?:\[[\w,. -]+\])?(?:[<>=!~]=?[\w.*]+)?)"
)
PREFIX = 4  # letters a word of the question and one of a target share at least to match ("postgres", "postgresql")


def install_target(question: str, text: str, quote_start: int, quote_end: int, at: int) -> tuple[int, int] | None:
    """For a question asking what to pip install, where the pip install command the quote text[quote_start:quote_end]
    shows names its target: the target ("pymongo[tls]" of "$ python -m pip install pymongo[tls]"), or the whole
    command when the question asks for one ("pip install SQLObject[postgres]"). Of several, the one whose words match
    the question's most (`_matched`: "postgres" for "… a PostgreSQL driver …", not "mysql"), then the one holding the
    reader's span at `at`, then the first. None when the question asks no such thing or the quote shows none."""
    if not _ASKS.search(question):
        return None
    found = list(_INSTALL.finditer(text, quote_start, quote_end))
    if not found:
        return None
    asked = {w for w in tokenize(question) if len(w) >= PREFIX}
    best = max(found, key=lambda m: (_matched(asked, m.group("target")), m.start() <= at < m.end(), -m.start()))
    return (best.start(), best.end("target")) if _COMMAND.search(question) else best.span("target")


def _matched(asked: set[str], target: str) -> int:
    """How many of the target's words a word of the question starts, or starts with, PREFIX letters at least."""
    words = [w for w in re.split(r"[^a-z0-9]+", target.lower()) if len(w) >= PREFIX]
    return sum(any(a.startswith(w) or w.startswith(a) for a in asked) for w in words)
