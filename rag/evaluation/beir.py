"""BEIR folders (corpus, queries, qrels) as documents and questions with graded gold documents."""

from __future__ import annotations

from pathlib import Path

from rag.evaluation.questions import (
    QRELS_HEADER,
    Dataset,
    DatasetError,
    Question,
    id_field,
    json_lines,
    location,
    read_text,
    sha256_hex,
)
from rag.models import Document


def _beir_corpus(path: Path, source: str) -> list[Document]:
    documents: list[Document] = []
    seen: set[str] = set()
    for lineno, obj in json_lines(path):
        where = location(path, lineno)
        if not isinstance(obj, dict):
            raise DatasetError(f'{where}: not a JSON object; expected {{"_id", "title", "text"}}')
        doc_id = id_field(obj.get("_id"))
        if doc_id is None:
            raise DatasetError(f'{where}: "_id" must be a non-empty string, got {obj.get("_id")!r}')
        text = obj.get("text")
        if not isinstance(text, str):
            raise DatasetError(f'{where}: "text" must be a string, got {text!r}')
        title = obj.get("title")
        if title is not None and not isinstance(title, str):
            raise DatasetError(f'{where}: "title" must be a string, got {title!r}')
        if doc_id in seen:
            raise DatasetError(f"{where}: duplicate _id {doc_id!r}; expected unique document ids")
        seen.add(doc_id)
        documents.append(Document(id=doc_id, title=title or doc_id, source=source, sha256=sha256_hex(text), text=text))
    return documents


def _beir_queries(path: Path) -> dict[str, str]:
    queries: dict[str, str] = {}
    for lineno, obj in json_lines(path):
        where = location(path, lineno)
        if not isinstance(obj, dict):
            raise DatasetError(f'{where}: not a JSON object; expected {{"_id", "text"}}')
        qid = id_field(obj.get("_id"))
        if qid is None:
            raise DatasetError(f'{where}: "_id" must be a non-empty string, got {obj.get("_id")!r}')
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DatasetError(f'{where}: "text" must be a non-empty string, got {text!r}')
        if qid in queries:
            raise DatasetError(f"{where}: duplicate _id {qid!r}; expected unique query ids")
        queries[qid] = text
    return queries


def _beir_qrels(path: Path, queries: dict[str, str]) -> dict[str, dict[str, int]]:
    """query id -> {corpus id: grade}, in first-appearance order; a repeated pair keeps the last."""
    qrels: dict[str, dict[str, int]] = {}
    for lineno, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip() or (lineno == 1 and line.startswith(QRELS_HEADER)):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise DatasetError(
                f"{path}:{lineno}: {len(parts)} tab-separated fields; expected query-id<TAB>corpus-id<TAB>score"
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
