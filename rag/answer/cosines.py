"""Each passage's cosine with the question, which weighs the passage an answer comes from."""

from __future__ import annotations

import numpy as np

from rag.embed.model import TextEmbedder
from rag.models import Hit
from rag.store.state import index_text


def passage_cosines(
    hits: list[Hit], question: np.ndarray | None, embedder: TextEmbedder, title_prefix: bool
) -> list[float]:
    """Each hit's cosine with the question: the dense retriever's score where it ranked the passage, else the
    cosine of the passage's embedding (one BM25 alone found, or every one in bm25 mode), so that the answer weighs
    every passage it reads alike: "not among the dense retriever's best" is no cosine of 0. 0 without `question`."""
    out = [d.score if (d := h.retrievers.get("dense")) is not None else None for h in hits]
    missing = [i for i, c in enumerate(out) if c is None]
    if missing and question is not None:
        vectors = embedder.encode([index_text(hits[i].title, hits[i].text, title_prefix) for i in missing])
        for i, v in zip(missing, vectors):
            out[i] = cosine(v, question)
    return [0.0 if c is None else c for c in out]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12)
