"""Offline means offline: `rag index` and `rag ask` run with every non-loopback lookup or connect failing loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_S = 600  # a guard against a hang, not a timing assert
# Runs `rag ARGS` after making every name lookup and connect to anything but loopback (or a Unix
# socket) write a line to $RAG_NET_LOG and raise.
GUARD = r"""
import ipaddress, os, socket, sys

LOG = os.environ["RAG_NET_LOG"]


def loopback(host):
    host = host.decode() if isinstance(host, bytes) else host
    if host is None or host in ("", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def refuse(what, target):
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(f"{what} {target!r}\n")
    raise OSError(f"offline test: {what} {target!r} attempted")


def guard_lookup(name):
    real = getattr(socket, name)

    def lookup(host, *args, **kwargs):
        if not loopback(host):
            refuse(name, host)
        return real(host, *args, **kwargs)

    setattr(socket, name, lookup)


def guard_connect(name):
    real = getattr(socket.socket, name)

    def connect(self, address):
        if self.family != getattr(socket, "AF_UNIX", None) and not loopback(address[0]):
            refuse(name, address)
        return real(self, address)

    setattr(socket.socket, name, connect)


for n in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
    guard_lookup(n)
for n in ("connect", "connect_ex"):
    guard_connect(n)
sys.argv[0] = "rag"
from rag.ui.cli import main

raise SystemExit(main(sys.argv[1:]))
"""
# Values in the shell that would let a library go online; rag must override them.
ONLINE_ENV = {"HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0", "ORT_DISABLE_TELEMETRY": "0"}


def guarded_rag(args: list, log: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **ONLINE_ENV, "RAG_NET_LOG": str(log)}
    return subprocess.run(
        [sys.executable, "-c", GUARD, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=TIMEOUT_S,
    )


def test_the_guard_catches_a_lookup(tmp_path):
    """Protects the test below from passing vacuously: the guard records and refuses a real lookup."""
    log = tmp_path / "net.log"
    code = (
        GUARD.split("sys.argv[0]")[0]
        + "\ntry:\n    socket.getaddrinfo('example.com', 443)\nexcept OSError:\n    pass\n"
    )
    subprocess.run([sys.executable, "-c", code], env={**os.environ, "RAG_NET_LOG": str(log)}, check=True, timeout=60)
    assert log.read_text(encoding="utf-8") == "getaddrinfo 'example.com'\n"


def test_index_and_ask_never_touch_the_network(tmp_path):
    """Protects offline use (issue: ONNX Runtime telemetry looked up mobile.events.data.microsoft.com):
    `rag index` and `rag ask` succeed with every non-loopback name lookup and connect failing loudly,
    with HF_HUB_OFFLINE=0 and friends in the environment, and none was attempted."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour.txt").write_text("Harbour notes\nThe harbour lighthouse was built in 1871.", encoding="utf-8")
    log = tmp_path / "net.log"
    where = tmp_path / "index"
    done = guarded_rag(["index", docs, "--index", where], log)
    assert done.returncode == 0, done.stderr
    done = guarded_rag(["ask", "When was the harbour lighthouse built?", "--index", where], log)
    assert done.returncode == 0, done.stderr
    assert "1871" in done.stdout
    assert not log.exists(), log.read_text(encoding="utf-8")


def test_offline_switches_are_forced_not_defaulted():
    """Protects `import rag`: it sets HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE and ORT_DISABLE_TELEMETRY to 1
    even when the shell set them to 0."""
    names = list(ONLINE_ENV)
    done = subprocess.run(
        [sys.executable, "-c", f"import os, rag; print(*(os.environ[n] for n in {names!r}))"],
        capture_output=True,
        text=True,
        env={**os.environ, **ONLINE_ENV},
        cwd=REPO,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["1", "1", "1"]
