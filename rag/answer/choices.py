"""A question asking what values a term may take is answered by the sentence of its entry listing them: "ask (the
default), always, and never" of crmsh's "Possible values are ask (the default), always, and never."."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import passage_sentences, stands_alone
from rag.answer.headed import Described
from rag.answer.headings import HEADING_REACH, term_heading
from rag.answer.named import line_name
from rag.ingest.sentences import BLANK_LINE
from rag.models import Document, Hit

_QUALITY = r"(?:possible|valid|allowed|accepted|permitted|supported)"
# "What are the possible values of the manage-children preference?", "Which values are valid for check-mode?"
_ASKED = re.compile(
    rf"\b(?:what|which)\s+(?:are\s+the\s+{_QUALITY}\s+values\s+(?:of|for)|values\s+(?:are|is)\s+{_QUALITY}\s+for"
    rf"|values\s+(?:can|may)\s+)\s*(?:the\s+)?['\"‘“]?(?P<term>[\w.:-]+)",
    re.IGNORECASE,
)
_NAME = re.compile(r"[a-z_][\w.:-]*|[A-Za-z]\w*[_.:-][\w.:-]*")  # a name alone on its line: not a word such as "Note"
# A sentence listing them: "Possible values are plain, color-always, color, and uppercase."
_LISTING = re.compile(rf"{_QUALITY}\s+values\s+are:?\s+(?P<said>\S[^\n]*?)\.?\s*$", re.IGNORECASE)


def choices_answer(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking the values a term it names may take, the values a sentence of that term's entry lists
    ("Possible values are …"), in the first of `passages` that has one, quoted by its sentence: the term's entry
    heads it apart above the sentence (`headings.term_heading`). None for other questions, and when no entry of the
    term lists its values."""
    asked = _ASKED.search(question)
    if asked is None:
        return None
    term = asked.group("term").lower()
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            if (m := _LISTING.search(doc.text, s, e)) is None:
                continue
            if _headed_by(doc.text, s) == term:
                return Described(hit, doc, m.start("said"), m.end("said"), s, e)
    return None


def _headed_by(text: str, pos: int) -> str | None:
    """The name, lower-cased, of the term heading the entry holding `pos` apart (`headings.term_heading`), or of the
    nearest short line alone between blank lines above it, within HEADING_REACH, when that is a name alone (crmsh's
    "manage-children", over its prose and examples); None otherwise."""
    if (heading := term_heading(text, pos)) is not None:
        return line_name(text, *heading)
    floor = max(0, pos - HEADING_REACH)
    starts = [0] * (floor == 0) + [m.end() for m in BLANK_LINE.finditer(text, floor, pos)]  # the text's first line too
    for start in reversed(starts):
        end = text.find("\n", start)
        line = text[start : len(text) if end == -1 else end].strip()
        if line and len(line.split()) <= 3 and stands_alone(text, start, start + len(line)):
            return line.lower() if _NAME.fullmatch(line) else None
    return None
