"""The int8 embedder's quality and speed gates against fp32, from the eval and benchmark results, plus a cosine check."""

from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
from pathlib import Path
from typing import Any

import numpy as np

from rag.evaluation.report import write_pair

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "eval" / "results"
DATA = REPO.parent / "shared" / "data"
SETS = {"squad-v1.1-test": "recall@5", "scifact-test": "ndcg@10"}  # the metric per set
MAX_DROP = 0.005
MIN_COSINE = 0.99
MIN_SPEEDUP = 4.0
MAX_QUERY_MS = 5.0


def retrieval_gates(results: Path) -> list[dict[str, Any]]:
    """int8 vs fp32 per set and mode, from eval/results/embedder/<set>-<backend>/results.json."""
    rows = []
    for name, metric in SETS.items():
        runs = {
            b: json.loads((results / "embedder" / f"{name}-{b}" / "results.json").read_text()) for b in ("int8", "fp32")
        }
        for mode in runs["fp32"]["retrieval"]:
            a, b = runs["int8"]["retrieval"][mode][metric], runs["fp32"]["retrieval"][mode][metric]
            rows.append(
                {
                    "set": name,
                    "mode": mode,
                    "metric": metric,
                    "int8": a,
                    "fp32": b,
                    "delta": a - b,
                    "questions": runs["fp32"]["retrieval"][mode]["questions"],
                    "pass": a >= b - MAX_DROP,
                }
            )
    return rows


def passages(n: int, seed: int) -> list[str]:
    """n real passages: half SQuAD v1.1 dev paragraphs, half SciFact abstracts, seeded."""
    squad = json.loads((DATA / "squad" / "dev-v1.1.json").read_text(encoding="utf-8"))
    paras = [p["context"] for a in squad["data"] for p in a["paragraphs"]]
    with open(DATA / "scifact" / "corpus.jsonl", encoding="utf-8") as f:
        abstracts = [json.loads(line)["text"] for line in f if line.strip()]
    rng = random.Random(seed)
    return rng.sample(paras, n // 2) + rng.sample(abstracts, n - n // 2)


def cosine_gate(n: int, seed: int) -> dict[str, Any]:
    from rag.embed import load_embedder

    texts = passages(n, seed)
    cos = (load_embedder("int8").encode(texts) * load_embedder("fp32").encode(texts)).sum(axis=1)
    return {
        "passages": n,
        "mean": float(cos.mean()),
        "min": float(cos.min()),
        "p1": float(np.percentile(cos, 1)),
        "pass": bool(cos.min() >= MIN_COSINE),
    }


def speed_gates(bench: dict[str, Any], corpora: list[str]) -> list[dict[str, Any]]:
    """Throughput ratio and query-embedding p50 of each named benchmark corpus."""
    rows = []
    for corpus in corpora:
        r = bench["corpora"][corpus]
        emb = r["embedding"]
        query = r["search"]["modes"]["hybrid"]["stages"]["embed"]["p50"]
        rows.append(
            {
                "corpus": corpus,
                "sample": emb["sample"],
                "int8_passages_per_s": emb["backends"]["int8"]["passages_per_s"],
                "fp32_passages_per_s": emb["backends"]["fp32"]["passages_per_s"],
                "speedup": emb["ratio_onnx_over_fp32"],
                "speedup_pass": emb["ratio_onnx_over_fp32"] >= MIN_SPEEDUP,
                "query_embed_p50_ms": query,
                "query_pass": query < MAX_QUERY_MS,
            }
        )
    return rows


def markdown(g: dict[str, Any]) -> str:
    ok = lambda b: "pass" if b else "**miss**"  # noqa: E731
    c = g["cosine"]
    lines = [
        "# int8 embedder gates (against fp32 sentence-transformers)",
        "",
        f"- command: `{g['command']}`",
        "",
        "| gate | measured | target | |",
        "|---|---:|---:|---|",
        f"| cosine to fp32 on {c['passages']:,} real passages, min (mean; 1st percentile) | {c['min']:.4f} "
        f"({c['mean']:.4f}; {c['p1']:.4f}) | ≥ {MIN_COSINE} | {ok(c['pass'])} |",
    ]
    for s in g["speed"]:
        lines += [
            f"| embedding throughput, passages/s, int8 / fp32 ({s['sample']} {s['corpus']} chunks) | "
            f"{s['int8_passages_per_s']:.1f} / {s['fp32_passages_per_s']:.1f} = {s['speedup']:.2f}× | "
            f"≥ {MIN_SPEEDUP}× | {ok(s['speedup_pass'])} |",
            f"| query embedding p50 in hybrid search ({s['corpus']}), ms | {s['query_embed_p50_ms']:.2f} | "
            f"< {MAX_QUERY_MS} | {ok(s['query_pass'])} |",
        ]
    for r in g["retrieval"]:
        lines.append(
            f"| {r['set']} {r['mode']} {r['metric']} ({r['questions']} queries), int8 / fp32 | "
            f"{r['int8']:.3f} / {r['fp32']:.3f} ({r['delta']:+.3f}) | ≥ fp32 − {MAX_DROP} | {ok(r['pass'])} |"
        )
    lines += ["", f"Speed figures from `{g['bench_command']}`; retrieval from eval/results/embedder/*/results.md."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m eval.gates", description=__doc__)
    ap.add_argument("--bench", type=Path, default=RESULTS / "bench" / "results.json")
    ap.add_argument("--corpus", default="squad,synthetic:5000", help="benchmark corpora whose throughput is gated")
    ap.add_argument("--passages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=RESULTS / "embedder")
    args = ap.parse_args(argv)
    gates = {
        "command": shlex.join(["python", "-m", "eval.gates", *argv]),
        "cosine": cosine_gate(args.passages, args.seed),
        "bench_command": json.loads(args.bench.read_text())["command"],
        "speed": speed_gates(json.loads(args.bench.read_text()), args.corpus.split(",")),
        "retrieval": retrieval_gates(RESULTS),
    }
    write_pair(args.out, "gates", gates, markdown(gates))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
