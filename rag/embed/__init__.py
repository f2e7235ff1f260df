"""Embeddings: the packaged MiniLM model, its int8 ONNX and fp32 torch backends, and the factory."""

from rag.embed.factory import BACKENDS, load_embedder
from rag.embed.model import TextEmbedder

__all__ = ["BACKENDS", "TextEmbedder", "load_embedder"]
