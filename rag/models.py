"""Typed records at the API boundary: documents, hits, quotes, answers, reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Mode = Literal["hybrid", "bm25", "dense"]
# What chose an answer's span (`Answer.basis`).
Basis = Literal["reader", "described", "worded", "sentences"]
MODES: tuple[str, ...] = get_args(Mode)
Progress = Callable[[int, int], None]  # (passages embedded so far, passages to embed: an estimate until the end)


class Document(BaseModel):
    """One source document; `text` is what every offset refers to."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable id: the path relative to the corpus root (posix form).")
    title: str
    source: str = Field(description="Where the text came from (a file path, or a dataset name).")
    sha256: str = Field(description="sha256 of the source bytes (or of the text when built in memory).")
    text: str
    page_starts: list[int] = Field(
        default_factory=list, description="For PDFs: the character offset where each page begins (page 1 first)."
    )
    encoding: str = Field(default="", description="The text encoding the file was decoded from, if not UTF-8.")

    def page_at(self, offset: int) -> int | None:
        """1-based page holding character `offset`, or None for documents without pages."""
        if not self.page_starts:
            return None
        page = 0
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i
            else:
                break
        return page + 1


class RetrieverScore(BaseModel):
    """Where one retriever placed a hit (1-based rank) and the raw score it gave."""

    rank: int
    score: float


class Hit(BaseModel):
    """One ranked passage returned by `Index.search`."""

    chunk_id: int
    doc_id: str
    title: str
    source: str
    text: str
    start: int
    end: int
    page: int | None = None
    score: float = Field(description="The fused score the ranking is sorted by.")
    rank: int = Field(description="1-based position in the result list.")
    retrievers: dict[str, RetrieverScore] = Field(
        default_factory=dict, description="Each retriever that returned this chunk: its rank and raw score."
    )


class Span(BaseModel):
    """An exact stretch of a source document: `index.document(doc_id).text[start:end] == text`."""

    doc_id: str
    start: int
    end: int
    page: int | None = None
    text: str


class Quote(BaseModel):
    """An exact substring of a source document, with where it came from."""

    doc_id: str
    title: str
    source: str
    start: int
    end: int
    page: int | None = None
    text: str
    score: float
    before: str = Field(default="", description="Text just before the quote, for context.")
    after: str = Field(default="", description="Text just after the quote, for context.")
    span: Span | None = Field(default=None, description="The answer span inside this quote, if the reader found one.")


class Answer(BaseModel):
    """What `Index.ask` returns: quotes best first, and whether the corpus answers at all."""

    question: str
    found: bool
    text: str = Field(default="", description='The short answer: the best answer span ("" when abstaining).')
    span: Span | None = Field(default=None, description="Where `text` is in its document (None when abstaining).")
    quotes: list[Quote] = Field(default_factory=list)
    confidence: float = Field(
        default=0.0,
        description="The score the abstention decision used: with the reader, a calibrated probability that the "
        "documents answer the question.",
    )
    threshold: float = 0.0
    basis: Basis = Field(
        default="reader",
        description='What chose the short answer (abstaining: the top quote): "reader", the reader\'s best-ranked '
        'span; "described", what the entry of the term the question names says that answers it (its heading\'s '
        "description or metadata row, a signature's default, a version note, a table's cell, a release's date), or "
        'an FAQ\'s "Yes" or "No" right under the question it asks in its words; '
        '"worded", the entry, option line or key whose words '
        'say what the question asks for ("Which directive restricts …?"); "sentences", the best-scored sentence '
        "(no reader weights). The confidence of a described or worded answer is at least how often such answers "
        "are right (AnswerSettings.described_confidence, worded_confidence).",
    )
    hits: list[Hit] = Field(default_factory=list, description="The passages the quotes came from.")
    unmentioned: list[str] = Field(
        default_factory=list,
        description='Names the question asks about ("max-zone-ttl-cap") that no document read mentions: why it '
        "abstained.",
    )
    timings_ms: dict[str, float] = Field(default_factory=dict)


class Skipped(BaseModel):
    """A file that was not indexed, and why."""

    path: str
    reason: str


class IndexReport(BaseModel):
    """What an `add`/`remove` call did."""

    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    decoded: dict[str, str] = Field(
        default_factory=dict, description="Files read from a text encoding other than UTF-8: document id -> encoding."
    )
    moved: dict[str, str] = Field(
        default_factory=dict,
        description="Files found under a new path with the bytes of a vanished one: old id -> new id (not re-embedded).",
    )
    recut: list[str] = Field(
        default_factory=list,
        description="Documents updated only because an older chunker cut their passages (the file or text unchanged).",
    )
    chunks_embedded: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, "
            f"{len(self.skipped)} skipped" + (f", {len(self.moved)} moved" if self.moved else "")
        )


class IndexStats(BaseModel):
    """Size and make of an index, for people."""

    path: str
    documents: int
    chunks: int
    embedder: str
    dimension: int
    dense: str = Field(default="exact", description="Dense search: exact, or ivf (approximate) for large indexes.")
    format_version: int
