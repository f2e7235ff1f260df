"""Sentence boundaries of ours against pysbd: precision, recall and F1 on a labelled sample, and speed."""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
import types
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rag.evaluation.report import fmt, table, write_pair
from rag.ingest.sentences import sentence_spans, trim

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "eval" / "sentences" / "labelled.jsonl"
SQUAD = Path("/work/shared/data/squad")
GIT_DOCS = Path("/usr/share/doc/git-doc")
Spans = list[tuple[int, int]]
Splitter = Callable[[str], Spans]


def load_labelled(path: Path = LABELLED) -> list[dict[str, Any]]:
    """The labelled records: text, gold boundaries (offsets where a sentence starts), source and held_out.

    held_out marks the records labelled after the rules of ours were settled (never tuned on).
    """
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def group_of(source: str) -> str:
    """The sample part a record's source belongs to."""
    return source.split(":")[0].split("/")[0]


def boundaries(spans: Spans) -> set[int]:
    """Offsets where a sentence starts, the first one excepted."""
    return {a for a, _ in spans[1:]}


def scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (1.0 where nothing was predicted or expected)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


class Pysbd:
    """pysbd (clean=False, char_span=True), its spans checked against the text and trimmed.

    pysbd finds each segment's offsets by searching the segment's text; a segment whose text is
    not the original slice is searched again from the previous end, and counted when not found.
    """

    def __init__(self) -> None:
        import pysbd

        self.segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
        self.unmapped = 0
        self.shifted = 0

    def __call__(self, text: str) -> Spans:
        spans, cursor = [], 0
        for seg in self.segmenter.segment(text):
            a, b = seg.start, seg.end
            if text[a:b] != seg.sent or a < cursor:
                piece = seg.sent.strip()
                a = text.find(piece, cursor) if piece else -1
                if a == -1:
                    self.unmapped += 1
                    continue
                self.shifted += 1
                b = a + len(piece)
            a, b = trim(text, a, b)
            if a < b:
                spans.append((a, b))
                cursor = b
        return spans


def module_at(rev: str) -> types.ModuleType:
    """rag/ingest/sentences.py as it was at git revision `rev`, loaded as a module."""
    source = subprocess.run(
        ["git", "show", f"{rev}:rag/ingest/sentences.py"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType(f"sentences_{rev}")
    exec(compile(source, f"{rev}:rag/ingest/sentences.py", "exec"), module.__dict__)
    return module


def evaluate(split: Splitter, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Scores overall and per sample part, with every wrong boundary (a false split or a miss)."""
    counts: dict[str, list[int]] = {}
    errors = []
    for rec in records:
        text, gold = rec["text"], set(rec["boundaries"])
        got = boundaries(split(text))
        tp, fp, fn = len(got & gold), len(got - gold), len(gold - got)
        for part in ("all", "held-out" if rec.get("held_out") else "tuning", group_of(rec["source"])):
            c = counts.setdefault(part, [0, 0, 0])
            c[0], c[1], c[2] = c[0] + tp, c[1] + fp, c[2] + fn
        for kind, offsets in (("false split", got - gold), ("missed", gold - got)):
            errors += [{"kind": kind, "source": rec["source"], "at": context(text, x)} for x in sorted(offsets)]
    return {"scores": {part: scores(*c) for part, c in counts.items()}, "errors": errors}


def context(text: str, at: int, width: int = 40) -> str:
    """The text around offset `at`, the offset shown as '‖', on one line."""
    return (text[max(0, at - width) : at] + "‖" + text[at : at + width]).replace("\n", "⏎")


def squad_text() -> str:
    """The SQuAD v1.1 dev contexts of the articles in split.json's train part, one paragraph each."""
    split = json.loads((SQUAD / "split.json").read_text())
    train = set(split["train"]) - set(split["test"])
    data = json.loads((SQUAD / "dev-v1.1.json").read_text())["data"]
    return "\n\n".join(p["context"] for a in data if a["title"] in train for p in a["paragraphs"])


def docs_text() -> str:
    """The git documentation sources (AsciiDoc), one after another."""
    return "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(GIT_DOCS.glob("*.txt")))


def sized(text: str, chars: int) -> str:
    """The first `chars` characters of `text`, repeated as often as needed to have that many."""
    return (text * (chars // len(text) + 1))[:chars]


def speed(split: Splitter, text: str, repeats: int = 3) -> dict[str, float]:
    """Characters per second of one call on `text` (the best of `repeats` calls)."""
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        split(text)
        best = min(best, time.perf_counter() - t)
    return {"chars": len(text), "seconds": best, "chars_per_s": len(text) / best if best else float("inf")}


def choice(quality: dict[str, Any]) -> str:
    """The splitter with the best F1 on the whole sample, and whether it is also best on the held-out part."""
    f1 = {name: q["scores"]["all"]["f1"] for name, q in quality.items()}
    held = {name: q["scores"]["held-out"]["f1"] for name, q in quality.items() if "held-out" in q["scores"]}
    best = max(f1, key=f1.__getitem__)
    also = "also" if held and max(held, key=held.__getitem__) == best else "not"
    return f"Best F1 on the whole sample: {best} ({f1[best]:.3f}); it is {also} the best on the held-out part."


def markdown(result: dict[str, Any]) -> str:
    """The report: a score table per splitter and sample part, speeds, and the errors of the chosen splitter."""
    out = ["# Sentence boundaries: ours against pysbd", "", f"`{result['command']}`", "", result["sample"], ""]
    out += [result["choice"], ""]
    parts = list(next(iter(result["quality"].values()))["scores"])
    rows = [
        [name, part, *(fmt(q["scores"][part][k]) for k in ("precision", "recall", "f1")),
         *(str(q["scores"][part][k]) for k in ("tp", "fp", "fn"))]
        for name, q in result["quality"].items() for part in parts
    ]  # fmt: skip
    out += [table(["splitter", "part", "precision", "recall", "F1", "tp", "fp", "fn"], rows), ""]
    out += [result["pysbd_offsets"], "", "## Speed (one call, text cut or repeated to `chars`; best of 3)", ""]
    rows = [
        [r["splitter"], r["text"], f"{r['chars']:,}", f"{r['seconds']:.3f}", f"{r['chars_per_s']:,.0f}"]
        for r in result["speed"]
    ]
    out += [table(["splitter", "text", "chars", "seconds", "chars/s"], rows), ""]
    for name in result["errors_of"]:
        out += [f"## Wrong boundaries of {name}", ""]
        out += [f"- {e['kind']} ({e['source']}): `{e['at']}`" for e in result["quality"][name]["errors"]]
        out.append("")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m eval.sentence_split", description=__doc__)
    ap.add_argument("--labelled", type=Path, default=LABELLED)
    ap.add_argument("--before", help="also measure rag/ingest/sentences.py of this git revision")
    ap.add_argument("--sizes", type=int, nargs="+", default=[250_000, 1_000_000, 4_000_000], help="text sizes, ours")
    ap.add_argument("--slow-sizes", type=int, nargs="+", default=[250_000, 1_000_000], help="for --before; pysbd: 1st")
    ap.add_argument("--out", type=Path, default=REPO / "eval" / "results", help="folder for sentence-split.json/.md")
    args = ap.parse_args(argv)
    records = load_labelled(args.labelled)
    sbd = Pysbd()
    splitters: dict[str, tuple[Splitter, list[int]]] = {"ours": (sentence_spans, args.sizes)}
    if args.before:
        splitters[f"ours at {args.before}"] = (module_at(args.before).sentence_spans, args.slow_sizes)
    splitters["pysbd 0.3.4 (char_span=True)"] = (sbd, args.slow_sizes[:1])
    quality = {name: evaluate(split, records) for name, (split, _) in splitters.items()}
    on_sample = sbd.unmapped, sbd.shifted
    texts = {"SQuAD train-article contexts": squad_text(), "git documentation": docs_text()}
    speeds = [
        {"splitter": name, "text": what, **speed(split, sized(text, n))}
        for name, (split, sizes) in splitters.items()
        for what, text in texts.items()
        for n in sizes
        if n <= len(text) or what == "git documentation"
    ]
    counts = Counter(group_of(r["source"]) for r in records)
    held = sum(bool(r.get("held_out")) for r in records)
    result = {
        "command": shlex.join(["python", "-m", "eval.sentence_split", *argv]),
        "sample": f"{len(records)} labelled texts, {sum(len(r['boundaries']) for r in records)} gold boundaries: "
        + ", ".join(f"{n} {p}" for p, n in counts.items())
        + f"; {held} of the texts are held out (labelled after the rules were settled)",
        "pysbd_offsets": f"pysbd segments whose text is not the slice at their offsets: {on_sample[1]} "
        f"re-found by search, {on_sample[0]} not found (dropped) on the sample; "
        f"on the speed texts {sbd.shifted - on_sample[1]} re-found, {sbd.unmapped - on_sample[0]} dropped.",
        "choice": choice(quality),
        "quality": quality,
        "speed": speeds,
        "errors_of": ["ours"],
    }
    write_pair(args.out, "sentence-split", result, markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
