"""A question asking for a term by what it does is answered by the entry whose description says so in the question's
own words, when the reader answered with another: "-y" of "-y (global)" / "Overwrite output files without asking."
for "Which ffmpeg option overwrites output files without asking?", not "-n" of "Do not overwrite output files …"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answer.candidates import Candidate
from rag.answer.entries import entry_term
from rag.answer.extent import holding_sentences, is_definition_line, passage_sentences
from rag.answer.rows import kind_cell, row_words, table_kinds, table_rows
from rag.models import Document, Hit

WORDED_SHARE = 0.6  # an entry's description and term line hold at least this share of the question's idf mass,
WORDED_MARGIN = 0.3  # and this much more than the reader's answer and the sentence it read it from


def worded_entry(
    question: str,
    cands: list[Candidate],
    best: int,
    first: Candidate,
    overlap: Callable[[str], float],
    passages: Sequence[tuple[Hit, Document]] = (),
) -> Candidate | None:
    """The term of the entry, among the passages the candidates come from, whose description sentence and term
    line, with its page's title ("postqueue" of "Which postqueue option lists the mail queue?" is the title's
    alone), cover the question best by `overlap` (its share of the question's idf mass), or of a table's row in
    `passages` whose cell in the column named for the kind asked is the term (`rows.kind_cell`: its key cell, or
    another's, "<kill-word>" for "Which function …?"; the row and its page's title, `rows.row_words`), when
    the question asks for a term by what it does, that cover is WORDED_SHARE or more and beats the answer `first`
    (and the reader's best candidate's sentence) by WORDED_MARGIN, or holds every question word they hold and more
    ("^W" of "Key: ^W | … | Description: kill the word in front of the cursor" for "Which key kills the word in front
    of the cursor?", where the reader answered "<BackSpace>" of "… kill the char in front of the cursor"); its quote
    is the term line down to that sentence, or the row. None otherwise: the reader's answer stands."""
    if not cands or not (kinds := table_kinds(question)):
        return None
    found: tuple[float, Candidate, str] | None = None
    seen = set()
    for c in cands:
        if (c.doc.id, c.hit.start) in seen:
            continue
        seen.add((c.doc.id, c.hit.start))
        text = c.doc.text
        for s, e in passage_sentences(c.doc, c.hit):
            if is_definition_line(text[s:e]) or (term := entry_term(question, text, s, e, c.hit.start)) is None:
                continue
            if term.apart:
                continue  # a term heading its entry apart: its description is quoted apart, as the reader's are
            words = f"{c.doc.title}\n{text[term.line : term.line_end]}\n{text[s:e]}"
            if (share := overlap(words)) > (found[0] if found else -1.0):
                q_start, q_end = (term.line, term.line_end) if term.inline else holding_sentences(c.doc, c.hit, s, e)
                entry = replace(c, start=term.start, end=term.end, quote_start=min(q_start, term.line), quote_end=q_end)
                found = (share, entry, words)
    for hit, doc in passages:  # every passage read: the reader's candidates may all be in a term's entry it names
        for line, line_end, cells in table_rows(doc.text, hit.start, hit.end):
            if (key := kind_cell(cells, kinds)) is None:
                continue
            words = row_words(doc.title, doc.text[line:line_end])
            if (share := overlap(words)) > (found[0] if found else -1.0):
                row = replace(cands[best], hit=hit, doc=doc, start=key.start, end=key.end, quote_start=line)
                found = (share, replace(row, quote_end=line_end), words)
    if found is None or found[0] < WORDED_SHARE:
        return None
    share, entry, words = found
    read = f"{_quote(first)}\n{_quote(cands[best])}"
    answered = max(overlap(_quote(first)), overlap(_quote(cands[best])))
    more = share > answered and overlap(f"{words}\n{read}") <= share  # every question word the answer has, and more
    if (share < answered + WORDED_MARGIN and not more) or entry.text == first.text:
        return None
    return entry


def _quote(c: Candidate) -> str:
    return c.doc.text[c.quote_start : c.quote_end]
