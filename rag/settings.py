"""Settings an index is built and searched with, stored in its manifest and overridable."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

# Past this many vectors an index switches from exact search to IVF: exact single-query search
# reads every vector (1.5 KB each), which passes ~10 ms here around 50k chunks (eval/results/bench).
EXACT_LIMIT = 50_000
PROBE_SHARE = 0.25  # share of the IVF lists a query searches (SearchSettings.ivf_probe_share overrides it)


class ChunkingConfig(BaseModel):
    """How documents are cut; stored in the index manifest."""

    max_tokens: int = 200  # word pieces per chunk, at most (the model reads 254 besides specials)
    overlap_sentences: int = 1


class BuildSettings(BaseModel):
    """Fixed when an index is built; changing them means rebuilding."""

    chunking: ChunkingConfig = Field(default_factory=ChunkingConfig)
    title_prefix: bool = Field(
        default=True, description="Index each chunk as 'title\\nchunk' so passages know their document."
    )
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    dense_exact_limit: int | None = Field(
        default=EXACT_LIMIT,
        description="Dense search is exact up to this many chunks, then approximate (IVF, fp16); None: always exact.",
    )


class SearchSettings(BaseModel):
    """How queries are answered; may differ per call."""

    # Chosen on the train parts by `python -m eval.tune` (eval/results/tuning.md): convex 0.6/0.4 led on
    # both SQuAD train-article MRR@10 and SciFact train nDCG@10, ahead of every RRF weighting tried.
    fusion: Literal["rrf", "convex"] = "convex"
    rrf_k: int = 60
    weights: dict[str, float] = Field(default_factory=lambda: {"bm25": 0.6, "dense": 0.4})
    pool: int = Field(default=100, description="Candidates each retriever contributes (always > k).")
    ivf_probe_share: float = Field(
        default=PROBE_SHARE,
        gt=0,
        le=1,
        description="Approximate (IVF) dense search only: share of the lists each query searches; 1 = exact.",
    )


FITTED_PATH = Path(__file__).with_name("fitted.json")
# Used where fitted.json lacks a value: rank by the reader's score alone, confidence from its margin.
FITTED_FALLBACK: dict[str, Any] = {
    "rank_weights": [1.0] + [0.0] * 8,
    "rank_bias": 0.0,
    "confidence_weights": [0.0, 0.3, 0.0, 0.0, 0.0, 0.0],
    "confidence_bias": 0.0,
    "abstain_threshold": 0.5,
    "widen_margin": 0.0,
}


@functools.cache
def _fitted_values() -> dict[str, Any]:
    return json.loads(FITTED_PATH.read_text(encoding="utf-8"))


def _fitted(key: str) -> Any:
    """A value fit on held-out SQuAD train articles by `python -m eval.fit_answers` (shipped as fitted.json)."""
    return _fitted_values().get(key, FITTED_FALLBACK.get(key))


class AnswerSettings(BaseModel):
    """How answers are chosen and when to abstain; defaults are the shipped fitted values."""

    passages: int = Field(default_factory=lambda: _fitted("passages"), description="Passages read per question.")
    reader: bool = Field(default=True, description="Answer with the reader's spans (else with scored sentences).")
    spans_per_window: int = Field(default=3, description="Candidate spans the reader offers per window.")
    rank_weights: list[float] = Field(
        default_factory=lambda: _fitted("rank_weights"),
        description="Logistic weights of the candidate ranking, one per rag.answer.candidates.RANK_FEATURES.",
    )
    rank_bias: float = Field(default_factory=lambda: _fitted("rank_bias"))
    confidence_weights: list[float] = Field(
        default_factory=lambda: _fitted("confidence_weights"),
        description="Logistic weights of the answer confidence, one per rag.answer.candidates.CONFIDENCE_FEATURES.",
    )
    confidence_bias: float = Field(default_factory=lambda: _fitted("confidence_bias"))
    abstain_threshold: float = Field(
        default_factory=lambda: _fitted("abstain_threshold"),
        description="Abstain when the confidence (a calibrated probability that the documents answer the question) "
        "is below this.",
    )
    described_confidence: float = Field(
        default_factory=lambda: _fitted("described_confidence"),
        description="The confidence of an answer read from the entry of the term the question names (its heading's "
        "description or metadata row, a table's row keyed by it, its term line's description), when the reader's is "
        "lower: the share of such answers whose quote holds the gold on Apache directives kept apart from those "
        "reported (python -m eval.directives --held-out --fit).",
    )
    worded_confidence: float = Field(
        default_factory=lambda: _fitted("worded_confidence"),
        description="The confidence of an answer chosen by the words of what it names (the entry, option line or key "
        'whose description says what the question asks for: Answer.basis "worded"), when the reader\'s is lower: the '
        "share of such answers whose quote holds the gold on Apache directives kept apart from those reported "
        "(python -m eval.directives --held-out --fit).",
    )
    widen_margin: float = Field(
        default_factory=lambda: _fitted("widen_margin"),
        description="Answer with the longest candidate holding the best one's span whose ranking logit is at most "
        "this much lower (the reader often stops a name short: 'Anadolu' for 'Anadolu Agency'); 0: never.",
    )
    weights: list[float] = Field(
        default_factory=lambda: _fitted("weights"), description="Sentence scorer (no reader): logistic weights."
    )
    bias: float = Field(default_factory=lambda: _fitted("bias"))
    sentence_threshold: float = Field(
        default_factory=lambda: _fitted("sentence_threshold"),
        description="Sentence scorer (no reader): abstain when the best sentence's probability is below this.",
    )
    max_quotes: int = 3
    relative: float = Field(default=0.5, description="Keep further quotes scoring at least this share of the best.")


# Answer settings whose defaults were fit for the shipped reader by `python -m eval.fit_answers` (and for the
# sentence scorer): saved with an index, they would go stale when rag ships another reader.
FITTED_KEYS = frozenset(name for name, f in AnswerSettings.model_fields.items() if f.default_factory is not None)
