"""Train the reader for open retrieval: each question read with the passages rag retrieves for it,
its span scores normalised over all of them (shared normalisation), on SQuAD train articles only.

    python -m eval.train_reader --epochs 3 --install          # CPU, bf16 autocast; resumable
    python -m eval.train_reader --device cuda --epochs 3      # where an accelerator is lent

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


def shared_norm_loss(logits, mask, labels, rows: list[list[int]]):
    """Mean over questions of -log P(answer positions), one softmax over all tokens of a question's windows.

    `labels[w]` is the answer token of window w (0: none there); a question with no labelled window
    puts its answer on the [CLS] tokens ("no answer").
    """
    import torch

    x = logits.float().masked_fill(mask == 0, float("-inf"))
    losses = []
    for r in rows:
        idx = torch.tensor(r, device=x.device)
        g, lab = x[idx], labels[idx]
        pos = lab > 0
        picked = g[pos, lab[pos]] if bool(pos.any()) else g[:, 0]
        losses.append(torch.logsumexp(g.flatten(), 0) - torch.logsumexp(picked, 0))
    return torch.stack(losses).mean()


def save_checkpoint(path: Path, state: dict) -> None:
    import torch

    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def select_score(weights: Path, held: list[Example], held_groups, tokenizer) -> dict:
    """Held-out open-reader F1: the best span over each answerable question's retrieved passages."""
    from rag.answer.reader.reader import Reader, best_spans
    from rag.evaluation.metrics import exact_match, f1_score

    reader = Reader(weights)
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
    ap.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=True, help="bf16 autocast (CPU)")
    ap.add_argument("--checkpoint-every", type=int, default=100, help="steps between checkpoints")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N questions (smoke tests)")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--install", action="store_true", help=f"copy the best epoch's weights to {WEIGHTS}")
    args = ap.parse_args(argv)

    import torch
    from tqdm import tqdm

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer()
    examples = load_examples(Path(args.squad))
    held_titles = held_out_titles([e.title for e in examples])
    if args.limit:
        examples = examples[: args.limit]
    groups_file = out / f"groups-{args.passages}-{len(examples)}.json"
    if groups_file.is_file():
        groups = json.loads(groups_file.read_text())
    else:
        groups = retrieved_passages(examples, args.passages)
        groups_file.write_text(json.dumps(groups))
    train = [i for i, e in enumerate(examples) if e.title not in held_titles]
    held = [i for i, e in enumerate(examples) if e.title in held_titles]
    feats = featurize([examples[i] for i in train], [groups[i] for i in train], tokenizer, args.max_len, args.stride)
    per_epoch = len(batches(feats, args.batch, args.seed))
    total = int(per_epoch * args.epochs)
    print(
        f"{len(train)} training questions ({len(held)} held out: {', '.join(sorted(held_titles))}) -> "
        f"{sum(map(len, feats))} windows; {total} steps on {args.device}{' (bf16)' if args.bf16 else ''}"
    )

    model = base_model().to(args.device)
    for name, p in model.named_parameters():
        p.requires_grad = name not in REUSED
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    warm = max(1, int(total * args.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    ckpt = out / "checkpoint.pt"
    step, history = 0, []
    if ckpt.is_file():
        state = torch.load(ckpt, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        torch.set_rng_state(state["rng"])
        step, history = state["step"], state.get("history", [])
        print(f"resumed from {ckpt} at step {step}")
    model.train()
    bar = tqdm(total=total, initial=step, desc="training", unit="step")
    t0, losses = time.time(), []
    autocast = args.bf16 and args.device == "cpu"
    held_ex = [examples[i] for i in held]
    held_groups = [groups[i] for i in held]
    while step < total:
        epoch, offset = divmod(step, per_epoch)
        # Exactly per_epoch batches: another shuffle can pack the questions into a batch more or fewer
        # (fewer left the last step unreachable: the loop spun on an empty remainder).
        order = cycle_to(batches(feats, args.batch, args.seed * 1000 + epoch), per_epoch)
        for qs in order[offset:]:
            if step >= total:
                break
            flat, rows = [], []
            for q in qs:
                rows.append(list(range(len(flat), len(flat) + len(feats[q]))))
                flat.extend(feats[q])
            arrays = pad(flat, tokenizer.pad_token_id)
            inputs = {
                k: torch.from_numpy(arrays[k]).to(args.device)
                for k in ("input_ids", "token_type_ids", "attention_mask")
            }
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                o = model(**inputs)
            mask = inputs["attention_mask"]
            starts = torch.from_numpy(arrays["start_positions"]).to(args.device)
            ends = torch.from_numpy(arrays["end_positions"]).to(args.device)
            loss = (
                shared_norm_loss(o.start_logits, mask, starts, rows) + shared_norm_loss(o.end_logits, mask, ends, rows)
            ) / 2
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
            if end_of_epoch:
                weights = save_weights(model, out / f"reader-step{step}.safetensors", {"step": str(step)})
                model.eval()
                score = select_score(weights, held_ex, held_groups, tokenizer)
                model.train()
                history.append(
                    {
                        "step": step,
                        "epoch": step / per_epoch,
                        "loss": float(np.mean(losses[-50:])),
                        "held_out": score,
                        "weights": weights.name,
                    }
                )
                print(f"\nstep {step}: held-out open F1 {score['f1']:.3f} EM {score['em']:.3f}", flush=True)
            if step % args.checkpoint_every == 0 or end_of_epoch:
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
    best = max(history, key=lambda h: h["held_out"]["f1"])
    meta = {
        "seed": args.seed,
        "steps": total,
        "epochs": args.epochs,
        "passages": args.passages,
        "max_len": args.max_len,
        "stride": args.stride,
        "batch_windows": args.batch,
        "lr": args.lr,
        "device": args.device,
        "bf16": autocast,
        "questions": len(train),
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
