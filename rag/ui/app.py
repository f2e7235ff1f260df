"""The rag page (Gradio): ask questions, see exact quotes with their sources, add and remove documents.

    python app.py                         # the seeds corpus, http://127.0.0.1:7860
    python app.py --docs MY_FOLDER --index my_index --port 8000

One `Index` is shared by everyone using the page: searches read an immutable snapshot, so many
questions run at once while documents are being added, and questions waiting together are answered
in one batch. Programs use the four named API endpoints (`ask`, `search`, `documents`, `remove`,
see `rag.ui.endpoints`); every event of the page itself is private. Nothing per user is kept here.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry calls

import gradio as gr  # noqa: E402

from rag.errors import BadInput, RagError  # noqa: E402
from rag.index import Index  # noqa: E402
from rag.models import MODES, Mode  # noqa: E402
from rag.ui import page  # noqa: E402
from rag.ui.api import MAX_FILE_ENV, mb_text  # noqa: E402
from rag.ui.endpoints import ASK_GROUP, WRITE_GROUP, add_endpoints  # noqa: E402
from rag.ui.failures import run_reporting  # noqa: E402
from rag.ui.printing import skipped_lines  # noqa: E402
from rag.ui.progress import progress_bar, show_notices  # noqa: E402
from rag.ui.service import MAX_BATCH, PageService, warm_up  # noqa: E402
from rag.ui.uploads import FORMAT_NAMES, UPLOAD_TYPES, example_questions  # noqa: E402

PRIVATE: dict[str, Any] = {"api_visibility": "private"}  # events of the page only, not part of the API
ANSWER_LIVE = "element.setAttribute('aria-live', 'polite');"  # screen readers announce each new answer


def page_theme() -> gr.themes.Base:
    """Soft indigo, with every text and its background at least 4.5:1 apart in both themes (WCAG AA)."""
    theme = gr.themes.Soft(primary_hue="indigo", font=gr.themes.Default().font)
    readable = {
        "body_text_color_subdued": "*neutral_600",
        "body_text_color_subdued_dark": "*neutral_400",
        "block_label_text_color": "*primary_700",
        "block_title_text_color": "*primary_700",
        "button_primary_background_fill": "*primary_600",
        "button_primary_background_fill_hover": "*primary_700",
        "button_primary_background_fill_hover_dark": "*primary_700",
        "checkbox_label_background_fill_selected": "*primary_600",
        "color_accent": "*primary_600",
    }
    for name, value in readable.items():  # not theme.set(): it resets everything it is not given to gradio's base
        setattr(theme, name, value)
    return theme


# ---------------------------------------------------------------- the page


def build_app(index: Index, docs_dir: str | Path | None = None, service: PageService | None = None) -> gr.Blocks:
    """The page for `index`; `docs_dir` is the corpus folder its example questions are about."""
    svc = service or PageService(index)
    examples = example_questions(index, docs_dir)

    def stats_html() -> str:
        return page.render_stats(index.stats())

    def show_answer(question: str, mode: Mode, k: float) -> tuple[str, str]:
        if not (question or "").strip():
            return page.render_message("Type a question about the documents."), ""
        try:
            ans = svc.ask(question, k, mode)
        except RagError as e:
            return page.render_message(f"Could not answer: {e}"), ""
        return page.render_answer(ans), page.render_hits(ans.hits)

    def show_answer_again(question: str, mode: Mode, k: float) -> Any:
        """A changed retriever or passage count answers the question in the box again (if any)."""
        return show_answer(question, mode, k) if (question or "").strip() else (gr.skip(), gr.skip())

    def documents_view() -> tuple[str, Any]:
        docs = svc.documents()
        choices = [(f"{d.id} — {page.snippet(d.title, 60)}" if d.title else d.id, d.id) for d in docs]
        return page.render_documents(docs), gr.update(choices=choices, value=[])

    def add_files(files: list[Any] | None, progress=gr.Progress()) -> tuple[str, str, None, str, Any]:
        if not files:
            return page.render_message("Choose one or more files to add."), stats_html(), None, *documents_view()
        uploaded = [(Path(f), Path(getattr(f, "orig_name", None) or Path(f).name).name) for f in files]

        def tick(done: int, total: int) -> None:
            if total:
                progress((done, total), desc="Embedding passages", unit="passages")

        try:
            report, names = svc.add_uploads(uploaded, progress=tick)
            shown = page.render_report(report, names)
        except RagError as e:
            shown = page.render_message(f"Could not add the files: {e}")
        return shown, stats_html(), None, *documents_view()

    def remove_documents(ids: list[str] | None) -> tuple[str, str, str, Any]:
        try:
            shown = page.render_report(svc.remove(ids or []))
        except RagError as e:
            shown = page.render_message(str(e))
        return shown, stats_html(), *documents_view()

    limit = mb_text(svc.limit_mb)
    with gr.Blocks(title="rag — ask your documents", analytics_enabled=False) as demo:
        add_endpoints(svc, index.answer_settings.passages)  # first: the API's names are never taken by the page's
        gr.Markdown(
            "# rag — ask your documents\n"
            "Answers quoted word for word from your own files, with the document and character "
            "offsets they come from. Everything runs offline.",
            elem_classes="rag-header",
        )
        with gr.Tabs():
            with gr.Tab("Ask", id="ask-tab"):
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row(equal_height=True, elem_classes="rag-ask-row"):
                            question = gr.Textbox(
                                label="Question",
                                placeholder="Ask a question about the documents, then press Enter…",
                                lines=1,
                                scale=6,
                                elem_id="question",
                                autofocus=True,
                            )
                            ask_btn = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="ask")
                        with gr.Row(elem_classes="rag-controls"):
                            mode = gr.Radio(MODES, value="hybrid", label="Retriever", elem_id="mode")
                            k = gr.Slider(
                                1,
                                20,
                                value=index.answer_settings.passages,
                                step=1,
                                label="Passages to read",
                                elem_id="k",
                            )
                        ex = None
                        if examples:
                            ex = gr.Examples(
                                examples=[[q] for q in examples],
                                inputs=[question],
                                label="Example questions",
                                cache_examples=False,
                                api_visibility="private",
                            )
                        answer = gr.HTML("", elem_id="answer", js_on_load=ANSWER_LIVE)
                        with gr.Accordion("Retrieved passages", open=False, elem_id="passages"):
                            hits = gr.HTML("", elem_id="hits")
                    with gr.Column(scale=1, min_width=280):
                        gr.Markdown("### Index", elem_classes="rag-side-title")
                        stats = gr.HTML(stats_html(), elem_id="stats")
                        gr.Markdown("### Add documents", elem_classes="rag-side-title")
                        gr.Markdown(
                            f"{FORMAT_NAMES} files up to **{limit}** each; they answer questions "
                            "as soon as they are indexed.",
                            elem_classes="rag-hint",
                            elem_id="upload-hint",
                        )
                        files = gr.File(
                            file_count="multiple",
                            file_types=UPLOAD_TYPES,
                            label=f"Files to add (up to {limit} each)",
                            show_label=False,
                            height=140,
                            elem_id="upload",
                        )
                        add_btn = gr.Button("Add to index", elem_id="add")
                        report = gr.HTML("", elem_id="report")
            with gr.Tab("Documents", id="documents-tab", elem_id="documents-tab") as docs_tab:
                doc_list = gr.HTML("", elem_id="documents")
                to_remove = gr.Dropdown(
                    [], value=[], multiselect=True, label="Documents to remove", elem_id="remove-ids"
                )
                gr.Markdown(
                    "Removing takes a document out of the index (its uploaded file stays in the index's "
                    "`uploads/` folder; upload it again to bring it back).",
                    elem_classes="rag-hint",
                )
                remove_btn = gr.Button("Remove from index", variant="stop", elem_id="remove")
                removed = gr.HTML("", elem_id="removed")

        together = 2 * svc.batcher.max_batch  # a batch running and the next one gathering
        asking: dict[str, Any] = dict(
            inputs=[question, mode, k], outputs=[answer, hits], concurrency_id=ASK_GROUP, concurrency_limit=together
        )
        asking.update(PRIVATE)
        ask_btn.click(show_answer, **asking)
        question.submit(show_answer, **asking)
        if ex is not None:  # clicking an example fills the box and asks it
            ex.load_input_event.then(show_answer, **asking)
        mode.input(show_answer_again, **asking)
        k.release(show_answer_again, **asking)
        writing = dict(concurrency_id=WRITE_GROUP, concurrency_limit=1, **PRIVATE)
        add_btn.click(add_files, [files], [report, stats, files, doc_list, to_remove], **writing)
        remove_btn.click(remove_documents, [to_remove], [removed, stats, doc_list, to_remove], **writing)
        docs_tab.select(documents_view, None, [doc_list, to_remove], **PRIVATE)
        demo.load(stats_html, None, stats, **PRIVATE)  # statistics as they are now, for each new visitor
    return demo


# ---------------------------------------------------------------- command line


def build_parser(docs: Path | None = None, index: Path | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="app.py", description="The rag page: ask questions, see exact quotes with their sources, add documents."
    )
    p.add_argument(
        "--docs",
        default=str(docs) if docs else None,
        metavar="DIR",
        help="folder of documents to index on start" + (f" (default: {docs})" if docs else ""),
    )
    p.add_argument(
        "--index",
        default=str(index or "index"),
        metavar="DIR",
        help=f"index folder (default: {index or 'index'}); uploads go to DIR/uploads/",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7860, help="port to serve on (default 7860)")
    p.add_argument(
        "--max-file-mb",
        type=float,
        default=None,
        metavar="MB",
        help=f"largest file the page accepts, per file (default: ${MAX_FILE_ENV}, else 50)",
    )
    p.add_argument(
        "--batch", type=int, default=MAX_BATCH, metavar="N", help=f"questions answered together (default {MAX_BATCH})"
    )
    return p


def open_and_index(index_dir: str, docs: str | None) -> Index:
    """The page's index, with the documents of `docs` added (only new or changed files are embedded)."""
    index = Index.open(index_dir)
    if docs:
        if not Path(docs).is_dir():
            raise BadInput(f"--docs {docs} is not a folder")
        report = index.add([docs], progress=progress_bar("embedding"))
        for line in skipped_lines(report):  # as `rag index` prints them: many of one kind on one line
            print(line)
        stats = index.stats()
        print(f"{report.summary()} -> {stats.documents} documents, {stats.chunks} passages in {stats.path}")
    return index


def launch(demo: gr.Blocks, host: str, port: int, limit_mb: float) -> str:
    """Serve `demo` in the background with the page's queue, theme, style and upload limit; its URL."""
    demo.queue(default_concurrency_limit=4)
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port,
        css=page.CSS,
        theme=page_theme(),
        max_file_size=int(limit_mb * 1024 * 1024),
        prevent_thread_lock=True,
        quiet=True,
    )
    return url


def serve(args: argparse.Namespace) -> int:
    if args.batch < 1:
        raise BadInput(f"--batch must be at least 1, not {args.batch}")
    show_notices()  # "index busy: waiting for ...", "reading big.txt ..." on the page's console
    index = open_and_index(args.index, args.docs)
    service = PageService(index, args.max_file_mb, args.batch)
    warm_up(index, lambda s: print(s, flush=True))
    demo = build_app(index, args.docs, service)
    url = launch(demo, args.host, args.port, service.limit_mb)
    print(
        f"rag page running at {url}  (Ctrl+C to stop; uploads up to {mb_text(service.limit_mb)} per file)", flush=True
    )
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None, docs: Path | None = None, index: Path | None = None) -> int:
    """Index `--docs` and serve the page; `docs` and `index` are the defaults of those options."""
    args = build_parser(docs, index).parse_args(argv)
    return run_reporting("app.py", lambda: serve(args))
