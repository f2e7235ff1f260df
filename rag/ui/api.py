"""The page's API for programs, without gradio: checked arguments, JSON records, the document list."""

from __future__ import annotations

import math
import os
import threading
from collections import Counter
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from rag import checks
from rag.errors import BadInput
from rag.models import Mode

if TYPE_CHECKING:
    from rag.searchable import Searchable
    from rag.store.state import Contents

MAX_K = 50  # passages one question or search may ask for
DEFAULT_MAX_FILE_MB = 50.0
MAX_FILE_ENV = "RAG_MAX_FILE_MB"


class DocumentInfo(BaseModel):
    """One indexed document as the page lists it (no text)."""

    id: str = Field(description="The id `remove` takes.")
    title: str
    source: str = Field(description="The file it was read from.")
    passages: int = Field(description="How many passages it was cut into.")
    chars: int = Field(description="Length of its text in characters.")


def check_question(text: Any, what: str = "question") -> str:
    """A non-empty question or query, stripped."""
    text = checks.check_text(text, what)
    if not text.strip():
        raise BadInput(f"{what} is empty: ask something about the documents")
    return text.strip()


def check_k(k: Any) -> int:
    """A passage count from 1 to MAX_K; a whole float (5.0: the page's slider, a JSON client) counts as whole."""
    if isinstance(k, float) and math.isfinite(k) and k.is_integer():
        k = int(k)
    k = checks.check_k(k)
    if k > MAX_K:
        raise BadInput(f"k must be at most {MAX_K} passages, got {k}")
    return k


def check_mode(mode: Any) -> Mode:
    return checks.check_mode(mode)


def check_ids(ids: Any) -> list[str]:
    """Document ids: a list of strings, or one string meaning one id (never its characters); not none."""
    out = [i.strip() for i in checks.as_ids(ids) if i.strip()]
    if not out:
        raise BadInput("no document ids given: choose one or more documents to remove")
    return list(dict.fromkeys(out))


def max_file_mb(value: str | float | None = None) -> float:
    """The upload limit per file in MB: `value`, else $RAG_MAX_FILE_MB, else 50."""
    raw = value if value is not None else os.environ.get(MAX_FILE_ENV) or DEFAULT_MAX_FILE_MB
    try:
        mb = float(raw)
    except ValueError:
        raise BadInput(f"the upload limit must be a number of MB, not {raw!r} (check ${MAX_FILE_ENV})") from None
    if not (math.isfinite(mb) and mb > 0):
        raise BadInput(f"the upload limit must be a positive number of MB, not {raw!r}")
    return mb


def mb_text(mb: float) -> str:
    """'50 MB', '0.5 MB'."""
    return f"{mb:g} MB"


def too_big(size: int, limit_mb: float) -> str | None:
    """The reason a file of `size` bytes is refused, or None when it is within the limit."""
    if size <= limit_mb * 1024 * 1024:
        return None
    return f"larger than the {mb_text(limit_mb)} upload limit ({size / 1024 / 1024:.1f} MB); nothing was indexed"


def list_documents(contents: Contents) -> list[DocumentInfo]:
    """Every document of an index, sorted by id, with its passage count (reads each document once)."""
    passages = Counter(contents.doc_of)
    out = []
    for doc_id in sorted(contents.docs):
        doc = contents.docs[doc_id]
        out.append(
            DocumentInfo(id=doc.id, title=doc.title, source=doc.source, passages=passages[doc_id], chars=len(doc.text))
        )
    return out


class DocumentCatalog:
    """The document list of an index (one or sharded), computed once per version of its contents (they change only
    on writes)."""

    def __init__(self, index: Searchable):
        self.index = index
        self._lock = threading.Lock()
        self._contents: Contents | None = None  # kept, so its id cannot be reused while cached
        self._docs: list[DocumentInfo] = []

    def documents(self) -> list[DocumentInfo]:
        contents = self.index.contents()
        with self._lock:
            if contents is not self._contents:
                self._docs, self._contents = list_documents(contents), contents
            return self._docs
