"""Where the int8 embedder's time goes on this CPU, and whether ONNX Runtime's BERT fusions make it faster."""

from __future__ import annotations

import argparse
import collections
import json
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.evaluation.report import write_pair

REPO = Path(__file__).resolve().parents[1]
SQUAD_DEV = REPO.parent / "shared" / "data" / "squad" / "dev-v1.1.json"


def op_shares(trace: list[dict[str, Any]]) -> dict[str, float]:
    """Share of kernel time per operator type in an ONNX Runtime profile trace, largest first."""
    total: collections.Counter = collections.Counter()
    for event in trace:
        if event.get("cat") == "Node" and event.get("name", "").endswith("_kernel_time"):
            total[event["args"]["op_name"]] += event["dur"]
    whole = sum(total.values()) or 1
    return {op: t / whole for op, t in total.most_common()}


def session(path: Path, profile_in: Path | None = None):
    """One single-threaded session, as the embedder runs them (profiled into `profile_in` if given)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if profile_in is not None:
        opts.enable_profiling = True
        opts.profile_file_prefix = str(profile_in / "profile")
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def feeds(texts: Sequence[str]) -> list[dict[str, np.ndarray]]:
    from rag.embed.model import MAX_SEQ_TOKENS, load_tokenizer

    tok = load_tokenizer()
    encoded = (tok(t, truncation=True, max_length=MAX_SEQ_TOKENS, return_tensors="np") for t in texts)
    return [{k: e[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")} for e in encoded]


def per_thread_rate(path: Path, inputs: list[dict[str, np.ndarray]]) -> float:
    """Passages per second of one single-threaded session, after one untimed pass."""
    s = session(path)
    for _ in range(2):
        t = time.perf_counter()
        for feed in inputs:
            s.run(None, feed)
    return len(inputs) / (time.perf_counter() - t)


def fused_int8(fp32: Path, folder: Path) -> Path:
    """The fp32 export with ORT's BERT fusions (Attention, SkipLayerNorm, BiasGelu), then the product's quantization."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    from rag.embed.onnx_backend import keep_fp32, quiet

    with quiet():
        optimize_model(str(fp32), model_type="bert", num_heads=12, hidden_size=384).save_model_to_file(
            str(folder / "fused.onnx")
        )
        exclude = [
            n.name
            for n in onnx.load(str(folder / "fused.onnx")).graph.node
            if n.op_type == "MatMul" and keep_fp32(n.name)
        ]
        quantize_dynamic(
            str(folder / "fused.onnx"),
            str(folder / "fused-int8.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_exclude=exclude,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    return folder / "fused-int8.onnx"


def markdown(r: dict[str, Any]) -> str:
    out = [
        "# The int8 embedder on this CPU",
        "",
        f"- command: `{r['command']}`",
        f"- cpu: {r['cpu']}",
        f"- passages: {r['passages']} SQuAD v1.1 dev paragraphs, each run alone on one single-threaded session",
        "",
        "| model | passages/s per thread |",
        "|---|---:|",
    ]
    out += [f"| {name} | {rate:.1f} |" for name, rate in r["rates"].items()]
    out += ["", "Share of the int8 model's kernel time by operator:", "", "| operator | share |", "|---|---:|"]
    out += [f"| {op} | {share:.1%} |" for op, share in r["int8_op_shares"].items() if share >= 0.005]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m eval.onnx_profile", description=__doc__)
    ap.add_argument("--passages", type=int, default=200)
    ap.add_argument("--out", type=Path, required=True, help="folder for onnx_profile.json and .md")
    args = ap.parse_args(argv)
    from rag.embed.onnx_backend import OnnxEmbedder
    from rag.evaluation.machine import this_cpu

    squad = json.loads(SQUAD_DEV.read_text(encoding="utf-8"))
    texts = [p["context"] for a in squad["data"] for p in a["paragraphs"]][: args.passages]
    inputs = feeds(texts)
    int8 = OnnxEmbedder().model_file
    fp32 = OnnxEmbedder(quantize=False).model_file
    with tempfile.TemporaryDirectory() as tmp:
        rates = {
            "fp32 ONNX": per_thread_rate(fp32, inputs),
            "int8 (the product's)": per_thread_rate(int8, inputs),
            "int8 after ORT BERT fusions": per_thread_rate(fused_int8(fp32, Path(tmp)), inputs),
        }
        profiled = session(int8, profile_in=Path(tmp))
        for feed in inputs:
            profiled.run(None, feed)
        trace = json.loads(Path(profiled.end_profiling()).read_text())
    result = {
        "command": shlex.join(["python", "-m", "eval.onnx_profile", *argv]),
        "cpu": this_cpu(),
        "passages": len(texts),
        "rates": rates,
        "int8_op_shares": op_shares(trace),
    }
    write_pair(args.out, "onnx_profile", result, markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
