"""Tests for rag.ingest.readers: reading real files of every supported kind, and skipping bad ones."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import pytest
from test_pdf import make_pdf  # PDF reading is tested in test_pdf.py

from rag.ingest.files import SUPPORTED
from rag.ingest.readers import SkipFile, doc_id_for, find_files, load_files, read_document

SUPPORTED_LIST = ".docx, .htm, .html, .markdown, .md, .mdown, .mkd, .pdf, .rest, .rst, .text, .txt, .xhtml"
UNSUPPORTED_XLSX = f"unsupported file type '.xlsx' (supported: {SUPPORTED_LIST}; each also gzipped, .gz)"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def reasons(skipped) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in skipped}


# ---------------------------------------------------------------- plain text


def test_supported_suffixes():
    assert SUPPORTED == frozenset(SUPPORTED_LIST.split(", "))


def test_other_endings_of_markdown_html_and_text_read_as_their_format(tmp_path):
    """Protects folders that use the other common endings: a .markdown file was skipped as unsupported."""
    markdown = read_document(write(tmp_path / "notes.markdown", "# Deploys\n\nThey run on **Tuesdays**.\n"), "m")
    assert (markdown.title, markdown.text) == ("Deploys", "Deploys\n\nThey run on Tuesdays.")
    xhtml = (
        '<?xml version="1.0"?>\n<html><head><title>Deploys</title></head><body><p>On <b>Tuesdays</b>.</p></body></html>'
    )
    page = read_document(write(tmp_path / "deploys.XHTML", xhtml), "x")
    assert (page.title, page.text) == ("Deploys", "On Tuesdays.")
    assert read_document(write(tmp_path / "a.text", "  plain *text*\n"), "t").text == "  plain *text*\n"


def test_gzipped_files_read_as_their_format(tmp_path):
    """Protects Debian's documentation folders, whose larger files are gzipped ("configuration.md.gz",
    "autoconf.pdf.gz"): 13 of the 25 Markdown pages of pip's were skipped as unsupported. A gzipped file of a format
    read is read as it; its id keeps its name."""
    md = gzip.compress(b"# Configuration\n\npip reads **pip.conf**.\n")
    html = gzip.compress(b"<html><head><title>Deploys</title></head><body><p>On Tuesdays.</p></body></html>")
    found, skipped = find_files([write(tmp_path / "c.md.gz", md), write(tmp_path / "d.HTML.GZ", html)])
    assert [p.name for p in found] == ["c.md.gz", "d.HTML.GZ"] and skipped == []
    doc = read_document(found[0], "c.md.gz")
    assert (doc.id, doc.title, doc.text) == ("c.md.gz", "Configuration", "Configuration\n\npip reads pip.conf.")
    assert read_document(found[1], "d").text == "On Tuesdays."
    assert doc.sha256 == hashlib.sha256(md).hexdigest()  # of the file, as updates compare it


def test_documentation_named_by_convention_reads_as_text(tmp_path):
    """Protects a project's and a Debian package's documentation files without an extension: Autoconf's README,
    NEWS.gz and README.Debian were skipped ("no extension"), so was lsof's 00FAQ.gz. Such a name reads as text,
    gzipped or not, after digits that sort it first or not; a script that shares the name does not."""
    news = gzip.compress(b"* Noteworthy changes in release 2.71\n\nAutoconf now requires perl 5.10.\n")
    names = {"README": b"This is Autoconf.\n", "NEWS.gz": news, "README.Debian": b"Debian notes.\n", "00FAQ": b"Q1.\n"}
    found, skipped = find_files([write(tmp_path / n, data) for n, data in names.items()])
    assert sorted(p.name for p in found) == sorted(names) and skipped == []
    assert read_document(tmp_path / "NEWS.gz", "NEWS.gz").text.endswith("Autoconf now requires perl 5.10.\n")
    _, skipped = find_files([write(tmp_path / "install.sh", b"#!/bin/sh\n"), write(tmp_path / "notes", b"x")])
    assert reasons(skipped)["install.sh"].startswith("unsupported file type '.sh'")
    assert reasons(skipped)["notes"].startswith("unsupported file type (no extension")


def test_gzipped_files_that_are_no_format_read_broken_or_too_big_are_skipped_saying_why(tmp_path):
    files = [write(tmp_path / name, b"") for name in ("data.gz", "a.tar.gz", "index.adoc.gz")]
    found = reasons(find_files(files)[1])
    assert found["data.gz"].startswith("unsupported file type '.gz' (supported: .docx, ")
    assert found["a.tar.gz"].startswith("unsupported file type '.tar.gz'")
    assert found["index.adoc.gz"].startswith("AsciiDoc is not supported; build its HTML")
    with pytest.raises(SkipFile, match=r"not a valid gzip file \(.*\); gunzip it to see why"):
        read_document(write(tmp_path / "bad.txt.gz", b"plain text, not gzip"), "bad")
    bomb = write(tmp_path / "big.txt.gz", gzip.compress(b"a" * (2 * 1024 * 1024)))  # 2 MB in a few KB
    with pytest.raises(SkipFile, match=r"larger than the 1 MB limit per file .* \(decompressed\)"):
        read_document(bomb, "big", limit_mb=1)


def test_sources_that_must_be_built_first_say_how(tmp_path):
    """An AsciiDoc source is skipped with what to index instead (its built HTML); reStructuredText is read."""
    files, skipped = find_files([write(tmp_path / "index.rst", "Title\n=====\n"), write(tmp_path / "a.adoc", "= A\n")])
    assert reasons(skipped) == {"a.adoc": reasons(skipped)["a.adoc"]}
    assert reasons(skipped)["a.adoc"].startswith("AsciiDoc is not supported; build its HTML (asciidoctor)")
    assert [p.name for p in files] == ["index.rst"]


def test_txt_exact_text_crlf_non_ascii_and_title(tmp_path):
    content = "\r\n  Café résumé – naïve 日本語  \r\nSecond line\r\n\r\nend"
    raw = content.encode("utf-8")
    path = write(tmp_path / "notes.txt", raw)
    doc = read_document(path, "notes.txt")
    assert doc.text == content  # no newline translation, no stripping
    assert doc.title == "Café résumé – naïve 日本語"
    assert doc.id == "notes.txt"
    assert doc.source == str(path)
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.page_starts == []
    assert doc.page_at(5) is None
    start = doc.text.index("Second")
    assert doc.text[start : start + 11] == "Second line"


def test_txt_utf8_bom_stripped_but_hash_of_raw_bytes(tmp_path):
    raw = b"\xef\xbb\xbfHello BOM\nbody"
    path = write(tmp_path / "bom.txt", raw)
    doc = read_document(path, "bom.txt")
    assert doc.text == "Hello BOM\nbody"
    assert doc.title == "Hello BOM"
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_txt_utf16_with_bom_accepted(tmp_path):
    path = write(tmp_path / "wide.txt", "Wide title\nü text".encode("utf-16"))
    doc = read_document(path, "wide.txt")
    assert doc.text == "Wide title\nü text"
    assert doc.title == "Wide title"


def test_md_title_is_the_first_heading_and_long_titles_truncated(tmp_path):
    path = write(tmp_path / "guide.md", "\n\n##   Install   Guide\n\nRun it.\n")
    doc = read_document(path, "guide.md")
    assert doc.title == "Install Guide"  # inner whitespace collapsed
    assert doc.text == "Install Guide\n\nRun it."

    long = write(tmp_path / "long.txt", "x" * 500 + "\nmore")
    assert read_document(long, "long.txt").title == "x" * 200


def test_markdown_of_empty_headings_has_no_text(tmp_path):
    path = write(tmp_path / "hashes.md", "#\n###\n")
    with pytest.raises(SkipFile, match="no text content"):
        read_document(path, "hashes.md")


# ---------------------------------------------------------------- HTML


HTML = """<!DOCTYPE html>
<html><head>
  <meta charset="utf-8">
  <title>  The   Page
  Title </title>
  <style>body { color: red; }</style>
  <script>var hidden = "SCRIPT TEXT";</script>
</head>
<body>
  <!-- a comment that must not show -->
  <h1>Main heading</h1>
  <p>Fish &amp; chips cost &pound;5 &mdash; caf&eacute;.</p>
  <p>Wrapped
     paragraph   text</p>
  <ul><li>one</li><li>two</li></ul>
  <noscript>Enable JS</noscript>
  <script>console.log("also hidden")</script>
  <table><tr><td>a</td><td>b</td></tr></table>
  line<br>break
</body></html>
"""


def test_html_visible_text_title_and_entities(tmp_path):
    path = write(tmp_path / "page.html", HTML)
    doc = read_document(path, "page.html")
    assert doc.title == "The Page Title"
    assert "Fish & chips cost £5 — café." in doc.text
    assert "Wrapped paragraph text" in doc.text
    assert "Main heading" in doc.text
    for hidden in ("SCRIPT", "also hidden", "color", "comment", "Enable JS", "Page Title"):
        assert hidden not in doc.text
    lines = doc.text.split("\n")
    assert "one" in lines and "two" in lines
    assert "a | b" in lines
    assert "line" in lines and "break" in lines
    assert "\n\n\n" not in doc.text
    assert doc.text == doc.text.strip()
    assert all(line == line.strip() for line in lines)
    assert doc.page_starts == []


def test_html_title_fallback_and_declared_charset(tmp_path):
    raw = '<html><meta charset="iso-8859-1"><body><p>Ol\xe9 se\xf1or</p></body></html>'
    path = write(tmp_path / "latin.htm", raw.encode("latin-1"))
    doc = read_document(path, "latin.htm")
    assert doc.text == "Olé señor"
    assert doc.title == "Olé señor"


def test_html_without_visible_text_is_skipped(tmp_path):
    path = write(tmp_path / "blank.html", "<html><head><title>T</title></head><body> </body></html>")
    with pytest.raises(SkipFile, match="no text content"):
        read_document(path, "blank.html")


# GNU Texinfo writes one such page for every old node name (89 of the 112 files of diffutils-doc's manual).
TEXINFO_REDIRECT = """<!DOCTYPE html><html><!-- This file redirects to the location of a node or anchor -->
<head><title>cmp Options (Comparing and Merging Files)</title>
<meta http-equiv="Refresh" content="0; url=Invoking-cmp.html#cmp-Options"></head>
<body lang="en"><p>The node you are looking for is at <a href="Invoking-cmp.html#cmp-Options">cmp Options</a>.</p>
</body></html>"""


@pytest.mark.parametrize(
    ("html", "target"),
    [
        (TEXINFO_REDIRECT, "Invoking-cmp.html#cmp-Options"),
        ('<meta http-equiv="refresh" content="0; ./cli.html"><p>Redirect to ./cli.html</p>', "./cli.html"),  # SQLite's
        (
            "<meta content=\"5;URL='https://example.org/new'\" http-equiv=REFRESH><p>Moved.</p>",
            "https://example.org/new",
        ),
    ],
)
def test_an_html_redirect_is_skipped_naming_where_it_leads(tmp_path, html, target):
    """A redirect page has no text of its own; read, it was a passage titled like the page it leads to ("cmp
    Options"), holding only "The node you are looking for is at cmp Options.", that searches for the title found
    first. It is skipped, saying where it leads."""
    path = write(tmp_path / "page.html", html)
    with pytest.raises(SkipFile, match=f"a redirect to {re.escape(target)}, with no text of its own"):
        read_document(path, "page.html")


def test_a_page_that_only_reloads_itself_or_has_text_of_its_own_is_read(tmp_path):
    reloads = write(tmp_path / "status.html", '<meta http-equiv="refresh" content="30"><p>Build passing.</p>')
    assert read_document(reloads, "status.html").text == "Build passing."
    text = "The cmp command compares two files byte by byte and reports the first difference. " * 5
    moved = write(tmp_path / "moved.html", f'<meta http-equiv="refresh" content="10; url=new.html"><p>{text}</p>')
    assert read_document(moved, "moved.html").text == text.strip()


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\t\r\n  ", "no text content"),
        ("binary.txt", b"abc\x00\x01\x02def", "binary file (contains NUL bytes)"),
        ("binary.html", b"<p>x\x00</p>", "binary file (contains NUL bytes)"),
        ("broken.pdf", b"this is not a pdf at all \x8f\x90", "could not read PDF: "),
        ("notes.docx", b"PK\x03\x04", "could not read Word document: "),
        ("notes.doc", b"\xd0\xcf\x11\xe0", "legacy Word .doc is not supported; save it as .docx"),
    ],
)
def test_read_document_skip_reasons(tmp_path, name, data, reason):
    path = write(tmp_path / name, data)
    with pytest.raises(SkipFile) as info:
        read_document(path, name)
    assert str(info.value).startswith(reason)


def test_unreadable_file_reported(tmp_path):
    """Protects read_document on what is not a regular file (a folder with a supported suffix) and on
    a file it may not read: each is a SkipFile with its reason, never a crash."""
    path = tmp_path / "folder.txt"  # a directory with a supported suffix
    path.mkdir()
    with pytest.raises(SkipFile, match="not a regular file: a folder"):
        read_document(path, "folder.txt")
    with pytest.raises(SkipFile, match="could not read file: "):
        read_document(tmp_path / "gone.txt", "gone.txt")


def test_bad_files_never_stop_the_batch(tmp_path):
    write(tmp_path / "a_good.txt", "Good file\ncontent")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.txt", "   \n\n ")
    write(tmp_path / "binary.md", b"\x00\x01\x02")
    write(tmp_path / "latin.txt", "Caf\xe9 cr\xe8me, na\xefve fa\xe7ade.".encode("cp1252"))
    write(tmp_path / "broken.pdf", b"garbage bytes, not a PDF")
    write(tmp_path / "z_good.pdf", make_pdf(["Page text"]))
    docs, skipped = load_files([tmp_path, tmp_path / "missing.txt"], tmp_path)
    assert [d.id for d in docs] == ["a_good.txt", "latin.txt", "z_good.pdf"]
    assert [d.encoding for d in docs] == ["", "cp1252", ""]
    got = reasons(skipped)
    assert got["missing.txt"] == "no such file or directory"
    assert got["empty.txt"] == "empty file"
    assert got["blank.txt"] == "no text content"
    assert got["binary.md"] == "binary file (contains NUL bytes)"
    assert got["broken.pdf"].startswith("could not read PDF: ")
    assert len(skipped) == 5


# ---------------------------------------------------------------- finding files


def test_find_files_recurses_sorted_ignores_hidden_reports_unsupported(tmp_path):
    write(tmp_path / "b.txt", "b")
    write(tmp_path / "a" / "deep" / "c.md", "c")
    write(tmp_path / "a" / "x.HTML", "<p>x</p>")
    write(tmp_path / "a" / "report.xlsx", b"PK")
    write(tmp_path / ".hidden.txt", "h")
    write(tmp_path / ".git" / "config.txt", "h")
    write(tmp_path / "a" / ".cache" / "d.txt", "h")
    files, skipped = find_files([tmp_path])
    rel = [f.relative_to(tmp_path.resolve()).as_posix() for f in files]
    assert rel == ["a/deep/c.md", "a/x.HTML", "b.txt"]
    assert all(f.is_absolute() for f in files)
    assert [(Path(s.path).name, s.reason) for s in skipped] == [("report.xlsx", UNSUPPORTED_XLSX)]


def test_find_files_explicit_paths_missing_unsupported_and_duplicates(tmp_path):
    good = write(tmp_path / "good.txt", "g")
    xlsx = write(tmp_path / "explicit.xlsx", b"PK")
    files, skipped = find_files([good, str(good), tmp_path / "nope", xlsx, tmp_path])
    assert files == [good.resolve()]
    assert [(Path(s.path).name, s.reason) for s in skipped] == [
        ("nope", "no such file or directory"),
        ("explicit.xlsx", UNSUPPORTED_XLSX),
        ("explicit.xlsx", UNSUPPORTED_XLSX),
    ]


def test_find_files_follows_file_links_and_reports_a_loop(tmp_path):
    """Protects the link policy: a link to a file is followed (the file named by its real path), and
    a link back to a folder being walked is reported as a loop, not followed (tests/test_files.py has more)."""
    target = write(tmp_path / "real" / "r.txt", "r")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "link.txt").symlink_to(target)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    files, skipped = find_files([corpus])
    assert files == [target.resolve()]
    assert reasons(skipped) == {"loop": f"symlink loop: leads back to {corpus}; not followed"}


# ---------------------------------------------------------------- ids


def test_doc_id_for_inside_and_outside_root(tmp_path):
    root = tmp_path / "corpus"
    inside = root / "sub" / "file.txt"
    outside = tmp_path / "elsewhere" / "other.md"
    assert doc_id_for(inside, root) == "sub/file.txt"
    assert doc_id_for(outside, root) == outside.as_posix()
    assert doc_id_for(root / "top.md", root) == "top.md"


def test_load_files_ids_relative_to_root_and_sha256(tmp_path):
    raw = b"Title line\nbody\n"
    path = write(tmp_path / "docs" / "sub" / "n.txt", raw)
    docs, skipped = load_files([tmp_path / "docs"], tmp_path / "docs")
    assert skipped == []
    assert [d.id for d in docs] == ["sub/n.txt"]
    assert docs[0].sha256 == hashlib.sha256(raw).hexdigest()
    assert docs[0].source == str(path.resolve())
    assert docs[0].title == "Title line"


def test_txt_title_is_no_rule_over_it(tmp_path):
    """Protects lighttpd's reStructuredText .txt pages ("======" over "Access"): every page had been titled by the
    rule over its title."""
    doc = read_document(write(tmp_path / "access.txt", b"======\nAccess\n======\n\nThe access module ..."), "a.txt")
    assert doc.title == "Access"
