"""The files of one generation, and a State opened from them, created empty or saved as a new generation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from rag.embed.model import TextEmbedder, weights_hash
from rag.errors import IncompatibleIndex
from rag.models import IndexStats
from rag.retrieve.dense import DenseIndex
from rag.retrieve.sparse import SparseIndex
from rag.settings import AnswerSettings, BuildSettings, SearchSettings
from rag.store.docstore import DocStore, write_documents
from rag.store.generations import damaged_file, write_generation
from rag.store.manifest import FORMAT_VERSION, EmbedderInfo, Manifest, check_embedder, read_manifest
from rag.store.state import State

CHUNKS = "chunks.npz"  # chunk ids, start and end offsets, pages: one row per chunk
CHUNK_DOCS = "chunk_docs.json"  # the document id of each row
DENSE = "dense.faiss"
SPARSE = "bm25"  # a folder of .npy arrays
MANIFEST = "manifest.json"


def embedder_info(embedder: TextEmbedder) -> EmbedderInfo:
    """What an index records of the embedder that made its vectors."""
    return EmbedderInfo(
        name=embedder.name,
        weights_sha256=weights_hash(),
        dimension=embedder.dimension,
        backend=getattr(embedder, "backend", "fp32"),
    )


def empty_state(
    embedder: TextEmbedder,
    build: BuildSettings | None = None,
    search: SearchSettings | None = None,
    answer: AnswerSettings | None = None,
) -> State:
    """A State with no documents, made with these settings (defaults where None)."""
    manifest = Manifest(
        embedder=embedder_info(embedder),
        build=build or BuildSettings(),
        search=search or SearchSettings(),
        answer=answer or AnswerSettings(),
    )
    return State.empty(manifest)


def state_at(
    gen: Path | None,
    embedder: TextEmbedder,
    build: BuildSettings | None = None,
    search: SearchSettings | None = None,
    answer: AnswerSettings | None = None,
) -> State:
    """The State saved in generation `gen` (an empty one when None), checked against this embedder
    and `build` (when given); `search` and `answer` override the stored settings for this session."""
    if gen is None:
        return empty_state(embedder, build, search, answer)
    path = gen.parent
    manifest = read_manifest(gen)
    check_embedder(manifest, embedder_info(embedder), path)
    if build is not None and build != manifest.build:
        raise IncompatibleIndex(
            f"index {path} was built with other settings ({manifest.build.model_dump()}); "
            f"rebuild it with `rag index DOCS --index {path} --rebuild` to change them."
        )
    if search is not None:
        manifest.search = search
    if answer is not None:
        manifest.answer = answer
    return read_state(gen, manifest)


def read_state(gen: Path, manifest: Manifest) -> State:
    """The State saved in generation folder `gen`; documents are read from disk on demand.

    A file that is missing, unreadable or inconsistent with the others raises DamagedIndex naming it.
    """
    build = manifest.build
    with damaged_file(gen / CHUNKS):
        table = np.load(gen / CHUNKS, allow_pickle=False)
        ids, starts, ends, pages = (table[k] for k in ("ids", "starts", "ends", "pages"))
    doc_of = read_chunk_docs(gen)
    with damaged_file(gen / CHUNK_DOCS):
        if not len(ids) == len(starts) == len(ends) == len(pages) == len(doc_of):
            raise ValueError(f"{len(doc_of)} rows for {len(ids)} chunks")
    with damaged_file(gen / SPARSE):
        sparse = SparseIndex.load(gen / SPARSE, build.bm25_k1, build.bm25_b)
        if sparse is not None and len(sparse.ids) != len(ids):
            raise ValueError(f"{len(sparse.ids)} rows for {len(ids)} chunks")
    with damaged_file(gen / DENSE):
        dense = DenseIndex.load(gen / DENSE, manifest.embedder.dimension, build.dense_exact_limit)
        if len(dense) != len(ids):
            raise ValueError(f"{len(dense)} vectors for {len(ids)} chunks")
    state = State(
        manifest=manifest,
        docs=DocStore(gen),
        ids=ids,
        doc_of=doc_of,
        starts=starts,
        ends=ends,
        pages=pages,
        dense=dense,
        sparse=sparse or SparseIndex(build.bm25_k1, build.bm25_b),
    )
    if sparse is None:  # saved by an older rag (bm25s files, another tokenizer): tokenized again, kept once saved
        state.sparse = SparseIndex.from_texts(state.index_texts(), state.ids, build.bm25_k1, build.bm25_b)
    return state


def read_chunk_docs(gen: Path) -> list[str]:
    """The document id of each passage saved in generation folder `gen`, in row order (DamagedIndex if unreadable)."""
    with damaged_file(gen / CHUNK_DOCS):
        return json.loads((gen / CHUNK_DOCS).read_text(encoding="utf-8"))


def write_state(folder: Path, state: State) -> None:
    """Write every file of `state` into `folder` (a generation being made)."""
    write_documents(folder, state.docs)
    np.savez(folder / CHUNKS, ids=state.ids, starts=state.starts, ends=state.ends, pages=state.pages)
    (folder / CHUNK_DOCS).write_text(json.dumps(state.doc_of), encoding="utf-8")
    state.dense.save(folder / DENSE)
    state.sparse.save(folder / SPARSE)
    (folder / MANIFEST).write_text(state.manifest.model_dump_json(indent=2), encoding="utf-8")


def save_state(path: Path, state: State) -> Path:
    """Save `state` as the index's new generation (atomically; the caller holds the index lock); returns its folder."""
    return write_generation(path, lambda folder: write_state(folder, state))


def index_stats(state: State, path: str) -> IndexStats:
    """Size and make of the index in `state`, for people."""
    embedder = state.manifest.embedder
    return IndexStats(
        path=path,
        documents=len(state.docs),
        chunks=len(state.ids),
        embedder=embedder.name,
        dimension=embedder.dimension,
        dense=state.dense.kind,
        format_version=FORMAT_VERSION,
    )
