"""HTML for the Gradio page (`app.py`): answers as quotes with their sources, passage tables, reports.

Pure functions from the records of `rag.models` to HTML strings; every piece of document text is
HTML-escaped. The CSS classes named here are what the page's stylesheet (`CSS`) and the end-to-end
tests look for: `.rag-quote`, `.rag-source`, `.rag-notfound`, `.rag-hits`, `.rag-report`.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from rag.models import Answer, Hit, IndexReport, IndexStats, Quote
from rag.ui.api import DocumentInfo
from rag.ui.printing import CHOSEN_BY, not_found_text

_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_SPACES = re.compile(r"\s+")


def file_name(source: str) -> str:
    """The file name of a document's source path (the whole source when it is not a path)."""
    return Path(source).name or source


def where(start: int, end: int, page: int | None) -> str:
    """'chars 1789–1904' and ', p. 3' when the document has pages."""
    return f"chars {start}–{end}" + (f", p. {page}" if page else "")


def snippet(text: str, limit: int = 220) -> str:
    """`text` on one line, cut at a word boundary near `limit` characters (not escaped)."""
    flat = _SPACES.sub(" ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def _marked(q: Quote) -> str:
    """The quote's exact text, escaped, with the reader's answer span (if any) in <mark>."""
    if q.span is None:
        return escape(q.text)
    a = min(max(q.span.start - q.start, 0), len(q.text))
    b = min(max(q.span.end - q.start, a), len(q.text))
    if a == b:
        return escape(q.text)
    return f'{escape(q.text[:a])}<mark class="rag-span">{escape(q.text[a:b])}</mark>{escape(q.text[b:])}'


def _paragraphs(text: str) -> str:
    """Escaped context text whose runs of blank lines shrink to one (shown with pre-line)."""
    return escape(_BLANK_LINES.sub("\n\n", text))


def source_line(title: str, source: str, start: int, end: int, page: int | None) -> str:
    return (
        f'<div class="rag-source"><span class="rag-title">{escape(title)}</span>'
        f'<span class="rag-sep"> · </span><span class="rag-file">{escape(file_name(source))}</span>'
        f'<span class="rag-sep"> · </span><span class="rag-where">{escape(where(start, end, page))}</span></div>'
    )


def render_quote(q: Quote, number: int) -> str:
    """One quote as a blockquote, its source line, and a collapsible view in context."""
    before, after = q.before.lstrip(), q.after.rstrip()
    lead = "…" if before and q.start > len(q.before) else ""
    tail = "…" if after else ""
    context = f"{lead}{_paragraphs(before)}<strong>{_marked(q)}</strong>{_paragraphs(after)}{tail}"
    return (
        f'<figure class="rag-item" data-rank="{number}">'
        f'<blockquote class="rag-quote">{_marked(q)}</blockquote>'
        f"{source_line(q.title, q.source, q.start, q.end, q.page)}"
        f'<details class="rag-context"><summary>Show in context</summary>'
        f'<div class="rag-context-text">{context}</div></details>'
        f"</figure>"
    )


def render_answer(ans: Answer) -> str:
    """The page's answer panel: the quotes best first, or a plain statement that there is none."""
    if not ans.found:
        return render_not_found(ans)
    n = len(ans.quotes)
    meta = (
        f'<div class="rag-meta">{n} quote{"s" if n != 1 else ""} from the documents'
        f" · confidence {ans.confidence:.2f} · chosen by {escape(CHOSEN_BY[ans.basis])}</div>"
    )
    quotes = "".join(render_quote(q, i) for i, q in enumerate(ans.quotes, start=1))
    short = ""
    if ans.quotes and ans.quotes[0].span is not None:  # a span shorter than the quote: the short answer first
        short = f'<p class="rag-short"><span class="rag-short-label">Answer</span> {escape(ans.text)}</p>'
    return f'<div class="rag-answer">{short}{meta}{quotes}</div>'


def render_not_found(ans: Answer) -> str:
    parts = [f'<div class="rag-answer"><p class="rag-notfound">{escape(not_found_text(ans))}</p>']
    if ans.hits:
        parts.append('<p class="rag-closest-label">Closest passages:</p><ol class="rag-closest">')
        for h in ans.hits[:3]:
            parts.append(
                f"<li>{source_line(h.title, h.source, h.start, h.end, h.page)}"
                f'<div class="rag-snippet">{escape(snippet(h.text))}</div></li>'
            )
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)


def render_message(text: str) -> str:
    """A neutral one-line message in the answer panel (empty question, errors)."""
    return f'<div class="rag-answer"><p class="rag-message">{escape(text)}</p></div>'


def retriever_cell(hit: Hit, name: str) -> str:
    r = hit.retrievers.get(name)
    return f"#{r.rank} ({r.score:.3f})" if r else "—"


def render_hits(hits: list[Hit], retrievers: tuple[str, ...] = ("bm25", "dense")) -> str:
    """The retrieved passages as a table: rank, document, offsets, fused score, each retriever."""
    if not hits:
        return '<p class="rag-message">No passages retrieved.</p>'
    labels = ("#", "document", "offsets", "fused score", *retrievers, "passage")
    head = "".join(f"<th>{escape(h)}</th>" for h in labels)
    rows = []
    for h in hits:
        cells = [
            str(h.rank),
            f'<span class="rag-file">{escape(file_name(h.source))}</span>'
            f'<div class="rag-doc-title">{escape(snippet(h.title, 80))}</div>',
            escape(where(h.start, h.end, h.page)),
            f"{h.score:.4f}",
            *(escape(retriever_cell(h, n)) for n in retrievers),
            f'<span class="rag-snippet">{escape(snippet(h.text, 160))}</span>',
        ]
        rows.append("<tr>" + "".join(f'<td data-label="{escape(n)}">{c}</td>' for n, c in zip(labels, cells)) + "</tr>")
    table = f'<table class="rag-hits"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    return scrolling(table, "Retrieved passages")


def scrolling(table: str, label: str) -> str:
    """A wide table in its own horizontally scrolling box, so a narrow screen scrolls it, not the page."""
    return f'<div class="rag-scroll" role="region" tabindex="0" aria-label="{escape(label)}">{table}</div>'


def render_documents(docs: list[DocumentInfo], limit: int = 500) -> str:
    """The indexed documents as a table (id, title, passages, characters), the first `limit` of them."""
    if not docs:
        return '<p class="rag-message">No documents are indexed yet: add some in the Ask tab.</p>'
    rows = "".join(
        f'<tr><td data-label="id"><span class="rag-file">{escape(d.id)}</span></td>'
        f'<td data-label="title">{escape(snippet(d.title, 100))}</td>'
        f'<td class="rag-num" data-label="passages">{d.passages:,}</td>'
        f'<td class="rag-num" data-label="characters">{d.chars:,}</td></tr>'
        for d in docs[:limit]
    )
    more = f'<p class="rag-message">… and {len(docs) - limit:,} more.</p>' if len(docs) > limit else ""
    head = "<tr><th>id</th><th>title</th><th>passages</th><th>characters</th></tr>"
    table = f'<table class="rag-docs"><thead>{head}</thead><tbody>{rows}</tbody></table>'
    return f'<p class="rag-report-summary">{len(docs):,} documents</p>{scrolling(table, "Indexed documents")}{more}'


def render_stats(stats: IndexStats) -> str:
    """Documents, passages and embedder of the index, as a row of small badges."""
    embedder = stats.embedder.rsplit("/", 1)[-1]
    return (
        '<div class="rag-stats">'
        f'<span class="rag-stat" data-stat="documents"><b>{stats.documents:,}</b> documents</span>'
        f'<span class="rag-stat" data-stat="passages"><b>{stats.chunks:,}</b> passages</span>'
        f'<span class="rag-stat" data-stat="embedder">embedder <b>{escape(embedder)}</b></span>'
        "</div>"
    )


def render_report(report: IndexReport, names: dict[str, str] | None = None) -> str:
    """What adding or removing did: the counts, each file by name, each skipped file with its reason.

    `names` maps document ids and stored paths to the names the user knows (the uploaded names).
    """
    names = names or {}

    def name(key: str) -> str:
        return names.get(key) or file_name(key)

    removed = f"{len(report.removed)} removed, " if report.removed else ""
    counts = (
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {removed}{len(report.skipped)} skipped"
    )
    items = []
    labelled = (("added", report.added), ("updated", report.updated), ("unchanged", report.unchanged))
    for label, ids in (*labelled, ("removed", report.removed)):
        for doc_id in ids:
            items.append(f'<li class="rag-{label}"><b>{label}</b> {escape(name(doc_id))}</li>')
    for old, new in report.moved.items():
        items.append(f'<li class="rag-moved"><b>moved</b> {escape(name(old))} → {escape(name(new))}</li>')
    for s in report.skipped:
        items.append(f'<li class="rag-skipped"><b>skipped</b> {escape(name(s.path))}: {escape(s.reason)}</li>')
    for doc_id, encoding in report.decoded.items():
        items.append(f'<li class="rag-decoded"><b>decoded</b> {escape(name(doc_id))} as {escape(encoding)}</li>')
    n = report.chunks_embedded
    extra = f" · {n} passage{'s' if n != 1 else ''} embedded" if n else ""
    return f'<div class="rag-report"><p class="rag-report-summary">{counts}{extra}</p><ul>{"".join(items)}</ul></div>'


CSS = """
body { --rag-link: #4338ca; --rag-warn: #b45309; --rag-mark-bg: #fde68a; --rag-mark-text: #1f2937; }
:root body.dark { --rag-link: #a5b4fc; --rag-warn: #fbbf24; --rag-mark-bg: #fde68a; --rag-mark-text: #111827;
  --color-accent: #818cf8; }  /* the theme's accent has no dark variant: the selected tab was 3:1 on black */
.rag-header h1 { margin-bottom: 0.1rem; }
.rag-header p { margin-top: 0; color: var(--body-text-color-subdued); }
.rag-side-title h3 { margin: 0.2rem 0 0 0; font-size: 1rem; }
.rag-hint, .rag-hint p { font-size: 0.85rem; color: var(--body-text-color-subdued); }
.rag-stats { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.25rem 0; }
.rag-stat { padding: 0.2rem 0.7rem; border-radius: 999px; font-size: 0.9rem;
  background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary); }
#answer { min-height: 2rem; }
.rag-answer { font-size: 1.02rem; line-height: 1.55; }
.rag-short { font-size: 1.25rem; font-weight: 600; margin: 0 0 0.4rem 0; }
.rag-short-label { font-size: 0.75rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em;
  padding: 0.1rem 0.45rem; margin-right: 0.35rem; border-radius: 999px; vertical-align: middle;
  background: var(--button-primary-background-fill); color: var(--button-primary-text-color); }
.rag-meta { font-size: 0.85rem; color: var(--body-text-color-subdued); margin-bottom: 0.5rem; }
.rag-item { margin: 0 0 1.1rem 0; padding: 0; }
.rag-quote { margin: 0; padding: 0.75rem 1rem; font-size: 1.1rem; line-height: 1.6;
  border-left: 4px solid var(--color-accent); background: var(--background-fill-secondary);
  border-radius: 0 var(--radius-md) var(--radius-md) 0; quotes: "\\201C" "\\201D"; }
.rag-quote::before { content: open-quote; }
.rag-quote::after { content: close-quote; }
.rag-quote mark, .rag-context mark { background: var(--rag-mark-bg); color: var(--rag-mark-text); padding: 0 0.1em;
  border-radius: 3px; }
.rag-source { margin: 0.35rem 0 0 1.1rem; font-size: 0.88rem; color: var(--body-text-color-subdued); }
.rag-source .rag-title { font-weight: 600; color: var(--body-text-color); }
.rag-where { white-space: nowrap; }
.rag-file { font-family: var(--font-mono); font-size: 0.85em; }
.rag-context { margin: 0.3rem 0 0 1.1rem; font-size: 0.88rem; }
.rag-context summary { cursor: pointer; color: var(--rag-link); }
.rag-context-text { white-space: pre-line; margin-top: 0.35rem; padding: 0.5rem 0.75rem;
  border: 1px dashed var(--border-color-primary); border-radius: var(--radius-md);
  color: var(--body-text-color-subdued); }
.rag-context-text strong { color: var(--body-text-color); }
.rag-notfound { font-size: 1.1rem; font-weight: 600; margin: 0 0 0.5rem 0; }
.rag-closest-label { margin: 0.25rem 0; color: var(--body-text-color-subdued); }
.rag-closest { margin: 0; padding-left: 1.4rem; }
.rag-closest li { margin-bottom: 0.6rem; }
.rag-closest .rag-source { margin: 0; }
.rag-snippet { font-size: 0.88rem; color: var(--body-text-color-subdued); }
.rag-quote, .rag-snippet, .rag-context-text, .rag-notfound { overflow-wrap: anywhere; }  /* a URL breaks, on a phone too */
.rag-message { color: var(--body-text-color-subdued); }
.rag-scroll { max-width: 100%; overflow-x: auto; }
.rag-scroll table { width: 100%; border-collapse: collapse; border: none !important; font-size: 0.85rem; margin: 0; }
.rag-scroll tr, .rag-scroll thead, .rag-scroll tbody { border: none !important; }
.rag-scroll th, .rag-scroll td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem;
  border: none !important; border-bottom: 1px solid var(--border-color-primary) !important;
  background: transparent; }
.rag-scroll th { font-weight: 600; border-bottom-width: 2px !important; }
.rag-scroll td.rag-num, .rag-docs th:nth-child(n+3) { text-align: right; white-space: nowrap; }
.rag-hits td:nth-child(-n+6) { white-space: nowrap; }
.rag-hits td:nth-child(2) { white-space: normal; min-width: 11rem; }
@media (max-width: 640px) {  /* a phone: each row a card, its fields labelled, nothing wider than the screen */
  .rag-scroll thead { display: none; }
  .rag-scroll tr { display: block; padding: 0.5rem 0; border-bottom: 1px solid var(--border-color-primary) !important; }
  .rag-scroll td, .rag-hits td:nth-child(-n+6) { display: inline-block; border: none !important;
    padding: 0.1rem 0.6rem 0.1rem 0 !important; white-space: normal; min-width: 0; text-align: left !important; }
  .rag-hits td:nth-child(2), .rag-hits td:last-child, .rag-docs td:nth-child(-n+2) { display: block; }
  .rag-hits td:not(:nth-child(2)):not(:last-child)::before,
  .rag-docs td:nth-child(n+3)::before { content: attr(data-label) " "; font-weight: 600; }
}
.rag-doc-title { color: var(--body-text-color-subdued); font-size: 0.8rem; }
#remove { max-width: 16rem; }
.rag-report-summary { font-weight: 600; margin: 0.25rem 0; }
.rag-report ul { margin: 0; padding-left: 1.2rem; font-size: 0.9rem; }
.rag-report .rag-skipped b { color: var(--rag-warn); }
"""
