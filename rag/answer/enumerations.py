"""The whole list a plural question asks for: a span on some items of "“.behaverc”, “behave.ini”, “setup.cfg” or
“tox.ini”" grows to all of them, when its items are names alike (quoted, code, or a name with its gloss)."""

from __future__ import annotations

import re

# An item of a list of names, by its form: a quoted name, a name written as code ("create_app", "pre_gen_project.py",
# "kombu.pools.set_limit()") or a name and its gloss in brackets ("gh (github)"); a list mixing forms is prose.
_ITEM_FORMS = {
    "typographic": r"“[^“”\n]{1,40}”|‘[^‘’\n]{1,40}’",
    "quoted": r"\"[^\"\n]{1,40}\"|'[^'\n]{1,40}'|`[^`\n]{1,40}`",
    "code": r"[\w+~-]*[_./@][\w.+/@~-]*\w(?:\(\))?|\w+\(\)",
    "glossed": r"[\w.-]+ \([^()\n]{1,30}\)",
}
_ITEM = re.compile("|".join(f"(?P<{form}>{pattern})" for form, pattern in _ITEM_FORMS.items()))
_JOIN = re.compile(r",?[ \t]+(?:and|or)[ \t]+|,[ \t]+")  # ", ", " or ", ", and "
_LAST_JOIN = re.compile(r",?[ \t]+(?:and|or)[ \t]+")
# A question asking for more than one: "What are …", "Which … are …", "What factory function names …"
_ARE = re.compile(r"\b(?:what|which)\b(?:[ \t]+[\w'’-]+){0,4}?[ \t]+(?:are|were)\b", re.IGNORECASE)
# a plural noun ending the "what …" phrase, before the verb that follows it: "names" of "What … names does …"
_PLURAL = re.compile(
    r"\b(?:what|which)[ \t]+(?:[\w-]+[ \t]+){0,3}?[\w-]{2,}[^\Wsiu]s[ \t]+(?:do|does|did|can|could|should|must|will)\b",
    re.IGNORECASE,
)


def asks_several(question: str) -> bool:
    """Whether a question asks for several things: "What are …?", "Which abbreviations are …?", "What factory
    function names does …?" (not "Which class handles …?": the verb's "s" is no plural)."""
    return bool(_ARE.search(question) or _PLURAL.search(question))


def whole_list(question: str, text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Where the whole list is that the span [start, end) lies on some items of, inside [lo, hi) (its quote): two
    items or more of one form, joined by commas and a last "and" or "or", when the question asks for several
    (`asks_several`) and the span is not all of it already ("create_app or make_app" of "make_app" for "What
    factory function names …?"); None otherwise, and when an item is the question's own words ('"Roentgen rays" or
    "X-Rays"' for "What were X-rays known as at the time?")."""
    if not asks_several(question):
        return None
    for items in _lists(text, lo, hi):
        first, last = items[0][0], items[-1][1]
        if first <= start and end <= last and (start, end) != (first, last):
            on = [a for a, b in items if a <= start < b or a < end <= b]
            said = any(_named(text[a:b].strip("\"'“”‘’`"), question) for a, b in items)
            return (first, last) if on and not said else None  # not '"Roentgen rays" or "X-Rays"' for what X-rays were
    return None


def _lists(text: str, lo: int, hi: int) -> list[list[tuple[int, int]]]:
    """The lists of names alike in text[lo:hi]: runs of items of one form, each joined to the next."""
    found: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    form = ""
    for m in _ITEM.finditer(text, lo, hi):
        kind = m.lastgroup or ""
        joined = bool(run) and kind == form and _JOIN.fullmatch(text, run[-1][1], m.start()) is not None
        if not joined:
            if len(run) > 1 and _ends_with_and(text, run):
                found.append(run)
            run, form = [], kind
        run.append(m.span())
    if len(run) > 1 and _ends_with_and(text, run):
        found.append(run)
    return found


def _ends_with_and(text: str, run: list[tuple[int, int]]) -> bool:
    """Whether a run of items ends as a list does: its last item after "and" or "or" (not a comma: "a, b" may be
    two arguments, or the start of a sentence)."""
    return _LAST_JOIN.fullmatch(text, run[-2][1], run[-1][0]) is not None


def _named(item: str, question: str) -> bool:
    """Whether the question names a list's item, a name (capitals or marks in it, "X-Rays"), not a plain word a
    question may say for another reason ("true" of "What are the true values …?")."""
    return (item != item.lower() or not item.isalpha()) and item.lower() in question.lower()
