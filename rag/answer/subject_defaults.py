"""A default a paragraph states of its subject ("The garbage-collector step multiplier controls … The default is 200.")
answers a question asking that subject's default."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.defaults import asks_default, fits_asked, stated_defaults
from rag.answer.extent import is_definition_line, passage_sentences
from rag.answer.headed import Described
from rag.answer.named_defaults import saying_start
from rag.ingest.sentences import BLANK_LINE, CELL
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

PARAGRAPH_REACH = 2000  # characters at most read up from a default to its paragraph's start
# the question's words, and the kinds a default is said of ("its default argument of None"), never its subject's
_ASKING = frozenset(tokenize("what which how many much does did default value values setting argument parameter"))
_OR = re.compile(r"\s+or\s")  # after a value: an alternative to it ("The default increment is 1 or -1 as appropriate.")
# No value but what is done ("to connect to localhost", "using pickle") or another setting's name ("SESSION_COOKIE_AGE")
_INDENT = re.compile(r"[ \t]*")
_ITEM_MARKS = " \t*-•“\"'`"  # what may come before an item's value
_ITEM = re.compile(r"[*•-]?\s*[“\"'`]?[\w.-]+[”\"'`]?(?:\s*\([^()\n]*\))?:\s")  # "append: …", "prepend (default): …"
_NO_VALUE = re.compile(r"(?:to|[a-z]{2,}ing)\s|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")


def subject_default(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking a default, the one default a sentence states whose paragraph (with the term line
    heading it: `_paragraph_start`), up to the value, holds all of the question's words (two at least), in the first
    of `passages` that has one, quoted by its sentence: "200" of Lua's "The garbage-collector step multiplier controls
    the relative speed of the collector … The default is 200, …" for "What is the default step multiplier of the
    garbage collector?" (the reader had answered "pause", of the sentence before). The words between "default" and
    the value must be the question's ("The default value for sep is …" answers only a question naming sep); a
    sentence stating several defaults answers none, nor one stating alternatives ("1 or -1"), what is done ("the
    default is to connect to localhost") or another setting's name ("Defaults to SESSION_COOKIE_AGE."). None when no
    sentence does."""
    asked = set(tokenize(question)) - _ASKING if asks_default(question) else set()
    if len(asked) < 2:
        return None
    for hit, doc in passages:
        text = doc.text
        for s, e in passage_sentences(doc, hit):
            stated = stated_defaults(text, s, e)
            value = text[stated[0].start : stated[0].end] if len(stated) == 1 else ""
            if not value or _NO_VALUE.match(value) or _OR.match(text, stated[0].end) or not fits_asked(question, value):
                continue  # none, no value, one of alternatives ("1 or -1"), or not what is asked
            d = stated[0]
            said = saying_start(text, s, d.start)
            if not set(tokenize(text[said : d.start])) - _ASKING <= asked:
                continue  # a default said of another subject: "The default value for sep is …"
            start = _paragraph_start(text, s)
            if not text[start : d.start].strip(_ITEM_MARKS):  # the value heads a list's item: "prepend (default): …"
                start = _list_intro(text, start)
            paragraph = set(tokenize(text[start : d.start]))
            if asked <= paragraph:
                return Described(hit, doc, d.start, d.end, s, e)
    return None


def _paragraph_start(text: str, s: int) -> int:
    """Where the paragraph holding the sentence at `s` starts (at most PARAGRAPH_REACH up, maybe above the passage),
    or the term line heading it, a paragraph of its own right above it ("string.rep (s, n [, sep])"); in a list of
    entries with no blank line between them, the entry's (`_entry_start`); a table's row's, the row's."""
    line = text.rfind("\n", 0, s) + 1
    if CELL in text[line : (end if (end := text.find("\n", s)) != -1 else len(text))]:
        return line  # a table's row is its own entry: "Option: stonith-action | Default: reboot | …"
    floor = max(0, s - PARAGRAPH_REACH)
    blanks = list(BLANK_LINE.finditer(text, floor, s))
    start = blanks[-1].end() if blanks else floor
    above = blanks[-2].end() if len(blanks) > 1 else floor
    if (entry := _entry_start(text, start, s)) > start:
        return entry
    return above if blanks and is_definition_line(text[above : blanks[-1].start()]) else start


def _list_intro(text: str, item: int) -> int:
    """Where the paragraph introducing the list whose item starts at `item` starts, past the items above it (each
    "value: …"): pytest's "Some aspects of the import process can be controlled through the --import-mode
    command-line flag, which can assume these values:" over "prepend (default): …"; `item` when none is right above
    it."""
    floor = max(0, item - PARAGRAPH_REACH)
    starts = [item] + [m.end() for m in reversed(list(BLANK_LINE.finditer(text, floor, item))) if m.end() < item]
    starts += [floor] if starts[-1] > floor else []
    for end, start in zip(starts, starts[1:]):
        paragraph = text[start:end].rstrip()
        if paragraph.endswith(":"):
            return start
        if not _ITEM.match(paragraph):
            return item
    return item


def _entry_start(text: str, start: int, s: int) -> int:
    """Where the entry holding `s` starts in a paragraph from `start`: the nearest line at or above its own that
    hangs over deeper lines, as a command's help lists its settings ("  console_output_style (string):" over
    "                        Console output: …" and "  xfail_strict (bool):  Default for … (default: False)"), or
    its own line when that is a term line below others' entries (Postfix's TUNING_README: "maximal_backoff_time
    (default: 4000 seconds)" / "The maximal amount of time …" / "qmgr_message_recipient_limit (default: 20000)");
    `start` in prose, whose lines are indented alike."""
    line = text.rfind("\n", start, s) + 1 or start
    own_end, above = text.find("\n", s), text.rfind("\n", start, line - 1) + 1 or start
    if (
        line > start
        and _indent(text, line) <= _indent(text, above)  # no line wrapped: "    when not given … (default: False)"
        and is_definition_line(text[line : len(text) if own_end == -1 else own_end].strip())
    ):
        return line  # a term line of its own in a list of entries: "qmgr_message_recipient_limit (default: 20000)"
    while True:
        end = text.find("\n", line)
        if (
            end != -1
            and _indent(text, line) < _indent(text, end + 1)
            and text[end + 1 : text.find("\n", end + 1)].strip()
        ):
            return line
        if line <= start:
            return start
        line = text.rfind("\n", start, line - 1) + 1 or start


def _indent(text: str, line: int) -> int:
    return len(_INDENT.match(text, line).group(0))  # type: ignore[union-attr]
