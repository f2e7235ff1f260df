"""Fast MiniLM embeddings: ONNX Runtime over a local export of the packaged model, int8-quantized."""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from rag.embed.model import DIMENSION, MAX_SEQ_TOKENS, MODEL_NAME, load_tokenizer, model_path, weights_hash

CACHE = Path(os.environ.get("RAG_CACHE", Path.home() / ".cache" / "rag"))
PROGRESS_EVERY = 32  # texts between progress callbacks
EXACT_INT8 = "session.x64quantprecision"  # ONNX Runtime's uint8 × uint8 MatMuls on x86 CPUs without VNNI (`session`)
RECIPE = "3"  # changes with the export or quantization recipe, so an older cached model is not reused


def keep_fp32(node_name: str) -> bool:
    """MatMuls left in fp32: the feed-forward outputs of layers 0 and 1, whose post-GELU inputs have outliers.

    Measured on 500 passages and 500 questions of SQuAD train articles, each text run alone:
    quantizing every MatMul gives a worst cosine to fp32 of about 0.984; keeping layer 0's
    feed-forward output in fp32 gives 0.9895, and layer 1's too 0.9918 (mean 0.9961). They are
    2 of the 36 weight MatMuls.
    """
    return any(f"/layer.{i}/output/dense/" in node_name for i in (0, 1))


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' pooling for this model: masked mean, then L2 normalization."""
    m = mask[..., None].astype(np.float32)
    summed = (hidden * m).sum(axis=1)
    vecs = summed / np.clip(m.sum(axis=1), 1e-9, None)
    return (vecs / np.clip(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence the exporter's tracer warnings and the quantizer's advice: they are not the user's concern."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def export(folder: Path, quantize: bool = True) -> Path:
    """Export the packaged model to ONNX (and dynamic int8) in `folder`; written aside, then renamed."""
    with quiet():
        return _export(folder, quantize)


def _export(folder: Path, quantize: bool) -> Path:
    import torch
    from transformers import AutoModel

    folder.mkdir(parents=True, exist_ok=True)
    fp32 = folder / "model.onnx"
    if not fp32.is_file():
        # Eager attention exports as plain MatMul/Softmax: the SDPA path exports a Where/IsNaN mask
        # fix-up that took a quarter of the int8 model's time.
        bert = AutoModel.from_pretrained(str(model_path()), attn_implementation="eager").eval()

        class Hidden(torch.nn.Module):  # keyword call: the forward signature's order varies by version
            def __init__(self):
                super().__init__()
                self.bert = bert

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.bert(
                    input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
                ).last_hidden_state

        model = Hidden().eval()
        dummy = load_tokenizer()(["an example sentence"], return_tensors="pt")
        tmp = folder / f".model.onnx.{os.getpid()}"
        with torch.inference_mode():
            torch.onnx.export(
                model,
                (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
                str(tmp),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["hidden"],
                dynamic_axes={
                    n: {0: "batch", 1: "seq"} for n in ("input_ids", "attention_mask", "token_type_ids", "hidden")
                },
                opset_version=17,
                dynamo=False,
            )
        os.replace(tmp, fp32)
    if not quantize:
        return fp32
    int8 = folder / "model-int8.onnx"
    if not int8.is_file():
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        exclude = [n.name for n in onnx.load(str(fp32)).graph.node if n.op_type == "MatMul" and keep_fp32(n.name)]
        tmp = folder / f".model-int8.onnx.{os.getpid()}"
        quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=exclude)
        os.replace(tmp, int8)
    return int8


def session(model: Path):
    """A single-threaded ONNX Runtime CPU session over `model`, with every graph optimization (threads come
    from running several sessions side by side).

    Exact int8 on every x86 CPU: without VNNI (AVX2, or AVX-512 before VNNI) ONNX Runtime's fast uint8 × int8
    kernel adds pairs of products in saturating 16-bit registers, so the int8 embedder's vectors drifted from
    those of a VNNI CPU (cosine 0.995-0.997 on the seeds' questions, and a seed question's confidence moved
    across the abstention threshold). `session.x64quantprecision` runs those MatMuls as uint8 × uint8 on such
    CPUs instead (slower there, the same vectors: cosine 1.000000, largest difference 2e-4), and changes nothing
    on a VNNI CPU (bit for bit). Measured with valgrind, whose CPU has no AVX-512: tests/test_embed_isa.py.
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.add_session_config_entry(EXACT_INT8, "1")
    return ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])


class SessionPool:
    """`threads` single-threaded sessions over one ONNX model, opened on first use (`model` says which file,
    exporting it if need be), each input run alone on whichever session is free, inputs side by side."""

    def __init__(self, model: Callable[[], Path], threads: int, name: str):
        self.threads, self.name = threads, name
        self._model = model
        self._sessions: queue.SimpleQueue | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _start(self) -> tuple[queue.SimpleQueue, ThreadPoolExecutor]:
        with self._lock:
            if self._sessions is None or self._pool is None:
                model = self._model()
                sessions: queue.SimpleQueue = queue.SimpleQueue()
                for _ in range(self.threads):
                    sessions.put(session(model))
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix=self.name)
                self._sessions = sessions
            return self._sessions, self._pool

    def run(self, outputs: list[str], feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        """`outputs` of one input, on a free session, in the calling thread."""
        sessions, _ = self._start()
        s = sessions.get()
        try:
            return s.run(outputs, feed)
        finally:
            sessions.put(s)

    def map(self, fn: Callable, items: Sequence) -> Iterator:
        """fn(item) for each item, in order, on the pool's threads (fn calls `run`)."""
        _, pool = self._start()
        return pool.map(fn, items)


class OnnxEmbedder:
    """Same interface as `Embedder`; the ONNX model is exported on first use into the cache folder.

    Each text runs alone (no padding), on one of `threads` single-threaded sessions working in
    parallel. Alone matters: dynamic int8 quantizes a whole input tensor with one scale, so in a
    batch a text's vector would depend on its neighbours; this way it depends on the text only.
    """

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, quantize: bool = True, threads: int | None = None):
        self.quantize = quantize
        self.backend = "int8" if quantize else "onnx-fp32"
        self.threads = threads or os.cpu_count() or 1
        self._sessions = SessionPool(lambda: self.model_file, self.threads, "rag-embed")

    @property
    def model_file(self) -> Path:
        """The ONNX model this embedder runs (exported on first use)."""
        return export(CACHE / "onnx" / f"{weights_hash()[:16]}-r{RECIPE}", self.quantize)

    def _run_one(self, text: str) -> np.ndarray:
        enc = load_tokenizer()(text, truncation=True, max_length=MAX_SEQ_TOKENS, return_tensors="np")
        feed = {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}
        hidden = self._sessions.run(["hidden"], feed)[0]
        return mean_pool(hidden, feed["attention_mask"])[0]

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Embed `texts` in parallel, one at a time per session; `progress(n)` every few texts."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not len(texts):
            return out
        step = PROGRESS_EVERY
        for i, vec in enumerate(self._sessions.map(self._run_one, texts)):
            out[i] = vec
            if progress is not None and ((i + 1) % step == 0 or i + 1 == len(texts)):
                progress((i + 1) % step or step)
        return out

    def encode_query(self, query: str) -> np.ndarray:
        return self._run_one(query)
