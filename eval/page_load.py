"""Load benchmark of the page: N users × M questions over loopback with gradio_client (`python -m eval.page_load`).

    python -m eval.page_load                                 # 50 users × 4 questions, 16 at once, page started here
    python -m eval.page_load --url http://127.0.0.1:7860/    # against a page already running
    python -m eval.page_load --batch 8 1                     # one row per batch size: what batching buys

Each user is one `gradio_client.Client` asking its questions one after another through the `/ask`
endpoint; at most `--concurrency` users run at once. Latency is from submitting a question to
having its answer. Prints throughput and p50/p95, and writes results.md to `--out`.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rag.evaluation.metrics import percentile

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "eval" / "results" / "page-load"
QUESTIONS: tuple[str, ...] = (  # about seeds/, and two the seeds do not answer
    "Who is the head of the Chinese Communist Party's International Department?",
    "Which two Japanese parties sent lawmakers to Beijing?",
    "What kind of visitors does Shizuoka welcome more of?",
    "After how many years did military exchanges at the commanders' level resume?",
    "Who is Japan's top government spokesman?",
    "Which Chinese official met the Governor of Shizuoka Prefecture?",
    "What is the capital of Australia?",
    "How many moons does Jupiter have?",
)
START_TIMEOUT_S = 600


@dataclass
class LoadResult:
    """What one load run measured (latencies in seconds)."""

    users: int
    questions: int
    concurrency: int
    wall_s: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    label: str = ""

    @property
    def throughput(self) -> float:
        """Answered questions per second of wall time."""
        return len(self.latencies) / self.wall_s if self.wall_s > 0 else 0.0

    def row(self) -> list[str]:
        p50, p95 = percentile(self.latencies, 50), percentile(self.latencies, 95)
        worst = max(self.latencies, default=float("nan"))
        return [self.label or "-", f"{self.users} × {self.questions}", str(self.concurrency),
                f"{len(self.latencies)}", f"{len(self.errors)}", f"{self.wall_s:.1f}",
                f"{self.throughput:.2f}", f"{p50:.2f}", f"{p95:.2f}", f"{worst:.2f}"]  # fmt: skip


HEADER = ["page", "users × questions", "at once", "answered", "errors", "wall, s", "questions/s", "p50, s", "p95, s",
          "max, s"]  # fmt: skip


def user_questions(user: int, n: int, pool: Sequence[str] = QUESTIONS) -> list[str]:
    """User `user`'s `n` questions: the pool in turn, each user starting at a different one."""
    return [pool[(user + i) % len(pool)] for i in range(n)]


def _one_user(url: str, questions: list[str]) -> tuple[list[float], list[str]]:
    from gradio_client import Client

    latencies, errors = [], []
    try:
        client = Client(url, verbose=False, download_files=False)
    except Exception as e:  # a page that refuses a connection is an error, not a crash of the benchmark
        return [], [f"connect: {type(e).__name__}: {e}"]
    for q in questions:
        t = time.perf_counter()
        try:
            answer = client.predict(q, api_name="/ask")
            if not isinstance(answer, dict) or answer.get("question") != q:
                raise ValueError(f"answer to another question: {str(answer)[:80]}")
            latencies.append(time.perf_counter() - t)
        except Exception as e:
            errors.append(f"{type(e).__name__}: {e}")
    return latencies, errors


def run_load(url: str, users: int = 50, questions: int = 4, concurrency: int = 16, label: str = "") -> LoadResult:
    """`users` users, `concurrency` at a time, each asking `questions` questions in turn."""
    if min(users, questions, concurrency) < 1:
        raise ValueError("users, questions and concurrency must each be at least 1")
    result = LoadResult(users, questions, concurrency, 0.0, label=label)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for latencies, errors in pool.map(lambda u: _one_user(url, user_questions(u, questions)), range(users)):
            result.latencies += latencies
            result.errors += errors
    result.wall_s = time.perf_counter() - started
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def started_page(batch: int, docs: Path) -> Iterator[str]:
    """`python app.py` on a fresh index of `docs` (in a temporary folder) with `--batch batch`: its URL."""
    port = _free_port()
    base = Path(tempfile.mkdtemp(prefix="rag-page-load-"))
    index, log = base / "index", base / "page.log"
    cmd = [sys.executable, str(REPO / "app.py"), "--docs", str(docs), "--index", str(index), "--port", str(port),
           "--batch", str(batch)]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "rag page running at" not in log.read_text(errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the page did not start:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def markdown(results: list[LoadResult], command: str) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Page load benchmark",
        "",
        f"- command: `{command}`",
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"- machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}; "
        f"load average at the end {load}",
        "",
        "Each user is one `gradio_client.Client` asking its questions in turn through `/ask` over loopback; at most "
        "'at once' users run together. Latency: from submitting a question to having its answer. 'page' is the "
        "page's `--batch` (questions answered in one `Index.ask_many` call), or `url` for a page started elsewhere.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|---|---|" + "---:|" * (len(HEADER) - 2),
    ]
    lines += ["| " + " | ".join(r.row()) + " |" for r in results]
    errors = [e for r in results for e in r.errors]
    if errors:
        lines += ["", f"First errors ({len(errors)} in all):", ""] + [f"- {e[:200]}" for e in errors[:5]]
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m eval.page_load", description=__doc__.split("\n")[0])
    p.add_argument("--url", help="a running page to load (default: start `app.py` on the seeds here)")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--questions", type=int, default=4, help="questions per user (default 4)")
    p.add_argument("--concurrency", type=int, default=16, help="users at once (default 16)")
    p.add_argument("--batch", type=int, nargs="+", default=[8], help="the started page's --batch; several: a row each")
    p.add_argument("--docs", type=Path, default=REPO / "seeds", help="documents of the started page (default seeds/)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder for results.md (default {DEFAULT_OUT})")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = "python -m eval.page_load " + shlex.join(sys.argv[1:] if argv is None else argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    runs = [("url", args.url)] if args.url else [(f"--batch {b}", b) for b in args.batch]
    for label, target in runs:
        if isinstance(target, str):
            result = run_load(target, args.users, args.questions, args.concurrency, label)
        else:
            with started_page(target, args.docs) as url:
                result = run_load(url, args.users, args.questions, args.concurrency, label)
        results.append(result)
        print(" · ".join(f"{h} {v}" for h, v in zip(HEADER, result.row())), flush=True)
    text = markdown(results, command)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    print(f"wrote {args.out / 'results.md'}")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
