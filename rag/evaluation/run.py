"""`rag eval`: evaluate retrieval (an ablation over modes), quoted answers and latency on a question set."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rag.embed.factory import BACKENDS
from rag.evaluation.datasets import load_dataset
from rag.evaluation.machine import this_cpu
from rag.evaluation.runner import evaluate, open_index, resolve_articles, restrict_corpus, results_name
from rag.evaluation.scoring import (
    CHUNK_HITS_MIN,
    DOC_DEPTH,
    MODES,
    EvalError,
    best_mode,
    dataset_kind,
    main_metric,
    parse_modes,
    subsample,
)

OUT = Path("rag-eval")  # results go to ./rag-eval/<dataset>/ unless --out says otherwise


def rank_bm25_installed() -> bool:
    try:
        import rank_bm25  # noqa: F401
    except ImportError:
        return False
    return True


def default_modes() -> list[str]:
    """Every ablation mode; the rank-bm25 baseline only where its package is installed."""
    return [m for m in MODES if m != "rank-bm25" or rank_bm25_installed()]


def build_parser(prog: str = "rag eval", out: Path = OUT, docs: Path | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Evaluate retrieval (an ablation over modes), quoted answers and latency on a dataset; "
        "writes results.json, results.md and ablation.png and prints the Markdown.",
    )
    p.add_argument(
        "dataset", metavar="DATASET", help="our questions .jsonl, a SQuAD v1.1/v2.0 .json file, or a BEIR folder"
    )
    p.add_argument(
        "--articles",
        metavar="train|test|NAME,...",
        help="SQuAD only: keep the questions of these articles (train/test: split.json beside the file)",
    )
    p.add_argument(
        "--corpus-articles",
        metavar="train|test|NAME,...",
        help="SQuAD only: index only these articles' paragraphs; questions about the others are out-of-corpus "
        "(scored as unanswerable: they should abstain)",
    )
    p.add_argument("--qrels", default=None, metavar="SPLIT", help="BEIR only: qrels split (default test)")
    p.add_argument(
        "--docs",
        type=Path,
        metavar="DIR",
        help="our .jsonl only: the corpus folder to index" + (f" (default {docs})" if docs else ""),
    )
    p.add_argument(
        "--index",
        type=Path,
        metavar="DIR",
        help="index folder to reuse or build (default: a cache folder, $RAG_EVAL_CACHE or ~/.cache/rag/eval)",
    )
    p.add_argument("--limit", type=int, metavar="N", help="evaluate a fixed seeded random subsample of N questions")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the --limit subsample (default 0)")
    p.add_argument(
        "--k",
        type=int,
        default=10,
        help=f"retrieval depth: chunk hits per search are max(K, {CHUNK_HITS_MIN}); "
        f"the document ranking is cut at {DOC_DEPTH} (default 10)",
    )
    p.add_argument(
        "--modes",
        default=None,
        help=f"ablation modes, some of {','.join(MODES)} (default: all; rank-bm25 when installed)",
    )
    p.add_argument("--out", type=Path, metavar="DIR", help=f"output folder (default {out}/<dataset>)")
    p.add_argument(
        "--embedder",
        choices=BACKENDS,
        default=None,
        help="embedder backend: int8 (default, or $RAG_EMBEDDER) or the fp32 reference",
    )
    p.add_argument(
        "--no-answers", action="store_true", help="retrieval only (automatic for BEIR, which has no answer strings)"
    )
    p.add_argument(
        "--with-text",
        action="store_true",
        help="keep question, gold and predicted texts in the per-question records "
        "(off by default: results of third-party datasets stay free of their text)",
    )
    p.set_defaults(out_root=out, prog=prog, default_docs=docs)
    return p


TEXT_FIELDS = ("question", "golds", "prediction", "quote_text")


def without_text(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-question records with ids, ranks and scores only (no dataset or document text)."""
    return [{k: v for k, v in r.items() if k not in TEXT_FIELDS} for r in records]


def run(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    """Load, index, evaluate and write the reports; returns the results dict (Markdown under "markdown")."""
    from rag.evaluation import report

    dataset = Path(args.dataset)
    kind = dataset_kind(dataset)
    if args.modes is None:
        modes = default_modes()
        if "rank-bm25" not in modes:
            print(
                "note: rank-bm25 is not installed, so its baseline row is left out (pip install rank-bm25)",
                file=sys.stderr,
            )
    else:
        modes = parse_modes(args.modes)
    if args.k < 1:
        raise EvalError(f"--k must be at least 1, got {args.k}")
    if args.limit is not None and args.limit < 1:
        raise EvalError(f"--limit must be at least 1, got {args.limit}")
    if args.articles is not None and kind != "squad":
        raise EvalError("--articles applies to SQuAD .json files only")
    if args.corpus_articles is not None and kind != "squad":
        raise EvalError("--corpus-articles applies to SQuAD .json files only")
    if args.qrels is not None and kind != "beir":
        raise EvalError("--qrels applies to BEIR folders only")
    if args.docs is not None and kind != "jsonl":
        raise EvalError("--docs applies to our .jsonl question files only (SQuAD and BEIR bring their corpus)")
    docs = (args.docs or args.default_docs) if kind == "jsonl" and args.index is None else args.docs
    qrels = args.qrels or "test"
    articles, skip_missing = resolve_articles(dataset, args.articles) if kind == "squad" else (None, False)
    ds = load_dataset(dataset, articles=articles, qrels=qrels, skip_missing=skip_missing)
    if not ds.questions:
        raise EvalError(f"{dataset}: no questions to evaluate")
    out_of_corpus = None
    if args.corpus_articles is not None:
        corpus, _ = resolve_articles(dataset, args.corpus_articles)
        ds, out_of_corpus = restrict_corpus(ds, corpus or [])
    questions, note = subsample(ds.questions, args.limit, args.seed)
    answers = not args.no_answers and kind != "beir"

    t = time.perf_counter()
    index = open_index(ds, kind, dataset, docs, args.index, args.embedder)
    index_seconds = time.perf_counter() - t
    t = time.perf_counter()
    ev = evaluate(index, questions, modes, args.k, answers, desc=f"eval {ds.name}")
    eval_seconds = time.perf_counter() - t

    metric = main_metric(kind)
    results: dict[str, Any] = {
        "command": shlex.join([*args.prog.split(), *argv]),
        "argv": list(argv),
        "sys_argv": list(sys.argv),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": this_cpu(),
        "dataset": {
            "path": str(dataset.resolve()),
            "name": ds.name,
            "kind": kind,
            "articles": args.articles,
            "articles_count": len(articles) if articles else None,
            "qrels": qrels if kind == "beir" else None,
            "questions_in_file": len(ds.questions),
            "corpus_articles": args.corpus_articles,
            "out_of_corpus_questions": out_of_corpus,
        },
        "questions": len(questions),
        "answerable": sum(1 for q in questions if q.answerable),
        "with_gold_docs": sum(1 for q in questions if q.relevant),
        "subsample": {"limit": args.limit, "seed": args.seed if args.limit else None, "note": note},
        "index": {
            **index.stats().model_dump(),
            "docs": str(docs) if docs else None,
            "seconds": index_seconds,
            "embedder_backend": index.embedder.backend,
        },
        "settings": {
            "k": args.k,
            "chunk_hits": ev["chunk_hits"],
            "doc_depth": DOC_DEPTH,
            "modes": modes,
            "default_mode": ev["default_mode"],
            "main_metric": metric,
            "answers": answers,
            "weights": ev["weights"],
            "build": index.build_settings.model_dump(),
            "search": index.settings.model_dump(),
            "answer": index.answer_settings.model_dump(),
        },
        "retrieval": ev["retrieval"],
        "best_mode": best_mode(ev["retrieval"], metric, prefer=ev["default_mode"]),
        "answers": ev["answers"],
        "latency_ms": ev["latency_ms"],
        "rank_bm25_build_seconds": ev["rank_bm25_build_seconds"],
        "eval_seconds": eval_seconds,
        "records": ev["records"] if args.with_text else without_text(ev["records"]),
    }
    out = args.out or args.out_root / results_name(ds, kind, dataset, args.articles, qrels)
    results["out"] = str(out)
    results["markdown"] = report.write_all(results, out)
    return results


def main(argv: list[str] | None = None, prog: str = "rag eval", out: Path = OUT, docs: Path | None = None) -> int:
    """`rag eval DATASET [options]`; 0 on success, 2 on a bad dataset, option or index.

    `prog`, `out` and `docs` are the defaults of the repository's `python -m eval` (see eval/).
    """
    from rag.errors import RagError

    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(prog, out, docs).parse_args(argv)
    try:
        results = run(args, argv)
    except RagError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    print(results["markdown"])
    print(f"results written to {results['out']}/ (results.json, results.md)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
