"""Whether a span stops inside a name: a pure text test the answer ranking weighs."""

from __future__ import annotations

import re

# The word right before a position, one space away, or the one before "of" there; and the same after it.
_WORDS_BEFORE = re.compile(r"(\S+) (of )?$")
_WORDS_AFTER = re.compile(r"^ (?:of (\S+)|(\S+))")
# Capitalised at a sentence's start, these open a sentence rather than a name ("The" of "The Anadolu Agency").
_OPENERS = frozenset(
    "the a an in on at of for by to from with as after before during when while since this that these those it its "
    "he she they we his her their our and but or if".split()
)


def _name_word(word: str) -> bool:
    """A capitalised word that no punctuation closes: it can go on into the next word of a name."""
    return word[:1].isupper() and word[-1:] not in ".,;:!?)]\"'"


def cuts_name(text: str, start: int, end: int) -> bool:
    """Whether [start, end) of `text` stops inside a name, a run of capitalised words on one line that "of" may
    join ("Anadolu" of "Anadolu Agency", "20" of "Group of 20", "Bank" of "Bank of Japan"): its last word goes
    on into a capitalised word, or its first word (capitalised, "of", or after "of") follows a capitalised word
    that does not just open a sentence ("The" of "The Anadolu Agency")."""
    span = text[start:end].split()
    if not span:
        return False
    after = _WORDS_AFTER.match(text[end : end + 60])
    if after and _name_word(span[-1]) and (after.group(1) or after.group(2))[:1].isupper():
        return True
    before = _WORDS_BEFORE.search(text[max(0, start - 60) : start])
    if not before:
        return False
    name, joined = before.group(1), before.group(2) is not None
    goes_on = joined or span[0][:1].isupper() or span[0] == "of"  # "of 20" of "Group of 20" too
    return goes_on and _name_word(name) and name.lower() not in _OPENERS
