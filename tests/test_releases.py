"""A question asking in which release something changed is answered by the release its changelog's section names.
Text: man-db 2.11.2's NEWS.md (GPL) and OpenSSL 3.0.19's NEWS.md (Apache License 2.0), sections as the files write
them, some items left out."""

from __future__ import annotations

import pytest
from records import doc, hit

from rag.answer.defaults import asks_version
from rag.answer.releases import holds_release, is_changelog, release_above, release_date

MAN_DB = """man-db 2.11.1 (15 November 2022)
================================

Build:

 * Transfer Git repository to https://gitlab.com/man-db/man-db.

Fixes:

 * SECURITY: Replace `$` characters in page names with `?` when constructing
   `less` prompts.
 * Silence error message when processing an empty manual page hierarchy with
   a nonexistent cache directory.

man-db 2.11.0 (15 October 2022)
===============================

Fixes:

 * The `CATWIDTH` configuration file directive now overrides `MINCATWIDTH`
   and `MAXCATWIDTH`.

man-db 2.10.0 (4 February 2022)
===============================

Build:

 * Move Git repository to GitLab (https://gitlab.com/cjwatson/man-db).
 * Building man-db now requires a C99 compiler.
"""

OPENSSL = """### Major changes between OpenSSL 3.0.14 and OpenSSL 3.0.15 [3 Sep 2024]

OpenSSL 3.0.15 is a security patch release. The most severe CVE fixed in this
release is Moderate.

  * Fixed possible denial of service in X.509 name checks
    ([CVE-2024-6119])

### Major changes between OpenSSL 3.0.13 and OpenSSL 3.0.14 [4 Jun 2024]

  * Fixed potential use after free after SSL_free_buffers() is called
    ([CVE-2024-4741])

  * Fixed unbounded memory growth with session handling in TLSv1.3
    ([CVE-2024-2511])

### Major changes between OpenSSL 3.0.12 and OpenSSL 3.0.13 [30 Jan 2024]

  * Fixed PKCS12 Decoding crashes
    ([CVE-2024-0727])
"""


def _release(text: str, fragment: str) -> str | None:
    r = release_above(text, text.index(fragment))
    return None if r is None else text[r.start : r.end]


@pytest.mark.parametrize(
    ("fragment", "release"),
    [
        ("SECURITY: Replace", "2.11.1"),  # past the "Fixes:" heading, which names no release
        ("Transfer Git", "2.11.1"),
        ("The `CATWIDTH`", "2.11.0"),
        ("Building man-db now requires", "2.10.0"),
    ],
)
def test_an_item_belongs_to_the_release_its_section_names(fragment, release):
    plain = MAN_DB.replace("=", "").replace("`", "")  # as rag reads the Markdown: no underlines, no code marks
    assert _release(plain, fragment.replace("`", "")) == release


def test_a_section_between_two_releases_leads_to_the_later_one():
    assert _release(OPENSSL, "Fixed unbounded memory growth") == "3.0.14"
    assert _release(OPENSSL, "Fixed possible denial") == "3.0.15"  # past a paragraph naming it in a sentence
    assert _release(OPENSSL, "Fixed PKCS12") == "3.0.13"


def test_no_release_for_a_heading_itself_or_a_text_that_is_no_changelog():
    assert _release(OPENSSL, "### Major changes between OpenSSL 3.0.13") is None  # the reader read the heading
    readme = "Apache Ant 1.10.14\n\nAnt requires Java 8 or later.\n"  # one version heading: no changelog
    assert not is_changelog(readme) and _release(readme, "Ant requires") is None
    assert is_changelog(OPENSSL) and is_changelog(MAN_DB)  # MAN_DB as a plain-text NEWS: headings underlined
    assert _release(MAN_DB, "SECURITY: Replace") == "2.11.1"


def test_a_section_number_heads_no_release_and_a_span_naming_one_is_kept():
    """SQLite's pgszchng2016.html numbers its sections ("1.0 Introduction"): "Which version of SQLite raised the
    default page size?" had been answered "1.0" over the reader's "3.12.0"."""
    page = (
        "1.0 Introduction\n\nText.\n\n2.0 Details\n\nMore.\n\n3.0 Summary\n\nBeginning with version 3.12.0 it grew.\n"
    )
    assert not is_changelog(page) and _release(page, "Beginning") is None
    assert holds_release("3.12.0") and holds_release("SQLite 3.12.0") and not holds_release("CVE-2024-4603")
    assert is_changelog("2.3.0 (2023-01-01)\n\nA.\n\n2.2.1\n\nB.\n\nv2.2.0 - 2022-05-01\n\nC.\n")


def test_a_question_asking_when_a_release_came_out_is_answered_by_its_headings_date():
    """The date in the heading of the release the question names: "2.10.2 (17 March 2022)" had answered for 2.10.0,
    "[11 Feb 2025]" of "between OpenSSL 3.0.15 and OpenSSL 3.0.16" for 3.0.15."""
    news = doc(MAN_DB.replace("=", "").replace("`", ""), id="NEWS.md", suffix=".md")
    said = release_date("When was man-db 2.10.0 released?", [(hit(news), news)])
    assert said is not None and news.text[said.start : said.end] == "4 February 2022"
    assert news.text[said.quote_start : said.quote_end] == "man-db 2.10.0 (4 February 2022)"
    openssl = doc(OPENSSL, id="openssl.md", suffix=".md")
    said = release_date("When was OpenSSL 3.0.14 released?", [(hit(openssl), openssl)])
    assert said is not None and openssl.text[said.start : said.end] == "4 Jun 2024"  # not 3.0.15's "3 Sep 2024"
    assert release_date("When was OpenSSL 4.2 released?", [(hit(openssl), openssl)]) is None  # no such release
    assert release_date("What changed in OpenSSL 3.0.14?", [(hit(openssl), openssl)]) is None  # no "when"


def test_a_question_asking_for_a_release_is_told_from_others():
    assert asks_version("Which man-db release replaced $ characters in page names?")  # a hyphenated name
    assert asks_version("In which OpenSSL version was unbounded memory growth fixed?")
    assert not asks_version("What is the default block size?")


def test_ask_answers_which_release_changed_something_with_its_sections_release(tmp_path, embedder, write_files):
    """Through `Index.ask`: before, "Which release …?" was answered with a word of the item the reader found
    ("SECURITY", "CVE-2024-4603"); now the release, its heading quoted, the item quoted next."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"NEWS.md": MAN_DB + "\n" + OPENSSL})])
    answer = index.ask("Which man-db release replaced $ characters in page names in less prompts?", threshold=0.0)
    assert answer.text == "2.11.1", [q.text for q in answer.quotes]
    assert answer.quotes[0].text == "man-db 2.11.1 (15 November 2022)"
    assert any("Replace $ characters" in q.text for q in answer.quotes[1:])
    text = index.document("NEWS.md").text
    assert text[answer.span.start : answer.span.end] == "2.11.1"
    when = index.ask("When was man-db 2.11.0 released?")  # at the confidence of answers read from their structure
    assert when.found and when.text == "15 October 2022", [q.text for q in when.quotes]
