"""Read passages with the trained span model: best exact answer span per passage, and no-answer scores."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.answer.reader.features import Window, pad, windows
from rag.answer.reader.model import WEIGHTS, load_reader
from rag.answer.reader.runtime import OnnxReaderNetwork
from rag.answer.reader.spans import best_span, top_spans
from rag.embed.model import load_tokenizer, set_threads
from rag.ingest.hanging import is_term_line
from rag.ingest.sentences import BLANK_LINE, CELL, pre_wrapped


@dataclass(frozen=True)
class ReadSpan:
    """An answer span in passage `passage`: characters [start, end) of that passage's text."""

    passage: int
    start: int
    end: int
    score: float  # start+end logits: comparable across passages of one question
    null: float  # the no-answer score of the window the span came from

    @property
    def margin(self) -> float:
        """How much the span beats "no answer" (> 0: the reader prefers answering)."""
        return self.score - self.null


BACKENDS = ("onnx", "torch")


class Reader:
    """The shipped extractive reader; loads once, on first use."""

    def __init__(
        self,
        weights: Path = WEIGHTS,
        max_len: int = 256,
        stride: int = 96,
        max_answer_tokens: int = 30,
        bf16: bool = False,
        model: Any = None,
        tokenizer: Any = None,
        backend: str = "onnx",
    ):
        """`model` and `tokenizer`, when given, are used as they are (a network in training, on any device)
        instead of loading `weights` and the packaged tokenizer. `backend`: how `weights` run, "onnx" (an export
        made once into the cache: the same logits, 2.6 times as fast on two cores) or "torch"."""
        if backend not in BACKENDS:
            raise ValueError(f"reader backend must be one of {', '.join(BACKENDS)}; got {backend!r}")
        self.weights, self.max_len, self.stride, self.max_answer_tokens = weights, max_len, stride, max_answer_tokens
        self.bf16 = bf16  # bf16 autocast of the torch network (on the CPU: faster where it has avx512_bf16)
        self._model: Any = model
        self._tokenizer: Any = tokenizer
        self._lock = threading.Lock()
        self._onnx = OnnxReaderNetwork(weights) if backend == "onnx" and model is None else None

    @staticmethod
    def available(weights: Path = WEIGHTS) -> bool:
        return weights.is_file()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    set_threads()
                    self._model = load_reader(self.weights)
        return self._model

    @property
    def tokenizer(self):
        return self._tokenizer if self._tokenizer is not None else load_tokenizer()

    def score_windows(self, question: str, passages: list[str]) -> list[tuple[Window, np.ndarray, np.ndarray]]:
        """Start and end logits of every window over `passages`."""
        return self.score_many([(question, passages)])[0]

    def score_many(
        self, items: Sequence[tuple[str, list[str]]], batch_size: int = 16
    ) -> list[list[tuple[Window, np.ndarray, np.ndarray]]]:
        """`score_windows` for many (question, passages) pairs: windows of similar length share a batch."""
        tok = self.tokenizer
        per_item = [windows(tok, q, passages, self.max_len, self.stride) for q, passages in items]
        logits = self.logits([w for ws in per_item for w in ws], batch_size)
        result, at = [], 0
        for ws in per_item:
            result.append([(w, *logits[at + i]) for i, w in enumerate(ws)])
            at += len(ws)
        return result

    def logits(self, flat: Sequence[Window], batch_size: int = 16) -> list[tuple[np.ndarray, np.ndarray]]:
        """Start and end logits of each window, in order: each window alone on ONNX Runtime, or (torch)
        windows of similar length sharing a batch, padded."""
        if not flat:
            return []
        if self._onnx is not None:
            return self._onnx.logits(flat)
        import torch

        model = self.model
        device = next(model.parameters()).device
        out_logits: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(flat)
        order = sorted(range(len(flat)), key=lambda j: -len(flat[j].input_ids))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            arrays = pad([flat[j] for j in idx], self.tokenizer.pad_token_id)
            with torch.inference_mode(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=self.bf16):
                out = model(
                    **{
                        k: torch.from_numpy(arrays[k]).to(device)
                        for k in ("input_ids", "token_type_ids", "attention_mask")
                    }
                )
            starts, ends = out.start_logits.float().cpu().numpy(), out.end_logits.float().cpu().numpy()
            for r, j in enumerate(idx):
                out_logits[j] = (starts[r], ends[r])
        return [self._logits(pair) for pair in out_logits]

    @staticmethod
    def _logits(pair: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, np.ndarray]:
        assert pair is not None  # every window of the batch was scored
        return pair

    def read(
        self, question: str, passages: list[str], ranges: list[tuple[int, int] | None] | None = None
    ) -> list[ReadSpan]:
        """The best span of each passage (over its windows), in passage order.

        `ranges[p]`, when given, keeps passage p's span inside those characters (e.g. a quote).
        """
        return best_spans(self.score_windows(question, passages), passages, ranges, self.max_answer_tokens)


def best_spans(
    scored: list[tuple[Window, np.ndarray, np.ndarray]],
    passages: list[str],
    ranges: list[tuple[int, int] | None] | None = None,
    max_answer_tokens: int = 30,
) -> list[ReadSpan]:
    """Per passage, the best span over its windows (inside `ranges[p]` when given)."""
    best: dict[int, ReadSpan] = {}
    for w, s_log, e_log in scored:
        limit = ranges[w.passage] if ranges else None
        lo, hi = limit if limit else (0, len(passages[w.passage]))
        allowed = np.array(
            [o is not None and o[0] >= lo and o[1] <= hi for o in w.offsets] + [False] * (len(s_log) - len(w.offsets))
        )
        span = best_span(s_log, e_log, allowed, max_answer_tokens)
        if span.score == float("-inf"):
            continue
        first, last = w.offsets[span.start], w.offsets[span.end]
        assert first is not None and last is not None  # best_span keeps to allowed (passage) tokens
        cand = ReadSpan(w.passage, first[0], last[1], span.score, span.null)
        if w.passage not in best or cand.score > best[w.passage].score:
            best[w.passage] = cand
    return [best[p] for p in sorted(best)]


def candidate_spans(
    scored: list[tuple[Window, np.ndarray, np.ndarray]],
    passages: list[str],
    k: int = 3,
    max_answer_tokens: int = 30,
    lines: Sequence[bool] = (),
    regions: Sequence[Sequence[tuple[int, int]]] | None = None,
    excluded: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> list[ReadSpan]:
    """The `k` best spans of every window, as passage characters; one (the best-scored) per distinct span.
    A span is whole words ("Lakeport", never "Lake") and never runs across a `span_breaks` boundary (a paragraph
    break, a layout mark, the end of a line that ends a sentence, a table row's edge or cell): such spans would be cut or
    dropped as answers, or join two list items, so the window's next best spans take their place. `lines[i]`:
    whether passage i's lines are blocks (`span_breaks`). `regions[i]`, when given: the stretches of passage i
    (start, end characters) that spans are to start and end in; none elsewhere. `excluded[i]`, when given: the
    stretches of passage i no span starts or ends in."""
    best: dict[tuple[int, int, int], ReadSpan] = {}
    breaks = [span_breaks(p, i < len(lines) and lines[i]) for i, p in enumerate(passages)]
    for w, s_log, e_log in scored:
        allowed = np.array([o is not None for o in w.offsets] + [False] * (len(s_log) - len(w.offsets)))
        starts = [o[0] if o is not None else 0 for o in w.offsets] + [0] * (len(s_log) - len(w.offsets))
        if regions is not None:
            allowed &= in_regions(np.array(starts), regions[w.passage])
        if excluded is not None:
            allowed &= ~in_regions(np.array(starts), excluded[w.passage])
        block = np.searchsorted(breaks[w.passage], starts, side="right")
        inner = np.array(word_continues(w.offsets, passages[w.passage]) + [False] * (len(s_log) - len(w.offsets)))
        for span in top_spans(s_log, e_log, allowed, max_answer_tokens, k, block, inner):
            first, last = w.offsets[span.start], w.offsets[span.end]
            assert first is not None and last is not None  # top_spans keeps to allowed (passage) tokens
            key = (w.passage, first[0], last[1])
            if key not in best or span.score > best[key].score:
                best[key] = ReadSpan(w.passage, first[0], last[1], span.score, span.null)
    return sorted(best.values(), key=lambda r: -r.score)


def in_regions(positions: np.ndarray, regions: Sequence[tuple[int, int]]) -> np.ndarray:
    """Which positions lie in one of the [start, end) regions."""
    inside = np.zeros(positions.shape, dtype=bool)
    for a, b in regions:
        inside |= (positions >= a) & (positions < b)
    return inside


def word_continues(offsets: list[tuple[int, int] | None], text: str) -> list[bool]:
    """Per token, whether it continues the word of the token before: a word piece such as "##port", or a piece
    of one name in code (`joins_word`)."""
    out, prev_end = [], None
    for o in offsets:
        a = o[0] if o is not None else -1
        out.append(a == prev_end and 0 < a < len(text) and joins_word(text, a))
        prev_end = o[1] if o is not None else None
    return out


_WORD_OPENERS = " \t\n\"'`([{<“‘«="  # before a leading "." or "-" that starts a word (".import", "--amend")


def joins_word(text: str, a: int) -> bool:
    """Whether characters a-1 and a of `text` (0 < a < len(text)) lie in one word, so that no answer starts or
    ends between them: letters and digits; an identifier's "_" (SQLITE_MAX_LENGTH); a "." between letters or
    digits (shutil.rmtree, 3.12.0); a leading "." or "-" and what follows it (.import, --amend, -2000). A hyphen
    between words still parts them: SQuAD's answers end at "NP" of "NP-complete"."""
    p, c = text[a - 1], text[a]
    if p.isalnum() and c.isalnum():
        return True
    if p == "_" or c == "_":
        return (p.isalnum() or p == "_") and (c.isalnum() or c == "_")
    if c == ".":
        return p.isalnum() and a + 1 < len(text) and text[a + 1].isalnum()
    if p == "." and c.isalnum():
        return a < 2 or text[a - 2].isalnum() or text[a - 2] in _WORD_OPENERS
    if p == "-" and (c == "-" or c.isalnum()):
        j = a - 1
        while j > 0 and text[j - 1] == "-":
            j -= 1
        return j == 0 or text[j - 1] in _WORD_OPENERS
    return False


LAYOUT = "¶§"  # permalink and section marks: page furniture, never part of an answer
# Spans stay on one side of these: a paragraph break, a layout mark, a line that ends with a sentence's end.
_BREAKS = (BLANK_LINE, re.compile(f"[{LAYOUT}]"), re.compile(r"[.!?;:][ \t]*\n"))
_ARROW = " → "  # a list's title and what it leads to ("FTS5 → A description of …"), a signature's "→ boolean"
_ROW = re.compile(rf"^[^\n]*{re.escape(CELL)}[^\n]*\n?", re.MULTILINE)  # a table row's line


def span_breaks(text: str, lines: bool = False) -> list[int]:
    """Positions of `text` no answer span runs across (a span's tokens all start on one side of each): after
    a paragraph break or a layout mark, after a line that ends a sentence (list items and entries of HTML
    pages are lines: "… Default: what was specified on the CLI.\nhost <string> Host to listen on …"; a
    hard-wrapped line of prose that ends mid-sentence is no boundary), at both edges of a table row, and on
    both sides of the "|" between two cells ("1 GB", never "| 1 GB" or "field size | 1 GB") and of an arrow between
    a title and its description (SQLite's "FTS5 - Full Text Search → A description of …"). With `lines`
    (text whose lines are blocks, `readers.lines_are_blocks`), after every line but preformatted prose's wrapped
    ones (`sentences.pre_wrapped`): a term line and the description under it ("--timeout <seconds>\nNumber of
    seconds …") are two blocks. In any text, after a line that is one name alone, its entry's term ("PIPESTATUS" over
    "An array variable …" in a PDF): the answer is the term, never the term and its description's first words."""
    out = {m.end() for pattern in _BREAKS for m in pattern.finditer(text)}
    line = 0
    for m in re.finditer("\n", text):
        if is_term_line(text[line : m.start()]) or (lines and not pre_wrapped(text, line, m.start(), len(text))):
            out.add(m.end())  # pre_wrapped: a manual page's prose wrapped in a <pre>
        line = m.end()
    for m in _ROW.finditer(text):
        out.update((m.start(), m.end()))
    for m in re.finditer(f"{re.escape(CELL)}|{_ARROW}", text):
        out.update((m.start() + 1, m.end()))
    return sorted(out)


_shared: Reader | None = None
_shared_lock = threading.Lock()


def shipped_reader() -> Reader | None:
    """The one Reader of this process over the shipped weights (None when they are not installed).

    Many first questions at once still make one Reader, so the model loads once.
    """
    global _shared
    if _shared is None and Reader.available():
        with _shared_lock:
            if _shared is None:
                _shared = Reader()
    return _shared
