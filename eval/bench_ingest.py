"""Ingestion speed and memory by file size: read + extract + chunk, no embedding (`python -m eval.bench_ingest`)."""

from __future__ import annotations

import argparse
import json
import random
import resource
import shlex
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.bench import machine, rss_mb

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "eval" / "results" / "bench-ingest"
SIZES_MB: tuple[float, ...] = (1, 2, 4, 8, 50)
FORMATS: tuple[str, ...] = ("txt", "md", "html")
MB = 1024 * 1024
BEFORE = (
    "Before (issue 15: a sentence splitter quadratic in newlines, one tokenizer call over the whole text), .txt "
    "took 0.6, 3.3, 23 and 115 s at 1, 2, 4 and 8 MB, and 50 MB ran 9 minutes with 5.8-7.2 GB of memory."
)
WORDS = """the a of and river stone light people city north old water year time council report found between
under during music garden history station market energy museum language island winter story harbour keeper
lamp bridge valley engine letter school winter summer forest village""".split()


def paragraph(r: random.Random) -> str:
    """A wrapped paragraph of 3-8 random sentences (lines of at most 78 characters)."""
    sentences = []
    for _ in range(r.randint(3, 8)):
        words = [r.choice(WORDS) for _ in range(r.randint(6, 24))]
        sentences.append(" ".join(words).capitalize() + r.choice(".....?!"))
    return textwrap.fill(" ".join(sentences), 78)


def document(n_bytes: int, fmt: str, seed: int = 0) -> bytes:
    """A `fmt` file of exactly `n_bytes` (ASCII) prose: wrapped paragraphs, with headings in md and html."""
    r = random.Random(seed)
    parts: list[str] = ["<html><head><title>Bench</title></head><body><main>\n"] if fmt == "html" else []
    size = len(parts[0]) if parts else 0
    while size < n_bytes:
        p = paragraph(r)
        if fmt == "md":
            p = (f"## Section {len(parts)}\n\n" if len(parts) % 20 == 0 else "") + p
        elif fmt == "html":
            p = (f"<h2>Section {len(parts)}</h2>\n" if len(parts) % 20 == 0 else "") + f"<p>{p}</p>"
        parts.append(p + "\n\n")
        size += len(parts[-1])
    return "".join(parts).encode("ascii")[:n_bytes]


def measure(path: Path) -> dict[str, Any]:
    """Read, extract and chunk one file in this process: seconds, passages and peak memory."""
    from rag.embed.model import load_tokenizer
    from rag.ingest.chunks import chunk_document
    from rag.ingest.readers import read_document

    tokenizer = load_tokenizer()
    tokenizer("warm up", add_special_tokens=False, return_offsets_mapping=True)
    base = rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    size = path.stat().st_size
    t0 = time.perf_counter()
    doc = read_document(path, path.name, limit_mb=size / MB + 1)
    t1 = time.perf_counter()
    spans = chunk_document(doc, tokenizer)
    t2 = time.perf_counter()
    peak = rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return {
        "bytes": size,
        "characters": len(doc.text),
        "passages": len(spans),
        "read_s": t1 - t0,
        "chunk_s": t2 - t1,
        "total_s": t2 - t0,
        "rss_before_mb": base,
        "rss_peak_mb": peak,
    }


def run_one(size_mb: float, fmt: str, folder: Path) -> dict[str, Any]:
    """measure() in a fresh process, so each row's peak memory is its own."""
    path = folder / f"bench-{size_mb:g}mb.{fmt}"
    path.write_bytes(document(round(size_mb * MB), fmt))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "eval.bench_ingest", "--one", str(path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        path.unlink()
    return {"format": fmt, "size_mb": size_mb, **json.loads(done.stdout)}


def render_markdown(results: dict[str, Any]) -> str:
    rows = results["rows"]
    m = results["machine"]
    lines = [
        "# Ingestion by file size: read + extract + chunk (no embedding)",
        "",
        f"`{results['command']}` on {results['date']}; {m['cpu_count']} CPUs ({m['cpu']}), "
        f"load average at start {', '.join(f'{x:.2f}' for x in m['loadavg_start'] or [])}.",
        "",
        "Synthetic English prose (wrapped lines of at most 78 characters, paragraphs of 3-8 sentences), each "
        "file measured in a fresh process after the tokenizer is loaded. Peak memory is the process's maximum "
        "resident set; 'added' is that peak minus the resident set before reading.",
        "",
        BEFORE,
        "",
        "| file | MB | characters | passages | read + extract s | chunk s | total s | s per MB | peak memory MB | added MB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        lines.append(
            f"| .{r['format']} | {r['size_mb']:g} | {r['characters']:,} | {r['passages']:,} | {r['read_s']:.2f} "
            f"| {r['chunk_s']:.2f} | {r['total_s']:.2f} | {r['total_s'] / r['size_mb']:.2f} "
            f"| {r['rss_peak_mb']:.0f} | {r['rss_peak_mb'] - r['rss_before_mb']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m eval.bench_ingest", description=__doc__)
    p.add_argument(
        "--sizes", type=float, nargs="+", default=list(SIZES_MB), help="file sizes in MB (default 1 2 4 8 50)"
    )
    p.add_argument("--formats", nargs="+", choices=FORMATS, default=["txt"], help="file formats (default txt)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for results.json and results.md")
    p.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # internal: measure one file, print JSON
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    results: dict[str, Any] = {
        "command": shlex.join(["python", "-m", "eval.bench_ingest", *argv]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "rows": [],
    }
    with tempfile.TemporaryDirectory(prefix="rag-bench-ingest-") as tmp:
        for fmt in args.formats:
            for size in args.sizes:
                row = run_one(size, fmt, Path(tmp))
                print(f"{fmt} {size:g} MB: {row['total_s']:.2f} s, peak {row['rss_peak_mb']:.0f} MB", file=sys.stderr)
                results["rows"].append(row)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "results.md").write_text(render_markdown(results), encoding="utf-8")
    print(render_markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
