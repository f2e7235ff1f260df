"""A question asking what an acronym stands for is answered by the long form the documents write beside it in
brackets, either way round, or first on the line below it in a glossary; never by words that merely share letters."""

from __future__ import annotations

from records import doc, hit

from rag.answer.acronyms import acronym_answer, long_form

# PostgreSQL 15's storage-toast.html, mvcc-intro.html and glossary.html (PostgreSQL License) as rag reads them. The
# reader had answered "What does TOAST stand for?" with "(varlena) representation".
TOAST = (
    "73.2. TOAST\n\nThis section provides an overview of TOAST (The Oversized-Attribute Storage Technique).\n\n"
    "Only certain data types support TOAST — there is no need to impose the overhead on data types that cannot "
    "produce large field values."
)
MVCC = (
    "Internally, data consistency is maintained by using a multiversion model (Multiversion Concurrency Control, "
    "MVCC). This means that each SQL statement sees a snapshot of data."
)
GLOSSARY = (
    "Grant\nAn SQL command that is used to allow a user or role to access specific objects within the database.\n\n"
    "GUC\nGrand Unified Configuration, the PostgreSQL subsystem that handles server configuration.\n\n"
    "WAL\nSee Write-ahead log.\n\nWAL file\nAlso known as WAL segment or WAL segment file."
)


def _answer(question: str, text: str) -> tuple[str, str] | None:
    d = doc(text, "page.html", suffix=".html")
    got = acronym_answer(question, [(hit(d), d)])
    return None if got is None else (text[got.start : got.end], text[got.quote_start : got.quote_end])


def test_each_letter_is_found_in_order_the_first_at_a_word_s_start():
    assert long_form("TOAST", "The Oversized-Attribute Storage Technique") == 0
    before = "the journal kept as a Write-Ahead Log"
    assert before[long_form("WAL", before) :] == "Write-Ahead Log"  # the shortest long form that fits
    before = "by using a multiversion model (Multiversion Concurrency Control"
    assert before[long_form("MVCC", before) :] == "Multiversion Concurrency Control"
    assert long_form("WAL", "sent to the PostgreSQL server") is None  # no "w" starts a word
    assert long_form("GUC", "a very long list of words that go on and on before some unrelated Grand Unified C") == (
        len("a very long list of words that go on and on before some unrelated ")
    )


def test_the_long_form_in_brackets_either_way_round_answers_quoted_by_its_sentence():
    quote = "This section provides an overview of TOAST (The Oversized-Attribute Storage Technique)."
    assert _answer("What does TOAST stand for?", TOAST) == ("The Oversized-Attribute Storage Technique", quote)
    said = ("Multiversion Concurrency Control", MVCC[: MVCC.index("MVCC).") + 6])
    assert _answer("What does the acronym MVCC mean?", MVCC) == said  # "(long form, MVCC)": after a comma too
    assert _answer("What is MVCC short for?", MVCC) == said


def test_a_glossary_entry_answers_by_the_long_form_opening_the_line_below_it():
    line = "Grand Unified Configuration, the PostgreSQL subsystem that handles server configuration."
    assert _answer("What does GUC stand for?", GLOSSARY) == ("Grand Unified Configuration", f"GUC\n{line}")
    assert _answer("What are GUCs short for?", GLOSSARY) == ("Grand Unified Configuration", f"GUC\n{line}")
    assert _answer("What does WAL stand for?", GLOSSARY) == ("Write-ahead log", "WAL\nSee Write-ahead log.")


def test_no_answer_without_an_acronym_asked_about_or_a_long_form_that_fits_it():
    assert _answer("What does TOAST do?", TOAST) is None  # not what it stands for
    assert _answer("What does the overhead mean?", TOAST) is None  # a plain word, no acronym
    assert _answer("What does BRIN stand for?", TOAST) is None  # not in the text
    # brackets beside the acronym that are no long form of it
    assert _answer("What does TOAST stand for?", "TOAST (see Section 73.2) stores large values.") is None
    assert _answer("What does WAL stand for?", "Files are archived by a process (WAL).") is None
