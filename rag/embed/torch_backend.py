"""The fp32 reference embedder: sentence-transformers on torch, L2-normalized vectors."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from rag.embed.model import DIMENSION, MAX_SEQ_TOKENS, MODEL_NAME, encode_sorted, model_path, set_threads


class Embedder:
    """Turns texts into L2-normalized float32 vectors; the model loads once, on first use."""

    name = MODEL_NAME
    dimension = DIMENSION
    backend = "fp32"

    def __init__(self, batch_size: int = 32):
        self.batch_size = batch_size
        self._model: Any = None
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
