"""Choose the default fusion and weights on the train parts only (SQuAD train articles, SciFact train)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from rag.evaluation.datasets import load_beir, load_squad, split_articles
from rag.evaluation.indexes import dataset_index
from rag.evaluation.metrics import mrr_at_k, ndcg_at_k, recall_at_k
from rag.index import Index
from rag.retrieve.fusion import convex, rrf, top_k
from rag.settings import BuildSettings

POOL = 100


def candidates(index: Index, queries: list[str]) -> list[dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Each retriever's candidate pool for every query (queries embedded in one batch)."""
    state = index.snapshot()
    vectors = index.embedder.encode(queries)
    return [
        {"bm25": state.sparse.search(q, POOL), "dense": state.dense.search(v, POOL)} for q, v in zip(queries, vectors)
    ]


def doc_ranking(index: Index, chunk_ids: list[int]) -> list[str]:
    """Documents in the order their first chunk appears."""
    state, seen, out = index.snapshot(), set(), []
    for c in chunk_ids:
        d = state.doc_of[state.row(c)]
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def ranked_docs(index: Index, cands: dict, config: dict) -> list[str]:
    if config["fusion"] in ("bm25", "dense"):
        ids = cands[config["fusion"]][0].tolist()
    elif config["fusion"] == "rrf":
        ids = [
            c for c, _ in top_k(rrf({n: r[0] for n, r in cands.items()}, config["weights"], config.get("k", 60)), POOL)
        ]
    else:
        ids = [c for c, _ in top_k(convex(cands, config["weights"]), POOL)]
    return doc_ranking(index, ids)


def grid() -> list[dict]:
    configs = [{"fusion": "bm25"}, {"fusion": "dense"}]
    for wb in (0.5, 0.75, 1.0, 1.25, 1.5, 2.0):
        configs.append({"fusion": "rrf", "weights": {"bm25": wb, "dense": 1.0}, "k": 60})
    for alpha in (0.3, 0.4, 0.5, 0.6, 0.7):
        configs.append({"fusion": "convex", "weights": {"bm25": 1 - alpha, "dense": alpha}})
    return configs


def score(index: Index, questions, cands, config) -> dict[str, float]:
    r1 = r5 = mrr = ndcg = 0.0
    for q, c in zip(questions, cands):
        docs = ranked_docs(index, c, config)
        r1 += recall_at_k(docs, q.relevant, 1)
        r5 += recall_at_k(docs, q.relevant, 5)
        mrr += mrr_at_k(docs, q.relevant, 10)
        ndcg += ndcg_at_k(docs, q.relevant, 10)
    n = len(questions)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "mrr@10": mrr / n, "ndcg@10": ndcg / n}


def markdown(command: str, results: list[dict]) -> str:
    """A table per dataset and title setting: one row per fusion configuration."""
    lines = [f"# Fusion tuning on the train parts\n\nCommand: `{command}`\n"]
    groups: dict[tuple, list[dict]] = {}
    for r in results:
        groups.setdefault((r["dataset"], r["title_prefix"]), []).append(r)
    for (dataset, prefix), rows in groups.items():
        lines += [
            f"## {dataset} (title prefix {'on' if prefix else 'off'})\n",
            "| configuration | recall@1 | recall@5 | MRR@10 | nDCG@10 |",
            "|---|---:|---:|---:|---:|",
        ]
        for r in rows:
            c = r["config"]
            name = c["fusion"] + (
                " " + ", ".join(f"{k} {v:g}" for k, v in c["weights"].items()) if "weights" in c else ""
            )
            lines.append(
                f"| {name} | {r['recall@1']:.4f} | {r['recall@5']:.4f} | {r['mrr@10']:.4f} | {r['ndcg@10']:.4f} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared/data", help="folder with squad/ and scifact/")
    ap.add_argument("--out", default="eval/results/tuning.json")
    ap.add_argument("--title-prefix", choices=["on", "off", "both"], default="both")
    ap.add_argument("--datasets", default="squad-v1.1,scifact", help="comma-separated: squad-v1.1, scifact")
    args = ap.parse_args(argv)
    data = Path(args.data)
    squad = load_squad(data / "squad" / "dev-v1.1.json", split_articles(data / "squad" / "split.json", "train"))
    scifact = load_beir(data / "scifact", qrels="train")
    variants = {"on": [True], "off": [False], "both": [True, False]}[args.title_prefix]
    results = []
    for prefix in variants:
        build = BuildSettings(title_prefix=prefix)
        for name, ds in (("squad-v1.1", squad), ("scifact", scifact)):
            if name not in args.datasets.split(","):
                continue
            index = dataset_index(name, ds.documents, build)
            t = time.perf_counter()
            cands = candidates(index, [q.question for q in ds.questions])
            print(
                f"{name} title_prefix={prefix}: candidates for {len(ds.questions)} queries in {time.perf_counter() - t:.1f}s"
            )
            for config in grid():
                m = score(index, ds.questions, cands, config)
                results.append({"dataset": name, "title_prefix": prefix, "config": config, **m})
                print(f"  {json.dumps(config):70} " + " ".join(f"{k} {v:.4f}" for k, v in m.items()))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    command = "python -m eval.tune " + " ".join(argv if argv is not None else sys.argv[1:])
    Path(args.out).write_text(json.dumps({"command": command, "results": results}, indent=1))
    Path(args.out).with_suffix(".md").write_text(markdown(command, results))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
