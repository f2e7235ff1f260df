"""Hand-made records for the answer-stage unit tests: a Document and Hits over it."""

from __future__ import annotations

from rag.models import Document, Hit, RetrieverScore
from rag.settings import AnswerSettings


def doc(text: str, id: str = "d", page_starts: list[int] | None = None, suffix: str = ".txt") -> Document:
    return Document(
        id=id, title=f"Title {id}", source=f"{id}{suffix}", sha256="0" * 64, text=text, page_starts=page_starts or []
    )


def hit(
    d: Document,
    start: int = 0,
    end: int | None = None,
    rank: int = 1,
    dense: float | None = None,
    score: float | None = None,
) -> Hit:
    """A hit over d.text[start:end]; its fused score is `score`, else 1 / rank."""
    end = len(d.text) if end is None else end
    retrievers = {"dense": RetrieverScore(rank=rank, score=dense)} if dense is not None else {}
    return Hit(
        chunk_id=rank,
        doc_id=d.id,
        title=d.title,
        source=d.source,
        text=d.text[start:end],
        start=start,
        end=end,
        score=1.0 / rank if score is None else score,
        rank=rank,
        retrievers=retrievers,
    )


def span_score_settings() -> AnswerSettings:
    """Settings that rank candidates by their span score alone, answer whatever they find (confidence 0.99),
    widen nothing, and quote up to three: for tests of what `reader_answer` makes of given candidates."""
    return AnswerSettings(
        rank_weights=[1.0] + [0.0] * 8,
        rank_bias=0.0,
        confidence_weights=[0.0] * 4,
        confidence_bias=5.0,
        max_quotes=3,
        relative=0.0,
        widen_margin=0.0,
    )
