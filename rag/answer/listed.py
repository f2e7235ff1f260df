"""What an option does, as a list of options says it on the option's line: "-E: ignores environment variables;"."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple

from rag.answer.calls import called_words
from rag.answer.definitions import asks_definition
from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.answer.options import asked_option
from rag.answer.rows import title_share
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
    r"^(?:{alias}[ \t]*\n)*[ \t]*(?:--?[\w-]+(?:,[ \t]*|[ \t]+))*{name}(?:(?:,[ \t]*|[ \t]+)--?[\w-]+)*"
    r"(?:[ \t]+[\w<>\[\]=.-]+|(?=[=\[])\S+)?(?:[ \t]*\n{alias})*"
    r"(?:(?:[ \t]?:|[ \t]+[—–-])[ \t]+|[ \t]{{2,}}|[ \t]*\n[ \t]*(?=[A-Z][a-z]))"
    r"(?P<said>\S[^\n]*?)(?P<stop>[;.]?)[ \t]*$"
)

# An option's other name on a line of its own, above or below it, as Texinfo's manuals list them ("-C lines" over
# "--context[=lines]" over "Use the context output format, …", GNU diff's)
_ALIAS = r"[ \t]*--?[\w-]+(?:[ \t]+[\w<>\[\]=.-]+|(?=[=\[])\S+)?"

_SEE = re.compile(r"\.\s+See\s")  # a description's closing cross-reference, as Texinfo's manuals write them

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
    name: str  # the name asked, as the question writes it


def listed_option(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking what the one option it names does, the description on that option's line in a list of
    options (`_LISTED`, the option's case kept: "-e" is not "-E"), quoted by its line: "ignores environment
    variables" for "What does the -E option of lua do?". Of the passages that have one, the one on the page whose
    title the question names most (`rows.title_share`: "Invoking diff", not patch's), then that, with its page's
    title, holds the most of the question's other words (the command's own list, where several commands list the
    option), the best ranked of those. None otherwise."""
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
            if see := _SEE.search(doc.text, m.start("said"), end):
                end = see.start()  # not its cross-reference: "… not the details of the differences. See Summarizing …"
            shared = len(asked.words & set(tokenize(f"{doc.title}\n{hit.text}")))  # "of lua": the command's own list
            said = Described(hit, doc, m.start("said"), end, line, max(stop, m.end()))
            found.append((-title_share(question.replace(asked.name, " "), doc.title), -shared, order, said))
    return min(found, key=lambda f: f[:3])[3] if found else None


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
    read = {h.chunk_id for h in hits}
    found = titled(question, below, lambda text: _line(asked, text, 0, len(text)) is not None, deeper, read, asked.name)
    return [min(found, key=lambda h: (-title_share(question, h.title), -_shared(asked, h), h.rank))] if found else []


def _shared(asked: _Asked, hit: Hit) -> int:
    """How many of the question's other words `hit` holds with its page's title."""
    return len(asked.words & set(tokenize(f"{hit.title}\n{hit.text}")))


def titled(
    question: str,
    hits: list[Hit],
    holds: Callable[[str], bool],
    deeper: Callable[[], list[Hit]] | None = None,
    read: Collection[int] = (),
    name: str = "",
) -> list[Hit]:
    """Those of `hits` whose text `holds` the line asked, those on a page whose title the question names first, its
    `name` asked aside ("What does the --context option of diff do?": "Invoking diff", not patch's; not "Coverage.py"
    for a question naming coverage.py); when none is, with those of retrieval's deeper search (`deeper`, none `read`)
    that are (diff's, 42nd by fused rank, below patch's 25th), or when none of `hits` holds one at all, any of those
    that does."""
    question = question.replace(name, " ") if name else question
    found = [h for h in hits if holds(h.text)]
    if deeper is not None and not any(title_share(question, h.title) for h in found):
        seen = {*read, *(h.chunk_id for h in found)}
        more = [h for h in deeper() if h.chunk_id not in seen and holds(h.text)]
        found += [h for h in more if not found or title_share(question, h.title)]
    return sorted(found, key=lambda h: -title_share(question, h.title))


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
        line, plain = _LISTED.format(name=re.escape(name), alias=_ALIAS), False
    elif len(called := called_words(question)) == 1:
        name = called[0]
        line, plain = _PLAIN_LISTED.format(re.escape(name)), True
    else:
        return None
    return _Asked(re.compile(line, re.MULTILINE), set(tokenize(question.replace(name, " "))), plain, name)
