"""Keys: a question asking which key does something is answered by the key a passage says to press for it, in the
question's own words: "?" of "At any time, you can press ? to display an on-line reference …" for "Which key displays
an on-line reference to the available keyboard shortcuts?", where the reader marked no key at all."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answer.candidates import Candidate
from rag.answer.extent import holding_sentences, passage_sentences
from rag.answer.kinds import asked_kinds
from rag.models import Document, Hit

KEY_SHARE = 0.5  # the words around a key hold at least this share of the question's idf mass
_KINDS = frozenset({"key", "keystroke", "shortcut", "keybinding", "hotkey", "keyboard"})
# "What do I press to …?", "What should you type …?": the verb after its subject, not the noun ("dependency type")
_ASKS_PRESS = re.compile(
    r"^\W*(?:what|which)\b.*\b(?:i|you|we|one|users?|should|must|can|to)\s+(?:press|type|hit)\b", re.IGNORECASE
)
_MODIFIER = r"(?:Control|Ctrl|Alt|Shift|Meta|Super|Cmd|Command|Option|[CMS])[-+]"  # "Control+t", Emacs' "C-x"
_NAMED = (
    r"F\d{1,2}|Enter|Return|Tab|Esc(?:ape)?|Space(?:bar)?|Backspace|Delete|Del|Insert|Home|End|Page ?Up|Page ?Down"
    r"|PgUp|PgDn|Shift|Control|Ctrl|Alt|Meta"
)
# A key: a chord of modifiers and a key (several, as Emacs writes "C-x C-f"), a key's name, or one character, then a
# space, a stop or the end; a letter that a word follows is an article or a word ("type a name"), not a key, unless
# that word goes on the sentence about the key ("press q to abort", "press f again", "pressing n after closing").
_GOES_ON = r"to|or|and|again|after|before|while|when|once|twice|instead|then|at|in|on|from|for|with|until|key|keys"
_KEY = (
    rf"(?:(?:{_MODIFIER})+(?:{_NAMED}|\S)(?:[ ](?:{_MODIFIER})+(?:{_NAMED}|\S))*|(?:{_NAMED})\b"
    rf"|[^\s\w]|[A-Za-z0-9](?![ ][a-z]{{2,}})|[A-Za-z0-9](?=[ ](?:{_GOES_ON})\b))(?=[\s,;:.)]|$)"
)
# Where a passage names a key to press: "press ?", "pressing Control+t", "typing U", "the [ key"; in a sentence about
# keys, a key listed with what it does: "+ to install or upgrade a package, - to remove a package, and = to …".
_PRESS = re.compile(rf"\b(?i:press(?:ing|es|ed)?|hit(?:ting)?|typ(?:e|es|ing))[ \t]+(?:the[ \t]+)?(?P<key>{_KEY})")
_THE_KEY = re.compile(rf"\bthe[ \t]+(?P<key>{_KEY})[ \t]+keys?\b")
_LISTED = re.compile(rf"(?:(?<=\s)|^)(?!\d)(?P<key>{_KEY})[ \t]+to[ \t]+[a-z]+")
_ABOUT_KEYS = re.compile(r"\b(?:keys?|press(?:ing|es)?)\b", re.IGNORECASE)


def asks_key(question: str) -> bool:
    """Whether a question asks which key (keystroke, shortcut) does something, or what to press."""
    return bool(asked_kinds(question) & _KINDS) or bool(_ASKS_PRESS.search(question))


def key_mentions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The keys a sentence text[start:end] names to press, in order: "?" of "you can press ? to display …", "[" of
    "use the [ key to expand", and, when the sentence is about keys, each key listed with what it does ("+", "-",
    "=" of "The basic action keys are + to install …, - to remove …, and = to prevent …")."""
    patterns = [_PRESS, _THE_KEY, *([_LISTED] if _ABOUT_KEYS.search(text, start, end) else [])]
    found = {m.span("key") for p in patterns for m in p.finditer(text, start, end)}
    return sorted(found)


def key_contexts(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Each key a sentence names, with the words that say what it does: the sentence from the key before it (or the
    sentence's start) to the key after it (or the sentence's end)."""
    keys = key_mentions(text, start, end)
    out = []
    for k, (a, b) in enumerate(keys):
        lo = keys[k - 1][1] if k else start
        hi = keys[k + 1][0] if k + 1 < len(keys) else end
        out.append((a, b, text[lo:a] + " " + text[b:hi]))
    return out


def pressed_key(
    question: str,
    cands: list[Candidate],
    best: int,
    overlap: Callable[[str], float],
    passages: Sequence[tuple[Hit, Document]],
) -> Candidate | None:
    """The key, among those the passages read name (`key_mentions`), whose words (`key_contexts`) cover a question
    asking for a key best by `overlap` (their share of the question's idf mass, the question's own word for what it
    asks, "key", counted as held), at least KEY_SHARE of it; the first passage's on a tie. Its quote is the sentence
    naming it. None when the question asks for no key or no passage names one in its words: the reader's answer
    stands."""
    if not cands or not asks_key(question):
        return None
    asked = " ".join(sorted(asked_kinds(question) & _KINDS)) + " press"  # what the question asks for, not about
    found: tuple[float, Candidate] | None = None
    for hit, doc in passages:
        sentences = passage_sentences(doc, hit)
        for s, e in sentences:
            for a, b, words in key_contexts(doc.text, s, e):
                share = overlap(f"{asked} {words}")
                if share >= KEY_SHARE and (found is None or share > found[0]):
                    q_start, q_end = holding_sentences(doc, hit, a, b, sentences)
                    key = replace(cands[best], hit=hit, doc=doc, start=a, end=b, quote_start=q_start, quote_end=q_end)
                    found = (share, key)
    return None if found is None else found[1]
