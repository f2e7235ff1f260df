"""Train the reader for open retrieval: each question read with the passages rag retrieves for it,
its span scores normalised over all of them (shared normalisation), on SQuAD train articles only.

    python -m eval.train_reader --epochs 3 --install          # CPU, bf16 autocast; resumable
    python -m eval.train_reader --device cuda --epochs 3      # where an accelerator is lent
    (on a lent accelerator, `python -m eval.reader_sweep` trains several recipes and distils a student from them)

Shared normalisation (Clark & Gardner 2018, "Simple and Effective Multi-Paragraph Reading
Comprehension"): a question's start (and end) logits over every token of every window of its
passages go through one softmax, so a span in one passage scores against the spans of the others
and the reader learns to leave distractors unanswered. The answer is labelled in the gold passage;
a question with no answer in its passages (SQuAD v2.0's unanswerable ones) points at the [CLS]
tokens. Of the 36 train articles, HELD_OUT are kept out of training, for model selection here and
for calibration by `python -m eval.fit_answers`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.answer.reader.features import Window, pad, windows
from rag.answer.reader.model import REUSED, WEIGHTS, base_model, save_weights
from rag.embed.model import load_tokenizer

HELD_OUT = 6  # train articles never trained on: model selection, calibration of abstention
RUNS = Path(os.environ.get("RAG_RUNS", Path.home() / ".cache" / "rag" / "runs"))  # survives a fresh checkout


@dataclass
class Example:
    """One SQuAD question of a train article, with its paragraph and answer characters (None: unanswerable)."""

    id: str
    question: str
    title: str
    context: str
    span: tuple[int, int] | None
    golds: list[str]


def load_examples(squad: Path, part: str = "train") -> list[Example]:
    """v1.1 and v2.0 questions of the `part` articles of split.json (v2.0's answerable ones are v1.1's)."""
    articles = set(json.loads((squad / "split.json").read_text())[part])
    seen: set[str] = set()
    out = []
    for name in ("dev-v1.1.json", "dev-v2.0.json"):
        for art in json.loads((squad / name).read_text())["data"]:
            if art["title"] not in articles:
                continue
            for para in art["paragraphs"]:
                for qa in para["qas"]:
                    if qa["id"] in seen:
                        continue
                    seen.add(qa["id"])
                    span, golds = None, []
                    if not qa.get("is_impossible") and qa["answers"]:
                        a = qa["answers"][0]
                        span = (a["answer_start"], a["answer_start"] + len(a["text"]))
                        golds = list(dict.fromkeys(x["text"] for x in qa["answers"]))
                    out.append(Example(qa["id"], qa["question"], art["title"], para["context"], span, golds))
    return out


def held_out_titles(titles: list[str], n: int = HELD_OUT) -> set[str]:
    """`n` articles spread over the sorted titles: never trained on."""
    ordered = sorted(set(titles))
    step = max(1, len(ordered) // n)
    return set(ordered[::step][:n])


def retrieved_passages(examples: list[Example], passages: int) -> list[list[tuple[str, list[int] | None]]]:
    """For each question, the `passages` chunks rag retrieves over the train articles' paragraphs, as
    (text, answer characters in it or None); the answer's chunk replaces the last one when missed."""
    from rag.index import Index
    from rag.models import Document

    contexts = list(dict.fromkeys((e.title, e.context) for e in examples))
    doc_of = {c: f"p{i}" for i, (_, c) in enumerate(contexts)}
    docs = [
        Document(id=doc_of[c], title=t.replace("_", " "), source="squad-train", sha256=str(i), text=c)
        for i, (t, c) in enumerate(contexts)
    ]
    index = Index.in_memory()
    index.add_documents(docs)
    found = index.search_many([e.question for e in examples], k=passages)
    out = []
    for e, hits in zip(examples, found):
        gold = doc_of[e.context]
        group: list[tuple[str, list[int] | None]] = []
        for h in hits:
            inside = e.span is not None and h.doc_id == gold and h.start <= e.span[0] and e.span[1] <= h.end
            group.append((h.text, [e.span[0] - h.start, e.span[1] - h.start] if inside and e.span else None))
        if e.span is not None and not any(s for _, s in group):
            group = group[: passages - 1] + [(e.context, list(e.span))]
        out.append(group)
    return out


def cached_groups(examples: list[Example], passages: int, path: Path) -> list:
    """`retrieved_passages` of the examples, kept in `path` (retrieval over the train articles takes minutes)."""
    groups = json.loads(path.read_text()) if path.is_file() else []
    if len(groups) != len(examples):  # none kept yet, or kept for other questions
        groups = retrieved_passages(examples, passages)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(groups))
    return groups


def featurize(examples, groups, tokenizer, max_len: int, stride: int) -> list[list[Window]]:
    """The windows of each question's passages, with span labels where the answer is."""
    return [
        windows(
            tokenizer, e.question, [t for t, _ in g], max_len, stride, answers=[tuple(s) if s else None for _, s in g]
        )
        for e, g in zip(examples, groups)
    ]


def cycle_to(items: list, n: int) -> list:
    """`items` cut or repeated from the start to exactly `n` (n > 0 needs items)."""
    return [items[i % len(items)] for i in range(n)]


def batches(groups: list[list[Window]], max_windows: int, seed: int) -> list[list[int]]:
    """Seeded batches of whole questions (about `max_windows` windows each), similar lengths together."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(groups))
    out: list[list[int]] = []
    block = max_windows * 40
    for i in range(0, len(order), block):
        chunk = sorted(order[i : i + block], key=lambda g: max(len(w.input_ids) for w in groups[g]))
        cur: list[int] = []
        size = 0
        for g in chunk:
            if cur and size + len(groups[g]) > max_windows:
                out.append(cur)
                cur, size = [], 0
            cur.append(int(g))
            size += len(groups[g])
        if cur:
            out.append(cur)
    rng.shuffle(out)  # type: ignore[arg-type]
    return out


def group_logsumexp(values, group, groups: int):
    """log(sum(exp(values))) within each group (`group[i]` of values[i]); -inf for a group with none."""
    import torch

    top = torch.full((groups,), float("-inf"), device=values.device, dtype=values.dtype)
    top = top.scatter_reduce(0, group, values, reduce="amax", include_self=True)
    safe = torch.where(torch.isfinite(top), top, torch.zeros_like(top))
    total = torch.zeros(groups, device=values.device, dtype=values.dtype).index_add(
        0, group, torch.exp(values - safe[group])
    )
    return torch.log(total) + safe


def question_of(rows: list[list[int]], device):
    """The question (row index) of each window, as a tensor."""
    import torch

    return torch.tensor([q for q, r in enumerate(rows) for _ in r], device=device)


def shared_norm_loss(logits, mask, labels, rows: list[list[int]]):
    """Mean over questions of -log P(answer positions), one softmax over all tokens of a question's windows.

    `labels[w]` is the answer token of window w (0: none there); a question with no labelled window
    puts its answer on the [CLS] tokens ("no answer"). `rows[q]` lists question q's windows, in order.
    """
    import torch

    x = logits.float().masked_fill(mask == 0, float("-inf"))
    group = question_of(rows, x.device)
    labelled = labels > 0
    has_label = torch.zeros(len(rows), device=x.device).index_add(0, group, labelled.float()) > 0
    at_label = x.gather(1, labels[:, None]).squeeze(1)  # labels 0 pick [CLS]
    picked = torch.where(has_label[group], at_label.masked_fill(~labelled, float("-inf")), x[:, 0])
    everything = group_logsumexp(torch.logsumexp(x, 1), group, len(rows))
    return (everything - group_logsumexp(picked, group, len(rows))).mean()


def distill_loss(logits, mask, teacher, rows: list[list[int]], temperature: float):
    """Mean over questions of KL(teacher || student), each shared-normalised over all tokens of the
    question's windows at `temperature`, times temperature² (Hinton et al. 2015, "Distilling the
    Knowledge in a Neural Network"): the student learns how the teacher spreads its belief over spans."""
    import torch

    far = -1e4  # finite: padding gets probability 0 and no NaN in the gradient
    x = logits.float().masked_fill(mask == 0, far) / temperature
    t = teacher.float().masked_fill(mask == 0, far) / temperature
    group = question_of(rows, x.device)
    log_q = x - group_logsumexp(torch.logsumexp(x, 1), group, len(rows))[group][:, None]
    log_p = t - group_logsumexp(torch.logsumexp(t, 1), group, len(rows))[group][:, None]
    per_window = (log_p.exp() * (log_p - log_q)).masked_fill(mask == 0, 0.0).sum(1)
    per_question = torch.zeros(len(rows), device=x.device).index_add(0, group, per_window)
    return per_question.mean() * temperature**2


@dataclass
class Recipe:
    """How one reader is trained: schedule, batches and, when distilling, the teacher's share of the loss."""

    epochs: float = 3.0
    batch: int = 32  # windows per batch (whole questions)
    lr: float = 1e-4
    warmup: float = 0.1
    seed: int = 0
    distill: float = 0.0  # weight of distill_loss against the labels' loss (0: labels alone)
    temperature: float = 2.0


def steps_per_epoch(feats: list[list[Window]], recipe: Recipe) -> int:
    return len(batches(feats, recipe.batch, recipe.seed))


def save_checkpoint(path: Path, state: dict) -> None:
    import torch

    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def teacher_arrays(teacher, flat_ids: list[tuple[int, int]], width: int) -> tuple[np.ndarray, np.ndarray]:
    """The teacher's start and end logits of the batch's windows (question, window), padded to `width`."""
    starts = np.zeros((len(flat_ids), width), dtype=np.float32)
    ends = np.zeros((len(flat_ids), width), dtype=np.float32)
    for i, (q, w) in enumerate(flat_ids):
        s, e = teacher[q][w]
        starts[i, : len(s)], ends[i, : len(e)] = s, e
    return starts, ends


def train(
    model,
    feats: list[list[Window]],
    recipe: Recipe,
    *,
    device: str = "cpu",
    pad_id: int = 0,
    bf16: bool = True,
    on_epoch=None,
    ckpt: Path | None = None,
    checkpoint_every: int = 100,
    teacher: list[list[tuple[np.ndarray, np.ndarray]]] | None = None,
    progress: bool = True,
) -> list[dict]:
    """Train `model` on each question's windows `feats` by `recipe`; returns the history of epochs.

    After each epoch `on_epoch(step, epoch, loss)` returns the record kept for it. With `ckpt`, the state
    is saved every `checkpoint_every` steps and at each epoch's end, and a later call resumes from it.
    `teacher[q][w]`, when given, holds the (start, end) logits of window w of question q to distil from.
    """
    import torch
    from tqdm import tqdm

    torch.manual_seed(recipe.seed)
    random.seed(recipe.seed)
    per_epoch = steps_per_epoch(feats, recipe)
    total = int(per_epoch * recipe.epochs)
    for name, p in model.named_parameters():
        p.requires_grad = name not in REUSED
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=recipe.lr, weight_decay=0.01)
    warm = max(1, int(total * recipe.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    step, history = 0, []
    if ckpt is not None and ckpt.is_file():
        state = torch.load(ckpt, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        torch.set_rng_state(state["rng"])
        step, history = state["step"], state.get("history", [])
        print(f"resumed from {ckpt} at step {step}")
    model.train()
    bar = tqdm(total=total, initial=step, desc="training", unit="step", disable=not progress)
    losses: list[float] = []
    while step < total:
        epoch, offset = divmod(step, per_epoch)
        # Exactly per_epoch batches: another shuffle can pack the questions into a batch more or fewer
        # (fewer left the last step unreachable: the loop spun on an empty remainder).
        order = cycle_to(batches(feats, recipe.batch, recipe.seed * 1000 + epoch), per_epoch)
        for qs in order[offset:]:
            if step >= total:
                break
            flat: list[Window] = []
            rows: list[list[int]] = []
            flat_ids: list[tuple[int, int]] = []
            for q in qs:
                rows.append(list(range(len(flat), len(flat) + len(feats[q]))))
                flat.extend(feats[q])
                flat_ids.extend((q, w) for w in range(len(feats[q])))
            arrays = pad(flat, pad_id)
            inputs = {
                k: torch.from_numpy(arrays[k]).to(device) for k in ("input_ids", "token_type_ids", "attention_mask")
            }
            with torch.autocast(torch.device(device).type, dtype=torch.bfloat16, enabled=bf16):
                o = model(**inputs)
            mask = inputs["attention_mask"]
            starts = torch.from_numpy(arrays["start_positions"]).to(device)
            ends = torch.from_numpy(arrays["end_positions"]).to(device)
            loss = (
                shared_norm_loss(o.start_logits, mask, starts, rows) + shared_norm_loss(o.end_logits, mask, ends, rows)
            ) / 2
            if teacher is not None and recipe.distill > 0:
                t_start, t_end = (
                    torch.from_numpy(a).to(device) for a in teacher_arrays(teacher, flat_ids, mask.shape[1])
                )
                soft = (
                    distill_loss(o.start_logits, mask, t_start, rows, recipe.temperature)
                    + distill_loss(o.end_logits, mask, t_end, rows, recipe.temperature)
                ) / 2
                loss = (1 - recipe.distill) * loss + recipe.distill * soft
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            losses.append(loss.item())
            bar.update(1)
            bar.set_postfix(loss=f"{np.mean(losses[-50:]):.3f}", epoch=epoch)
            end_of_epoch = step % per_epoch == 0 or step == total
            if end_of_epoch and on_epoch is not None:
                model.eval()
                history.append(on_epoch(step, step / per_epoch, float(np.mean(losses[-50:]))))
                model.train()
            if ckpt is not None and (step % checkpoint_every == 0 or end_of_epoch):
                save_checkpoint(
                    ckpt,
                    {
                        "model": model.state_dict(),
                        "opt": opt.state_dict(),
                        "sched": sched.state_dict(),
                        "rng": torch.get_rng_state(),
                        "step": step,
                        "history": history,
                    },
                )
    bar.close()
    return history


def held_out_score(reader, held: list[Example], held_groups) -> dict:
    """Held-out open-reader EM and F1: the best span over each answerable question's retrieved passages."""
    from rag.answer.reader.reader import best_spans
    from rag.evaluation.metrics import exact_match, f1_score

    items = [(e, g) for e, g in zip(held, held_groups) if e.span is not None]
    scored = reader.score_many([(e.question, [t for t, _ in g]) for e, g in items])
    em, f1 = [], []
    for (e, g), sc in zip(items, scored):
        texts = [t for t, _ in g]
        spans = best_spans(sc, texts, None, reader.max_answer_tokens)
        best = max(spans, key=lambda s: s.score) if spans else None
        pred = texts[best.passage][best.start : best.end] if best else ""
        em.append(exact_match(pred, e.golds))
        f1.append(f1_score(pred, e.golds))
    if not items:
        return {"questions": 0, "em": 0.0, "f1": 0.0}
    return {"questions": len(items), "em": float(np.mean(em)), "f1": float(np.mean(f1))}


def split_held_out(examples: list[Example], titles: set[str]) -> tuple[list[int], list[int]]:
    """Indices of the training questions and of those of the held-out articles `titles`."""
    train_ids = [i for i, e in enumerate(examples) if e.title not in titles]
    return train_ids, [i for i, e in enumerate(examples) if e.title in titles]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.train_reader", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--squad", default="../shared/data/squad", help="folder with dev-v1.1.json, dev-v2.0.json, split.json"
    )
    ap.add_argument("--out", default=str(RUNS / "reader"), help="checkpoints, per-epoch weights and train.json")
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--passages", type=int, default=4, help="retrieved passages read per question")
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--stride", type=int, default=96)
    ap.add_argument("--batch", type=int, default=32, help="windows per batch (whole questions)")
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=True, help="bf16 autocast")
    ap.add_argument("--checkpoint-every", type=int, default=100, help="steps between checkpoints")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N questions (smoke tests)")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--install", action="store_true", help=f"copy the best epoch's weights to {WEIGHTS}")
    args = ap.parse_args(argv)

    import torch

    from rag.answer.reader.reader import Reader

    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer()
    examples = load_examples(Path(args.squad))
    held_titles = held_out_titles([e.title for e in examples])
    if args.limit:
        examples = examples[: args.limit]
    train_ids, held = split_held_out(examples, held_titles)
    groups = cached_groups(examples, args.passages, out / f"groups-{args.passages}-{len(examples)}.json")
    feats = featurize(
        [examples[i] for i in train_ids], [groups[i] for i in train_ids], tokenizer, args.max_len, args.stride
    )
    recipe = Recipe(epochs=args.epochs, batch=args.batch, lr=args.lr, warmup=args.warmup, seed=args.seed)
    per_epoch = steps_per_epoch(feats, recipe)
    print(
        f"{len(train_ids)} training questions ({len(held)} held out: {', '.join(sorted(held_titles))}) -> "
        f"{sum(map(len, feats))} windows; {int(per_epoch * args.epochs)} steps on {args.device}"
        f"{' (bf16)' if args.bf16 else ''}"
    )
    torch.manual_seed(args.seed)  # the fresh span head's draw
    model = base_model().to(args.device)
    held_ex = [examples[i] for i in held]
    held_groups = [groups[i] for i in held]
    t0 = time.time()

    def on_epoch(step: int, epoch: float, loss: float) -> dict:
        weights = save_weights(model, out / f"reader-step{step}.safetensors", {"step": str(step)})
        score = held_out_score(Reader(weights), held_ex, held_groups)
        print(f"\nstep {step}: held-out open F1 {score['f1']:.3f} EM {score['em']:.3f}", flush=True)
        return {"step": step, "epoch": epoch, "loss": loss, "held_out": score, "weights": weights.name}

    history = train(
        model,
        feats,
        recipe,
        device=args.device,
        pad_id=tokenizer.pad_token_id,
        bf16=args.bf16,
        on_epoch=on_epoch,
        ckpt=out / "checkpoint.pt",
        checkpoint_every=args.checkpoint_every,
    )
    best = max(history, key=lambda h: h["held_out"]["f1"])
    meta = {
        "seed": args.seed,
        "steps": int(per_epoch * args.epochs),
        "epochs": args.epochs,
        "passages": args.passages,
        "max_len": args.max_len,
        "stride": args.stride,
        "batch_windows": args.batch,
        "lr": args.lr,
        "device": args.device,
        "bf16": args.bf16,
        "questions": len(train_ids),
        "held_out_articles": sorted(held_titles),
        "windows": sum(map(len, feats)),
        "history": history,
        "best": best,
        "seconds_this_run": time.time() - t0,
    }
    (out / "train.json").write_text(json.dumps(meta, indent=1))
    (out / "reader.safetensors").write_bytes((out / best["weights"]).read_bytes())
    print(f"best: step {best['step']} (held-out open F1 {best['held_out']['f1']:.3f}); see {out / 'train.json'}")
    if args.install:
        WEIGHTS.write_bytes((out / best["weights"]).read_bytes())
        print(f"installed {WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
