"""A table's cell the question names by its row and its column: "What compression ratio does zstd 1.5.1 -1 reach?"
is answered "2.887" of "Compressor name: zstd 1.5.1 -1 | Ratio: 2.887 | Compression: 530 MB/s | …"."""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.headed import Described
from rag.answer.rows import DESCRIBING, Cell, row_cells
from rag.answer.shapes import asked_shape, has_shape, named_inside
from rag.ingest.sentences import CELL
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize


def key_match(key: list[str], asked: set[str]) -> tuple[int, int, float] | None:
    """How well a row's key cell (its tokens) is named by a question's tokens `asked`: every word of the key with a
    letter in it is asked, and at least one ("zstd" of "zstd 1.5.1 -1"; never "fast" of "zstd 1.5.1 --fast=1" when
    the question does not say it), or every number of a key without words ("0" of "UID/GID: 0"); (whether every
    token, numbers too, is asked, how many words, the share of tokens asked: "zstd 1.5.1 --fast=1" names more of
    "… zstd 1.5.1 --fast=1?" than "zstd 1.5.1 -1"), else None."""
    words = {t for t in key if any(ch.isalpha() for ch in t)}
    if not (words <= asked if words else key and set(key) <= asked):  # a key of numbers alone ("0"): all of it
        return None
    share = sum(t in asked for t in key) / len(key)
    return int(share == 1.0), len(words), share


def asked_column(cells: list[Cell], question: list[str]) -> Cell | None:
    """The one cell, past the key, whose column label's words the question has ("Ratio" of "What compression ratio
    …?"), not a description; of two whose labels the question says as one compound ("compression ratio"), the
    last (its head noun); None when none, or several apart."""
    asked = set(question)
    found = []
    for cell in cells[1:]:
        label = tokenize(cell.label)
        if label and set(label) <= asked and cell.label.lower() not in DESCRIBING and cell.end > cell.start:
            found.append((max(question.index(t) for t in label), min(question.index(t) for t in label), cell))
    if len(found) == 2 and (found[0][0] + 1 == found[1][1] or found[1][0] + 1 == found[0][1]):
        return max(found, key=lambda f: f[0])[2]  # adjacent in the question: one compound, named by its last word
    return found[0][2] if len(found) == 1 else None


def _shaped(text: str, shape: str) -> bool:
    return has_shape(text, shape) or named_inside(text, shape) is not None


def asked_cell(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """The cell of a labelled table row in `passages` whose key the question names (`key_match`) in the column it
    names (`asked_column`), the row quoted, the cell of the shape the question asks for, if any (`shapes`): of the
    rows so named, the best (every token named, then the share); None when no row, or two rows alike, are named
    ("What does lz4 do?" names no column)."""
    q_tokens = tokenize(question)
    asked = set(q_tokens)
    shape = asked_shape(question)
    found: list[tuple[tuple[int, int, float], Described]] = []
    for hit, doc in passages:
        text = doc.text
        if CELL not in text[hit.start : hit.end]:
            continue
        lo, hi = text.rfind("\n", 0, hit.start) + 1, text.find("\n", hit.end)
        for line in text[lo : len(text) if hi == -1 else hi].splitlines(keepends=True):
            start, lo = lo, lo + len(line)
            cells = row_cells(text, start, start + len(line.rstrip("\n")))
            if not cells or not cells[0].label or CELL not in line:
                continue
            score = key_match(tokenize(text[cells[0].start : cells[0].end]), asked)
            cell = asked_column(cells, q_tokens) if score else None
            if cell and shape and not _shaped(text[cell.start : cell.end], shape):
                continue  # "cmd.exe" of a "Shell:" column names no "Which environment variable …?"
            if score and cell and all(d.quote_start != start or d.doc.id != doc.id for _, d in found):
                found.append((score, Described(hit, doc, cell.start, cell.end, start, cells[-1].end)))
    found.sort(key=lambda f: f[0], reverse=True)
    if not found or (len(found) > 1 and found[0][0] == found[1][0]):
        return None
    return found[0][1]
