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
# The README's screenshot is refreshed only when asked (RAG_UPDATE_SCREENSHOT=1): tests never write tracked files.
SCREENSHOT = REPO / "docs" / "screenshot.png"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
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
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
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


@pytest.fixture
def page(browser, server):
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    pg.set_default_timeout(ANSWER_TIMEOUT_MS)
    pg.goto(server)
    pg.wait_for_selector("#question textarea")
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
    assert notfound.inner_text() == "The documents do not answer this question."
    assert page.locator("#answer .rag-quote").count() == 0
    assert "Closest passages" in page.inner_text("#answer")
