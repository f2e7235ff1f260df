"""Documents of an index read on demand from disk, so an index's text need not fit in memory."""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np

from rag.models import Document
from rag.store.generations import damaged_file

DOCUMENTS = "documents.jsonl"  # one Document as JSON per line
OFFSETS = "documents.offsets.npy"  # byte offset of each line, then the file size
CATALOG = "documents.catalog.json"  # {"ids": [...], "sources": [...]}, in line order


class DocStore(Mapping[str, Document]):
    """The documents of one saved generation: ids and sources in memory, text parsed per access.

    The most recently read documents stay parsed (a search reads the same few several times).
    The file stays open while the store lives, even after its generation is replaced; a document
    is read with pread, so nothing of the file is mapped into (or counted in) this process's memory.
    """

    CACHED = 64

    def __init__(self, folder: Path):
        self.path = folder / DOCUMENTS
        with damaged_file(self.path):
            self._file = open(self.path, "rb")  # read with pread: the file stays readable after its generation goes
            size = os.fstat(self._file.fileno()).st_size
        if (folder / CATALOG).is_file() and (folder / OFFSETS).is_file():
            with damaged_file(folder / CATALOG):
                catalog = json.loads((folder / CATALOG).read_text(encoding="utf-8"))
                self.ids, self.sources = catalog["ids"], catalog["sources"]
            with damaged_file(folder / OFFSETS):
                self.offsets = np.load(folder / OFFSETS)
                if len(self.offsets) != len(self.ids) + 1:
                    raise ValueError(f"{len(self.offsets) - 1} offsets for {len(self.ids)} documents")
            with damaged_file(self.path):
                if int(self.offsets[-1]) != size:
                    raise ValueError(f"{size} bytes where {int(self.offsets[-1])} were written")
        else:  # a generation saved before the catalog existed: read it through once
            with (
                damaged_file(self.path),
                mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
                if size
                else contextlib.nullcontext(b"") as data,
            ):
                self.ids, self.sources, self.offsets = scan(data)
        self.row = {d: i for i, d in enumerate(self.ids)}
        self._recent: OrderedDict[str, Document] = OrderedDict()
        self._lock = threading.Lock()

    def raw(self, doc_id: str) -> bytes:
        """The document's JSON line as stored (newline included)."""
        i = self.row[doc_id]
        start = int(self.offsets[i])
        return os.pread(self._file.fileno(), int(self.offsets[i + 1]) - start, start)

    def __getitem__(self, doc_id: str) -> Document:
        with self._lock:
            doc = self._recent.get(doc_id)
            if doc is not None:
                self._recent.move_to_end(doc_id)
                return doc
        doc = Document.model_validate_json(self.raw(doc_id))
        with self._lock:
            self._recent[doc_id] = doc
            if len(self._recent) > self.CACHED:
                self._recent.popitem(last=False)
        return doc

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.row

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def source(self, doc_id: str) -> str:
        return self.sources[self.row[doc_id]]


def scan(data) -> tuple[list[str], list[str], np.ndarray]:
    """(ids, sources, line offsets) of a documents.jsonl held in `data`."""
    ids, sources, offsets, at = [], [], [0], 0
    while at < len(data):
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end + 1
        d = json.loads(data[at:end])
        ids.append(d["id"])
        sources.append(d["source"])
        offsets.append(end)
        at = end
    return ids, sources, np.array(offsets, dtype=np.int64)


class Overlay(Mapping[str, Document]):
    """`base` with some documents removed and others added (or replaced): a builder's view.

    `removed` holds only ids of `base`.
    """

    def __init__(self, base: Mapping[str, Document], added: dict[str, Document], removed: set[str]):
        self.base, self.added, self.removed = base, added, removed

    def __getitem__(self, doc_id: str) -> Document:
        if doc_id in self.added:
            return self.added[doc_id]
        if doc_id in self.removed:
            raise KeyError(doc_id)
        return self.base[doc_id]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.added or (doc_id not in self.removed and doc_id in self.base)

    def __iter__(self) -> Iterator[str]:
        yield from (d for d in self.base if d not in self.removed and d not in self.added)
        yield from self.added

    def __len__(self) -> int:
        return (
            len(self.base) - len(self.removed) + sum(1 for d in self.added if d not in self.base or d in self.removed)
        )

    def source(self, doc_id: str) -> str:
        return self.added[doc_id].source if doc_id in self.added else source_of(self.base, doc_id)


def source_of(docs: Mapping[str, Document], doc_id: str) -> str:
    """A document's source path, without reading its text when the mapping can say it cheaply."""
    return docs.source(doc_id) if hasattr(docs, "source") else docs[doc_id].source


def write_documents(folder: Path, docs: Mapping[str, Document]) -> None:
    """Save `docs` as documents.jsonl with its offsets and catalog; stored lines are copied, not re-encoded."""
    ids, sources, offsets = [], [], [0]
    with open(folder / DOCUMENTS, "wb") as f:
        for doc_id in docs:
            line = stored_line(docs, doc_id)
            if line is None:
                d = docs[doc_id]
                line, source = (d.model_dump_json() + "\n").encode("utf-8"), d.source
            else:
                source = source_of(docs, doc_id)
            f.write(line)
            ids.append(doc_id)
            sources.append(source)
            offsets.append(offsets[-1] + len(line))
    np.save(folder / OFFSETS, np.array(offsets, dtype=np.int64))
    (folder / CATALOG).write_text(json.dumps({"ids": ids, "sources": sources}), encoding="utf-8")


def stored_line(docs: Mapping[str, Document], doc_id: str) -> bytes | None:
    """The document's line as already stored on disk, if `docs` reads it from a DocStore."""
    while isinstance(docs, Overlay):
        if doc_id in docs.added:
            return None
        docs = docs.base
    return docs.raw(doc_id) if isinstance(docs, DocStore) else None
