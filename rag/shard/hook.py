"""What `Index.open` asks before opening a folder: is it a sharded index? Then a ShardedIndex opens it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rag.shard.layout import is_sharded

if TYPE_CHECKING:
    from rag.embed.model import TextEmbedder
    from rag.settings import AnswerSettings, BuildSettings, SearchSettings
    from rag.shard.index import ShardedIndex


def open_sharded(
    path: str | Path,
    create: bool,
    build: BuildSettings | None,
    search: SearchSettings | None,
    embedder: TextEmbedder | None,
    answer: AnswerSettings | None,
    wait: bool,
    on_busy: Callable[[str], None] | None,
    ray: bool,
) -> ShardedIndex | None:
    """The sharded index in `path` opened with the Index API, or None when `path` holds no sharded index."""
    if not is_sharded(path):
        return None
    from rag.shard.index import ShardedIndex  # imported only when needed

    return ShardedIndex.open(path, create, build, search, embedder, answer, wait=wait, on_busy=on_busy, ray=ray)
