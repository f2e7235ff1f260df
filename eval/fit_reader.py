"""Fit how `ask` uses the reader, on SQuAD train articles: when to highlight a span, and when to abstain."""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
from tqdm import tqdm

from eval.fit_answers import SentenceVectors, fit_logistic
from rag.answer.answers import passages_to_read, reading, sentence_probabilities
from rag.answer.quotes import candidate_sentences, logistic, select_quotes
from rag.answer.reader.reader import Reader
from rag.evaluation.datasets import load_squad, split_articles
from rag.evaluation.indexes import dataset_index
from rag.evaluation.metrics import contains_answer, f1_score
from rag.settings import FITTED_PATH, AnswerSettings


def observe(index, vectors, reader: Reader, cfg: AnswerSettings, question, q_vec) -> dict | None:
    """What `ask` sees for one question: best sentence prob, main quote, reader margin and inside span."""
    hits, _ = index.search_timed(question.question, k=cfg.passages, query_vector=q_vec)
    sentences = candidate_sentences(hits, index.snapshot().docs)
    if not sentences:
        return None
    probs, _ = sentence_probabilities(
        question.question, q_vec, sentences, vectors.of([s.text for s in sentences]), index.snapshot().sparse, cfg
    )
    quotes = select_quotes(sentences, probs, cfg.max_quotes, cfg.relative)
    read, main = passages_to_read(quotes, hits, cfg)
    texts = [hits[i].text for i in read]
    r = reading(
        reader.score_windows(question.question, texts), texts, read, main, quotes[0], hits, reader.max_answer_tokens
    )
    span_text, span_margin = None, None
    if r.inside is not None:
        span_text, span_margin = texts[read.index(main)][r.inside.start : r.inside.end], r.inside.margin
    return {
        "prob": float(probs.max()),
        "quote": quotes[0].text,
        "margin": float(max(r.margin, -20.0)),
        "span": span_text,
        "span_margin": span_margin,
        "answers": question.answers,
    }


def best_span_threshold(rows: list[dict]) -> tuple[float, float]:
    """Margin above which showing the span (rather than only the quote) maximizes the shown answer's F1."""
    rows = [r for r in rows if r["span"] is not None and r["answers"]]
    best_t, best_f1 = float("inf"), float(np.mean([f1_score(r["quote"], r["answers"]) for r in rows]))
    for t in sorted({round(r["span_margin"], 2) for r in rows}):
        f1 = np.mean([f1_score(r["span"] if r["span_margin"] >= t else r["quote"], r["answers"]) for r in rows])
        if f1 > best_f1:
            best_t, best_f1 = t, float(f1)
    return best_t, best_f1


def operating_threshold(conf: np.ndarray, keep_mask: np.ndarray, keep: float) -> float:
    """The confidence above which a share `keep` of the `keep_mask` questions still gets answered."""
    return float(np.quantile(conf[keep_mask], 1.0 - keep)) if keep_mask.any() else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--sample", type=int, default=1500, help="seeded sample of questions per set")
    ap.add_argument("--report", default="eval/results/reader_fit.json")
    ap.add_argument(
        "--keep",
        type=float,
        default=0.95,
        help="operating point: answer this share of the answerable questions whose quote is right",
    )
    ap.add_argument("--skip-span", action="store_true", help="keep the fitted span threshold (v2.0 only)")
    args = ap.parse_args(argv)
    squad = Path(args.data) / "squad"
    train = split_articles(squad / "split.json", "train")
    cfg = AnswerSettings(abstain_weights=[])
    reader = Reader()
    report: dict = {"command": "python -m eval.fit_reader " + " ".join(argv if argv is not None else sys.argv[1:])}
    observed = {}
    for name in ("dev-v2.0.json",) if args.skip_span else ("dev-v1.1.json", "dev-v2.0.json"):
        ds = load_squad(squad / name, train, skip_missing=True)
        index = dataset_index("squad-v1.1" if "v1.1" in name else "squad-v2.0", ds.documents)
        vectors = SentenceVectors(index.embedder)
        questions = random.Random(7).sample(ds.questions, min(args.sample, len(ds.questions)))
        q_vecs = index.embedder.encode([q.question for q in questions])
        rows = [observe(index, vectors, reader, cfg, q, v) for q, v in tqdm(list(zip(questions, q_vecs)), desc=name)]
        observed[name] = [r for r in rows if r is not None]

    previous = json.loads(Path(args.report).read_text()) if Path(args.report).is_file() else {}
    if args.skip_span:
        span_threshold, shown_f1, quote_f1 = (
            previous[k] for k in ("span_threshold", "v1_shown_answer_f1", "v1_quote_f1")
        )
    else:
        span_threshold, shown_f1 = best_span_threshold(observed["dev-v1.1.json"])
        quote_f1 = float(np.mean([f1_score(r["quote"], r["answers"]) for r in observed["dev-v1.1.json"]]))
    print(f"span threshold {span_threshold}: shown-answer F1 {shown_f1:.4f} (quote alone {quote_f1:.4f})")

    v2 = observed["dev-v2.0.json"]
    x = np.array([[r["prob"], r["margin"]] for r in v2])
    y = np.array([bool(r["answers"]) for r in v2], dtype=np.float64)
    w, b = fit_logistic(x, y)
    conf = logistic(x, w, b)
    right = np.array([contains_answer(r["quote"], r["answers"]) for r in v2])
    answerable = y.astype(bool)
    threshold = operating_threshold(conf, right & answerable, args.keep)
    only_t = operating_threshold(x[:, 0], right & answerable, args.keep)
    acc = float(np.mean(np.where(answerable, conf >= threshold, conf < threshold)))
    only_acc = float(np.mean(np.where(answerable, x[:, 0] >= only_t, x[:, 0] < only_t)))
    catch = float((conf[~answerable] < threshold).mean())
    only_catch = float((x[~answerable, 0] < only_t).mean())
    print(
        f"abstention: weights {w.round(4)}, bias {b:.4f}; threshold {threshold:.4f} keeps {args.keep:.0%} of right "
        f"answers and abstains on {catch:.1%} of unanswerable (sentence probability alone: {only_catch:.1%})"
    )

    fitted = json.loads(FITTED_PATH.read_text())
    use_reader = catch >= only_catch
    fitted.update(
        {
            "span_threshold": span_threshold,
            "abstain_weights": [round(float(w[0]), 6), round(float(w[1]), 6), round(b, 6)] if use_reader else [],
            "abstain_threshold": round(float(threshold if use_reader else only_t), 6),
            "sentence_threshold": round(float(only_t), 6),
        }
    )
    FITTED_PATH.write_text(json.dumps(fitted, indent=1) + "\n")
    report.update(
        {
            "span_threshold": span_threshold,
            "v1_shown_answer_f1": shown_f1,
            "v1_quote_f1": quote_f1,
            "abstain_weights": fitted["abstain_weights"],
            "abstain_threshold": fitted["abstain_threshold"],
            "sentence_threshold": fitted["sentence_threshold"],
            "operating_point": f"answer {args.keep:.0%} of answerable v2.0 questions whose top quote is right",
            "v2_unanswerable_abstained_with_reader": catch,
            "v2_unanswerable_abstained_sentence_only": only_catch,
            "v2_accuracy_with_reader": acc,
            "v2_accuracy_sentence_only": only_acc,
            "questions": {k: len(v) for k, v in observed.items()},
        }
    )
    Path(args.report).write_text(json.dumps(report, indent=1) + "\n")
    print(f"updated {FITTED_PATH}; wrote {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
