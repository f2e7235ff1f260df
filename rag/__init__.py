"""rag: offline question answering over your own documents, with exact quoted answers."""

import os as _os

# Nothing may reach a model hub: fail at once instead of hanging (set before transformers loads).
_os.environ.setdefault("HF_HUB_OFFLINE", "1")
_os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
_os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
_os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
_os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Idle OpenMP threads sleep instead of spinning: on a busy 2-core laptop spinning made one query 30x slower.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
__all__ = ["Index", "Document", "Chunk", "Hit", "Quote", "Answer", "__version__"]


def __getattr__(name: str):
    # Lazy: `import rag` (and `rag --help`) stays fast; torch loads only when an Index is used.
    if name == "Index":
        from rag.index import Index

        return Index
    if name in {"Document", "Chunk", "Hit", "Quote", "Answer"}:
        from rag import models

        return getattr(models, name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
