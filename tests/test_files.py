"""Finding files to index: links to files and folders, loops, FIFOs, devices, sockets, the size limit, and a Sphinx
build's copies of its pages' sources."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
from pathlib import Path

import pytest

from rag.errors import BadInput
from rag.ingest.files import MAX_FILE_ENV, find_files, max_file_mb
from rag.ingest.readers import SkipFile, load_files, read_document

LIVENESS_S = 60  # a guard against a hang, not a timing assert: reading a FIFO used to block forever


def write(path: Path, text: str = "Notes\nThe harbour opens at dawn.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def reasons(skipped) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in skipped}


def finishes(fn, *args):
    """fn(*args) (its result, or its exception raised here), run on a daemon thread: a hang fails the
    test instead of hanging it."""
    out: dict = {}

    def call() -> None:
        try:
            out["value"] = fn(*args)
        except BaseException as e:  # handed to the test's thread
            out["error"] = e

    t = threading.Thread(target=call, daemon=True)
    t.start()
    t.join(LIVENESS_S)
    assert not t.is_alive(), f"{fn.__name__} hung"
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_linked_folders_are_followed_once_and_loops_reported_once(tmp_path):
    """Protects the symlink policy: a link to a folder is walked (it used to be skipped silently);
    a folder reached by two links is walked once; a link back to a folder being walked is one
    'symlink loop' entry, and the rest of the batch is found."""
    outside = write(tmp_path / "shared" / "s.txt")
    corpus = tmp_path / "corpus"
    a = write(corpus / "a.txt")
    z = write(corpus / "z" / "z.txt")
    (corpus / "shared").symlink_to(tmp_path / "shared", target_is_directory=True)
    (corpus / "shared_again").symlink_to(tmp_path / "shared", target_is_directory=True)
    (corpus / "z" / "up").symlink_to("..", target_is_directory=True)
    (corpus / "z" / "top").symlink_to(corpus, target_is_directory=True)
    files, skipped = find_files([corpus])
    assert files == [a, outside, z]
    assert [(s.path, s.reason) for s in skipped] == [
        (str(corpus / "z" / "top"), f"symlink loop: leads back to {corpus}; not followed"),
        (str(corpus / "z" / "up"), f"symlink loop: leads back to {corpus}; not followed"),
    ]


def test_a_loop_of_links_never_stops_the_batch(tmp_path):
    """Protects a batch with a link cycle (x -> y -> x), given inside a folder and as a path: each is
    skipped as a symlink loop (it once raised RuntimeError and indexed nothing), the good file is read."""
    corpus = tmp_path / "corpus"
    write(corpus / "good.txt")
    (corpus / "x.txt").symlink_to(corpus / "y.txt")
    (corpus / "y.txt").symlink_to(corpus / "x.txt")
    docs, skipped = load_files([corpus, corpus / "x.txt"], corpus)
    assert [d.id for d in docs] == ["good.txt"]
    assert [Path(s.path).name for s in skipped] == ["x.txt", "y.txt", "x.txt"]
    assert all(s.reason.startswith("symlink loop") for s in skipped)


def test_a_fifo_is_skipped_without_being_opened(tmp_path):
    """Protects against the hang of a FIFO given as a path or found in a folder: it is reported as a
    named pipe and never opened (opening one without a writer blocks forever)."""
    corpus = tmp_path / "corpus"
    write(corpus / "good.txt")
    fifo = corpus / "pipe.txt"
    os.mkfifo(fifo)
    files, skipped = finishes(find_files, [corpus, fifo])
    assert [f.name for f in files] == ["good.txt"]
    assert [s.reason for s in skipped] == ["not a regular file: a named pipe (FIFO); not read"] * 2
    with pytest.raises(SkipFile, match="named pipe"):
        finishes(read_document, fifo, "pipe.txt")


def test_a_link_to_a_device_is_a_device_not_a_broken_link(tmp_path):
    """Protects the reason for /dev/zero behind a link (it said 'broken link'), and for a real broken link."""
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nothing.txt")
    files, skipped = find_files([tmp_path])
    assert files == []
    assert reasons(skipped) == {
        "gone.txt": "broken link (its target does not exist)",
        "zero.txt": "not a regular file: a character device; not read",
    }
    with pytest.raises(SkipFile, match="character device"):
        read_document(tmp_path / "zero.txt", "zero.txt")


def test_a_socket_is_skipped(tmp_path):
    """Protects the reason for a Unix socket in a documents folder."""
    folder = Path(tempfile.mkdtemp(dir="/tmp"))  # socket paths must be short
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "s.txt"))
        files, skipped = find_files([folder])
        assert files == [] and reasons(skipped) == {"s.txt": "not a regular file: a socket; not read"}
    finally:
        sock.close()
        os.unlink(folder / "s.txt")
        folder.rmdir()


def test_a_file_over_the_size_limit_is_skipped_with_how_to_raise_it(tmp_path, monkeypatch):
    """Protects the size limit per file: a file over it is skipped with the limit and how to raise it,
    by argument or $RAG_MAX_FILE_MB; read_document refuses it too; a bad limit is a BadInput."""
    big = write(tmp_path / "big.txt", "Big notes\n" + "word " * 60_000)  # about 0.3 MB
    small = write(tmp_path / "small.txt")
    files, skipped = find_files([tmp_path], limit_mb=0.1)
    assert files == [small]
    assert reasons(skipped) == {
        "big.txt": "larger than the 0.1 MB limit per file (0.3 MB); "
        "raise it with `rag index --max-file-mb N` or $RAG_MAX_FILE_MB"
    }
    with pytest.raises(SkipFile, match="larger than the 0.1 MB limit"):
        read_document(big, "big.txt", limit_mb=0.1)
    monkeypatch.setenv(MAX_FILE_ENV, "0.1")
    assert find_files([tmp_path])[0] == [small]
    monkeypatch.setenv(MAX_FILE_ENV, "1")
    assert find_files([tmp_path])[0] == [big, small]
    monkeypatch.delenv(MAX_FILE_ENV)
    assert max_file_mb() == 50
    for bad in ("lots", "0", "-1", "nan"):
        with pytest.raises(BadInput, match="file size limit"):
            max_file_mb(bad)


@pytest.mark.parametrize(
    ("folder", "extra", "mark", "said"),
    [
        ("_sources", "library/os.rst.txt", "objects.inv", "Sphinx's copies of the pages' sources"),
        ("_modules", "library/os.html", "searchindex.js", "highlighted copies of the documented code"),
        ("_static", "fonts/source-serif-pro/ReadMe.html", "searchindex.js", "theme files"),
    ],
)
def test_a_sphinx_builds_extra_folders_are_skipped_with_why(tmp_path, folder, extra, mark, said):
    """As Debian installs Sphinx manuals. _sources: beside each HTML page, its reStructuredText source as .txt
    (half the files of Python's and CMake's). _modules: the documented modules' code, highlighted by the viewcode
    extension (a third of Requests' passages, code that outranked the API entries documenting it; Sphinx's own
    search leaves those pages out). _static: the theme's files, a font's notice among them (borg's manual). The pages
    are read once; the folder is listed as skipped, saying how to read
    it. Such a folder of no Sphinx build (a folder of notes, a package's), or one given itself, is read."""
    build = tmp_path / "html"
    write(build / "library" / "os.html", "<p>The os module.</p>")
    write(build / folder / extra, ":mod:`os` --- Miscellaneous interfaces")
    write(build / mark, "# Sphinx")
    found, skipped = find_files([build])
    assert [p.relative_to(build).as_posix() for p in found] == ["library/os.html"]
    assert said in reasons(skipped)[folder] and "give this folder itself" in reasons(skipped)[folder]
    assert [p.relative_to(build).as_posix() for p in find_files([build / folder])[0]] == [f"{folder}/{extra}"]
    (build / mark).unlink()  # no Sphinx build
    assert sorted(p.relative_to(build).as_posix() for p in find_files([build])[0]) == [
        f"{folder}/{extra}",
        "library/os.html",
    ]
