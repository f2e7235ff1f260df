"""The rag page (Gradio): ask questions, see exact quotes with their sources, add documents.

    python app.py                         # the seeds corpus, http://127.0.0.1:7860
    python app.py --docs MY_FOLDER --index my_index --port 8000

One `Index` is shared by everyone using the page: searches read an immutable snapshot, so many
questions run at once while documents are being added. Everything about one user's request
travels through the event functions' inputs and outputs; nothing per user is kept in this module.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry calls

import gradio as gr  # noqa: E402

from rag.errors import BadInput, RagError  # noqa: E402
from rag.index import Index  # noqa: E402
from rag.models import MODES, Mode  # noqa: E402
from rag.ui import page  # noqa: E402
from rag.ui.failures import run_reporting  # noqa: E402
from rag.ui.progress import progress_bar  # noqa: E402
from rag.ui.uploads import UPLOAD_TYPES, example_questions, store_upload  # noqa: E402

# ---------------------------------------------------------------- the page


def build_app(index: Index, docs_dir: str | Path | None = None) -> gr.Blocks:
    """The page for `index`; `docs_dir` is the corpus folder its example questions are about."""
    uploads = (index.path or Path.cwd()) / "uploads"
    examples = example_questions(index, docs_dir)

    def stats_html() -> str:
        return page.render_stats(index.stats())

    def ask(question: str, mode: Mode, k: float) -> tuple[str, str]:
        question = (question or "").strip()
        if not question:
            return page.render_message("Type a question about the documents."), ""
        try:
            ans = index.ask(question, k=int(k), mode=mode)
        except RagError as e:
            return page.render_message(f"Could not answer: {e}"), ""
        return page.render_answer(ans), page.render_hits(ans.hits)

    def add_files(files: list[str] | None, progress=gr.Progress()):
        if not files:
            return page.render_message("Choose one or more files to add."), stats_html(), None
        stored: list[Path] = []
        created: list[Path] = []
        names: dict[str, str] = {}
        for f in files:
            src = Path(f)
            original = Path(getattr(f, "orig_name", None) or src.name).name
            dest, new = store_upload(src, uploads, original)
            dest = dest.resolve()  # the index names files by their resolved paths
            stored.append(dest)
            if new:
                created.append(dest)
            names[str(dest)] = names[dest.as_posix()] = dest.name

        def tick(done: int, total: int) -> None:
            if total:
                progress((done, total), desc="Embedding passages", unit="passages")

        report = index.add(stored, progress=tick)
        for s in report.skipped:  # a file we just stored but could not index is not kept
            p = Path(s.path).resolve()
            if p in created:
                p.unlink(missing_ok=True)
        return page.render_report(report, names), stats_html(), None

    with gr.Blocks(title="rag — ask your documents", analytics_enabled=False) as demo:
        gr.Markdown(
            "# rag — ask your documents\n"
            "Answers quoted word for word from your own files, with the document and character "
            "offsets they come from. Everything runs offline.",
            elem_classes="rag-header",
        )
        with gr.Row():
            with gr.Column(scale=3):
                with gr.Row(equal_height=True):
                    question = gr.Textbox(
                        show_label=False,
                        container=False,
                        placeholder="Ask a question about the documents…",
                        scale=6,
                        elem_id="question",
                        autofocus=True,
                    )
                    ask_btn = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="ask")
                ex = None
                if examples:
                    ex = gr.Examples(
                        examples=[[q] for q in examples],
                        inputs=[question],
                        label="Example questions",
                        cache_examples=False,
                    )
                answer = gr.HTML("", elem_id="answer")
                with gr.Accordion("Retrieved passages", open=False, elem_id="passages"):
                    with gr.Row():
                        mode = gr.Radio(MODES, value="hybrid", label="Retriever", elem_id="mode")
                        k = gr.Slider(
                            1, 20, value=index.answer_settings.passages, step=1, label="Passages to read", elem_id="k"
                        )
                    hits = gr.HTML("", elem_id="hits")
            with gr.Column(scale=1, min_width=280):
                gr.Markdown("### Index", elem_classes="rag-side-title")
                stats = gr.HTML(stats_html(), elem_id="stats")
                gr.Markdown("### Add documents", elem_classes="rag-side-title")
                gr.Markdown(
                    f"{', '.join(UPLOAD_TYPES)} files; they answer questions as soon as they are indexed.",
                    elem_classes="rag-hint",
                )
                files = gr.File(
                    file_count="multiple", file_types=UPLOAD_TYPES, show_label=False, height=140, elem_id="upload"
                )
                add_btn = gr.Button("Add to index", elem_id="add")
                report = gr.HTML("", elem_id="report")

        ask_btn.click(ask, [question, mode, k], [answer, hits])
        if ex is not None:  # clicking an example fills the box and asks it
            ex.load_input_event.then(ask, [question, mode, k], [answer, hits])
        question.submit(ask, [question, mode, k], [answer, hits])
        add_btn.click(add_files, [files], [report, stats, files], concurrency_limit=1)
        demo.load(stats_html, None, stats)  # statistics as they are now, for each new visitor
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
    return p


def open_and_index(index_dir: str, docs: str | None) -> Index:
    """The page's index, with the documents of `docs` added (only new or changed files are embedded)."""
    index = Index.open(index_dir)
    if docs:
        if not Path(docs).is_dir():
            raise BadInput(f"--docs {docs} is not a folder")
        report = index.add([docs], progress=progress_bar("embedding"))
        for s in report.skipped:
            print(f"  skipped   {s.path}: {s.reason}")
        stats = index.stats()
        print(f"{report.summary()} -> {stats.documents} documents, {stats.chunks} passages in {stats.path}")
    return index


def serve(index: Index, docs: str | None, host: str, port: int) -> int:
    demo = build_app(index, docs)
    demo.queue(default_concurrency_limit=4)
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port,
        css=page.CSS,
        theme=gr.themes.Soft(primary_hue="indigo", font=gr.themes.Default().font),
        prevent_thread_lock=True,
        quiet=True,
    )
    print(f"rag page running at {url}  (Ctrl+C to stop)", flush=True)
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None, docs: Path | None = None, index: Path | None = None) -> int:
    """Index `--docs` and serve the page; `docs` and `index` are the defaults of those options."""
    args = build_parser(docs, index).parse_args(argv)
    return run_reporting(
        "app.py", lambda: serve(open_and_index(args.index, args.docs), args.docs, args.host, args.port)
    )
