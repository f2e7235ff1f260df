"""Answer questions from retrieved passages: the reader's best span with its quote, or an honest abstention."""

from __future__ import annotations

import time
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import replace

import numpy as np

from rag.answer.calls import callable_names
from rag.answer.candidates import (
    CONFIDENCE_FEATURES,
    RANK_FEATURES,
    Candidate,
    answer_candidate,
    as_term,
    choose,
    confidence,
    confidence_features,
    make_candidates,
    quote_of,
    rank,
    rank_features,
    widen,
)
from rag.answer.clauses import closer_clause
from rag.answer.common import common_words, echoes, uncommon
from rag.answer.copular import predicate_answer
from rag.answer.cosines import cosine, passage_cosines
from rag.answer.described import described_answer
from rag.answer.entries import asked_term_kinds, kind_words, passage_entries
from rag.answer.extent import passage_sentences, unanswering
from rag.answer.headed import Described
from rag.answer.keyed import asked_keys, keyed_lines
from rag.answer.mentioned import unless_unmentioned
from rag.answer.quotes import FEATURES, candidate_sentences, feature_matrix, logistic, question_overlap, select_quotes
from rag.answer.reader.features import Window
from rag.answer.reader.reader import Reader, candidate_spans
from rag.answer.replies import asks_whether
from rag.answer.shapes import shaped
from rag.answer.terms import bare_names, named_terms
from rag.answer.worded import entry_description
from rag.answer.wordings import mentioned_answer, worded_answer
from rag.embed.model import known_words
from rag.errors import BadInput
from rag.ingest.readers import lines_are_blocks
from rag.models import Answer, Basis, Document, Hit, Quote, Span
from rag.retrieve.sparse import SparseIndex
from rag.retrieve.tokenize import tokenize
from rag.settings import AnswerSettings
from rag.store.state import index_text


def read_candidates(
    questions: Sequence[str],
    hits: Sequence[list[Hit]],
    cosines: Sequence[list[float]],
    docs: Mapping[str, Document],
    sparse: SparseIndex,
    reader: Reader,
    spans_per_window: int,
    entry_cosine: Callable[[int, Hit, str], float] | None = None,
) -> list[tuple[list[Candidate], np.ndarray]]:
    """Each question's candidate spans over all its passages (with their `passage_cosines`) and their rank features:
    the windows of every question's passages are scored in shared batches. Where a question's passages hold the
    entry of a term it names (`asked_entries`), its candidates are the entry's, and a passage's cosine is its
    entry's, `entry_cosine(question's position, hit, entry text)`, when given: a chunk of twelve shopt entries
    is about all twelve."""
    texts = [[h.text for h in hs] for hs in hits]
    asked = [i for i, t in enumerate(texts) if t]
    scored = reader.score_many([(questions[i], texts[i]) for i in asked]) if asked else []
    out: list[tuple[list[Candidate], np.ndarray]] = [([], np.zeros((0, 0)))] * len(questions)
    for i, sc in zip(asked, scored):
        regions = asked_entries(questions[i], hits[i], docs, known_words())
        cos = cosines[i]
        if regions is not None and entry_cosine is not None:
            cos = [c if not r else entry_cosine(i, h, "\n".join(h.text[a:b] for a, b in r))
                   for h, c, r in zip(hits[i], cos, regions)]  # fmt: skip
        cands = question_candidates(sc, hits[i], cos, docs, spans_per_window, reader.max_answer_tokens, regions)
        q_tokens = tokenize(questions[i])
        out[i] = (cands, rank_features(cands, q_tokens, sparse.idf(q_tokens)))
    return out


def asked_entries(
    question: str, hits: list[Hit], docs: Mapping[str, Document], known: Container[str]
) -> list[list[tuple[int, int]]] | None:
    """Where, in each passage (offsets into `hit.text`), the entry of a term `question` names lies
    (`entries.passage_entries`: a named term, or a word `known`, the reader's vocabulary, lacks that starts a line
    read, `terms.bare_names`), else the line of a keyed list that a number it names keys (`keyed.keyed_lines`:
    "exit code 13"); None when no passage holds one."""
    terms, names = named_terms(question), bare_names(question, [h.text for h in hits], known)
    found: list[list[tuple[int, int]]] = []
    if terms or names:
        called = frozenset() if asked_term_kinds(question) else callable_names(question, names)  # names its text
        found = [passage_entries(docs[h.doc_id], h.start, h.end, terms, names, called) for h in hits]
    if not any(found) and (keys := asked_keys(question)):
        found = [keyed_lines(docs[h.doc_id].text, h.start, h.end, keys) for h in hits]
    return [[(a - h.start, b - h.start) for a, b in r] for h, r in zip(hits, found)] if any(found) else None


def question_candidates(
    scored: list[tuple[Window, np.ndarray, np.ndarray]],
    hits: list[Hit],
    cosines: list[float],
    docs: Mapping[str, Document],
    k: int,
    max_tokens: int,
    regions: list[list[tuple[int, int]]] | None = None,
) -> list[Candidate]:
    """One question's candidates from its windows' logits (`scored`): the k best spans of each window outside
    headings and questions, which hold no answer (`extent.unanswering`: an FAQ's question line would take the
    window's k); with `regions` (`asked_entries`), the k best in them, or when none there is left, anywhere; 4k
    when all k are dropped."""
    texts, lines = [h.text for h in hits], [lines_are_blocks(docs[h.doc_id].source) for h in hits]
    sentences = [passage_sentences(docs[h.doc_id], h) for h in hits]
    unanswered = (unanswering(docs[h.doc_id].text, s) for h, s in zip(hits, sentences))
    excluded = [[(a - h.start, b - h.start) for a, b in u] for h, u in zip(hits, unanswered)]
    for asked in [regions, None] if regions is not None else [None]:  # the regions may hold none: a header row
        for n in (k, 4 * k):  # the k best spans may all be dropped: "‘> ’" and its parts, a bracket alone
            spans = candidate_spans(scored, texts, n, max_tokens, lines, asked, excluded)
            if found := make_candidates(spans, hits, docs, cosines, asked is not None, sentences):
                return found
    return []


def reader_answer(
    question: str,
    hits: list[Hit],
    cands: list[Candidate],
    x: np.ndarray,
    settings: AnswerSettings,
    threshold: float | None,
    overlap: Callable[[str], float] | None = None,
    headed: Described | None = None,
    read: Sequence[tuple[Hit, Document]] = (),
    common: Callable[[str], bool] | None = None,
) -> Answer:
    """The best-ranked candidate as the short answer (with `common`, whether a text is of words common to the whole
    index, not one of those, nor of the question's own words alone: `common.uncommon`, `common.echoes`), the next
    distinct ones as further quotes; with `overlap` (a text's share of the question's idf mass), the entry whose
    description says what the question asks for in its words, when the question asks for a term, whether the reader
    answered with another or with it (`wordings.worded_answer`: or a table's row among the passages `read`, with their
    documents, or a name a sentence calls by the kind asked); with `headed`, what the entry, headed apart, of the
    term the question names says that answers it (`headed.headed_answer`), the reader's best quoted next.
    The confidence is the reader's best's, and for such an answer at least `settings.described_confidence` (how
    often such answers are right, held out), for a worded one (or a default or key in the question's words) at
    least `settings.worded_confidence`; `Answer.basis` says which chose it. A yes/no question the reader answers
    (no FAQ's reply, `replies.faq_reply`) is answered by the quote: a span marks no yes or no; one asking what a
    thing is, by all its quote says it is (`copular.predicate_answer`)."""
    limit = settings.abstain_threshold if threshold is None else threshold
    if not cands:
        return Answer(question=question, found=False, confidence=0.0, threshold=limit, hits=hits)
    logits = rank(x, settings.rank_weights, settings.rank_bias)
    best = int(np.argmax(logits))
    conf = confidence(confidence_features(best, x, logits), settings.confidence_weights, settings.confidence_bias)
    basis: Basis = "reader"
    if headed is not None:  # the documents hold the entry of the term asked, and it says what the question asks
        conf, basis = max(conf, settings.described_confidence), "described"
    pointed = [*cands[:best], as_term(question, cands[best]), *cands[best + 1 :]]  # the best as its entry's term
    quoted = [c.doc.text[c.quote_start : c.quote_end] for c in pointed]
    logits = shaped(question, [c.text for c in pointed], logits, quoted)  # whether the documents answer stays as it was
    echo = echoes(question)  # nor of the question's own words alone
    logits = uncommon(pointed, logits, lambda text: echo(text) or (common is not None and common(text)))
    logits = closer_clause(question, cands, logits)  # of the terms its sentence names, the one its clause asks
    best = int(np.argmax(logits))
    first = answer_candidate(question, cands, logits, best, settings.widen_margin, headed)
    if headed is None and overlap is not None:  # a term asked for by what it does, or a key by what it does
        if worded := worded_answer(question, cands, best, first, overlap, read):
            first, conf, basis = worded, max(conf, settings.worded_confidence), "worded"
        else:  # a name of the shape asked its sentence calls by its kind, where the reader's answer has no such shape
            first = mentioned_answer(question, first, overlap, read) or first
    if basis == "reader" and asks_whether(question):  # no Yes or No to mark: the sentence saying it answers
        first = replace(first, start=first.quote_start, end=first.quote_end)
    elif basis == "reader":  # "What is a partial index?": all of what its sentence says it is
        first = predicate_answer(question, first) or first

    marks = {best: first}  # what each quote marks: the answer, else what that candidate answers (found once)
    reader = cands[best]
    if first.doc.id != reader.doc.id or first.quote_end <= reader.quote_start or first.quote_start >= reader.quote_end:
        # a term heading its entry apart (its description is quoted next), or a default stated apart from what the
        # reader read (the reader's best is)
        described = entry_description(first, reader) or cands[widen(cands, logits, best, settings.widen_margin)]
        cands, logits = [*cands, described], np.append(logits, logits[best])
        marks[len(cands) - 1] = described

    def shown(i: int) -> Candidate:
        if i not in marks:  # a further quote marks its entry's term only where the quote can hold its description
            marks[i] = as_term(question, cands[i], apart=False)
        return marks[i]

    chosen = choose(cands, logits, settings.max_quotes, settings.relative, shown)  # chosen[0] is best
    quotes = [quote_of(shown(i), float(1.0 / (1.0 + np.exp(-logits[i])))) for i in chosen]
    return decided(question, hits, quotes, quotes[0].span if conf >= limit else None, conf, limit, basis)


def sentence_answer(
    question: str,
    q_vec: np.ndarray,
    hits: list[Hit],
    docs: Mapping[str, Document],
    vecs: dict[str, np.ndarray],
    sparse: SparseIndex,
    settings: AnswerSettings,
    threshold: float | None,
) -> Answer:
    """Without reader weights: the best-scored sentences are the quotes, and the first is the answer."""
    sentences = candidate_sentences(hits, docs)
    q_tokens = tokenize(question)
    x = feature_matrix(q_tokens, sparse.idf(q_tokens), q_vec, sentences, np.array([vecs[s.text] for s in sentences]))
    probs = logistic(x, np.asarray(settings.weights), settings.bias) if sentences else np.zeros(0)
    quotes: list[Quote] = select_quotes(sentences, probs, settings.max_quotes, settings.relative)
    conf = float(probs.max()) if len(probs) else 0.0
    limit = settings.sentence_threshold if threshold is None else threshold
    q = quotes[0] if quotes and conf >= limit else None
    span = Span(doc_id=q.doc_id, start=q.start, end=q.end, page=q.page, text=q.text) if q else None
    return decided(question, hits, quotes, span, conf, limit, "sentences")


def decided(
    question: str, hits: list[Hit], quotes: list[Quote], span: Span | None, conf: float, limit: float, basis: Basis
) -> Answer:
    """The Answer: found when there is a short answer (`span`), else an abstention that keeps its quotes."""
    return Answer(
        question=question,
        found=span is not None,
        text=span.text if span else "",
        span=span,
        quotes=quotes,
        confidence=conf,
        threshold=limit,
        basis=basis,
        hits=hits,
    )


WEIGHTED = {"rank_weights": RANK_FEATURES, "confidence_weights": CONFIDENCE_FEATURES, "weights": FEATURES}


def check_weights(settings: AnswerSettings) -> None:
    """BadInput unless the settings give one weight per feature of the ranking, the confidence and the sentence
    scorer (weights fit for other features, or mistyped, would rank nonsense or fail deep in numpy)."""
    for name, features in WEIGHTED.items():
        if (got := len(getattr(settings, name))) != len(features):
            raise BadInput(
                f"AnswerSettings.{name} has {got} values but there are {len(features)} features "
                f"({', '.join(features)}): give one weight per feature, or leave it out to use the fitted ones"
            )


def answer_many(
    questions: Sequence[str],
    hits: Sequence[list[Hit]],
    docs: Mapping[str, Document],
    sparse: SparseIndex,
    embedder,
    settings: AnswerSettings,
    threshold: float | None = None,
    reader: Reader | None = None,
    query_vectors: np.ndarray | None = None,
    title_prefix: bool = True,
) -> list[Answer]:
    """Answers to many questions, their passages read in shared batches.

    With the reader, answers are spans ranked across all passages (`reader_answer`); without it,
    sentences scored against the question (`sentence_answer`); either abstains when the question asks about a
    name no document read mentions (`mentioned.unless_unmentioned`). The questions' embeddings are `query_vectors`
    when the caller has them; `title_prefix`: whether the index embedded each passage led by its title.
    """
    check_weights(settings)
    t0 = time.perf_counter()
    query_vectors = embedder.encode(list(questions)) if query_vectors is None else query_vectors
    if reader is not None:
        cosines = [passage_cosines(h, v, embedder, title_prefix) for h, v in zip(hits, query_vectors)]
        vectors = query_vectors

        def entry_cosine(i: int, hit: Hit, text: str) -> float:
            return cosine(embedder.encode([index_text(hit.title, text, title_prefix)])[0], vectors[i])

        read = read_candidates(questions, hits, cosines, docs, sparse, reader, settings.spans_per_window, entry_cosine)
        answers, known, common = [], known_words(), common_words(sparse)
        for q, h, (c, x) in zip(questions, hits, read):
            passages = [(p, docs[p.doc_id]) for p in h]
            headed = described_answer(q, passages, known, sparse)
            overlap = question_overlap(q, sparse, kind_words(q))
            answers.append(reader_answer(q, h, c, x, settings, threshold, overlap, headed, passages, common))
        stage = "reader"
    else:
        unique = list(dict.fromkeys(s.text for hs in hits for s in candidate_sentences(hs, docs)))
        vecs = dict(zip(unique, embedder.encode(unique)))
        answers = [
            sentence_answer(q, v, h, docs, vecs, sparse, settings, threshold)
            for q, v, h in zip(questions, query_vectors, hits)
        ]
        stage = "quotes"
    ms = (time.perf_counter() - t0) * 1000 / max(1, len(questions))
    for a in answers:
        a.timings_ms = {stage: ms}
    return [unless_unmentioned(a, docs, sparse) for a in answers]
