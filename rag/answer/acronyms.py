"""What an acronym a question asks about stands for: its long form beside it in brackets, as the documents define it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.models import Document, Hit

# "What does TOAST stand for?", "What is WAL short for?", "What does the acronym MVCC mean?", "What does GUC mean?"
_ASKS = re.compile(
    r"^\W*what\s+(?:does|do|is|are)\s+(?:the\s+)?(?:(?:acronym|abbreviation|initialism)\s+)?"
    r"[\"'“‘]?(?P<short>[A-Za-z][A-Za-z0-9&]*)[\"'”’]?\s+(?:stand\s+for|short\s+for|mean|abbreviate)\b",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[A-Z][A-Z0-9&]+s?")  # how an acronym is written: two capitals or more ("WAL", "GUCs")
_BRACKETED = r"\(\s*({})\s*[,;)]"  # the short form in brackets after its long form: "Write-Ahead Logging (WAL)"
# The long form in brackets after the short form, "TOAST (The Oversized-…)", or before it in the same brackets,
# "(Multiversion Concurrency Control, MVCC)"
_LONG_AFTER = r"\b{0}\s*\(([^()\n]+)\)|\(([^(),\n]+),[ \t]*{0}[ \t]*\)"
# A glossary's entry of the acronym, its long form first on the line below: "GUC" / "Grand Unified Configuration,
# the PostgreSQL subsystem …", "WAL" / "See Write-ahead log."
_GLOSSARY = r"^[ \t]*{}s?[ \t]*\n[ \t]*(?:See[ \t]+(?:also[ \t]+)?)?([^\n,.;:()]+)"
_WORDS_MAX = 5  # words beyond the acronym's letters a long form may have (Schwartz & Hearst: min(|A| + 5, 2|A|))


def long_form(short: str, before: str) -> int | None:
    """Where, in `before` (the text right before a bracketed `short`, or a bracket's text after it), the shortest
    long form of `short` starts: each letter of it found, right to left, in order, the first at the start of a word
    (Schwartz & Hearst 2003, "A simple algorithm for identifying abbreviation definitions in biomedical text"). None
    when none fits within min(len(short) + 5, 2 len(short)) words."""
    letters = [c.lower() for c in short if c.isalnum()]
    words = list(re.finditer(r"[^\s]+", before))[-min(len(letters) + _WORDS_MAX, 2 * len(letters)) :]
    if not letters or not words:
        return None
    lo, text = words[0].start(), before.lower()
    i = len(text) - 1
    for n, c in enumerate(reversed(letters)):
        first = n == len(letters) - 1
        while i >= lo and (text[i] != c or (first and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < lo:
            return None
        i -= not first
    return i


def acronym_answer(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The long form of the acronym `question` asks about ("The Oversized-Attribute Storage Technique" of
    PostgreSQL's "This section provides an overview of TOAST (The Oversized-Attribute Storage Technique).", for
    "What does TOAST stand for?"), from the first of `passages` that writes it beside the acronym in brackets,
    either way round, quoted by its sentence, or first on the line below it, as a glossary does. None when the
    question asks no such thing or no passage defines it."""
    if (m := _ASKS.match(question)) is None or not _LETTERS.fullmatch(short := m.group("short")):
        return None
    short = short.removesuffix("s")  # a plural: "GUCs"
    bracketed = re.compile(_BRACKETED.format(re.escape(short)))
    after = re.compile(_LONG_AFTER.format(re.escape(short)))
    glossary = re.compile(_GLOSSARY.format(re.escape(short)), re.MULTILINE)
    for hit, doc in passages:
        for g in glossary.finditer(doc.text, hit.start, hit.end):
            if long_form(short, inner := g.group(1).rstrip()) == 0:
                line_end = doc.text.find("\n", g.end())
                line_end = len(doc.text) if line_end == -1 else line_end
                return Described(hit, doc, g.start(1), g.start(1) + len(inner), g.start(), line_end)
        for s, e in passage_sentences(doc, hit):
            for b in bracketed.finditer(doc.text, s, e):
                before = doc.text[s : b.start()].rstrip()
                if (at := long_form(short, before)) is not None:
                    return Described(hit, doc, s + at, s + len(before), s, e)
            for a in after.finditer(doc.text, s, e):
                group = 1 if a.group(1) is not None else 2
                inner = a.group(group).strip()
                if long_form(short, inner) == 0:  # the bracket's whole text, its first word first
                    start = a.start(group) + a.group(group).index(inner)
                    return Described(hit, doc, start, start + len(inner), s, e)
    return None
