"""What an update changes: new or changed files or documents to embed, unchanged ones, ids to remove."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rag.ingest.chunks import CHUNKER_VERSION
from rag.ingest.files import doc_id_for, find_files
from rag.ingest.readers import EXTRACTOR_VERSION, read_or_skip
from rag.models import Document, IndexReport, Skipped
from rag.store.docstore import source_of
from rag.store.state import State


@dataclass
class FileChanges:
    """The files of one `add`: those to read and embed, the document ids to drop, and the report so far."""

    report: IndexReport
    pending: list[tuple[Path, str, int]] = field(default_factory=list)  # (file, document id, size in bytes)
    gone: list[str] = field(default_factory=list)  # indexed documents whose files left an added folder
    failed: list[str] = field(default_factory=list)  # pending files that no longer read: their old text goes
    stored: Mapping[str, Document] = field(default_factory=dict)  # the index's documents, to compare re-reads with
    recheck: set[str] = field(default_factory=set)  # unchanged files an older extraction read: read them again
    restamped: list[str] = field(default_factory=list)  # rechecked files whose text came out the same
    moved: dict[str, Document] = field(default_factory=dict)  # old id -> the document under its new path and id

    @property
    def size(self) -> int:
        return sum(n for *_, n in self.pending)

    def documents(self) -> Iterator[tuple[Document, int]]:
        """Read the pending files one at a time as (document, size); a bad file is reported and skipped."""
        for path, doc_id, size in self.pending:
            got = read_or_skip(path, doc_id)
            if isinstance(got, Skipped):
                self.report.skipped.append(got)
                self.failed.append(doc_id)
            elif doc_id in self.recheck and same_text(got, self.stored[doc_id]):
                self.report.unchanged.append(doc_id)
                self.restamped.append(doc_id)
            else:
                if got.encoding:
                    self.report.decoded[doc_id] = got.encoding
                yield got, size


def file_changes(paths: list[Path], state: State, base: Path) -> FileChanges:
    """Compare the files under `paths` (ids relative to `base`) with what `state` holds, by sha256."""
    files, skipped = find_files(paths)
    known, extracted = state.manifest.documents, state.manifest.extracted
    changes = FileChanges(IndexReport(skipped=list(skipped)), stored=state.docs)
    seen: set[str] = set()
    digests: dict[str, str] = {}
    for f in files:
        doc_id = doc_id_for(f, base)
        seen.add(doc_id)
        try:
            data = f.read_bytes()
        except OSError as e:
            changes.report.skipped.append(Skipped(path=str(f), reason=f"could not read file: {e}"))
            continue
        digests[doc_id] = hashlib.sha256(data).hexdigest()
        if known.get(doc_id) == digests[doc_id]:
            if not cut_today(state, doc_id):  # an older chunker cut it: cut and embed it again
                changes.report.recut.append(doc_id)
            elif extracted.get(doc_id, 1) == EXTRACTOR_VERSION:
                changes.report.unchanged.append(doc_id)
                continue
            else:  # read it again: if its text comes out the same, its passages stay
                changes.recheck.add(doc_id)
        changes.pending.append((f, doc_id, len(data)))
    skipped_ids = {doc_id_for(Path(s.path), base) for s in changes.report.skipped}
    folders = [p for p in paths if p.is_dir()]
    vanished = {d for d in state.docs if d not in seen and file_vanished(source_of(state.docs, d))}
    changes.gone = [
        d
        for d in state.docs
        if d not in seen
        and (d in vanished or d in skipped_ids or any(is_under(Path(source_of(state.docs, d)), p) for p in folders))
    ]
    find_moves(changes, state, vanished, digests)
    return changes


def file_vanished(source: str) -> bool:
    """True for a document read from a file (its source an absolute path) that no longer exists."""
    return os.path.isabs(source) and not os.path.lexists(source)


def find_moves(changes: FileChanges, state: State, vanished: set[str], digests: dict[str, str]) -> None:
    """Pending new files with the bytes of a vanished one become moves: the stored document under a new id.

    Only when today's extraction made the stored text and its title did not come from the file's
    name (then the text is the same under any name, and its chunks and vectors still hold).
    """
    by_sha: dict[str, list[str]] = {}
    for d in vanished:
        if state.manifest.extracted.get(d, 1) == EXTRACTOR_VERSION and cut_today(state, d):
            by_sha.setdefault(state.manifest.documents[d], []).append(d)
    pending = []
    for f, doc_id, size in changes.pending:
        olds = by_sha.get(digests[doc_id], []) if doc_id not in state.docs else []
        old = state.docs[olds[0]] if olds else None
        if old is None or old.title in (Path(old.source).name, Path(old.source).stem):
            pending.append((f, doc_id, size))
            continue
        olds.pop(0)
        changes.moved[old.id] = old.model_copy(update={"id": doc_id, "source": str(f)})
        changes.report.moved[old.id] = doc_id
    changes.pending = pending
    changes.gone = [d for d in changes.gone if d not in changes.moved]


def cut_today(state: State, doc_id: str) -> bool:
    """True when today's chunker cut the document's passages: an older one's are cut again (and embedded) even
    where the text is the same."""
    return state.manifest.chunked.get(doc_id, 1) == CHUNKER_VERSION


def same_text(new: Document, old: Document) -> bool:
    """True when a re-read gives the document exactly as indexed: its chunks and vectors still hold."""
    return (new.text, new.title, new.page_starts) == (old.text, old.title, old.page_starts)


def document_changes(docs: Sequence[Document], state: State) -> tuple[list[tuple[Document, int]], IndexReport]:
    """In-memory documents that are new or changed, as (document, size) pairs, and a report of the unchanged."""
    report = IndexReport()
    fresh = []
    for d in docs:
        same = state.manifest.documents.get(d.id) == d.sha256
        if same and cut_today(state, d.id):
            report.unchanged.append(d.id)
            continue
        if same:
            report.recut.append(d.id)
        fresh.append((d, len(d.text)))
    return fresh, report


def removals(doc_ids: Iterable[str], state: State) -> tuple[list[str], IndexReport]:
    """The ids `state` holds, to remove, and a report skipping the ids it does not."""
    report = IndexReport()
    gone = []
    for d in doc_ids:
        if d in state.docs:
            gone.append(d)
        else:
            report.skipped.append(Skipped(path=d, reason="no such document in the index"))
    return gone, report


def default_root(paths: list[Path]) -> Path:
    """Corpus root when none is given: the folder itself for one folder, else the common parent."""
    resolved = [p.resolve() for p in paths]
    if len(resolved) == 1 and resolved[0].is_dir():
        return resolved[0]
    parents = [p if p.is_dir() else p.parent for p in resolved]
    return Path(os.path.commonpath(parents)) if parents else Path.cwd()


def is_under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
