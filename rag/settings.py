"""Settings an index is built and searched with, stored in its manifest and overridable."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rag.chunks import ChunkingConfig


class BuildSettings(BaseModel):
    """Fixed when an index is built; changing them means rebuilding."""

    chunking: ChunkingConfig = Field(default_factory=ChunkingConfig)
    title_prefix: bool = Field(
        default=True, description="Index each chunk as 'title\\nchunk' so passages know their document."
    )
    bm25_k1: float = 1.2
    bm25_b: float = 0.75


class SearchSettings(BaseModel):
    """How queries are answered; may differ per call."""

    fusion: Literal["rrf", "convex"] = "rrf"
    rrf_k: int = 60
    weights: dict[str, float] = Field(default_factory=lambda: {"bm25": 1.0, "dense": 1.0})
    pool: int = Field(default=100, description="Candidates each retriever contributes (always > k).")
    abstain_threshold: float = 0.0
