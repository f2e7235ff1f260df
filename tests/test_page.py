"""The page's HTML helpers (`rag.ui.page`) and upload helpers (`app.py`), without a browser or model."""

from __future__ import annotations

from pathlib import Path

from rag.models import Answer, Hit, IndexReport, Quote, RetrieverScore, Skipped, Span
from rag.ui import page, uploads

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
    assert f'<p class="rag-notfound">{page.NOT_FOUND}</p>' in html
    assert "Closest passages:" in html and html.count("<li>") == 3
    assert "Some &lt;passage&gt; text" in html and "p. 2" in html and "rag-quote" not in html


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
