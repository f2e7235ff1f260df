"""A question asking what a thing is, its quote saying "X is Y", is answered by the predicate Y whole: "an index built
over a subset of a table", not the reader's "table"; never past the clause, nor for a sentence about something else."""

from __future__ import annotations

from records import doc, hit

from rag.answer.candidates import Candidate
from rag.answer.copular import predicate_answer

# PostgreSQL 15's indexes-partial.html (PostgreSQL License) and SQuAD's "Packet switching" (CC BY-SA 4.0).
PARTIAL = (
    "11.8. Partial Indexes\n\nA partial index is an index built over a subset of a table; the subset is defined by a "
    "conditional expression (called the predicate of the partial index)."
)
TYMNET = "Tymnet was an international data communications network headquartered in San Jose, CA that utilized virtual "
TYMNET += "call packet switched technology."


def _answer(question: str, text: str, span: str, quote: str) -> str | None:
    d = doc(text, "page.html", suffix=".html")
    at, q_at = text.index(span), text.index(quote)
    reader = Candidate(hit(d), d, at, at + len(span), 5.0, 0.0, q_at, q_at + len(quote), 0.5)
    got = predicate_answer(question, reader)
    return None if got is None else text[got.start : got.end]


def test_the_whole_predicate_of_the_sentence_saying_what_the_thing_is_answers():
    sentence = PARTIAL[PARTIAL.index("A partial") :]
    assert _answer("What is a partial index?", PARTIAL, "table", sentence) == "an index built over a subset of a table"
    assert _answer("What was Tymnet?", TYMNET, "data communications network", TYMNET) == (
        "an international data communications network headquartered in San Jose"  # up to the clause's comma
    )


def test_no_other_answer_where_the_question_or_the_sentence_is_of_another_form():
    sentence = PARTIAL[PARTIAL.index("A partial") :]
    whole = "an index built over a subset of a table"
    assert _answer("What is a partial index?", PARTIAL, whole, sentence) is None  # the answer already
    assert _answer("What is a partial index built over?", PARTIAL, "table", sentence) is None  # asks more
    assert _answer("What is a sequence?", PARTIAL, "table", sentence) is None  # the sentence says what else is
    assert _answer("What is a partial index?", PARTIAL, "conditional expression", sentence) is None  # past the clause
    heading = "11.8. Partial Indexes"
    assert _answer("What is a partial index?", PARTIAL, "Partial Indexes", heading) is None  # no "is" there
