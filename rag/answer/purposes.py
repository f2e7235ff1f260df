"""A question asking how to do something is answered by the sentence that says how, its goal in the question's words:
"configure Jinja to keep_trailing_newline" of "To keep single trailing newlines, configure Jinja to …"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import is_heading, passage_sentences
from rag.answer.headed import Described
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

GOAL_SHARE = 2 / 3  # of the question's goal's words, at least this share is the sentence's goal's
_HOW = re.compile(r"^\s*how\s+(?:do|can|should|may)\s+(?:i|you|we|one)\s+(?P<goal>[^?]+?)\s*\?\s*$", re.IGNORECASE)
# "To keep single trailing newlines, configure …"; "… you can manually disable the trim_blocks behavior by putting …"
# or an example's: "Example: to disable loading the plugin doctest, …, invoke pytest like this:" (pytest's)
_PURPOSE = re.compile(
    r"(?:(?:For example,|For instance,|Example:)\s+(?:in order )?to|In order to|To)\s+(?P<goal>[^,.;:]{3,150}?),\s+(?P<how>\S[^\n]*)"
)
# A purpose clause after another: "By default, options are not required, however to make an option required, simply
# pass in required=True as an argument to the decorator." (Click's)
_LATER = re.compile(r"[,;]\s+(?:however|but|and|so)\s+to\s+(?P<goal>[^,.;:]{3,150}?),\s+(?P<how>\S[^\n]*)")
# What can be done, then what does it: "It is also possible to skip the whole module using pytest.skip(reason,
# allow_module_level=True) at the module level:" (pytest's), "You can disable capturing with -s."
_POSSIBLE = re.compile(
    r"\b(?:[Ii]t\s+is\s+(?:also\s+)?possible\s+to|(?:[Yy]ou|[Oo]ne)\s+(?:can|may)(?:\s+also)?)\s+"
    r"(?P<goal>[^,.;:\n]{3,150}?)\s+(?:using|via|with(?=\s+(?:the\s+)?(?:[-`'\"“]|[\w.]+[(=_]|[\w.-]+\s+(?:option|flag|"
    r"command|argument|parameter|setting|keyword|decorator|marker|function|method)\b)))\s+(?P<how>\S[^\n]*)"
)  # "with" a thing named as a way: an option, code, or what it is ("with care" is none)
_MEANS = re.compile(r"(?P<goal>[^\n]{3,150}?)\s+by\s+(?P<how>[a-z]+ing\b[^\n]*)")
# What to do, then its purpose, which opens with the verb the question's goal does ("This variable can also be set to
# the value off to disable the PIN check entirely.", Werkzeug's debugger PIN); not what is only wanted or possible
_TRAILING = (
    r"(?P<how>\S[^\n]{{2,200}}?)(?<!\bpossible)(?<!\bable)(?<!\bwant)(?<!\bneed)(?<!\bhave)(?<!\bway)(?<!\bhow)"
    r"\s+(?:in\s+order\s+)?to\s+(?P<goal>{}\b[^,.;:\n]{{0,150}})"
)
# What to give or type, quoted, then its purpose: "…; for example, specify "-d ALL deferred" to delete all mail in the
# deferred queue." (Postfix's postsuper(1))
_GIVEN = re.compile(
    r"\b(?:specify|use|run|type|enter|execute|pass|give|add|set)\s+(?P<q>[\"“'‘])(?P<how>[^\"”'’\n]{1,80})[\"”'’]"
    r"\s+to\s+(?P<goal>[^,.;:\n]{3,150})",
    re.IGNORECASE,
)
# A clause that qualifies the goal before the how: "To completely disable all plugins, including any defaults, set …"
# or says more of it: "…, which is responsible for executing doctest tests from text files, invoke …"
_QUALIFIER = re.compile(
    r"(?:including|excluding|except|especially|e\.g\.|i\.e\.|which|who|[a-z]+ing)\b[^,\n]*,\s+(?=\S)"
)
# A how that shows what to do below it: "To install MkDocs, run the following command from the command line:"
# or "Install the mkdocs package using pip:", "invoke pytest like this:"
_FOLLOWING = re.compile(
    r"\b(?:the\s+following|run|type|enter|execute|using|like\s+this|as\s+follows)\b[^\n]*:$", re.IGNORECASE
)
_NON_SPACE = re.compile(r"\S")
BLOCK_MAX = 200  # characters: a longer block below is a listing, not the thing to do


def purpose_answer(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """For a question "How do I …?", the sentence of `passages` that opens with a purpose clause ("To …, do this.")
    or has one after another ("…, however to …, do this."), or says what is done "by doing this", what is possible
    "using this" ("It is also possible to …", "You can … with this"), what is done to reach it ("… set to the value
    off to disable the PIN check entirely", the goal opening with the question's verb), or the quoted thing
    to give or type to reach it (`_GIVEN`), whose goal has the most of the question's goal's words, GOAL_SHARE of
    them or more (two at least; the first of those with as many): the how, quoted by its sentence (`_how`); or the
    first sentence under a heading of the goal ("Installing MkDocs") that shows what to do below it ("Install the
    mkdocs package using pip:"), answered by what it shows. None for other questions, or when no sentence says so."""
    asked = _HOW.match(question)
    goal = set(tokenize(asked.group("goal"))) if asked else set()
    if len(goal) < 2:
        return None
    least = max(2, GOAL_SHARE * len(goal))
    verb = asked.group("goal").split()[0] if asked else ""
    trailing = re.compile(_TRAILING.format(re.escape(verb)), re.IGNORECASE)  # "… to disable …" of "How do I disable …?"
    found: list[tuple[int, Described]] = []
    for hit, doc in passages:
        sentences = passage_sentences(doc, hit)
        for k, (s, e) in enumerate(sentences):
            purposes = (_PURPOSE.match, _MEANS.match, _LATER.search, _POSSIBLE.search)
            for m in (find(doc.text, s, e) for find in purposes):
                shared = len(goal & set(tokenize(m.group("goal")))) if m else 0
                if m and shared >= least:
                    found.append((-shared, _how(hit, doc, m.start("how"), m.end("how"), s, e)))
            for m in _GIVEN.finditer(doc.text, s, e):  # the thing given, without its quote marks
                if (shared := len(goal & set(tokenize(m.group("goal"))))) >= least:
                    found.append((-shared, Described(hit, doc, m.start("how"), m.end("how"), s, e)))
            if (m := trailing.match(doc.text, s, e)) and (
                shared := len(goal & set(tokenize(m.group("goal"))))
            ) >= least:
                found.append((-shared, _how(hit, doc, *m.span("how"), s, e)))  # after the thing given, of the same
            shared = len(goal & set(tokenize(doc.text[s:e])))
            if shared >= least and k + 1 < len(sentences) and is_heading(doc.text, s, e):
                a, b = sentences[k + 1]  # under a heading of the goal ("Installing MkDocs"), what to do below it
                if _FOLLOWING.search(doc.text, a, b) and (how := _how(hit, doc, a, b, a, b)).start >= b:
                    found.append((-shared, how))
    return min(found, key=lambda f: f[0])[1] if found else None


def _how(hit: Hit, doc: Document, start: int, end: int, quote_start: int, quote_end: int) -> Described:
    """The how of text[start:end], past a clause that qualifies the goal ("including any defaults,"); where it
    shows what to do below it ("run the following command:"), the block below it (a line or a few, up to a blank
    line, BLOCK_MAX characters at most), quoted alone."""
    text = doc.text
    if (qualifier := _QUALIFIER.match(text, start, end)) and qualifier.end() < end:
        start = qualifier.end()
    if _FOLLOWING.search(text, start, end):
        below = m.start() if (m := _NON_SPACE.search(text, end)) else len(text)  # the block's first character
        block = text.find("\n\n", below)
        block = len(text) if block == -1 else block
        if below < block <= below + BLOCK_MAX:
            return Described(hit, doc, below, block, below, block)
    return Described(hit, doc, start, end - 1 if text[end - 1] in ".:" else end, quote_start, quote_end)
