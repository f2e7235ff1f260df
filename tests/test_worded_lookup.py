"""A question asking for a term by what it does, or for a default by its words, reads the passage holding the table's
row or the option's entry in its words, when retrieval ranked it below the passages read."""

from __future__ import annotations

import numpy as np
from records import doc, hit

from rag.answer.worded_lookup import worded_passage
from rag.retrieve.sparse import SparseIndex

# Lynx 2.9's users guide (GPL-2.0), as rag reads it: its command line's options, each over its description.
OPTIONS = (
    "-cache=NUMBER\nset the NUMBER of documents cached in memory. The default is 10.\n\n-center\nToggle center "
    "alignment in HTML TABLE.\n\n-validate\naccept only http URLs (meant for validation).\n\n-vikeys\nenable vi-like "
    "key movement.\n\n-width=NUMBER\nnumber of columns for formatting of dumps, default is 80.\n"
)
MOVEMENT = "1. If VI Keys are enabled from the options menu or from the .lynxrc file, lowercase h,j,k,l will move."
FILLER = [f"The {w} page of the browser shows the document list and its links." for w in "abcdefghij"]


def _read(question: str) -> list[str]:
    guide, keys = doc(OPTIONS, "guide", suffix=".html"), doc(MOVEMENT, "movement", suffix=".html")
    sparse = SparseIndex.from_texts([OPTIONS, MOVEMENT, *FILLER] * 3, np.arange(36))
    return [h.doc_id for h in worded_passage(question, [hit(keys, rank=1)], [hit(guide, rank=7)], sparse)]


def test_the_option_entry_in_the_questions_words_is_read():
    """Protects "Which option enables vi-like key movement?": the passages read held "If VI Keys are enabled …",
    and the reader answered ".lynxrc"; the guide's "-vikeys" entry was 7th by fused rank."""
    assert _read("Which option enables vi-like key movement?") == ["guide"]
    assert _read("Which file enables vi-like key movement?") == []  # a file asked for: no option's entry


def test_the_option_entry_stating_the_default_asked_in_its_words_is_read():
    """Protects "What is the default number of documents lynx caches in memory?": lynx.cfg's DEFAULT_CACHE_SIZE,
    read, states none, and the reader answered "WWW documents"."""
    assert _read("What is the default number of documents lynx caches in memory?") == ["guide"]
    assert _read("How many documents does lynx cache in memory?") == []  # asks no default, no kind
