"""Settings an index is built and searched with, stored in its manifest and overridable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

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


def _fitted(key: str):
    """A value fit on SQuAD train articles by `python -m eval.fit_answers` (shipped as fitted.json)."""
    return json.loads(FITTED_PATH.read_text(encoding="utf-8")).get(key, FITTED_FALLBACK.get(key))


FITTED_FALLBACK = {"span_threshold": 0.0, "abstain_weights": [], "sentence_threshold": None}


class AnswerSettings(BaseModel):
    """How quotes are chosen and when to abstain; defaults are the shipped fitted values."""

    passages: int = Field(
        default_factory=lambda: _fitted("passages"), description="Passages whose sentences are scored."
    )
    weights: list[float] = Field(default_factory=lambda: _fitted("weights"))
    bias: float = Field(default_factory=lambda: _fitted("bias"))
    abstain_threshold: float = Field(
        default_factory=lambda: _fitted("abstain_threshold"),
        description="Abstain when the best sentence's probability of answering is below this.",
    )
    reader: bool = Field(default=True, description="Highlight the reader's answer span inside the main quote.")
    reader_passages: int = Field(default=3, description="Top passages the reader reads.")
    span_threshold: float = Field(
        default_factory=lambda: _fitted("span_threshold"),
        description="Highlight a span only when its score beats the reader's no-answer score by this much.",
    )
    sentence_threshold: float | None = Field(
        default_factory=lambda: _fitted("sentence_threshold"),
        description="The threshold on the best sentence's probability alone, used when the reader is off.",
    )
    abstain_weights: list[float] = Field(
        default_factory=lambda: _fitted("abstain_weights"),
        description="Logistic weights (sentence prob, reader margin, bias) of the answer confidence; [] = sentence only.",
    )
    max_quotes: int = 3
    relative: float = Field(default=0.5, description="Keep further quotes scoring at least this share of the best.")
