"""The page's API for programs, driven with `gradio_client` over loopback against the running app (no browser)."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from rag.models import Answer, Hit, IndexReport
from rag.ui.endpoints import ENDPOINTS

REPO_SEEDS = Path(__file__).resolve().parents[1] / "seeds"
QUESTION = "Who is the head of the Chinese Communist Party's International Department?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def running(tmp_path_factory, embedder):
    """(client, service, url): the page on a fresh index of a copy of the seeds, served on a free loopback port."""
    gradio_client = pytest.importorskip("gradio_client")
    from rag.index import Index
    from rag.ui.app import build_app, launch
    from rag.ui.service import PageService

    base = tmp_path_factory.mktemp("page-api")
    shutil.copytree(REPO_SEEDS, base / "docs")
    index = Index.open(base / "index", embedder=embedder)
    index.add([base / "docs"])
    service = PageService(index, limit_mb=1)
    demo = build_app(index, base / "docs", service)
    url = launch(demo, "127.0.0.1", _free_port(), service.limit_mb)
    try:
        # download_files=False: the answers are JSON, not files; without it gradio_client takes any
        # {"path": str} object (a skipped file in a report) for a file to download, and fails.
        yield gradio_client.Client(url, verbose=False, download_files=False), service, url
    finally:
        demo.close()


def test_view_api_lists_exactly_the_named_endpoints(running):
    """Protects point 11: no /ask_1 duplicates or UI events in the API; k is an integer; outputs are records."""
    client, _, _ = running
    info = client.view_api(return_format="dict", print_info=False)
    assert sorted(info["named_endpoints"]) == sorted(f"/{n}" for n in ENDPOINTS)
    assert not info["unnamed_endpoints"]
    params = {p["parameter_name"]: p for p in info["named_endpoints"]["/ask"]["parameters"]}
    assert list(params) == ["question", "k", "mode"]
    assert params["k"]["type"]["type"] == "integer" and params["mode"]["type"]["enum"] == ["hybrid", "bm25", "dense"]
    returns = info["named_endpoints"]["/ask"]["returns"][0]["type"]
    assert {"found", "quotes", "span", "hits"} <= set(returns["properties"])


def test_ask_returns_the_answer_record(running):
    """Protects point 11: `ask` returns Answer JSON whose quotes point at exact characters of the document."""
    client, service, _ = running
    answer = Answer.model_validate(client.predict(QUESTION, 3, "hybrid", api_name="/ask"))
    assert answer.found and "Liu Jianchao" in answer.text and answer.quotes
    q = answer.quotes[0]
    assert service.index.document(q.doc_id).text[q.start : q.end] == q.text
    assert len(answer.hits) <= 3
    default = Answer.model_validate(client.predict("What is the capital of Australia?", api_name="/ask"))
    assert default.question == "What is the capital of Australia?" and not default.found


def test_search_returns_hits(running):
    """Protects point 11: `search` returns k hits as JSON, ranked, with each retriever's rank."""
    client, _, _ = running
    hits = [
        Hit.model_validate(h) for h in client.predict("Japanese lawmakers in Beijing", 4, "bm25", api_name="/search")
    ]
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1)) and 1 <= len(hits) <= 4
    assert all(set(h.retrievers) == {"bm25"} for h in hits)


def test_bad_arguments_are_errors_that_say_what_is_allowed(running):
    """Protects point 11: a bad k, mode or question is an AppError with a message, not a default or a traceback."""
    from gradio_client.exceptions import AppError

    client, _, _ = running
    for args, message in (
        ((QUESTION, 0, "hybrid"), "k must be at least 1"),
        ((QUESTION, 2.5, "hybrid"), "whole number"),
        ((QUESTION, 3, "fuzzy"), "unknown search mode"),
        (("   ", 3, "hybrid"), "question is empty"),
    ):
        with pytest.raises(AppError, match=message):
            client.predict(*args, api_name="/ask")


def test_questions_asked_at_once_each_get_their_own_answer(running):
    """Protects point 12: concurrent questions go through the batcher and come back to the right caller."""
    client, service, _ = running
    questions = [
        QUESTION,
        "Which two Japanese parties sent lawmakers to Beijing?",
        "What kind of visitors does Shizuoka welcome more of?",
        "What is the capital of Australia?",
    ] * 2
    before = sum(n * c for n, c in service.batcher.sizes.items())
    jobs = [client.submit(q, api_name="/ask") for q in questions]
    answers = [Answer.model_validate(j.result(timeout=300)) for j in jobs]
    assert [a.question for a in answers] == questions
    assert answers[0].found and "Liu Jianchao" in answers[0].text
    assert sum(n * c for n, c in service.batcher.sizes.items()) - before == len(questions)


def test_load_benchmark_runs(running):
    """Protects eval/page_load.py: a tiny run against the running page answers every question, and reports it."""
    from eval import page_load

    _, _, url = running
    result = page_load.run_load(url, users=2, questions=2, concurrency=2, label="test")
    assert result.errors == [] and len(result.latencies) == 4 and result.throughput > 0
    text = page_load.markdown([result], "python -m eval.page_load --users 2")
    assert "| test | 2 × 2 | 2 | 4 | 0 |" in text
    assert page_load.user_questions(1, 3, ("a", "b")) == ["b", "a", "b"]


def test_documents_then_remove(running):
    """Protects point 11/13: `documents` lists ids with passage counts; `remove` takes ids, returns IndexReport."""
    client, service, _ = running
    docs = client.predict(api_name="/documents")
    assert sorted(d["id"] for d in docs) == ["000_e8739d526ffc8ecb.txt", "003_73a7ca4ae6137f01.txt"]
    assert all(d["passages"] >= 1 and d["title"] for d in docs)
    report = IndexReport.model_validate(client.predict(["003_73a7ca4ae6137f01.txt", "nope"], api_name="/remove"))
    assert report.removed == ["003_73a7ca4ae6137f01.txt"] and [s.path for s in report.skipped] == ["nope"]
    assert [d["id"] for d in client.predict(api_name="/documents")] == ["000_e8739d526ffc8ecb.txt"]
    assert len(service.index) == 1
