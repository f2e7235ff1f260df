"""The int8 ONNX embedder (the default) against the fp32 sentence-transformers reference it replaces."""

from __future__ import annotations

import numpy as np
import onnx
import pytest

from rag.embed import load_embedder
from rag.embed.onnx_backend import keep_fp32
from rag.index import Index


@pytest.fixture(scope="module")
def seed_texts(seeds_index):
    index = seeds_index[0]
    return [index.snapshot().chunk_text(r) for r in range(len(index.snapshot().ids))]


def test_int8_vectors_agree_with_fp32(embedder, fp32_embedder, seed_texts, seeds_dev):
    """Protects the quality gate in small: every seeds passage and question within cosine 0.99 of fp32."""
    assert embedder.backend == "int8" and fp32_embedder.backend == "fp32"
    texts = seed_texts + [q["question"] for q in seeds_dev]
    a, b = embedder.encode(texts), fp32_embedder.encode(texts)
    assert a.dtype == np.float32 and a.shape == b.shape
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert (a * b).sum(axis=1).min() >= 0.99


def test_int8_and_fp32_rank_the_same_passages(seeds_index, embedder, fp32_embedder, seeds_dev):
    """Protects retrieval parity: dense search with either backend puts the same passage first."""
    docs = seeds_index[0].documents()
    fast, ref = Index.in_memory(embedder=embedder), Index.in_memory(embedder=fp32_embedder)
    fast.add_documents(docs)
    ref.add_documents(docs)
    for q in seeds_dev:
        a = [h.chunk_id for h in fast.search(q["question"], k=5, mode="dense")]
        b = [h.chunk_id for h in ref.search(q["question"], k=5, mode="dense")]
        assert a[0] == b[0], q["id"]
        assert len(set(a) & set(b)) >= 4, q["id"]


def test_an_index_built_with_int8_opens_with_fp32(seeds_index, fp32_embedder):
    """Protects compatibility: both backends are one model, so either searches the other's index."""
    index, _, where, _ = seeds_index
    assert index.snapshot().manifest.embedder.backend == "int8"
    reopened = Index.open(where, create=False, embedder=fp32_embedder)
    question = "Who is the head of the Chinese Communist Party's International Department?"
    assert reopened.search(question, k=1)[0].chunk_id == index.search(question, k=1)[0].chunk_id


def test_only_layer0_ffn_output_stays_fp32(embedder):
    """Protects the quantization recipe: the two outlier-prone MatMuls in fp32, the rest int8."""
    graph = onnx.load(str(embedder.model_file)).graph
    weights = {i.name for i in graph.initializer}
    plain = [n.name for n in graph.node if n.op_type == "MatMul" and n.input[1] in weights]
    quantized = [n for n in graph.node if n.op_type == "MatMulInteger"]
    assert plain == [f"/bert/encoder/layer.{i}/output/dense/MatMul" for i in (0, 1)] and all(map(keep_fp32, plain))
    assert len(quantized) == 6 * 6 - 2  # q, k, v, attention out, ffn in, ffn out in each of 6 layers


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="int8, fp32"):
        load_embedder("fp16")
