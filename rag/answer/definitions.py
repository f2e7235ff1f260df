"""A question asking what a term it names is or does is answered with the sentence of its entry that says so."""

from __future__ import annotations

import re

from rag.answer.defaults import asks_default
from rag.answer.entries import describing
from rag.answer.extent import is_definition_line
from rag.answer.terms import bare_name, named_terms

# "What does the globstar option do?", "What does PPID hold?", "What does attrs.has check?"; not what setting it to
# a value does ("What does setting PIP_CONFIG_FILE to os.devnull do?": a sentence further on says, not its description)
_DOES = re.compile(
    r"^\s*what\s+does\s+(?:(?!\s+to\s).)+?\s+(?:do|mean|hold|contain|set|control|specify|return|represent|store|"
    r"determine|define|affect|change|indicate|provide|check|validate|configure|enable|disable|allow|stand\s+for)"
    r"(?:\s+(?:in|on|with)\s+[^?]+)?\s*\?\s*$",
    re.IGNORECASE,
)
# "What is WORDCHARS?", "What is the PPID variable?", "What is the zsh option AUTO_CD?", "What is os.sep used for?";
# not "What is the default CMAKE_INSTALL_PREFIX on UNIX?" nor "What is CMAKE_VERBOSE_MAKEFILE initialized to?"
_KIND = (
    r"(?:option|flag|setting|parameter|variable|command|function|method|class|property|attribute|directive|macro"
    r"|module|keyword|field|hook|pragma)"
)
_IS = re.compile(
    rf"^\s*what\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+{_KIND}\s+|{_KIND}\s+)?[^\s?]+(?:\s+{_KIND})?"
    r"(?:\s+used)?(?:\s+for)?(?:\s+(?:in|on)\s+[^\s?]+)?\s*\?\s*$",
    re.IGNORECASE,
)


_RETURN = re.compile(r"\breturn(?:s|ed)?\b", re.IGNORECASE)

# A term and the dash or colon after it, its description next on the line: "$SD_EVENT_PROFILE_DELAYS=1 — if set, …"
_INLINE_HEAD = re.compile(r"\$?([A-Za-z_][\w.-]*)(?:=\S*)?(?:[ \t]+[—–-]|:)[ \t]+")


def asks_definition(question: str) -> bool:
    """Whether `question` asks what the thing it names is or does (its entry's description answers it)."""
    return bool(_DOES.match(question) or _IS.match(question)) and not asks_default(question)


def asks_return(question: str) -> bool:
    """Whether `question` asks what a term returns ("What does av_get_packet return on success?")."""
    return bool(_RETURN.search(question))


def definition(text: str, start: int, end: int, floor: int, sentences: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the answer to such a question is, for a span [start, end) in the entry of the term it names: the first
    sentence of the entry's description when the span is in its first paragraph (the reader may mark "500" of
    "The shell sets the default value to 500" for "What does HISTSIZE set?", or "If set" alone); else the
    sentences the span touches, from after the term that heads its line ("if set, …" of "$SD_EVENT_PROFILE_DELAYS=1
    — if set, …"). Never a term line. `sentences`: the passage's (`extent.passage_sentences`), whose
    text starts at `floor`; None when none holds the answer."""
    lines = describing(text, start, floor, bare=True)
    if lines is not None:
        start = end = lines[-1][1] + 1  # where the description starts
    said = [(a, b) for a, b in sentences if a < max(end, start + 1) and start < b and not _term_line(text[a:b])]
    if not said:
        return None
    head = _INLINE_HEAD.match(text, said[0][0], said[-1][1])  # "$SD_EVENT_PROFILE_DELAYS=1 — " of its entry's line
    return (head.end() if head and named_terms(head.group(1)) else said[0][0]), said[-1][1]


def _term_line(sentence: str) -> bool:
    return is_definition_line(sentence.strip()) or bare_name(sentence) is not None
