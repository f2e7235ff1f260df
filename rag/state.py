"""One consistent snapshot of an index's contents: what searches read and writers replace whole."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rag.dense import DenseIndex
from rag.models import Document
from rag.sparse import SparseIndex
from rag.store import Manifest


@dataclass
class State:
    """One consistent snapshot of an index; searches read it, writers replace it whole."""

    manifest: Manifest
    docs: dict[str, Document]
    ids: np.ndarray  # chunk ids, one row per chunk
    doc_of: list[str]  # document id per row
    starts: np.ndarray
    ends: np.ndarray
    pages: np.ndarray  # 0 where the document has no pages
    dense: DenseIndex
    sparse: SparseIndex
    row_of: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.row_of = {int(c): i for i, c in enumerate(self.ids.tolist())}

    def chunk_text(self, row: int) -> str:
        return self.docs[self.doc_of[row]].text[int(self.starts[row]) : int(self.ends[row])]

    def index_texts(self) -> list[str]:
        """What was embedded and BM25-indexed for each chunk (`index_text`), in row order."""
        prefix = self.manifest.build.title_prefix
        return [index_text(self.docs[d].title, self.chunk_text(row), prefix) for row, d in enumerate(self.doc_of)]


def index_text(title: str, text: str, title_prefix: bool) -> str:
    """What is embedded and BM25-indexed for a chunk: its text, led by its title when asked."""
    if title_prefix and title and not text.startswith(title):
        return f"{title}\n{text}"
    return text
