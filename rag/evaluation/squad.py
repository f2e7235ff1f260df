"""SQuAD v1.1/v2.0 files: paragraphs as documents, questions with their gold paragraph; the article split."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.evaluation.questions import Dataset, DatasetError, Question, dedupe, load_json, sha256_hex
from rag.models import Document


def squad_paragraph_id(title: str, index: int) -> str:
    """The document id of the `index`-th (0-based) paragraph of SQuAD article `title`."""
    return f"{title}#{index}"


def _squad_answers(qa: dict[str, Any]) -> list[str]:
    """Deduplicated gold answer texts in order; [] for a v2.0 impossible question."""
    if qa.get("is_impossible"):
        return []
    return dedupe([a["text"] for a in qa.get("answers", [])])


def squad_from_json(obj: dict[str, Any], path: Path, articles: list[str] | None, skip_missing: bool) -> Dataset:
    data = obj.get("data")
    if not isinstance(data, list):
        raise DatasetError(f'{path}: "data" must be a list of articles (SQuAD v1.1/v2.0 format)')
    titles = [a.get("title") for a in data if isinstance(a, dict)]
    wanted: set[str] | None = None
    if articles is not None:
        wanted = set(articles)
        missing = [a for a in dedupe(list(articles)) if a not in set(titles)]
        if missing and not skip_missing:
            raise DatasetError(
                f"{path}: unknown article(s) {missing}; expected titles as in the file "
                f"(e.g. {titles[:3]}). Pass skip_missing=True to ignore articles this "
                "file lacks (SQuAD v2.0 dev holds only 35 of v1.1 dev's 48 articles)"
            )
    source = f"squad:{path.name}"
    documents: list[Document] = []
    questions: list[Question] = []
    try:
        for article in data:
            title = article["title"]
            keep = wanted is None or title in wanted
            shown = title.replace("_", " ")
            for i, para in enumerate(article["paragraphs"]):
                context = para["context"]
                doc_id = squad_paragraph_id(title, i)
                documents.append(
                    Document(id=doc_id, title=shown, source=source, sha256=sha256_hex(context), text=context)
                )
                if not keep:
                    continue
                for qa in para["qas"]:
                    questions.append(
                        Question(id=qa["id"], question=qa["question"], answers=_squad_answers(qa), relevant={doc_id: 1})
                    )
    except (KeyError, TypeError) as e:
        raise DatasetError(
            f"{path}: not SQuAD v1.1/v2.0 ({type(e).__name__}: {e}); expected "
            "data[].title, data[].paragraphs[].context and .qas[] with id, question, answers[].text"
        ) from None
    return Dataset(name=path.stem, documents=documents, questions=questions)


def load_squad(path: str | Path, articles: list[str] | None = None, *, skip_missing: bool = False) -> Dataset:
    """Read a SQuAD v1.1 or v2.0 JSON file.

    The corpus is every paragraph of the file, whatever `articles` says: one Document per
    paragraph, id "<article title>#<0-based paragraph index>". Questions come from the
    articles named (all when None); each one's gold passage is its own paragraph, also for
    v2.0 impossible questions (whose answers are []). A name the file lacks is an error,
    unless `skip_missing` (needed to apply split.json, written for v1.1, to v2.0 dev).
    """
    p = Path(path)
    obj = load_json(p)
    if not isinstance(obj, dict) or "data" not in obj:
        raise DatasetError(f'{p}: no top-level "data" key; expected a SQuAD v1.1/v2.0 file')
    return squad_from_json(obj, p, articles, skip_missing)


def split_articles(split_json: str | Path, part: str) -> list[str]:
    """The article titles of `part` ("train" or "test") in a split.json file."""
    p = Path(split_json)
    if part not in ("train", "test"):
        raise DatasetError(f'{p}: unknown split part {part!r}; expected "train" or "test"')
    obj = load_json(p)
    titles = obj.get(part) if isinstance(obj, dict) else None
    if not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
        raise DatasetError(f'{p}: "{part}" must be a list of article titles')
    return titles
