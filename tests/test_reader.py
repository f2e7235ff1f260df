"""The reader's pieces: window labels, span decoding, shipped weights, training smoke run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.reader.features import pad, windows
from rag.answer.reader.spans import best_span
from rag.embed.model import load_tokenizer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CONTEXT = (
    "The Chinese delegation was led by Liu Jianchao, the head of the Chinese Communist Party's "
    "International Department. Wang Yi is expected to visit Japan next month."
)


def test_labels_point_at_the_answer_tokens():
    """Protects training labels: the labelled tokens spell the answer, in every window holding it."""
    tok = load_tokenizer()
    a = CONTEXT.index("Liu Jianchao")
    for max_len, stride in ((256, 96), (32, 8)):
        wins = windows(tok, "Who led the delegation?", [CONTEXT], max_len, stride, answers=[(a, a + 12)])
        labelled = [w for w in wins if w.start_label]
        assert labelled, "some window must hold the answer"
        for w in labelled:
            assert tok.decode(w.input_ids[w.start_label : w.end_label + 1]) == "liu jianchao"
            assert len(w.input_ids) <= max_len
        for w in wins:  # windows that cut the answer off point at [CLS]
            if not w.start_label:
                assert w.end_label == 0


@given(st.integers(0, len(CONTEXT) - 1), st.integers(1, 30))
@settings(max_examples=60, deadline=None)
def test_windows_map_tokens_back_to_exact_characters(start, length):
    """Protects offsets: every passage token's offsets slice a non-empty piece of the passage."""
    tok = load_tokenizer()
    end = min(len(CONTEXT), start + length)
    for w in windows(tok, "question?", [CONTEXT], 24, 8, answers=[(start, end)]):
        for o in w.offsets:
            if o is not None:
                assert 0 <= o[0] < o[1] <= len(CONTEXT)
        if w.start_label:
            s, e = w.offsets[w.start_label][0], w.offsets[w.end_label][1]
            assert s < end and e > start  # the labelled tokens overlap the answer...
            before = w.offsets[w.start_label - 1]
            after = w.offsets[w.end_label + 1]
            assert before is None or before[1] <= start  # ...and are its first and last tokens
            assert after is None or after[0] >= end


def test_pad_shapes_and_mask():
    tok = load_tokenizer()
    wins = windows(tok, "q", ["short.", CONTEXT], 256, 96)
    arrays = pad(wins, tok.pad_token_id)
    assert arrays["input_ids"].shape == arrays["attention_mask"].shape
    assert arrays["attention_mask"].sum(axis=1).tolist() == [len(w.input_ids) for w in wins]


@given(st.lists(st.floats(-10, 10), min_size=6, max_size=40), st.integers(1, 8), st.data())
@settings(max_examples=100, deadline=None)
def test_best_span_respects_order_length_and_allowed(logits, max_tokens, data):
    """Protects decoding: end >= start, at most max_tokens long, only on passage tokens, truly best."""
    n = len(logits)
    start = np.array(logits)
    end = np.array(data.draw(st.lists(st.floats(-10, 10), min_size=n, max_size=n)))
    allowed = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    allowed[0] = False
    span = best_span(start, end, allowed, max_tokens)
    assert span.null == pytest.approx(start[0] + end[0])
    if not allowed.any():
        assert span.score == float("-inf")
        return
    assert allowed[span.start] and allowed[span.end]
    assert span.start <= span.end < span.start + max_tokens
    brute = max(
        start[i] + end[j] for i in range(n) for j in range(n) if allowed[i] and allowed[j] and i <= j < i + max_tokens
    )
    assert span.score == pytest.approx(brute)


def test_saved_weights_round_trip_within_fp16(tmp_path):
    """Protects shipping: fp16 weights without the reused embeddings load back into the same network."""
    torch = pytest.importorskip("torch")
    from rag.answer.reader.model import REUSED, base_model, load_reader, save_weights

    model = base_model()
    path = save_weights(model, tmp_path / "reader.safetensors")
    assert path.stat().st_size < 30e6
    loaded = load_reader(path)
    for name, tensor in model.state_dict().items():
        other = loaded.state_dict()[name]
        tol = 0 if name in REUSED else 2e-3 * max(1.0, float(tensor.abs().max()))
        assert torch.allclose(tensor.float(), other.float(), atol=tol), name


@pytest.mark.slow
def test_training_script_runs_and_resumes(tmp_path):
    """Protects the training script: a tiny run writes weights, and a second call resumes, not restarts."""
    if not (SHARED / "data" / "squad").is_dir():
        pytest.skip("needs ../shared/data/squad")
    from eval.train_reader import main

    args = [
        "--squad",
        str(SHARED / "data" / "squad"),
        "--out",
        str(tmp_path),
        "--limit",
        "6",
        "--batch",
        "4",
        "--epochs",
        "1",
        "--max-len",
        "128",
        "--checkpoint-every",
        "1",
    ]
    assert main(args) == 0
    assert (tmp_path / "reader.safetensors").is_file()
    assert main(args) == 0  # resumes at the final step: nothing left to train


def test_every_epoch_is_the_same_number_of_batches():
    """Protects training's step count: each epoch's shuffle may pack its questions into a batch more or fewer
    than the first; cycle_to cuts or repeats it to exactly the steps an epoch has (fewer once left the last
    step unreachable, and training spun forever)."""
    from eval.train_reader import cycle_to

    assert cycle_to([[1], [2], [3]], 2) == [[1], [2]]
    assert cycle_to([[1], [2], [3]], 5) == [[1], [2], [3], [1], [2]]
    assert cycle_to([[1], [2]], 2) == [[1], [2]]
