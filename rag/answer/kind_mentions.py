"""A name a sentence calls by the kind the question asks for, where that sentence says what the question asks:
"FLASK_SKIP_DOTENV" of Flask's "You can tell Flask not to load dotenv files … by setting the FLASK_SKIP_DOTENV
environment variable." for "Which environment variable disables loading of dotenv files?"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answer.candidates import Candidate
from rag.answer.commands import asks_how
from rag.answer.extent import holding_sentences, passage_sentences
from rag.answer.shapes import asked_shape, has_shape
from rag.models import Document, Hit

# A name and the kind word right after it ("the FLASK_SKIP_DOTENV environment variable", "the --exclude-patterns
# option"), or before it ("the option --pdb", "the variable $HOME"), for each shape a question may ask for
_KIND_WORDS = {"variable": "variable", "option": "option|flag|switch", "setting": "setting|option|parameter|key|value"}
_NAME = r"(?P<name>[^\s,;:()\"'“”‘’`]+)"


def _mentions(kind_words: str) -> tuple[re.Pattern[str], ...]:
    """A name before its kind's words, and one after them (apart: "the option --pdb" is both)."""
    before = rf"(?<![\w-]){_NAME}[ \t]+(?:environment[ \t]+|config(?:uration)?[ \t]+)?(?:{kind_words})\b"
    return re.compile(before), re.compile(rf"\b(?:{kind_words})[ \t]+{_NAME}")


_MENTIONS = {shape: _mentions(words) for shape, words in _KIND_WORDS.items()}
MENTION_SHARE = 0.6  # the sentence holds at least this share of the question's idf mass
MENTION_MARGIN = 0.2  # and this much more than the answer's quote
LOOSE_SHARE = 0.15  # … or, `loose`, at least this share and more than the quote of an answer of no such shape
REST_SHARE = 0.05  # … and at least this without the name and its kind's words
HOW_SHARE = 0.5  # the reader's own quote, naming the option, holds this share of a how-question's idf mass


def kind_mention(
    question: str,
    first: Candidate,
    overlap: Callable[[str], float],
    passages: Sequence[tuple[Hit, Document]],
    loose: bool = False,
) -> Candidate | None:
    """When the question asks for a name of a shape (`shapes.asked_shape`: a variable, an option, a setting), the
    one name of that shape a sentence of `passages` calls by the kind asked, where that sentence covers the question
    best by `overlap`, MENTION_SHARE or more: the answer `first` itself when it is that name (as sure as a worded
    answer: "--pdb" of doit's "If the option --pdb is used, a post-mortem debugger will be launched.", which the
    reader's confidence alone abstained on); else, when `first` has no such shape, that name, if its sentence covers
    MENTION_MARGIN more than `first`'s quote, quoted by it. `loose` (no answer as sure as a worded one): that name
    where its sentence covers LOOSE_SHARE or more and more than `first`'s quote, and its words other than the name
    and its kind's cover REST_SHARE ("FLASK_SKIP_DOTENV" of "… by setting the FLASK_SKIP_DOTENV environment
    variable." for "I have python-dotenv installed but I don't want the flask command to read my .env files on
    startup. What environment variable turns that off?", a share of 0.21, where the reader answered "pip", 0.14; not
    for "Which environment variable sets the server's port?", of which it says "environment" alone). None
    otherwise."""
    shape = asked_shape(question)
    if shape is None and asks_how(question):  # loose, after the strict call, which read the quote for it already
        return None if loose else _how_mention(first, overlap)
    if shape not in _MENTIONS:
        return None
    found: tuple[float, Candidate] | None = None
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            spans = {m.span("name"): m.span() for p in _MENTIONS[shape] for m in p.finditer(doc.text, s, e)}
            names = {(a, b) for a, b in spans if has_shape(doc.text[a:b], shape)}
            if len(names) != 1:
                continue
            (a, b), (q_start, q_end) = names.pop(), holding_sentences(doc, hit, s, e)
            m_start, m_end = spans[(a, b)]  # loose, the rest of the sentence says some of what the question asks
            if (share := overlap(doc.text[s:e])) <= (found[0] if found else 0.0) or (
                loose and overlap(doc.text[s:m_start] + " " + doc.text[m_end:e]) < REST_SHARE
            ):
                continue
            found = (share, replace(first, hit=hit, doc=doc, start=a, end=b, quote_start=q_start, quote_end=q_end))
    if found is None or found[0] < (LOOSE_SHARE if loose else MENTION_SHARE):
        return None
    mention = found[1]
    if (mention.doc.id, mention.start, mention.end) == (first.doc.id, first.start, first.end):
        return None if loose else first
    said = overlap(first.doc.text[first.quote_start : first.quote_end])
    if has_shape(first.text, shape):
        return None
    return mention if found[0] > said and (loose or found[0] >= said + MENTION_MARGIN) else None


def _how_mention(first: Candidate, overlap: Callable[[str], float]) -> Candidate | None:
    """For a question asking how to do something, the one option or variable the answer `first`'s own quote calls by
    its kind, where that quote covers the question, MENTION_SHARE or more: "--exclude-patterns" of Flask's "The
    reloader can also ignore files using fnmatch patterns with the --exclude-patterns option." for "How do I make the
    reloader ignore files?", where the reader had answered "using fnmatch patterns" (a share of 0.51: "make" unsaid).
    None otherwise."""
    text, lo, hi = first.doc.text, first.quote_start, first.quote_end
    if overlap(text[lo:hi]) < HOW_SHARE:
        return None
    names = {
        m.span("name")
        for shape in ("option", "variable")
        for p in _MENTIONS[shape]
        for m in p.finditer(text, lo, hi)
        if has_shape(m.group("name"), shape)
    }
    if len(names) != 1:
        return None
    a, b = names.pop()
    return None if (a, b) == (first.start, first.end) else replace(first, start=a, end=b)
