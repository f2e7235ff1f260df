"""Fit the answer ranking and the abstention confidence on the held-out train articles the reader never saw.

    python -m eval.fit_answers                       # the shipped reader; writes rag/fitted.json
    python -m eval.fit_answers --reader W --no-write # another reader's weights; report only
    python -m eval.fit_answers --cache C --no-write --without cuts_name  # an ablation, reusing C's candidates

Three kinds of question, all from the HELD_OUT train articles of `eval.train_reader`:
- answerable (SQuAD v1.1), against an index of every train article's paragraphs;
- adversarial unanswerable (SQuAD v2.0), against the same index: written against a paragraph in it;
- out-of-corpus: the answerable ones again, against the index without the held-out articles.
The ranking is a logistic regression over `RANK_FEATURES` of every candidate span (right: F1 with a
gold answer at least a label threshold; 0.5, 0.7 and 0.9 are tried and the best held-out short answer (EM + F1 +
holds a gold answer) is kept: a stricter label teaches the ranking the answer's extent, not only its sentence); the
widening margin is chosen by the same sum. The confidence is a logistic regression over `CONFIDENCE_FEATURES` of the best
candidate: a calibrated probability that the documents answer the question (by default, `--confidence-label
answerable`: right for every answerable question, never for the two unanswerable kinds; `right` asks instead that the
best quote hold a gold answer, which on documentation, where the reader is less sure than on SQuAD, abstains on
answerable questions as if they were not: README, "Abstention"). The threshold is the lowest that abstains on 85% of
the out-of-corpus questions (what a user meets most), else the one maximising right answers plus abstentions;
`--min-answered` (what eval/refresh_answers.sh uses) the highest that answers that share of the answerable ones;
`--adversarial-abstain` also asks for that share of the adversarial ones (0.5 costs about a quarter of the answerable
questions with today's reader: eval/results/answer_fit.json reports both operating points). Scores are
leave-one-article-out, so no question is scored by weights fit on it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

from eval.train_reader import Example, held_out_titles, load_examples
from rag.answer.answers import read_candidates
from rag.answer.candidates import (
    CONFIDENCE_FEATURES,
    RANK_FEATURES,
    answer_candidate,
    confidence_features,
    rank_features,
)
from rag.answer.cosines import passage_cosines
from rag.answer.reader.model import WEIGHTS
from rag.answer.reader.reader import Reader
from rag.evaluation.metrics import contains_answer, exact_match, f1_score
from rag.index import Index
from rag.models import Document
from rag.retrieve.tokenize import tokenize
from rag.settings import FITTED_PATH, AnswerSettings

KINDS = ("answerable", "adversarial", "out_of_corpus")
# What the confidence can be fit to predict (`--confidence-label`).
LABELS = ("answerable", "right")
# What a cached row holds; a cache of another version is read again. 2: every passage's cosine, no heading spans;
# 3: spans keep names in code whole (`joins_word`), straight quote marks partnered, HTML's lines apart.
# 4: a fragment's quote ("Default: 1000.") takes in the sentences before it on its line.
CANDIDATES = 4


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularized logistic regression by Newton's method; returns (weights, bias)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = np.eye(xb.shape[1]) * l2
    reg[-1, -1] = 0.0  # no penalty on the bias
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-xb @ w))
        step = np.linalg.solve((xb * (p * (1 - p))[:, None]).T @ xb + reg, xb.T @ (p - y) + reg @ w)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def corpus(examples: list[Example], skip: set[str]) -> list[Document]:
    """The train articles' paragraphs (those of `skip` articles left out) as documents."""
    contexts = dict.fromkeys((e.title, e.context) for e in examples if e.title not in skip)
    return [
        Document(id=f"{t}#{i}", title=t.replace("_", " "), source="squad-train", sha256=str(hash(c)), text=c)
        for i, (t, c) in enumerate(contexts)
    ]


def read_kind(index: Index, reader: Reader, questions: list[Example], passages: int, spans: int) -> list[dict]:
    """Each question's candidates and rank features over its `passages` retrieved passages."""
    texts = [e.question for e in questions]
    hits = index.search_many(texts, k=passages)
    state = index.snapshot()
    prefix = state.manifest.build.title_prefix
    cosines = [passage_cosines(h, v, index.embedder, prefix) for h, v in zip(hits, index.embedder.encode(texts))]
    out = []
    batch = 64
    for i in range(0, len(questions), batch):
        part, part_hits, part_cos = questions[i : i + batch], hits[i : i + batch], cosines[i : i + batch]
        read = read_candidates(texts[i : i + batch], part_hits, part_cos, state.docs, state.sparse, reader, spans)
        for e, h, cs, (cands, x) in zip(part, part_hits, part_cos, read):
            out.append({"example": e, "hits": h, "cosines": cs, "cands": cands, "x": x})
        print(f"  read {min(i + batch, len(questions))}/{len(questions)}", file=sys.stderr, flush=True)
    return out


def read_all(
    examples: list[Example],
    held: set[str],
    answerable: list[Example],
    adversarial: list[Example],
    reader: Reader,
    passages: int,
    spans: int,
) -> tuple[dict[str, list[dict]], dict[str, Any]]:
    """Each kind's rows (`read_kind`), and the BM25 idf of the index each kind was asked against."""
    index = Index.in_memory()
    index.add_documents(corpus(examples, set()))
    rows = {"answerable": read_kind(index, reader, answerable, passages, spans)}
    rows["adversarial"] = read_kind(index, reader, adversarial, passages, spans)
    idf_in = index.snapshot().sparse.idf  # the snapshot keeps its own BM25 statistics after the removal
    index.remove([d.id for d in index.documents() if d.id.split("#")[0] in held])
    rows["out_of_corpus"] = read_kind(index, reader, answerable, passages, spans)
    return rows, {"answerable": idf_in, "adversarial": idf_in, "out_of_corpus": index.snapshot().sparse.idf}


def restrict(row: dict, passages: int, q_idf) -> tuple[dict, list, np.ndarray]:
    """The question as if `passages` hits had been read: those hits, their candidates, features recomputed
    (those named in `row["without"]` zeroed: an ablation)."""
    cands = [c for c in row["cands"] if c.hit.rank <= passages]
    q_tokens = tokenize(row["example"].question)
    x = rank_features(cands, q_tokens, q_idf(q_tokens))
    for name in row.get("without", ()):
        x[:, RANK_FEATURES.index(name)] = 0.0
    return {**row, "hits": row["hits"][:passages], "cosines": row["cosines"][:passages]}, cands, x


def spread(items: list, limit: int) -> list:
    """All of `items`, or `limit` of them taken evenly (every article keeps some)."""
    return items if not limit or limit >= len(items) else items[:: len(items) // limit][:limit]


def span_f1(text: str, golds: list[str]) -> float:
    return f1_score(text, golds) if golds else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.fit_answers", description=__doc__.split("\n\n")[0])
    ap.add_argument("--squad", default="../shared/data/squad")
    ap.add_argument("--reader", type=Path, default=WEIGHTS, help="reader weights (default: the shipped ones)")
    ap.add_argument("--passages", default="3,4,5,6", help="passages read per question, tried (the best is kept)")
    ap.add_argument(
        "--rank-labels",
        default="0.5,0.7,0.9",
        help="F1 a candidate needs to count as right for the ranking, tried (the best answer F1 is kept)",
    )
    ap.add_argument("--out", type=Path, default=FITTED_PATH)
    ap.add_argument("--write", action=argparse.BooleanOptionalAction, default=True, help="update --out")
    ap.add_argument("--report", type=Path, default=Path("eval/results/answer_fit.json"))
    ap.add_argument("--limit", type=int, default=0, help="at most N questions of each kind (smoke tests)")
    ap.add_argument(
        "--adversarial-abstain", type=float, default=0.0, help="also abstain on this share of the adversarial ones"
    )
    ap.add_argument(
        "--ooc-abstain",
        type=float,
        default=0.85,
        help="abstain on at least this share of the out-of-corpus questions (above 0.85: a margin for new articles)",
    )
    ap.add_argument(
        "--min-answered",
        type=float,
        default=None,
        help="instead: the highest threshold that still answers this share of the answerable questions "
        "(abstaining on as many out-of-corpus ones as that allows)",
    )
    ap.add_argument(
        "--confidence-label",
        choices=LABELS,
        default="answerable",
        help="what the confidence is the probability of: the documents answer the question, or the best quote is right",
    )
    ap.add_argument(
        "--cache",
        type=Path,
        help="keep the reader's candidates in this file, and reuse them when the "
        "reader and questions match (fitting again with other features then takes seconds)",
    )
    ap.add_argument(
        "--without",
        type=lambda v: v.split(","),
        default=[],
        help="ablation: ranking features (comma-separated RANK_FEATURES names) to leave out",
    )
    args = ap.parse_args(argv)
    if unknown := set(args.without) - set(RANK_FEATURES):
        ap.error(f"--without: no ranking feature {', '.join(sorted(unknown))}; they are {', '.join(RANK_FEATURES)}")
    grid = [int(n) for n in args.passages.split(",")]
    labels = [float(v) for v in args.rank_labels.split(",")]
    spans = AnswerSettings().spans_per_window

    examples = load_examples(Path(args.squad))
    held = held_out_titles([e.title for e in examples])
    questions = [e for e in examples if e.title in held]
    answerable = spread([e for e in questions if e.span is not None], args.limit)
    adversarial = spread([e for e in questions if e.span is None], args.limit)
    key = {
        "reader": hashlib.sha256(args.reader.read_bytes()).hexdigest(),
        "passages": max(grid),
        "limit": args.limit,
        "candidates": CANDIDATES,
    }
    if args.cache and args.cache.is_file() and (cached := pickle.loads(args.cache.read_bytes()))["key"] == key:
        rows, idf_of = cached["rows"], cached["idf"]
        print(f"candidates read from {args.cache}", file=sys.stderr)
    else:
        rows, idf_of = read_all(examples, held, answerable, adversarial, Reader(args.reader), max(grid), spans)
        if args.cache:
            args.cache.write_bytes(pickle.dumps({"key": key, "rows": rows, "idf": idf_of}))
    if args.without:
        rows = {k: [{**r, "without": args.without} for r in v] for k, v in rows.items()}

    report: dict[str, Any] = {"reader": str(args.reader), "held_out_articles": sorted(held), "by_passages": {}}
    report["questions"] = {k: len(v) for k, v in rows.items()}
    best_n, best_fit = None, None
    for n in grid:
        data = {k: [restrict(r, n, idf_of[k]) for r in v] for k, v in rows.items()}
        by_label = {
            label: fit_and_score(
                data, held, args.adversarial_abstain, args.ooc_abstain, args.min_answered, label, args.confidence_label
            )
            for label in labels
        }
        fit = max(by_label.values(), key=lambda f: short_answer(f["scores"]))
        report["by_passages"][n] = {**fit["scores"], "by_rank_label": {lb: f["scores"] for lb, f in by_label.items()}}
        print(f"passages {n}: {json.dumps(fit['scores'])}", file=sys.stderr)
        if best_fit is None or fit["scores"]["utility"] > best_fit["scores"]["utility"]:
            best_n, best_fit = n, fit
    assert best_fit is not None
    fitted = {
        "passages": best_n,
        "rank_label": best_fit["rank_label"],
        "rank_features": list(RANK_FEATURES),
        "rank_weights": np.round(best_fit["rank"][0], 6).tolist(),
        "rank_bias": round(best_fit["rank"][1], 6),
        "confidence_features": list(CONFIDENCE_FEATURES),
        "confidence_label": args.confidence_label,
        "confidence_weights": np.round(best_fit["confidence"][0], 6).tolist(),
        "confidence_bias": round(best_fit["confidence"][1], 6),
        "abstain_threshold": round(best_fit["threshold"], 6),
        "widen_margin": best_fit["widen_margin"],
    }
    report.update(
        {
            "fitted": fitted,
            "chosen_passages": best_n,
            "reliability": best_fit["reliability"],
            "scores_at_half_adversarial_abstention": best_fit["scores_at_half_adversarial_abstention"],
            "by_out_of_corpus_abstain": best_fit["by_out_of_corpus_abstain"],
            "by_widen_margin": best_fit["by_widen_margin"],
        }
    )
    report["command"] = "python -m eval.fit_answers " + " ".join(argv if argv is not None else sys.argv[1:])
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps({"passages": best_n, **best_fit["scores"]}, indent=1))
    if args.write:
        previous = json.loads(args.out.read_text()) if args.out.is_file() else {}
        for old in ("span_threshold", "abstain_weights", "features"):
            previous.pop(old, None)
        args.out.write_text(json.dumps({**previous, **fitted}, indent=1) + "\n")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


# Logit margins tried for widening the answer span: every 0.05 up to 1 (EM and containment pull apart there).
WIDEN_GRID = (*(round(0.05 * i, 2) for i in range(21)), 1.25, 1.5, 2.0)


def fit_and_score(
    data: dict[str, list],
    held: set[str],
    adversarial: float = 0.0,
    ooc: float = 0.85,
    answered: float | None = None,
    label: float = 0.5,
    confidence_label: str = "answerable",
) -> dict[str, Any]:
    """Rank and confidence weights fit on all held-out questions, and leave-one-article-out scores (a candidate
    is right for the ranking when its span F1 is at least `label`; the confidence predicts `confidence_label`)."""
    articles = sorted(held)

    def rank_fit(exclude: str | None):
        xs, ys = [], []
        for r, cands, x in data["answerable"]:
            if r["example"].title == exclude or not cands:
                continue
            xs.append(x)
            ys.append([span_f1(c.text, r["example"].golds) >= label for c in cands])
        return fit_logistic(np.vstack(xs), np.concatenate(ys).astype(float))

    def question_rows(rank_w, margin: float, exclude_only: str | None = None):
        """(kind, article, confidence features, best right?, best span text, quote text) per question."""
        out = []
        for kind, items in data.items():
            for r, cands, x in items:
                e = r["example"]
                if exclude_only is not None and e.title != exclude_only:
                    continue
                if not cands:
                    out.append((kind, e, None, False, "", ""))
                    continue
                logits = x @ rank_w[0] + rank_w[1]
                b = int(np.argmax(logits))
                f = confidence_features(b, x, logits)
                c = cands[b]  # the confidence is of the best candidate's quote; widening changes only the span
                quote = c.doc.text[c.quote_start : c.quote_end]
                right = kind == "answerable" and contains_answer(quote, e.golds)
                out.append((kind, e, f, right, answer_candidate(e.question, cands, logits, b, margin).text, quote))
        return out

    def conf_fit(qrows):
        kept = [
            (f, confidence_target(kind, right, confidence_label)) for kind, _, f, right, _, _ in qrows if f is not None
        ]
        return fit_logistic(np.array([f for f, _ in kept]), np.array([r for _, r in kept], dtype=float))

    # Leave one article out: each article's questions are scored by weights fit on the other five.
    rank_ws = {a: rank_fit(a) for a in articles}
    margins = widen_margins(data["answerable"], rank_ws)
    margin = max(margins, key=lambda m: (short_answer(margins[m]), -m))
    scored = []
    for a in articles:
        rank_w = rank_ws[a]
        conf_w = conf_fit([q for q in question_rows(rank_w, margin) if q[1].title != a])
        for kind, e, f, right, text, quote in question_rows(rank_w, margin, exclude_only=a):
            p = 0.0 if f is None else float(1 / (1 + np.exp(-(f @ conf_w[0] + conf_w[1]))))
            scored.append((kind, e, p, right, text, quote))
    threshold = (
        best_threshold(scored, ooc=ooc, adversarial=adversarial)
        if answered is None
        else highest_threshold(scored, answered)
    )
    strict = best_threshold(scored, ooc=ooc, adversarial=0.5)
    rank_w = rank_fit(None)
    conf_w = conf_fit(question_rows(rank_w, margin))
    return {
        "rank": rank_w,
        "confidence": conf_w,
        "threshold": threshold,
        "scores": scores(scored, threshold),
        "scores_at_half_adversarial_abstention": scores(scored, strict),
        "reliability": reliability(scored),
        "widen_margin": margin,
        "rank_label": label,
        "by_widen_margin": margins,
        "by_out_of_corpus_abstain": {
            f"{target:.2f}": scores(scored, best_threshold(scored, ooc=target, adversarial=adversarial))
            for target in (0.80, 0.85, 0.88, 0.90, 0.92, 0.95)
        },
    }


def confidence_target(kind: str, right: bool, label: str) -> bool:
    """What the confidence learns to predict for one question: that it is answerable, or that its quote is right."""
    return kind == "answerable" if label == "answerable" else right


def utility(scored, t: float) -> float:
    """Right answers to answerable questions, plus abstentions on the two unanswerable kinds (each weighed equally)."""
    by = {k: [s for s in scored if s[0] == k] for k in KINDS}
    has = np.mean([p >= t and right for _, _, p, right, _, _ in by["answerable"]])
    adv = np.mean([p < t for _, _, p, _, _, _ in by["adversarial"]]) if by["adversarial"] else 0.0
    ooc = np.mean([p < t for _, _, p, _, _, _ in by["out_of_corpus"]])
    return float(has + 0.5 * adv + 0.5 * ooc)


def short_answer(scores: dict[str, float]) -> float:
    """What the label and the widening margin are chosen by: the short answer's EM, F1 and whether it holds a
    gold answer, weighed equally — the three ways a short answer is judged (SQuAD's EM and F1; the seeds ask
    for the whole answer inside it). EM alone prefers the shortest span, containment alone the widest."""
    return scores["answer_em"] + scores["answer_f1"] + scores["answer_contains"]


def widen_margins(answerable: list, rank_ws: dict) -> dict[float, dict[str, float]]:
    """Mean EM and F1 of the answer span over the answerable questions for each widening margin (each
    article's questions ranked by weights fit without it)."""
    out = {}
    for margin in WIDEN_GRID:
        ems, f1s, holds = [], [], []
        for r, cands, x in answerable:
            e = r["example"]
            if not cands:
                ems.append(0.0)
                f1s.append(0.0)
                holds.append(False)
                continue
            w = rank_ws[e.title]
            logits = x @ w[0] + w[1]
            text = answer_candidate(e.question, cands, logits, int(np.argmax(logits)), margin).text
            ems.append(exact_match(text, e.golds))
            f1s.append(f1_score(text, e.golds))
            holds.append(contains_answer(text, e.golds))
        out[margin] = {
            "answer_em": float(np.mean(ems)),
            "answer_f1": float(np.mean(f1s)),
            "answer_contains": float(np.mean(holds)),
        }
    return out


def highest_threshold(scored, answered: float) -> float:
    """The highest threshold at which at least `answered` of the answerable questions are still answered:
    it abstains on the most out-of-corpus (and adversarial) questions that this share allows."""
    has = sorted((s[2] for s in scored if s[0] == "answerable"), reverse=True)
    keep = max(1, int(np.ceil(answered * len(has))))
    return float(np.floor(has[keep - 1] * 1e4) / 1e4) if has else 0.5  # rounded down: that question stays answered


def best_threshold(scored, ooc: float = 0.85, adversarial: float = 0.0) -> float:
    """The threshold answering the most answerable questions right while abstaining on at least `ooc` of
    the out-of-corpus and `adversarial` of the adversarial questions; the best utility when none can."""
    candidates = sorted({round(p, 4) for _, _, p, _, _, _ in scored} | {0.0, 1.0})

    def abstains(kind: str, t: float) -> float:
        return float(np.mean([s[2] < t for s in scored if s[0] == kind] or [1.0]))

    feasible = [
        t for t in candidates if abstains("out_of_corpus", t) >= ooc and abstains("adversarial", t) >= adversarial
    ]
    if feasible:
        return min(feasible)  # the lowest such threshold answers the most
    return max(candidates, key=lambda t: utility(scored, t))


def scores(scored, t: float) -> dict[str, float]:
    has = [s for s in scored if s[0] == "answerable"]
    answered = [s for s in has if s[2] >= t]
    return {
        "utility": utility(scored, t),
        "threshold": t,
        "answerable_answered": len(answered) / len(has),
        "quote_accuracy": sum(s[3] for s in answered) / len(has),
        "answer_em": float(np.mean([exact_match(s[4], s[1].golds) if s[2] >= t else 0.0 for s in has])),
        "answer_f1": float(np.mean([f1_score(s[4], s[1].golds) if s[2] >= t else 0.0 for s in has])),
        "answer_contains": float(np.mean([contains_answer(s[4], s[1].golds) if s[2] >= t else False for s in has])),
        "best_span_f1_if_answering": float(np.mean([f1_score(s[4], s[1].golds) for s in has])),
        "adversarial_abstain": float(np.mean([s[2] < t for s in scored if s[0] == "adversarial"])),
        "out_of_corpus_abstain": float(np.mean([s[2] < t for s in scored if s[0] == "out_of_corpus"])),
    }


def reliability(scored, bins: int = 10) -> list[dict[str, float]]:
    """Per confidence bin: questions, mean confidence, share right (answerable and quote right), share answerable."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [s for s in scored if lo <= s[2] < hi or (b == bins - 1 and s[2] == 1.0)]
        if inside:
            out.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "questions": len(inside),
                    "mean_confidence": float(np.mean([s[2] for s in inside])),
                    "share_right": float(np.mean([s[3] for s in inside])),
                    "share_answerable": float(np.mean([s[0] == "answerable" for s in inside])),
                }
            )
    return out


if __name__ == "__main__":
    raise SystemExit(main())
