"""The page on a sharded index: every tab's actions, called as the page calls them, give what one index gives."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from rag.index import Index
from rag.shard.index import ShardedIndex
from rag.ui.app import build_app
from rag.ui.service import PageService
from tests.conftest import SEEDS

QUESTION = "Who is the head of the Chinese Communist Party's International Department?"
GONE = "003_73a7ca4ae6137f01.txt"


def page_session(folder: Path, corpus: Path, upload: Path, embedder) -> list[Any]:
    """What the page shows for the index in `folder`: the Documents tab, statistics, an answer, an upload, a removal
    and the Documents tab again (each through the page's own event functions), the folder's path left out."""
    index = Index.open(folder, embedder=embedder)
    service = PageService(index, limit_mb=1)
    page = {f.name: f.fn for f in build_app(index, corpus, service).fns.values()}
    shown = [
        page["documents_view"](),
        page["stats_html"](),
        page["show_answer"](QUESTION, "hybrid", 3),
        page["add_files"]([str(upload)]),
        page["remove_documents"]([GONE]),
        page["documents_view"](),
        [d.model_dump() for d in service.documents()],
    ]
    return [repr(s).replace(str(folder), "IX") for s in shown]


def test_every_tab_works_on_a_sharded_index_as_on_one(embedder, tmp_path):
    """Protects the page over shards (its Documents tab failed there: it asked the index for a single snapshot):
    the document list with passage counts, statistics, answers, uploads and removal show what one index shows."""
    corpus, upload = tmp_path / "docs", tmp_path / "festival.txt"
    shutil.copytree(SEEDS, corpus)
    upload.write_text("The Zorblax festival is held in Quillmere every spring.", encoding="utf-8")
    ShardedIndex.open(tmp_path / "sharded", embedder=embedder, shards=2).add([corpus])
    Index.open(tmp_path / "one", embedder=embedder).add([corpus])
    assert isinstance(Index.open(tmp_path / "sharded", embedder=embedder), ShardedIndex)

    sharded = page_session(tmp_path / "sharded", corpus, upload, embedder)
    one = page_session(tmp_path / "one", corpus, upload, embedder)
    assert sharded == one
    listed = ShardedIndex.open(tmp_path / "sharded", embedder=embedder).contents()
    assert (
        GONE not in listed.docs and len(listed.doc_of) == Index.open(tmp_path / "one", embedder=embedder).stats().chunks
    )
    assert "festival.txt" in sharded[-1] and "Liu Jianchao" in sharded[2]
