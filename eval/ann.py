"""Our IVF (fixed or per-question probes) against HNSW: recall@10 against exact search, time and size."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eval.scale import recall_at_k, timed_search
from rag.evaluation.metrics import percentile
from rag.evaluation.report import write_pair

K = 10
PROFILE_RANKS = (1, 10, 100, 1000)
# (label, FAISS factory string or "ivf" for rag.retrieve.dense.build_ivf, search settings to sweep)
CANDIDATES = (
    ("IVF fp16 (rag.retrieve.dense.build_ivf)", "ivf", ("share", (0.25, 0.5))),
    ("IVF fp16, lists within a margin of the best centroid", "ivf", ("margin", (0.3, 0.35, 0.4))),
    ("HNSW32 fp16, efConstruction 40", "HNSW32,SQfp16", ("ef", (64, 256, 1024, 2048))),
    ("HNSW32 int8, efConstruction 40", "HNSW32,SQ8", ("ef", (64, 256, 1024, 2048))),
)


def compose_random(sentences: np.ndarray, n: int, seed: int, sizes: tuple[int, int] = (2, 5)) -> np.ndarray:
    """n passage vectors, each the normalized mean of sizes[0]..sizes[1] random sentence vectors.

    Close to the benchmark's --compose chunks (whole random sentences per chunk) without chunking
    a million synthetic documents first.
    """
    rng = np.random.default_rng(seed)
    out = np.empty((n, sentences.shape[1]), dtype=np.float32)
    counts = rng.integers(sizes[0], sizes[1] + 1, n)
    for c in range(sizes[0], sizes[1] + 1):
        rows = np.flatnonzero(counts == c)
        picks = rng.integers(0, len(sentences), (len(rows), c))
        out[rows] = sentences[picks].mean(axis=1)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def similarity_profile(scores: np.ndarray, ranks: Sequence[int] = PROFILE_RANKS) -> dict[str, float]:
    """Mean cosine at each rank of exact search (`scores`: queries × sorted top scores).

    A flat profile (rank 1000 nearly as close as rank 10) is what makes approximate search hard.
    """
    return {str(r): float(scores[:, r - 1].mean()) for r in ranks if r <= scores.shape[1]}


def build(factory: str, vectors: np.ndarray):
    import faiss

    from rag.retrieve.dense import build_ivf

    if factory == "ivf":
        return build_ivf(vectors, np.arange(len(vectors), dtype=np.int64))
    index = faiss.index_factory(vectors.shape[1], factory, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 40
    index.train(vectors[:100_000])
    index.add(vectors)
    return index


def margin_probes(centroid_scores: np.ndarray, margin: float, least: int = 16) -> np.ndarray:
    """Per query (rows of centroid scores, best first): lists scoring within `margin` of its best, at least `least`."""
    within = (centroid_scores >= centroid_scores[:, :1] - margin).sum(axis=1)
    return np.clip(within, min(least, centroid_scores.shape[1]), centroid_scores.shape[1])


class MarginIVF:
    """An IVF searched per query in the lists whose centroids score within a margin of its best one:
    more lists for a question whose centroid scores are flat, fewer for a clear one."""

    def __init__(self, index):
        import faiss

        self.index, self.ivf = index, faiss.downcast_index(index)

    def search(self, x: np.ndarray, k: int, params: float) -> tuple[np.ndarray, np.ndarray]:
        ivf = self.ivf
        scores, lists = ivf.quantizer.search(x, ivf.nlist)
        out = [], []
        for row, probes in enumerate(margin_probes(scores, params)):
            ivf.nprobe = int(probes)
            d, i = ivf.search_preassigned(
                x[row : row + 1], k, lists[row : row + 1, :probes], scores[row : row + 1, :probes]
            )
            out[0].append(d[0])
            out[1].append(i[0])
        return np.array(out[0]), np.array(out[1])


def search_params(index, kind: str, value: float):
    import faiss

    from rag.retrieve.dense import ivf_probes

    if kind == "margin":
        return value
    if kind == "share":
        return faiss.SearchParametersIVF(nprobe=ivf_probes(faiss.downcast_index(index).nlist, value))
    return faiss.SearchParametersHNSW(efSearch=int(value))


def compare(vectors: np.ndarray, queries: np.ndarray, candidates=CANDIDATES) -> dict[str, Any]:
    """Exact top 10 and similarity profile, then each candidate's build time, size and recall per setting."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    scores, exact = flat.search(queries, min(max(PROFILE_RANKS), len(vectors)))
    del flat
    rows = []
    for label, factory, (kind, values) in candidates:
        t = time.perf_counter()
        index = build(factory, vectors)
        build_s = time.perf_counter() - t
        size_mb = len(faiss.serialize_index(index)) / (1024 * 1024)  # MB as in eval.bench (MiB)
        searched = MarginIVF(index) if kind == "margin" else index
        centroid_scores = searched.ivf.quantizer.search(queries, searched.ivf.nlist)[0] if kind == "margin" else None
        for value in values:
            found, times = timed_search(searched, queries, search_params(index, kind, value), K)
            setting = f"{kind} {value:g}"
            if centroid_scores is not None:
                share = margin_probes(centroid_scores, value).mean() / searched.ivf.nlist
                setting += f" (mean {share:.2f} of lists)"
            rows.append(
                {
                    "index": label,
                    "setting": setting,
                    "build_s": build_s,
                    "size_mb": size_mb,
                    "recall_at_10": recall_at_k(found, list(exact[:, :K]), K),
                    "p50_ms": percentile(times, 50),
                    "p95_ms": percentile(times, 95),
                }
            )
        del index
    return {"vectors": len(vectors), "queries": len(queries), "profile": similarity_profile(scores), "rows": rows}


def markdown(r: dict[str, Any]) -> str:
    out = [
        "# Approximate search: IVF against HNSW",
        "",
        f"- command: `{r['command']}`",
        f"- queries: {r['query_source']}",
        f"- composed vectors: {r['compose']}",
        "",
    ]
    for part in r["parts"]:
        prof = ", ".join(f"rank {k}: {v:.3f}" for k, v in part["profile"].items())
        out += [
            f"## {part['what']} ({part['vectors']:,} vectors)",
            "",
            f"Mean cosine of the exact neighbours by rank: {prof}.",
            "",
            "| index | setting | recall@10 | search p50 / p95, ms | build, s | size, MB |",
            "|---|---|---:|---:|---:|---:|",
        ]
        out += [
            f"| {x['index']} | {x['setting']} | {x['recall_at_10']:.3f} | {x['p50_ms']:.2f} / {x['p95_ms']:.2f} | "
            f"{x['build_s']:.1f} | {x['size_mb']:.0f} |"
            for x in part["rows"]
        ]
        out.append("")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m eval.ann", description=__doc__)
    ap.add_argument("--composed", type=int, nargs="+", default=[100_000], help="sizes of composed-vector sets")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True, help="folder for ann.json and ann.md")
    args = ap.parse_args(argv)
    from eval.bench import BENCH_CACHE, load_embedder, synthetic_pool
    from eval.probes import train_questions
    from eval.scale import pool_vectors

    embedder = load_embedder("int8")
    sentences = np.ascontiguousarray(pool_vectors(synthetic_pool(), embedder, BENCH_CACHE), dtype=np.float32)
    queries = embedder.encode(train_questions(args.queries, args.seed))
    parts = [{"what": "real sentence vectors of the benchmark pool", **compare(sentences, queries)}]
    for n in args.composed:
        print(f"composed: {n:,} vectors", file=sys.stderr)
        parts.append({"what": "composed passage vectors", **compare(compose_random(sentences, n, args.seed), queries)})
    result = {
        "command": shlex.join(["python", "-m", "eval.ann", *argv]),
        "query_source": f"{len(queries)} SQuAD v1.1 dev questions of the train articles, seed {args.seed}",
        "compose": "normalized means of 2–5 random pool sentence vectors (eval.ann.compose_random)",
        "parts": parts,
    }
    write_pair(args.out, "ann", result, markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
