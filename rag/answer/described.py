"""What the passages read say, by their structure, that answers a question whatever span the reader found: an FAQ's
reply, an acronym's long form, a term's entry headed apart, a signature's or an entry's default, a version note, a
table's cell, a release's date."""

from __future__ import annotations

from collections.abc import Container, Sequence

from rag.answer.acronyms import acronym_answer
from rag.answer.attributes import attribute_default
from rag.answer.cells import asked_cell
from rag.answer.choices import choices_answer
from rag.answer.conditions import condition_answer, labelled_condition
from rag.answer.entries import asked_term_kinds
from rag.answer.fields import field_answer
from rag.answer.formats import shown_format
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
from rag.answer.supported import supported_versions
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
    the Python versions a sentence says the project supports (`supported.supported_versions`);
    what a sentence says the value it names means (`meanings.meaning_answer`); the values the entry of the term it
    names lists (`choices.choices_answer`); the entry, headed apart, of the term the question names
    (`headed.headed_answer`);
    the line of the option it asks about in a list of options (`listed.listed_option`);
    the default a signature gives the parameter it names (`signatures.signature_default`), or its parameter's line
    states, the parameter asked for by its description's words (`signatures.worded_parameter_default`); the value of the
    attribute named for the default it asks (`attributes.attribute_default`); the default the entry of
    the term it names states of it (`named_defaults.named_default`); the default a paragraph states of the subject
    it names (`subject_defaults.subject_default`); the version note of the term's entry
    (`versions.noted_version`); the table's cell it names by its row and its column (`cells.asked_cell`); the date
    of the release it asks about (`releases.release_date`); the format or syntax shown below the sentence introducing
    it (`formats.shown_format`); the sentence saying how to do what it asks how to do
    (`purposes.purpose_answer`); what its entry says follows when the term it names has the value it names
    (`conditions.condition_answer`); the label of a line saying it holds in the case it asks
    (`conditions.labelled_condition`). None when none answers, or only a "Yes" or "No" a question asking for a term's
    name (`entries.asked_term_kinds`) cannot take."""
    answers = (
        lambda: faq_reply(question, passages, sparse),
        lambda: faq_how(question, passages, sparse),
        lambda: acronym_answer(question, passages),
        lambda: field_answer(question, passages),
        lambda: raised_answer(question, passages),
        lambda: supported_versions(question, passages),
        lambda: meaning_answer(question, passages),
        lambda: choices_answer(question, passages),
        lambda: headed_answer(question, passages, known),
        lambda: listed_option(question, passages),
        lambda: signature_default(question, passages),
        lambda: worded_parameter_default(question, passages),
        lambda: attribute_default(question, passages),
        lambda: named_default(question, passages, known),
        lambda: subject_default(question, passages),
        lambda: noted_version(question, passages, known),
        lambda: asked_cell(question, passages),
        lambda: release_date(question, passages),
        lambda: shown_format(question, passages),
        lambda: purpose_answer(question, passages),
        lambda: condition_answer(question, passages),
        lambda: labelled_condition(question, passages),
    )
    terms = asked_term_kinds(question)
    for answer in answers:
        if (found := answer()) is not None and not (terms and _yes_or_no(found)):
            return found  # a "Yes" cell names no term: "Fanout: Yes" of SQS's row for "Which transport option …?"
    return None


def _yes_or_no(d: Described) -> bool:
    return d.doc.text[d.start : d.end].strip().lower() in ("yes", "no")
