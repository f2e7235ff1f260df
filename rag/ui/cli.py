"""The `rag` command line: index folders, search passages, ask questions, run the eval."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rag.embed.factory import BACKENDS
from rag.errors import BadInput
from rag.ingest.files import DEFAULT_MAX_FILE_MB, MAX_FILE_ENV, is_supported, max_file_mb
from rag.ingest.skip import by_design
from rag.models import MODES, IndexReport
from rag.settings import EXACT_LIMIT
from rag.shard.cli import add_options, check_options, open_sharded_for_index, wants_shards
from rag.ui.failures import OK, PARTIAL, exit_code_table, run_reporting
from rag.ui.names import shown
from rag.ui.printing import hits_json, print_answer, print_hits, print_index_report
from rag.ui.progress import progress_bar, show_notices

DEFAULT_INDEX = os.environ.get("RAG_INDEX", "index")


def check_index_folder(index: str | Path) -> None:
    """Refuse an --index that names a file (or lies under one) before any work is done."""
    path = Path(index).absolute()
    for p in (path, *path.parents):
        if p.exists():
            if not p.is_dir():
                what = "is a file" if p == path else f"is inside {shown(p)}, which is a file"
                raise BadInput(f"--index {shown(index)} {what}, not an index folder: name a folder")
            return


def check_paths(paths: list[str]) -> None:
    """Refuse paths that do not exist (a typo), naming each, before anything is opened or created."""
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise BadInput(f"no such file or folder: {', '.join(shown(p) for p in missing)}; nothing was indexed")


def check_question(text: str) -> str:
    if not text.strip():
        raise BadInput("the question is empty: ask something about the documents")
    return text


def done(report: IndexReport, kinds_we_skip: bool = False) -> int:
    """0, or 3 when a file could not be read or an id was not found. With `kinds_we_skip`, a file of a
    type rag does not read (a .jpg among the documents) or one it leaves out by design (an HTML redirect page,
    `skip.by_design`) is listed but does not count as a failure."""
    failed = [s for s in report.skipped if not (kinds_we_skip and (not is_supported(s.path) or by_design(s.reason)))]
    return PARTIAL if failed else OK


def _open(path: str, create: bool = False, embedder: str | None = None, **waiting):
    from rag.embed import load_embedder
    from rag.index import Index

    check_index_folder(path)
    return Index.open(path, create=create, embedder=load_embedder(embedder), **waiting)


def _waiting(args: argparse.Namespace) -> dict:
    """How a write waits for another process's: says so on stderr, or fails at once with --no-wait."""
    return {"wait": not getattr(args, "no_wait", False), "on_busy": lambda m: print(m, file=sys.stderr, flush=True)}


def cmd_index(args: argparse.Namespace) -> int:
    from rag.embed import load_embedder
    from rag.index import Index

    check_paths(args.paths)
    check_index_folder(args.index)
    if args.max_file_mb is not None:
        os.environ[MAX_FILE_ENV] = str(max_file_mb(args.max_file_mb))  # read by the file walk and readers
    if sharded := wants_shards(args):  # a sharded index (rag.shard); built by a Ray Data job with --ray
        check_options(args)
    if args.rebuild:  # only what rag made goes; a folder holding anything else (or documents) is refused
        from rag.store.clear import clear_index

        clear_index(args.index, args.paths, **_waiting(args))
    build = None
    if args.exact:
        from rag.settings import BuildSettings

        build = BuildSettings(dense_exact_limit=None)
    if sharded:
        index = open_sharded_for_index(args, build, load_embedder(args.embedder), **_waiting(args))
    else:
        index = Index.open(
            args.index, create=True, build=build, embedder=load_embedder(args.embedder), **_waiting(args)
        )
    report = index.add(args.paths, root=args.root, progress=progress_bar("embedding"))
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print_index_report(report, index.stats())
    return done(report, kinds_we_skip=True)


def cmd_remove(args: argparse.Namespace) -> int:
    index = _open(args.index, embedder=args.embedder, **_waiting(args))
    report = index.remove(args.doc_ids)
    if args.json:
        print(report.model_dump_json(indent=2))
        return done(report)
    for s in report.skipped:
        print(f"  not found {shown(s.path)}")
    print(report.summary())
    return done(report)


def cmd_search(args: argparse.Namespace) -> int:
    question = check_question(args.question)
    index = _open(args.index, embedder=args.embedder)
    hits = index.search(question, k=args.k, mode=args.mode)
    if args.json:
        print(hits_json(hits))
    else:
        print_hits(hits)
    return OK


def cmd_ask(args: argparse.Namespace) -> int:
    question = check_question(args.question)
    index = _open(args.index, embedder=args.embedder)
    ans = index.ask(question, k=args.k, mode=args.mode, threshold=args.threshold)
    if args.json:
        print(ans.model_dump_json(indent=2, exclude={"hits"}))
    else:
        print_answer(ans, bold=sys.stdout.isatty())
    return OK


def cmd_stats(args: argparse.Namespace) -> int:
    print(_open(args.index, embedder=args.embedder).stats().model_dump_json(indent=2))  # JSON with or without --json
    return OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rag",
        description="Offline question answering over your own documents, with exact quotes.",
        epilog=exit_code_table(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        p.add_argument("--json", action="store_true", help="print the result as one JSON document on stdout")
        p.epilog = exit_code_table()
        p.formatter_class = argparse.RawDescriptionHelpFormatter
        return p

    p = with_index(
        sub.add_parser(
            "index",
            help="index files and folders (only new or changed files are embedded)",
            description="Index .txt, .md, .html, .pdf, .docx and .rst files, recursively. Files that "
            "vanished from an indexed folder leave the index.",
        )
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument(
        "--root",
        metavar="DIR",
        help="corpus root that document ids are relative to (default: the folder given, or the common parent)",
    )
    p.add_argument(
        "--max-file-mb",
        type=float,
        metavar="MB",
        help=f"skip files larger than this (default: ${MAX_FILE_ENV}, else {DEFAULT_MAX_FILE_MB:g})",
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="delete the index first and build it anew (only a folder holding nothing but an index)",
    )
    p.add_argument("--no-wait", action="store_true", help="fail at once if another process is changing the index")
    p.add_argument(
        "--exact",
        action="store_true",
        help=f"a new index keeps dense search exact at any size (default: approximate past {EXACT_LIMIT:,} passages)",
    )
    add_options(p)
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
    p.set_defaults(func=cmd_ask)

    p = with_index(sub.add_parser("remove", help="remove documents by id", description="Remove documents by id."))
    p.add_argument("doc_ids", nargs="+", metavar="DOC_ID")
    p.add_argument("--no-wait", action="store_true", help="fail at once if another process is changing the index")
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
    show_notices()
    return run_reporting("rag", lambda: args.func(args))


if __name__ == "__main__":
    sys.exit(main())
