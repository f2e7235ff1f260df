"""The `rag` command line: index folders, search passages, ask questions, run the eval."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

from rag.embed.factory import BACKENDS
from rag.models import MODES, Answer, Quote
from rag.settings import EXACT_LIMIT
from rag.ui.failures import run_reporting
from rag.ui.progress import progress_bar

DEFAULT_INDEX = os.environ.get("RAG_INDEX", "index")


def _open(path: str, create: bool = False, embedder: str | None = None):
    from rag.embed import load_embedder
    from rag.index import Index

    return Index.open(path, create=create, embedder=load_embedder(embedder))


def cmd_index(args: argparse.Namespace) -> int:
    from rag.embed import load_embedder
    from rag.index import Index

    if args.rebuild:
        import shutil

        if Path(args.index).exists():
            shutil.rmtree(args.index)
    build = None
    if args.exact:
        from rag.settings import BuildSettings

        build = BuildSettings(dense_exact_limit=None)
    index = Index.open(args.index, create=True, build=build, embedder=load_embedder(args.embedder))
    report = index.add(args.paths, root=args.root, progress=progress_bar("embedding"))
    for title, items in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
        for doc_id in items:
            print(f"  {title:9} {doc_id}")
    for doc_id, encoding in report.decoded.items():
        print(f"  decoded   {doc_id}: as {encoding} (not UTF-8)")
    for s in report.skipped:
        print(f"  skipped   {s.path}: {s.reason}")
    stats = index.stats()
    print(f"{report.summary()} -> {stats.documents} documents, {stats.chunks} passages in {stats.path}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    index = _open(args.index, embedder=args.embedder)
    report = index.remove(args.doc_ids)
    for s in report.skipped:
        print(f"  not found {s.path}")
    print(report.summary())
    return 0 if not report.skipped else 1


def _where(doc_id: str, start: int, end: int, page: int | None) -> str:
    return f"{doc_id} [{start}:{end}]" + (f" p.{page}" if page else "")


def cmd_search(args: argparse.Namespace) -> int:
    index = _open(args.index, embedder=args.embedder)
    hits = index.search(args.question, k=args.k, mode=args.mode)
    if not hits:
        print("No passages match this question.")
        return 0
    for h in hits:
        ranks = ", ".join(f"{n} #{r.rank} ({r.score:.3f})" for n, r in h.retrievers.items())
        print(f"{h.rank}. {_where(h.doc_id, h.start, h.end, h.page)}  score {h.score:.4f}  [{ranks}]")
        print(f"   {h.title}  —  {h.source}")
        print(textwrap.indent(textwrap.fill(" ".join(h.text.split()), 100), "   | "))
        print()
    return 0


def marked(q: Quote, bold: bool) -> str:
    """The quote on one line with its answer span marked: bold on a terminal, else between » and «."""
    a, b = (q.span.start - q.start, q.span.end - q.start) if q.span else (0, 0)
    if a == b:
        return " ".join(q.text.split())
    left, right = ("\033[1m", "\033[0m") if bold else ("»", "«")
    return " ".join(f"{q.text[:a]}{left}{q.text[a:b]}{right}{q.text[b:]}".split())


def print_answer(ans: Answer, bold: bool = False) -> None:
    """The short answer and its quotes with their sources, or a plain statement that there is none."""
    if not ans.found:
        print("The documents do not answer this question.")
        if ans.hits:
            print("Closest passages:")
            for h in ans.hits[:3]:
                print(f"  - {_where(h.doc_id, h.start, h.end, h.page)}  {h.title}")
        return
    if ans.span is not None and ans.quotes and ans.quotes[0].span is not None:
        s = ans.span
        print(f"Answer: {' '.join(ans.text.split())}  — {_where(s.doc_id, s.start, s.end, s.page)}")
    for i, q in enumerate(ans.quotes, start=1):
        print(f"{i}. “{marked(q, bold)}”")
        print(f"   — {q.title}, {_where(q.doc_id, q.start, q.end, q.page)}  ({q.source})  score {q.score:.3f}")
    print(f"(confidence {ans.confidence:.3f}, threshold {ans.threshold:.3f})")


def cmd_ask(args: argparse.Namespace) -> int:
    index = _open(args.index, embedder=args.embedder)
    ans = index.ask(args.question, k=args.k, mode=args.mode, threshold=args.threshold)
    if args.json:
        print(ans.model_dump_json(indent=2, exclude={"hits"}))
    else:
        print_answer(ans, bold=sys.stdout.isatty())
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    print(_open(args.index, embedder=args.embedder).stats().model_dump_json(indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rag", description="Offline question answering over your own documents, with exact quotes."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_index(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--index",
            default=DEFAULT_INDEX,
            metavar="DIR",
            help=f"index folder (default: {DEFAULT_INDEX}; or set RAG_INDEX)",
        )
        p.add_argument(
            "--embedder",
            choices=BACKENDS,
            default=None,
            help="embedder backend: int8 (default; or set RAG_EMBEDDER) or the fp32 reference",
        )
        return p

    p = with_index(
        sub.add_parser(
            "index",
            help="index files and folders (only new or changed files are embedded)",
            description="Index .txt, .md, .html, .pdf and .docx files, recursively. Files that "
            "vanished from an indexed folder leave the index.",
        )
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument(
        "--root",
        metavar="DIR",
        help="corpus root that document ids are relative to (default: the folder given, or the common parent)",
    )
    p.add_argument("--rebuild", action="store_true", help="delete the index first and build it anew")
    p.add_argument(
        "--exact",
        action="store_true",
        help=f"a new index keeps dense search exact at any size (default: approximate past {EXACT_LIMIT:,} passages)",
    )
    p.set_defaults(func=cmd_index)

    p = with_index(
        sub.add_parser(
            "search",
            help="rank passages for a question",
            description="Print the best passages with their sources and character offsets.",
        )
    )
    p.add_argument("question")
    p.add_argument("-k", type=int, default=5, help="passages to show (default 5)")
    p.add_argument("--mode", choices=MODES, default="hybrid", help="retriever (default hybrid)")
    p.set_defaults(func=cmd_search)

    p = with_index(
        sub.add_parser(
            "ask",
            help="answer a question with exact quotes from the documents",
            description="Quote the sentences that answer QUESTION, with document, offsets "
            "and page, or say plainly that the documents do not answer it.",
        )
    )
    p.add_argument("question")
    p.add_argument("-k", type=int, default=None, help="passages to read (default: the index's setting)")
    p.add_argument("--mode", choices=MODES, default="hybrid", help="retriever (default hybrid)")
    p.add_argument("--threshold", type=float, default=None, help="abstain below this confidence (default: fitted)")
    p.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p.set_defaults(func=cmd_ask)

    p = with_index(sub.add_parser("remove", help="remove documents by id", description="Remove documents by id."))
    p.add_argument("doc_ids", nargs="+", metavar="DOC_ID")
    p.set_defaults(func=cmd_remove)

    p = with_index(sub.add_parser("stats", help="show what an index holds", description="Show index statistics."))
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "eval", add_help=False, help="evaluate retrieval, answers and latency on a dataset (see `rag eval --help`)"
    )
    p.add_argument("eval_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=lambda args: main(["eval", *args.eval_args]))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["eval"]:  # eval parses its own options (`rag eval --help` included)
        from rag.evaluation.run import main as eval_main

        return eval_main(argv[1:])
    args = build_parser().parse_args(argv)
    return run_reporting("rag", lambda: args.func(args))


if __name__ == "__main__":
    sys.exit(main())
