"""The one word tokenizer of BM25 text and queries: lowercased words, English stop words out, stemmed."""

from __future__ import annotations

import re
import threading

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

STOPWORDS = frozenset(STOPWORDS_EN)
_WORD = re.compile(r"\w+", re.UNICODE)
_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    if not hasattr(_local, "stemmer"):  # PyStemmer objects are not shared between threads
        _local.stemmer = Stemmer.Stemmer("english")
    return _local.stemmer


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens, English stop words removed, stemmed."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]
    return _stemmer().stemWords(words) if words else []
