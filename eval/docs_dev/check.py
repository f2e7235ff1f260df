"""Check a docs_dev question set against its corpus: `python eval/docs_dev/check.py [--set sqlite|node|ant] [DEST]`, exit 1 on a problem."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
KEYS = {"id", "question", "answers", "doc"}
MIN_ANSWERABLE, MIN_UNANSWERABLE, MIN_PAGES = 30, 6, 20

# Unanswerable questions: terms that must appear in no page (case-insensitive), so that
# no page can hold their answer.
ABSENT_GIT: dict[str, list[str]] = {
    "g51": ["hgrc", "mercurial"],
    "g52": ["approving review", "required review", "approvals"],
    "g53": ["svnadmin"],
    "g54": ["os.path"],
    "g55": ["git lfs", "git-lfs", "large file storage"],
    "g56": ["gitlab"],
    "g57": ["100 MB", "100 MiB", "100MB", "file size limit"],
    "g58": ["venv", "virtualenv", "virtual environment"],
}
ABSENT_SQLITE: dict[str, list[str]] = {
    "s41": ["listens on port", "tcp port", "server port"],
    "s42": ["grant select", "create role"],
    "s43": ["mongodb", "capped collection"],
    "s44": ["hot standby", "streaming replication"],
    "s45": ["nvl2"],
    "s46": ["redis"],
    "s47": ["nginx", "worker_processes"],
    "s48": ["max_connections", "postgresql.conf"],
}
ABSENT_NODE: dict[str, list[str]] = {
    "n33": ["deno run", "--allow-net", "deno.land"],
    "n34": ["asyncio"],
    "n35": ["-Xmx", "java virtual machine", "jvm"],
    "n36": ["kubernetes", "spec.replicas"],
    "n37": ["redis-server", "6379"],
    "n38": ["nginx", "proxy_pass"],
    "n39": ["pm2", "zero downtime", "zero-downtime"],
    "n40": ["webpack", "splitChunks"],
}
ABSENT_ANT: dict[str, list[str]] = {
    "a19": ["kubernetes"],
    "a20": ["built-in web server", "built-in server"],
    "u01": ["maven central", "sonatype"],
    "u02": ["gradle"],
    "u03": ["docker"],
    "u04": ["jenkins"],
}
# name: (questions, default corpus folder, how to make it, pages (glob, under the folder), unanswerable key terms)
SETS = {
    "git": (
        HERE / "git_doc_dev.jsonl",
        REPO / ".cache" / "docs_dev" / "git-doc",
        "bash eval/docs_dev/build_corpus.sh",
        "*.html",
        ABSENT_GIT,
    ),
    "sqlite": (
        HERE / "sqlite_doc_dev.jsonl",
        Path("/usr/share/doc/sqlite3"),
        "apt-get install sqlite3-doc",
        "**/*.html",
        ABSENT_SQLITE,
    ),
    "node": (
        HERE / "node_doc_dev.jsonl",
        REPO / ".cache" / "docs_dev" / "nodejs",
        "bash eval/docs_dev/build_node_corpus.sh",
        "*.html",
        ABSENT_NODE,
    ),
    "ant": (
        HERE / "ant_doc_dev.jsonl",
        Path("/usr/share/doc/ant/manual"),
        "bash eval/docs_dev/install_package.sh ant-doc /usr/share/doc/ant/manual",
        "**/*.html",
        ABSENT_ANT,
    ),
}

# Like rag's HTML reader: text outside these tags is visible; block tags end a line.
SKIP = {"script", "style", "head", "noscript", "template", "svg"}
BLOCK = {
    "p", "div", "br", "hr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
    "header", "footer", "table", "ul", "ol", "dl", "dt", "dd", "pre", "blockquote", "main", "nav",
    "aside", "figure", "figcaption", "form", "fieldset", "address", "details", "summary", "caption",
    "body", "html", "td", "th",
}  # fmt: skip


class Visible(HTMLParser):
    """Visible text; outside <pre> whitespace collapses, and every block boundary is a newline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # unescapes entities
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skipping.append(tag)
        elif not self.skipping:
            if tag in BLOCK:
                self.parts.append("\n")
            self.pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            while self.skipping.pop() != tag:
                pass
        elif not self.skipping:
            if tag in BLOCK:
                self.parts.append("\n")
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


def page_text(path: Path) -> tuple[str, list[str]]:
    """(whole visible text with all whitespace collapsed, its lines as rag's reader would cut them)."""
    p = Visible()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    raw = "".join(p.parts)
    blocks = [b for b in (re.sub(r"\s+", " ", x).strip() for x in raw.split("\n")) if b]
    return re.sub(r"\s+", " ", raw).strip(), blocks


def main(argv: list[str]) -> int:
    args = argv[1:]
    name = "git"
    if args[:1] == ["--set"] and len(args) > 1:
        name, args = args[1], args[2:]
    if name not in SETS:
        print(f"unknown set {name!r}: use one of {', '.join(SETS)}", file=sys.stderr)
        return 2
    dataset, default_dest, make, glob, absent = SETS[name]
    dest = Path(args[0]) if args else default_dest
    pages = sorted(dest.glob(glob))
    if not pages:
        print(f"no {glob} pages in {dest}; run: {make}", file=sys.stderr)
        return 1
    texts = {p.relative_to(dest).as_posix(): page_text(p) for p in pages}
    corpus_lower = "\n".join(t for t, _ in texts.values()).lower()

    problems: list[str] = []
    warnings: list[str] = []
    seen: dict[str, int] = {}
    duplicates = 0
    answerable = unanswerable = 0
    docs: set[str] = set()
    for lineno, line in enumerate(dataset.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {lineno}: not JSON ({e})")
            continue
        if not isinstance(obj, dict) or set(obj) != KEYS:
            problems.append(f"line {lineno}: expected an object with keys {sorted(KEYS)}")
            continue
        qid, question, answers, doc = obj["id"], obj["question"], obj["answers"], obj["doc"]
        if not isinstance(qid, str) or not qid:
            problems.append(f"line {lineno}: bad id {qid!r}")
            continue
        if qid in seen:
            problems.append(f"line {lineno}: duplicate id {qid} (first on line {seen[qid]})")
            duplicates += 1
        seen[qid] = lineno
        if not isinstance(question, str) or not question.strip():
            problems.append(f"{qid}: empty question")
        if not isinstance(answers, list) or not all(isinstance(a, str) and a.strip() for a in answers):
            problems.append(f"{qid}: answers must be a list of non-empty strings")
            continue
        if len(set(answers)) != len(answers):
            problems.append(f"{qid}: repeated answer strings")
        if not answers:
            unanswerable += 1
            if doc is not None:
                problems.append(f"{qid}: unanswerable but doc is {doc!r} (expected null)")
            terms = absent.get(qid)
            if not terms:
                problems.append(f"{qid}: unanswerable question without key terms in the set's ABSENT_ terms")
            for term in terms or []:
                if term.lower() in corpus_lower:
                    problems.append(f"{qid}: key term {term!r} occurs in the corpus")
            continue
        answerable += 1
        if not 1 <= len(answers) <= 3:
            problems.append(f"{qid}: {len(answers)} answers (expected 1-3)")
        if not isinstance(doc, str) or doc not in texts:
            problems.append(f"{qid}: doc {doc!r} is not a page in {dest}")
            continue
        docs.add(doc)
        whole, blocks = texts[doc]
        for a in answers:
            if a not in whole:
                problems.append(f"{qid}: answer {a!r} not verbatim in {doc}")
            elif not any(a in b for b in blocks):
                problems.append(f"{qid}: answer {a!r} in {doc} only across a block boundary")
            if re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", question):
                warnings.append(f"{qid}: answer {a!r} appears in the question")

    if answerable < MIN_ANSWERABLE:
        problems.append(f"only {answerable} answerable questions (want >= {MIN_ANSWERABLE})")
    if unanswerable < MIN_UNANSWERABLE:
        problems.append(f"only {unanswerable} unanswerable questions (want >= {MIN_UNANSWERABLE})")
    if len(docs) < MIN_PAGES:
        problems.append(f"only {len(docs)} distinct pages (want >= {MIN_PAGES})")

    print(f"corpus: {len(pages)} pages in {dest}")
    print(
        f"questions: {len(seen)} ({answerable} answerable, {unanswerable} unanswerable), "
        f"{len(docs)} distinct pages, ids unique: {'yes' if not duplicates else 'no'}"
    )
    for w in warnings:
        print(f"warning: {w}")
    for p in problems:
        print(f"PROBLEM: {p}")
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
