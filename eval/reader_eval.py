"""Closed-reader SQuAD scores: the reader is given each question's gold paragraph (no retrieval)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from rag.answer.reader.reader import Reader, best_spans
from rag.evaluation.datasets import load_squad, split_articles
from rag.evaluation.metrics import exact_match, f1_score, percentile


def predictions(reader: Reader, questions, docs: dict, threshold: float | None, batch: int = 32):
    """Best span per question from its gold paragraph; "" when `threshold` is set and not beaten.

    Questions are read in batches of `batch`; the time per question is its batch's share.
    """
    rows, times = [], []
    for i in tqdm(range(0, len(questions), batch), desc="reading", file=sys.stderr):
        part = questions[i : i + batch]
        texts = [docs[next(iter(q.relevant))].text for q in part]
        t = time.perf_counter()
        scored = reader.score_many([(q.question, [text]) for q, text in zip(part, texts)])
        times.extend([(time.perf_counter() - t) * 1000 / len(part)] * len(part))
        for q, text, sc in zip(part, texts, scored):
            spans = best_spans(sc, [text], None, reader.max_answer_tokens)
            best = max(spans, key=lambda s: s.score) if spans else None
            span = text[best.start : best.end] if best else ""
            margin = best.margin if best else float("-inf")
            pred = "" if threshold is not None and margin < threshold else span
            rows.append(
                {
                    "id": q.id,
                    "prediction": pred,
                    "span": span,
                    "margin": margin,
                    "em": exact_match(pred, q.answers),
                    "f1": f1_score(pred, q.answers),
                    "answerable": bool(q.answers),
                }
            )
    return rows, times


def summary(rows: list[dict]) -> dict:
    def mean(key, subset):
        vals = [r[key] for r in subset]
        return float(np.mean(vals)) if vals else None

    has = [r for r in rows if r["answerable"]]
    no = [r for r in rows if not r["answerable"]]
    return {
        "questions": len(rows),
        "EM": mean("em", rows),
        "F1": mean("f1", rows),
        "HasAns_EM": mean("em", has),
        "HasAns_F1": mean("f1", has),
        "HasAns": len(has),
        "NoAns_F1": mean("f1", no),
        "NoAns": len(no),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--squad", default="../shared/data/squad")
    ap.add_argument("--articles", default="test", help="train or test (split.json)")
    ap.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="v2.0 no-answer margin threshold (default: the fitted value in rag/fitted.json)",
    )
    ap.add_argument("--out", default="eval/results/reader")
    args = ap.parse_args(argv)
    squad = Path(args.squad)
    articles = split_articles(squad / "split.json", args.articles)
    if args.threshold is None:
        fitted = json.loads((Path(__file__).resolve().parents[1] / "rag" / "fitted.json").read_text())
        args.threshold = fitted.get("reader_null_threshold", 0.0)
    reader = Reader()
    reader.read("warm up", ["the model loads once"])
    report = {"command": "python -m eval.reader_eval " + " ".join(argv if argv is not None else sys.argv[1:])}
    for name, threshold in (("dev-v1.1.json", None), ("dev-v2.0.json", args.threshold)):
        ds = load_squad(squad / name, articles, skip_missing=True)
        docs = {d.id: d for d in ds.documents}
        rows, times = predictions(reader, ds.questions, docs, threshold)
        report[name] = {
            **summary(rows),
            "threshold": threshold,
            "latency_ms_p50": percentile(times, 50),
            "latency_ms_p95": percentile(times, 95),
        }
        print(name, json.dumps(report[name], indent=1))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "closed_reader.json").write_text(json.dumps(report, indent=1) + "\n")
    v1, v2 = report["dev-v1.1.json"], report["dev-v2.0.json"]
    (out / "closed_reader.md").write_text(
        f"# Closed reader ({args.articles} articles, gold paragraph given)\n\nCommand: `{report['command']}`\n\n"
        "| set | questions | EM | F1 | HasAns F1 | NoAns F1 | ms / question (batches of 32) |\n|---|---:|---:|---:|---:|---:|---:|\n"
        f"| SQuAD v1.1 | {v1['questions']} | {v1['EM']:.3f} | {v1['F1']:.3f} | {v1['HasAns_F1']:.3f} | – | {v1['latency_ms_p50']:.1f} |\n"
        f"| SQuAD v2.0 | {v2['questions']} | {v2['EM']:.3f} | {v2['F1']:.3f} | {v2['HasAns_F1']:.3f} | {v2['NoAns_F1']:.3f} | {v2['latency_ms_p50']:.1f} |\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
