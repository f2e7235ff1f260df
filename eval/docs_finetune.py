"""Fine-tune the shipped reader on a reference manual's made questions (`eval.docs_questions`) beside SQuAD.

    python -m eval.docs_finetune --docs /usr/share/doc/python3.11/html     # CPU, bf16; checkpointed, resumable

Each made question is read with 4 passages of its page as rag chunks it (the entry's and 3 others, in random
order, shared normalisation over all of them); as many SQuAD train-article questions, read with the passages
rag retrieves for them, keep what the reader knows. Writes the weights and the held-out SQuAD score (open F1
over 4 passages, the held-out articles of `eval.train_reader`) to --out; it installs nothing: whether the reader
ships is for `python -m eval.fit_answers --reader W --no-write` to say. Never give it git-doc (the documentation
dev set's manual, kept for reporting).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

from eval.docs_questions import make_questions, pages
from eval.train_reader import (
    RUNS,
    Example,
    Recipe,
    cached_groups,
    featurize,
    held_out_score,
    held_out_titles,
    load_examples,
    split_held_out,
    train,
)

PASSAGES = 4


def made_groups(folder: Path, limit: int, seed: int, tokenizer) -> tuple[list[Example], list[list]]:
    """Made questions of the manual in `folder` (at most `limit`), each with PASSAGES chunks of its page."""
    from rag.ingest.chunks import chunk_document
    from rag.ingest.html import html_text
    from rag.models import Document

    rng = random.Random(seed)
    examples, groups = [], []
    for p in pages(folder):
        text, title = html_text(p.read_text(encoding="utf-8", errors="replace"))
        made = make_questions(p.name, text, rng)
        if not made:
            continue
        doc = Document(id=p.name, title=title, source=str(p), sha256="-", text=text)
        chunks = chunk_document(doc, tokenizer)
        for m in made:
            holding = [c for c in chunks if c.start <= m.entry_start and m.entry_end <= c.end]
            apart = [c for c in chunks if not (c.start < m.end and m.start < c.end)]  # without the answer
            if not holding or len(apart) < PASSAGES - 1:
                continue
            gold = rng.choice(holding)
            others = rng.sample(apart, PASSAGES - 1)
            group = [(text[c.start : c.end], None) for c in others]
            group.insert(
                rng.randrange(PASSAGES), (text[gold.start : gold.end], [m.start - gold.start, m.end - gold.start])
            )
            answer = text[m.start : m.end]
            examples.append(Example(f"{p.name}:{m.start}", m.question, title, "", (m.start, m.end), [answer]))
            groups.append(group)
    order = list(range(len(examples)))
    rng.shuffle(order)
    order = order[:limit] if limit else order
    return [examples[i] for i in order], [groups[i] for i in order]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.docs_finetune", description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, required=True, help="a reference manual's HTML folder (not git-doc)")
    ap.add_argument("--squad", type=Path, default=Path("../shared/data/squad"))
    ap.add_argument("--out", type=Path, default=RUNS / "docs")
    ap.add_argument("--questions", type=int, default=2500, help="made questions used")
    ap.add_argument("--squad-questions", type=int, default=2500, help="SQuAD train-article questions beside them")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args(argv)

    import torch

    from rag.answer.reader.model import WEIGHTS, load_reader, save_weights
    from rag.answer.reader.reader import Reader
    from rag.embed.model import load_tokenizer

    if "git-doc" in str(args.docs.resolve()):
        ap.error("git-doc is the documentation dev set's manual: it is for reporting, never for training")
    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer()
    made, made_g = made_groups(args.docs, args.questions, args.seed, tokenizer)
    examples = load_examples(args.squad)
    groups = cached_groups(examples, PASSAGES, RUNS / "pack" / f"groups-{PASSAGES}.json")
    train_ids, held_ids = split_held_out(examples, held_out_titles([e.title for e in examples]))
    rng = random.Random(args.seed)
    squad_ids = rng.sample(train_ids, min(args.squad_questions, len(train_ids)))
    chosen = made + [examples[i] for i in squad_ids]
    feats = featurize(chosen, made_g + [groups[i] for i in squad_ids], tokenizer, 256, 96)
    print(f"{len(made)} made questions + {len(squad_ids)} SQuAD questions: {sum(map(len, feats))} windows")

    model = load_reader(WEIGHTS)
    held = [examples[i] for i in held_ids]
    held_groups = [groups[i] for i in held_ids]
    record = args.out / "record.json"

    def on_epoch(step: int, epoch: float, loss: float) -> dict:
        score = held_out_score(Reader(model=model, tokenizer=tokenizer), held, held_groups)
        line = {"step": step, "epoch": epoch, "loss": loss, "held_out": score}
        print(json.dumps(line), flush=True)
        return line

    recipe = Recipe(epochs=args.epochs, batch=args.batch, lr=args.lr, warmup=0.1, seed=args.seed)
    history = train(model, feats, recipe, pad_id=tokenizer.pad_token_id, on_epoch=on_epoch, ckpt=args.out / "ckpt.pt")
    weights = save_weights(model, args.out / "reader-docs.safetensors", {"docs": str(args.docs)})
    record.write_text(
        json.dumps(
            {
                "command": "python -m eval.docs_finetune " + " ".join(sys.argv[1:] if argv is None else argv),
                "args": {k: str(v) for k, v in vars(args).items()},
                "made": len(made),
                "squad": len(squad_ids),
                "history": history,
            },
            indent=1,
        )
    )
    print(f"wrote {weights} and {record}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
