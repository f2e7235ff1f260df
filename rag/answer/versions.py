"""A question asking since which version a term exists is answered by the note its entry holds, as Sphinx writes
one: "New in version 3.2." closing functools.cmp_to_key's description, paragraphs below its signature."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from rag.answer.calls import called_names
from rag.answer.defaults import asks_version
from rag.answer.extent import is_definition_line, passage_sentences
from rag.answer.headed import Described, headed_end
from rag.answer.terms import bare_names, named_terms, term_line
from rag.models import Document, Hit

LOOK_BACK = 4000  # characters at most from an entry's term line down to its note
# A note of the version the whole entry appeared in, on a line of its own ("New in version 3.2.", newer Sphinx's
# "Added in version 3.13."); not one about a part of it ("New in version 3.4: The *typed* option.")
_ADDED = re.compile(
    r"^[ \t]*\*?(?:(?:New|Added) in|This feature is available in) (?:version|[A-Z][\w-]*) (?P<version>\d+(?:\.\d+)*)"
    r"(?: and later)?\.?\*?(?::[ \t]*\([^()\n]*\))?[ \t]*$",
    re.MULTILINE,
)  # or in the product's name: "New in Docutils 0.17." (reStructuredText's source: "*New in Docutils 0.17.*"); with a
# bracketed remark: "New in version 6.4: (in 6.3 this was always enabled)" (coverage.py's sigterm); as Postfix's
# parameters note it: "This feature is available in Postfix 2.8." (postconf(5): "… in Postfix 2.6 and later.")
# A note of the version a part of an entry appeared in, the part named after it ("New in version 3.7: --directory
# argument was introduced.", under http.server's command line)
_PART_ADDED = re.compile(r"^[ \t]*(?:New|Added) in version (?P<version>\d+(?:\.\d+)*):[ \t]*(?P<part>\S[^\n]*)$", re.M)
_DEPRECATED = re.compile(r"^[ \t]*Deprecated since version (?P<version>\d+(?:\.\d+)*)\b[^\n]*$", re.MULTILINE)
_DEPRECATION = re.compile(r"\bdeprecat", re.IGNORECASE)  # a question asking since when a term is deprecated


def noted_version(question: str, passages: Sequence[tuple[Hit, Document]], known: Container[str]) -> Described | None:
    """The version of the note that the entry of a term `question` names holds (`_ADDED`, or `_DEPRECATED` when it
    asks since when the term is deprecated), found from such a note in one of `passages`: the entry is the one whose
    term line is nearest above that note ("functools.cmp_to_key(func)"), and its note the first below that line;
    the note is quoted. The term is a dotted name or an option, or a bare name the reader's vocabulary (`known`)
    lacks (`terms.bare_names`: "FrozenAttributeError"). Else, when it asks when the term was added, a note of a part
    added that names it (`_part_added`: "New in version 3.7: --directory argument was introduced."). A question
    naming no term but one it calls by its kind is answered by a sentence saying that term is new in a version
    (`_said_new`). None when the question asks for no version or names no term, or no passage holds such a note."""
    if not asks_version(question):
        return None
    if not (names := named_terms(question) | bare_names(question, [hit.text for hit, _ in passages], known)):
        return None if _DEPRECATION.search(question) else _said_new(called_names(question), passages)
    note = _DEPRECATED if _DEPRECATION.search(question) else _ADDED
    own = term_line(names)
    for hit, doc in passages:
        for m in note.finditer(doc.text, hit.start, hit.end):
            head = entry_above(doc.text, m.start())
            if head is None or not own.match(doc.text, *head):
                continue
            first = note.search(doc.text, head[1], m.end())
            if first is not None:
                return Described(hit, doc, first.start("version"), first.end("version"), first.start(), first.end())
    if (below := _note_below(own, note, passages)) is not None:
        return below
    return None if note is _DEPRECATED else _part_added(names, passages)


def _note_below(
    own: re.Pattern[str], note: re.Pattern[str], passages: Sequence[tuple[Hit, Document]]
) -> Described | None:
    """The first note below a term line of `own` that one of `passages` holds, when the passage ends above the note
    and the note is its entry's (its nearest entry above is that line, or the line heads the paragraphs it is in,
    `headed.headed_end`): Flask's "SESSION_COOKIE_SAMESITE" over its description, its default and "New in version
    1.0.", read only down to the description; coverage.py's "[run] sigterm" over "New in version 6.4: (…)"."""
    for hit, doc in passages:
        for line in own.finditer(doc.text, hit.start, hit.end):
            apart = doc.text.startswith("\n\n", line.end())  # a heading over its paragraphs, "[run] sigterm"
            end = headed_end(doc.text, line.end()) if apart else min(len(doc.text), line.end() + LOOK_BACK)
            for m in note.finditer(doc.text, line.end(), end):
                if apart or entry_above(doc.text, m.start()) == (line.start(), line.end()):
                    return Described(hit, doc, m.start("version"), m.end("version"), m.start(), m.end())
                break
    return None


def _part_added(names: set[str] | frozenset[str], passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The version of the first note in `passages` of a part added that names an option of `names`, else another of
    them, as a word ("3.7" of "New in version 3.7: --directory argument was introduced."); the note quoted."""
    for kind in (True, False):  # an option first: the page's own name ("http.server") may be any note's
        asked = [n for n in names if n.startswith("-") == kind]
        if not asked:
            continue
        named = re.compile("|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in asked))
        for hit, doc in passages:
            for m in _PART_ADDED.finditer(doc.text, hit.start, hit.end):
                if named.search(m.group("part")):
                    return Described(hit, doc, m.start("version"), m.end("version"), m.start(), m.end())
    return None


# A sentence saying what is new in a version: "The string argument is new in Beautiful Soup 4.4.0." (its subject
# before it)
_SAID_NEW = re.compile(
    r"\b(?:is|was|were|are)\s+(?:new|added|introduced)\s+in\s+(?:version\s+|[A-Z][\w-]*(?:\s+[A-Z\d][\w-]*)*\s+)?"
    r"(?P<version>v?\d+(?:\.\d+)+)"
)


def _said_new(called: frozenset[str], passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The version that the first sentence of `passages` saying a term `called` so (by its kind: "the string
    argument") is new in names ("4.4.0" of "The string argument is new in Beautiful Soup 4.4.0."), the sentence
    quoted; None when none does."""
    if not called:
        return None
    named = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in called), re.IGNORECASE)
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            if (m := _SAID_NEW.search(doc.text, s, e)) and named.search(doc.text, s, m.start()):
                return Described(hit, doc, m.start("version"), m.end("version"), s, e)
    return None


def entry_above(text: str, pos: int) -> tuple[int, int] | None:
    """Where the term line of the entry holding `pos` starts and ends: the nearest line above pos's, at most
    LOOK_BACK above, that is a definition line with its description on the very next line (a signature over its
    prose); None when there is none."""
    end = text.rfind("\n", 0, pos)
    floor = max(0, pos - LOOK_BACK)
    while end > floor:
        start = text.rfind("\n", floor, end) + 1 or floor
        described = text[end + 1 : end + 2] not in ("", "\n")
        if described and text[start:end].strip() and is_definition_line(text[start:end].strip()):
            return start, end
        end = start - 1
    return None
