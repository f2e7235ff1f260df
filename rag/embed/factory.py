"""Choose an embedder backend by name."""

from __future__ import annotations

import os

from rag.embed.model import TextEmbedder
from rag.errors import BadInput

BACKENDS = ("int8", "fp32")  # ONNX Runtime int8 (the default), sentence-transformers fp32 (the reference)


def load_embedder(backend: str | None = None) -> TextEmbedder:
    """An embedder by backend name: `int8` (default; or the RAG_EMBEDDER variable) or `fp32`.

    Both make vectors of the same model (cosine >= 0.99 to each other), so an index built by one
    can be searched by the other.
    """
    backend = backend or os.environ.get("RAG_EMBEDDER") or BACKENDS[0]
    if backend == "fp32":
        from rag.embed.torch_backend import Embedder

        return Embedder()
    if backend == "int8":
        from rag.embed.onnx_backend import OnnxEmbedder

        return OnnxEmbedder()
    raise BadInput(f"unknown embedder {backend!r}: use one of {', '.join(BACKENDS)}")
