"""Apache's directive reference as questions, each answered by a row of the directive's own table.

    rag index /usr/share/doc/apache2-doc/manual/en --index /tmp/apache-idx     # Debian's apache2-doc
    python -m eval.directives --index /tmp/apache-idx --sample 200 --out eval/results/directives
    python -m eval.directives --index /tmp/apache-idx --sample 200 --held-out --fit rag/fitted.json \
        --out eval/results/directives-held-out     # AnswerSettings.described_/worded_confidence, on the others

Each directive's entry is headed apart ("KeepAliveTimeout Directive") over a table written by Apache's authors:
"Description: | Amount of time the server will wait …", "Syntax: | KeepAliveTimeout num[ms]", "Default: |
KeepAliveTimeout 5", "Context: | server config, virtual host", "Module: | core", and for some directives
"Compatibility: | Available in 2.3.6 and later". A random sample (fixed seed, directives sorted first) of the
directives of the core's and the modules' pages is asked one question per row kind (QUESTIONS), the row's value the
gold (a default without the directive's name: "5"; the first version a compatibility row names: "2.3.6"). Per kind:
whether the top quote holds the gold, whether `Answer.text` is the gold (exact) or holds it with an answer given,
and whether an answer was given at all.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shlex
import sys
from pathlib import Path
from typing import Any

from rag.answer.headed import VERSION
from rag.evaluation.report import fmt, table, write_pair

# The row each question asks for, by the words a user would use.
QUESTIONS = {
    "Description": "What does the {} directive do?",
    "Syntax": "What is the syntax of the {} directive?",
    "Default": "What is the default value of {}?",
    "Context": "In which context can the {} directive be used?",
    "Module": "Which module provides the {} directive?",
    "Compatibility": "Since which version is the {} directive available?",
}
WORDED = "Worded"  # the directive asked for by what its description says it does: "Which directive …?"
# An imperative that opens a description ("Enable tracking of …"): asked as "Which directive enables tracking of …?"
_IMPERATIVES = frozenset(
    "add allow apply choose configure control declare define deny determine disable dump enable fix force keep limit "
    "map pass provide require select send set specify store toggle turn use".split()
)
BASES = ("described", "worded")  # the answers whose confidence is at least how often they are right (fit here)
_PROSE = frozenset("you this it its these those we".split())  # a description that is a sentence of its own
_ENTRY = re.compile(r"(?m)^(\w+) Directive\n\n((?:[A-Z][\w ]*: \| [^\n]*\n?)+)")
_ROW = re.compile(r"^([A-Z][\w ]*): \| (.*)$", re.MULTILINE)


def directive_rows(text: str) -> list[tuple[str, dict[str, str]]]:
    """(directive, its table's rows by label) of each entry of a page as rag reads it; a default without the
    directive's name ("5" of "KeepAliveTimeout 5")."""
    out = []
    for m in _ENTRY.finditer(text):
        name, rows = m.group(1), {label: value.strip() for label, value in _ROW.findall(m.group(2))}
        if rows.get("Default", "").startswith(name + " "):
            rows["Default"] = rows["Default"][len(name) + 1 :]
        if version := VERSION.search(rows.pop("Compatibility", "")):
            rows["Compatibility"] = version.group(0)  # "2.3.6" of "Available in 2.3.6 and later"
        out.append((name, rows))
    return out


def worded_question(description: str) -> str | None:
    """The question asking for a directive by its description, as a user who knows what they want would word it:
    "Which directive declares resources for early pushing to the client?" of "Declares resources for early pushing
    to the client"; "… enables tracking of time …" of "Enable tracking of time …"; "Which directive sets the
    maximum depth of …?" of "Maximum depth of …" and "… sets the parameters for …" of "Parameters for …". None when the description does not open with a word
    ("En-/Disable …") or is a sentence of its own ("You confirm that …")."""
    words = description.strip().rstrip(".").split(None, 1)
    if len(words) < 2 or not words[0].isalpha() or words[0].lower() in _PROSE:
        return None
    first, rest = words
    if first.lower() in ("the", "a", "an"):
        first, _, rest = rest.partition(" ")
        if not first.isalpha() or not rest:
            return None
    lowered = first.lower() if first[1:].islower() else first  # "SSL" stays
    noun = rest.split(None, 1)[0].lower() in ("for", "to", "of", "in", "on", "with", "from", "that", "which", "used")
    if first[0].isupper() and first.endswith("s") and not first.endswith("ss") and not noun:
        return f"Which directive {lowered} {rest}?"  # "Declares …"
    if lowered in _IMPERATIVES:
        verb = lowered + ("es" if lowered.endswith(("s", "x", "sh", "ch")) else "s")
        return f"Which directive {verb} {rest}?"
    article = "" if lowered in ("whether", "how", "what", "which", "when", "where") else "the "
    return f"Which directive sets {article}{lowered} {rest}?"


def questions(name: str, rows: dict[str, str]) -> list[tuple[str, str, str]]:
    """(kind, question, gold) of a directive's entry: one per row kind asked (QUESTIONS), the row's value the gold;
    and the directive asked for by its description (WORDED), its name the gold."""
    asked = [(label, QUESTIONS[label].format(name), value) for label, value in rows.items() if label in QUESTIONS]
    worded = worded_question(rows.get("Description", ""))
    return asked + ([(WORDED, worded, name)] if worded else [])


def run(index_dir: Path, sample: int, seed: int, held_out: bool = False) -> dict[str, Any]:
    """Ask the sampled directives' questions of the index at `index_dir` (with `held_out`, the other directives'
    instead); the figures per kind and each record, with what chose its answer (`Answer.basis`: "described", read
    from the entry of the directive the question names; "worded", the entry whose words say what it asks for), and
    for each of those two bases the share of its answers whose top quote holds the gold."""
    from rag import Index

    index = Index.open(index_dir)
    entries = sorted(
        ((name, d.id, tuple(sorted(rows.items()))) for d in index.documents() if d.id.startswith("mod/")
         for name, rows in directive_rows(d.text)),
    )  # fmt: skip
    random.Random(seed).shuffle(entries)
    records = []
    for name, page, rows in entries[sample:] if held_out else entries[:sample]:
        for label, question, value in questions(name, dict(rows)):
            ans = index.ask(question)
            quote = ans.quotes[0].text if ans.quotes else ""
            records.append(
                {
                    "kind": label,
                    "directive": name,
                    "page": page,
                    "gold": value,
                    "quote_correct": value in quote,
                    "text_exact": ans.found and ans.text == value,
                    "text_correct": ans.found and value in ans.text,
                    "found": ans.found,
                    "basis": ans.basis,
                    "confidence": ans.confidence,
                    "text": ans.text,
                    "quote": quote,
                }
            )
    figures = {kind: _figures([r for r in records if r["kind"] == kind]) for kind in [*QUESTIONS, WORDED]}
    bases = {b: [r["quote_correct"] for r in records if r["basis"] == b] for b in BASES}
    asked = len(entries) - min(sample, len(entries)) if held_out else min(sample, len(entries))
    return {"directives": len(entries), "sampled": min(sample, len(entries)), "held_out": held_out, "asked": asked,
            "all": _figures(records), "kinds": figures, **{b: len(v) for b, v in bases.items()},
            **{f"{b}_right": sum(v) / max(1, len(v)) for b, v in bases.items()}, "records": records}  # fmt: skip


def _figures(records: list[dict[str, Any]]) -> dict[str, float]:
    n = max(1, len(records))
    keys = ("quote_correct", "text_exact", "text_correct", "found")
    return {"questions": len(records), **{k: sum(r[k] for r in records) / n for k in keys}}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--index", type=Path, required=True, help="an index of Apache's manual (see above)")
    p.add_argument("--sample", type=int, default=200, help="directives asked (default 200)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=None, help="folder for directives.json and directives.md")
    p.add_argument("--held-out", action="store_true", help="ask the directives not sampled (a calibration set)")
    p.add_argument(
        "--fit", type=Path, default=None, metavar="FITTED_JSON",
        help="with --held-out: write the share of described (and of worded) answers whose quote is right there as "
        "described_confidence (worded_confidence) (rag/fitted.json: AnswerSettings)",
    )  # fmt: skip
    args = p.parse_args(argv)
    if args.fit is not None and not args.held_out:
        p.error("--fit needs --held-out: the confidence is fit on directives kept apart from those reported")
    results = run(args.index, args.sample, args.seed, args.held_out)
    command = "python -m eval.directives " + shlex.join(argv if argv is not None else sys.argv[1:])
    header = ["row asked", "questions", "top quote holds it", "Answer.text is it", "Answer.text holds it", "answered"]
    rows = [
        [kind, str(f["questions"])] + [fmt(f[k]) for k in ("quote_correct", "text_exact", "text_correct", "found")]
        for kind, f in [*results["kinds"].items(), ("all", results["all"])]
    ]
    md = "\n".join(
        [
            f"# Apache directives: {results['asked']} of {results['directives']} asked"
            + (f" (held out: those not among the {results['sampled']} sampled)" if args.held_out else ""),
            "",
            f"`{command}`",
            "",
            table(header, rows),
            "",
            f"Answers read from the entry of the directive asked (`Answer.basis` described): {results['described']}, "
            f"the top quote right for {fmt(results['described_right'])} of them; chosen by the entry whose words say "
            f"what the question asks for (worded): {results['worded']}, right for {fmt(results['worded_right'])}.",
            "",
        ]
    )
    if args.fit is not None:
        fitted = json.loads(args.fit.read_text()) if args.fit.exists() else {}
        fitted.update({f"{b}_confidence": round(results[f"{b}_right"], 4) for b in BASES})
        args.fit.write_text(json.dumps(fitted, indent=1) + "\n")
    if args.out is not None:
        write_pair(args.out, "directives", results, md)
    else:
        print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
