"""Reading practice from reference manuals: questions made from a manual's definition entries, answers verbatim.

    python -m eval.docs_questions /usr/share/doc/python3.11/html --out Q.jsonl   # look at what it makes

SQuAD teaches the reader Wikipedia prose; a manual answers with a term ("--amend", "shutil.copystat") whose
line is followed by the sentence that describes it, or with a default ("(default: 900)"). From each definition
entry of the pages (a term line, its description on the next line, as rag reads HTML) this makes:
- "Which function copies the permission bits from src to dst?" → the term's name ("shutil.copystat"), the
  question built from the description's first clause (a base verb made third person: "Copy" → "copies");
- "What is the default value of --timeout?" → the default the description states ("900").
Each question comes with 4 passages of its page as rag chunks it: the one holding the entry and 3 others
(distractors on the same topic). Never run it on the documentation dev set's manual (git-doc): that set is
for reporting only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from rag.answer.extent import is_definition_line

# Leading words of a Sphinx signature that are not its name.
_PREFIXES = re.compile(r"^(?:(?:exception|class|classmethod|staticmethod|abstractmethod|async|await|coroutine)\s+)+")
_NAME = re.compile(r"^[-\w.@$/:]+")
# Base-form verbs that open a description ("Return the …"): made third person they read as a question.
_VERBS = frozenset(
    """return copy delete change create set get remove add convert open close write read make compute test check
    print run start stop send wait find search split join encode decode parse load save move rename apply call
    register force turn enable disable ignore skip use show display include exclude keep allow prevent specify
    raise build list update insert append replace clear reset define determine produce generate format
    initialize suppress override limit control select mark print emit log store fetch push pull merge sort
    count match compare transform translate serialize deserialize execute invoke spawn kill lock unlock install
    uninstall behave act pass mount unmount prune pack unpack verify sign""".split()
)
_C_TYPES = frozenset("int void char long short unsigned double float size_t Py_ssize_t PyObject const struct".split())
_DEFAULT = re.compile(
    r"\((?:the )?default(?: is|:)\s+(?P<a>[^()]{1,40}?)\)|\bDefaults? (?:to|is)\s+(?P<b>[^\s,;]+(?: [a-z]+)?)[.,;]"
    r"|\b[Tt]he default (?:value )?is\s+(?P<c>[^\s,;]+)[.,;]"
)


@dataclass
class Made:
    """One made question: its text, the page, and the answer's characters in the page's text."""

    question: str
    doc: str
    start: int
    end: int
    kind: str
    entry_start: int  # the definition entry (term and description) the question is about
    entry_end: int


def third_person(verb: str) -> str:
    v = verb.lower()
    if v.endswith("y") and v[-2:-1] not in "aeiou":
        return v[:-1] + "ies"
    if v.endswith(("s", "sh", "ch", "x", "z", "o")):
        return v + "es"
    return v + "s"


def term_kind(term: str) -> str:
    """What a term line names, in the words of a question ("option", "function", "exception", …)."""
    head = term.split()[0]
    if head.startswith("-"):
        return "option"
    if head in ("exception", "class"):
        return head
    if "(" in term:
        return "function"
    if head.isupper() or "_" in head and head.upper() == head:
        return "variable"
    return "setting" if "." in head else "term"


def clause(description: str, words: int = 18) -> tuple[str, str | None] | None:
    """The description's first clause (3 to `words` words) as the rest of a question: third person ("copies the
    permission bits …"), and in the base form when the description opens with one ("copy the permission bits …")."""
    first = re.split(r"(?<=[.;:])\s|,\s(?:and |or |but )?(?:if|when|which|unless|so|as)\b", description, maxsplit=1)[0]
    parts = first.rstrip(".;:").split()
    if not 3 <= len(parts) <= words:
        return None
    verb, rest = parts[0].lower(), " ".join(parts[1:])
    if verb in _VERBS:
        return f"{third_person(verb)} {rest}", f"{verb} {rest}"
    if any(verb == third_person(v) for v in _VERBS):
        return f"{verb} {rest}", None
    return None


def entries(text: str) -> list[tuple[int, int, int, int]]:
    """(term start, term end, description start, description end) of each definition entry of a page: a term
    line after a blank line (or the page's start), its description on the next line."""
    out = []
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    for i in range(len(lines) - 1):
        a, b = lines[i]
        c, d = lines[i + 1]
        blank_before = i == 0 or lines[i - 1][0] == lines[i - 1][1]
        if blank_before and b > a and d > c and is_definition_line(text[a:b]) and not is_definition_line(text[c:d]):
            out.append((a, b, c, d))
    return out


def make_questions(doc_id: str, text: str, rng: random.Random) -> list[Made]:
    """The questions one page's definition entries give (see the module's docstring); `rng` picks each
    question's wording ("Which function …?", "What function …?", "How do I …?")."""
    out = []
    for a, b, c, d in entries(text):
        term = text[a:b]
        lead = _PREFIXES.match(term)
        skip = lead.end() if lead else 0
        name = _NAME.match(term[skip:])
        description = text[c:d]
        if name and len(name.group(0)) > 1 and name.group(0) not in _C_TYPES:
            said = clause(description)
            if said:
                kind = term_kind(term)
                forms = [f"Which {kind} {said[0]}?", f"What {kind} {said[0]}?"]
                if said[1]:
                    forms += [f"How do I {said[1]}?", f"How can I {said[1]}?"]
                q = rng.choice(forms)
                out.append(Made(q, doc_id, a + skip, a + skip + len(name.group(0).rstrip(".:")), "term", a, d))
        m = _DEFAULT.search(description)
        if m and name:
            g = next(k for k in "abc" if m.group(k))
            val_start, val_end = c + m.start(g), c + m.end(g)
            label = name.group(0).rstrip(".:")
            out.append(Made(f"What is the default value of {label}?", doc_id, val_start, val_end, "default", a, d))
    return out


def pages(folder: Path) -> list[Path]:
    """The manual's pages: HTML files, less indexes and search pages."""
    skip = re.compile(r"genindex|search|py-modindex|contents|copyright|license|bugs|about|download")
    return sorted(p for p in folder.rglob("*.html") if not skip.search(p.name) and "c-api" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    from rag.ingest.html import html_text

    ap = argparse.ArgumentParser(prog="python -m eval.docs_questions", description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=0, help="at most N questions, drawn at random")
    args = ap.parse_args(argv)
    made, rng = [], random.Random(0)
    for p in pages(args.folder):
        text, _ = html_text(p.read_text(encoding="utf-8", errors="replace"))
        for m in make_questions(str(p.relative_to(args.folder)), text, rng):
            made.append({**m.__dict__, "answer": text[m.start : m.end]})
    random.Random(0).shuffle(made)
    if args.limit:
        made = made[: args.limit]
    args.out.write_text("".join(json.dumps(m) + "\n" for m in made))
    print(f"{len(made)} questions from {args.folder} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
