"""Chunking and sentence splitting: exact offsets, whole coverage, and chunks that really fit
the embedder once re-tokenized alone (the real all-MiniLM-L6-v2 tokenizer, not a stand-in)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rag.ingest.chunks import ChunkingConfig, chunk_document, head_runs, heads_next, pack
from rag.ingest.sentences import sentence_spans
from rag.models import Document


def make_doc(text: str, page_starts: list[int] | None = None) -> Document:
    return Document(
        id="doc.txt",
        title="t",
        source="mem",
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        text=text,
        page_starts=page_starts or [],
    )


def n_tokens(tokenizer, text: str) -> int:
    return len(tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])


def check_chunks(doc: Document, spans, cfg: ChunkingConfig, tokenizer) -> None:
    """The chunk contract: exact, trimmed, ordered, fitting and covering spans."""
    text = doc.text
    for s in spans:
        assert 0 <= s.start < s.end <= len(text), s
        piece = text[s.start : s.end]
        assert piece, s
        assert not piece[0].isspace() and not piece[-1].isspace(), (s, piece)
        assert n_tokens(tokenizer, piece) <= cfg.max_tokens, (s, piece)
    starts = [s.start for s in spans]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), starts
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    missed = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not missed, f"characters not in any chunk at {missed[:10]}: {[text[i] for i in missed[:10]]}"
    if not text.strip():
        assert spans == []


# Characters that stress offsets: CJK, emoji (with skin tone / ZWJ), combining marks, odd spaces.
TRICKY = list(
    "aZ .,!?;:\"'()[]«»“”‘’…\n\n\t\r 。！？、中文日本語한국어éüßİı\u0301\u0308\u200b\u200d\u00a0\u2028\u3000"
    "😀👍🏽👨‍👩‍👧🇯🇵ﷺ\ufeff\x00\x1c0123456789"
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=300)

WORDS = [
    "the", "Dr.", "Smith", "said", "Nov.", "24,", "2019", "U.S.", "e.g.", "J.", "R.", "Tokyo",
    "Beijing", "exchange", "delegation", "pneumonoultramicroscopicsilicovolcanoconiosis",
    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "x" * 120, "https://example.com/a/very/long/path?with=query&and=more", "3.14", "(see", "above)",
    "\"Stop.\"", "naïve", "café", "日本", "😀", "—", "...", "C++", "a-b-c-d-e-f-g-h",
]  # fmt: skip
sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
    st.sampled_from([".", "!", "?", "...", "", '."', "。"]),
)
prose = st.builds(
    lambda parts: "".join(parts),
    st.lists(st.tuples(sentence, st.sampled_from([" ", "  ", "\n", "\n\n", " \n ", "\t"])).map("".join), max_size=25),
)
any_text = st.one_of(st.text(max_size=300), tricky_text, prose)
configs = st.builds(
    ChunkingConfig, max_tokens=st.sampled_from([8, 13, 40, 200]), overlap_sentences=st.sampled_from([0, 1, 2])
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, cfg=configs)
@example(text="", cfg=ChunkingConfig())
@example(text=" \n\t \u3000 \n", cfg=ChunkingConfig())
@example(text="word " * 600, cfg=ChunkingConfig())
@example(text="x" * 5000, cfg=ChunkingConfig(max_tokens=8))
@example(text="中文" * 400 + "。", cfg=ChunkingConfig(max_tokens=8))
@example(text="e\u0301" * 50 + " 👨‍👩‍👧" * 30, cfg=ChunkingConfig(max_tokens=8))
@example(  # a refitted chunk's last piece was the overlap the next chunk starts with: two chunks started at "...."
    text='the. Smith "Stop." pneumonoultramicroscopicsilicovolcanoconiosis\n\n.... Dr.. ',
    cfg=ChunkingConfig(max_tokens=13, overlap_sentences=1),
)
def test_chunk_offsets_are_exact_trimmed_ordered_fitting_and_cover_the_text(tokenizer, text, cfg):
    """Protects the chunk contract on arbitrary unicode: every chunk is an exact, trimmed,
    non-empty slice of the text, chunks come in start order, each fits `max_tokens` when the
    chunk alone is re-tokenized, every non-space character is in a chunk, and blank text has no
    chunks."""
    doc = make_doc(text)
    spans = chunk_document(doc, tokenizer, cfg)
    check_chunks(doc, spans, cfg, tokenizer)
    assert all(s.page is None for s in spans)


pages = st.lists(st.one_of(prose, tricky_text, st.just("")), min_size=1, max_size=5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_texts=pages, cfg=configs)
@example(page_texts=["First page ends mid", "sentence on the second page.", "", "Third."], cfg=ChunkingConfig())
def test_pdf_chunks_never_cross_a_page_and_know_their_page(tokenizer, page_texts, cfg):
    """Protects page-aware chunking: on a PDF-style document (pages joined as the PDF reader
    joins them) no chunk crosses a page boundary and `span.page == doc.page_at(span.start)`."""
    starts, offset = [], 0
    for p in page_texts:
        starts.append(offset)
        offset += len(p) + 2
    doc = make_doc("\n\n".join(page_texts), starts)
    spans = chunk_document(doc, tokenizer, cfg)
    check_chunks(doc, spans, cfg, tokenizer)
    bounds = starts + [len(doc.text)]
    for s in spans:
        assert s.page == doc.page_at(s.start)
        assert bounds[s.page - 1] <= s.start and s.end <= bounds[s.page], (s, bounds)


def test_pdf_sentence_split_across_pages_is_cut_at_the_page(tokenizer):
    """Protects page boundaries over sentence flow: a sentence running onto the next page
    still becomes two chunks, one per page."""
    doc = make_doc("Page one text that runs on\n\nonto page two. End.", [0, 28])
    spans = chunk_document(doc, tokenizer, ChunkingConfig())
    assert [(doc.text[s.start : s.end], s.page) for s in spans] == [
        ("Page one text that runs on", 1),
        ("onto page two. End.", 2),
    ]


def test_long_sentence_is_split_into_fitting_pieces(tokenizer):
    """Protects splitting of one sentence longer than `max_tokens` (no punctuation to cut at):
    pieces fit, cover it, and are cut at word starts."""
    words = [f"word{i}" for i in range(60)]
    text = " ".join(words) + "."
    cfg = ChunkingConfig(max_tokens=8)
    doc = make_doc(text)
    spans = chunk_document(doc, tokenizer, cfg)
    check_chunks(doc, spans, cfg, tokenizer)
    assert len(spans) >= len(text.split()) * n_tokens(tokenizer, "word10") // 8
    for s in spans:  # whole words: each piece begins after a space (or at the start)
        assert s.start == 0 or text[s.start - 1] == " ", text[s.start - 5 : s.start + 5]


def test_empty_and_whitespace_documents_give_no_chunks(tokenizer):
    """Protects against empty passages: blank documents have nothing to index."""
    for text in ["", " ", "\n\n\n", "\t \r\n \u3000\u2028"]:
        assert chunk_document(make_doc(text), tokenizer, ChunkingConfig()) == []


SHORT = [f"Sentence number {i} is here." for i in range(40)]


def sentence_starts(text: str) -> list[int]:
    return [a for a, _ in sentence_spans(text)]


@pytest.mark.parametrize("max_tokens", [12, 20, 30, 45])
def test_consecutive_chunks_overlap_by_exactly_one_sentence_when_it_fits(tokenizer, max_tokens):
    """Protects the one-sentence overlap: with many short sentences, chunk i+1 starts at the
    last sentence of chunk i (so it starts at or before chunk i's end), never further back."""
    text = " ".join(SHORT)
    doc = make_doc(text)
    cfg = ChunkingConfig(max_tokens=max_tokens, overlap_sentences=1)
    spans = chunk_document(doc, tokenizer, cfg)
    check_chunks(doc, spans, cfg, tokenizer)
    assert len(spans) > 2
    starts = sentence_starts(text)
    for a, b in zip(spans, spans[1:]):
        inside_a = [s for s in starts if a.start <= s < a.end]
        assert b.start <= a.end
        overlapped = [s for s in inside_a if s >= b.start]
        if len(inside_a) > 1:  # a chunk of one sentence cannot give one back
            assert overlapped == [inside_a[-1]], (text[a.start : a.end], text[b.start : b.end])
        else:
            assert overlapped == []


def test_no_overlap_when_overlap_sentences_is_zero(tokenizer):
    """Protects `overlap_sentences=0`: consecutive chunks are disjoint and in order."""
    text = " ".join(SHORT)
    spans = chunk_document(make_doc(text), tokenizer, ChunkingConfig(max_tokens=20, overlap_sentences=0))
    assert len(spans) > 2
    for a, b in zip(spans, spans[1:]):
        assert a.end < b.start


def test_pack_overlap_is_skipped_when_the_overlap_would_not_fit():
    """Protects `pack`: the repeated sentence is dropped when it and the next one exceed the limit."""
    units = [(0, 10), (11, 20), (21, 30), (31, 40)]
    assert pack(units, [3, 3, 3, 3], limit=6, overlap=1) == [(0, 20), (11, 30), (21, 40)]
    assert pack(units, [3, 3, 5, 3], limit=6, overlap=1) == [(0, 20), (21, 30), (31, 40)]
    assert pack(units, [3, 3, 3, 3], limit=100, overlap=1) == [(0, 40)]
    assert pack([], [], limit=6, overlap=1) == []


def test_pack_starts_an_overlap_above_the_term_line_right_over_it():
    """Protects term lines in overlaps: where the next chunk would start right below a unit that heads it (an
    entry's term line), it starts at that unit instead, when the two still fit; otherwise packing is unchanged."""
    units = [(0, 10), (11, 20), (21, 30), (31, 40), (41, 50)]
    heads = [False, True, False, False, False]
    assert pack(units, [2, 2, 1, 2, 2], limit=6, overlap=1) == [(0, 30), (21, 50)]
    assert pack(units, [2, 2, 1, 2, 2], limit=6, overlap=1, heads=heads) == [(0, 30), (11, 40), (31, 50)]
    assert pack(units, [2, 4, 1, 2, 2], limit=6, overlap=1, heads=heads) == [(0, 20), (11, 30), (21, 50)]
    # No overlap asked for: a chunk ending on a term line still repeats it above its description.
    heads = [False, False, True, False, False]
    assert pack(units, [2, 2, 2, 2, 2], limit=6, overlap=0) == [(0, 30), (31, 50)]
    assert pack(units, [2, 2, 2, 2, 2], limit=6, overlap=0, heads=heads) == [(0, 30), (21, 50)]


def test_term_lines_are_lines_right_over_text_not_headings_code_or_lists():
    """Protects what counts as a term line: a line of its own without a sentence's stop, with text on the very
    next line, in a run of at most three; not a sentence, a list item, a table row, a heading over a blank line,
    nor the lines of a code block."""
    text = "shutil.rmtree(path, *, dir_fd=None)\nDelete a tree.\n- an item\na | b\nHeading\n\nText\nLast"
    lines = [(0, 35), (36, 50), (51, 60), (61, 66), (67, 74), (76, 80), (81, 85)]
    assert [text[a:b] for a, b in lines][-3:] == ["Heading", "Text", "Last"]
    assert [heads_next(text, a, b) for a, b in lines] == [True, False, False, False, False, True, False]
    assert not heads_next(text, 6, 35)  # not where its line starts
    assert head_runs([True, False, True, True, False, True]) == [True, False, True, True, False, False]
    assert head_runs([True, True, True, True, False]) == [False] * 5  # code, not term lines


@pytest.mark.parametrize("filler", range(16))
def test_a_reference_entry_term_line_is_read_with_its_description(tokenizer, filler):
    """Protects reference entries (the Python manual's shutil.rmtree): wherever the text above an entry makes chunks
    end, every chunk holding the first sentence of its description also holds its term line."""
    above = " ".join(f"Sentence {i} of the section above describes something else." for i in range(filler))
    entry = (
        "shutil.rmtree(path, ignore_errors=False)\nDelete an entire directory tree. "
        "If ignore_errors is true, errors resulting from failed removals will be ignored. "
        "This function can support paths relative to directory descriptors."
    )
    text = f"{above}\n\n{entry}" if above else entry
    cfg = ChunkingConfig(max_tokens=64)
    spans = chunk_document(make_doc(text), tokenizer, cfg)
    check_chunks(make_doc(text), spans, cfg, tokenizer)
    first = text.index("Delete an entire")
    holding = [text[s.start : s.end] for s in spans if s.start <= first < s.end]
    assert holding and all(h.find("shutil.rmtree(") != -1 for h in holding), holding


# ------------------------------------------------------------------ sentences


def sentences(text: str) -> list[str]:
    spans = sentence_spans(text)
    for a, b in spans:
        assert text[a:b] == text[a:b].strip() and a < b
    return [text[a:b] for a, b in spans]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Smith went home. He slept.", ["Dr. Smith went home.", "He slept."]),
        ("Mr. and Mrs. Brown met Prof. Green at St. Mary's.", ["Mr. and Mrs. Brown met Prof. Green at St. Mary's."]),
        ("J. R. R. Tolkien wrote it. Readers loved it.", ["J. R. R. Tolkien wrote it.", "Readers loved it."]),
        (
            "He met her in Shizuoka, Japan, Nov. 24, 2019. They talked.",
            ["He met her in Shizuoka, Japan, Nov. 24, 2019.", "They talked."],
        ),
        ("The U.S. Army arrived. It rained.", ["The U.S. Army arrived.", "It rained."]),
        ("Use a tool, e.g. A hammer. Then stop.", ["Use a tool, e.g. A hammer.", "Then stop."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ('It ended. "Why?" she asked. Nobody knew.', ["It ended.", '"Why?" she asked.', "Nobody knew."]),
        ("Really?! Yes. 3 people came.", ["Really?!", "Yes.", "3 people came."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("Pi is 3.14 roughly. Fine.", ["Pi is 3.14 roughly.", "Fine."]),
        ("all lowercase. still one sentence.", ["all lowercase. still one sentence."]),
        (
            "Headline Without Period\nFirst sentence here. Second one.",
            ["Headline Without Period", "First sentence here.", "Second one."],
        ),
        ("A sentence that wraps onto\nthe next line. Next.", ["A sentence that wraps onto\nthe next line.", "Next."]),
        ("ISTANBUL\nTokyo on Tuesday urged ties.", ["ISTANBUL", "Tokyo on Tuesday urged ties."]),
        ("Para one\n\npara two", ["Para one", "para two"]),
        (
            "Source:Xinhua Published: 2019/11/24 22:48:50\n\nChinese State Councilor met.",
            ["Source:Xinhua Published: 2019/11/24 22:48:50", "Chinese State Councilor met."],
        ),
        ("", []),
        ("   \n\n  ", []),
        ("  Leading and trailing.  ", ["Leading and trailing."]),
    ],
)
def test_sentence_spans_hand_written_cases(text, expected):
    """Protects sentence boundaries: abbreviations, initials, dates, quotes, numbers, headlines
    and wrapped lines, with exact trimmed offsets."""
    assert sentences(text) == expected


def test_sentence_spans_respect_start_and_end():
    """Protects the sub-range form used for PDF pages: spans stay inside [start, end)."""
    text = "Before. Inside one. Inside two. After."
    start, end = text.index("Inside one"), text.index(" After")
    spans = sentence_spans(text, start, end)
    assert [text[a:b] for a, b in spans] == ["Inside one.", "Inside two."]


def test_cjk_sentences_are_split_at_full_width_stops():
    """Protects CJK sentence splitting: 。！？ are listed as terminals, so they should end sentences."""
    assert sentences("我很好。你呢？他也好！") == ["我很好。", "你呢？", "他也好！"]
