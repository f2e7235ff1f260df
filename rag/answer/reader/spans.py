"""Decode start/end logits into the best answer span, as pure functions over arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SpanScore:
    """Best span of one window: token positions, its logit score and the window's no-answer score."""

    start: int
    end: int
    score: float
    null: float


def best_span(start_logits: np.ndarray, end_logits: np.ndarray, allowed: np.ndarray, max_tokens: int = 30) -> SpanScore:
    """Highest start+end logit over spans with end >= start, at most `max_tokens` long, on allowed tokens.

    `allowed` marks passage tokens (question, [CLS], [SEP] and padding excluded). The no-answer
    score is the [CLS] start+end logit, as in SQuAD 2.0 readers.
    """
    null = float(start_logits[0] + end_logits[0])
    idx = np.flatnonzero(allowed)
    if idx.size == 0:
        return SpanScore(0, 0, float("-inf"), null)
    s, e = start_logits[idx], end_logits[idx]
    grid = s[:, None] + e[None, :]
    i, j = np.indices(grid.shape)
    gap = idx[None, :] - idx[:, None]
    grid = np.where((j >= i) & (gap < max_tokens), grid, -np.inf)
    a, b = np.unravel_index(int(np.argmax(grid)), grid.shape)
    return SpanScore(int(idx[a]), int(idx[b]), float(grid[a, b]), null)


def top_spans(
    start_logits: np.ndarray,
    end_logits: np.ndarray,
    allowed: np.ndarray,
    max_tokens: int = 30,
    k: int = 3,
    block: np.ndarray | None = None,
    inner: np.ndarray | None = None,
) -> list[SpanScore]:
    """The `k` highest-scoring spans of a window (as `best_span` scores them), best first; with `block` (a
    paragraph number per token), only spans that start and end in the same paragraph; with `inner` (tokens
    that continue the word of the token before), only spans of whole words.

    The runners-up give the ranking across passages other answers to weigh, and give further quotes.
    """
    null = float(start_logits[0] + end_logits[0])
    idx = np.flatnonzero(allowed)
    if idx.size == 0:
        return []
    grid = start_logits[idx][:, None] + end_logits[idx][None, :]
    i, j = np.indices(grid.shape)
    ok = (j >= i) & (idx[None, :] - idx[:, None] < max_tokens)
    if block is not None:
        ok &= block[idx][:, None] == block[idx][None, :]
    if inner is not None:
        ends_word = ~np.append(inner[1:], False)
        ok &= ~inner[idx][:, None] & ends_word[idx][None, :]
    grid = np.where(ok, grid, -np.inf)
    flat = grid.ravel()
    n = min(k, int(np.isfinite(flat).sum()))
    if n == 0:
        return []
    best = np.argpartition(-flat, n - 1)[:n]
    best = best[np.argsort(-flat[best], kind="stable")]
    return [
        SpanScore(int(idx[a]), int(idx[b]), float(flat[f]), null)
        for f in best
        for a, b in [divmod(int(f), grid.shape[1])]
    ]
