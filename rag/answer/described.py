"""What the passages read say, by their structure, that answers a question whatever span the reader found: an FAQ's
reply, an acronym's long form, a term's entry headed apart, a signature's or an entry's default, a version note, a
table's cell, a release's date."""

from __future__ import annotations

from collections.abc import Container, Sequence

from rag.answer.acronyms import acronym_answer
from rag.answer.cells import asked_cell
from rag.answer.choices import choices_answer
from rag.answer.conditions import condition_answer, labelled_condition
from rag.answer.fields import field_answer
from rag.answer.headed import Described, headed_answer
from rag.answer.listed import listed_option
from rag.answer.meanings import meaning_answer
from rag.answer.named_defaults import named_default
from rag.answer.purposes import purpose_answer
from rag.answer.raised import raised_answer
from rag.answer.releases import release_date
from rag.answer.replies import faq_how, faq_reply
from rag.answer.signatures import signature_default, worded_parameter_default
from rag.answer.subject_defaults import subject_default
from rag.answer.versions import noted_version
from rag.models import Document, Hit
from rag.retrieve.sparse import SparseIndex


def described_answer(
    question: str, passages: Sequence[tuple[Hit, Document]], known: Container[str], sparse: SparseIndex | None = None
) -> Described | None:
    """The first of: the "Yes" or "No" right below the line that asks a yes/no question in its words, as an FAQ
    answers it (`replies.faq_reply`, with the index's idf, `sparse`), or the reply right below the line asking how, in
    its words (`replies.faq_how`); the long form of the acronym it asks about
    (`acronyms.acronym_answer`); what a callable's entry says it returns, its return type, what it raises or its aliases
    (`fields.field_answer`); the exception a sentence says is raised when what it asks happens (`raised.raised_answer`);
    what a sentence says the value it names means (`meanings.meaning_answer`); the values the entry of the term it
    names lists (`choices.choices_answer`); the entry, headed apart, of the term the question names
    (`headed.headed_answer`);
    the line of the option it asks about in a list of options (`listed.listed_option`);
    the default a signature gives the parameter it names (`signatures.signature_default`), or its parameter's line
    states, the parameter asked for by its description's words (`signatures.worded_parameter_default`); the default the entry of
    the term it names states of it (`named_defaults.named_default`); the default a paragraph states of the subject
    it names (`subject_defaults.subject_default`); the version note of the term's entry
    (`versions.noted_version`); the table's cell it names by its row and its column (`cells.asked_cell`); the date
    of the release it asks about (`releases.release_date`); the sentence saying how to do what it asks how to do
    (`purposes.purpose_answer`); what its entry says follows when the term it names has the value it names
    (`conditions.condition_answer`); the label of a line saying it holds in the case it asks
    (`conditions.labelled_condition`). None when none answers."""
    return (
        faq_reply(question, passages, sparse)
        or faq_how(question, passages, sparse)
        or acronym_answer(question, passages)
        or field_answer(question, passages)
        or raised_answer(question, passages)
        or meaning_answer(question, passages)
        or choices_answer(question, passages)
        or headed_answer(question, passages, known)
        or listed_option(question, passages)
        or signature_default(question, passages)
        or worded_parameter_default(question, passages)
        or named_default(question, passages, known)
        or subject_default(question, passages)
        or noted_version(question, passages, known)
        or asked_cell(question, passages)
        or release_date(question, passages)
        or purpose_answer(question, passages)
        or condition_answer(question, passages)
        or labelled_condition(question, passages)
    )
