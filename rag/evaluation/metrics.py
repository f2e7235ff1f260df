"""Answer and retrieval metrics, written to the official SQuAD rules and standard IR definitions."""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")

Relevant = set[str] | Mapping[str, int]


# ---------------------------------------------------------------- answers (SQuAD rules)


def normalize_answer(s: str) -> str:
    """Lowercase, drop punctuation, drop the articles a/an/the, collapse whitespace.

    Same order as the official SQuAD script: lower, punctuation, articles, whitespace.
    """
    s = s.lower()
    s = "".join(ch for ch in s if ch not in _PUNCTUATION)
    s = _ARTICLES.sub(" ", s)
    return " ".join(s.split())


def _answerable_golds(golds: Iterable[str]) -> list[str]:
    """Normalized gold answers that still hold a token; an empty list means unanswerable.

    Like the official v2.0 script, golds that normalize to "" are dropped.
    """
    return [g for g in (normalize_answer(x) for x in golds) if g]


def exact_match(prediction: str, golds: list[str]) -> float:
    """1.0 if the normalized prediction equals some normalized gold, else 0.0.

    No (non-empty) gold: the question is unanswerable and scores 1.0 only when the
    prediction normalizes to "" (the system abstained).
    """
    pred = normalize_answer(prediction)
    norm = _answerable_golds(golds)
    if not norm:
        return float(pred == "")
    return float(any(pred == g for g in norm))


def token_f1(pred_tokens: list[str], gold_tokens: list[str]) -> float:
    """Token-overlap F1 of two token lists (multiset overlap); both empty -> 1, one empty -> 0."""
    if not pred_tokens or not gold_tokens:
        return float(pred_tokens == gold_tokens)
    common = sum((Counter(pred_tokens) & Counter(gold_tokens)).values())
    if common == 0:
        return 0.0
    precision = common / len(pred_tokens)
    recall = common / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def f1_score(prediction: str, golds: list[str]) -> float:
    """Max token-overlap F1 over the golds; with no gold, 1.0 only for an empty prediction."""
    pred_tokens = normalize_answer(prediction).split()
    norm = _answerable_golds(golds)
    if not norm:
        return float(not pred_tokens)
    return max(token_f1(pred_tokens, g.split()) for g in norm)


def contains_answer(text: str, golds: list[str]) -> bool:
    """Whether some normalized gold occurs in the normalized text on token boundaries."""
    padded = f" {normalize_answer(text)} "
    return any(f" {g} " in padded for g in _answerable_golds(golds))


# ---------------------------------------------------------------- retrieval (IR definitions)


def _grades(relevant: Relevant) -> dict[str, int]:
    """Relevance grades with non-positive grades dropped; a set means grade 1 for each id."""
    if isinstance(relevant, Mapping):
        return {doc: int(g) for doc, g in relevant.items() if g > 0}
    return {doc: 1 for doc in relevant}


def dedupe(ranked: Iterable[str]) -> list[str]:
    """Ids in rank order, each kept at its first occurrence only."""
    return list(dict.fromkeys(ranked))


def top_k(ranked: Iterable[str], k: int) -> list[str]:
    """The first k distinct ids of a ranking."""
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    return dedupe(ranked)[:k]


def recall_at_k(ranked: list[str], relevant: Relevant, k: int) -> float:
    """Fraction of the relevant ids found among the first k distinct ids (0 if none relevant)."""
    grades = _grades(relevant)
    if not grades:
        return 0.0
    return sum(1 for doc in top_k(ranked, k) if doc in grades) / len(grades)


def mrr_at_k(ranked: list[str], relevant: Relevant, k: int) -> float:
    """Reciprocal 1-based rank of the first relevant id among the first k distinct ids, else 0."""
    grades = _grades(relevant)
    for rank, doc in enumerate(top_k(ranked, k), start=1):
        if doc in grades:
            return 1.0 / rank
    return 0.0


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain: sum of gain_i / log2(i + 1) over 1-based ranks i."""
    return sum(g / math.log2(i + 1) for i, g in enumerate(gains, start=1))


def ndcg_at_k(ranked: list[str], relevant: Relevant, k: int) -> float:
    """nDCG@k as trec_eval's ndcg_cut / pytrec_eval (what BEIR reports).

    Gain is the relevance grade itself (linear, not 2^rel - 1), the discount is
    1/log2(i + 1) for 1-based rank i, and the ideal DCG ranks every judged relevant
    document by grade, cut at k. Duplicate ids count at their first rank only;
    grades <= 0 count as non-relevant. 0.0 when nothing is relevant.
    """
    grades = _grades(relevant)
    if not grades:
        return 0.0
    gained = dcg(grades.get(doc, 0) for doc in top_k(ranked, k))
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return gained / ideal if ideal > 0 else 0.0


# ---------------------------------------------------------------- summaries


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation, as numpy.percentile; nan if empty."""
    if not 0 <= q <= 100:
        raise ValueError(f"q must be in [0, 100], got {q}")
    xs = sorted(values)
    if not xs:
        return math.nan
    pos = (len(xs) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    frac = pos - lo
    return xs[lo] + (xs[hi] - xs[lo]) * frac if frac else float(xs[lo])


@dataclass(frozen=True)
class AbstentionCounts:
    """Counts for abstention as a classifier; positive = abstained on an unanswerable question."""

    questions: int
    unanswerable: int
    abstentions: int
    correct_abstentions: int

    @property
    def wrong_abstentions(self) -> int:
        """Abstentions on questions that had an answer."""
        return self.abstentions - self.correct_abstentions

    @property
    def precision(self) -> float:
        """Correct abstentions / abstentions.

        Convention when the system never abstained: 1.0 if there was nothing to
        abstain on (no unanswerable question: no error was made), else 0.0 (every
        unanswerable question was answered, so precision must not look perfect).
        """
        if self.abstentions == 0:
            return 1.0 if self.unanswerable == 0 else 0.0
        return self.correct_abstentions / self.abstentions

    @property
    def recall(self) -> float:
        """Correct abstentions / unanswerable questions; 1.0 when none were unanswerable."""
        if self.unanswerable == 0:
            return 1.0
        return self.correct_abstentions / self.unanswerable


def count_abstentions(answerable: list[bool], abstained: list[bool]) -> AbstentionCounts:
    """Tally abstentions against whether each question had an answer."""
    if len(answerable) != len(abstained):
        raise ValueError(f"answerable and abstained differ in length ({len(answerable)} vs {len(abstained)})")
    return AbstentionCounts(
        questions=len(answerable),
        unanswerable=sum(1 for a in answerable if not a),
        abstentions=sum(1 for x in abstained if x),
        correct_abstentions=sum(1 for a, x in zip(answerable, abstained) if x and not a),
    )


def abstention_scores(answerable: list[bool], abstained: list[bool]) -> dict[str, float]:
    """Precision and recall of abstention, with the counts behind them (see AbstentionCounts)."""
    c = count_abstentions(answerable, abstained)
    return {
        "precision": c.precision,
        "recall": c.recall,
        "questions": c.questions,
        "unanswerable": c.unanswerable,
        "abstentions": c.abstentions,
        "correct_abstentions": c.correct_abstentions,
        "wrong_abstentions": c.wrong_abstentions,
    }
