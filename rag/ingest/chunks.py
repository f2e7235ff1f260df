"""Cut documents into sentence-aware chunks that fit the embedder, with exact offsets."""

from __future__ import annotations

import logging
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rag.ingest.sentences import CELL, LIST_ITEM, sentence_spans, trim
from rag.models import Document
from rag.settings import ChunkingConfig

TOKENIZE_WINDOW = 1 << 18  # characters tokenized per call: bounds the tokenizer's memory on a big text
NOTICE_CHARS = 4 << 20  # texts this long are announced while chunked (`rag index` shows the notice)
# Raise whenever a same text would be cut, or its chunks embedded, differently: indexes then cut and embed their
# documents again, once.
# 2: an overlap starting right below an entry's term line takes the term line along. (Not raised for dropping a
# refitted chunk's last piece that the next chunk starts with: an older index holds that text twice, nothing wrong;
# no SQuAD dev paragraph nor any page of the three documentation sets is cut differently.)
# 3: what is embedded for a chunk leaves its list items' markers out (`store.state.index_text`).
# 4: prose a <pre> wraps at a typewriter's margin without indenting it is sentences, not lines
# (`sentences.pre_wrapped`: HAProxy's and Vim's manuals).
# 5: so is a manual page's option line that the next line goes on under a hanging indent.
# 6: and such prose whose line opens with an argument's placeholder ("after <count> consecutive …", HAProxy's) or a
# quoted word ('"-d  ALL deferred" to delete …', Postfix's).
CHUNKER_VERSION = 6
HEAD_SHARE = 4  # a term line has at most max_tokens // HEAD_SHARE word pieces
STACKED_HEADS = 3  # term lines stacked above one description, at most ("-f", "--force", then what they do)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    page: int | None = None


def count_tokens(token_starts: Sequence[int], start: int, end: int) -> int:
    """Tokens whose first character lies in [start, end); `token_starts` is sorted."""
    return bisect_left(token_starts, end) - bisect_left(token_starts, start)


def split_long(text: str, token_starts: Sequence[int], start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut an over-long span into pieces of at most `limit` tokens, preferring whitespace cuts."""
    first, last = bisect_left(token_starts, start), bisect_left(token_starts, end)
    pieces, i = [], first
    while i < last:
        j = min(i + limit, last)
        if j < last:  # back off to a token that starts a word, when one is near
            k = j
            while k > i + limit // 2 and not text[token_starts[k] - 1].isspace():
                k -= 1
            if k > i + limit // 2:
                j = k
        a = token_starts[i] if i > first else start
        b = token_starts[j] if j < last else end
        a, b = trim(text, a, b)
        if a < b:
            pieces.append((a, b))
        i = j
    return pieces


def heads_next(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a line of its own with text on the very next line, as an entry's term line
    is written over its description ("shutil.rmtree(path, *, dir_fd=None)\nDelete an entire directory tree");
    not a sentence, a list item, a table row, nor a heading set apart by a blank line."""
    line = text[start:end]
    return (
        bool(line)
        and (start == 0 or text[start - 1] == "\n")
        and text[end : end + 1] == "\n"
        and text[end + 1 : end + 2] not in ("", "\n")
        and "\n" not in line
        and line[-1] not in ".!?;,"
        and CELL not in line
        and not LIST_ITEM.match(line)
    )


def head_runs(lines: list[bool]) -> list[bool]:
    """Of the units that read as term lines, those in a run of at most STACKED_HEADS right above a unit that does
    not: term lines over their description, not the lines of a code block or of a list."""
    heads, k, n = [False] * len(lines), 0, len(lines)
    while k < n:
        if not lines[k]:
            k += 1
            continue
        run = k
        while k < n and lines[k]:
            k += 1
        if k < n and k - run <= STACKED_HEADS:
            heads[run:k] = [True] * (k - run)
    return heads


def pack(
    units: list[tuple[int, int]], sizes: list[int], limit: int, overlap: int, heads: list[bool] | None = None
) -> list[tuple[int, int]]:
    """Greedily pack consecutive units into chunks of <= limit tokens, repeating `overlap` units.

    `heads[k]` marks a unit that heads unit k + 1 (an entry's term line over its description): a chunk never
    starts right below one when it fits, so that a description is read with the term it describes."""
    heads = heads or [False] * len(units)
    chunks, i, n = [], 0, len(units)
    while i < n:
        j, total = i, 0
        while j < n and (j == i or total + sizes[j] <= limit):
            total += sizes[j]
            j += 1
        chunks.append((units[i][0], units[j - 1][1]))
        if j >= n:
            break
        # Start the next chunk `overlap` units back, if that still leaves room for unit j, and above the term
        # lines right over where it would start.
        back = j
        for _ in range(overlap):
            if back - 1 > i and sum(sizes[back - 1 : j + 1]) <= limit:
                back -= 1
        while back - 1 > i and heads[back - 1] and sum(sizes[back - 1 : j + 1]) <= limit:
            back -= 1
        i = back
    return chunks


def segments(doc: Document) -> list[tuple[int, int, int | None]]:
    """Regions chunks never cross: each PDF page, or the whole text."""
    if not doc.page_starts:
        return [(0, len(doc.text), None)]
    bounds = list(doc.page_starts) + [len(doc.text)]
    return [(bounds[i], bounds[i + 1], i + 1) for i in range(len(doc.page_starts))]


def chunk_text_spans(
    text: str, token_starts: Sequence[int], start: int, end: int, cfg: ChunkingConfig
) -> list[tuple[int, int]]:
    """Chunk spans for text[start:end] given the sorted start offsets of its tokens."""
    units: list[tuple[int, int]] = []
    for a, b in sentence_spans(text, start, end):
        if count_tokens(token_starts, a, b) > cfg.max_tokens:
            units.extend(split_long(text, token_starts, a, b, cfg.max_tokens))
        else:
            units.append((a, b))
    sizes = [count_tokens(token_starts, a, b) for a, b in units]
    lines = [size * HEAD_SHARE <= cfg.max_tokens and heads_next(text, a, b) for (a, b), size in zip(units, sizes)]
    return pack(units, sizes, cfg.max_tokens, cfg.overlap_sentences, head_runs(lines))


def windows(text: str, size: int = TOKENIZE_WINDOW) -> Iterator[tuple[int, int]]:
    """[start, end) pieces of `text` of about `size` characters, each cut after a space or newline
    (where no word piece can span the cut); a run without one that long is cut where it must be."""
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        yield start, end
        start = end


def token_starts_of(tokenizer, text: str, window: int = TOKENIZE_WINDOW) -> Sequence[int]:
    """Sorted start offsets of every word piece in `text` (zero-width pieces included).

    The text is tokenized a window at a time into a compact array: memory stays small on a 50 MB text.
    """
    starts = array("q")
    for a, b in windows(text, window):
        enc = tokenizer(
            text[a:b],
            add_special_tokens=False,
            return_offsets_mapping=True,
            return_attention_mask=False,
            return_token_type_ids=False,
            verbose=False,
        )
        starts.extend(sorted(a + s for s, _ in enc["offset_mapping"]))
    return starts


def chunk_document(doc: Document, tokenizer, cfg: ChunkingConfig | None = None) -> list[Span]:
    """Chunks of `doc`: each `doc.text[start:end]` fits the model after re-tokenizing."""
    cfg = cfg or ChunkingConfig()
    text = doc.text
    if len(text) >= NOTICE_CHARS:
        log.info("chunking %s (%s characters)", doc.id, f"{len(text):,}")
    starts = token_starts_of(tokenizer, text)
    spans: list[Span] = []
    for seg_start, seg_end, page in segments(doc):
        chunks = chunk_text_spans(text, starts, seg_start, seg_end, cfg)
        for k, (a, b) in enumerate(chunks):
            if clean_cut(text, a, b) and count_tokens(starts, a, b) <= cfg.max_tokens:
                spans.append(Span(a, b, page))  # its word pieces alone are those it has in context
            else:  # a piece inside the next chunk's overlap is that chunk's already: "...." of "... \n\n.... Dr.."
                nxt = chunks[k + 1][0] if k + 1 < len(chunks) else b
                spans.extend(Span(s, e, page) for s, e in fit(tokenizer, text, a, b, cfg.max_tokens) if s < nxt)
    return spans


def clean_cut(text: str, start: int, end: int) -> bool:
    """True when text[start:end] starts after a space or newline (or at the start) and ends before one
    (or at the end): the tokenizer then cuts it into the same word pieces alone as in context."""
    return (start == 0 or text[start - 1] in " \n") and (end == len(text) or text[end] in " \n")


def fit(tokenizer, text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Re-tokenize text[start:end] alone and halve it until every piece really fits."""
    local = token_starts_of(tokenizer, text[start:end])
    if len(local) <= limit:
        return [(start, end)]
    pieces = []
    for a, b in split_long(text[start:end], local, 0, end - start, limit):
        pieces.extend(fit(tokenizer, text, start + a, start + b, limit))
    return pieces
