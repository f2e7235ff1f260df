"""The one word tokenizer of BM25 text and queries: lowercased words, English stop words out, stemmed."""

from __future__ import annotations

import re
import threading

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

STOPWORDS = frozenset(STOPWORDS_EN)
TOKENIZER_VERSION = 2  # raise whenever the tokens of a text change: an index saved before is tokenized again
_WORD = re.compile(r"\w+", re.UNICODE)
_SNAKE = re.compile(r"_+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    if not hasattr(_local, "stemmer"):  # PyStemmer objects are not shared between threads
        _local.stemmer = Stemmer.Stemmer("english")
    return _local.stemmer


def name_parts(word: str) -> list[str]:
    """The words a code name is made of, lower-cased: "PREFERRED_URL_SCHEME" → preferred, url, scheme;
    "readFileSync" → read, file, sync. Nothing for a plain word, nor for parts of one letter ("x_axis" → axis)."""
    if "_" not in word and (word.islower() or not word[:1].islower()):
        return []  # a plain word, or one starting in upper case: no parts (most words; tokenize asks of each)
    pieces = [p for piece in _SNAKE.split(word) for p in camel_words(piece)]
    parts = [p.lower() for p in pieces if len(p) > 1]
    return [] if parts == [word.lower()] else parts


def camel_words(piece: str) -> list[str]:
    """A camelCase name's words ("readFileSync" → read, File, Sync), or the piece whole. Only a name that starts
    with a lower-case word of three letters or more parts, into words of letters: "JavaScript", "MacArthur",
    "kDa", "mAb" or "p21Cip1" are names of prose or science as often as of code."""
    words = _CAMEL.split(piece)
    if (
        len(words) < 2
        or len(words[0]) < 3
        or not words[0].islower()
        or not all(w.isalpha() and len(w) > 1 for w in words)
    ):
        return [piece]
    return words


def tokenize(text: str, parts: bool = True) -> list[str]:
    """Lowercased word tokens, English stop words removed, stemmed. A code name is also read as its words
    (`name_parts`, after the name itself), so "preferred URL scheme" finds PREFERRED_URL_SCHEME; `parts=False`
    keeps names whole."""
    words: list[str] = []
    for word in _WORD.findall(text):
        if (lowered := word.lower()) not in STOPWORDS:
            words.append(lowered)
        if parts:
            words.extend(p for p in name_parts(word) if p not in STOPWORDS)
    return _stemmer().stemWords(words) if words else []
