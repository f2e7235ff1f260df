"""Run the reader network with ONNX Runtime: an fp32 export of its weights, made once into the cache."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rag.answer.reader.features import Window
from rag.embed.model import file_sha256
from rag.embed.onnx_backend import CACHE, SessionPool, quiet

RECIPE = "1"  # changes with the export recipe, so an older cached export is not reused
MAX_SESSIONS = 8  # each session holds its own 90 MB copy of the weights; a question has about 4 windows
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_reader(weights: Path, folder: Path) -> Path:
    """The reader at `weights` as ONNX in `folder` (exported unless already there; written aside, then renamed).

    fp32, not int8: the export gives the torch network's logits (within 2e-5) 2.6 times as fast on two cores, and
    dynamic int8 moved a window's best start or end token for 3.7% of windows (`python -m eval.reader_runtime`).
    """
    target = folder / "reader.onnx"
    if target.is_file():
        return target
    import torch

    from rag.answer.reader.model import load_reader

    folder.mkdir(parents=True, exist_ok=True)
    # Eager attention exports as plain MatMul/Softmax (the SDPA path adds a mask fix-up that costs time).
    network = load_reader(weights, attention="eager")

    class Logits(torch.nn.Module):  # keyword call and a plain (start, end) tuple out
        def __init__(self):
            super().__init__()
            self.network = network

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.network(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.start_logits, out.end_logits

    ids = torch.tensor([[101, 2054, 102, 1037, 6019, 102]])
    tmp = folder / f".reader.onnx.{os.getpid()}.{threading.get_ident()}"  # one per exporter; the rename is atomic
    with quiet(), torch.inference_mode():
        torch.onnx.export(
            Logits().eval(),
            (ids, torch.ones_like(ids), torch.tensor([[0, 0, 0, 1, 1, 1]])),
            str(tmp),
            input_names=list(INPUTS),
            output_names=["start", "end"],
            dynamic_axes={n: {0: "batch", 1: "seq"} for n in (*INPUTS, "start", "end")},
            opset_version=17,
            dynamo=False,
        )
    os.replace(tmp, target)
    return target


def exported(weights: Path) -> Path:
    """The cached ONNX export of the reader at `weights` (made now if missing)."""
    return export_reader(weights, CACHE / "onnx" / f"reader-{file_sha256(weights)[:16]}-r{RECIPE}")


class OnnxReaderNetwork:
    """Start and end logits of reader windows, each window run alone (no padding) on one of `threads`
    single-threaded sessions working in parallel; exported from `weights` on first use (`model`: another ONNX
    file of the same network to run instead, e.g. a quantized one being measured)."""

    def __init__(self, weights: Path, threads: int | None = None, model: Path | None = None):
        self.weights, self.model = weights, model
        self.threads = threads or min(os.cpu_count() or 1, MAX_SESSIONS)
        self._sessions = SessionPool(lambda: self.model or exported(self.weights), self.threads, "rag-reader")

    def logits(self, flat: Sequence[Window]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each window's start and end logits (one per token), in order."""

        def run(w: Window) -> tuple[np.ndarray, np.ndarray]:
            ids = np.asarray([w.input_ids], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            feed["token_type_ids"] = np.asarray([w.token_type_ids], dtype=np.int64)
            start, end = self._sessions.run(["start", "end"], feed)
            return start[0], end[0]

        return list(self._sessions.map(run, flat))
