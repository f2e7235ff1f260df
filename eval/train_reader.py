"""Fine-tune the reader on SQuAD v1.1 + v2.0 questions of the split's train articles only."""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import numpy as np

import rag  # noqa: F401
from rag.answer.reader.features import Window, pad, windows
from rag.answer.reader.model import REUSED, WEIGHTS, base_model, save_weights
from rag.embed.model import load_tokenizer


def training_examples(squad: Path, part: str = "train") -> list[tuple[str, str, str, tuple[int, int] | None]]:
    """(id, question, context, answer char span or None) for v1.1 and v2.0 questions of `part` articles."""
    articles = set(json.loads((squad / "split.json").read_text())[part])
    seen, out = set(), []
    for name in ("dev-v1.1.json", "dev-v2.0.json"):
        for art in json.loads((squad / name).read_text())["data"]:
            if art["title"] not in articles:
                continue
            for para in art["paragraphs"]:
                for qa in para["qas"]:
                    if qa["id"] in seen:
                        continue
                    seen.add(qa["id"])
                    span = None
                    if not qa.get("is_impossible") and qa["answers"]:
                        a = qa["answers"][0]
                        span = (a["answer_start"], a["answer_start"] + len(a["text"]))
                    out.append((qa["id"], qa["question"], para["context"], span))
    return out


def featurize(examples, tokenizer, max_len: int, stride: int) -> list[Window]:
    feats = []
    for _, q, ctx, span in examples:
        feats.extend(windows(tokenizer, q, [ctx], max_len, stride, answers=[span]))
    return feats


def batches(n_feats: int, lengths: np.ndarray, batch: int, seed: int) -> list[np.ndarray]:
    """Seeded order: shuffle, sort within blocks of 50 batches by length (less padding), shuffle batches."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(n_feats)
    block = batch * 50
    out = []
    for i in range(0, n_feats, block):
        chunk = order[i : i + block]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out.extend(chunk[j : j + batch] for j in range(0, len(chunk), batch))
    rng.shuffle(out)
    return out


def save_checkpoint(path: Path, state: dict) -> None:
    import torch

    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--squad", default="../shared/data/squad", help="folder with dev-v1.1.json, dev-v2.0.json, split.json"
    )
    ap.add_argument("--out", default="runs/reader", help="checkpoints and the trained weights go here")
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--stride", type=int, default=96)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--checkpoint-every", type=int, default=50, help="steps between checkpoints")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N questions (smoke tests)")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--install", action="store_true", help=f"also copy the weights to {WEIGHTS}")
    args = ap.parse_args(argv)

    import torch
    from tqdm import tqdm

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer()
    examples = training_examples(Path(args.squad))
    if args.limit:
        examples = examples[: args.limit]
    feats = featurize(examples, tokenizer, args.max_len, args.stride)
    lengths = np.array([len(f.input_ids) for f in feats])
    per_epoch = -(-len(feats) // args.batch)
    total = int(per_epoch * args.epochs)
    print(f"{len(examples)} questions -> {len(feats)} windows; {total} steps of {args.batch} on {args.device}")

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
    step = 0
    if ckpt.is_file():
        state = torch.load(ckpt, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        torch.set_rng_state(state["rng"])
        step = state["step"]
        print(f"resumed from {ckpt} at step {step}")
    model.train()
    bar = tqdm(total=total, initial=step, desc="training", unit="step")
    t0, losses = time.time(), []
    while step < total:
        epoch, offset = divmod(step, per_epoch)
        order = batches(len(feats), lengths, args.batch, args.seed * 1000 + epoch)
        for idx in order[offset:]:
            if step >= total:
                break
            arrays = pad([feats[i] for i in idx], tokenizer.pad_token_id)
            inputs = {k: torch.from_numpy(v).to(args.device) for k, v in arrays.items()}
            loss = model(**inputs).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            losses.append(loss.item())
            bar.update(1)
            bar.set_postfix(loss=f"{np.mean(losses[-50:]):.3f}", epoch=epoch)
            if step % args.checkpoint_every == 0 or step == total:
                save_checkpoint(
                    ckpt,
                    {
                        "model": model.state_dict(),
                        "opt": opt.state_dict(),
                        "sched": sched.state_dict(),
                        "rng": torch.get_rng_state(),
                        "step": step,
                    },
                )
    bar.close()
    meta = {
        "seed": str(args.seed),
        "steps": str(total),
        "epochs": str(args.epochs),
        "max_len": str(args.max_len),
        "stride": str(args.stride),
        "batch": str(args.batch),
        "lr": str(args.lr),
        "device": args.device,
        "questions": str(len(examples)),
        "windows": str(len(feats)),
    }
    path = save_weights(model.cpu(), out / "reader.safetensors", meta)
    (out / "train.json").write_text(
        json.dumps(
            {**meta, "seconds": time.time() - t0, "final_loss": float(np.mean(losses[-50:])) if losses else None},
            indent=1,
        )
    )
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    if args.install:
        WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
        WEIGHTS.write_bytes(path.read_bytes())
        print(f"installed {WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
