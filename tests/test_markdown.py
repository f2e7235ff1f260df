"""Markdown is indexed as the text a reader sees: no heading or emphasis marks, link text without its
target, tables as rows, code as code; front matter is the title, not text."""

from __future__ import annotations

from rag.ingest.markdown import front_matter, markdown_text
from rag.ingest.readers import read_document

NOTES = """---
title: "Release notes"
tags: [a, b]
---
# Version 2.0

Some **bold** and _emphasis_ text with a [link](https://example.com/x) and `code`.
A wrapped line continues here.

- first item
- second [item](a.md)
  1. nested

| Name | Size |
|------|-----:|
| a    | 10   |

```python
def f():
    return 1
```

> Quoted ![a diagram](d.png) text
"""


def test_markdown_reads_as_plain_text():
    text, title = markdown_text(NOTES)
    assert title == "Release notes"
    assert text == (
        "Version 2.0\n\n"
        "Some bold and emphasis text with a link and code. A wrapped line continues here.\n\n"
        "first item\nsecond item\n1. nested\n\n"
        "Name | Size\nName: a | Size: 10\n\n"
        "def f():\n    return 1\n\n"
        "Quoted a diagram text"
    )
    for markup in ("**", "](", "# ", "```", "---", "tags:"):
        assert markup not in text


def test_ordered_list_items_are_numbered_as_the_page_shows_them():
    """Protects steps: "1." items read without their numbers, so "What is step 2?" had nothing to match; a list
    numbered "1." throughout shows 1, 2, 3, as in the rendered page."""
    text, _ = markdown_text("Steps:\n\n3. Download\n1. Unpack\n   - quietly\n1. Run\n\n- loose\n")
    assert text == "Steps:\n\n3. Download\n4. Unpack\nquietly\n5. Run\n\nloose"


def test_admonitions_read_as_their_title_over_their_body_and_api_stubs_as_nothing():
    """Protects MkDocs sites (Starlette's docs, 1.10): a '!!! warning "Experimental API"' line ran into its body as
    one paragraph, a body after a blank line read as code, and mkdocstrings' "::: starlette.testclient.TestClient"
    with its options read as text; a content tab ('=== "Python"') reads as its label over its body; a fenced
    example of the syntax stays as written."""
    source = (
        '??? abstract "API Reference"\n    ::: starlette.testclient.TestClient\n        options:\n'
        "            show_root_heading: true\n\n"
        '!!! warning "Experimental API"\n    `OpenTelemetryMiddleware` is experimental.\n\n'
        "!!! tip\n\n    You can use `DatabaseURL`\n    here.\n\n"
        '    !!! note ""\n        Nested *body*.\n\n'
        '=== "Python"\n\n    ```python\n    import httpx\n    ```\n\n'
        "```\n!!! note\n    stays code\n```\nDone.\n"
    )
    assert markdown_text(source)[0] == (
        "Experimental API\n\nOpenTelemetryMiddleware is experimental.\n\nTip\n\nYou can use DatabaseURL here.\n\n"
        "Nested body.\n\nPython\n\nimport httpx\n\n!!! note\n    stays code\n\nDone."
    )


def test_title_is_the_first_heading_without_front_matter():
    assert markdown_text("Intro line\n\n## Setup\n\nRun it.\n")[1] == "Setup"
    assert markdown_text("No heading here.\n")[1] == ""


def test_front_matter_fields_and_what_follows():
    fields, rest = front_matter("---\ntitle: 'My page'\nauthor: Ada\n---\nBody\n")
    assert fields == {"title": "My page", "author": "Ada"} and rest == "Body\n"
    assert front_matter("--- not front matter\nBody") == ({}, "--- not front matter\nBody")


def test_read_document_uses_front_matter_title(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    doc = read_document(path, "notes.md")
    assert doc.title == "Release notes" and doc.text.startswith("Version 2.0\n\nSome bold")


# As pip's documentation writes its pages (python3-pip's html/topics/authentication.md, MIT): MyST, Sphinx's Markdown.
MYST = """(authentication)=

# Authentication

pip loads credentials through {pypi}`keyring` and the [netrc module][netrc-std-lib], also in
{ref}`virtual environments <pypug:Creating and using Virtual Environments>`.

```{versionadded} 10.0
```

```{versionchanged} 20.0
pip now caches wheels built from an immutable Git reference.
```

```{tab} Unix
User
: `$HOME/.config/pip/pip.conf`
```

```{note}
:class: tip
As mentioned in the [standard library documentation for netrc][netrc-std-lib],
only ASCII characters are allowed in `.netrc` files.
```

```{code-block} console
$ pip install keyring
```

```{pip-cli}
$ pip --version
pip X.Y.Z
```

```{toctree}
:hidden:
topics/caching
```

[netrc-std-lib]: https://docs.python.org/3/library/netrc.html
"""


def test_myst_directives_prose_reads_as_markdown_code_stays_code():
    """A note's prose was kept as code, lines wrapped and link syntax raw ("[…][netrc-std-lib]"): it reads as
    Markdown now, with the document's link references; a code-block stays code; a toctree's page names and a
    directive's ":class:" option are no text; a role's name ({pypi}) and target go, its text stays; a directive of
    the site's own ({pip-cli}, a console session) stays as written. A version directive reads as Sphinx writes it
    ("New in version 10.0.": its version had been lost, and "In which version was caching added?" had no answer);
    a tab's title stays ("Unix"), and a target ("(authentication)=") is no text."""
    text, title = markdown_text(MYST)
    assert title == "Authentication"
    assert text == (
        "Authentication\n\n"
        "pip loads credentials through keyring and the netrc module, also in virtual environments.\n\n"
        "New in version 10.0.\n\n"
        "Changed in version 20.0: pip now caches wheels built from an immutable Git reference.\n\n"
        "Unix\n\nUser : $HOME/.config/pip/pip.conf\n\n"
        "As mentioned in the standard library documentation for netrc, only ASCII characters are allowed in .netrc "
        "files.\n\n"
        "$ pip install keyring\n\n"
        "$ pip --version\npip X.Y.Z"
    )


def test_a_myst_role_reads_as_sphinx_shows_it_as_in_restructuredtext():
    """One rule for Sphinx's roles in MyST and in reStructuredText (`shown_role_text`): a name's last part after
    "~" with a function's "()", an RFC by its number; "{func}`~shutil.copy`" had read "~shutil.copy"."""
    text, _ = markdown_text("See {func}`~shutil.copy`, {py:meth}`Path.open` and {rfc}`2045`.\n")
    assert text == "See copy(), Path.open() and RFC 2045."


def test_a_readmes_status_badges_are_no_text_other_images_read_as_their_alt_text():
    """rustfmt's README (Rust 1.95's share/doc, MIT/Apache-2.0) heads itself "# rustfmt [![linux](…/linux.yml/badge.svg
    …)](…) … [![crates.io](https://img.shields.io/crates/v/rustfmt-nightly.svg)](…)": it was titled "rustfmt linux
    mac windows crates.io"; 14 of 79 Markdown files under this machine's /usr and /root had such badges."""
    source = (
        "# rustfmt [![linux](https://github.com/rust-lang/rustfmt/actions/workflows/linux.yml/badge.svg?event=push)]"
        "(https://github.com/rust-lang/rustfmt/actions/workflows/linux.yml) "
        "[![crates.io](https://img.shields.io/crates/v/rustfmt-nightly.svg)](https://crates.io/crates/rustfmt-nightly)"
        "\n\nA tool for formatting Rust code according to style guidelines.\n\n"
        "![Join the chat at https://gitter.im/yyuu/pyenv](https://badges.gitter.im/Join%20Chat.svg)\n\n"
        "![The pipeline: documents, chunks, embeddings](docs/pipeline.png)\n"
    )
    text, title = markdown_text(source)
    assert title == "rustfmt"
    assert text == (
        "rustfmt\n\nA tool for formatting Rust code according to style guidelines.\n\n"
        "The pipeline: documents, chunks, embeddings"
    )
