"""A question asking for the default of a particular thing of a term ("the default Markdown flavour of the parser") is
not answered by the term's own default when its entry says nothing of that thing."""

from __future__ import annotations

from rag.answer.headed import asked_row
from rag.answer.qualifiers import unsaid_qualifier

# Docutils 0.19's config.html (public domain) as rag reads it: the parser setting's entry, headed apart. "What is the
# default Markdown flavour of the Docutils parser?" had been answered "rst", as described, at confidence 1.0.
PARSER = (
    'parser\n\nParser component name. Either "rst" (default) or the import name of a drop-in parser module.\n\n'
    'Parsers for CommonMark known to work with Docutils include "pycmark", "myst", and "recommonmark".\n\n'
    'Default: "rst". Option: --parser\n\nwriter\n\nWriter component name.\n'
)


def _default(question: str) -> str | None:
    row = asked_row(question, PARSER, PARSER.index("\n"))
    return None if row is None else PARSER[row[0] : row[1]]


def test_the_entry_s_default_answers_for_the_term_or_its_value():
    assert _default("What is the default parser?") == '"rst"'
    assert _default("What is the default value of the parser setting?") == '"rst"'
    assert _default("What is the default component name of the parser?") == '"rst"'  # its entry says "component name"


def test_the_default_of_a_thing_the_entry_never_names_is_not_the_entry_s():
    assert _default("What is the default Markdown flavour of the Docutils parser?") is None
    assert unsaid_qualifier("What is the default Markdown flavour of the parser?", PARSER, 0, len(PARSER))
    assert not unsaid_qualifier("What is the default value of the parser?", PARSER, 0, len(PARSER))  # generic
    assert not unsaid_qualifier("What is the default parser?", PARSER, 0, len(PARSER))  # no thing of it asked
