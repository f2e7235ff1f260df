"""Read QA and retrieval datasets (our JSONL, SQuAD v1.1/v2.0, BEIR) into one shape."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.models import Document

ACCEPTED_FORMATS = (
    "a .jsonl file of questions ({\"id\", \"question\", \"answers\", \"doc\"} per line), "
    "a SQuAD v1.1/v2.0 .json file (with a \"data\" key), "
    "or a BEIR folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv)"
)
_JSONL_EXPECTED = '{"id": str, "question": str, "answers": [str, ...], "doc": str | null}'
_QRELS_HEADER = "query-id"


@dataclass(frozen=True)
class Question:
    """One evaluation question: gold answers (empty = unanswerable) and graded gold documents."""

    id: str
    question: str
    answers: list[str]
    relevant: dict[str, int]

    @property
    def answerable(self) -> bool:
        """Whether the question has at least one gold answer."""
        return bool(self.answers)


@dataclass
class Dataset:
    """Questions, plus the corpus they are asked over when the dataset brings one."""

    name: str
    documents: list[Document] | None
    questions: list[Question]


class DatasetError(ValueError):
    """A dataset file that cannot be read; the message names the file, line and what is expected."""


# ---------------------------------------------------------------- helpers


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _where(path: Path | str, lineno: int | None = None) -> str:
    return f"{path}:{lineno}" if lineno is not None else str(path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise DatasetError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise DatasetError(f"{path}: cannot read ({e.strerror or e})") from None


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(1-based line number, parsed value) for every non-blank line of a JSONL file."""
    for lineno, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as e:
            raise DatasetError(
                f"{path}:{lineno}: invalid JSON ({e.msg} at column {e.colno}); "
                "expected one JSON object per line"
            ) from None


def _id_field(value: Any) -> str | None:
    """An id given as a string or an integer, as a string; None for anything else."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------- dispatch


def load_dataset(
    path: str | Path,
    articles: list[str] | None = None,
    qrels: str = "test",
    *,
    skip_missing: bool = False,
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
        obj = _load_json(p)
        if isinstance(obj, dict) and "data" in obj:
            return _squad_from_json(obj, p, articles, skip_missing)
        raise DatasetError(
            f"{p}: JSON without a top-level \"data\" key; expected {ACCEPTED_FORMATS}"
        )
    raise DatasetError(f"{p}: unsupported dataset; expected {ACCEPTED_FORMATS}")


# ---------------------------------------------------------------- our JSONL


def _jsonl_question(path: Path, lineno: int, obj: Any) -> Question:
    """Validate one line of our question format and turn it into a Question."""
    where = _where(path, lineno)
    if not isinstance(obj, dict):
        raise DatasetError(
            f"{where}: line is a JSON {type(obj).__name__}, not an object; "
            f"expected {_JSONL_EXPECTED}"
        )
    qid: Any = obj.get("id", f"q{lineno}")
    if not isinstance(qid, str) or not qid.strip():
        raise DatasetError(f"{where}: \"id\" must be a non-empty string, got {qid!r}")
    question = obj.get("question")
    if question is None:
        raise DatasetError(f"{where}: missing \"question\"; expected {_JSONL_EXPECTED}")
    if not isinstance(question, str) or not question.strip():
        raise DatasetError(f"{where}: \"question\" must be a non-empty string, got {question!r}")
    answers = obj.get("answers")
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise DatasetError(
            f"{where}: \"answers\" must be a list of strings ([] for unanswerable), got {answers!r}"
        )
    if any(not a.strip() for a in answers):
        raise DatasetError(
            f"{where}: \"answers\" holds an empty string; use [] for an unanswerable question"
        )
    doc = obj.get("doc")
    if doc is not None and not isinstance(doc, str):
        raise DatasetError(
            f"{where}: \"doc\" must be a string (a document id) or null, got {doc!r}"
        )
    return Question(
        id=qid,
        question=question,
        answers=_dedupe(answers),
        relevant={doc: 1} if doc else {},
    )


def load_jsonl(path: str | Path) -> Dataset:
    """Read our question file: one {"id", "question", "answers", "doc"} object per line.

    Blank lines are skipped; a missing id becomes f"q{lineno}". The dataset brings no
    corpus (documents is None): the user indexes their own folder.
    """
    p = Path(path)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for lineno, obj in _json_lines(p):
        q = _jsonl_question(p, lineno, obj)
        if q.id in seen:
            raise DatasetError(
                f"{p}:{lineno}: duplicate id {q.id!r} (first on line {seen[q.id]}); "
                "expected every id to be unique"
            )
        seen[q.id] = lineno
        questions.append(q)
    return Dataset(name=p.stem, documents=None, questions=questions)


# ---------------------------------------------------------------- SQuAD


def _load_json(path: Path) -> Any:
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as e:
        raise DatasetError(
            f"{path}:{e.lineno}: invalid JSON ({e.msg} at column {e.colno})"
        ) from None


def squad_paragraph_id(title: str, index: int) -> str:
    """The document id of the `index`-th (0-based) paragraph of SQuAD article `title`."""
    return f"{title}#{index}"


def _squad_answers(qa: dict[str, Any]) -> list[str]:
    """Deduplicated gold answer texts in order; [] for a v2.0 impossible question."""
    if qa.get("is_impossible"):
        return []
    return _dedupe([a["text"] for a in qa.get("answers", [])])


def _squad_from_json(
    obj: dict[str, Any], path: Path, articles: list[str] | None, skip_missing: bool
) -> Dataset:
    data = obj.get("data")
    if not isinstance(data, list):
        raise DatasetError(f"{path}: \"data\" must be a list of articles (SQuAD v1.1/v2.0 format)")
    titles = [a.get("title") for a in data if isinstance(a, dict)]
    wanted: set[str] | None = None
    if articles is not None:
        wanted = set(articles)
        missing = [a for a in _dedupe(list(articles)) if a not in set(titles)]
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
                    Document(
                        id=doc_id, title=shown, source=source, sha256=_sha256(context), text=context
                    )
                )
                if not keep:
                    continue
                for qa in para["qas"]:
                    questions.append(
                        Question(
                            id=qa["id"],
                            question=qa["question"],
                            answers=_squad_answers(qa),
                            relevant={doc_id: 1},
                        )
                    )
    except (KeyError, TypeError) as e:
        raise DatasetError(
            f"{path}: not SQuAD v1.1/v2.0 ({type(e).__name__}: {e}); expected "
            "data[].title, data[].paragraphs[].context and .qas[] with id, question, answers[].text"
        ) from None
    return Dataset(name=path.stem, documents=documents, questions=questions)


def load_squad(
    path: str | Path, articles: list[str] | None = None, *, skip_missing: bool = False
) -> Dataset:
    """Read a SQuAD v1.1 or v2.0 JSON file.

    The corpus is every paragraph of the file, whatever `articles` says: one Document per
    paragraph, id "<article title>#<0-based paragraph index>". Questions come from the
    articles named (all when None); each one's gold passage is its own paragraph, also for
    v2.0 impossible questions (whose answers are []). A name the file lacks is an error,
    unless `skip_missing` (needed to apply split.json, written for v1.1, to v2.0 dev).
    """
    p = Path(path)
    obj = _load_json(p)
    if not isinstance(obj, dict) or "data" not in obj:
        raise DatasetError(f"{p}: no top-level \"data\" key; expected a SQuAD v1.1/v2.0 file")
    return _squad_from_json(obj, p, articles, skip_missing)


def split_articles(split_json: str | Path, part: str) -> list[str]:
    """The article titles of `part` ("train" or "test") in a split.json file."""
    p = Path(split_json)
    if part not in ("train", "test"):
        raise DatasetError(f"{p}: unknown split part {part!r}; expected \"train\" or \"test\"")
    obj = _load_json(p)
    titles = obj.get(part) if isinstance(obj, dict) else None
    if not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
        raise DatasetError(f"{p}: \"{part}\" must be a list of article titles")
    return titles


# ---------------------------------------------------------------- BEIR


def _beir_corpus(path: Path, source: str) -> list[Document]:
    documents: list[Document] = []
    seen: set[str] = set()
    for lineno, obj in _json_lines(path):
        where = _where(path, lineno)
        if not isinstance(obj, dict):
            raise DatasetError(
                f"{where}: not a JSON object; expected {{\"_id\", \"title\", \"text\"}}"
            )
        doc_id = _id_field(obj.get("_id"))
        if doc_id is None:
            raise DatasetError(
                f"{where}: \"_id\" must be a non-empty string, got {obj.get('_id')!r}"
            )
        text = obj.get("text")
        if not isinstance(text, str):
            raise DatasetError(f"{where}: \"text\" must be a string, got {text!r}")
        title = obj.get("title")
        if title is not None and not isinstance(title, str):
            raise DatasetError(f"{where}: \"title\" must be a string, got {title!r}")
        if doc_id in seen:
            raise DatasetError(f"{where}: duplicate _id {doc_id!r}; expected unique document ids")
        seen.add(doc_id)
        documents.append(
            Document(
                id=doc_id, title=title or doc_id, source=source, sha256=_sha256(text), text=text
            )
        )
    return documents


def _beir_queries(path: Path) -> dict[str, str]:
    queries: dict[str, str] = {}
    for lineno, obj in _json_lines(path):
        where = _where(path, lineno)
        if not isinstance(obj, dict):
            raise DatasetError(f"{where}: not a JSON object; expected {{\"_id\", \"text\"}}")
        qid = _id_field(obj.get("_id"))
        if qid is None:
            raise DatasetError(
                f"{where}: \"_id\" must be a non-empty string, got {obj.get('_id')!r}"
            )
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DatasetError(f"{where}: \"text\" must be a non-empty string, got {text!r}")
        if qid in queries:
            raise DatasetError(f"{where}: duplicate _id {qid!r}; expected unique query ids")
        queries[qid] = text
    return queries


def _beir_qrels(path: Path, queries: dict[str, str]) -> dict[str, dict[str, int]]:
    """query id -> {corpus id: grade}, in first-appearance order; a repeated pair keeps the last."""
    qrels: dict[str, dict[str, int]] = {}
    for lineno, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip() or (lineno == 1 and line.startswith(_QRELS_HEADER)):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise DatasetError(
                f"{path}:{lineno}: {len(parts)} tab-separated fields; "
                "expected query-id<TAB>corpus-id<TAB>score"
            )
        qid, doc_id, score = (x.strip() for x in parts)
        try:
            grade = int(score)
        except ValueError:
            raise DatasetError(f"{path}:{lineno}: score {score!r} is not an integer") from None
        if not qid or not doc_id:
            raise DatasetError(f"{path}:{lineno}: empty query-id or corpus-id")
        if qid not in queries:
            raise DatasetError(
                f"{path}:{lineno}: query-id {qid!r} is not in queries.jsonl; "
                "expected every judged query to be defined there"
            )
        qrels.setdefault(qid, {})[doc_id] = grade
    return qrels


def load_beir(folder: str | Path, qrels: str = "test") -> Dataset:
    """Read a BEIR folder: corpus.jsonl, queries.jsonl and qrels/<qrels>.tsv.

    Only queries judged in the qrels split with a grade > 0 become Questions; they are
    retrieval-only (answers [], relevant = the positive grades). Untitled documents take
    their id as title.
    """
    root = Path(folder)
    qrels_path = root / "qrels" / f"{qrels}.tsv"
    if not qrels_path.is_file():
        have = sorted(p.stem for p in (root / "qrels").glob("*.tsv"))
        raise DatasetError(f"{qrels_path}: no such qrels file; available splits: {have}")
    documents = _beir_corpus(root / "corpus.jsonl", f"beir:{root.name}")
    queries = _beir_queries(root / "queries.jsonl")
    judged = _beir_qrels(qrels_path, queries)
    questions = [
        Question(id=qid, question=queries[qid], answers=[], relevant=positive)
        for qid, grades in judged.items()
        if (positive := {d: g for d, g in grades.items() if g > 0})
    ]
    return Dataset(name=root.name, documents=documents, questions=questions)
