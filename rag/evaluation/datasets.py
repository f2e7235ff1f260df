"""Read a question set of any supported kind: our JSONL, SQuAD, or BEIR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.evaluation.beir import load_beir
from rag.evaluation.questions import (
    ACCEPTED_FORMATS,
    JSONL_EXPECTED,
    Dataset,
    DatasetError,
    Question,
    dedupe,
    json_lines,
    load_json,
    location,
)
from rag.evaluation.squad import load_squad, split_articles, squad_from_json  # noqa: F401  (the readers, by kind)


def load_dataset(
    path: str | Path, articles: list[str] | None = None, qrels: str = "test", *, skip_missing: bool = False
) -> Dataset:
    """Read any supported dataset, choosing the reader from what `path` is.

    A folder holding corpus.jsonl is BEIR (`qrels` picks the split); a .json file with
    a "data" key is SQuAD (`articles` filters the questions, `skip_missing` as in
    load_squad); a .jsonl file is our question format.
    """
    p = Path(path)
    if p.is_dir():
        if (p / "corpus.jsonl").is_file():
            return load_beir(p, qrels=qrels)
        raise DatasetError(f"{p}: folder without corpus.jsonl; expected {ACCEPTED_FORMATS}")
    if not p.exists():
        raise DatasetError(f"{p}: no such file or folder; expected {ACCEPTED_FORMATS}")
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        return load_jsonl(p)
    if suffix == ".json":
        obj = load_json(p)
        if isinstance(obj, dict) and "data" in obj:
            return squad_from_json(obj, p, articles, skip_missing)
        raise DatasetError(f'{p}: JSON without a top-level "data" key; expected {ACCEPTED_FORMATS}')
    raise DatasetError(f"{p}: unsupported dataset; expected {ACCEPTED_FORMATS}")


# ---------------------------------------------------------------- our JSONL


def _jsonl_question(path: Path, lineno: int, obj: Any) -> Question:
    """Validate one line of our question format and turn it into a Question."""
    where = location(path, lineno)
    if not isinstance(obj, dict):
        raise DatasetError(f"{where}: line is a JSON {type(obj).__name__}, not an object; expected {JSONL_EXPECTED}")
    qid: Any = obj.get("id", f"q{lineno}")
    if not isinstance(qid, str) or not qid.strip():
        raise DatasetError(f'{where}: "id" must be a non-empty string, got {qid!r}')
    question = obj.get("question")
    if question is None:
        raise DatasetError(f'{where}: missing "question"; expected {JSONL_EXPECTED}')
    if not isinstance(question, str) or not question.strip():
        raise DatasetError(f'{where}: "question" must be a non-empty string, got {question!r}')
    answers = obj.get("answers")
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise DatasetError(f'{where}: "answers" must be a list of strings ([] for unanswerable), got {answers!r}')
    if any(not a.strip() for a in answers):
        raise DatasetError(f'{where}: "answers" holds an empty string; use [] for an unanswerable question')
    doc = obj.get("doc")
    if doc is not None and not isinstance(doc, str):
        raise DatasetError(f'{where}: "doc" must be a string (a document id) or null, got {doc!r}')
    return Question(id=qid, question=question, answers=dedupe(answers), relevant={doc: 1} if doc else {})


def load_jsonl(path: str | Path) -> Dataset:
    """Read our question file: one {"id", "question", "answers", "doc"} object per line.

    Blank lines are skipped; a missing id becomes f"q{lineno}". The dataset brings no
    corpus (documents is None): the user indexes their own folder.
    """
    p = Path(path)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for lineno, obj in json_lines(p):
        q = _jsonl_question(p, lineno, obj)
        if q.id in seen:
            raise DatasetError(
                f"{p}:{lineno}: duplicate id {q.id!r} (first on line {seen[q.id]}); expected every id to be unique"
            )
        seen[q.id] = lineno
        questions.append(q)
    return Dataset(name=p.stem, documents=None, questions=questions)
