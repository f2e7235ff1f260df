"""What an option does, as its command's entry says it in prose: "If the -l option is supplied, the shell places …"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.ingest.sentences import sentence_spans

_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")  # "-l", "--posix"; not "built-in"
# What opens a sentence saying what an option does, its option named: "If the -l option is supplied, "; "When -n is
# given, "
_CONDITION = re.compile(
    r"(?:If|When|With)\s+(?:the\s+)?(?:{})(?:\s+option)?(?:\s+(?:is|are)\s+(?:supplied|given|used|specified|present))?"
    r"(?:\s+\w+){{0,6}}?,\s+(?=\S)"
)


def asked_option(question: str, name: str) -> str | None:
    """The option `question` names besides the command `name` (lower-cased) whose entry it reads: "-l" of "What does
    the -l option of exec do?"; None when it names none, or several."""
    found = {m.group(0) for m in _OPTION.finditer(question)} - {name}
    return found.pop() if len(found) == 1 else None


def option_sentence(
    option: str, text: str, blocks: Iterable[tuple[int, int, bool]]
) -> tuple[int, int, int, int] | None:
    """In a command's entry, its paragraphs (`blocks`: where each starts and ends in `text`, and whether it is prose),
    the first sentence of its description that names `option` as a word, as (answer start, end, quote start, end):
    the sentence, past the clause naming the option that opens it ("the shell places a dash …" of "If the -l option
    is supplied, the shell places a dash …"), quoted whole. The description is the paragraphs of prose from the
    first on, up to the next that is none (the next entry's heading: "export" below exec's). None when no sentence
    of it names the option."""
    named = re.compile(rf"(?<![\w-]){re.escape(option)}(?![\w-])")
    condition = re.compile(_CONDITION.pattern.format(re.escape(option)))
    described = False
    for lo, hi, prose in blocks:
        if described and not prose:
            return None
        described = described or prose
        for a, b in sentence_spans(text, lo, hi) if prose else ():
            if named.search(text, a, b):
                lead = condition.match(text, a, b)
                return (lead.end() if lead else a), b, a, b
    return None
