"""Answer a question from retrieved passages: quoted sentences, or an honest abstention."""

from __future__ import annotations

import time

import numpy as np

from rag.embedder import Embedder
from rag.models import Answer, Document, Hit, Quote
from rag.reader.reader import best_spans
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


def quote_passage(quote: Quote, hits: list[Hit]) -> int | None:
    """Index of the first hit whose passage holds the whole quote."""
    for i, h in enumerate(hits):
        if h.doc_id == quote.doc_id and h.start <= quote.start and quote.end <= h.end:
            return i
    return None


def read_spans(question: str, quotes: list[Quote], hits: list[Hit], reader, settings: AnswerSettings) -> float:
    """Highlight the reader's best span inside the main quote when confident; return the no-answer margin.

    The reader reads the top passages (and the main quote's, if further down) in one batch. The
    margin is its best span score over all of them minus its lowest no-answer score: > 0 means it
    would rather answer than abstain.
    """
    read = list(range(min(settings.reader_passages, len(hits))))
    main = quote_passage(quotes[0], hits) if quotes else None
    if main is not None and main not in read:
        read.append(main)
    if not read:
        return float("-inf")
    texts = [hits[i].text for i in read]
    scored = reader.score_windows(question, texts)
    free = best_spans(scored, texts, None, reader.max_answer_tokens)
    margin = (max(s.score for s in free) - min(s.null for s in free)) if free else float("-inf")
    if main is not None:
        h = hits[main]
        ranges = [(quotes[0].start - h.start, quotes[0].end - h.start) if i == main else (0, 0) for i in read]
        inside = best_spans(scored, texts, ranges, reader.max_answer_tokens)
        if inside and inside[0].margin >= settings.span_threshold:
            q = quotes[0]
            q.span_start, q.span_end = h.start + inside[0].start, h.start + inside[0].end
            q.span_text = q.text[q.span_start - q.start : q.span_end - q.start]
    return margin


def confidence(sentence_prob: float, reader_margin: float | None, settings: AnswerSettings) -> float:
    """Probability that the corpus answers: the best sentence's, combined with the reader's margin if any."""
    if reader_margin is None or not settings.abstain_weights:
        return sentence_prob
    w = settings.abstain_weights
    z = w[0] * sentence_prob + w[1] * max(reader_margin, -20.0) + w[2]
    return float(1.0 / (1.0 + np.exp(-z)))


def answer(
    question: str, hits: list[Hit], docs: dict[str, Document], sparse: SparseIndex,
    embedder: Embedder, settings: AnswerSettings, threshold: float | None = None, reader=None,
) -> Answer:
    """Quotes best first; `found` is False when the answer confidence is under the threshold."""
    t = time.perf_counter()
    timings = {}
    sentences, probs, _ = sentence_probabilities(question, hits, docs, sparse, embedder, settings)
    quotes = select_quotes(sentences, probs, settings.max_quotes, settings.relative)
    timings["quotes"] = (time.perf_counter() - t) * 1000
    margin = None
    if reader is not None and quotes:
        t = time.perf_counter()
        margin = read_spans(question, quotes, hits, reader, settings)
        timings["reader"] = (time.perf_counter() - t) * 1000
    conf = confidence(float(probs.max()) if len(probs) else 0.0, margin, settings)
    if threshold is None:
        combined = margin is not None and bool(settings.abstain_weights)
        threshold = settings.abstain_threshold if combined or settings.sentence_threshold is None else settings.sentence_threshold
    return Answer(
        question=question, found=bool(quotes) and conf >= threshold, quotes=quotes,
        confidence=conf, threshold=threshold, hits=hits, timings_ms=timings,
    )
