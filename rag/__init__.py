"""rag: offline question answering over your own documents, with exact quoted answers."""

import os as _os

# Nothing may reach a model hub or send telemetry: fail at once instead of hanging (set before
# transformers or onnxruntime load, and forced: a stray variable in the shell must not turn them on).
_os.environ["HF_HUB_OFFLINE"] = "1"
_os.environ["TRANSFORMERS_OFFLINE"] = "1"
_os.environ["ORT_DISABLE_TELEMETRY"] = "1"
_os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
_os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
_os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Idle OpenMP threads sleep instead of spinning: on a busy 2-core laptop spinning made one query 30x slower.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"

# Public names and the module each lives in; loaded on first use, so `import rag` (and `rag --help`)
# stays fast and torch loads only when an index or embedder is used.
_EXPORTS = {
    "Index": "rag.index",
    "Document": "rag.models",
    "Hit": "rag.models",
    "RetrieverScore": "rag.models",
    "Quote": "rag.models",
    "Answer": "rag.models",
    "IndexReport": "rag.models",
    "IndexStats": "rag.models",
    "Skipped": "rag.models",
    "Mode": "rag.models",
    "Progress": "rag.models",
    "BuildSettings": "rag.settings",
    "SearchSettings": "rag.settings",
    "AnswerSettings": "rag.settings",
    "ChunkingConfig": "rag.settings",
    "RagError": "rag.errors",
    "IndexNotFound": "rag.errors",
    "IncompatibleIndex": "rag.errors",
    "DamagedIndex": "rag.errors",
    "IndexBusy": "rag.errors",
    "BadInput": "rag.errors",
    "load_embedder": "rag.embed.factory",
    "TextEmbedder": "rag.embed.model",
}
__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
