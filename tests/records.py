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


def described_on(answer, text: str, name: str, question: str) -> tuple[str, str] | None:
    """What `answer(question, passages)` (a described answer's finder) gives over one HTML page of `text` read whole:
    the answer's text and its quote's, or None."""
    d = doc(text, name, suffix=".html")
    got = answer(question, [(hit(d), d)])
    return None if got is None else (text[got.start : got.end], text[got.quote_start : got.quote_end])


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


def table_page(html: str, id: str) -> tuple[Document, Hit, dict[str, tuple[int, int]]]:
    """An HTML page with a table, as rag reads it: its document, a hit over all of it, and where each row keyed by a
    term is (`rows.table_rows`), by its first cell as written ("Key: Esc l", "package: fail2ban")."""
    from rag.answer.rows import table_rows
    from rag.ingest.html import html_text

    text, _ = html_text(f"<html><body>{html}</body></html>")
    d = doc(text, id, suffix=".html")
    rows = {text[a:b].split(" | ")[0]: (a, b) for a, b, _ in table_rows(text, 0, len(text))}
    return d, hit(d), rows


def idf_share(question: str, texts: list[str]):  # -> Callable[[str], float]
    """A text's share of `question`'s idf mass, idf over `texts` (`quotes.question_overlap`)."""
    from rag.answer.quotes import question_overlap
    from rag.retrieve.sparse import SparseIndex

    return question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))
