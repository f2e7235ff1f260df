"""A question asking for the default of a term it names is answered by the default the term's entry states of it."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from rag.answer.defaults import Default, asks_default, fits_asked, stated_defaults
from rag.answer.entries import entry_lines, passage_entries
from rag.answer.headed import Described
from rag.answer.terms import bare_names, named_terms, term_line
from rag.ingest.readers import lines_are_blocks
from rag.ingest.sentences import BLANK_LINE, sentence_spans
from rag.models import Document, Hit

LIST_ITEM_WORDS = 4  # a value listed under an entry's description says at most this many words: "“PNG” (default)"
PARAGRAPH_REACH = 1000  # characters at most read past a passage's end to its paragraph's
_ITEM_HEAD = re.compile(r"[“\"'`]?([\w.-]+)[”\"'`]?(?::|\s+[-–—]|\s)")  # "classic: …", "“PNG” (default)"
_VALUE_QUOTES = re.compile(r"[“”\"'`]")
_DEFAULT = re.compile(r"\b[Dd]efault")  # the word, not a constant's name ("DEFAULT_REDIRECT_LIMIT")


def named_default(question: str, passages: Sequence[tuple[Hit, Document]], known: Container[str]) -> Described | None:
    """The default the entry of the term `question` names states of that term ("try" of PostgreSQL's
    "huge_pages (enum)" / "… Valid values are try (the default), on, and off. … On Linux, it is only supported
    when shared_memory_type is set to mmap (the default).", for "What is the default huge_pages setting?", where
    the reader read "mmap"), quoted by the sentence stating it: in the first of `passages` whose stretches in the
    term's entry (`entries.passage_entries`) state one default of it (`own_defaults`); the term a dotted name or an
    option, or a bare name the reader's vocabulary (`known`) lacks (`terms.bare_names`: Readline's "keyseq-timeout").
    First, a named term's line stating its default in its note (`_noted_default`). None when the question asks for
    no default or names no term, and when that passage's entry states several."""
    if not asks_default(question):
        return None
    terms, names = named_terms(question), bare_names(question, [hit.text for hit, _ in passages], known)
    if not (terms or names):
        return None
    own = term_line(terms) if terms else None  # a named term's own line, compiled once for all passages
    for hit, doc in passages:
        if own and (noted := _noted_default(question, doc.text, hit.start, hit.end, own)):
            return Described(hit, doc, *noted)
        end = _paragraph_end(doc.text, hit.end)  # an entry the passage cuts is read to its paragraph's end
        regions = passage_entries(doc, hit.start, end, terms, names, frozenset())
        found = [
            (d, s, e)
            for s, e in sentence_spans(doc.text, hit.start, end, lines_are_blocks(doc.source))
            if any(a <= s < b for a, b in regions)
            for d in own_defaults(doc.text, s, e, bool(names))
            if fits_asked(question, doc.text[d.start : d.end])
        ]
        if len({doc.text[d.start : d.end] for d, _, _ in found}) == 1:
            d, s, e = found[0]
            return Described(hit, doc, d.start, d.end, s, e)
        if found:
            return None
    return None


def _noted_default(
    question: str, text: str, lo: int, hi: int, own: re.Pattern[str]
) -> tuple[int, int, int, int] | None:
    """The default that a term line of `own` (`terms.term_line`) in text[lo:hi] states in its note, alone on its
    line, as `question` asks it: "88" of "g:black_linelength (defaults to 88)" (Black's Vim plugin), quoted by the
    line."""
    for m in own.finditer(text, lo, hi):
        stated = stated_defaults(text, m.start(), m.end())
        if len(stated) == 1 and fits_asked(question, text[stated[0].start : stated[0].end]):
            return stated[0].start, stated[0].end, m.start(), m.end()
    return None


def _paragraph_end(text: str, end: int) -> int:
    """Where the paragraph that a passage ending at `end` cuts ends, at most PARAGRAPH_REACH on; `end` when none."""
    if end >= len(text) or text[end - 1 : end + 1].count("\n") or BLANK_LINE.match(text, end):
        return end
    gap = BLANK_LINE.search(text, end, min(len(text), end + PARAGRAPH_REACH))
    return gap.start() if gap else end


def own_defaults(text: str, s: int, e: int, bare: bool = False) -> list[Default]:
    """The defaults the sentence text[s:e] states of its entry's term, in the first paragraph of the entry's
    description, right under the term line: not one it states of another term it names before the value
    ("… when shared_memory_type is set to mmap (the default)." under "huge_pages (enum)"), nor what paragraphs further
    down say of the term's use ("… when the default is the opposite, issue SET LOCAL synchronous_commit TO OFF …"),
    but for the values a list right below its first paragraph gives (`_listed_value`), and a value of that list's
    that the paragraph right after it states is the default (`_listed_choices`).
    `bare`: the term line may be a bare name's (`entries.entry_lines`)."""
    if (lines := entry_lines(text, s, bare=bare)) is None:
        return []
    own = {t for a, b in lines for t in named_terms(text[a:b])}
    stated = [d for d in stated_defaults(text, s, e) if not named_terms(text[s : saying_start(text, s, d.start)]) - own]
    term_end = lines[-1][1]
    if not BLANK_LINE.search(text, term_end, s) or _listed_value(text, term_end, s):
        return stated
    choices = _listed_choices(text, term_end, s)
    return [d for d in stated if _VALUE_QUOTES.sub("", text[d.start : d.end]).lower() in choices]


def saying_start(text: str, s: int, value: int) -> int:
    """Where the words saying a default is (its value at `value`) begin: "defaults to" before a constant's name and
    its value ("… to requests.models.DEFAULT_REDIRECT_LIMIT, which is 30."), else the value."""
    return max((m.start() for m in _DEFAULT.finditer(text, s, value)), default=value)


def _listed_choices(text: str, term_end: int, s: int) -> frozenset[str]:
    """The values, lower-cased, that a list introduced by the first paragraph under the term line ending at
    `term_end` names at its items' starts, when the paragraph holding `s` comes right after the list: pytest's
    "console_output_style" / "Sets the console output style while running tests:" / "classic: classic pytest output."
    / "progress: like classic pytest output, but with a progress indicator." / "count: …" / "The default is progress,
    …". None otherwise (a list of one item is none)."""
    first = BLANK_LINE.search(text, term_end, s)
    if first is None or not text[term_end : first.start()].rstrip().endswith(":"):
        return frozenset()
    items = BLANK_LINE.split(text[first.end() : s])[:-1]  # the last is the paragraph holding `s`
    heads = [_ITEM_HEAD.match(item) for item in items]
    return frozenset(h.group(1).lower() for h in heads if h) if len(items) > 1 and all(heads) else frozenset()


def _listed_value(text: str, term_end: int, s: int) -> bool:
    """Whether the sentence at `s` is an item of the list of values that the first paragraph under the term line
    ending at `term_end` introduces with a colon, one short item a paragraph: Pygments' "image_format" / "An image
    format to output to …, these include:" / "“PNG” (default)" / "“JPEG”"."""
    first = BLANK_LINE.search(text, term_end, s)
    if first is None or not text[term_end : first.start()].rstrip().endswith(":"):
        return False
    items = BLANK_LINE.split(text[first.end() : text.find("\n", s) if "\n" in text[s:] else len(text)])
    return all(0 < len(item.split()) <= LIST_ITEM_WORDS for item in items)
