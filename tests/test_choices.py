"""A question asking what values a term may take is answered by the sentence of the term's entry listing them."""

from __future__ import annotations

from records import described_on

from rag.answer.choices import choices_answer

# crmsh 4.4's manual (GPL-2.0-or-later), its user preferences, as rag reads it: each headed by its name alone, the
# values listed below its prose and examples. The reader had abstained on manage-children's, quoting the sentence.
PREFERENCES = (
    "manage-children\n\nSome resource management commands may not always produce desired result:\n\n"
    "    crm(live)# resource show svc\n    resource svc is running on: xen-f\n\n"
    "This preference gives the user an opportunity to better control what happens.\n\n"
    "Possible values are ask (the default), always, and never. If set to always, the crm shell removes all children "
    "attributes.\n\noutput\n\ncrm can adorn configurations in two ways. Possible values are plain, color-always, "
    "color, and uppercase.\n\nNote\n\nValid values are listed below the section."
)


def _values(question: str) -> tuple[str, str] | None:
    return described_on(choices_answer, PREFERENCES, "man", question)


def test_the_sentence_listing_the_values_in_the_term_s_entry_answers():
    assert _values("What are the possible values of the manage-children preference?") == (
        "ask (the default), always, and never",
        "Possible values are ask (the default), always, and never.",
    )
    assert _values("Which values are valid for output?")[0] == "plain, color-always, color, and uppercase"


def test_no_answer_for_a_term_without_such_a_sentence_or_another_question():
    assert _values("What are the possible values of pager?") is None  # no entry of it lists any
    assert _values("What are the valid values of note?") is None  # "Note" heads no term's entry here
    assert _values("What does manage-children do?") is None
