"""Checks of the Index API's arguments: one path or id means one, counts are whole, thresholds are finite."""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rag.errors import BadInput
from rag.models import MODES, Mode


def _kind(value: Any) -> str:
    return f"{value!r} ({type(value).__name__})" if len(repr(value)) <= 60 else type(value).__name__


def as_paths(paths: Any) -> list[Path]:
    """A path (str or Path) as a list of one; a list (or any iterable) of paths as a list."""
    items = [paths] if isinstance(paths, str | os.PathLike) else paths
    if isinstance(items, bytes | bytearray) or not isinstance(items, Iterable):
        raise BadInput(f"paths must be a file or folder path, or a list of them, not {_kind(paths)}")
    out = []
    for p in items:
        if not isinstance(p, str | os.PathLike) or isinstance(os.fspath(p), bytes):
            raise BadInput(f"each path must be a str or pathlib.Path, not {_kind(p)}")
        if not os.fspath(p):
            raise BadInput("a path is empty: give the file or folder to index")
        out.append(Path(p))
    return out


def as_ids(doc_ids: Any) -> list[str]:
    """A document id (str) as a list of one; a list (or any iterable) of ids as a list."""
    items = [doc_ids] if isinstance(doc_ids, str) else doc_ids
    if isinstance(items, bytes | bytearray) or not isinstance(items, Iterable):
        raise BadInput(f"doc_ids must be a document id, or a list of them, not {_kind(doc_ids)}")
    out = list(items)
    bad = [d for d in out if not isinstance(d, str)]
    if bad:
        raise BadInput(f"each document id must be a str, not {_kind(bad[0])}")
    return out


def check_k(k: Any, what: str = "k") -> int:
    """A passage count: an int of at least 1 (a bool or a whole float is not one)."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise BadInput(f"{what} must be a whole number of passages, at least 1; got {_kind(k)}")
    if k < 1:
        raise BadInput(f"{what} must be at least 1, got {k}")
    return int(k)


def check_text(text: Any, what: str = "query") -> str:
    """A query or question: a str."""
    if not isinstance(text, str):
        raise BadInput(f"{what} must be a str, not {_kind(text)}")
    return text


def check_question(text: Any) -> str:
    """A question: a str with something in it."""
    if not check_text(text, "question").strip():
        raise BadInput("question is empty: ask something about the documents")
    return text


def check_texts(texts: Any, what: str = "queries") -> list[str]:
    """A list of queries or questions (one str alone is refused: it would be a list of characters)."""
    if isinstance(texts, str | bytes) or not isinstance(texts, Iterable):
        raise BadInput(f"{what} must be a list of str, not {_kind(texts)}")
    return [check_text(t, what[:-3] + "y" if what == "queries" else what[:-1]) for t in texts]


def check_mode(mode: Any) -> Mode:
    if mode not in MODES:
        raise BadInput(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
    return mode


def check_threshold(threshold: Any) -> float | None:
    """An abstention threshold: None (the fitted one) or a number from 0 to 1."""
    if threshold is None:
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not math.isfinite(threshold):
        raise BadInput(f"threshold must be a number from 0 to 1, or None for the fitted one; got {_kind(threshold)}")
    value = float(threshold)
    if not 0 <= value <= 1:
        raise BadInput(f"threshold must be from 0 to 1, got {value}")
    return value
