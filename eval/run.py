"""Evaluate a dataset: retrieval ablation over modes, quoted answers and latency (`python -m eval DATASET`)."""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shlex
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rag.embedder import BACKENDS
from eval.datasets import Dataset, DatasetError, Question, load_dataset, split_articles
from eval.metrics import (
    abstention_scores,
    contains_answer,
    exact_match,
    f1_score,
    mrr_at_k,
    ndcg_at_k,
    percentile,
    recall_at_k,
)

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "eval" / "results"
DEFAULT_DOCS = REPO / "seeds"

MODES: tuple[str, ...] = ("bm25", "dense", "hybrid-rrf", "hybrid-convex", "rank-bm25")
STAGES: tuple[str, ...] = ("embed", "bm25", "faiss", "fusion", "quotes")
RETRIEVAL_METRICS: tuple[str, ...] = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
CHUNK_HITS_MIN = 30  # chunk hits per search: max(k, 30), so ten distinct documents are nearly always found
DOC_DEPTH = 10  # the document ranking is cut here: every retrieval metric is @10 or less
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "rrf": {"bm25": 1.0, "dense": 1.0},
    "convex": {"bm25": 0.5, "dense": 0.5},
}


class EvalError(ValueError):
    """A run that cannot go ahead as asked; the message says why."""


# ---------------------------------------------------------------- pure: retrieval


def doc_ranking(doc_ids: Iterable[str], depth: int = DOC_DEPTH) -> list[str]:
    """Document ids in the order of their first hit, cut at `depth`."""
    return list(dict.fromkeys(doc_ids))[:depth]


def gold_rank(ranked: Sequence[str], relevant: dict[str, int]) -> int | None:
    """1-based rank of the first relevant document in `ranked`, None when none is there."""
    for rank, doc in enumerate(ranked, start=1):
        if relevant.get(doc, 0) > 0:
            return rank
    return None


def retrieval_row(ranked: Sequence[str], relevant: dict[str, int]) -> dict[str, float] | None:
    """recall@1/5/10, MRR@10 and nDCG@10 of one ranking; None for a question without gold documents."""
    if not any(g > 0 for g in relevant.values()):
        return None
    ranked = list(ranked)
    return {
        "recall@1": recall_at_k(ranked, relevant, 1),
        "recall@5": recall_at_k(ranked, relevant, 5),
        "recall@10": recall_at_k(ranked, relevant, 10),
        "mrr@10": mrr_at_k(ranked, relevant, 10),
        "ndcg@10": ndcg_at_k(ranked, relevant, 10),
    }


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def aggregate_retrieval(rows: Sequence[dict[str, float] | None]) -> dict[str, Any]:
    """Mean of each retrieval metric over the questions that have gold documents (None rows skipped)."""
    kept = [r for r in rows if r is not None]
    out: dict[str, Any] = {"questions": len(kept)}
    for m in RETRIEVAL_METRICS:
        out[m] = _mean([r[m] for r in kept])
    return out


def best_mode(retrieval: dict[str, dict[str, Any]], metric: str, prefer: str | None = None) -> str | None:
    """The mode with the highest `metric`: `prefer` when it ties for best, else the first listed; None if unscored."""
    scored = {mode: r[metric] for mode, r in retrieval.items() if r.get(metric) is not None}
    if not scored:
        return None
    top = max(scored.values())
    if prefer in scored and scored[prefer] == top:
        return prefer
    return next(mode for mode, v in scored.items() if v == top)


# ---------------------------------------------------------------- pure: answers


def answer_row(golds: list[str], found: bool, quote_text: str | None, span_text: str | None = None) -> dict[str, Any]:
    """Scores of one answer: the prediction is the top quote when found, else "" (abstained)."""
    prediction = quote_text if found and quote_text is not None else ""
    span_prediction = (span_text if span_text is not None else prediction) if found else ""
    answerable = bool(golds)
    return {
        "answerable": answerable,
        "abstained": not found,
        "prediction": prediction,
        "em": exact_match(prediction, golds),
        "f1": f1_score(prediction, golds),
        "quote_correct": (found and contains_answer(prediction, golds)) if answerable else None,
        "has_span": found and span_text is not None,
        "span_prediction": span_prediction,
        "span_em": exact_match(span_prediction, golds),
        "span_f1": f1_score(span_prediction, golds),
    }


def _em_f1(rows: Sequence[dict[str, Any]], em: str = "em", f1: str = "f1") -> dict[str, Any]:
    return {"questions": len(rows), "em": _mean([r[em] for r in rows]), "f1": _mean([r[f1] for r in rows])}


def _share(hits: int, n: int) -> dict[str, Any]:
    return {"value": hits / n if n else None, "correct": hits, "questions": n}


def aggregate_answers(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """EM/F1 overall and split HasAns/NoAns, quote accuracy, abstention, and span EM/F1 when spans exist."""
    has = [r for r in rows if r["answerable"]]
    no = [r for r in rows if not r["answerable"]]
    answered = [r for r in has if not r["abstained"]]
    correct = sum(1 for r in has if r["quote_correct"])
    out: dict[str, Any] = {
        "all": _em_f1(rows),
        "has_ans": _em_f1(has),
        "no_ans": _em_f1(no),
        "quote_accuracy": _share(correct, len(has)),
        "quote_accuracy_answered": _share(correct, len(answered)),
        "abstention": abstention_scores([r["answerable"] for r in rows], [r["abstained"] for r in rows]),
        "span": None,
    }
    if any(r["has_span"] for r in rows):
        out["span"] = {
            "all": _em_f1(rows, "span_em", "span_f1"),
            "has_ans": _em_f1(has, "span_em", "span_f1"),
            "with_span": sum(1 for r in rows if r["has_span"]),
        }
    return out


# ---------------------------------------------------------------- pure: latency, sampling, settings


def latency_summary(timings: Sequence[dict[str, float]]) -> dict[str, dict[str, float]]:
    """p50/p95 (ms) of each stage present in `timings` (pipeline order first), "total" last."""
    names = [s for s in STAGES if any(s in t for t in timings)]
    names += sorted({k for t in timings for k in t} - set(names) - {"total"})
    if any("total" in t for t in timings):
        names.append("total")
    out = {}
    for name in names:
        values = [t[name] for t in timings if name in t]
        out[name] = {"p50": percentile(values, 50), "p95": percentile(values, 95), "n": len(values)}
    return out


def subsample(questions: list[Question], limit: int | None, seed: int) -> tuple[list[Question], str]:
    """A fixed seeded random subsample of `limit` questions (kept in file order), and a note saying so."""
    total = len(questions)
    if limit is None or limit >= total:
        return list(questions), f"all {total} questions"
    keep = sorted(random.Random(seed).sample(range(total), limit))
    return [questions[i] for i in keep], (
        f"random subsample of {limit} of {total} questions (random.Random({seed}).sample, file order kept)"
    )


def fusion_weights(index_fusion: str, index_weights: dict[str, float], fusion: str) -> dict[str, float]:
    """The index's own weights when it fuses that way, else the neutral default for `fusion`."""
    return dict(index_weights) if index_fusion == fusion else dict(DEFAULT_WEIGHTS[fusion])


def main_metric(kind: str) -> str:
    """The headline retrieval metric: nDCG@10 for BEIR (graded, many gold docs), MRR@10 for QA sets."""
    return "ndcg@10" if kind == "beir" else "mrr@10"


def parse_modes(text: str) -> list[str]:
    """The comma-separated ablation modes, checked and deduplicated."""
    modes = list(dict.fromkeys(m.strip() for m in text.split(",") if m.strip()))
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise EvalError(f"unknown mode(s) {unknown or text!r}: use some of {','.join(MODES)}")
    return modes


def dataset_kind(path: Path) -> str:
    """"beir" for a folder, "squad" for a .json file, "jsonl" for our question file."""
    if path.is_dir():
        return "beir"
    return "squad" if path.suffix.lower() == ".json" else "jsonl"


# ---------------------------------------------------------------- the baseline


class RankBM25Baseline:
    """rank_bm25.BM25Okapi over the index's own chunk texts and tokenizer: only the BM25 code differs."""

    def __init__(self, index) -> None:
        try:
            from rank_bm25 import BM25Okapi
        except ImportError:
            raise EvalError(
                "mode rank-bm25 needs the rank-bm25 package (pip install -e '.[test]'); "
                "or leave it out with --modes"
            ) from None
        import numpy as np

        from rag.sparse import tokenize

        state = index.state
        build = state.manifest.build
        t = time.perf_counter()
        texts = state.index_texts()
        self.doc_of = list(state.doc_of)
        self.bm25 = BM25Okapi([tokenize(x) for x in texts], k1=build.bm25_k1, b=build.bm25_b)
        self.build_seconds = time.perf_counter() - t
        self._np, self._tokenize = np, tokenize

    def search(self, query: str, n: int) -> tuple[list[str], dict[str, float]]:
        """Doc ids of the n best chunks (chunks sharing no term with the query left out), and timings."""
        np = self._np
        t = time.perf_counter()
        tokens = self._tokenize(query)
        rows: list[int] = []
        if tokens:
            scores = self.bm25.get_scores(tokens)
            matched = np.flatnonzero(scores != 0)
            order = np.lexsort((matched, -scores[matched]))[:n]
            rows = matched[order].tolist()
        ms = (time.perf_counter() - t) * 1000
        return [self.doc_of[r] for r in rows], {"bm25": ms}


# ---------------------------------------------------------------- the runner


def mode_settings(index) -> dict[str, Any]:
    """The SearchSettings each hybrid ablation mode runs with (index settings, fusion and weights swapped)."""
    cfg = index.settings
    return {
        f"hybrid-{fusion}": cfg.model_copy(
            update={"fusion": fusion, "weights": fusion_weights(cfg.fusion, cfg.weights, fusion)}
        )
        for fusion in ("rrf", "convex")
    }


def search_docs(index, question: str, mode: str, chunk_hits: int, settings: dict, baseline) -> tuple[list[str], dict[str, float]]:
    """One mode's document ranking for a question, with stage timings and the total (ms)."""
    t = time.perf_counter()
    if mode == "rank-bm25":
        doc_ids, timings = baseline.search(question, chunk_hits)
    elif mode in ("bm25", "dense"):
        hits, timings = index.search_timed(question, chunk_hits, mode=mode)
        doc_ids = [h.doc_id for h in hits]
    else:
        hits, timings = index.search_timed(question, chunk_hits, "hybrid", settings=settings[mode])
        doc_ids = [h.doc_id for h in hits]
    return doc_ranking(doc_ids), {**timings, "total": (time.perf_counter() - t) * 1000}


def evaluate(index, questions: list[Question], modes: list[str], k: int, answers: bool, desc: str = "eval") -> dict[str, Any]:
    """Run every question through every mode (and `ask`); per-question records and aggregated sections."""
    from tqdm import tqdm

    chunk_hits = max(k, CHUNK_HITS_MIN)
    settings = mode_settings(index)
    baseline = RankBM25Baseline(index) if "rank-bm25" in modes else None
    default = f"hybrid-{index.settings.fusion}"
    shown = default if default in modes else modes[0]
    rows: dict[str, list] = {m: [] for m in modes}
    timings: dict[str, list] = {m: [] for m in modes + ["ask"]}
    answer_rows: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for q in tqdm(questions, desc=desc, unit="q", file=sys.stderr):
        rec: dict[str, Any] = {"id": q.id, "question": q.question, "golds": q.answers, "relevant": q.relevant,
                               "gold_rank": {}}
        for mode in modes:
            ranked, t = search_docs(index, q.question, mode, chunk_hits, settings, baseline)
            rows[mode].append(retrieval_row(ranked, q.relevant))
            timings[mode].append(t)
            rec["gold_rank"][mode] = gold_rank(ranked, q.relevant) if q.relevant else None
            if mode == shown:
                rec["top_doc"] = ranked[0] if ranked else None
        if answers:
            t0 = time.perf_counter()
            ans = index.ask(q.question)
            total = (time.perf_counter() - t0) * 1000
            timings["ask"].append({**ans.timings_ms, "total": total})
            top = ans.quotes[0] if ans.quotes else None
            row = answer_row(q.answers, ans.found, top.text if top else None, top.span_text if top else None)
            answer_rows.append(row)
            rec.update({
                "prediction": row["prediction"], "found": ans.found, "confidence": ans.confidence,
                "quote_doc": top.doc_id if top else None, "quote_correct": row["quote_correct"],
                "em": row["em"], "f1": row["f1"],
            })
            if top is not None and top.span_text is not None:
                rec["span_text"] = top.span_text
        records.append(rec)
    retrieval = {m: {**aggregate_retrieval(rows[m]), "default": m == default} for m in modes}
    latency = {m: latency_summary(timings[m]) for m in modes}
    if answers:
        latency["ask"] = latency_summary(timings["ask"])
    return {
        "default_mode": default,
        "weights": {m: settings[m].weights for m in modes if m in settings},
        "rank_bm25_build_seconds": baseline.build_seconds if baseline else None,
        "chunk_hits": chunk_hits,
        "retrieval": retrieval,
        "answers": aggregate_answers(answer_rows) if answers else None,
        "latency_ms": latency,
        "records": records,
    }


# ---------------------------------------------------------------- inputs: dataset and index


def resolve_articles(dataset: Path, spec: str | None) -> tuple[list[str] | None, bool]:
    """(article titles, skip_missing) for --articles: train/test from split.json beside the file, or names."""
    if spec is None:
        return None, False
    if spec in ("train", "test"):
        split = dataset.parent / "split.json"
        if not split.is_file():
            raise EvalError(f"--articles {spec} reads {split}, which does not exist")
        # split.json was written for v1.1; v2.0 dev lacks some of its articles, so skip those.
        return split_articles(split, spec), True
    names = [n.strip() for n in spec.split(",") if n.strip()]
    if not names:
        raise EvalError("--articles needs train, test or comma-separated article titles")
    return names, False


def squad_index_name(dataset: Path) -> str:
    """Cache name of a SQuAD file's paragraph index ("squad-v1.1" for dev-v1.1.json), as eval.tune uses."""
    m = re.search(r"v\d+(?:\.\d+)?", dataset.stem)
    return f"squad-{m.group(0)}" if m else f"squad-{dataset.stem}"


def results_name(ds: Dataset, kind: str, dataset: Path, articles: str | None, qrels: str) -> str:
    """The folder name under eval/results for this dataset (and article / qrels choice)."""
    name = f"squad-{ds.name}" if kind == "squad" and not ds.name.startswith("squad") else ds.name
    if articles:
        name += f"-{articles}" if articles in ("train", "test") else "-articles"
    if kind == "beir" and qrels != "test":
        name += f"-{qrels}"
    return name


def docs_cache_folder(docs: Path, build, backend: str) -> Path:
    """The cache folder of a --docs corpus index: keyed by the folder's path, build settings and embedder."""
    from eval.indexes import CACHE

    key = hashlib.sha256(f"{docs.resolve()}\0{build.model_dump_json()}\0{backend}".encode()).hexdigest()[:16]
    return CACHE / f"docs-{docs.resolve().name}-{key}"


def open_index(ds: Dataset, kind: str, dataset: Path, docs: Path | None, index_dir: Path | None,
               backend: str | None = None):
    """The index to evaluate against (built or brought up to date as needed)."""
    from eval.indexes import shared_embedder
    from rag.cli import _progress_bar
    from rag.index import Index
    from rag.settings import AnswerSettings, BuildSettings, SearchSettings

    if ds.documents is not None:
        if index_dir is None:
            from eval.indexes import dataset_index

            name = squad_index_name(dataset) if kind == "squad" else ds.name
            return dataset_index(name, ds.documents, embedder=shared_embedder(backend))
        index = Index.open(index_dir, embedder=shared_embedder(backend))
        if len(index) != len(ds.documents):
            index.add_documents(ds.documents, progress=_progress_bar(f"indexing {ds.name}"))
        return index
    if index_dir is not None and docs is None:
        index = Index.open(index_dir, create=False, embedder=shared_embedder(backend))
        if not len(index):
            raise EvalError(f"index {index_dir} holds no documents: pass --docs DIR to index them")
        return index
    docs = docs or DEFAULT_DOCS
    if not docs.is_dir():
        raise EvalError(f"--docs {docs}: no such folder")
    if index_dir is None:
        build = BuildSettings()
        # The eval's own cache: always the package's current search and answer defaults.
        index = Index.open(docs_cache_folder(docs, build, shared_embedder(backend).backend), build=build, embedder=shared_embedder(backend),
                           search=SearchSettings(), answer=AnswerSettings())
    else:
        index = Index.open(index_dir, embedder=shared_embedder(backend))
    index.add([docs], root=docs, progress=_progress_bar(f"indexing {docs}"))
    if not len(index):
        raise EvalError(f"--docs {docs}: no document could be indexed")
    return index


# ---------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="eval",
        description="Evaluate retrieval (an ablation over modes), quoted answers and latency on a dataset; "
        "writes results.json, results.md and ablation.png and prints the Markdown.",
    )
    p.add_argument("dataset", metavar="DATASET",
                   help="our questions .jsonl, a SQuAD v1.1/v2.0 .json file, or a BEIR folder")
    p.add_argument("--articles", metavar="train|test|NAME,...",
                   help="SQuAD only: keep the questions of these articles (train/test: split.json beside the file)")
    p.add_argument("--qrels", default=None, metavar="SPLIT", help="BEIR only: qrels split (default test)")
    p.add_argument("--docs", type=Path, metavar="DIR",
                   help=f"our .jsonl only: the corpus folder to index (default {DEFAULT_DOCS.relative_to(REPO)}/)")
    p.add_argument("--index", type=Path, metavar="DIR",
                   help="index folder to reuse or build (default: a cache folder under .cache/eval)")
    p.add_argument("--limit", type=int, metavar="N", help="evaluate a fixed seeded random subsample of N questions")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the --limit subsample (default 0)")
    p.add_argument("--k", type=int, default=10,
                   help=f"retrieval depth: chunk hits per search are max(K, {CHUNK_HITS_MIN}); "
                   f"the document ranking is cut at {DOC_DEPTH} (default 10)")
    p.add_argument("--modes", default=",".join(MODES), help=f"ablation modes (default {','.join(MODES)})")
    p.add_argument("--out", type=Path, metavar="DIR", help="output folder (default eval/results/<dataset>)")
    p.add_argument("--embedder", choices=BACKENDS, default=None,
                   help="embedder backend: int8 (default, or $RAG_EMBEDDER) or the fp32 reference")
    p.add_argument("--no-answers", action="store_true",
                   help="retrieval only (automatic for BEIR, which has no answer strings)")
    p.add_argument("--with-text", action="store_true",
                   help="keep question, gold and predicted texts in the per-question records "
                   "(off by default: results of third-party datasets stay free of their text)")
    return p


TEXT_FIELDS = ("question", "golds", "prediction", "span_text")


def without_text(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-question records with ids, ranks and scores only (no dataset or document text)."""
    return [{k: v for k, v in r.items() if k not in TEXT_FIELDS} for r in records]


def run(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    """Load, index, evaluate and write the reports; returns the results dict (Markdown under "markdown")."""
    from eval import report

    dataset = Path(args.dataset)
    kind = dataset_kind(dataset)
    modes = parse_modes(args.modes)
    if args.k < 1:
        raise EvalError(f"--k must be at least 1, got {args.k}")
    if args.limit is not None and args.limit < 1:
        raise EvalError(f"--limit must be at least 1, got {args.limit}")
    if args.articles is not None and kind != "squad":
        raise EvalError("--articles applies to SQuAD .json files only")
    if args.qrels is not None and kind != "beir":
        raise EvalError("--qrels applies to BEIR folders only")
    if args.docs is not None and kind != "jsonl":
        raise EvalError("--docs applies to our .jsonl question files only (SQuAD and BEIR bring their corpus)")
    qrels = args.qrels or "test"
    articles, skip_missing = resolve_articles(dataset, args.articles) if kind == "squad" else (None, False)
    ds = load_dataset(dataset, articles=articles, qrels=qrels, skip_missing=skip_missing)
    if not ds.questions:
        raise EvalError(f"{dataset}: no questions to evaluate")
    questions, note = subsample(ds.questions, args.limit, args.seed)
    answers = not args.no_answers and kind != "beir"

    t = time.perf_counter()
    index = open_index(ds, kind, dataset, args.docs, args.index, args.embedder)
    index_seconds = time.perf_counter() - t
    t = time.perf_counter()
    ev = evaluate(index, questions, modes, args.k, answers, desc=f"eval {ds.name}")
    eval_seconds = time.perf_counter() - t

    metric = main_metric(kind)
    state = index.state
    results: dict[str, Any] = {
        "command": shlex.join(["python", "-m", "eval", *argv]),
        "argv": list(argv),
        "sys_argv": list(sys.argv),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "dataset": {
            "path": str(dataset.resolve()), "name": ds.name, "kind": kind,
            "articles": args.articles, "articles_count": len(articles) if articles else None,
            "qrels": qrels if kind == "beir" else None,
            "questions_in_file": len(ds.questions),
        },
        "questions": len(questions),
        "answerable": sum(1 for q in questions if q.answerable),
        "with_gold_docs": sum(1 for q in questions if q.relevant),
        "subsample": {"limit": args.limit, "seed": args.seed if args.limit else None, "note": note},
        "index": {
            **index.stats().model_dump(),
            "docs": str(args.docs or (DEFAULT_DOCS if kind == "jsonl" else "")) or None,
            "seconds": index_seconds,
            "embedder_backend": index.embedder.backend,
        },
        "settings": {
            "k": args.k, "chunk_hits": ev["chunk_hits"], "doc_depth": DOC_DEPTH, "modes": modes,
            "default_mode": ev["default_mode"], "main_metric": metric, "answers": answers,
            "weights": ev["weights"],
            "build": state.manifest.build.model_dump(),
            "search": state.manifest.search.model_dump(),
            "answer": state.manifest.answer.model_dump(),
        },
        "retrieval": ev["retrieval"],
        "best_mode": best_mode(ev["retrieval"], metric, prefer=ev["default_mode"]),
        "answers": ev["answers"],
        "latency_ms": ev["latency_ms"],
        "rank_bm25_build_seconds": ev["rank_bm25_build_seconds"],
        "eval_seconds": eval_seconds,
        "records": ev["records"] if args.with_text else without_text(ev["records"]),
    }
    out = args.out or RESULTS / results_name(ds, kind, dataset, args.articles, qrels)
    results["out"] = str(out)
    results["markdown"] = report.write_all(results, out)
    return results


def main(argv: list[str] | None = None) -> int:
    """`python -m eval DATASET [options]`; 0 on success, 2 on a bad dataset or option."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    from rag.store import IndexError_

    try:
        results = run(args, argv)
    except (DatasetError, EvalError, IndexError_) as e:
        print(f"eval: error: {e}", file=sys.stderr)
        return 2
    print(results["markdown"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
