"""Build, or reuse from a cache folder, the index of an eval dataset's corpus."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from rag.embed import load_embedder
from rag.index import Index
from rag.ingest.chunks import CHUNKER_VERSION
from rag.ingest.readers import EXTRACTOR_VERSION
from rag.models import Document
from rag.settings import AnswerSettings, BuildSettings, SearchSettings

CACHE = Path(os.environ.get("RAG_EVAL_CACHE", Path.home() / ".cache" / "rag" / "eval"))  # built dataset indexes


_EMBEDDERS: dict[str | None, object] = {}


def shared_embedder(backend: str | None = None):
    """One embedder per backend per process: the model loads once however many indexes use it."""
    if backend not in _EMBEDDERS:
        _EMBEDDERS[backend] = load_embedder(backend)
    return _EMBEDDERS[backend]


def corpus_key(name: str, docs: list[Document], build: BuildSettings, backend: str = "int8") -> str:
    """A folder name that changes whenever the corpus, the build settings, the reading of files, the chunker or the
    embedder backend change (a document's sha256 is its file's: the text read from the same bytes changes with
    the extractor's version)."""
    versions = b"\0%d\0%d" % (CHUNKER_VERSION, EXTRACTOR_VERSION)
    h = hashlib.sha256(build.model_dump_json().encode() + b"\0" + backend.encode() + versions)
    for d in docs:
        h.update(d.id.encode() + b"\0" + d.sha256.encode())
    return f"{name}-{h.hexdigest()[:16]}"


def dataset_index(
    name: str,
    docs: list[Document],
    build: BuildSettings | None = None,
    cache: Path | None = None,
    progress: bool = True,
    embedder=None,
) -> Index:
    """Open the cached index of `docs`, building (and saving) it on first use.

    Search and answer settings are the package's current defaults, not those stored at build time.
    """
    build = build or BuildSettings()
    embedder = embedder or shared_embedder()
    folder = (cache or CACHE) / corpus_key(name, docs, build, embedder.backend)
    index = Index.open(folder, build=build, search=SearchSettings(), answer=AnswerSettings(), embedder=embedder)
    if len(index) != len(docs):
        bar = None
        if progress:
            from rag.ui.progress import progress_bar

            bar = progress_bar(f"indexing {name}")
        index.add_documents(docs, progress=bar)
    return index
