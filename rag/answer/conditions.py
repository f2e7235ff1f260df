"""A question asking what happens when a term has a value is answered by what its entry says follows from that value:
"commands are not saved in the history list" of HISTSIZE's "If the value is 0, commands are not saved …"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.entries import describing
from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.answer.named import entry_heading, line_name
from rag.answer.subject_defaults import PARAGRAPH_REACH
from rag.ingest.sentences import BLANK_LINE
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

# "What happens if HISTSIZE is 0?", "What happens when timeout is set to 0?", "What happens if file_error is True and
# the infile doesn't exist?"
_ASKED = re.compile(
    r"^\s*what\s+happens\s+(?:if|when)\s+(?:the\s+)?(?P<term>[\w.-]+)(?:\s+\w+)?\s+(?:is|are)\s+(?:set\s+to\s+)?"
    r"(?P<value>[\w.+-]+)(?:\s+and\s[^?]*)?\s*\?\s*$",
    re.IGNORECASE,
)
# A sentence of the entry saying what follows from a value: "If the value is 0, …", "If set to 0, …", "When it is
# zero, …", "If this value is True and the file … doesn’t exist, …"; the value's alternatives go in the braces
_SAID = (
    r"(?:If|When)\s+(?:(?:the\s+)?(?:value|it|this)(?:\s+value)?\s+is\s+|(?:it\s+is\s+)?set\s+to\s+)(?:{})"
    r"(?:\s+and\s[^,\n]*)?,\s+(?P<then>\S[^\n]*)"
)


def condition_answer(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For "What happens if <term> is <value>?", the first sentence of `passages` in the description of that term's
    entry (its first paragraph, under a term line naming it: `entries.describing`) that opens by saying "If the value
    is <value>," (or "If set to …"): what follows from it, quoted by its sentence. None for other questions, and
    when no entry of the term says so. The term line may head its entry apart, a blank line below it ("‘file_error’:
    False", ConfigObj's)."""
    asked = _ASKED.match(question)
    if asked is None:
        return None
    term, value = asked.group("term").lower(), asked.group("value")
    said = re.compile(_SAID.format(re.escape(value)), re.IGNORECASE)
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            if (m := said.match(doc.text, s, e)) is None:
                continue
            lines = describing(doc.text, s, bare=True)
            named = [doc.text[a:b].lower().split() for a, b in lines] if lines else [[_heading_above(doc.text, s)]]
            if any(term in words for words in named):
                end = m.end("then") - 1 if doc.text[m.end("then") - 1] == "." else m.end("then")
                return Described(hit, doc, m.start("then"), end, s, e)
    return None


def _heading_above(text: str, pos: int) -> str | None:
    """The name (`named.line_name`) that the line heading an entry apart (`named.entry_heading`) right above the
    paragraph holding `pos`, a blank line between, gives; None when there is none."""
    top = max((m.start() for m in BLANK_LINE.finditer(text, max(0, pos - PARAGRAPH_REACH), pos)), default=-1)
    if top < 0:
        return None
    above = max((m.end() for m in BLANK_LINE.finditer(text, max(0, top - PARAGRAPH_REACH), top)), default=0)
    block = text[above:top].strip()
    return line_name(text, above, top) if block and entry_heading(block) else None


# "What HTTP status does blackd return if the input is already well-formatted?": the condition asked
_ASKED_IF = re.compile(r"^\s*(?:what|which)\b[^?]*?\s(?:if|when)\s+(?P<clause>[^?]+?)\s*\?\s*$", re.IGNORECASE)
# A line a short label opens, saying when it holds: "HTTP 204: If the input is already well-formatted. …"
_LABELLED_IF = re.compile(r"^[ \t]*(?P<label>[^:\n]{1,40}?):[ \t]+(?:If|When)[ \t]+(?P<clause>[^.\n]+)", re.MULTILINE)
CLAUSE_SHARE = 0.8  # of the words of the condition asked, and of the line's, the share the other must hold


def labelled_condition(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking what holds if (or when) something is so, the label of a line saying it holds in that
    case, in the question's words (CLAUSE_SHARE of each's in the other's): "HTTP 204" of blackd's "HTTP 204: If the
    input is already well-formatted. The response body is empty." (the reader had answered "a HTTP 400 error
    response" of another sentence), quoted by its line. None for other questions, and when no line says so."""
    if (asked := _ASKED_IF.match(question)) is None:
        return None
    wanted = set(tokenize(asked.group("clause")))
    for hit, doc in passages if wanted else ():
        for m in _LABELLED_IF.finditer(doc.text, hit.start, hit.end):
            said = set(tokenize(m.group("clause")))
            if said and min(len(wanted & said) / len(wanted), len(wanted & said) / len(said)) >= CLAUSE_SHARE:
                line_end = doc.text.find("\n", m.end())
                return Described(
                    hit, doc, *m.span("label"), m.start("label"), len(doc.text) if line_end < 0 else line_end
                )
    return None
