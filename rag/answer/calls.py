"""The terms a question calls by their kind ("the overwrite attribute", "the option globstar"), and the kinds it
calls them."""

from __future__ import annotations

import re

from rag.answer.kinds import singular
from rag.retrieve.tokenize import tokenize

# What a question may call a name besides a callable: "the globstar option", "the json parameter"
NOT_CALLABLE = frozenset(
    map(
        singular,
        "option flag switch setting parameter variable command pragma attribute property field argument keyword config".split(),
    )
)
_KINDS = NOT_CALLABLE | frozenset(
    map(singular, "function method class exception macro hook directive constant filter".split())
)
# "the overwrite attribute", "the copy task's overwrite attribute"
# The name quoted or not: "the 'ignorecase' option", as Vim's help writes its options
_THE_NAME_KIND = re.compile(r"(?:\bthe|(?<=\w)'s)\s+['\"‘“]?([A-Za-z_][\w-]*)['\"’”]?\s+([a-z]+)\b", re.IGNORECASE)
_NAMED_AFTER = re.compile(r"\s+['\"‘“`]?-")  # the kind's own term named after it: "the cmp option --print-bytes"
_THE_KIND_NAME = re.compile(r"\bthe\s+([a-z]+)\s+['\"‘“]?([A-Za-z_][\w-]*)\b", re.IGNORECASE)  # "the option globstar"
# The one word whose default a question asks, ending it: "timeout" of "What is the default value of timeout?", as
# Mutt's variables are named ("move", "delete", "quit"), a word of the vocabulary however much a setting's name
_DEFAULT_OF = re.compile(
    r"\bdefault(?:\s+(?:value|setting))?\s+(?:of|for)\s+(?:the\s+)?['\"‘“$]?([a-z][a-z0-9_]*)['\"’”]?"
    r"(?:\s+(?:variable|option|setting|parameter))?\s*\?\s*$",
    re.IGNORECASE,
)


def called_names(question: str) -> frozenset[str]:
    """The plain words `question` calls a term of some kind, after "the" or an owner's "'s": "overwrite" of "the
    overwrite attribute" and of "the copy task's overwrite attribute", "globstar" of "the option globstar", and the
    one word whose default it asks, ending it ("timeout" of "What is the default value of timeout?"); lower-cased.
    Not "copy" of "Which copy attribute …?", which names its owner."""
    named = {name.lower() for name in called_words(question)}
    if default := _DEFAULT_OF.search(question):
        named.add(default.group(1).lower())
    return frozenset(name for name in named if len(name) > 2)


def called_words(question: str) -> list[str]:
    """The words `question` calls a term of some kind, as it writes them, however short: "n" of "the n filter",
    "overwrite" of "the overwrite attribute"."""
    found = [
        (m.group(1), m.group(2)) for m in _THE_NAME_KIND.finditer(question) if not _NAMED_AFTER.match(question, m.end())
    ]
    found += [(m.group(2), m.group(1)) for m in _THE_KIND_NAME.finditer(question)]
    return [name for name, kind in found if singular(kind.lower()) in _KINDS and tokenize(name)]


def called_kinds(question: str) -> frozenset[str]:
    """The kinds `question` calls the terms it names, singular: "setting" of "What does the nav setting define?"."""
    found = [m.group(2) for m in _THE_NAME_KIND.finditer(question)] + [
        m.group(1) for m in _THE_KIND_NAME.finditer(question)
    ]
    return frozenset(k for k in map(singular, map(str.lower, found)) if k in _KINDS)


def callable_names(question: str, names: frozenset[str]) -> frozenset[str]:
    """The `names` a question may mean as a function, class or exception (whose entries are signatures): all but
    those it calls by another kind, right before or after the name ("the json parameter", "the option globstar")."""
    return frozenset(w for w in names if not kinds_called(question, w) & NOT_CALLABLE)


def kinds_called(question: str, name: str) -> set[str]:
    """The words right before and after `name` in `question` that may say what kind of term it is, singular
    ("variable" of "What does the CFLAGS variable hold?"; `_KINDS`)."""
    word = re.escape(name)
    near = re.findall(rf"(?i)\b([a-z]+)\s+{word}\b", question) + re.findall(rf"(?i)\b{word}\s+([a-z]+)", question)
    return {singular(k) for k in near} & _KINDS
