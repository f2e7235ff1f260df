"""Big texts: tokenizing a window at a time gives the word pieces of one call, in bounded memory."""

from __future__ import annotations

import random
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from rag.ingest.chunks import ChunkingConfig, chunk_document, token_starts_of, windows
from rag.models import Document

PIECES = ["the", "Dr.", "naïve", "e\u0301", "日本語", "(see", "x" * 9, "\u200b", "C++", "😀", "½", "\x1f", "—"]
SEPARATORS = [" ", "\n", "  ", " \n", "\n\n"]
text_with_breaks = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=200).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


def one_call(tokenizer, text: str) -> list[int]:
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    return sorted(a for a, _ in enc["offset_mapping"])


def prose(n_chars: int, seed: int = 0) -> str:
    """Wrapped paragraphs of random sentences, about `n_chars` long."""
    r = random.Random(seed)
    words = "harbour light council river winter station garden report museum island market".split()
    parts, size = [], 0
    while size < n_chars:
        line = " ".join(r.choice(words) for _ in range(12)).capitalize() + ".\n"
        parts.append(line + ("\n" if r.random() < 0.2 else ""))
        size += len(parts[-1])
    return "".join(parts)


def test_windows_cover_the_text_and_cut_after_a_space_or_newline():
    """Protects the window cuts: consecutive, covering the text, each after a space or newline, and a
    run with neither (a 100-character word) cut where it must be rather than looping."""
    text = "ab cd\nef gh " + "x" * 100 + " end"
    cuts = list(windows(text, 8))
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a < b and b == c for (a, b), (c, _) in zip(cuts, cuts[1:]))
    assert [text[b - 1] for _, b in cuts[:3]] == ["\n", " ", "x"]
    assert list(windows("", 8)) == []


@settings(max_examples=100, deadline=None)
@given(text=text_with_breaks)
def test_windowed_token_starts_equal_one_call(tokenizer, text):
    """Protects token_starts_of on big texts: tokenized 24 characters at a time (every cut after a
    space or newline), it finds exactly the word-piece starts of one tokenizer call on the whole text."""
    assert list(token_starts_of(tokenizer, text, window=24)) == one_call(tokenizer, text)


def test_token_starts_of_a_big_text_take_little_python_memory(tokenizer):
    """Protects bounded memory on big files: the word-piece starts of a 2 MB text are held in a compact
    array (about 8 bytes a piece), not the lists of tuples one call returns (5.8-7.2 GB for 50 MB)."""
    text = prose(2_000_000)
    tracemalloc.start()
    try:
        starts = token_starts_of(tokenizer, text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(starts) > 300_000
    assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"


def test_chunks_of_a_big_text_fit_and_cover_it(tokenizer):
    """Protects chunking a 1 MB text: chunks are ordered, trimmed, within the token limit when
    re-tokenized alone, and every word is in one."""
    text = prose(1_000_000, seed=1)
    doc = Document(id="big.txt", title="Big", source="mem", sha256="0", text=text)
    cfg = ChunkingConfig()
    spans = chunk_document(doc, tokenizer, cfg)
    assert all(a.start < b.start for a, b in zip(spans, spans[1:]))
    covered = sum(s.end - s.start for s in spans)
    assert covered >= len(text.replace("\n", "")) * 0.99
    sample = spans[:: max(1, len(spans) // 200)]
    assert all(len(one_call(tokenizer, text[s.start : s.end])) <= cfg.max_tokens for s in sample)
    assert all(not text[s.start].isspace() and not text[s.end - 1].isspace() for s in spans)
