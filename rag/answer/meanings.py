"""A question asking what a value means is answered by the sentence saying so: "trouble" of "An exit status of 0
means no differences were found, 1 means some differences were found, and 2 means trouble."."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import passage_sentences
from rag.answer.headed import Described
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

# The values a question may ask the meaning of: a number, or a constant ("A value of None means task will retry
# forever.", Celery's max_retries), or zero
_VALUE = re.compile(r"(?<![\w.-])(?:-?\d{1,6}|None|True|False|null|nil|zero)(?![\w.]|-\w)")
# "What does an exit status of 2 mean?", "What does a threshold value of 0 indicate for FileSystemCache?"
_ASKED = re.compile(r"^\s*what\s+(?:does|do)\s.*\b(?:mean|indicate|signify|denote)\b[^?]*\?\s*$", re.IGNORECASE)
# What a number is said to mean, up to the clause's end: "2 means trouble" of "…, and 2 means trouble.", "0 indicates
# no threshold" of "A threshold value of 0 indicates no threshold."; a list's arrow, "3 => error before task execution
# starts" (doit's exit codes); an aside between ("The value zero (the default) means line-buffered, …", doit's)
_MEANS = (
    r"(?<![\w.-]){}(?:\s+(?:\([^()\n]*\)\s+)?(?:means|indicates|signifies|denotes)\s+|[ \t]*(?:=>|->|→)[ \t]*)"
    r"(?P<said>[^,;.\n]*?[^\s,;.])(?=\s*(?:[,;.]|\s+and\s|$))"
)


def meaning_answer(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question asking what the one value it names (`_VALUE`) means (or indicates), what a sentence of
    `passages` says that value means, quoted by its sentence: of those, the one holding the most of the question's
    words (the first of them, in the order read). None for other questions, and when no sentence says so."""
    keys = set(_VALUE.findall(question))
    if len(keys) != 1 or not _ASKED.match(question):
        return None
    means = re.compile(_MEANS.format(re.escape(next(iter(keys)))))
    words = set(tokenize(question))
    found: list[tuple[int, int, Described]] = []
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            if m := means.search(doc.text, s, e):
                shared = len(words & set(tokenize(doc.text[s:e])))
                found.append((-shared, len(found), Described(hit, doc, m.start("said"), m.end("said"), s, e)))
    return min(found, key=lambda f: f[:2])[2] if found else None
