"""The page without a browser: HTML helpers, upload helpers, API argument checks, the batcher and the service."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rag.errors import BadInput
from rag.models import Answer, Hit, IndexReport, Quote, RetrieverScore, Skipped, Span
from rag.ui import api, page, uploads
from rag.ui.api import DocumentInfo
from rag.ui.batching import AskBatcher
from rag.ui.printing import NOT_FOUND

REPO = Path(__file__).resolve().parents[1]


def quote(**kw) -> Quote:
    text = "Tom & Jerry said <b>hi</b> to Liu Jianchao."
    base = dict(
        doc_id="a.txt",
        title="A <title>",
        source="/x/docs/a.txt",
        start=100,
        end=100 + len(text),
        text=text,
        score=0.9,
        before="Before. ",
        after=" After.",
    )
    return Quote(**{**base, **kw})


def hit(rank: int = 1) -> Hit:
    return Hit(
        chunk_id=rank,
        doc_id="a.txt",
        title="A",
        source="/x/docs/a.txt",
        text="Some <passage> text",
        start=0,
        end=19,
        page=2,
        score=0.5,
        rank=rank,
        retrievers={"bm25": RetrieverScore(rank=3, score=1.25)},
    )


def test_quote_is_escaped_with_its_source():
    html = page.render_answer(Answer(question="q", found=True, quotes=[quote()], confidence=0.9))
    assert 'class="rag-quote"' in html and 'class="rag-source"' in html
    assert "Tom &amp; Jerry said &lt;b&gt;hi&lt;/b&gt;" in html and "<b>hi</b>" not in html
    assert "A &lt;title&gt;" in html and "a.txt" in html and "/x/docs" not in html
    assert "chars 100–" in html and "<summary>Show in context</summary>" in html
    assert "<strong>Tom &amp; Jerry" in html and "Before." in html and "After." in html
    assert "confidence 0.90 · chosen by the reader&#x27;s best span</div>" in html  # what chose it (Answer.basis)


def test_answer_span_is_marked_inside_the_quote():
    q = quote()
    a = q.start + q.text.index("Liu")
    html = page.render_quote(
        q.model_copy(update={"span": Span(doc_id=q.doc_id, start=a, end=a + len("Liu Jianchao"), text="Liu Jianchao")}),
        1,
    )
    assert '<mark class="rag-span">Liu Jianchao</mark>.</blockquote>' in html
    # a span reaching outside the quote is clipped to it
    html = page.render_quote(q.model_copy(update={"span": Span(doc_id=q.doc_id, start=a, end=a + 999, text="")}), 1)
    assert '<mark class="rag-span">Liu Jianchao.</mark></blockquote>' in html


def test_not_found_names_the_closest_passages():
    html = page.render_answer(Answer(question="q", found=False, hits=[hit(r) for r in range(1, 6)]))
    assert f'<p class="rag-notfound">{NOT_FOUND}</p>' in html
    assert "Closest passages:" in html and html.count("<li>") == 3
    assert "Some &lt;passage&gt; text" in html and "p. 2" in html and "rag-quote" not in html


def test_not_found_says_which_asked_names_the_documents_never_mention():
    html = page.render_answer(Answer(question="q", found=False, unmentioned=["max-zone-ttl-cap", "a<b"]))
    assert f'<p class="rag-notfound">{NOT_FOUND} They never mention max-zone-ttl-cap, a&lt;b.</p>' in html


def test_hits_table_has_each_retriever():
    html = page.render_hits([hit(1)])
    assert "#3 (1.250)" in html and "—" in html and "0.5000" in html and "chars 0–19, p. 2" in html


def test_report_names_skipped_files_with_their_reason():
    report = IndexReport(
        added=["/i/uploads/x.txt"], skipped=[Skipped(path="/i/uploads/bad.txt", reason="binary <file>")]
    )
    html = page.render_report(report)
    assert "1 added, 0 updated, 0 unchanged, 1 skipped" in html
    assert "x.txt" in html and "bad.txt: binary &lt;file&gt;" in html


def test_uploads_get_safe_names_and_never_overwrite(tmp_path):
    assert uploads.safe_name("../../etc/pa$$wd.TXT") == "pa_wd.txt"
    assert uploads.safe_name(".hidden.md") == "hidden.md"
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("one")
    folder = tmp_path / "uploads"
    first, new = uploads.store_upload(src / "a.txt", folder, "a.txt")
    assert (first.name, new) == ("a.txt", True)
    assert uploads.store_upload(src / "a.txt", folder, "a.txt") == (first, False)  # same bytes: reused
    (src / "a.txt").write_text("two")
    second, new = uploads.store_upload(src / "a.txt", folder, "a.txt")
    assert (second.name, new) == ("a-2.txt", True)
    assert first.read_text() == "one" and second.read_text() == "two"


def test_wide_tables_scroll_in_their_own_box():
    """Protects the phone layout: the passages and documents tables sit in a scrolling region, cells labelled."""
    html = page.render_hits([hit(1)])
    assert html.startswith('<div class="rag-scroll" role="region" tabindex="0" aria-label="Retrieved passages">')
    assert '<td data-label="bm25">#3 (1.250)</td>' in html
    docs = [DocumentInfo(id="a <b>.txt", title="T", source="/x/a.txt", passages=3, chars=1200)]
    html = page.render_documents(docs)
    assert 'class="rag-docs"' in html and "a &lt;b&gt;.txt" in html and "1,200" in html and "1 documents" in html
    assert "… and 1 more." in page.render_documents(docs * 2, limit=1)
    assert "No documents are indexed yet" in page.render_documents([])


def test_api_arguments_are_checked_with_messages():
    """Protects the typed API: k is a whole number in range, one id string is one id, empty input is refused."""
    assert api.check_k(5) == 5 and api.check_k(5.0) == 5  # the slider and JSON clients send floats
    for bad in (0, api.MAX_K + 1, 2.5, "3", True, None):
        with pytest.raises(BadInput, match="k must"):
            api.check_k(bad)
    assert api.check_mode("bm25") == "bm25"
    with pytest.raises(BadInput, match="hybrid"):
        api.check_mode("fuzzy")
    assert api.check_question("  Who?  ") == "Who?"
    for bad in ("   ", None, 3):
        with pytest.raises(BadInput, match="question"):
            api.check_question(bad)
    assert api.check_ids("a.txt") == ["a.txt"] and api.check_ids(["a", "b", "a", " "]) == ["a", "b"]
    for bad in ([], [""], 7):
        with pytest.raises(BadInput):
            api.check_ids(bad)


def test_upload_limit_is_configurable(monkeypatch):
    """Protects point 6 on the page: the per-file limit comes from the argument, else $RAG_MAX_FILE_MB, else 50."""
    monkeypatch.delenv(api.MAX_FILE_ENV, raising=False)
    assert api.max_file_mb() == api.DEFAULT_MAX_FILE_MB == 50
    monkeypatch.setenv(api.MAX_FILE_ENV, "0.5")
    assert api.max_file_mb() == 0.5 and api.max_file_mb(2) == 2
    for bad in ("lots", "0", "-1", "nan"):
        with pytest.raises(BadInput, match="upload limit"):
            api.max_file_mb(bad)
    assert api.too_big(1024 * 1024, 1) is None
    assert "larger than the 1 MB upload limit (1.5 MB)" in (api.too_big(3 * 512 * 1024, 1) or "")


def _until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def _answers(questions, k, mode):
    return [Answer(question=q, found=False, text=f"{k}/{mode}") for q in questions]


def test_questions_waiting_together_share_one_batch():
    """Protects point 12: questions arriving while a batch runs go together in the next ask_many call."""
    calls: list[list[str]] = []
    started, release = threading.Event(), threading.Event()

    def ask_many(questions, k, mode):
        calls.append(list(questions))
        started.set()
        release.wait(60)
        return _answers(questions, k, mode)

    batcher = AskBatcher(ask_many, max_batch=3)
    with ThreadPoolExecutor(6) as pool:
        first = pool.submit(batcher.ask, "q0", 4, "hybrid")
        assert started.wait(60)  # q0 runs alone; the others arrive while it runs
        rest = []
        for i in range(1, 6):  # one at a time, so they wait in this order
            rest.append(pool.submit(batcher.ask, f"q{i}", 4 if i < 5 else 2, "hybrid"))
            _until(lambda i=i: batcher.waiting() == i)
        release.set()
        answers = [first.result(60)] + [f.result(60) for f in rest]
    assert [a.question for a in answers] == [f"q{i}" for i in range(6)]
    assert [a.text for a in answers] == ["4/hybrid"] * 5 + ["2/hybrid"]  # each answer is its own question's
    assert calls == [["q0"], ["q1", "q2", "q3"], ["q4"], ["q5"]]  # oldest first, max 3, one k per batch
    assert batcher.sizes == {1: 3, 3: 1}


def test_a_failing_batch_fails_only_its_questions():
    """Protects the page under errors: each waiting caller gets the error, and the next batch still runs."""
    fail = {"on": True}

    def ask_many(questions, k, mode):
        if fail["on"]:
            raise BadInput("broken")
        return _answers(questions, k, mode)

    batcher = AskBatcher(ask_many)
    with pytest.raises(BadInput, match="broken"):
        batcher.ask("q", None, "hybrid")
    fail["on"] = False
    assert batcher.ask("q", None, "bm25").text == "None/bm25"


@pytest.fixture(scope="module")
def service(tmp_path_factory, embedder):
    """A PageService on an in-memory index of the seeds; uploads go to a temporary folder."""
    from rag.index import Index
    from rag.ui.service import PageService

    base = tmp_path_factory.mktemp("page")
    index = Index.in_memory(embedder=embedder)
    index.add([REPO / "seeds"])
    return PageService(index, limit_mb=0.01, uploads=base / "uploads")


def test_oversize_upload_is_refused_and_nothing_is_lost(service, tmp_path):
    """Protects point 6 on the page: a file over the limit is named with the limit, not stored, not indexed."""
    before = {d.id for d in service.documents()}
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text("Blue melons grow in Quillmere. " * 1000)  # 31 KB > 0.01 MB
    small.write_text("The Zorblax festival is held in Quillmere every spring.")
    report, names = service.add_uploads([(big, "big.txt"), (small, "small.txt")])
    assert [(s.path, "0.01 MB upload limit" in s.reason) for s in report.skipped] == [("big.txt", True)]
    assert len(report.added) == 1 and not (service.uploads / "big.txt").exists()
    after = {d.id for d in service.documents()}
    assert before < after and len(after) == len(before) + 1
    assert "big.txt: larger than the 0.01 MB upload limit" in page.render_report(report, names)


def test_document_list_and_remove(service):
    """Protects the Documents panel and API: each document with its passage count; removing one id removes it."""
    docs = service.documents()
    assert all(d.passages >= 1 and d.chars > 0 for d in docs)
    assert sum(d.passages for d in docs) == service.index.stats().chunks
    gone = docs[-1].id
    report = service.remove(gone)  # one string is one id
    assert report.removed == [gone] and gone not in {d.id for d in service.documents()}
    assert service.remove(["no-such-id"]).skipped[0].path == "no-such-id"
