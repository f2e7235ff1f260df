"""How often the names check abstains (rag.answer.mentioned): SQuAD questions naming a product or a place no word of
the corpus spells, a letter or two apart at most, or an acronym no word of it is that the paragraph asked about does not
spell out (out of corpus: no paragraph's words rescue it).

    python -m eval.unspelled_names --part train

Counts, for the articles of `--part` in split.json: answerable v1.1 questions that would wrongly abstain (their own
articles indexed), v2.0 unanswerable ones that would abstain, and v1.1 questions asked of the other part's articles
(out of corpus). Choose on `train`; `test` is for reporting only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from rag.answer.mentioned import acronyms, proper_names, spelled_out, unspelled, unwritten
from rag.retrieve.sparse import SparseIndex

SQUAD = Path("../shared/data/squad")


def corpus(data: list[dict], articles: set[str]) -> SparseIndex:
    """The sparse index of the articles' paragraphs, each led by its title."""
    texts = [f"{a['title']}\n{p['context']}" for a in data if a["title"] in articles for p in a["paragraphs"]]
    return SparseIndex.from_texts(texts, np.arange(len(texts)))


def questions(data: list[dict], articles: set[str], impossible: bool) -> list[tuple[str, str]]:
    """Each question with its paragraph."""
    return [
        (qa["question"], p["context"])
        for a in data
        if a["title"] in articles
        for p in a["paragraphs"]
        for qa in p["qas"]
        if bool(qa.get("is_impossible")) == impossible
    ]


def missing(question: str, sparse: SparseIndex, read: list[str]) -> list[str]:
    names = [n for n in proper_names(question) if unspelled(n, sparse)]
    return names + [a for a in acronyms(question) if unwritten(a, sparse) and not spelled_out(a, read)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("train", "test"), default="train")
    args = parser.parse_args()
    split = json.loads((SQUAD / "split.json").read_text())
    own, other = set(split[args.part]), set(split["test" if args.part == "train" else "train"])
    v1 = json.loads((SQUAD / "dev-v1.1.json").read_text())["data"]
    v2 = json.loads((SQUAD / "dev-v2.0.json").read_text())["data"]
    inside, outside = corpus(v1, own), corpus(v1, other)
    answerable, unanswerable = questions(v1, own, False), questions(v2, own, True)
    wrong = [(q, m) for q, p in answerable if (m := missing(q, inside, [p]))]
    print(f"{args.part}: answerable v1.1 questions that would abstain: {len(wrong)} of {len(answerable)}")
    for q, m in wrong:
        print(f"  {m} {q}")
    adversarial = sum(bool(missing(q, inside, [p])) for q, p in unanswerable)
    print(f"v2.0 unanswerable that would abstain: {adversarial} of {len(unanswerable)}")
    outside_abstain = sum(bool(missing(q, outside, [])) for q, _ in answerable)
    print(f"out of corpus (v1.1, the other part indexed): {outside_abstain} of {len(answerable)}")


if __name__ == "__main__":
    main()
