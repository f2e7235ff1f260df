"""What an index holds and how it was made: the manifest, and the checks before it is opened."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, field_serializer, model_validator

from rag.errors import IncompatibleIndex
from rag.settings import FITTED_KEYS, AnswerSettings, BuildSettings, SearchSettings
from rag.store.generations import damaged_file

FORMAT_VERSION = 1
ANSWERS_ALL, ANSWERS_CHOSEN = 1, 2  # what a manifest's "answer" holds: every setting, or those chosen


class EmbedderInfo(BaseModel):
    name: str
    weights_sha256: str
    dimension: int
    backend: str = Field(default="fp32", description="How vectors were computed (int8 or fp32): comparable either way.")


class BaseManifest(BaseModel):
    """How an index was made, as every manifest records it (one index's, a sharded one's): embedder and settings."""

    format_version: int = FORMAT_VERSION
    embedder: EmbedderInfo
    build: BuildSettings = Field(default_factory=BuildSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    answer: AnswerSettings = Field(
        default_factory=AnswerSettings,
        description="Saved: only the answer settings chosen for this index; the rest are this rag's fitted values.",
    )
    answers_saved: int = Field(
        default=ANSWERS_CHOSEN,
        description="1: every answer setting was saved (older indexes); 2: only those chosen for the index.",
    )
    root: str | None = Field(default=None, description="Corpus root: document ids are relative to it.")
    next_chunk_id: int = 0

    @model_validator(mode="before")
    @classmethod
    def _fitted_not_frozen(cls, raw: Any) -> Any:
        """An older manifest saved every answer setting, the values fit for the reader of its day among them:
        those are dropped, so that the index answers with this rag's reader and the values fit for it."""
        if isinstance(raw, dict) and raw.get("answers_saved", ANSWERS_ALL) == ANSWERS_ALL:
            answer = raw.get("answer")
            if isinstance(answer, dict):
                answer = {k: v for k, v in answer.items() if k not in FITTED_KEYS}
            raw = {**raw, "answer": answer, "answers_saved": ANSWERS_CHOSEN} if "answer" in raw else raw
        return raw

    @field_serializer("answer")
    def _chosen_only(self, answer: AnswerSettings) -> dict[str, Any]:
        return answer.model_dump(exclude_unset=True)


class Manifest(BaseManifest):
    """What an index holds and how it was made."""

    documents: dict[str, str] = Field(default_factory=dict, description="doc id -> sha256")
    extracted: dict[str, int] = Field(
        default_factory=dict,
        description="doc id -> version of the extraction that made its text (absent: 1, before versions were kept)",
    )
    chunked: dict[str, int] = Field(
        default_factory=dict,
        description="doc id -> version of the chunker that cut its passages (absent: 1, before versions were kept)",
    )
    chunks: int = 0
    updated: float = Field(default_factory=time.time)


def read_manifest(gen: Path) -> Manifest:
    """The manifest of generation folder `gen`; DamagedIndex when it is missing or corrupt."""
    with damaged_file(gen / "manifest.json"):
        raw = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError(f"a JSON {type(raw).__name__}, not an object")
    version = raw.get("format_version")
    if version != FORMAT_VERSION:
        raise IncompatibleIndex(
            f"index {gen.parent} has format version {version}, this rag reads version {FORMAT_VERSION}. "
            f"Rebuild it: delete {gen.parent} and run `rag index DOCS --index {gen.parent}`."
        )
    with damaged_file(gen / "manifest.json"):
        return Manifest.model_validate(raw)


def check_embedder(manifest: Manifest, expected: EmbedderInfo, path: Path) -> None:
    """Refuse an index whose vectors another embedder made: they would not be comparable."""
    got = manifest.embedder
    if (got.name, got.weights_sha256, got.dimension) != (expected.name, expected.weights_sha256, expected.dimension):
        raise IncompatibleIndex(
            f"index {path} was built with embedder {got.name} (weights {got.weights_sha256[:12]}, "
            f"{got.dimension} dims) but this rag uses {expected.name} (weights "
            f"{expected.weights_sha256[:12]}, {expected.dimension} dims). Its vectors cannot be mixed: "
            f"rebuild it with `rag index DOCS --index {path} --rebuild`, or open it with the matching rag."
        )
