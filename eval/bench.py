"""Speed and size benchmark: embedding, build, open, search and ask, with references (`python -m eval.bench`)."""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import platform
import random
import resource
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

import rag  # noqa: F401  (the package's environment defaults, e.g. OMP_WAIT_POLICY, as users get them)
from eval.scale import COMPOSE_NOTE
from rag.embed import BACKENDS
from rag.evaluation.machine import this_cpu
from rag.evaluation.metrics import percentile

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SQUAD_DEV = SHARED / "data" / "squad" / "dev-v1.1.json"
SCIFACT = SHARED / "data" / "scifact"
SEEDS = REPO / "seeds"
SEEDS_DEV = SHARED / "eval" / "seeds_dev.jsonl"
DEFAULT_OUT = REPO / "eval" / "results" / "bench"

EMBEDDERS: tuple[str, ...] = BACKENDS  # ("int8", "fp32"): the value and the reference
MODES: tuple[str, ...] = ("bm25", "dense", "hybrid")
STAGES: tuple[str, ...] = ("embed", "bm25", "faiss", "fusion")
K = 10  # hits per search
EMBED_SAMPLE = 512  # chunk texts in the embedding-throughput sample, at most
EMBED_MIN_SECONDS = 2.0  # encode the sample again until this much time has passed...
EMBED_MAX_PASSES = 50  # ...but never more often than this
OPEN_RUNS = 3
RANK_BM25_MAX = 200_000  # chunks; past this the pure-Python rank-bm25 reference takes too long and too much memory
BENCH_CACHE = REPO / ".cache" / "bench"
ASK_QUERIES = 50
WARMUP = 2  # untimed queries before each timed series
SYN_SENTENCES = (3, 8)  # sentences per synthetic document, inclusive
BUILTIN_SEEDS_QUESTIONS: tuple[str, ...] = (
    "Who is the head of the Chinese Communist Party's International Department?",
    "Which two Japanese parties sent lawmakers to Beijing?",
    "After how many years did military exchanges at the commanders' level resume?",
    "Who is Japan's top government spokesman?",
    "Which Chinese official met the Governor of Shizuoka Prefecture?",
)
SYNTHETIC_NOTE = (
    "`synthetic:N` is a deterministic corpus of about N chunks: the SQuAD v1.1 dev paragraphs and the "
    "BEIR SciFact abstracts are split into sentences with `rag.ingest.sentences.sentence_spans` (duplicates "
    "dropped, file order kept); then, with `random.Random(seed)`, each document `syn-{i}` (title "
    '"Synthetic {i}") joins 3 to 8 distinct pool sentences, drawn uniformly, with single spaces; documents '
    "are added until the real chunker (default BuildSettings) has produced at least N chunks. Its "
    "queries are SQuAD v1.1 dev questions sampled with the same seed."
)


class BenchError(ValueError):
    """A benchmark that cannot run as asked; the message says why."""


# ---------------------------------------------------------------- pure: statistics


def latency_stats(values_ms: Sequence[float]) -> dict[str, Any]:
    """p50, p95 and mean (ms) of a series, with its length; None figures for an empty series."""
    xs = [float(v) for v in values_ms]
    if not xs:
        return {"n": 0, "p50": None, "p95": None, "mean": None}
    return {"n": len(xs), "p50": percentile(xs, 50), "p95": percentile(xs, 95), "mean": statistics.fmean(xs)}


def stage_stats(timings: Sequence[dict[str, float]]) -> dict[str, dict[str, Any]]:
    """latency_stats of every stage that appears in the timings dicts, in STAGES order."""
    names = [s for s in STAGES if any(s in t for t in timings)]
    names += sorted({s for t in timings for s in t} - set(names))
    return {s: latency_stats([t[s] for t in timings if s in t]) for s in names}


def ratio(value: float | None, reference: float | None) -> float | None:
    """value / reference, or None when either is missing or the reference is not positive."""
    if value is None or reference is None or not reference > 0 or math.isnan(value):
        return None
    return value / reference


def cosine_stats(a: np.ndarray, b: np.ndarray) -> dict[str, float | None]:
    """Mean and min cosine similarity between matching rows of two matrices."""
    if a.shape != b.shape:
        raise ValueError(f"vector matrices differ in shape: {a.shape} vs {b.shape}")
    if not len(a):
        return {"mean": None, "min": None}
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    norms = np.linalg.norm(a64, axis=1) * np.linalg.norm(b64, axis=1)
    cos = (a64 * b64).sum(axis=1) / np.clip(norms, 1e-12, None)
    return {"mean": float(cos.mean()), "min": float(cos.min())}


def rss_mb(maxrss: int, system: str = sys.platform) -> float:
    """ru_maxrss in MB: the kernel reports kilobytes on Linux, bytes on macOS."""
    return maxrss / (1024 * 1024) if system == "darwin" else maxrss / 1024


def folder_size(path: Path) -> tuple[int, int]:
    """(total bytes, number of files) of every regular file under `path`."""
    files = [p for p in Path(path).rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def sample_rows(n: int, limit: int, seed: int) -> list[int]:
    """A seeded sample of up to `limit` positions of range(n), in increasing order."""
    return sorted(random.Random(seed).sample(range(n), min(n, limit)))


def clean_json(value: Any) -> Any:
    """The value with NaN and infinities replaced by None (strict JSON), numpy scalars as Python."""
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_json(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# ---------------------------------------------------------------- pure: corpora


@dataclass(frozen=True)
class CorpusSpec:
    """One requested corpus: kind "seeds", "squad" or "synthetic" (with its chunk target)."""

    kind: str
    size: int | None = None

    @property
    def name(self) -> str:
        return f"synthetic:{self.size}" if self.kind == "synthetic" else self.kind

    @property
    def slug(self) -> str:
        return self.name.replace(":", "-")


def parse_corpora(values: Sequence[str]) -> list[CorpusSpec]:
    """Corpus specs from repeated and/or comma-separated --corpus values, first occurrence kept."""
    specs: list[CorpusSpec] = []
    for value in values:
        for item in (x.strip() for x in value.split(",")):
            if not item:
                continue
            if item in ("seeds", "squad"):
                spec = CorpusSpec(item)
            elif item.startswith("synthetic:"):
                raw = item.split(":", 1)[1].strip().lower()
                mult = 1000 if raw.endswith("k") else 1
                try:
                    n = int(raw[:-1] if mult > 1 else raw) * mult
                except ValueError:
                    raise BenchError(
                        f"--corpus {item!r}: N must be a whole number of chunks, e.g. synthetic:20000"
                    ) from None
                if n < 1:
                    raise BenchError(f"--corpus {item!r}: N must be at least 1")
                spec = CorpusSpec("synthetic", n)
            else:
                raise BenchError(f"--corpus {item!r}: expected seeds, squad or synthetic:N")
            if spec not in specs:
                specs.append(spec)
    if not specs:
        raise BenchError("--corpus: no corpus named")
    return specs


def sentence_pool(texts: Sequence[str]) -> list[str]:
    """Every sentence of `texts` (rag.ingest.sentences.sentence_spans), duplicates dropped, order kept."""
    from rag.ingest.sentences import sentence_spans

    pool: dict[str, None] = {}
    for text in texts:
        for a, b in sentence_spans(text):
            pool.setdefault(text[a:b], None)
    return list(pool)


def synthetic_documents(
    pool: Sequence[str],
    n_chunks: int,
    seed: int,
    count_chunks: Callable[[Any], int] | None = None,
    sentences: tuple[int, int] = SYN_SENTENCES,
    source: str | None = None,
):
    """Deterministic documents of pool sentences, added until `count_chunks` reaches `n_chunks` in all.

    Document i is `syn-{i}`, titled "Synthetic {i}": `random.Random(seed)` picks its sentence count in
    `sentences` (inclusive) and that many distinct pool sentences, joined with single spaces.
    `count_chunks(document)` defaults to the real chunker with the default build settings.
    """
    from rag.models import Document

    if not pool:
        raise BenchError("the synthetic corpus needs a non-empty sentence pool")
    if n_chunks < 1:
        raise BenchError(f"the synthetic corpus needs at least 1 chunk, got {n_chunks}")
    if count_chunks is None:
        count_chunks = chunk_counter()
    lo, hi = sentences
    rng = random.Random(seed)
    source = source or f"synthetic:{n_chunks}:seed={seed}"
    docs: list[Document] = []
    total = 0
    while total < n_chunks:
        i = len(docs)
        picks = rng.sample(range(len(pool)), min(rng.randint(lo, hi), len(pool)))
        text = " ".join(pool[j] for j in picks)
        doc = Document(
            id=f"syn-{i}",
            title=f"Synthetic {i}",
            source=source,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            text=text,
        )
        docs.append(doc)
        total += max(1, count_chunks(doc))  # a document always makes a chunk: never loop forever
    return docs


def chunk_counter() -> Callable[[Any], int]:
    """How many chunks the real chunker (default BuildSettings) makes of a document."""
    from rag.embed.model import load_tokenizer
    from rag.ingest.chunks import chunk_document
    from rag.settings import BuildSettings

    tokenizer, cfg = load_tokenizer(), BuildSettings().chunking
    return lambda doc: len(chunk_document(doc, tokenizer, cfg))


# ---------------------------------------------------------------- pure: Markdown


def fmt(value: float | None, digits: int = 2) -> str:
    """A number for a table cell; an em dash for a missing one."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def fmt_pair(a: float | None, b: float | None, digits: int = 2) -> str:
    """ "a / b" (p50 / p95), or an em dash when both are missing."""
    if a is None and b is None:
        return "—"
    return f"{fmt(a, digits)} / {fmt(b, digits)}"


def fmt_ratio(value: float | None) -> str:
    """A ratio to two decimals, or to two significant digits below 0.1 (0.0012×, not 0.00×)."""
    if value is None:
        return "—"
    return f"{value:.2g}×" if 0 < value < 0.1 else f"{value:.2f}×"


def stats_pair(stats: dict[str, Any] | None) -> tuple[float | None, float | None]:
    return (None, None) if not stats else (stats.get("p50"), stats.get("p95"))


def corpus_rows(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, value, reference value, ratio) rows of one corpus's results."""
    rows: list[tuple[str, str, str, str]] = []
    c, emb = r["corpus"], r["embedding"]
    rows.append(("documents / chunks", f"{fmt(c['documents'])} / {fmt(c['chunks'])}", "", ""))
    fp32, onnx = emb["backends"].get("fp32"), emb["backends"].get("int8")
    rows.append(
        (
            f"embedding throughput, passages/s (value int8, reference fp32; {emb['sample']} chunks)",
            fmt(onnx and onnx["passages_per_s"], 1),
            fmt(fp32 and fp32["passages_per_s"], 1),
            fmt_ratio(emb["ratio_onnx_over_fp32"]),
        )
    )
    cos = emb["cosine_onnx_fp32"]
    rows.append(("cosine int8 vs fp32 vectors, mean / min", fmt_pair(cos["mean"], cos["min"], 4), "", ""))
    b = r["build"]
    made = "vectors composed" if b.get("composed") else f"embedder {b['embedder']}"
    rows.append((f"index build, s ({made})", fmt(b["seconds"], 2), "", ""))
    if b.get("composed"):
        rows.append(
            (
                f"· embedding these chunks with {b['embedder']} would add, s (projected)",
                fmt(b.get("projected_embed_seconds"), 0),
                "",
                "",
            )
        )
    rows.append((f"index open, s (median of {len(r['open']['runs'])})", fmt(r["open"]["median_seconds"], 3), "", ""))
    rows.append((f"index size on disk, MB ({r['size']['files']} files)", fmt(r["size"]["mb"], 2), "", ""))
    s = r["search"]
    for mode in MODES:
        m = s["modes"][mode]
        rows.append((f"search {mode} p50 / p95, ms", fmt_pair(*stats_pair(m["total"])), "", ""))
        for stage, st in m["stages"].items():
            rows.append((f"· {mode} stage {stage} p50 / p95, ms", fmt_pair(*stats_pair(st), 3), "", ""))
    rb = s["rank_bm25"]
    rows.append(
        (
            "BM25 scoring p50 / p95, ms (value our BM25 stage, reference rank-bm25)",
            fmt_pair(*stats_pair(s["modes"]["bm25"]["stages"].get("bm25")), 3),
            fmt_pair(*stats_pair(rb and rb["latency"]), 3),
            "—" if not rb else f"{fmt_ratio(rb['ratio_p50'])} / {fmt_ratio(rb['ratio_p95'])}",
        )
    )
    sm = r["search_many"]
    rows.append(
        (
            f"hybrid per query, ms (value search_many, reference loop of search; {sm['queries']} queries)",
            fmt(sm["search_many_ms_per_query"]),
            fmt(sm["loop_ms_per_query"]),
            fmt_ratio(sm["ratio_many_over_loop"]),
        )
    )
    a = r["ask"]
    rows.append(
        (
            f"ask p50 / p95, ms ({a['total']['n']} questions, {a['found']} answered)",
            fmt_pair(*stats_pair(a["total"])),
            "",
            "",
        )
    )
    if a.get("ask_many_ms_per_query") is not None:
        rows.append(
            (
                f"ask per question, ms (value ask_many, reference loop of ask; {a['total']['n']} questions)",
                fmt(a["ask_many_ms_per_query"]),
                fmt(a["loop_ms_per_query"]),
                fmt_ratio(a["ratio_many_over_loop"]),
            )
        )
    rows.append(("peak RSS of the process after this corpus, MB", fmt(r["memory"]["peak_rss_mb"], 0), "", ""))
    sv = r.get("serving")
    if sv:
        rows += [
            ("serving (fresh process): index open, s", fmt(sv["open_seconds"], 3), "", ""),
            (
                "serving: RSS with the embedder loaded / after opening the index, MB",
                fmt_pair(sv["rss_model_mb"], sv["rss_after_open_mb"], 0),
                "",
                "",
            ),
            ("serving: peak RSS after the searches, MB", fmt(sv["peak_rss_mb"], 0), "", ""),
            (
                f"serving: hybrid search p50 / p95, ms ({sv['hybrid_ms']['n']} queries)",
                fmt_pair(sv["hybrid_ms"]["p50"], sv["hybrid_ms"]["p95"]),
                "",
                "",
            ),
            (
                "serving: hybrid stages p50, ms",
                ", ".join(f"{k} {fmt(v, 2)}" for k, v in sv["stages_p50_ms"].items()),
                "",
                "",
            ),
            (
                f"serving: dense search {sv['dense']}, recall@10 against exhaustive",
                fmt(sv["dense_recall_at_10"], 3),
                "",
                "",
            ),
        ]
        real = sv.get("ann_real")
        if real:
            rows.append(
                (
                    f"IVF recall@10 against exact on {real['vectors']:,} real sentence vectors "
                    f"({real['lists']} lists, {real['probes']} probed)",
                    fmt(real["recall_at_10"], 3),
                    "",
                    "",
                )
            )
    return rows


def markdown_table(rows: Sequence[tuple[str, str, str, str]]) -> str:
    lines = ["| figure | value | reference | ratio |", "|---|---:|---:|---:|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def render_markdown(results: dict[str, Any]) -> str:
    """The whole report: header (command, date, machine), notes, one table per corpus."""
    m = results["machine"]
    out = [
        "# Speed and size benchmark",
        "",
        f"- command: `{results['command']}`",
        f"- sys.argv: `{shlex.join(results['sys_argv'])}`",
        f"- date: {results['date']}",
        f"- machine: {m['cpu_count']} CPUs ({m.get('cpu') or 'CPU not recorded'}), {m['platform']}, Python {m['python']}; "
        f"load average at start {fmt_load(m['loadavg_start'])}, at end {fmt_load(m.get('loadavg_end'))}",
        f"- threads: torch {m.get('torch_threads', '—')}, onnxruntime {m.get('onnx_threads', '—')}, "
        f"OMP_WAIT_POLICY={m.get('omp_wait_policy') or 'unset'}",
        f"- versions: {', '.join(f'{k} {v}' for k, v in m['versions'].items())}",
        f"- index built with: {results['options']['embedder']}; seed {results['options']['seed']}; "
        f"queries {results['options']['queries']}; references "
        f"{'skipped' if results['options']['skip_reference'] else 'run'}",
        "",
        "Ratios: embedding throughput int8 / fp32 (> 1: ONNX faster); BM25 latency ours / rank-bm25 "
        "and search_many / loop (< 1: ours faster). Latencies are wall-clock per call after "
        f"{WARMUP} untimed warm-up calls; stage times come from `Index.search_timed`. Build time is "
        "`Index.open` of an empty folder + `add`/`add_documents` (chunking, embedding with an already "
        "loaded model, BM25, atomic save). Peak RSS is the process's high-water mark so far, so it "
        "includes the corpora benchmarked before.",
        "",
        SYNTHETIC_NOTE,
    ]
    if results.get("compose_note"):
        out += ["", results["compose_note"]]
    out += [
        "",
        f"Past {RANK_BM25_MAX:,} chunks the rank-bm25 reference is not run (pure Python: minutes per "
        "query batch and gigabytes of memory). Serving figures come from a fresh process that loads the "
        "embedder, then opens the index and searches (`eval/scale.py`): its RSS is the index's real cost.",
    ]
    loads = results.get("embedder_load_seconds") or {}
    if loads:
        out += ["", "Embedder load + first call, s: " + ", ".join(f"{k} {fmt(v, 2)}" for k, v in loads.items())]
    for name, r in results["corpora"].items():
        c = r["corpus"]
        out += ["", f"## {name}", "", f"{c['description']} Queries: {r['search']['query_source']}.", ""]
        out.append(markdown_table(corpus_rows(r)))
    return "\n".join(out) + "\n"


def fmt_load(load: Sequence[float] | None) -> str:
    return "—" if not load else " ".join(f"{x:.2f}" for x in load)


# ---------------------------------------------------------------- inputs


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


_CACHE: dict[str, Any] = {}


def squad_dataset():
    """SQuAD v1.1 dev (all 2,067 paragraphs and their questions), read once per process."""
    if "squad" not in _CACHE:
        if not SQUAD_DEV.is_file():
            raise BenchError(f"{SQUAD_DEV} not found: the squad and synthetic corpora need the shared data")
        from rag.evaluation.datasets import load_squad

        _CACHE["squad"] = load_squad(SQUAD_DEV)
    return _CACHE["squad"]


def synthetic_pool() -> list[str]:
    """Sentences of the SQuAD v1.1 dev paragraphs, then of the SciFact abstracts."""
    if "pool" not in _CACHE:
        if not (SCIFACT / "corpus.jsonl").is_file():
            raise BenchError(f"{SCIFACT / 'corpus.jsonl'} not found: the synthetic corpus needs the shared data")
        texts = [d.text for d in squad_dataset().documents]
        with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
        _CACHE["pool"] = sentence_pool(texts)
    return _CACHE["pool"]


def squad_questions(limit: int, seed: int) -> list[str]:
    questions = [q.question for q in squad_dataset().questions]
    return random.Random(seed).sample(questions, min(limit, len(questions)))


def seeds_questions(limit: int) -> tuple[list[str], str]:
    if SEEDS_DEV.is_file():
        from rag.evaluation.datasets import load_jsonl

        qs = [q.question for q in load_jsonl(SEEDS_DEV).questions][:limit]
        return qs, f"{len(qs)} questions of {SEEDS_DEV.name}"
    qs = list(BUILTIN_SEEDS_QUESTIONS[:limit])
    return qs, f"{len(qs)} built-in questions ({SEEDS_DEV.name} absent)"


def corpus_queries(spec: CorpusSpec, limit: int, seed: int) -> tuple[list[str], str]:
    """The fixed query set of a corpus and a description of where it came from."""
    if spec.kind == "seeds":
        return seeds_questions(limit)
    qs = squad_questions(limit, seed)
    return qs, f"{len(qs)} SQuAD v1.1 dev questions sampled with seed {seed}"


def load_embedder(kind: str):
    """One embedder per backend per process, loaded and warmed up; the load time is remembered."""
    key = f"embedder:{kind}"
    if key not in _CACHE:
        t = time.perf_counter()
        from rag.embed import load_embedder

        if kind not in EMBEDDERS:
            raise BenchError(f"--embedder {kind!r}: expected one of {', '.join(EMBEDDERS)}")
        embedder = load_embedder(kind)
        embedder.encode(["warm up"])
        _CACHE.setdefault("load_seconds", {})[kind] = time.perf_counter() - t
        _CACHE[key] = embedder
    return _CACHE[key]


# ---------------------------------------------------------------- runners


def run_build(spec: CorpusSpec, folder: Path, embedder, seed: int) -> tuple[Any, dict[str, Any]]:
    """Build the corpus's index in `folder` (timed) and describe the corpus."""
    from rag.embed.model import load_tokenizer
    from rag.index import Index

    load_tokenizer()  # loaded once per process, not part of the build
    if spec.kind == "seeds":
        files = sorted(p.name for p in SEEDS.iterdir() if p.is_file())
        description = f"The repository's `seeds/` folder ({len(files)} files), indexed with `Index.add`."
        gc.collect()
        t = time.perf_counter()
        index = Index.open(folder, embedder=embedder)
        index.add([SEEDS])
        seconds = time.perf_counter() - t
    else:
        if spec.kind == "squad":
            docs = squad_dataset().documents
            description = f"All {len(docs):,} SQuAD v1.1 dev paragraphs, indexed with `add_documents`."
        else:
            log(f"generating synthetic:{spec.size} (seed {seed})")
            pool = synthetic_pool()
            docs = synthetic_documents(pool, spec.size, seed)
            description = (
                f"Synthetic corpus: {len(docs):,} documents of 3–8 sentences drawn with seed {seed} "
                f"from a pool of {len(pool):,} SQuAD/SciFact sentences, indexed with `add_documents`."
            )
        gc.collect()
        t = time.perf_counter()
        index = Index.open(folder, embedder=embedder)
        index.add_documents(docs)
        seconds = time.perf_counter() - t
    stats = index.stats()
    corpus = {
        "name": spec.name,
        "kind": spec.kind,
        "documents": stats.documents,
        "chunks": stats.chunks,
        "description": description,
    }
    return index, {"corpus": corpus, "seconds": seconds}


def reuse_build(spec: CorpusSpec, folder: Path, embedder, seed: int) -> tuple[Any, dict[str, Any]]:
    """The index an earlier run with the same --keep folder built (--reuse): opened, not timed."""
    from rag.index import Index

    index = Index.open(folder, create=False, embedder=embedder)
    stats = index.stats()
    made = (
        f"{stats.documents:,} documents drawn with seed {seed} from a pool of {len(synthetic_pool()):,} "
        "SQuAD/SciFact sentences"
        if spec.kind == "synthetic"
        else f"{stats.documents:,} documents"
    )
    description = (
        f"{spec.name}: {made}, indexed by an earlier run of this command with the same --keep folder and "
        "searched again with --reuse, so this run has no build time (see the note on the results)."
    )
    corpus = {
        "name": spec.name,
        "kind": spec.kind,
        "documents": stats.documents,
        "chunks": stats.chunks,
        "description": description,
    }
    return index, {"corpus": corpus, "seconds": None}


def run_open(folder: Path, embedder, runs: int = OPEN_RUNS) -> tuple[Any, dict[str, Any]]:
    """`Index.open` of the saved index, a fresh object each time; the last one is returned for searching."""
    from rag.index import Index

    times, index = [], None
    for _ in range(runs):
        index = None
        gc.collect()
        t = time.perf_counter()
        index = Index.open(folder, create=False, embedder=embedder)
        times.append(time.perf_counter() - t)
    return index, {"runs": times, "median_seconds": statistics.median(times)}


def measure_throughput(
    embedder, texts: Sequence[str], min_seconds: float = EMBED_MIN_SECONDS, max_passes: int = EMBED_MAX_PASSES
) -> tuple[np.ndarray, dict[str, Any]]:
    """Encode `texts` whole, again and again until `min_seconds` passed; (first vectors, figures)."""
    texts = list(texts)
    embedder.encode(texts[:4])  # warm-up
    vectors, passes, elapsed = None, 0, 0.0
    while passes < max_passes and (passes == 0 or elapsed < min_seconds):
        gc.collect()
        t = time.perf_counter()
        out = embedder.encode(texts)
        elapsed += time.perf_counter() - t
        passes += 1
        if vectors is None:
            vectors = out
    return vectors, {
        "passages_per_s": passes * len(texts) / elapsed if elapsed > 0 else None,
        "passes": passes,
        "seconds": elapsed,
    }


def run_embedding(texts: Sequence[str], seed: int, skip_reference: bool) -> dict[str, Any]:
    """Throughput of each embedder backend on a fixed sample of chunk texts, and their agreement."""
    sample = [texts[i] for i in sample_rows(len(texts), EMBED_SAMPLE, seed)]
    backends: dict[str, Any] = {}
    vectors: dict[str, np.ndarray] = {}
    for kind in EMBEDDERS:
        if kind == "fp32" and skip_reference:
            continue
        vectors[kind], backends[kind] = measure_throughput(load_embedder(kind), sample)
    cos = cosine_stats(vectors["int8"], vectors["fp32"]) if len(vectors) == 2 else {"mean": None, "min": None}
    fp32, onnx = backends.get("fp32"), backends.get("int8")
    return {
        "sample": len(sample),
        "backends": backends,
        "ratio_onnx_over_fp32": ratio(onnx and onnx["passages_per_s"], fp32 and fp32["passages_per_s"]),
        "cosine_onnx_fp32": cos,
    }


def timed_searches(index, queries: Sequence[str], mode: str, k: int = K) -> dict[str, Any]:
    """Latency of `search_timed` over the queries (after warm-up): total and per stage."""
    for q in queries[:WARMUP]:
        index.search_timed(q, k, mode)
    totals, timings = [], []
    gc.collect()
    for q in queries:
        t = time.perf_counter()
        _, stages = index.search_timed(q, k, mode)
        totals.append((time.perf_counter() - t) * 1000)
        timings.append(stages)
    return {"total": latency_stats(totals), "stages": stage_stats(timings)}


def run_rank_bm25(index, texts: Sequence[str], queries: Sequence[str], k: int = K) -> dict[str, Any]:
    """The reference BM25: rank_bm25.BM25Okapi over the same chunk texts and tokenizer, same candidate count."""
    try:
        from rank_bm25 import BM25Okapi
    except ImportError:
        raise BenchError(
            "the rank-bm25 reference needs the rank-bm25 package (pip install -e '.[test]'); or pass --skip-reference"
        ) from None

    from rag.retrieve.tokenize import tokenize

    build = index.snapshot().manifest.build
    n = max(index.settings.pool, 2 * k)  # what Index.search_timed asks of its BM25
    t = time.perf_counter()
    bm25 = BM25Okapi([tokenize(x) for x in texts], k1=build.bm25_k1, b=build.bm25_b)
    build_seconds = time.perf_counter() - t

    def search(query: str) -> np.ndarray:
        scores = bm25.get_scores(tokenize(query))
        m = min(n, len(scores))
        top = np.argpartition(-scores, m - 1)[:m]
        return top[np.argsort(-scores[top], kind="stable")]

    for q in queries[:WARMUP]:
        search(q)
    times = []
    gc.collect()
    for q in queries:
        t = time.perf_counter()
        search(q)
        times.append((time.perf_counter() - t) * 1000)
    return {"latency": latency_stats(times), "build_seconds": build_seconds, "candidates": n}


def run_search(index, texts: Sequence[str], queries: Sequence[str], skip_reference: bool) -> dict[str, Any]:
    """Search latency per mode and per stage, and our BM25 against rank-bm25."""
    modes = {mode: timed_searches(index, queries, mode) for mode in MODES}
    result: dict[str, Any] = {"queries": len(queries), "k": K, "modes": modes, "rank_bm25": None}
    if not skip_reference:
        ref = run_rank_bm25(index, texts, queries)
        ours = modes["bm25"]["stages"].get("bm25") or {}
        ref["ratio_p50"] = ratio(ours.get("p50"), ref["latency"]["p50"])
        ref["ratio_p95"] = ratio(ours.get("p95"), ref["latency"]["p95"])
        result["rank_bm25"] = ref
    return result


def run_search_many(index, queries: Sequence[str], k: int = K) -> dict[str, Any]:
    """Hybrid `search_many` against a loop of `search` over the same queries: milliseconds per query."""
    queries = list(queries)
    if not queries:
        return {"queries": 0, "loop_ms_per_query": None, "search_many_ms_per_query": None, "ratio_many_over_loop": None}
    index.search_many(queries[:WARMUP], k)
    gc.collect()
    t = time.perf_counter()
    for q in queries:
        index.search(q, k, "hybrid")
    loop = (time.perf_counter() - t) * 1000 / len(queries)
    gc.collect()
    t = time.perf_counter()
    index.search_many(queries, k, "hybrid")
    many = (time.perf_counter() - t) * 1000 / len(queries)
    return {
        "queries": len(queries),
        "loop_ms_per_query": loop,
        "search_many_ms_per_query": many,
        "ratio_many_over_loop": ratio(many, loop),
    }


def run_ask(index, queries: Sequence[str], limit: int = ASK_QUERIES) -> dict[str, Any]:
    """`index.ask` latency on up to `limit` of the queries (the first call, untimed, loads the reader)."""
    queries = list(queries)[:limit]
    for q in queries[:1]:
        index.ask(q)
    times, found = [], 0
    gc.collect()
    for q in queries:
        t = time.perf_counter()
        answer = index.ask(q)
        times.append((time.perf_counter() - t) * 1000)
        found += bool(answer.found)
    gc.collect()
    t = time.perf_counter()
    many = index.ask_many(queries)
    many_ms = (time.perf_counter() - t) * 1000 / len(queries) if queries else None
    loop_ms = sum(times) / len(times) if times else None
    return {
        "total": latency_stats(times),
        "found": found,
        "reader": index.reader() is not None,
        "ask_many_ms_per_query": many_ms,
        "loop_ms_per_query": loop_ms,
        "ratio_many_over_loop": ratio(many_ms, loop_ms),
        "ask_many_found": sum(bool(a.found) for a in many),
    }


def build_embedder(spec: CorpusSpec, args: argparse.Namespace):
    """The embedder that builds the corpus: the backend itself, or composed vectors (--compose, synthetic only)."""
    from eval.scale import ComposedEmbedder, pool_vectors

    real = load_embedder(args.embedder)
    if not (args.compose and spec.kind == "synthetic"):
        return real
    pool = synthetic_pool()
    return ComposedEmbedder(real, pool, pool_vectors(pool, real, BENCH_CACHE, log))


def bench_corpus(spec: CorpusSpec, args: argparse.Namespace, base: Path) -> dict[str, Any]:
    """Every figure of one corpus."""
    from eval.scale import ann_recall_real, measure_serving

    folder = base / spec.slug
    reuse = args.reuse and (folder / "CURRENT").is_file()
    if not reuse and folder.exists() and any(folder.iterdir()):
        raise BenchError(f"{folder} already exists and is not empty: choose another --keep folder, or --reuse it")
    embedder = load_embedder(args.embedder)
    builder = build_embedder(spec, args)
    if reuse:
        log(f"{spec.name}: reusing the index in {folder}")
        index, built = reuse_build(spec, folder, builder, args.seed)
    else:
        log(f"{spec.name}: building the index with {builder.backend}")
        index, built = run_build(spec, folder, builder, args.seed)
    corpus = built["corpus"]
    log(f"{spec.name}: {corpus['documents']:,} documents, {corpus['chunks']:,} chunks")
    size, files = folder_size(folder)
    del index
    index, opened = run_open(folder, embedder)
    texts = index.snapshot().index_texts()
    log(f"{spec.name}: embedding throughput")
    embedding = run_embedding(texts, args.seed, args.skip_reference)
    queries, source = corpus_queries(spec, args.queries, args.seed)
    log(f"{spec.name}: serving from a fresh process")
    serving = measure_serving(folder, queries, args.embedder)
    if builder is not embedder:
        serving["ann_real"] = ann_recall_real(builder.vectors, embedder.encode(queries))
    log(f"{spec.name}: searching ({len(queries)} queries)")
    search = run_search(index, texts, queries, args.skip_reference or len(texts) > RANK_BM25_MAX)
    search["query_source"] = source
    many = run_search_many(index, queries)
    log(f"{spec.name}: ask")
    ask = run_ask(index, queries)
    return {
        "corpus": corpus,
        "build": {
            "seconds": built["seconds"],
            "embedder": args.embedder,
            "folder": str(folder) if args.keep else None,
            "composed": builder is not embedder,
            "projected_embed_seconds": projected_seconds(corpus["chunks"], embedding, args.embedder),
        },
        "serving": serving,
        "open": opened,
        "size": {"bytes": size, "mb": size / (1024 * 1024), "files": files},
        "embedding": embedding,
        "search": search,
        "search_many": many,
        "ask": ask,
        "memory": {"peak_rss_mb": rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)},
    }


# ---------------------------------------------------------------- main


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    from importlib import metadata

    versions = {}
    for pkg in ("torch", "sentence-transformers", "onnxruntime", "faiss-cpu", "bm25s", "rank-bm25", "numpy"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "absent"
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu": this_cpu(),
        "python": platform.python_version(),
        "loadavg_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "versions": versions,
    }


def projected_seconds(chunks: int, embedding: dict[str, Any], backend: str) -> float | None:
    """How long embedding `chunks` real passages takes at the throughput measured on this corpus."""
    rate = (embedding["backends"].get(backend) or {}).get("passages_per_s")
    return chunks / rate if rate else None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__)
    p.add_argument(
        "--corpus",
        action="append",
        default=None,
        metavar="NAME",
        help="seeds, squad or synthetic:N (about N chunks); repeat or comma-separate (default: seeds)",
    )
    p.add_argument("--queries", type=int, default=200, help="search queries per corpus, at most (default 200)")
    p.add_argument("--seed", type=int, default=0, help="seed of the query, sample and synthetic draws (default 0)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for results.json and results.md")
    p.add_argument(
        "--embedder",
        choices=EMBEDDERS,
        default=EMBEDDERS[0],
        help="the backend that builds and searches the index (default int8)",
    )
    p.add_argument("--skip-reference", action="store_true", help="skip the fp32 embedding and rank-bm25 references")
    p.add_argument(
        "--compose",
        action="store_true",
        help="synthetic corpora: compose chunk vectors from cached real sentence vectors instead of "
        "embedding every chunk (for 100k-1M chunks; see the note in the results)",
    )
    p.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="build the indexes in DIR/<corpus> and keep them (default: a temporary folder)",
    )
    p.add_argument(
        "--reuse",
        action="store_true",
        help="with --keep: measure the indexes an earlier run left in DIR instead of building them again",
    )
    return p


def run(args: argparse.Namespace, argv: Sequence[str]) -> dict[str, Any]:
    """All requested corpora; the results dict that main writes."""
    specs = parse_corpora(args.corpus or ["seeds"])
    if args.reuse and not args.keep:
        raise BenchError("--reuse measures indexes kept by an earlier run: give their folder with --keep DIR")
    if args.queries < 1:
        raise BenchError(f"--queries must be at least 1, got {args.queries}")
    results: dict[str, Any] = {
        "command": shlex.join(["python", "-m", "eval.bench", *argv]),
        "argv": list(argv),
        "sys_argv": list(sys.argv),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {
            "corpus": [s.name for s in specs],
            "queries": args.queries,
            "seed": args.seed,
            "embedder": args.embedder,
            "skip_reference": args.skip_reference,
            "compose": args.compose,
            "keep": str(args.keep) if args.keep else None,
            "reuse": args.reuse,
            "k": K,
            "embed_sample": EMBED_SAMPLE,
            "embed_min_seconds": EMBED_MIN_SECONDS,
            "warmup": WARMUP,
            "ask_queries": ASK_QUERIES,
        },
        "synthetic_note": SYNTHETIC_NOTE,
        "compose_note": COMPOSE_NOTE if args.compose else None,
        "corpora": {},
    }
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for spec in specs:
            results["corpora"][spec.name] = bench_corpus(spec, args, base)
    m = results["machine"]
    m["loadavg_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    m["omp_wait_policy"] = os.environ.get("OMP_WAIT_POLICY")
    if "embedder:fp32" in _CACHE:
        import torch

        m["torch_threads"] = torch.get_num_threads()
    if "embedder:int8" in _CACHE:
        m["onnx_threads"] = _CACHE["embedder:int8"].threads
    results["embedder_load_seconds"] = dict(_CACHE.get("load_seconds", {}))
    return clean_json(results)


def write_results(results: dict[str, Any], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "results.json", out / "results.md"
    json_path.write_text(json.dumps(results, indent=2, allow_nan=False) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(results), encoding="utf-8")
    return json_path, md_path


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    try:
        results = run(args, argv)
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    json_path, md_path = write_results(results, args.out)
    print(render_markdown(results))
    print(f"wrote {json_path} and {md_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
