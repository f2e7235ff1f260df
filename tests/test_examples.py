"""The page's example questions: the seeds' own, and one per other document whose title reads as a title."""

from __future__ import annotations

from rag.ui.uploads import SEED_QUESTIONS, example_questions, in_sentence, titled


def test_a_title_reads_as_one_a_first_sentence_does_not():
    """Protects the examples under the question box: a page without a title is named by its first line, and
    "What is The cmp command compares two files byte by byte and …?" was offered as a question."""
    assert titled("tomllib --- Parse TOML files")
    assert titled("Invoking cmp")
    assert not titled("The cmp command compares two files byte by byte and reports the first difference.")
    assert not titled("Notes from the meeting on the new boiler, the budget and the spring schedule")  # 14 words
    assert not titled("Summary:")
    assert not titled("   ")


def test_a_titles_leading_article_is_lower_cased_in_its_question():
    """The page offered "What is The man-db manual pager suite about?" for man-db's README."""
    assert in_sentence("The man-db manual pager suite") == "the man-db manual pager suite"
    assert in_sentence("An Introduction to Git") == "an Introduction to Git"
    assert in_sentence("APT") == "APT" and in_sentence("Theory of operation") == "Theory of operation"


def test_examples_are_the_seeds_questions_and_titled_documents(tmp_path, embedder, write_files):
    from rag.index import Index

    seed = next(iter(SEED_QUESTIONS))
    docs = write_files(
        tmp_path / "docs",
        {
            seed: "A seed document.\nIts text.",
            "tomllib.html": "<title>tomllib — Parse TOML files</title><p>This module parses TOML.</p>",
            "cmp.html": "<p>The cmp command compares two files byte by byte and reports the first difference.</p>",
        },
    )
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([docs])
    assert example_questions(index, docs) == [*SEED_QUESTIONS[seed], "What is tomllib — Parse TOML files about?"]
    assert example_questions(index, tmp_path / "elsewhere") == []
