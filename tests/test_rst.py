"""reStructuredText sources read as the page Sphinx builds from them: its directives and roles as Sphinx shows them,
a described object as a term line over its description, nothing read from elsewhere, docutils left as it was."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from docutils.parsers.rst import directives, roles

from rag.ingest.html import html_text
from rag.ingest.readers import lines_are_blocks, read_document
from rag.ingest.rst import rst_text, shown_role_text
from rag.ingest.skip import SkipFile

DATA = Path(__file__).parent / "data"
# Python 3.11's Doc/library/tomllib.rst (PSF licence), the source of tests/data/html/sphinx-tomllib.html.
TOMLLIB = DATA / "rst" / "tomllib.rst"

SPHINX = """\
pip install
===========

.. module:: shutil

.. tab:: Unix/macOS

   .. code-block:: shell

      python -m pip install SomePackage

.. versionadded:: 6.0

.. versionchanged:: 20.0
   pip now caches wheels, see :ref:`caching <wheel-caching>`.

.. option:: --no-deps

   Don't install package dependencies.

.. function:: copy(src, dst, *, follow_symlinks=True)

   Copies the file *src* to *dst*. See :func:`~shutil.copyfile` and :rfc:`2045`.

.. class:: requests.Session

   A Requests session.

.. note::

   Use :option:`--user` for a user install.

.. seealso:: :pep:`8`

.. toctree::
   :maxdepth: 2

   install

.. index:: single: install

.. pip-command-usage:: install "python -m pip"

.. custom-box:: Heads up

   Read this first.
"""


def test_a_sphinx_source_reads_as_the_page_sphinx_builds_from_it():
    """Protects reading a Sphinx project's sources as its built pages read: the same lines, described objects
    with their module and kind ("exception tomllib.TOMLDecodeError"), "See also", "load()". Only Sphinx's smart
    quotes and dashes differ: the source's own characters are quoted."""
    text, title = rst_text(TOMLLIB.read_text(encoding="utf-8"))
    page, _ = html_text((DATA / "html" / "sphinx-tomllib.html").read_text(encoding="utf-8"))
    assert title == "tomllib --- Parse TOML files"
    assert text == page.replace("—", "---").replace("’", "'")


def test_sphinx_directives_and_roles_read_as_sphinx_shows_them():
    text, title = rst_text(SPHINX)
    assert title == "pip install"
    assert text.split("\n\n") == [
        "pip install",
        "Unix/macOS",  # a tab's title over its content
        "python -m pip install SomePackage",
        "New in version 6.0.",
        "Changed in version 20.0: pip now caches wheels, see caching.",
        "--no-deps\nDon't install package dependencies.",  # a term line over its description, as a <dt> and <dd>
        "shutil.copy(src, dst, *, follow_symlinks=True)\nCopies the file src to dst. See copyfile() and RFC 2045.",
        "class requests.Session\nA Requests session.",
        "Note",
        "Use --user for a user install.",
        "See also",
        "PEP 8",
        "Heads up",  # a directive no one here knows, read as prose
        "Read this first.",
    ]  # no table of contents, index entry, or a directive of Sphinx's extensions made of its argument alone


def test_role_text_as_sphinx_shows_it():
    assert shown_role_text("ref", "virtual environments <venv>") == "virtual environments"
    assert shown_role_text("func", "~shutil.copy") == "copy()"
    assert shown_role_text("py:meth", "Path.open") == "Path.open()"
    assert shown_role_text("class", "!Path") == "Path"
    assert shown_role_text("rfc", "2045") == "RFC 2045"
    assert shown_role_text("rfc", "section 6.8 <2045#section-6.8>") == "section 6.8"
    assert shown_role_text("option", "--user") == "--user"


def test_nothing_is_read_from_elsewhere(tmp_path, monkeypatch):
    """An include, raw HTML, or a docutils.conf beside the file: none is read (a folder's sources cannot pull
    other files into the index, nor change how docutils reads)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret is 42", encoding="utf-8")
    (tmp_path / "docutils.conf").write_text("[general]\nreport_level: 1\nhalt_level: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    text, _ = rst_text(f"Title\n=====\n\n.. include:: {secret}\n\n.. raw:: html\n\n   <b>bold raw</b>\n\nBody.\n")
    assert text == "Title\n\nBody."
    assert rst_text("Broken :unknown:`role` and `unclosed\n\n.. |x| image:: nowhere.png\n")[0].startswith("Broken")


def test_docutils_is_left_as_it_was():
    """Sphinx's names are registered only while a source is read: another user of docutils sees docutils."""
    before = dict(directives._directives), dict(roles._roles)
    rst_text(SPHINX)
    assert (dict(directives._directives), dict(roles._roles)) == before


def test_rst_files_are_read_and_answered(tmp_path, embedder):
    """.rst, .rest and gzipped sources are read as documents whose lines are blocks; `Index.ask` quotes a
    described function with its signature, as on the built page."""
    from rag.index import Index

    docs = tmp_path / "docs"
    docs.mkdir()
    source = TOMLLIB.read_bytes()
    (docs / "tomllib.rst").write_bytes(source)
    (docs / "again.rest").write_bytes(source)
    (docs / "zipped.rst.gz").write_bytes(gzip.compress(source))
    for name in ("tomllib.rst", "again.rest", "zipped.rst.gz"):
        doc = read_document(docs / name, name)
        assert doc.title == "tomllib --- Parse TOML files" and lines_are_blocks(doc.source)
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([docs / "tomllib.rst"])
    ans = index.ask("What does tomllib.loads return?", threshold=0.0)
    assert ans.quotes[0].text == "tomllib.loads(s, /, *, parse_float=float)\nLoad TOML from a str object."


def test_an_enumerated_list_keeps_its_numbers_and_letters():
    """Protects steps written as "#." (numbered by docutils) or "a)": the page shows "1.", "a.", which were lost."""
    text, _ = rst_text("Steps\n=====\n\n#. Download\n#. Unpack\n\na) fast\nb) slow\n")
    assert text == "Steps\n\n1. Download\n2. Unpack\n\na. fast\nb. slow"


# pip 23.0's docs as Debian ships them (python3-pip, MIT): copyright.rst opens with Sphinx's ":orphan:", its
# development/architecture/anatomy.rst with a note above its title, reference/pip.rst has moved. rag titled the first
# two "<string>" (docutils' name for a source it was given as a string) and read "orphan: |" as their text.
def test_sphinx_metadata_is_no_text_and_a_page_without_a_leading_title_is_titled_by_its_first_heading():
    text, title = rst_text(":orphan:\n\n=========\nCopyright\n=========\n\npip and this documentation is:\n")
    assert (title, text) == ("Copyright", "Copyright\n\npip and this documentation is:")
    text, title = rst_text(
        ".. note::\n\n    This section is being written.\n\n"
        "****************************************\nRepository anatomy & directory structure\n"
        "****************************************\n\npip's codebase is a standard Python package.\n"
    )
    assert title == "Repository anatomy & directory structure"
    assert text.startswith("Note\n\nThis section is being written.")
    assert rst_text("Just a paragraph, no title.\n")[1] == ""  # the reader titles it by its first line
    assert "orphan:" in rst_text("Fields\n======\n\n:orphan: is a field here, not metadata\n")[0]  # not at the top


def test_a_page_that_has_moved_is_skipped_as_a_redirect(tmp_path):
    moved = (
        ":orphan:\n\n.. meta::\n\n  :http-equiv=refresh: 3; url=../../cli/pip/\n\nThis page has moved\n"
        "===================\n\nYou should be redirected automatically in 3 seconds. If that didn't\n"
        "work, here's a link: :doc:`../cli/pip`\n"
    )
    (tmp_path / "pip.rst").write_text(moved)
    with pytest.raises(SkipFile, match="redirect to ../../cli/pip/"):
        read_document(tmp_path / "pip.rst", "pip.rst")
    (tmp_path / "kept.rst").write_text(moved + "\n" + "The options of pip are listed below. " * 10)
    assert read_document(tmp_path / "kept.rst", "kept.rst").title == "This page has moved"  # text of its own
