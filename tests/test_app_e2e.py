"""End to end: `python app.py` on a copy of the seeds, driven in headless Chromium with Playwright.

Skips when /usr/bin/chromium or the playwright package is missing (install them with
`apt-get install chromium` and `pip install -e ".[test]"`; never download a browser).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 120
ANSWER_TIMEOUT_MS = 90_000  # a question takes a few seconds; the test machine may be busy
UPLOAD_LIMIT_MB = 1  # the server's per-file upload limit ($RAG_MAX_FILE_MB), small so the oversize test is cheap
# The README's screenshot is refreshed only when asked (RAG_UPDATE_SCREENSHOT=1): tests never write tracked files.
SCREENSHOT = REPO / "docs" / "screenshot.png"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    """Until the page answers on `port` and has said where it runs (that line follows the port opening)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                if "rag page running at" in log.read_text(errors="replace"):
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(
        f"app.py did not answer on port {port} in {START_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-3000:]}"
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The page served by a subprocess on a copy of the seeds and a fresh index: its URL."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    base = tmp_path_factory.mktemp("app")
    docs = base / "docs"
    shutil.copytree(SEEDS, docs)
    port = _free_port()
    log = base / "app.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "RAG_MAX_FILE_MB": str(UPLOAD_LIMIT_MB)}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "app.py"),
                "--docs",
                str(docs),
                "--index",
                str(base / "index"),
                "--port",
                str(port),
            ],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        _wait_for_port(port, proc, log)
        started = log.read_text(errors="replace")
        # the models load before the page is served, so the first question is answered in seconds
        assert started.index("loading embedder") < started.index("ready") < started.index("rag page running at")
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, server: str, width: int = 1280, theme: str = "light"):
    pg = browser.new_page(viewport={"width": width, "height": 900})
    pg.set_default_timeout(ANSWER_TIMEOUT_MS)
    pg.goto(f"{server}?__theme={theme}")
    pg.wait_for_selector("#question textarea")
    for control in ("#mode", "#k"):  # Gradio renders blocks one by one: the box can come before the controls
        pg.wait_for_selector(control, state="attached")
    return pg


@pytest.fixture
def page(browser, server):
    pg = open_page(browser, server)
    yield pg
    pg.close()


def ask(page, question: str) -> None:
    page.fill("#question textarea", question)
    page.click("#ask")


def test_quote_with_its_source(page, tmp_path):
    ask(page, "Who is the head of the Chinese Communist Party's International Department?")
    item = page.locator("#answer .rag-item").filter(has=page.locator(".rag-quote", has_text="Liu Jianchao")).first
    item.wait_for()
    source = item.locator(".rag-source")
    assert "000_e8739d526ffc8ecb.txt" in source.inner_text()
    assert "chars " in source.inner_text()
    item.locator("summary").click()  # the screenshot shows the quote in its context too
    assert "Liu Jianchao" in item.locator(".rag-context-text").inner_text()
    shot = SCREENSHOT if os.environ.get("RAG_UPDATE_SCREENSHOT") == "1" else tmp_path / "screenshot.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000  # a real rendering, not an empty page


def test_uploaded_document_answers_at_once(page, tmp_path):
    doc = tmp_path / "zorblax festival.txt"
    doc.write_text(
        "The Zorblax festival is held every spring in the town of Quillmere. "
        "It celebrates the first harvest of blue melons.\n",
        encoding="utf-8",
    )
    page.locator("#upload input[type=file]").set_input_files(str(doc))
    page.locator("#upload", has_text="zorblax").wait_for()  # the upload reached the server
    page.click("#add")
    report = page.locator("#report .rag-report")
    report.wait_for()
    assert "1 added" in report.inner_text()
    assert "zorblax_festival.txt" in report.inner_text() or "zorblax festival.txt" in report.inner_text()
    assert "3 documents" in page.inner_text("#stats")

    ask(page, "Where is the Zorblax festival held?")
    page.locator("#answer .rag-quote", has_text="Quillmere").first.wait_for()


def test_says_when_the_documents_do_not_answer(page):
    ask(page, "What is the capital of Australia?")
    notfound = page.locator("#answer .rag-notfound")
    notfound.wait_for()
    # and says why: no seed names Australia
    assert notfound.inner_text() == "The documents do not answer this question. They never mention Australia."
    assert page.locator("#answer .rag-quote").count() == 0
    assert "Closest passages" in page.inner_text("#answer")


HEAD_OF_DEPARTMENT = "Who is the head of the Chinese Communist Party's International Department?"

# WCAG 2 contrast ratios of the elements a selector matches, computed from their styles in the browser.
JS_LINES = (REPO / "tests/data/contrast.js").read_text(encoding="utf-8").splitlines()
CONTRAST_JS = "\n".join(line for line in JS_LINES if not line.startswith("//"))
# Our own text on the page (the highlight first); each must reach WCAG AA for normal text.
READABLE = ["#answer mark", ".rag-short", ".rag-short-label", ".rag-meta", ".rag-quote", ".rag-source",
            ".rag-context summary", ".rag-context-text", ".rag-snippet", "#hits td", "#question label span", "#ask",
            "button[role=tab]"]  # fmt: skip


def open_passages(page) -> None:
    page.locator("#passages .label-wrap").first.click()
    page.locator("#hits .rag-hits").wait_for()


def test_enter_asks_labelled_box_live_answer_visible_controls(page):
    """Protects point 13: a labelled question box, Enter asks, the answer region is aria-live, controls in view."""
    box = page.get_by_role("textbox", name="Question")
    assert box.count() == 1
    assert page.locator("#mode").is_visible() and page.locator("#k").is_visible()  # not in a collapsed panel
    box.fill(HEAD_OF_DEPARTMENT)
    box.press("Enter")
    page.locator("#answer .rag-quote", has_text="Liu Jianchao").first.wait_for()
    assert page.locator('#answer [aria-live="polite"]').count() == 1
    page.get_by_role("radio", name="bm25").check()  # changing the retriever answers the question again
    open_passages(page)
    dense = "[...document.querySelectorAll('#hits td[data-label=dense]')].map(td => td.textContent)"
    page.wait_for_function(f"() => {dense}.every(text => text === '—')")  # bm25 hits: no dense ranks


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_answer_highlight_and_text_are_readable(browser, server, theme, tmp_path):
    """Protects point 13: the answer highlight (and our other text) has contrast >= 4.5:1 in both themes."""
    pg = open_page(browser, server, theme=theme)
    try:
        ask(pg, HEAD_OF_DEPARTMENT)
        pg.locator("#answer mark.rag-span").first.wait_for()
        open_passages(pg)
        assert pg.evaluate("document.body.classList.contains('dark')") == (theme == "dark")
        for selector in READABLE:
            ratios = pg.evaluate(CONTRAST_JS, selector)
            assert ratios, f"{selector} not on the page"
            assert min(ratios) >= 4.5, f"{selector} in the {theme} theme: contrast {min(ratios):.2f}:1"
        pg.screenshot(path=str(tmp_path / f"{theme}.png"), full_page=True)
    finally:
        pg.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_phone_width_nothing_cut_off(browser, server, theme):
    """Protects point 13: at 390 px the page has no horizontal overflow and the passages table fits the screen."""
    pg = open_page(browser, server, width=390, theme=theme)
    try:
        ask(pg, HEAD_OF_DEPARTMENT)
        pg.locator("#answer .rag-quote").first.wait_for()
        open_passages(pg)
        assert pg.evaluate("document.documentElement.scrollWidth <= innerWidth")
        right = pg.evaluate(
            "Math.max(...[...document.querySelectorAll('#hits td')].map(td => td.getBoundingClientRect().right))"
        )
        assert right <= 390
        pg.get_by_role("tab", name="Documents").click()
        pg.locator("#documents .rag-docs").wait_for()
        assert pg.evaluate("document.documentElement.scrollWidth <= innerWidth")
    finally:
        pg.close()


def _documents(page) -> int:
    """The documents count in the Index panel (as the last event that changed the index left it)."""
    return int(page.inner_text('#stats [data-stat="documents"] b').replace(",", ""))


def _listed(page) -> int:
    """The rows of the Documents tab, listed afresh by selecting it."""
    page.get_by_role("tab", name="Documents").click()
    page.locator("#documents .rag-docs").wait_for()
    n = page.locator("#documents .rag-docs tbody tr").count()
    page.get_by_role("tab", name="Ask").click()
    return n


def test_documents_tab_lists_and_removes(page, tmp_path):
    """Protects point 13: the Documents tab lists what is indexed and removes a chosen document."""
    doc = tmp_path / "quokka notes.txt"
    doc.write_text("Quokkas live on Rottnest Island and are famous for their smiles.\n", encoding="utf-8")
    page.locator("#upload input[type=file]").set_input_files(str(doc))
    page.locator("#upload", has_text="quokka").wait_for()
    page.click("#add")
    page.locator("#report .rag-report", has_text="1 added").wait_for()
    count = _documents(page)
    page.get_by_role("tab", name="Documents").click()
    table = page.locator("#documents .rag-docs")
    table.wait_for()
    assert table.locator("tbody tr").count() == count and "quokka" in table.inner_text()
    page.locator("#remove-ids input").click()
    page.get_by_role("option", name="quokka").first.click()
    page.click("#remove")
    page.locator("#removed .rag-report", has_text="quokka").wait_for()
    assert "1 removed" in page.inner_text("#removed")
    page.wait_for_function(f"() => document.querySelectorAll('#documents .rag-docs tbody tr').length === {count - 1}")
    assert "quokka" not in page.inner_text("#documents")
    assert _documents(page) == count - 1


def test_oversize_upload_is_refused_with_the_limit_shown(page, tmp_path):
    """Protects point 6 on the page: the limit is shown by the upload box; a bigger file is refused, nothing lost."""
    assert f"up to {UPLOAD_LIMIT_MB} MB" in page.inner_text("#upload-hint")
    count = _listed(page)
    big = tmp_path / "big.txt"
    big.write_text("Blue melons grow in Quillmere. " * (UPLOAD_LIMIT_MB * 40_000), encoding="utf-8")  # ~1.2 MB
    page.locator("#upload input[type=file]").set_input_files(str(big))
    page.get_by_text("exceed the maximum allowed size").first.wait_for()
    page.click("#add")  # nothing was uploaded, so nothing is added
    page.locator("#report", has_text="Choose one or more files").wait_for()
    page.reload()
    page.wait_for_selector("#question textarea")
    assert _listed(page) == count
