"""What a question asking for a default says the default is of ("the default Markdown flavour of the parser"), and
whether an entry says anything of it."""

from __future__ import annotations

import re

from rag.retrieve.tokenize import tokenize

# The words between "default" and what owns it: "Markdown flavour" of "What is the default Markdown flavour of the
# Docutils parser?", "width" of "… the default width of the center filter?"
_OF = re.compile(r"\bdefault\s+((?:[\w-]+\s+){0,2}[\w-]+)\s+(?:of|for|in)\s", re.IGNORECASE)
# Words that name no particular thing a default is of: any entry's default is its value or its setting
_GENERIC = frozenset(tokenize("value values setting settings option options choice behaviour behavior state"))


def unsaid_qualifier(question: str, text: str, lo: int, hi: int) -> bool:
    """Whether `question` asks for the default of a particular thing of what it names ("Markdown flavour") and
    text[lo:hi] (an entry) names none of its words: the entry's default ("rst" of Docutils' parser setting) is then
    not what is asked. False when the question names no such thing ("the default value of …", "the default parser")."""
    m = _OF.search(question)
    asked = set(tokenize(m.group(1))) - _GENERIC if m else set()
    return bool(asked) and not asked & set(tokenize(text[lo:hi]))
