"""How the reader runs fastest with the same answers: torch, its fp32 ONNX export (the product's) and dynamic int8.

    python -m eval.reader_runtime --questions 80 --out eval/results/reader

Questions of the held-out train articles (never the test ones), each with the windows of the 4 passages rag
retrieves for it over the train articles' paragraphs. Per backend: milliseconds per question (all its windows,
after a warm-up), the largest logit difference from torch, and the share of windows whose best start and end token
are torch's.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eval.fit_answers import corpus
from eval.train_reader import held_out_titles, load_examples
from rag.evaluation.report import fmt, write_pair

REPO = Path(__file__).resolve().parents[1]


def agreement(reference: list[list[tuple]], other: list[list[tuple]], lengths: list[list[int]]) -> dict[str, float]:
    """Largest |logit difference| and share of windows with the same best start and end token, over each
    window's own tokens (torch pads a batch to its longest window)."""
    same, worst = [], 0.0
    for ref_q, other_q, len_q in zip(reference, other, lengths):
        for (rs, re_), (os_, oe), n in zip(ref_q, other_q, len_q):
            worst = max(worst, float(np.abs(rs[:n] - os_[:n]).max()), float(np.abs(re_[:n] - oe[:n]).max()))
            same.append(np.argmax(rs[:n]) == np.argmax(os_[:n]) and np.argmax(re_[:n]) == np.argmax(oe[:n]))
    return {"max_abs_logit_diff": worst, "same_best_tokens": float(np.mean(same))}


def timed(run, items: list) -> tuple[list, float]:
    """`run` over every item (after one warm-up call) and the mean milliseconds per item."""
    run(items[0])
    started = time.perf_counter()
    out = [run(x) for x in items]
    return out, (time.perf_counter() - started) * 1000 / len(items)


def markdown(r: dict[str, Any]) -> str:
    lines = [
        "# Reader runtime",
        "",
        f"- command: `{r['command']}`",
        f"- cpu: {r['cpu']}; {r['questions']} held-out train-article questions, {r['windows_per_question']:.1f} "
        f"windows ({r['tokens_per_question']:.0f} tokens) each over {r['passages']} retrieved passages",
        "",
        "| backend | ms per question | × torch | max logit diff | same best start and end |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, b in r["backends"].items():
        lines.append(
            f"| {name} | {b['ms_per_question']:.1f} | {r['backends']['torch fp32']['ms_per_question'] / b['ms_per_question']:.2f} "
            f"| {fmt(b.get('max_abs_logit_diff'), 6)} | {fmt(b.get('same_best_tokens'))} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m eval.reader_runtime", description=__doc__.split("\n\n")[0])
    ap.add_argument("--squad", type=Path, default=REPO.parent / "shared" / "data" / "squad")
    ap.add_argument("--questions", type=int, default=80)
    ap.add_argument("--passages", type=int, default=4)
    ap.add_argument("--out", type=Path, required=True, help="folder for runtime.json and runtime.md")
    args = ap.parse_args(argv)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from rag.answer.reader.features import windows
    from rag.answer.reader.model import WEIGHTS
    from rag.answer.reader.reader import Reader
    from rag.answer.reader.runtime import OnnxReaderNetwork, exported
    from rag.evaluation.machine import this_cpu
    from rag.index import Index

    examples = load_examples(args.squad)
    held = held_out_titles([e.title for e in examples])
    asked = [e for e in examples if e.title in held and e.span is not None]
    asked = asked[:: max(1, len(asked) // args.questions)][: args.questions]
    index = Index.in_memory()
    index.add_documents(corpus(examples, set()))
    torch_reader = Reader(backend="torch")
    items = [
        windows(torch_reader.tokenizer, e.question, [h.text for h in hits], torch_reader.max_len, torch_reader.stride)
        for e, hits in zip(asked, index.search_many([e.question for e in asked], k=args.passages))
    ]
    lengths = [[len(w.input_ids) for w in ws] for ws in items]
    reference, torch_ms = timed(torch_reader.logits, items)
    backends: dict[str, dict[str, float]] = {"torch fp32": {"ms_per_question": torch_ms}}
    onnx = OnnxReaderNetwork(WEIGHTS)
    out, ms = timed(onnx.logits, items)
    backends["ONNX fp32 (shipped)"] = {"ms_per_question": ms, **agreement(reference, out, lengths)}
    with tempfile.TemporaryDirectory() as tmp:
        int8 = Path(tmp) / "reader-int8.onnx"
        quantize_dynamic(str(exported(WEIGHTS)), str(int8), weight_type=QuantType.QInt8, per_channel=True)
        out, ms = timed(OnnxReaderNetwork(WEIGHTS, model=int8).logits, items)
    backends["ONNX dynamic int8"] = {"ms_per_question": ms, **agreement(reference, out, lengths)}
    result = {
        "command": shlex.join(["python", "-m", "eval.reader_runtime", *argv]),
        "date": time.strftime("%Y-%m-%d"),
        "cpu": this_cpu(),
        "questions": len(items),
        "passages": args.passages,
        "windows_per_question": float(np.mean([len(x) for x in lengths])),
        "tokens_per_question": float(np.mean([sum(x) for x in lengths])),
        "backends": backends,
    }
    write_pair(args.out, "runtime", result, markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
