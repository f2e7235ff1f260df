"""Turn retrieved passages into quotes: score their sentences against the question, keep the best."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from rag.ingest.readers import lines_are_blocks
from rag.ingest.sentences import sentence_spans
from rag.models import Document, Hit, Quote
from rag.retrieve.sparse import SparseIndex
from rag.retrieve.tokenize import tokenize

FEATURES = ("cosine", "idf_overlap", "bigram_overlap", "passage_rrank", "passage_cosine", "length")
CONTEXT_CHARS = 240


@dataclass
class Sentence:
    """A candidate sentence: where it is, and the passage it came from."""

    doc: Document
    start: int
    end: int
    hit: Hit

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]


def candidate_sentences(hits: list[Hit], docs: Mapping[str, Document]) -> list[Sentence]:
    """Sentences of the hit passages, each (document, span) once, from the best passage first."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for hit in hits:
        doc = docs[hit.doc_id]
        for a, b in sentence_spans(doc.text, hit.start, hit.end, lines_are_blocks(doc.source)):
            if (doc.id, a, b) not in seen:
                seen.add((doc.id, a, b))
                out.append(Sentence(doc, a, b, hit))
    return out


_QUESTION_WORDS = frozenset(tokenize("what which who whom whose where when why how"))


def question_overlap(question: str, sparse: SparseIndex, aside: Iterable[str] = ()) -> Callable[[str], float]:
    """A text's share of `question`'s idf mass (`idf_overlap`), its question words aside ("which" of "Which option
    keeps …?" says nothing a text should hold) and the words `aside` (the kind of term it asks for, "option")."""
    skip = _QUESTION_WORDS | set(tokenize(" ".join(aside)))
    q_idf = sparse.idf(q_tokens := [t for t in tokenize(question) if t not in skip])
    return lambda text: idf_overlap(q_tokens, q_idf, set(tokenize(text)))


def idf_overlap(q_tokens: list[str], q_idf: np.ndarray, s_tokens: set[str]) -> float:
    """Share of the question's idf mass whose terms appear in the sentence."""
    total = float(q_idf.sum())
    if not q_tokens or total <= 0:
        return 0.0
    return float(sum(w for t, w in zip(q_tokens, q_idf) if t in s_tokens) / total)


def shared_bigrams(q_tokens: list[str], s_tokens: list[str]) -> int:
    """How many of the question's distinct bigrams the sentence contains, in the same order."""
    return len(common_bigrams(q_tokens, s_tokens))


def common_bigrams(q_tokens: list[str], s_tokens: list[str]) -> set[tuple[str, str]]:
    """The question's bigrams the sentence contains, in the same order."""
    return set(zip(q_tokens, q_tokens[1:])) & set(zip(s_tokens, s_tokens[1:]))


def bigram_overlap(q_tokens: list[str], s_tokens: list[str]) -> float:
    """Share of the question's stemmed bigrams that the sentence contains."""
    q = set(zip(q_tokens, q_tokens[1:]))
    if not q:
        return 0.0
    return shared_bigrams(q_tokens, s_tokens) / len(q)


def feature_matrix(
    q_tokens: list[str], q_idf: np.ndarray, q_vec: np.ndarray, sentences: list[Sentence], s_vecs: np.ndarray
) -> np.ndarray:
    """One row of FEATURES per sentence."""
    rows = []
    for s, v in zip(sentences, s_vecs):
        toks = tokenize(s.text)
        dense = s.hit.retrievers.get("dense")
        rows.append(
            (
                float(v @ q_vec),
                idf_overlap(q_tokens, q_idf, set(toks)),
                bigram_overlap(q_tokens, toks),
                1.0 / s.hit.rank,
                dense.score if dense else 0.0,
                min(len(toks), 60) / 60.0,
            )
        )
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


def logistic(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ weights + bias)))


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to `width` characters before and after [start, end), cut at word boundaries."""
    a = max(0, start - width)
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space != -1 else a
    b = min(len(text), end + width)
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space != -1 else b
    return text[a:start], text[end:b]


def merge_spans(spans: list[tuple[str, int, int, float]], text_of: dict[str, str]) -> list[tuple[str, int, int, float]]:
    """Merge overlapping or adjacent (only whitespace between) spans of one document; keep best score."""
    by_doc: dict[str, list[tuple[int, int, float]]] = {}
    for doc_id, a, b, s in spans:
        by_doc.setdefault(doc_id, []).append((a, b, s))
    merged = []
    for doc_id, items in by_doc.items():
        items.sort()
        cur_a, cur_b, cur_s = items[0]
        for a, b, s in items[1:]:
            if a <= cur_b or not text_of[doc_id][cur_b:a].strip():
                cur_b, cur_s = max(cur_b, b), max(cur_s, s)
            else:
                merged.append((doc_id, cur_a, cur_b, cur_s))
                cur_a, cur_b, cur_s = a, b, s
        merged.append((doc_id, cur_a, cur_b, cur_s))
    return sorted(merged, key=lambda m: -m[3])


def make_quote(doc: Document, start: int, end: int, score: float) -> Quote:
    before, after = context(doc.text, start, end)
    return Quote(
        doc_id=doc.id,
        title=doc.title,
        source=doc.source,
        start=start,
        end=end,
        page=doc.page_at(start),
        text=doc.text[start:end],
        score=score,
        before=before,
        after=after,
    )


def select_quotes(sentences: list[Sentence], probs: np.ndarray, max_quotes: int, relative: float) -> list[Quote]:
    """The best sentences (within `relative` of the top score), merged and without repeated text."""
    if not sentences:
        return []
    order = np.argsort(-probs, kind="stable")
    top = float(probs[order[0]])
    chosen = [i for i in order[: max_quotes * 2] if probs[i] >= relative * top]
    docs = {s.doc.id: s.doc for s in sentences}
    spans = [(sentences[i].doc.id, sentences[i].start, sentences[i].end, float(probs[i])) for i in chosen]
    quotes, seen_text = [], set()
    for doc_id, a, b, s in merge_spans(spans, {d: docs[d].text for d in docs}):
        key = " ".join(docs[doc_id].text[a:b].split()).lower()
        if key not in seen_text:
            seen_text.add(key)
            quotes.append(make_quote(docs[doc_id], a, b, s))
    return quotes[:max_quotes]
