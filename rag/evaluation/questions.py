"""Question sets as records (questions, gold answers, gold documents), and the readers' shared helpers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import BadInput
from rag.models import Document

ACCEPTED_FORMATS = (
    'a .jsonl file of questions ({"id", "question", "answers", "doc"} per line), '
    'a SQuAD v1.1/v2.0 .json file (with a "data" key), '
    "or a BEIR folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv)"
)
JSONL_EXPECTED = '{"id": str, "question": str, "answers": [str, ...], "doc": str | null}'
QRELS_HEADER = "query-id"


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


class DatasetError(BadInput):
    """A dataset file that cannot be read; the message names the file, line and what is expected."""


# ---------------------------------------------------------------- helpers


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def location(path: Path | str, lineno: int | None = None) -> str:
    return f"{path}:{lineno}" if lineno is not None else str(path)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise DatasetError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise DatasetError(f"{path}: cannot read ({e.strerror or e})") from None


def json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(1-based line number, parsed value) for every non-blank line of a JSONL file."""
    for lineno, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as e:
            raise DatasetError(
                f"{path}:{lineno}: invalid JSON ({e.msg} at column {e.colno}); expected one JSON object per line"
            ) from None


def id_field(value: Any) -> str | None:
    """An id given as a string or an integer, as a string; None for anything else."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def load_json(path: Path) -> Any:
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as e:
        raise DatasetError(f"{path}:{e.lineno}: invalid JSON ({e.msg} at column {e.colno})") from None
