"""How the command line prints reports, passages and answers: for people, or as one JSON document."""

from __future__ import annotations

import json
import textwrap
from pathlib import PurePath

from rag.ingest.files import SUPPORTED_NOTE, is_supported
from rag.ingest.skip import by_design
from rag.models import Answer, Hit, IndexReport, IndexStats, Quote
from rag.ui.names import shown, shown_text

NOT_FOUND = "The documents do not answer this question."


def where(doc_id: str, start: int, end: int, page: int | None) -> str:
    return f"{shown(doc_id)} [{start}:{end}]" + (f" p.{page}" if page else "")


RECUT = " (unchanged; its passages cut again by this rag's chunker)"  # after an updated document in `recut`


def report_lines(report: IndexReport) -> list[str]:
    """One line per document added, updated, removed, decoded from another encoding, or skipped."""
    recut = set(report.recut)
    lines = [
        f"  {title:9} {shown(doc_id)}" + (RECUT if doc_id in recut else "")
        for title, items in (("added", report.added), ("updated", report.updated), ("removed", report.removed))
        for doc_id in items
    ]
    lines += [f"  decoded   {shown(d)}: as {enc} (not UTF-8)" for d, enc in report.decoded.items()]
    return lines + skipped_lines(report)


GROUP_AT = 4  # this many skipped files of one type rag does not read are one line


def skipped_lines(report: IndexReport) -> list[str]:
    """One line per skipped file, except files of a type rag does not read and files it leaves out by design:
    one line per type or kind when there are GROUP_AT or more of it (an HTML manual's 121 .gif images, GNU
    Texinfo's 89 redirect pages of diffutils' manual), so that the files that failed stand out."""
    by_kind: dict[tuple[str, str], list[str]] = {}  # (what the files are, why they are skipped) -> paths
    for s in report.skipped:
        suffix = PurePath(s.path).suffix.lower()
        if not is_supported(s.path):
            files = f"{suffix} files" if suffix else "files without an extension"
            by_kind.setdefault((files, f": {s.reason}"), []).append(s.path)
        elif kind := by_design(s.reason):
            by_kind.setdefault((kind[0], f": {kind[1]}"), []).append(s.path)
    groups = {kind: paths for kind, paths in by_kind.items() if len(paths) >= GROUP_AT}
    hidden = {p for paths in groups.values() for p in paths}
    lines = [f"  skipped   {shown(s.path)}: {shown(s.reason)}" for s in report.skipped if s.path not in hidden]
    for (files, why), paths in groups.items():
        lines.append(f"  skipped   {len(paths)} {files} ({shown(paths[0])}, ...){shown(why)}")
    return once_supported(lines)


def once_supported(lines: list[str]) -> list[str]:
    """The lines without the list of supported types that ends each unsupported file's reason, and that list once
    after them: a manual's folder had it on every line of its images and scripts."""
    out = [line.replace(f" ({SUPPORTED_NOTE})", "").replace(f"; {SUPPORTED_NOTE})", ")") for line in lines]
    return out + [f"  ({SUPPORTED_NOTE})"] if out != lines else lines


def print_index_report(report: IndexReport, stats: IndexStats) -> None:
    for line in report_lines(report):
        print(line)
    print(f"{report.summary()} -> {stats.documents} documents, {stats.chunks} passages in {shown(stats.path)}")


def print_hits(hits: list[Hit]) -> None:
    if not hits:
        print("No passages match this question.")
    for h in hits:
        ranks = ", ".join(f"{n} #{r.rank} ({r.score:.3f})" for n, r in h.retrievers.items())
        print(f"{h.rank}. {where(h.doc_id, h.start, h.end, h.page)}  score {h.score:.4f}  [{ranks}]")
        print(f"   {shown(h.title)}  —  {shown(h.source)}")
        print(textwrap.indent(textwrap.fill(" ".join(shown_text(h.text).split()), 100), "   | "))
        print()


def hits_json(hits: list[Hit]) -> str:
    """The hits as one JSON array of Hit records."""
    return json.dumps([h.model_dump(mode="json") for h in hits], indent=2, ensure_ascii=False)


def marked(q: Quote, bold: bool) -> str:
    """The quote on one line with its answer span marked: bold on a terminal, else between » and «."""
    a, b = (q.span.start - q.start, q.span.end - q.start) if q.span else (0, 0)
    if a == b:
        return " ".join(shown_text(q.text).split())
    left, right = ("\033[1m", "\033[0m") if bold else ("»", "«")
    before, span, after = (shown_text(t) for t in (q.text[:a], q.text[a:b], q.text[b:]))
    return " ".join(f"{before}{left}{span}{right}{after}".split())


def not_found_text(ans: Answer) -> str:
    """Why an abstaining answer has none: "The documents do not answer this question.", and the names it asks
    about that they never mention."""
    names = ", ".join(shown_text(n) for n in ans.unmentioned)
    return NOT_FOUND + (f" They never mention {names}." if names else "")


# What chose a short answer (`Answer.basis`), as the confidence line says it.
CHOSEN_BY = {
    "reader": "the reader's best span",
    "described": "the entry of the term or question asked",
    "worded": "the entry in the question's words",
    "sentences": "the best-scored sentence",
}


def print_answer(ans: Answer, bold: bool = False) -> None:
    """The short answer and its quotes with their sources, or a plain statement that there is none."""
    if not ans.found:
        print(not_found_text(ans))
        if ans.hits:
            print("Closest passages:")
            for h in ans.hits[:3]:
                print(f"  - {where(h.doc_id, h.start, h.end, h.page)}  {shown(h.title)}")
        return
    if ans.span is not None and ans.quotes and ans.quotes[0].span is not None:
        s = ans.span
        print(f"Answer: {' '.join(shown_text(ans.text).split())}  — {where(s.doc_id, s.start, s.end, s.page)}")
    for i, q in enumerate(ans.quotes, start=1):
        print(f"{i}. “{marked(q, bold)}”")
        print(
            f"   — {shown(q.title)}, {where(q.doc_id, q.start, q.end, q.page)}  ({shown(q.source)})  score {q.score:.3f}"
        )
    print(f"(confidence {ans.confidence:.3f}, threshold {ans.threshold:.3f}; chosen by {CHOSEN_BY[ans.basis]})")
