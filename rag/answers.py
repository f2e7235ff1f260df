"""Answer a question from retrieved passages: quoted sentences, or an honest abstention."""

from __future__ import annotations

import time

import numpy as np

from rag.embedder import Embedder
from rag.models import Answer, Document, Hit
from rag.quotes import candidate_sentences, feature_matrix, logistic, select_quotes
from rag.settings import AnswerSettings
from rag.sparse import SparseIndex, tokenize


def sentence_probabilities(
    question: str, hits: list[Hit], docs: dict[str, Document], sparse: SparseIndex,
    embedder: Embedder, settings: AnswerSettings,
):
    """Candidate sentences of `hits` and, for each, the probability that it answers `question`."""
    sentences = candidate_sentences(hits, docs)
    if not sentences:
        return sentences, np.zeros(0), np.zeros((0, len(settings.weights)))
    q_tokens = tokenize(question)
    vecs = embedder.encode([question] + [s.text for s in sentences])
    x = feature_matrix(q_tokens, sparse.idf(q_tokens), vecs[0], sentences, vecs[1:])
    return sentences, logistic(x, np.asarray(settings.weights), settings.bias), x


def answer(
    question: str, hits: list[Hit], docs: dict[str, Document], sparse: SparseIndex,
    embedder: Embedder, settings: AnswerSettings, threshold: float | None = None,
) -> Answer:
    """Quotes best first; `found` is False when the best sentence scores under the threshold."""
    t = time.perf_counter()
    threshold = settings.abstain_threshold if threshold is None else threshold
    sentences, probs, _ = sentence_probabilities(question, hits, docs, sparse, embedder, settings)
    quotes = select_quotes(sentences, probs, settings.max_quotes, settings.relative)
    confidence = float(probs.max()) if len(probs) else 0.0
    return Answer(
        question=question, found=bool(quotes) and confidence >= threshold, quotes=quotes,
        confidence=confidence, threshold=threshold, hits=hits,
        timings_ms={"quotes": (time.perf_counter() - t) * 1000},
    )
