"""The int8 embedder gives the same vectors on x86 CPUs without VNNI as on those with it (ONNX Runtime's
saturating uint8 × int8 kernel is not used), checked under valgrind, whose emulated CPU has no AVX-512."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest

from rag.embed.onnx_backend import EXACT_INT8, session

# Run in the child, under valgrind: rag's session, and one with ONNX Runtime's defaults, over one question.
CHILD = """
import sys
from pathlib import Path
import numpy as np
import onnxruntime as ort
from rag.embed.onnx_backend import mean_pool, session

model, ids, out = Path(sys.argv[1]), np.array([int(i) for i in sys.argv[2].split(",")])[None, :], sys.argv[3]
feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
plain = ort.SessionOptions()
plain.intra_op_num_threads = plain.inter_op_num_threads = 1
runs = [session(model), ort.InferenceSession(str(model), plain, providers=["CPUExecutionProvider"])]
np.save(out, np.stack([mean_pool(s.run(["hidden"], feed)[0], feed["attention_mask"])[0] for s in runs]))
"""


def test_every_session_asks_for_exact_int8_matmuls(embedder):
    """Protects the setting itself: without it a CPU without VNNI embeds differently (the slow test below)."""
    options = session(embedder.model_file).get_session_options()
    assert options.get_session_config_entry(EXACT_INT8) == "1"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind (Debian package valgrind)")
def test_a_cpu_without_vnni_embeds_as_this_one(embedder, tokenizer, tmp_path):
    """Protects cross-machine answers: a question embedded on a CPU without VNNI (valgrind's) is the vector
    this CPU makes, so an index and its confidences do not depend on the machine. ONNX Runtime's default
    session under valgrind shows what the setting prevents (a cosine of about 0.996 on 2026-12-03)."""
    question = "What is the default page size of a new database?"
    ids = tokenizer(question)["input_ids"]
    here = embedder.encode([question])[0]
    if not _has_vnni():
        pytest.skip("this CPU has no VNNI: there is no exact reference to compare valgrind's vectors with")
    out = tmp_path / "vectors.npy"
    subprocess.run(
        ["valgrind", "-q", "--tool=none", sys.executable, "-c", CHILD, str(embedder.model_file),
         ",".join(map(str, ids)), str(out)],
        check=True, timeout=900,
    )  # fmt: skip
    exact, plain = np.load(out)
    if float(plain @ here) > 0.99999:
        pytest.skip("valgrind's CPU multiplies int8 exactly by default here: nothing to tell apart")
    assert float(exact @ here) > 0.99999
    np.testing.assert_allclose(exact, here, atol=1e-3)


def _has_vnni() -> bool:
    """Whether this CPU multiplies int8 with VNNI (AVX-512 or AVX), as Linux reports it."""
    try:
        flags = open("/proc/cpuinfo").read()
    except OSError:
        return False
    return "avx512_vnni" in flags or "avx_vnni" in flags
