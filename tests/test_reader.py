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


def _questions(data, n_windows_max: int = 4):
    """Random rows (each question's windows), masks and labels for a batch of up to 5 questions."""
    rows, n = [], 0
    for _ in range(data.draw(st.integers(1, 5))):
        k = data.draw(st.integers(1, n_windows_max))
        rows.append(list(range(n, n + k)))
        n += k
    width = data.draw(st.integers(3, 12))
    lengths = [data.draw(st.integers(2, width)) for _ in range(n)]
    labels = [data.draw(st.sampled_from([0, data.draw(st.integers(1, length - 1))])) for length in lengths]
    return rows, n, width, lengths, labels


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_shared_normalisation_is_one_softmax_over_each_questions_windows(data):
    """Protects the training objective (vectorised over the batch): per question, -log of the probability of
    its labelled tokens under one softmax over every token of its windows; [CLS] when none is labelled."""
    import torch

    from eval.train_reader import shared_norm_loss

    rows, n, width, lengths, labels = _questions(data)
    torch.manual_seed(data.draw(st.integers(0, 1000)))
    logits = (torch.randn(n, width) * 3).requires_grad_()
    mask = torch.tensor([[1] * k + [0] * (width - k) for k in lengths])
    expected = []
    for r in rows:
        tokens = [logits[w, t] for w in r for t in range(lengths[w])]
        picked = [logits[w, labels[w]] for w in r if labels[w]] or [logits[w, 0] for w in r]
        expected.append(torch.logsumexp(torch.stack(tokens), 0) - torch.logsumexp(torch.stack(picked), 0))
    got = shared_norm_loss(logits, mask, torch.tensor(labels), rows)
    assert torch.allclose(got, torch.stack(expected).mean(), atol=1e-5)
    got.backward()
    assert torch.isfinite(logits.grad).all() and float(logits.grad[mask == 0].abs().sum()) == 0.0


@given(st.data())
@settings(max_examples=40, deadline=None)
def test_distillation_is_the_kl_from_the_teachers_shared_softmax(data):
    """Protects distillation: the KL divergence between teacher and student, each one softmax over all of a
    question's tokens at the temperature (times its square); zero when the student is the teacher."""
    import torch

    from eval.train_reader import distill_loss

    rows, n, width, lengths, _ = _questions(data)
    temperature = data.draw(st.sampled_from([1.0, 2.0]))
    torch.manual_seed(data.draw(st.integers(0, 1000)))
    student, teacher = (torch.randn(n, width) * 3).requires_grad_(), torch.randn(n, width) * 3
    mask = torch.tensor([[1] * k + [0] * (width - k) for k in lengths])
    expected = []
    for r in rows:
        s = torch.stack([student[w, t] for w in r for t in range(lengths[w])]) / temperature
        t = torch.stack([teacher[w, t] for w in r for t in range(lengths[w])]) / temperature
        p = torch.softmax(t, 0)
        expected.append((p * (torch.log_softmax(t, 0) - torch.log_softmax(s, 0))).sum())
    got = distill_loss(student, mask, teacher, rows, temperature)
    assert torch.allclose(got, torch.stack(expected).mean() * temperature**2, atol=1e-4)
    got.backward()
    assert torch.isfinite(student.grad).all()
    assert abs(float(distill_loss(teacher, mask, teacher, rows, temperature))) < 1e-4


def test_a_reader_over_a_model_in_memory_scores_as_the_shipped_one():
    """Protects held-out scoring during training (and on an accelerator), and the ONNX export the shipped Reader
    runs: a Reader given the loaded torch network and tokenizer gives the shipped Reader's logits on every token
    of every window (torch pads a batch to its longest window; ONNX runs each window alone)."""
    from rag.answer.reader.model import load_reader
    from rag.answer.reader.reader import Reader

    shipped = Reader()
    if not shipped.available():
        pytest.skip("no shipped reader weights")
    items = [("Who led the delegation?", [CONTEXT, "Wang Yi is the foreign minister."])]
    given_model = Reader(model=load_reader(), tokenizer=load_tokenizer())
    for (w1, s1, e1), (w2, s2, e2) in zip(shipped.score_many(items)[0], given_model.score_many(items)[0]):
        assert w1.input_ids == w2.input_ids
        n = len(w1.input_ids)
        assert len(s1) == len(e1) == n
        assert np.allclose(s1, s2[:n], atol=1e-4) and np.allclose(e1, e2[:n], atol=1e-4)
    assert given_model.logits([]) == [] and shipped.logits([]) == []
    with pytest.raises(ValueError, match="backend"):
        Reader(backend="tensorflow")


def test_the_reader_export_is_made_once_per_weights_and_reused(tmp_path, monkeypatch):
    """Protects the first-use cost and the cache: the ONNX export of the reader's weights is written once into a
    folder named for the weights' hash, and a later network over the same weights reuses it, scoring alike."""
    import rag.answer.reader.runtime as runtime
    from rag.answer.reader.model import WEIGHTS
    from rag.embed.model import file_sha256

    if not WEIGHTS.is_file():
        pytest.skip("no shipped reader weights")
    monkeypatch.setattr(runtime, "CACHE", tmp_path)
    flat = windows(load_tokenizer(), "Who led the delegation?", [CONTEXT])
    first = runtime.OnnxReaderNetwork(WEIGHTS, threads=1).logits(flat)
    (made,) = tmp_path.glob("onnx/reader-*/reader.onnx")
    assert made.parent.name == f"reader-{file_sha256(WEIGHTS)[:16]}-r{runtime.RECIPE}"
    stamp = made.stat().st_mtime_ns
    again = runtime.OnnxReaderNetwork(WEIGHTS, threads=2).logits(flat)
    assert made.stat().st_mtime_ns == stamp and list(tmp_path.glob("onnx/reader-*/*")) == [made]
    for (s1, e1), (s2, e2), w in zip(first, again, flat):
        assert len(s1) == len(w.input_ids) and np.array_equal(s1, s2) and np.array_equal(e1, e2)


def test_returned_weights_split_in_parts_and_join_whole(tmp_path):
    """Protects bringing weights back from the accelerator (files of at most 16 MiB): split, then joined,
    the tensors are the same."""
    import torch
    from safetensors.torch import load_file, save_file

    from eval.reader_sweep import join, split_weights

    state = {f"layer{i}.weight": torch.randn(64, 32 + i).half() for i in range(7)}
    save_file(state, str(tmp_path / "best.safetensors"))
    (tmp_path / "back").mkdir()
    parts = split_weights(tmp_path / "best.safetensors", tmp_path / "back")
    assert len(parts) == 2 and all(len(load_file(str(p))) for p in parts)
    join(tmp_path / "back", tmp_path / "whole")
    whole = load_file(str(tmp_path / "whole" / "reader-best.safetensors"))
    assert whole.keys() == state.keys()
    assert all(torch.equal(whole[k], state[k]) for k in state)


@pytest.mark.slow
def test_the_pack_rebuilds_the_base_network(tmp_path):
    """Protects training away from the packaged model: the pack's float16 base network, word rows and all,
    is all-MiniLM-L6-v2 within float16 rounding on every token its texts use, and holds no test article."""
    if not (SHARED / "data" / "squad").is_dir():
        pytest.skip("needs ../shared/data/squad")
    import json
    import lzma

    import torch

    from eval.reader_sweep import base_from_pack, pack, unpack_base
    from rag.answer.reader.model import base_model

    squad = SHARED / "data" / "squad"
    pack(squad, 2, tmp_path / "groups.json", tmp_path / "pack", limit=40)
    with lzma.open(tmp_path / "pack" / "data.json.xz", "rt") as f:
        data = json.load(f)
    test_articles = set(json.loads((squad / "split.json").read_text())["test"])
    assert len(data["examples"]) == 40 and not {e["title"] for e in data["examples"]} & test_articles
    rebuilt = base_from_pack(tmp_path / "pack", unpack_base(tmp_path / "pack", tmp_path / "work")).state_dict()
    original = base_model().state_dict()
    used = torch.zeros(len(original["bert.embeddings.word_embeddings.weight"]), dtype=torch.bool)
    tok = load_tokenizer()
    for text in data["texts"]:
        used[tok(text, add_special_tokens=False)["input_ids"]] = True
    for name, tensor in original.items():
        if name.startswith("qa_outputs.") or name.endswith("position_ids"):
            continue  # the fresh span head is drawn anew
        mine, theirs = (rebuilt[name], tensor) if "word_embeddings" not in name else (rebuilt[name][used], tensor[used])
        assert torch.allclose(mine, theirs, atol=1e-3 * max(1.0, float(theirs.abs().max()))), name


@pytest.mark.slow
def test_a_refine_run_returns_readers_that_load(tmp_path):
    """Protects the accelerator run end to end (here on the CPU, a few questions): the shipped reader teaches
    two students side by side, each epoch is scored and recorded, and the returned parts join into readers
    that rag loads."""
    if not (SHARED / "data" / "squad").is_dir():
        pytest.skip("needs ../shared/data/squad")
    import json
    import subprocess
    import sys

    from eval.reader_sweep import REFINE, join, pack
    from rag.answer.reader.model import load_reader

    pack(SHARED / "data" / "squad", 2, tmp_path / "groups.json", tmp_path / "pack", limit=40)
    out = tmp_path / "out"
    # Its own process, as from the command line: the run forks, and a parent that has used torch's CPU threads
    # (as this one has, packing) cannot fork safely.
    command = [sys.executable, "-m", "eval.reader_sweep", "run", "--refine", "--pack", str(tmp_path / "pack")]
    command += ["--out", str(out), "--work", str(tmp_path / "work"), "--minutes", "2.5", "--limit", "8"]
    subprocess.run([*command, "--device", "cpu"], cwd=Path(__file__).resolve().parents[1], check=True)
    summary = json.loads((out / "summary.json").read_text())
    assert {name for _, name in summary["refined"]} == set(REFINE)
    lines = [json.loads(x) for x in (out / "sweep.jsonl").read_text().splitlines()]
    assert {x["name"] for x in lines} == {"shipped", *REFINE}
    join(out, tmp_path / "readers")
    for name in REFINE:
        load_reader(tmp_path / "readers" / f"reader-{name}.safetensors")
