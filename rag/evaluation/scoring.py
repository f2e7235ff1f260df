"""The eval's arithmetic as pure functions: document rankings, retrieval and answer scores, latency, sampling."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rag.errors import BadInput
from rag.evaluation.datasets import Question
from rag.evaluation.metrics import (
    abstention_scores,
    contains_answer,
    exact_match,
    f1_score,
    mrr_at_k,
    ndcg_at_k,
    percentile,
    recall_at_k,
)

MODES: tuple[str, ...] = ("bm25", "dense", "hybrid-rrf", "hybrid-convex", "rank-bm25")
STAGES: tuple[str, ...] = ("embed", "bm25", "faiss", "fusion", "reader", "quotes")
RETRIEVAL_METRICS: tuple[str, ...] = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
CHUNK_HITS_MIN = 30  # chunk hits per search: max(k, 30), so ten distinct documents are nearly always found
DOC_DEPTH = 10  # the document ranking is cut here: every retrieval metric is @10 or less
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "rrf": {"bm25": 1.0, "dense": 1.0},
    "convex": {"bm25": 0.5, "dense": 0.5},
}


class EvalError(BadInput):
    """A run that cannot go ahead as asked; the message says why."""


# ---------------------------------------------------------------- pure: retrieval


def doc_ranking(doc_ids: Iterable[str], depth: int = DOC_DEPTH) -> list[str]:
    """Document ids in the order of their first hit, cut at `depth`."""
    return list(dict.fromkeys(doc_ids))[:depth]


def gold_rank(ranked: Sequence[str], relevant: dict[str, int]) -> int | None:
    """1-based rank of the first relevant document in `ranked`, None when none is there."""
    for rank, doc in enumerate(ranked, start=1):
        if relevant.get(doc, 0) > 0:
            return rank
    return None


def retrieval_row(ranked: Sequence[str], relevant: dict[str, int]) -> dict[str, float] | None:
    """recall@1/5/10, MRR@10 and nDCG@10 of one ranking; None for a question without gold documents."""
    if not any(g > 0 for g in relevant.values()):
        return None
    ranked = list(ranked)
    return {
        "recall@1": recall_at_k(ranked, relevant, 1),
        "recall@5": recall_at_k(ranked, relevant, 5),
        "recall@10": recall_at_k(ranked, relevant, 10),
        "mrr@10": mrr_at_k(ranked, relevant, 10),
        "ndcg@10": ndcg_at_k(ranked, relevant, 10),
    }


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def aggregate_retrieval(rows: Sequence[dict[str, float] | None]) -> dict[str, Any]:
    """Mean of each retrieval metric over the questions that have gold documents (None rows skipped)."""
    kept = [r for r in rows if r is not None]
    out: dict[str, Any] = {"questions": len(kept)}
    for m in RETRIEVAL_METRICS:
        out[m] = _mean([r[m] for r in kept])
    return out


def best_mode(retrieval: dict[str, dict[str, Any]], metric: str, prefer: str | None = None) -> str | None:
    """The mode with the highest `metric`: `prefer` when it ties for best, else the first listed; None if unscored."""
    scored = {mode: r[metric] for mode, r in retrieval.items() if r.get(metric) is not None}
    if not scored:
        return None
    top = max(scored.values())
    if prefer in scored and scored[prefer] == top:
        return prefer
    return next(mode for mode, v in scored.items() if v == top)


# ---------------------------------------------------------------- pure: answers


def answer_row(golds: list[str], found: bool, answer_text: str, quote_text: str | None) -> dict[str, Any]:
    """Scores of one answer: the prediction is `Answer.text` (the short answer), "" when abstaining;
    the top quote is right when it holds a gold answer."""
    prediction = answer_text if found else ""
    answerable = bool(golds)
    return {
        "answerable": answerable,
        "abstained": not found,
        "prediction": prediction,
        "em": exact_match(prediction, golds),
        "f1": f1_score(prediction, golds),
        "answer_holds_gold": (found and contains_answer(prediction, golds)) if answerable else None,
        "quote_correct": (found and quote_text is not None and contains_answer(quote_text, golds))
        if answerable
        else None,
    }


def _em_f1(rows: Sequence[dict[str, Any]], em: str = "em", f1: str = "f1") -> dict[str, Any]:
    return {"questions": len(rows), "em": _mean([r[em] for r in rows]), "f1": _mean([r[f1] for r in rows])}


def _share(hits: int, n: int) -> dict[str, Any]:
    return {"value": hits / n if n else None, "correct": hits, "questions": n}


def aggregate_answers(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """EM/F1 overall and split HasAns/NoAns, quote accuracy, gold inside the answer, and abstention."""
    has = [r for r in rows if r["answerable"]]
    no = [r for r in rows if not r["answerable"]]
    answered = [r for r in has if not r["abstained"]]
    correct = sum(1 for r in has if r["quote_correct"])
    out: dict[str, Any] = {
        "all": _em_f1(rows),
        "has_ans": _em_f1(has),
        "no_ans": _em_f1(no),
        "quote_accuracy": _share(correct, len(has)),
        "quote_accuracy_answered": _share(correct, len(answered)),
        "answer_holds_gold": _share(sum(1 for r in has if r["answer_holds_gold"]), len(has)),
        "abstention": abstention_scores([r["answerable"] for r in rows], [r["abstained"] for r in rows]),
    }
    return out


# ---------------------------------------------------------------- pure: latency, sampling, settings


def latency_summary(timings: Sequence[dict[str, float]]) -> dict[str, dict[str, float]]:
    """p50/p95 (ms) of each stage present in `timings` (pipeline order first), "total" last."""
    names = [s for s in STAGES if any(s in t for t in timings)]
    names += sorted({k for t in timings for k in t} - set(names) - {"total"})
    if any("total" in t for t in timings):
        names.append("total")
    out = {}
    for name in names:
        values = [t[name] for t in timings if name in t]
        out[name] = {"p50": percentile(values, 50), "p95": percentile(values, 95), "n": len(values)}
    return out


def subsample(questions: list[Question], limit: int | None, seed: int) -> tuple[list[Question], str]:
    """A fixed seeded random subsample of `limit` questions (kept in file order), and a note saying so."""
    total = len(questions)
    if limit is None or limit >= total:
        return list(questions), f"all {total} questions"
    keep = sorted(random.Random(seed).sample(range(total), limit))
    return [questions[i] for i in keep], (
        f"random subsample of {limit} of {total} questions (random.Random({seed}).sample, file order kept)"
    )


def fusion_weights(index_fusion: str, index_weights: dict[str, float], fusion: str) -> dict[str, float]:
    """The index's own weights when it fuses that way, else the neutral default for `fusion`."""
    return dict(index_weights) if index_fusion == fusion else dict(DEFAULT_WEIGHTS[fusion])


def main_metric(kind: str) -> str:
    """The headline retrieval metric: nDCG@10 for BEIR (graded, many gold docs), MRR@10 for QA sets."""
    return "ndcg@10" if kind == "beir" else "mrr@10"


def parse_modes(text: str) -> list[str]:
    """The comma-separated ablation modes, checked and deduplicated."""
    modes = list(dict.fromkeys(m.strip() for m in text.split(",") if m.strip()))
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise EvalError(f"unknown mode(s) {unknown or text!r}: use some of {','.join(MODES)}")
    return modes


def dataset_kind(path: Path) -> str:
    """ "beir" for a folder, "squad" for a .json file, "jsonl" for our question file."""
    if path.is_dir():
        return "beir"
    return "squad" if path.suffix.lower() == ".json" else "jsonl"
