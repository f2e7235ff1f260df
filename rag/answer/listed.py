"""What an option does, as a list of options says it on the option's line: "-E: ignores environment variables;"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.definitions import asks_definition
from rag.answer.headed import Described
from rag.answer.options import asked_option
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

# An option's line in a list of options, its description after a colon or a dash, maybe past its argument's name:
# "-E: ignores environment variables;", "-e stat: executes string stat;", "-v  – prints version information"
_LISTED = r"^[ \t]*{}(?:[ \t]+[\w<>\[\]=.-]+)?(?::|[ \t]+[—–-])[ \t]+(?P<said>\S[^\n]*?)[;.]?[ \t]*$"


def listed_option(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking what the one option it names does, the description on that option's line in a list of
    options (`_LISTED`, the option's case kept: "-e" is not "-E"), quoted by its line: "ignores environment
    variables" for "What does the -E option of lua do?". Of the passages that have one, the one that, with its
    page's title, holds the most of the question's other words (the command's own list, where several commands list
    the option), the best ranked of those. None otherwise."""
    option = asked_option(question, "")
    if option is None or not asks_definition(question):
        return None
    listed = re.compile(_LISTED.format(re.escape(option)), re.MULTILINE)
    asked = set(tokenize(question.replace(option, " ")))
    found = []
    for order, (hit, doc) in enumerate(passages):
        if m := listed.search(doc.text, hit.start, hit.end):
            line = doc.text.rfind("\n", 0, m.start("said")) + 1
            shared = len(asked & set(tokenize(f"{doc.title}\n{hit.text}")))  # "of lua": the command's own list
            found.append((-shared, order, Described(hit, doc, m.start("said"), m.end("said"), line, m.end())))
    return min(found, key=lambda f: f[:2])[2] if found else None
