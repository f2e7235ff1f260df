"""Whether a paragraph below a term's heading or line is prose that may describe the term."""

from __future__ import annotations

import re

from rag.answer.extent import TERM_LABEL
from rag.ingest.sentences import CELL

_LABEL = re.compile(TERM_LABEL)  # a metadata line's label: "Added in: ", "Returns: ", "Note: "
_FIELD_LIST = re.compile(r"[A-Z][\w ]{0,30}:\n")  # a field list's name over its items: "Parameters:\napp (Flask) – …"
PROSE_WORDS = 4  # a description says at least this many words
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|:$")  # or a colon closing it, over the list it introduces
_PARAMETER = re.compile(r"[\w.$]+\s+(?:<[^>\n]*>|\{[^}\n]*\})")  # "disableEntropyCache <boolean> By default, …"
# A setting's type and default, bracketed, opening its description: "(boolean, default False) Use a simpler but
# slower trace method." (coverage.py's configuration reference)
TYPE_NOTE = re.compile(r"\([a-z][^()\n]{0,60}\)[ \t]+(?=[A-Z])")


def hanging(text: str, line: int, below: int, block: str) -> bool:
    """Whether `block`, at `below`, is a description indented under the term line at `line` (lighttpd's
    "server.errorlog-use-syslog" over "  send errorlog to syslog"), prose but for a sentence's stop."""
    indent = below - (text.rfind("\n", 0, below) + 1)
    return indent > len(text[line:below]) - len(text[line:below].lstrip()) and is_prose(block + ".")


def is_prose(block: str) -> bool:
    """Whether a paragraph is prose that may describe: PROSE_WORDS words or more, a sentence's end, no table row,
    no metadata label ("Returns: <boolean>", "Stability: 0 - Deprecated: …") or field list ("Parameters:" over its
    items), no code or parameter opening it ("disableEntropyCache <boolean> By default, …"); a type note may
    (`TYPE_NOTE`: "(boolean, default False) Use a simpler …")."""
    if note := TYPE_NOTE.match(block):
        block = block[note.end() :]
    return (
        len(block.split()) >= PROSE_WORDS
        and CELL not in block
        and block[:1].isalpha()
        and _LABEL.match(block) is None
        and _FIELD_LIST.match(block) is None
        and _PARAMETER.match(block) is None
        and _SENTENCE_END.search(block) is not None
    )
