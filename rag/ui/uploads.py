"""The page's helpers that need no gradio: example questions about the documents, and storing uploads."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from rag.ingest.files import FORMATS, SUPPORTED

if TYPE_CHECKING:
    from rag.index import Index

UPLOAD_TYPES = sorted(SUPPORTED)
FORMAT_NAMES = ", ".join(sorted(set(FORMATS.values())))  # what the page names: ".md", not ".md, .markdown, .mkd, …"

# Example questions for documents of the seeds corpus, keyed by file name.
SEED_QUESTIONS = {
    "000_e8739d526ffc8ecb.txt": [
        "Who is the head of the Chinese Communist Party's International Department?",
        "Which two Japanese parties sent lawmakers to Beijing?",
    ],
    "003_73a7ca4ae6137f01.txt": ["What kind of visitors does Shizuoka welcome more of?"],
}
MAX_EXAMPLES = 6


def example_questions(index: Index, docs_dir: str | Path | None) -> list[str]:
    """Questions about the documents from `docs_dir` (all documents when it is None)."""
    folder = Path(docs_dir).resolve() if docs_dir else None
    questions: list[str] = []
    for doc in sorted(index.documents(), key=lambda d: d.id):
        source = Path(doc.source)
        if folder is not None and not source.resolve().is_relative_to(folder):
            continue
        known = SEED_QUESTIONS.get(source.name)
        if known:
            questions.extend(known)
        elif titled(doc.title):
            questions.append(f"What is {in_sentence(doc.title)} about?")
    return list(dict.fromkeys(questions))[:MAX_EXAMPLES]


_ARTICLES = frozenset({"The", "A", "An"})
TITLE_WORDS = 10  # a title longer than this, or ending in a stop, is a first sentence standing in for a title


def in_sentence(title: str) -> str:
    """A title as a question's words: its leading article lower-cased ("the man-db manual pager suite" of "The man-db
    manual pager suite"), the rest as written."""
    first, _, rest = title.strip().partition(" ")
    return f"{first.lower()} {rest}" if first in _ARTICLES and rest else title.strip()


def titled(title: str) -> bool:
    """Whether a document's title reads as one ("tomllib --- Parse TOML files"), not as the first sentence of a
    file without a title ("The cmp command compares two files byte by byte and reports …"), which makes no
    question."""
    words = title.split()
    return 0 < len(words) <= TITLE_WORDS and len(title.strip()) <= 70 and title.strip()[-1] not in ".!?…:;,"


_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_name(name: str) -> str:
    """A harmless file name from an uploaded one: no folders, no odd characters, not hidden."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    stem = _UNSAFE.sub("_", stem).strip(" ._-")[:100] or "upload"
    suffix = _UNSAFE.sub("", suffix).lower()[:10]
    return stem + suffix


def store_upload(src: Path, folder: Path, name: str) -> tuple[Path, bool]:
    """Copy `src` into `folder` as `name`, or `name-2`, `name-3`... when a different file has it.

    Returns (the stored path, whether this call created it). The same bytes already stored under
    the name are reused (the index then reports them unchanged). Exclusive creation makes this
    safe when two people upload files of the same name at once.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = os.path.splitext(safe_name(name))
    for n in range(1, 10_000):
        dest = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            out = open(dest, "xb")
        except FileExistsError:
            try:
                if filecmp.cmp(src, dest, shallow=False):
                    return dest, False
            except OSError:
                pass
            continue
        try:
            with out, open(src, "rb") as data:
                shutil.copyfileobj(data, out)  # in blocks: a large upload never sits in memory whole
        except BaseException:
            dest.unlink(missing_ok=True)  # no half-written file under the name
            raise
        return dest, True
    raise OSError(f"too many uploaded files named {name!r}")
