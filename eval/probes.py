"""IVF recall@10 against exhaustive search, and search time, at several probe counts of a saved index."""

from __future__ import annotations

import argparse
import random
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eval.scale import recall_at_k, timed_search
from rag.evaluation.metrics import percentile
from rag.evaluation.report import write_pair

REPO = Path(__file__).resolve().parents[1]
SQUAD = REPO.parent / "shared" / "data" / "squad"
FRACTIONS = (1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0)


def open_ivf(dense_file: Path):
    import faiss

    index = faiss.read_index(str(dense_file))
    ivf = faiss.downcast_index(index)
    if not isinstance(ivf, faiss.IndexIVF):
        raise SystemExit(f"{dense_file} holds an exact index, not IVF: nothing to sweep")
    ivf.referenced_objects = [index]  # the downcast view must not outlive the index it points into
    return ivf


def sweep(ivf, queries: np.ndarray, fractions: Sequence[float], k: int = 10) -> list[dict[str, Any]]:
    """For each fraction of the lists probed: recall@k against probing them all, and latency per query."""
    import faiss

    queries = np.ascontiguousarray(queries, dtype=np.float32)
    _, exact = ivf.search(queries, k, params=faiss.SearchParametersIVF(nprobe=ivf.nlist))
    rows = []
    for f in fractions:
        probes = max(1, min(ivf.nlist, round(ivf.nlist * f)))
        found, times = timed_search(ivf, queries, faiss.SearchParametersIVF(nprobe=probes), k)
        rows.append(
            {
                "fraction": f,
                "probes": probes,
                "recall_at_10": recall_at_k(found, list(exact), k),
                "p50_ms": percentile(times, 50),
                "p95_ms": percentile(times, 95),
            }
        )
    return rows


def train_questions(n: int, seed: int) -> list[str]:
    """n SQuAD v1.1 dev questions of the split's train articles (never the test ones), seeded."""
    from rag.evaluation.datasets import load_squad, split_articles

    data = load_squad(SQUAD / "dev-v1.1.json", split_articles(SQUAD / "split.json", "train"))
    questions = [q.question for q in data.questions]
    return random.Random(seed).sample(questions, min(n, len(questions)))


def share(fraction: float) -> str:
    return "all" if fraction == 1 else f"1/{round(1 / fraction)}"


def real_ivf(embedder: str):
    """The product's IVF (rag.retrieve.dense.build_ivf) over the benchmark pool's real sentence vectors."""
    from eval.bench import BENCH_CACHE, load_embedder, synthetic_pool
    from eval.scale import pool_vectors
    from rag.retrieve.dense import build_ivf

    pool = synthetic_pool()
    vectors = np.ascontiguousarray(pool_vectors(pool, load_embedder(embedder), BENCH_CACHE), dtype=np.float32)
    return build_ivf(vectors, np.arange(len(vectors), dtype=np.int64))


def markdown(r: dict[str, Any]) -> str:
    lines = [
        "# IVF probes: recall@10 against exhaustive search",
        "",
        f"- command: `{r['command']}`",
        f"- vectors: {r['what']}",
        f"- index: {r['vectors']:,} vectors in {r['lists']:,} lists; {r['queries']} queries: {r['query_source']}",
        "",
        "| lists probed | probes | recall@10 | FAISS p50 / p95, ms |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {share(x['fraction'])} | {x['probes']} | {x['recall_at_10']:.3f} | {x['p50_ms']:.2f} / {x['p95_ms']:.2f} |"
        for x in r["rows"]
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m eval.probes", description=__doc__)
    ap.add_argument(
        "index", type=Path, nargs="?", help="an index folder (its CURRENT generation's dense.faiss is read)"
    )
    ap.add_argument(
        "--real",
        action="store_true",
        help="instead of an index: an IVF over the benchmark pool's real sentence vectors",
    )
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--embedder", default="int8")
    ap.add_argument("--out", type=Path, required=True, help="folder for probes[-real].json and .md")
    args = ap.parse_args(argv)
    from rag.embed import load_embedder
    from rag.store.generations import current_dir

    if args.real == (args.index is not None):
        ap.error("give either an index folder or --real")
    if args.real:
        ivf, what = real_ivf(args.embedder), "the real sentence vectors of the benchmark's synthetic pool"
    else:
        ivf, what = open_ivf(current_dir(args.index) / "dense.faiss"), f"the index in {args.index}"
    questions = train_questions(args.queries, args.seed)
    vectors = load_embedder(args.embedder).encode(questions)
    result = {
        "command": shlex.join(["python", "-m", "eval.probes", *argv]),
        "what": what,
        "vectors": ivf.ntotal,
        "lists": ivf.nlist,
        "queries": len(questions),
        "query_source": f"SQuAD v1.1 dev questions of the train articles, seed {args.seed}",
        "rows": sweep(ivf, vectors, FRACTIONS),
    }
    write_pair(args.out, "probes-real" if args.real else "probes", result, markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
