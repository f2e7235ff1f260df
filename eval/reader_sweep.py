"""Train readers on a lent accelerator in one short run: recipes side by side, then students distilled from the best.

    python -m eval.reader_sweep pack                                   # here: what the run needs, into .reader_pack/
    python -m eval.reader_sweep run --pack .reader_pack --out $OUT     # there (the device tool), 9 minutes
    python -m eval.reader_sweep join DIR                               # here: the returned weights made whole again
    python -m eval.reader_sweep score W [W ...] --passages 3           # here: held-out open F1 of readers

The accelerator machine has torch and transformers but not the packaged model, and at most 64 MiB travels
with the repository. The pack holds the train articles' questions with the passages rag retrieves for them
(`eval.train_reader.retrieved_passages`; no test article), the tokenizer, and the base network in float16
with only the word-embedding rows those texts use. Word embeddings stay frozen and ship from the embedder
package in float32; bf16 autocast rounds far more during training than float16 storage does.

The run forks one process per recipe (the parent never touches the GPU, so forking is safe), scores each
epoch on the held-out train articles (open-reader F1 over the retrieved passages, as `eval.train_reader`),
keeps each recipe's best epoch, averages the logits of the best `--teachers` of them over the training
windows, and trains students on the labels plus that ensemble's distributions (`train_reader.distill_loss`).
The shipped reader is scored on the same held-out questions, for comparison. Everything ends inside
`--minutes`: a recipe still running at its phase's deadline is stopped and keeps its best epoch so far.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import lzma
import multiprocessing as mp
import os
import pickle
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

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
from rag.answer.reader.model import REUSED, WEIGHTS, save_weights

WORD = "bert.embeddings.word_embeddings.weight"
TOKENIZER_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")

# Side by side on one GPU, 4 passages each. Measured on an H200 (2026-11-30) with six recipes at once: an epoch
# took about 85 s at 32 windows a batch and 50 s at 64, and with three students at once about 66 s at 32. That run
# (recipes of 4 and 6 epochs; eval/results/reader/sweep-h200.json) was stopped after 2 to 4 epochs, before the
# schedules ended; the shipped student was its kd0.8-t2 (32 windows, 6 epochs planned) after its second. These
# recipes end inside a run of 9 minutes (4.5 a phase): 4 epochs of 64 windows, about 50 s each with scoring.
SWEEP = {
    "lr1e-4-b64-e4": Recipe(epochs=4, batch=64, lr=1e-4, seed=0),
    "lr1e-4-b64-e4-s1": Recipe(epochs=4, batch=64, lr=1e-4, seed=1),
    "lr1.5e-4-b64-e4": Recipe(epochs=4, batch=64, lr=1.5e-4, seed=2),
    "lr2e-4-b64-e4": Recipe(epochs=4, batch=64, lr=2e-4, seed=3),
    "lr2e-4-b64-e4-s4": Recipe(epochs=4, batch=64, lr=2e-4, seed=4),
    "lr3e-4-b64-e4": Recipe(epochs=4, batch=64, lr=3e-4, seed=5),
}
STUDENTS = {
    "kd0.8-t2-b64-e4": Recipe(epochs=4, batch=64, lr=1.5e-4, seed=10, distill=0.8, temperature=2.0),
    "kd0.8-t2-b64-e4-lr1e-4": Recipe(epochs=4, batch=64, lr=1e-4, seed=11, distill=0.8, temperature=2.0),
    "kd0.5-t2-b64-e4": Recipe(epochs=4, batch=64, lr=1.5e-4, seed=12, distill=0.5, temperature=2.0),
}
# The shipped student was stopped at 0.74 of its peak learning rate: finish its schedule (from it, the rate decaying
# to 0 over 1.5 epochs), and train a fresh student taught by it ("born again", Furlanello et al. 2018). The shipped
# reader is the teacher of both; True: start from it.
REFINE = {
    "anneal": (True, Recipe(epochs=1.5, batch=32, lr=7.4e-5, warmup=0.0, seed=20, distill=0.8, temperature=2.0)),
    "born-again": (False, Recipe(epochs=2, batch=64, lr=1.5e-4, seed=21, distill=0.8, temperature=2.0)),
}

# ---- here: the pack ----


def pack(squad: Path, passages: int, groups_file: Path, out: Path, limit: int = 0) -> None:
    """Write what `run` reads: data.json.xz, base.safetensors.xz and the tokenizer's files (`limit`: the first
    questions only, for smoke tests)."""
    import torch
    from safetensors.torch import load_file, save

    from rag.embed.model import load_tokenizer, model_path

    examples = load_examples(squad)
    held_out = sorted(held_out_titles([e.title for e in examples]))
    examples = examples[:limit] if limit else examples
    groups = cached_groups(examples, passages, groups_file)
    texts = list(dict.fromkeys([t for g in groups for t, _ in g]))
    at = {t: i for i, t in enumerate(texts)}
    data = {
        "passages": passages,
        "held_out": held_out,
        "texts": texts,
        "examples": [dataclasses.asdict(e) for e in examples],
        "groups": [[[at[t], span] for t, span in g] for g in groups],
    }
    out.mkdir(parents=True, exist_ok=True)
    with lzma.open(out / "data.json.xz", "wt", encoding="utf-8") as f:
        json.dump(data, f)
    tok = load_tokenizer()
    used = {tok.cls_token_id, tok.sep_token_id, tok.pad_token_id, tok.unk_token_id}
    for text in texts + [e.question for e in examples] + [e.context for e in examples]:
        used.update(tok(text, add_special_tokens=False)["input_ids"])
    raw = {
        k if k.startswith("bert.") else f"bert.{k}": v
        for k, v in load_file(str(model_path() / "model.safetensors")).items()
    }
    rows = torch.tensor(sorted(used), dtype=torch.int32)
    state = {
        k: v.half().contiguous() for k, v in raw.items() if k != WORD and "pooler" not in k and "position_ids" not in k
    }
    state["word_rows"] = rows
    state["word_values"] = raw[WORD][rows.long()].half().contiguous()
    (out / "base.safetensors.xz").write_bytes(lzma.compress(save(state)))  # float16 weights: xz saves a tenth
    (out / "model").mkdir(exist_ok=True)
    for name in TOKENIZER_FILES:
        shutil.copy(model_path() / name, out / "model" / name)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"{out}: {len(examples)} questions, {len(texts)} passages, {len(rows)} word rows; {size / 2**20:.1f} MiB")


# ---- there: the run ----


def unpack_base(pack_dir: Path, work: Path) -> Path:
    """The pack's base weights, decompressed once into `work`."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / "base.safetensors"
    with lzma.open(pack_dir / "base.safetensors.xz", "rb") as f:
        path.write_bytes(f.read())
    return path


def base_from_pack(pack_dir: Path, base: Path, weights: Path | None = None):
    """all-MiniLM-L6-v2 with a fresh span head (config from the pack, `base` from `unpack_base`); with
    `weights`, a trained reader instead."""
    import torch
    import transformers
    from safetensors.torch import load_file
    from transformers import BertConfig, BertForQuestionAnswering

    transformers.utils.logging.set_verbosity_error()
    config = BertConfig.from_pretrained(str(pack_dir / "model"))
    model = BertForQuestionAnswering(config)
    raw = load_file(str(base))
    word = torch.zeros(config.vocab_size, config.hidden_size)
    word[raw.pop("word_rows").long()] = raw.pop("word_values").float()
    state = {k: v.float() for k, v in raw.items()} | {WORD: word}
    if weights is not None:
        state |= {k: v.float() for k, v in load_file(str(weights)).items() if k not in REUSED}
    missing, unexpected = model.load_state_dict(state, strict=False)
    fresh = [m for m in missing if not m.startswith("qa_outputs.") and not m.endswith("position_ids")]
    if fresh or unexpected or (weights is not None and any(m.startswith("qa_outputs.") for m in missing)):
        raise RuntimeError(f"pack {pack_dir} does not fit the model: missing {missing}, unexpected {unexpected}")
    return model


@dataclasses.dataclass
class Job:
    """What every forked process shares (inherited, never pickled)."""

    pack: Path
    base: Path
    work: Path
    log: Path
    tokenizer: Any
    feats: list
    held: list
    held_groups: list
    device: str
    teacher: list | None = None


JOB: Job | None = None


def record(line: dict) -> None:
    """One line of the run's record (sweep.jsonl); each process appends whole lines."""
    assert JOB is not None
    with open(JOB.log, "a") as f:
        f.write(json.dumps(line) + "\n")


def run_recipe(name: str, recipe: Recipe, init: Path | None = None) -> None:
    """Train one recipe (from the base network, or from the reader `init`); after each epoch score it on the
    held-out articles and keep the best weights."""
    import torch

    from rag.answer.reader.reader import Reader

    assert JOB is not None
    torch.set_num_threads(2)
    t0 = time.time()
    torch.manual_seed(recipe.seed)  # the fresh span head's draw
    model = base_from_pack(JOB.pack, JOB.base, init).to(JOB.device)
    reader = Reader(model=model, tokenizer=JOB.tokenizer)
    best = {"f1": -1.0}

    def on_epoch(step: int, epoch: float, loss: float) -> dict:
        score = held_out_score(reader, JOB.held, JOB.held_groups)
        line = {"name": name, "epoch": epoch, "step": step, "loss": loss, "held_out": score, "s": time.time() - t0}
        if score["f1"] > best["f1"]:
            best.update(score)
            save_weights(model, JOB.work / f"{name}.safetensors", {"recipe": name, "epoch": str(epoch)})
            line["kept"] = True
        record(line)
        print(json.dumps(line), flush=True)
        return line

    teacher = JOB.teacher if recipe.distill > 0 else None
    train(
        model,
        JOB.feats,
        recipe,
        device=JOB.device,
        pad_id=JOB.tokenizer.pad_token_id,
        on_epoch=on_epoch,
        teacher=teacher,
        progress=False,
    )


def score_shipped() -> None:
    """The shipped reader's held-out score, on the same questions and passages as every recipe's."""
    from rag.answer.reader.reader import Reader

    assert JOB is not None
    model = base_from_pack(JOB.pack, JOB.base, WEIGHTS).to(JOB.device).eval()
    score = held_out_score(Reader(model=model, tokenizer=JOB.tokenizer), JOB.held, JOB.held_groups)
    line = {"name": "shipped", "held_out": score}
    record(line)
    print(json.dumps(line), flush=True)


def ensemble_logits(teachers: list[Path]) -> None:
    """The teachers' (weights files) mean start and end logits over every training window, pickled for the students."""
    from rag.answer.reader.reader import Reader

    assert JOB is not None
    flat = [w for ws in JOB.feats for w in ws]
    total: list[list[np.ndarray]] | None = None
    for weights in teachers:
        model = base_from_pack(JOB.pack, JOB.base, weights).to(JOB.device).eval()
        logits = Reader(model=model, tokenizer=JOB.tokenizer).logits(flat, batch_size=256)
        trimmed = [[s[: len(w.input_ids)], e[: len(w.input_ids)]] for w, (s, e) in zip(flat, logits)]
        total = trimmed if total is None else [[a + s, b + e] for (a, b), (s, e) in zip(total, trimmed)]
    assert total is not None
    out, at = [], 0
    for ws in JOB.feats:
        out.append(
            [
                ((s / len(teachers)).astype(np.float16), (e / len(teachers)).astype(np.float16))
                for s, e in total[at : at + len(ws)]
            ]
        )
        at += len(ws)
    with open(JOB.work / "teacher.pkl", "wb") as f:
        pickle.dump(out, f)


def side_by_side(targets: list[tuple], deadline: float) -> None:
    """Run each (function, args) in a forked process, all at once; stop those still running at `deadline`."""
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=fn, args=args) for fn, args in targets]
    for p in procs:
        p.start()
    for p in procs:
        p.join(max(0.0, deadline - time.time()))
    for p in procs:
        if p.is_alive():
            p.terminate()
            p.join()
            print(f"stopped at the deadline: {p.name}", flush=True)


def best_of(lines: list[dict], names) -> list[tuple[float, str]]:
    """(best held-out F1, name) of each named recipe that kept weights, best first."""
    scores: dict[str, float] = {}
    for line in lines:
        if line.get("kept") and line["name"] in names:
            scores[line["name"]] = max(scores.get(line["name"], -1.0), line["held_out"]["f1"])
    return sorted(((f, n) for n, f in scores.items()), reverse=True)


def split_weights(path: Path, out: Path) -> list[Path]:
    """Two safetensors files of about equal size (a returned file may hold at most 16 MiB)."""
    from safetensors.torch import load_file, save_file

    state = load_file(str(path))
    names = sorted(state, key=lambda k: -state[k].numel())
    parts: list[dict] = [{}, {}]
    sizes = [0, 0]
    for k in names:
        i = int(sizes[1] < sizes[0])
        parts[i][k] = state[k]
        sizes[i] += state[k].numel()
    paths = [out / f"{path.stem}.part{i + 1}.safetensors" for i in range(2)]
    for part, p in zip(parts, paths):
        save_file(part, str(p))
    return paths


def sweep_and_distil(start: float, budget: float, teachers: int) -> dict[str, dict[str, Recipe]]:
    """SWEEP side by side until half the budget, then STUDENTS taught by the best `teachers` of them."""
    assert JOB is not None
    side_by_side([(score_shipped, ())] + [(run_recipe, (n, r)) for n, r in SWEEP.items()], start + (budget - start) / 2)
    lines = [json.loads(x) for x in JOB.log.read_text().splitlines()]
    ranked = best_of(lines, SWEEP)
    print(f"sweep done ({time.time() - start:.0f} s): {ranked}", flush=True)
    chosen = [n for _, n in ranked[:teachers]]
    if len(chosen) >= 2 and budget - time.time() > 90:
        side_by_side([(ensemble_logits, ([JOB.work / f"{n}.safetensors" for n in chosen],))], budget - 60)
        if (JOB.work / "teacher.pkl").is_file():
            with open(JOB.work / "teacher.pkl", "rb") as f:
                JOB.teacher = pickle.load(f)
            side_by_side([(run_recipe, (n, r)) for n, r in STUDENTS.items()], budget - 15)
    return {"sweep": SWEEP, "students": STUDENTS}


def refine_shipped(budget: float) -> dict[str, Recipe]:
    """REFINE side by side, the shipped reader their teacher (and the starting point of those marked so)."""
    assert JOB is not None
    side_by_side([(ensemble_logits, ([WEIGHTS],))], budget - 120)
    with open(JOB.work / "teacher.pkl", "rb") as f:
        JOB.teacher = pickle.load(f)
    side_by_side(
        [(score_shipped, ())]
        + [(run_recipe, (n, r, WEIGHTS if from_shipped else None)) for n, (from_shipped, r) in REFINE.items()],
        budget - 15,
    )
    return {n: r for n, (_, r) in REFINE.items()}


def run(
    pack_dir: Path, out: Path, work: Path, minutes: float, teachers: int, limit: int, device: str, refine: bool = False
) -> int:
    """Prepare the shared data once, then run the sweep and distillation (or, with `refine`, REFINE).

    Call it in a process that has not yet run torch on the GPU or on its CPU threads (as from the command line):
    the recipes run in forked processes, and a fork after either can hang."""
    global JOB
    import torch
    from transformers import AutoTokenizer

    start = time.time()
    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # forked after the parent tokenized
    with lzma.open(pack_dir / "data.json.xz", "rt", encoding="utf-8") as f:
        data = json.load(f)
    examples = [Example(**{**e, "span": tuple(e["span"]) if e["span"] else None}) for e in data["examples"]]
    groups = [[(data["texts"][i], span) for i, span in g] for g in data["groups"]]
    train_ids, held = split_held_out(examples, set(data["held_out"]))
    if limit:  # a smoke test: the first `limit` training questions and a quarter as many held out
        train_ids, held = train_ids[:limit], held[: max(1, limit // 4)]
    tokenizer = AutoTokenizer.from_pretrained(str(pack_dir / "model"))
    feats = featurize([examples[i] for i in train_ids], [groups[i] for i in train_ids], tokenizer, 256, 96)
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    JOB = Job(
        pack_dir,
        unpack_base(pack_dir, work),
        work,
        out / "sweep.jsonl",
        tokenizer,
        feats,
        [examples[i] for i in held],
        [groups[i] for i in held],
        device,
    )
    print(
        f"{len(train_ids)} training questions, {sum(map(len, feats))} windows; {len(held)} held out "
        f"({time.time() - start:.0f} s)",
        flush=True,
    )
    budget = start + minutes * 60
    if refine:
        phases = {"refined": refine_shipped(budget)}
    else:
        phases = sweep_and_distil(start, budget, teachers)
    lines = [json.loads(x) for x in JOB.log.read_text().splitlines()]
    summary: dict[str, Any] = {
        **{phase: best_of(lines, recipes) for phase, recipes in phases.items()},
        "recipes": {n: dataclasses.asdict(r) for recipes in phases.values() for n, r in recipes.items()},
        "seconds": time.time() - start,
        "device": torch.cuda.get_device_name() if device == "cuda" else device,
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    for phase in phases:  # at most 8 files come back: two parts for each of three readers, and the records
        for _, name in summary[phase][: 2 if phase == "refined" else 1]:
            split_weights(work / f"{name}.safetensors", out)
    print(json.dumps(summary), flush=True)
    return 0


# ---- here: the returned weights ----


def score(weights: list[Path], squad: Path, passages: int, groups_file: Path) -> None:
    """Held-out open-reader EM and F1 of each reader over `passages` retrieved passages, on this machine."""
    from rag.answer.reader.reader import Reader

    examples = load_examples(squad)
    groups = cached_groups(examples, passages, groups_file)
    _, held = split_held_out(examples, held_out_titles([e.title for e in examples]))
    for w in weights:
        result = held_out_score(Reader(w), [examples[i] for i in held], [groups[i] for i in held])
        print(json.dumps({"weights": str(w), "passages": passages, "held_out": result}), flush=True)


def join(folder: Path, dest: Path) -> None:
    """Each returned pair of parts as one reader-*.safetensors in `dest`, loadable by `rag.answer.reader.model`."""
    from safetensors.torch import load_file, save_file

    dest.mkdir(parents=True, exist_ok=True)
    for first in sorted(folder.glob("*.part1.safetensors")):
        stem = first.name.removesuffix(".part1.safetensors")
        state = load_file(str(first)) | load_file(str(folder / f"{stem}.part2.safetensors"))
        save_file(state, str(dest / f"reader-{stem}.safetensors"), metadata={"recipe": stem})
        print(dest / f"reader-{stem}.safetensors")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.reader_sweep", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="verb", required=True)
    p = sub.add_parser("pack", help="write the pack (here)")
    p.add_argument("--squad", default="../shared/data/squad")
    p.add_argument("--passages", type=int, default=4)
    p.add_argument("--groups", default=None, help="cached retrieved passages (default: under the runs folder)")
    p.add_argument("--out", default=".reader_pack")
    p.add_argument("--limit", type=int, default=0, help="first N questions only (smoke tests)")
    r = sub.add_parser("run", help="train and score (on the accelerator)")
    r.add_argument("--pack", default=".reader_pack")
    r.add_argument("--out", required=True, help="what comes back: sweep.jsonl, summary.json, the best weights in parts")
    r.add_argument("--work", default="/tmp/reader_sweep")
    r.add_argument("--minutes", type=float, default=9.0)
    r.add_argument("--teachers", type=int, default=4)
    r.add_argument("--limit", type=int, default=0, help="first N questions only (smoke tests)")
    r.add_argument("--device", default="cuda")
    r.add_argument("--refine", action="store_true", help="instead of the sweep: REFINE, taught by the shipped reader")
    c = sub.add_parser("score", help="held-out open F1 of readers (here)")
    c.add_argument("weights", nargs="+", type=Path)
    c.add_argument("--squad", default="../shared/data/squad")
    c.add_argument("--passages", type=int, default=4)
    c.add_argument("--groups", default=None, help="cached retrieved passages (default: under the runs folder)")
    j = sub.add_parser("join", help="make the returned parts whole (here)")
    j.add_argument("folder")
    j.add_argument("--dest", default=str(RUNS / "sweep"))
    args = ap.parse_args(argv)
    if args.verb in ("pack", "score"):
        groups = Path(args.groups) if args.groups else RUNS / "pack" / f"groups-{args.passages}.json"
    if args.verb == "score":
        score(args.weights, Path(args.squad), args.passages, groups)
        return 0
    if args.verb == "pack":
        pack(Path(args.squad), args.passages, groups, Path(args.out), args.limit)
        return 0
    if args.verb == "run":
        return run(
            Path(args.pack),
            Path(args.out),
            Path(args.work),
            args.minutes,
            args.teachers,
            args.limit,
            args.device,
            args.refine,
        )
    join(Path(args.folder), Path(args.dest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
