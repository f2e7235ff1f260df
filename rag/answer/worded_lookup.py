"""Which passage a question asking for a term by what it does reads, when retrieval ranked it below those read: the
one holding the table's row or the option's entry in the question's words."""

from __future__ import annotations

import re

from rag.answer.answers import question_overlap
from rag.answer.defaults import asks_default, stated_defaults
from rag.answer.entries import asked_term_kinds, kind_words
from rag.answer.rows import keys_kind, row_words, table_rows
from rag.answer.terms import OPTION_KINDS
from rag.answer.worded import WORDED_SHARE
from rag.models import Hit
from rag.retrieve.sparse import SparseIndex

# An option's entry: its line, the option alone or with its value ("-vikeys", "-width=NUMBER"), over the first line
# of its description ("enable vi-like key movement.", Lynx's users guide)
_OPTION_ENTRY = re.compile(r"^[ \t]*-{1,2}[A-Za-z0-9][\w-]*(?:[=:]\S*)?[ \t]*\n[ \t]*[A-Za-z][^\n]*", re.MULTILINE)


def worded_passage(question: str, hits: list[Hit], below: list[Hit], sparse: SparseIndex) -> list[Hit]:
    """For a question asking for a term by what it does, the passage `below` holding the table's row (whose key
    column is named for the kind asked, `rows.keys_kind`) or, for an option asked, the option's entry that with its
    page's title holds the most of the question's idf mass (`rows.row_words`), WORDED_SHARE or more and more than any
    of `hits` holds: "Which attribute of the javac task sets where to store the class files?" reads javac's
    "Attribute: destdir | Description: Location to store the class files.", 7th by fused rank; "Which option enables
    vi-like key movement?" reads Lynx's "-vikeys" / "enable vi-like key movement.", 7th. For a question asking a
    default, and no kind, the option's entry stating one: "-cache=NUMBER" / "set the NUMBER of documents cached in
    memory. The default is 10." for "What is the default number of documents lynx caches in memory?". None
    otherwise."""
    overlap, kinds = question_overlap(question, sparse, kind_words(question)), asked_term_kinds(question)
    options, default = bool(kinds & OPTION_KINDS), not kinds and asks_default(question)

    def share(h: Hit) -> float:
        rows = [h.text[a:b] for a, b, cells in table_rows(h.text, 0, len(h.text)) if keys_kind(cells, kinds)]
        entries = (m.group(0) for m in _OPTION_ENTRY.finditer(h.text)) if options or default else ()
        rows += [e for e in entries if not default or stated_defaults(e, 0, len(e))]  # one stating it, asked one
        return max((overlap(row_words(h.title, row)) for row in rows), default=0.0)

    floor = max([WORDED_SHARE, *map(share, hits)])
    best = max(((share(h), h) for h in below), key=lambda scored: scored[0], default=None)  # the first of the best
    return [best[1]] if best is not None and best[0] > floor else []
