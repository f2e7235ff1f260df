"""A question asking for the default of a term it names is answered by the default the term's entry states of it."""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.defaults import asks_default, fits_asked, stated_defaults
from rag.answer.entries import entry_lines, passage_entries
from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.answer.terms import named_terms
from rag.ingest.sentences import BLANK_LINE
from rag.models import Document, Hit


def named_default(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The default the entry of the term `question` names states of that term ("try" of PostgreSQL's
    "huge_pages (enum)" / "… Valid values are try (the default), on, and off. … On Linux, it is only supported
    when shared_memory_type is set to mmap (the default).", for "What is the default huge_pages setting?", where
    the reader read "mmap"), quoted by the sentence stating it: in the first of `passages` whose stretches in the
    term's entry (`entries.passage_entries`) state one default of it in the description's first paragraph. A default stated
    of another term, which its sentence names before the value ("shared_memory_type is set to mmap"), is not the
    term's. None when the
    question asks for no default or names no term, and when that passage's entry states several defaults."""
    terms = named_terms(question)
    if not terms or not asks_default(question):
        return None
    for hit, doc in passages:
        regions = passage_entries(doc, hit.start, hit.end, terms, frozenset(), frozenset())
        found = [
            (d, s, e)
            for s, e in passage_sentences(doc, hit)
            if any(a <= s < b for a, b in regions) and _first_paragraph(doc.text, s)
            for d in stated_defaults(doc.text, s, e)
            if not named_terms(doc.text[s : d.start]) - terms and fits_asked(question, doc.text[d.start : d.end])
        ]
        if len({doc.text[d.start : d.end] for d, _, _ in found}) == 1:
            d, s, e = found[0]
            return Described(hit, doc, d.start, d.end, s, e)
        if found:
            return None
    return None


def _first_paragraph(text: str, pos: int) -> bool:
    """Whether `pos` is in the first paragraph of its entry's description, right under the term line: what the entry
    says of the term, where paragraphs further down say more of its use ("… when the default is the opposite, issue
    SET LOCAL synchronous_commit TO OFF …")."""
    lines = entry_lines(text, pos)
    return lines is not None and not BLANK_LINE.search(text, lines[-1][1], pos)
