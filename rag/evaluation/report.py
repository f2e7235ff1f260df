"""Write an evaluation's results: results.json, a Markdown report and a bar chart of the retrieval ablation."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

CHART_METRICS: tuple[tuple[str, str], ...] = (
    ("recall@1", "recall@1"),
    ("recall@5", "recall@5"),
    ("mrr@10", "MRR@10"),
    ("ndcg@10", "nDCG@10"),
)
TABLE_METRICS: tuple[tuple[str, str], ...] = (
    ("recall@1", "recall@1"),
    ("recall@5", "recall@5"),
    ("recall@10", "recall@10"),
    ("mrr@10", "MRR@10"),
    ("ndcg@10", "nDCG@10"),
)
STAGES: tuple[str, ...] = ("embed", "bm25", "faiss", "fusion", "reader", "quotes", "total")
METRIC_NAMES = dict(TABLE_METRICS)


def clean(obj: Any) -> Any:
    """`obj` with NaN and infinities replaced by None, so the JSON is standard."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    return obj


def write_json(results: dict[str, Any], path: Path) -> None:
    """Everything, as indented standard JSON."""
    path.write_text(json.dumps(clean(results), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_pair(out: Path, name: str, results: dict[str, Any], markdown: str) -> None:
    """A benchmark's `name`.json and `name`.md in `out` (made if missing), and the Markdown printed."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(clean(results), indent=2) + "\n", encoding="utf-8")
    (out / f"{name}.md").write_text(markdown, encoding="utf-8")
    print(markdown)


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for a table cell; "–" for a missing one."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{value:.{digits}f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (numbers right-aligned)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def retrieval_section(results: dict[str, Any]) -> list[str]:
    """The ablation table (one row per mode, best value per column in bold) and the default-mode note."""
    retrieval = results["retrieval"]
    settings = results["settings"]
    default = settings["default_mode"]
    n = next(iter(retrieval.values()))["questions"] if retrieval else 0
    best = {m: max((r[m] for r in retrieval.values() if r[m] is not None), default=None) for m, _ in TABLE_METRICS}
    rows = []
    for mode, r in retrieval.items():
        name = f"{mode} (default)" if r.get("default") else mode
        cells = []
        for m, _ in TABLE_METRICS:
            cell = fmt(r[m])
            cells.append(f"**{cell}**" if r[m] is not None and r[m] == best[m] and len(retrieval) > 1 else cell)
        lat = results["latency_ms"].get(mode, {}).get("total", {})
        rows.append([name, *cells, fmt(lat.get("p50"), 2)])
    out = [
        f"## Retrieval ablation (document level, {n} questions with a gold document)",
        "",
        table(["mode", *[label for _, label in TABLE_METRICS], "p50 ms"], rows),
        "",
        f"Chunk hits per search: {settings['chunk_hits']}; documents ranked by their first hit, cut at "
        f"{settings['doc_depth']}. Best value per column in bold.",
    ]
    weights = settings.get("weights") or {}
    if weights:
        out.append("Fusion weights: " + "; ".join(f"{m} {json.dumps(w)}" for m, w in weights.items()) + ".")
    metric = settings["main_metric"]
    best_mode = results.get("best_mode")
    if default in retrieval and best_mode and best_mode != default:
        b, d = retrieval[best_mode][metric], retrieval[default][metric]
        if b is not None and d is not None and b > d:
            out += [
                "",
                f"**Note:** the default mode ({default}) is not the best here on {METRIC_NAMES[metric]}: "
                f"{best_mode} scores {fmt(b)} against {fmt(d)}.",
            ]
    return out


def answers_section(results: dict[str, Any]) -> list[str]:
    """EM/F1 by subset, then quote accuracy and abstention."""
    a = results.get("answers")
    if a is None:
        return ["## Answers", "", "Not evaluated (retrieval only: --no-answers, or a dataset without answer strings)."]
    rows = [
        [label, str(a[key]["questions"]), fmt(a[key]["em"]), fmt(a[key]["f1"])]
        for key, label in (("all", "all"), ("has_ans", "HasAns"), ("no_ans", "NoAns"))
    ]
    qa, qd, ab = a["quote_accuracy"], a["quote_accuracy_answered"], a["abstention"]
    facts = [
        [
            "quote accuracy (answerable; an abstention counts as wrong)",
            fmt(qa["value"]),
            f"{qa['correct']}/{qa['questions']}",
        ],
        ["quote accuracy (answered questions only)", fmt(qd["value"]), f"{qd['correct']}/{qd['questions']}"],
        *(
            [["gold answer inside Answer.text (answerable)", fmt(g["value"]), f"{g['correct']}/{g['questions']}"]]
            if (g := a.get("answer_holds_gold"))
            else []
        ),
        ["abstention precision", fmt(ab["precision"]), f"{ab['correct_abstentions']}/{ab['abstentions']}"],
        ["abstention recall", fmt(ab["recall"]), f"{ab['correct_abstentions']}/{ab['unanswerable']}"],
    ]
    out = [
        '## Answers (`index.ask`, default settings; prediction = `Answer.text`, the short answer, "" when abstaining)',
        "",
        table(["subset", "questions", "EM", "F1"], rows),
        "",
        table(["measure", "value", "count"], facts),
    ]
    return out


def latency_section(results: dict[str, Any]) -> list[str]:
    """p50 / p95 milliseconds per stage, one row per mode and one for ask."""
    rows = []
    for mode, stages in results["latency_ms"].items():
        cells = [f"{fmt(stages[s]['p50'], 2)} / {fmt(stages[s]['p95'], 2)}" if s in stages else "–" for s in STAGES]
        rows.append([mode, *cells])
    return ["## Latency (ms, p50 / p95 per question)", "", table(["mode", *STAGES], rows)]


def markdown(results: dict[str, Any]) -> str:
    """The whole report as Markdown: header, retrieval ablation, answers, latency."""
    ds, idx = results["dataset"], results["index"]
    head = [
        f"# Evaluation: {ds['name']}",
        "",
        f"- command: `{results['command']}`",
        f"- date: {results['date']}" + (f" on {results['cpu']}" if results.get("cpu") else ""),
        f"- dataset: {ds['path']} ({ds['kind']}"
        + (f", articles {ds['articles']}" if ds.get("articles") else "")
        + (f", qrels {ds['qrels']}" if ds.get("qrels") else "")
        + ")",
        f"- questions: {results['questions']} ({results['subsample']['note']}); "
        + (f"{results['answerable']} answerable, " if results.get("answers") else "")
        + f"{results['with_gold_docs']} with a gold document",
        f"- index: {idx['documents']} documents, {idx['chunks']} passages, {idx['embedder']}"
        + (f" ({idx['embedder_backend']})" if idx.get("embedder_backend") else ""),
        "",
    ]
    parts = [head, retrieval_section(results), [""], answers_section(results), [""], latency_section(results)]
    return "\n".join(line for part in parts for line in part) + "\n"


def bar_chart(results: dict[str, Any], path: Path) -> None:
    """Grouped bars of recall@1, recall@5, MRR@10 and nDCG@10 per mode (Agg canvas, no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    retrieval = results["retrieval"]
    modes = list(retrieval)
    labels = [f"{m}\n(default)" if retrieval[m].get("default") else m for m in modes]
    fig = Figure(figsize=(max(6.0, 1.6 * len(modes) + 2), 4.5), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    width = 0.8 / len(CHART_METRICS)
    for i, (metric, label) in enumerate(CHART_METRICS):
        xs = [j + (i - (len(CHART_METRICS) - 1) / 2) * width for j in range(len(modes))]
        values = [retrieval[m][metric] or 0.0 for m in modes]
        bars = ax.bar(xs, values, width, label=label)
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7, padding=1)
    ax.set_xticks(range(len(modes)), labels)
    ax.set_ylim(0, 1.22)
    ax.set_ylabel("score")
    n = next(iter(retrieval.values()))["questions"] if retrieval else 0
    ax.set_title(f"{results['dataset']['name']}: retrieval ablation ({n} questions)")
    ax.legend(loc="upper center", ncol=len(CHART_METRICS), fontsize=8, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)


def write_all(results: dict[str, Any], out: Path) -> str:
    """results.json, results.md and (with matplotlib) ablation.png in `out` (created); returns the Markdown."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    md = markdown(clean(results))
    write_json(results, out / "results.json")
    (out / "results.md").write_text(md, encoding="utf-8")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print(
            "note: matplotlib is not installed, so ablation.png was not drawn (pip install 'rag[eval]')",
            file=sys.stderr,
        )
    else:
        bar_chart(clean(results), out / "ablation.png")
    return md
