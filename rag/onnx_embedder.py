"""Fast MiniLM embeddings: ONNX Runtime over a local export of the packaged model, int8-quantized."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from rag.embedder import DIMENSION, MAX_SEQ_TOKENS, MODEL_NAME, encode_sorted, load_tokenizer, model_path, weights_hash

CACHE = Path(os.environ.get("RAG_CACHE", Path.home() / ".cache" / "rag"))


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' pooling for this model: masked mean, then L2 normalization."""
    m = mask[..., None].astype(np.float32)
    summed = (hidden * m).sum(axis=1)
    vecs = summed / np.clip(m.sum(axis=1), 1e-9, None)
    return (vecs / np.clip(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)


def export(folder: Path, quantize: bool = True) -> Path:
    """Export the packaged model to ONNX (and dynamic int8) in `folder`; written aside, then renamed."""
    import torch
    from transformers import AutoModel

    folder.mkdir(parents=True, exist_ok=True)
    fp32 = folder / "model.onnx"
    if not fp32.is_file():
        bert = AutoModel.from_pretrained(str(model_path())).eval()

        class Hidden(torch.nn.Module):  # keyword call: the forward signature's order varies by version
            def __init__(self):
                super().__init__()
                self.bert = bert

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                                 token_type_ids=token_type_ids).last_hidden_state

        model = Hidden().eval()
        dummy = load_tokenizer()(["an example sentence"], return_tensors="pt")
        tmp = folder / f".model.onnx.{os.getpid()}"
        with torch.inference_mode():
            torch.onnx.export(
                model, (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]), str(tmp),
                input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["hidden"],
                dynamic_axes={n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask", "token_type_ids", "hidden")},
                opset_version=17, dynamo=False,
            )
        os.replace(tmp, fp32)
    if not quantize:
        return fp32
    int8 = folder / "model-int8.onnx"
    if not int8.is_file():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        tmp = folder / f".model-int8.onnx.{os.getpid()}"
        quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
        os.replace(tmp, int8)
    return int8


class OnnxEmbedder:
    """Same interface as `Embedder`; the ONNX model is exported on first use into the cache folder."""

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, quantize: bool = True, batch_size: int = 32, threads: int | None = None):
        self.quantize, self.batch_size = quantize, batch_size
        self.threads = threads or os.cpu_count() or 1
        self._session = None
        self._lock = threading.Lock()

    @property
    def session(self):
        if self._session is None:
            with self._lock:
                if self._session is None:
                    import onnxruntime as ort

                    path = export(CACHE / "onnx" / weights_hash()[:16], self.quantize)
                    opts = ort.SessionOptions()
                    opts.intra_op_num_threads = self.threads
                    opts.inter_op_num_threads = 1
                    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                    self._session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        return self._session

    def _run(self, texts: list[str]) -> np.ndarray:
        enc = load_tokenizer()(texts, padding=True, truncation=True, max_length=MAX_SEQ_TOKENS, return_tensors="np")
        feed = {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}
        hidden = self.session.run(["hidden"], feed)[0]
        return mean_pool(hidden, feed["attention_mask"])

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Embed `texts` in length-sorted batches; `progress(n)` after each batch."""
        return encode_sorted(texts, self._run, self.batch_size, self.dimension, progress)

    def encode_query(self, query: str) -> np.ndarray:
        return self._run([query])[0]
