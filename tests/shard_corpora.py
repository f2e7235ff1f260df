"""Small real corpora for the sharded-index tests: the seeds articles, their paragraphs, and SQuAD dev paragraphs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from rag.models import Document
from tests.conftest import SEEDS, SHARED

SQUAD_DEV = SHARED / "data" / "squad" / "dev-v1.1.json"


def text_document(doc_id: str, title: str, text: str, source: str = "test") -> Document:
    return Document(id=doc_id, title=title, source=source, sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)


def real_documents(squad_paragraphs: int = 24) -> list[Document]:
    """The two seeds articles, each of their paragraphs as a document of its own, and (where ../shared holds SQuAD)
    the first paragraphs of the SQuAD v1.1 dev set."""
    docs = []
    for f in sorted(SEEDS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        title = text.splitlines()[0]
        docs.append(text_document(f.name, title, text))
        paragraphs = [p.strip() for p in text.splitlines() if len(p.strip()) > 60]
        docs += [text_document(f"{f.stem}-{i}", title, p) for i, p in enumerate(paragraphs)]
    if SQUAD_DEV.is_file() and squad_paragraphs:
        from rag.evaluation.squad import load_squad

        docs += load_squad(SQUAD_DEV).documents[:squad_paragraphs]
    return docs


class Remembering:
    """The real embedder, remembering each text's vector so that hypothesis examples reuse them. Exact: the int8
    embedder runs every text alone, so a vector depends on its text only (rag.embed.onnx_backend)."""

    def __init__(self, real):
        self.real = real
        self.name, self.dimension, self.backend = real.name, real.dimension, real.backend
        self.vectors: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.real.encode(missing)))
        if progress is not None and len(texts):
            progress(len(texts))
        return np.array([self.vectors[t] for t in texts], dtype=np.float32).reshape(len(texts), self.dimension)

    def encode_query(self, query: str) -> np.ndarray:
        return self.real.encode_query(query)
