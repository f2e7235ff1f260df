"""What an option does, as a list of options says it on the option's line: "-E: ignores environment variables;"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rag.answer.calls import called_words
from rag.answer.definitions import asks_definition
from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.answer.options import asked_option
from rag.answer.terms import described_end
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

# An option's line in a list of options, its description after a colon or a dash, maybe past its argument's name:
# "-E: ignores environment variables;", "-e stat: executes string stat;", "-v  – prints version information", "-c :
# only performs …" (HAProxy's); or in a column of its own, as manual pages set it ("-f     Flush the queue: …"); the
# option's other names beside it ("--sw, --stepwise      Exit on test failure …" of pytest's help); or alone on its
# line, its description opening the next, as a definition list sets them ("-t --test" over "Check integrity of the
# specified file(s), but don't decompress them.", bzip2's manual)
_LISTED = (
    r"^[ \t]*(?:--?[\w-]+(?:,[ \t]*|[ \t]+))*{}(?:(?:,[ \t]*|[ \t]+)--?[\w-]+)*(?:[ \t]+[\w<>\[\]=.-]+)?"
    r"(?:(?:[ \t]?:|[ \t]+[—–-])[ \t]+|[ \t]{{2,}}|[ \t]*\n[ \t]*(?=[A-Z][a-z]))"
    r"(?P<said>\S[^\n]*?)(?P<stop>[;.]?)[ \t]*$"
)

# A plain name's line, in a list of such lines (`_ITEM`, one beside it past a blank line at most): Mako's built-in
# filters, "trim : whitespace trimming, provided by string.strip()" below "x : XML escaping"
_PLAIN_LISTED = r"^[ \t]*{}[ \t]*(?::|[ \t][—–-])[ \t]+(?P<said>\S[^\n]*?)(?P<stop>[;.]?)[ \t]*$"
_ITEM = re.compile(
    r"[ \t]*[\w.<>-]+(?:[ \t][\w.<>-]+){0,2}[ \t]*(?::|[ \t][—–-])[ \t]+\S"
)  # "decode.<some encoding> : …"


class _Asked(NamedTuple):
    line: re.Pattern[str]  # the asked name's line in its list
    words: set[str]  # the question's other words
    plain: bool  # a plain name's, not an option's: its line must be in a list of such lines


def listed_option(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking what the one option it names does, the description on that option's line in a list of
    options (`_LISTED`, the option's case kept: "-e" is not "-E"), quoted by its line: "ignores environment
    variables" for "What does the -E option of lua do?". Of the passages that have one, the one that, with its
    page's title, holds the most of the question's other words (the command's own list, where several commands list
    the option), the best ranked of those. None otherwise."""
    if (asked := _asked(question)) is None:
        return None
    found = []
    for order, (hit, doc) in enumerate(passages):
        if m := _line(asked, doc.text, hit.start, hit.end):
            line, end, stop = m.start(), m.end("said"), m.end()  # the option's line, over its description's
            if not m.group("stop"):  # its last sentence, over the lines its hanging indent wraps it onto
                stop = next((b for a, b in passage_sentences(doc, hit) if a < m.end("said") <= b), stop)
                indent = len(m.group(0)) - len(m.group(0).lstrip())
                stop = max(stop, described_end(doc.text, indent, m.start("said"), m.end()))
                end = max(end, stop - (doc.text[stop - 1] in ".;"))
            shared = len(asked.words & set(tokenize(f"{doc.title}\n{hit.text}")))  # "of lua": the command's own list
            found.append((-shared, order, Described(hit, doc, m.start("said"), end, line, max(stop, m.end()))))
    return min(found, key=lambda f: f[:2])[2] if found else None


def listed_passage(
    question: str, hits: list[Hit], below: list[Hit], deeper: Callable[[], list[Hit]] | None = None
) -> list[Hit]:
    """For a question `listed_option` answers, the passage `below` holding the option's line that, with its page's
    title, holds the most of the question's other words (the best ranked of those), when none of `hits` holds one:
    "What does the -f option of postqueue do?" reads postqueue's list of options, fifth by fused rank; when none
    `below` does either, such a passage of retrieval's deeper search (`deeper`, none of `hits`): HAProxy's "-D : start
    as a daemon …" for "What does the -D option of haproxy do?", 18th of its best 300 and none of its best 50, one
    letter being no word of the sparse index; else none."""
    if (asked := _asked(question)) is None or any(_line(asked, h.text, 0, len(h.text)) for h in hits):
        return []
    found = _holding(asked, below)
    if not found and deeper is not None:
        read = {h.chunk_id for h in hits}
        found = _holding(asked, [h for h in deeper() if h.chunk_id not in read])
    return [min(found, key=lambda f: f[:2])[2]] if found else []


def _holding(asked: _Asked, hits: list[Hit]) -> list[tuple[int, int, Hit]]:
    """Those of `hits` holding the option's line, each with minus how many of the question's other words it holds
    with its page's title, and its rank."""
    return [
        (-len(asked.words & set(tokenize(f"{h.title}\n{h.text}"))), h.rank, h)
        for h in hits
        if _line(asked, h.text, 0, len(h.text))
    ]


def _line(asked: _Asked, text: str, start: int, end: int) -> re.Match[str] | None:
    """The first line of text[start:end] that is the asked name's in its list."""
    return next((m for m in asked.line.finditer(text, start, end) if not asked.plain or _in_list(text, m)), None)


def _in_list(text: str, m: re.Match[str]) -> bool:
    """Whether the line `m` matched has an item of a list (`_ITEM`) right above or below it, past a blank line at
    most."""
    line, end = m.start(), text.find("\n", m.start())
    below = len(text) if end == -1 else end + 1
    if _ITEM.match(text, below + (text.startswith("\n", below))):
        return True
    above = text.rfind("\n", 0, max(0, line - 1)) + 1
    if line > 0 and not text[above:line].strip():  # a blank line: the line above it
        above = text.rfind("\n", 0, max(0, above - 1)) + 1
    return line > 0 and _ITEM.match(text, above) is not None


def _asked(question: str) -> _Asked | None:
    """For a question asking what the one option it names does (`_LISTED`), or the one name it calls by its kind
    ("the n filter", `_PLAIN_LISTED`), that name's line; else None."""
    if not asks_definition(question):
        return None
    if (name := asked_option(question, "")) is not None:
        line, plain = _LISTED.format(re.escape(name)), False
    elif len(called := called_words(question)) == 1:
        name = called[0]
        line, plain = _PLAIN_LISTED.format(re.escape(name)), True
    else:
        return None
    return _Asked(re.compile(line, re.MULTILINE), set(tokenize(question.replace(name, " "))), plain)
