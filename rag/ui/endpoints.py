"""The page's API for programs: four named gradio endpoints (ask, search, documents, remove) returning JSON records.

    from gradio_client import Client
    client = Client("http://127.0.0.1:7860/", download_files=False)  # JSON answers, no files
    answer = client.predict("Who leads the International Department?", 5, "hybrid", api_name="/ask")

Each returns the JSON of a `rag.models` record (`model_dump(mode="json")`); the API page and
`Client.view_api()` show their schemas. A bad argument is an error with a message that says what is
allowed (`gradio_client` raises it as `AppError`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, get_type_hints

import gradio as gr

from rag.errors import RagError
from rag.models import Answer, Hit, IndexReport, Mode
from rag.ui.api import DocumentInfo
from rag.ui.service import PageService

ASK_GROUP = "ask"  # the page's questions and the API's share one concurrency group (and one batcher)
WRITE_GROUP = "write"  # uploads and removals, one at a time
ENDPOINTS = ("ask", "search", "documents", "remove")


def typed(fn: Callable[..., Any], returns: Any) -> Callable[..., Any]:
    """`fn` with RagErrors turned into messages for the client, documented as returning `returns`' JSON.

    gradio derives an endpoint's schema from its type hints; ours return plain JSON, so the hint the
    API shows is the record the JSON is of.
    """

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RagError as e:
            raise gr.Error(str(e)) from e

    hints = {**get_type_hints(fn), "return": returns}
    call.__name__, call.__doc__, call.__annotations__ = fn.__name__, fn.__doc__, hints
    params = [p.replace(annotation=hints[p.name]) for p in inspect.signature(fn).parameters.values()]
    setattr(call, "__signature__", inspect.Signature(params, return_annotation=returns))  # noqa: B010
    return call


def add_endpoints(svc: PageService, default_k: int) -> None:
    """Add the four endpoints to the Blocks being built."""

    def ask(question: str, k: int = default_k, mode: Mode = "hybrid") -> dict[str, Any]:
        """Answer a question from the documents: exact quotes best first, or found=false when they do not answer."""
        return svc.ask(question, k, mode).model_dump(mode="json")

    def search(query: str, k: int = 10, mode: Mode = "hybrid") -> list[dict[str, Any]]:
        """The k best passages for a query, each with its offsets and every retriever's rank and score."""
        return [h.model_dump(mode="json") for h in svc.search(query, k, mode)]

    def documents() -> list[dict[str, Any]]:
        """The indexed documents: id, title, source file, passages and characters."""
        return [d.model_dump(mode="json") for d in svc.documents()]

    def remove(ids: list[str]) -> dict[str, Any]:
        """Remove documents by id; unknown ids come back as skipped. Uploaded files stay on disk."""
        return svc.remove(ids).model_dump(mode="json")

    limit = 2 * svc.batcher.max_batch  # a batch running and the next one gathering
    gr.api(typed(ask, Answer), api_name="ask", concurrency_id=ASK_GROUP, concurrency_limit=limit)
    gr.api(typed(search, list[Hit]), api_name="search")
    gr.api(typed(documents, list[DocumentInfo]), api_name="documents")
    gr.api(typed(remove, IndexReport), api_name="remove", concurrency_id=WRITE_GROUP, concurrency_limit=1)
