"""Run questions through an index: each ablation mode's document ranking, `ask`, and per-question records."""

from __future__ import annotations

import hashlib
import re
import sys
import time
from pathlib import Path
from typing import Any

from rag.evaluation.datasets import Dataset, Question, split_articles
from rag.evaluation.scoring import (
    CHUNK_HITS_MIN,
    EvalError,
    aggregate_answers,
    aggregate_retrieval,
    answer_row,
    doc_ranking,
    fusion_weights,
    gold_rank,
    latency_summary,
    retrieval_row,
)

# ---------------------------------------------------------------- the baseline


class RankBM25Baseline:
    """rank_bm25.BM25Okapi over the index's own chunk texts and tokenizer: only the BM25 code differs."""

    def __init__(self, index) -> None:
        try:
            from rank_bm25 import BM25Okapi
        except ImportError:
            raise EvalError(
                "mode rank-bm25 needs the rank-bm25 package (pip install rank-bm25); or leave it out with --modes"
            ) from None
        import numpy as np

        from rag.retrieve.tokenize import tokenize

        build = index.build_settings
        t = time.perf_counter()
        passages = index.indexed_passages()
        texts = [text for _, text in passages]
        self.doc_of = [doc_id for doc_id, _ in passages]
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


def search_docs(
    index, question: str, mode: str, chunk_hits: int, settings: dict, baseline
) -> tuple[list[str], dict[str, float]]:
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


def evaluate(
    index, questions: list[Question], modes: list[str], k: int, answers: bool, desc: str = "eval"
) -> dict[str, Any]:
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
        rec: dict[str, Any] = {
            "id": q.id,
            "question": q.question,
            "golds": q.answers,
            "relevant": q.relevant,
            "gold_rank": {},
        }
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
            row = answer_row(q.answers, ans.found, ans.text, top.text if top else None)
            answer_rows.append(row)
            rec.update(
                {
                    "prediction": row["prediction"],
                    "found": ans.found,
                    "confidence": ans.confidence,
                    "basis": ans.basis,
                    "quote_doc": top.doc_id if top else None,
                    "quote_correct": row["quote_correct"],
                    "em": row["em"],
                    "f1": row["f1"],
                }
            )
            if top is not None:
                rec["quote_text"] = top.text
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
    from rag.evaluation.indexes import CACHE

    key = hashlib.sha256(f"{docs.resolve()}\0{build.model_dump_json()}\0{backend}".encode()).hexdigest()[:16]
    return CACHE / f"docs-{docs.resolve().name}-{key}"


def restrict_corpus(ds: Dataset, articles: list[str]) -> tuple[Dataset, int]:
    """The dataset with only these articles' paragraphs indexed; a question whose gold paragraph is left
    out becomes out-of-corpus: unanswerable, no gold document. Returns it and how many questions changed."""
    import dataclasses

    keep = set(articles)
    documents = [d for d in ds.documents or [] if d.id.rsplit("#", 1)[0] in keep]
    ids = {d.id for d in documents}
    questions, moved = [], 0
    for q in ds.questions:
        if q.relevant and not set(q.relevant) & ids:
            q = dataclasses.replace(q, answers=[], relevant={})
            moved += 1
        questions.append(q)
    return dataclasses.replace(ds, name=f"{ds.name}-corpus", documents=documents, questions=questions), moved


def open_index(
    ds: Dataset, kind: str, dataset: Path, docs: Path | None, index_dir: Path | None, backend: str | None = None
):
    """The index to evaluate against (built or brought up to date as needed)."""
    from rag.evaluation.indexes import shared_embedder
    from rag.index import Index
    from rag.settings import AnswerSettings, BuildSettings, SearchSettings
    from rag.ui.progress import progress_bar

    if ds.documents is not None:
        if index_dir is None:
            from rag.evaluation.indexes import dataset_index

            name = squad_index_name(dataset) if kind == "squad" else ds.name
            return dataset_index(name, ds.documents, embedder=shared_embedder(backend))
        index = Index.open(index_dir, embedder=shared_embedder(backend))
        if len(index) != len(ds.documents):
            index.add_documents(ds.documents, progress=progress_bar(f"indexing {ds.name}"))
        return index
    if index_dir is not None and docs is None:
        index = Index.open(index_dir, create=False, embedder=shared_embedder(backend))
        if not len(index):
            raise EvalError(f"index {index_dir} holds no documents: pass --docs DIR to index them")
        return index
    if docs is None:
        raise EvalError("a .jsonl question file needs its corpus: pass --docs DIR (or --index DIR of an index of it)")
    if not docs.is_dir():
        raise EvalError(f"--docs {docs}: no such folder")
    if index_dir is None:
        build = BuildSettings()
        # The eval's own cache: always the package's current search and answer defaults.
        index = Index.open(
            docs_cache_folder(docs, build, shared_embedder(backend).backend),
            build=build,
            embedder=shared_embedder(backend),
            search=SearchSettings(),
            answer=AnswerSettings(),
        )
    else:
        index = Index.open(index_dir, embedder=shared_embedder(backend))
    index.add([docs], root=docs, progress=progress_bar(f"indexing {docs}"))
    if not len(index):
        raise EvalError(f"--docs {docs}: no document could be indexed")
    return index
