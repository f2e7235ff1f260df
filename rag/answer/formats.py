"""A format or syntax a question asks for, shown on the line below the sentence that introduces it: Kombu's
"Connection parameters can be provided as a URL in the format:" over "transport://userid:password@hostname:port/
virtual_host" answers "What is the URL format for connection parameters?"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

_ASKED = re.compile(r"\b(format|syntax)\b", re.IGNORECASE)  # "What is the URL format …?", "What is the syntax of …?"
# The line shown below its introduction (at most one blank line down): one line of at most SHOWN_MAX characters,
# no sentence (no stop at its end), alone (a blank line or the text's end below it)
_SHOWN = re.compile(r"[ \t]*\n(?:[ \t]*\n)?[ \t]*(?P<line>[^\s][^\n]*[^\s.!?:;,])[ \t]*(?=\n[ \t]*\n|\n?\Z)")
SHOWN_MAX = 120


def shown_format(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking for a format or a syntax, the line shown right below a sentence of `passages` ending in
    a colon that names it too ("… as a URL in the format:") and holds another word of the question's ("URL"):
    of those, the one whose sentence holds the most of the question's words (the first read, of equals). None
    otherwise."""
    asked = _ASKED.search(question)
    if asked is None:
        return None
    word = asked.group(1).lower()
    words = set(tokenize(question)) - set(tokenize(word))
    found: list[tuple[int, int, Described]] = []
    for hit, doc in passages:
        text = doc.text
        for s, e in passage_sentences(doc, hit):
            sentence = text[s:e].rstrip()
            if not sentence.endswith(":") or word not in sentence.lower():
                continue
            shared = len(words & set(tokenize(sentence)))
            shown = _SHOWN.match(text, s + len(sentence))
            if shared and shown and len(shown.group("line")) <= SHOWN_MAX and shown.end() <= hit.end:
                line = shown.span("line")
                found.append((-shared, len(found), Described(hit, doc, *line, *line)))
    return min(found, key=lambda f: f[:2])[2] if found else None
