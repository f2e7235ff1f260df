"""Answer a question from retrieved passages: quoted sentences, or an honest abstention."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rag.answer.quotes import Sentence, candidate_sentences, feature_matrix, logistic, select_quotes
from rag.answer.reader.reader import ReadSpan, best_spans
from rag.models import Answer, Document, Hit, Quote, Span
from rag.retrieve.sparse import SparseIndex
from rag.retrieve.tokenize import tokenize
from rag.settings import AnswerSettings


def sentence_probabilities(
    question: str,
    q_vec: np.ndarray,
    sentences: list[Sentence],
    s_vecs: np.ndarray,
    sparse: SparseIndex,
    settings: AnswerSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """For each candidate sentence, the probability that it answers `question` (and its features)."""
    if not sentences:
        return np.zeros(0), np.zeros((0, len(settings.weights)))
    q_tokens = tokenize(question)
    x = feature_matrix(q_tokens, sparse.idf(q_tokens), q_vec, sentences, s_vecs)
    return logistic(x, np.asarray(settings.weights), settings.bias), x


def quote_passage(quote: Quote, hits: list[Hit]) -> int | None:
    """Index of the first hit whose passage holds the whole quote."""
    for i, h in enumerate(hits):
        if h.doc_id == quote.doc_id and h.start <= quote.start and quote.end <= h.end:
            return i
    return None


def passages_to_read(quotes: list[Quote], hits: list[Hit], settings: AnswerSettings) -> tuple[list[int], int | None]:
    """The hits the reader reads (the top ones, and the main quote's if further down) and the main quote's."""
    read = list(range(min(settings.reader_passages, len(hits))))
    main = quote_passage(quotes[0], hits) if quotes else None
    if main is not None and main not in read:
        read.append(main)
    return read, main


@dataclass
class Reading:
    """What the reader made of one question's passages."""

    margin: float  # best span score over all passages minus the lowest no-answer score; > 0: rather answer
    inside: ReadSpan | None  # the best span inside the main quote, in its passage's characters
    main: int | None  # the hit holding the main quote


def reading(
    scored,
    texts: list[str],
    read: list[int],
    main: int | None,
    quote: Quote | None,
    hits: list[Hit],
    max_answer_tokens: int,
) -> Reading:
    """Margin and in-quote span from the reader's scored windows over `texts` (the hits in `read`)."""
    free = best_spans(scored, texts, None, max_answer_tokens)
    margin = (max(s.score for s in free) - min(s.null for s in free)) if free else float("-inf")
    inside = None
    if main is not None and quote is not None:
        h = hits[main]
        ranges: list[tuple[int, int] | None] = [
            (quote.start - h.start, quote.end - h.start) if i == main else (0, 0) for i in read
        ]
        spans = best_spans(scored, texts, ranges, max_answer_tokens)
        inside = spans[0] if spans else None
    return Reading(margin, inside, main)


def highlight(quote: Quote, hits: list[Hit], r: Reading, settings: AnswerSettings) -> None:
    """Mark the reader's span inside the main quote when it beats "no answer" by the fitted margin."""
    if r.inside is None or r.main is None or r.inside.margin < settings.span_threshold:
        return
    h = hits[r.main]
    start, end = h.start + r.inside.start, h.start + r.inside.end
    text = quote.text[start - quote.start : end - quote.start]
    quote.span = Span(doc_id=quote.doc_id, start=start, end=end, page=quote.page, text=text)


def short_answer(quotes: list[Quote], found: bool) -> Span | None:
    """Where the short answer is: the main quote's answer span, or the whole quote when it has none."""
    if not found or not quotes:
        return None
    q = quotes[0]
    return q.span or Span(doc_id=q.doc_id, start=q.start, end=q.end, page=q.page, text=q.text)


def confidence(sentence_prob: float, reader_margin: float | None, settings: AnswerSettings) -> float:
    """Probability that the corpus answers: the best sentence's, combined with the reader's margin if any."""
    if reader_margin is None or not settings.abstain_weights:
        return sentence_prob
    w = settings.abstain_weights
    z = w[0] * sentence_prob + w[1] * max(reader_margin, -20.0) + w[2]
    return float(1.0 / (1.0 + np.exp(-z)))


def default_threshold(margin: float | None, settings: AnswerSettings) -> float:
    """The fitted threshold that goes with the confidence: combined, or sentence-only without the reader."""
    combined = margin is not None and bool(settings.abstain_weights)
    return (
        settings.abstain_threshold if combined or settings.sentence_threshold is None else settings.sentence_threshold
    )


def answer_many(
    questions: Sequence[str],
    hits: Sequence[list[Hit]],
    docs: Mapping[str, Document],
    sparse: SparseIndex,
    embedder,
    settings: AnswerSettings,
    threshold: float | None = None,
    reader=None,
    query_vectors: np.ndarray | None = None,
) -> list[Answer]:
    """Answers to many questions; their sentences are embedded, and passages read, in shared batches.

    A sentence found for several questions is embedded once. `query_vectors` are the questions'
    embeddings when the caller already has them.
    """
    t0 = time.perf_counter()
    sentences = [candidate_sentences(h, docs) for h in hits]
    unique = list(dict.fromkeys(s.text for ss in sentences for s in ss))
    if query_vectors is None:
        query_vectors = embedder.encode(list(questions))
    vecs = embedder.encode(unique)
    row = {t: i for i, t in enumerate(unique)}
    quotes, best = [], []
    for q, q_vec, ss in zip(questions, query_vectors, sentences):
        probs, _ = sentence_probabilities(q, q_vec, ss, vecs[[row[s.text] for s in ss]], sparse, settings)
        quotes.append(select_quotes(ss, probs, settings.max_quotes, settings.relative))
        best.append(float(probs.max()) if len(probs) else 0.0)
    quotes_ms = (time.perf_counter() - t0) * 1000 / max(1, len(questions))

    t0 = time.perf_counter()
    readings: list[Reading | None] = [None] * len(questions)
    asked = [i for i, qs in enumerate(quotes) if reader is not None and qs]
    plans = [passages_to_read(quotes[i], hits[i], settings) for i in asked]
    texts = [[hits[i][p].text for p in read] for i, (read, _) in zip(asked, plans)]
    scored = reader.score_many([(questions[i], t) for i, t in zip(asked, texts)]) if asked else []
    for i, (read, main), t, sc in zip(asked, plans, texts, scored):
        r = reading(sc, t, read, main, quotes[i][0], hits[i], reader.max_answer_tokens)
        highlight(quotes[i][0], hits[i], r, settings)
        readings[i] = r
    reader_ms = (time.perf_counter() - t0) * 1000 / max(1, len(asked))

    out = []
    for i, q in enumerate(questions):
        read_as = readings[i]
        margin = read_as.margin if read_as is not None else None
        conf = confidence(best[i], margin, settings)
        limit = default_threshold(margin, settings) if threshold is None else threshold
        timings = {"quotes": quotes_ms, **({"reader": reader_ms} if read_as is not None else {})}
        found = bool(quotes[i]) and conf >= limit
        span = short_answer(quotes[i], found)
        out.append(
            Answer(
                question=q,
                found=found,
                text=span.text if span else "",
                span=span,
                quotes=quotes[i],
                confidence=conf,
                threshold=limit,
                hits=hits[i],
                timings_ms=timings,
            )
        )
    return out
