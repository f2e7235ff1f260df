"""Apache's directive reference as questions: "What does the X directive do?", answered by X's "Description:" row.

    rag index /usr/share/doc/apache2-doc/manual/en --index /tmp/apache-idx     # Debian's apache2-doc
    python -m eval.directives --index /tmp/apache-idx --sample 60 --out eval/results/directives

Each directive's entry is headed apart ("KeepAliveTimeout Directive") over a table whose "Description:" row says what
it does, written by Apache's authors: the gold. A random sample (fixed seed, directives sorted first) of the
directives of the core and the modules' pages is asked; per question, whether the top quote holds the row's text,
whether `Answer.text` does with an answer given, and whether an answer was given at all.
"""

from __future__ import annotations

import argparse
import random
import re
import shlex
import sys
from pathlib import Path
from typing import Any

from rag.evaluation.report import fmt, table, write_pair

_ROW = re.compile(r"(?m)^(\w+) Directive\n\nDescription: \| ([^\n]+)")


def directive_rows(text: str) -> list[tuple[str, str]]:
    """(directive, its Description row's text) of each entry of a page as rag reads it."""
    return [(m.group(1), m.group(2).strip()) for m in _ROW.finditer(text)]


def run(index_dir: Path, sample: int, seed: int) -> dict[str, Any]:
    """Ask the sampled directives' questions of the index at `index_dir`; the figures and each record."""
    from rag import Index

    index = Index.open(index_dir)
    pages = [d for d in index.documents() if d.id.startswith("mod/")]
    rows = sorted({(name, desc, d.id) for d in pages for name, desc in directive_rows(d.text)})
    random.Random(seed).shuffle(rows)
    records = []
    for name, desc, page in rows[:sample]:
        ans = index.ask(f"What does the {name} directive do?")
        quote = ans.quotes[0].text if ans.quotes else ""
        records.append(
            {
                "directive": name,
                "page": page,
                "gold": desc,
                "quote_correct": desc in quote,
                "text_correct": ans.found and desc in ans.text,
                "found": ans.found,
                "confidence": ans.confidence,
                "text": ans.text,
                "quote": quote,
            }
        )
    n = max(1, len(records))
    figures = {k: sum(r[k] for r in records) / n for k in ("quote_correct", "text_correct", "found")}
    return {"questions": len(records), "directives": len(rows), **figures, "records": records}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--index", type=Path, required=True, help="an index of Apache's manual (see above)")
    p.add_argument("--sample", type=int, default=60, help="directives asked (default 60)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=None, help="folder for directives.json and directives.md")
    args = p.parse_args(argv)
    results = run(args.index, args.sample, args.seed)
    command = "python -m eval.directives " + shlex.join(argv if argv is not None else sys.argv[1:])
    rows = [[k, fmt(results[k])] for k in ("quote_correct", "text_correct", "found")]
    md = "\n".join(
        [
            f"# Apache directives: {results['questions']} of {results['directives']} asked",
            "",
            f"`{command}`",
            "",
            table(["share of questions", "value"], rows),
            "",
        ]
    )
    if args.out is not None:
        write_pair(args.out, "directives", results, md)
    else:
        print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
