"""A question the documents ask too, in its words, answered as an FAQ answers it right below: a yes/no question by its
"Yes" or "No" ("Does Django scale?" over "Yes. Compared to development time, hardware is cheap, …"), a how by the
reply's first paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.extent import FRAGMENT_WORDS, holding_sentences, passage_sentences
from rag.answer.headed import Described
from rag.answer.quotes import question_overlap
from rag.ingest.readers import lines_are_blocks
from rag.ingest.sentences import BLANK_LINE, sentence_spans
from rag.models import Document, Hit
from rag.retrieve.sparse import SparseIndex

REPLY_SHARE = 0.8  # the question asked and the documents' each hold at least this share of the other's idf mass
QUESTION_MAX = 200  # an FAQ's question is one line of at most this many characters
# A question asking whether, not which: it opens with an auxiliary verb ("Is Celery multilingual?", "Can I use …?")
_WHETHER = re.compile(
    r"(?:is|are|was|were|am|do|does|did|can|could|should|shall|will|would|may|might|must|has|have|had)\b", re.IGNORECASE
)
_HOW = re.compile(r"\s*(?:how|why)\b", re.IGNORECASE)  # "How do I tell curl to resume a transfer?", "Why …?"
_NUMBER = r"\d+(?:\.\d+)*\.?"  # a section's number: "3.2", "2."
_LEAD = re.compile(rf"(?:Q[.:]|{_NUMBER})[ \t]+")  # "Q: ", "3.2. " before an FAQ's question
# An FAQ's question on a line of its own, its number or "Q:" aside, with a blank line below it
_ASKED = re.compile(rf"^[ \t]*(?:{_LEAD.pattern})?(?P<asked>[^\n]{{3,200}}\?)[ \t]*\n[ \t]*\n", re.MULTILINE)
# Below a question, no reply: a numbered heading ("  2. Install Related Problems") or another question
_NO_REPLY = re.compile(rf"[ \t]*(?:{_NUMBER}[ \t]|[^\n]*\?[ \t]*(?:\n|$))")
HOW_SENTENCES = 3  # a how's reply is quoted up to this many sentences of its first paragraph
_CHOICE = re.compile(r"\bor\b", re.IGNORECASE)  # "Is it X or Y?" asks which of them
# The reply opening the next line that has text: "Yes, it’s quite stable.", "Answer: No!" (Celery's), "A: Yes."; not
# "No one …"
_REPLY = re.compile(r"\n\s*(?:(?:Answer|A)[ \t]*:[ \t]*)?(Yes|No|YES|NO)(?=[.,;:!]|[ \t]*(?:\n|$|[-–—]))")
# Words that turn what a question asks around, which the index's tokens leave out ("not", "only"): both questions
# must have the same ("Is Celery for Django only?" is not "Is Celery for Django?")
_SLASHED = re.compile(r"\b(\w+)/(\w+)\b")  # alternatives: "AMQP/RabbitMQ", "ActiveMQ/STOMP"
_ASIDE = re.compile(r"[ \t]*\([^()\n]*\)")  # "(CMS)"
_POLARITY = re.compile(r"\b(?:not|never|no|only|without|cannot)\b|n['’]t\b", re.IGNORECASE)


def asks_whether(question: str) -> bool:
    """Whether a question asks yes or no: one question, opening with an auxiliary verb, offering no choice."""
    q = question.strip()
    return bool(_WHETHER.match(q)) and q.count("?") <= 1 and not _CHOICE.search(q)


def faq_reply(question: str, passages: Sequence[tuple[Hit, Document]], sparse: SparseIndex | None) -> Described | None:
    """The "Yes" or "No" opening the line right below the line of `passages` that asks `question` in its words
    (each holds REPLY_SHARE or more of the other's idf mass, `same_question`), quoted by its sentence; the best
    worded when several do. None when the question asks no yes or no, or no passage asks and answers it so."""
    if sparse is None or not asks_whether(question):
        return None
    covers = question_overlap(question, sparse)
    found: tuple[float, Described] | None = None
    for hit, doc in passages:
        text = doc.text
        at = hit.start  # from the line above, past blank lines: the question may end the passage before
        while at > 0 and text[at - 1].isspace():
            at -= 1
        at = text.rfind("\n", 0, at) + 1
        while at < hit.end:
            end = text.find("\n", at)
            end = len(text) if end == -1 else end
            asked = _LEAD.sub("", text[at:end].strip(), count=1)
            if asked.endswith("?") and (m := _REPLY.match(text, end)):
                covering = question_overlap(_as_asked(asked, question), sparse)(question)
                share = same_question(question, asked, covers(asked), covering)
                if share >= REPLY_SHARE and (found is None or share > found[0]):
                    found = (share, _replied(doc, hit, m.start(1), m.end(1)))
            at = end + 1
    return None if found is None else found[1]


def faq_how(question: str, passages: Sequence[tuple[Hit, Document]], sparse: SparseIndex | None) -> Described | None:
    """For a question asking how or why, the first paragraph below the line of `passages` that asks it in its words
    (`same_question`), the best worded when several do, up to its HOW_SENTENCES-th sentence: curl's FAQ's "3.2 How
    do I tell curl to resume a transfer?" over "curl supports resumed transfers both ways on both FTP and HTTP. Try
    the -C option." (the reader had answered from the TODO file); jsonschema's "Why doesn’t my schema’s default
    property set the default on my instance?" over "The basic answer is that the specification does not require
    that :kw:`default` actually do anything." (the reader abstained). None otherwise."""
    if sparse is None or not _HOW.match(question):
        return None
    covers, found = question_overlap(question, sparse), None
    for hit, doc in passages:
        for m in _ASKED.finditer(doc.text, doc.text.rfind("\n", 0, hit.start) + 1, hit.end):
            asked = m.group("asked").strip()
            if _NO_REPLY.match(doc.text, m.end()):
                continue  # a table of contents' entry: the next section's heading or question below it
            share = same_question(question, asked, covers(asked), question_overlap(asked, sparse)(question))
            if share >= REPLY_SHARE and (found is None or share > found[0]):
                found = (share, hit, doc, m.end())
    if found is None:
        return None
    _, hit, doc, below = found
    gap = BLANK_LINE.search(doc.text, below)
    end = gap.start() if gap else len(doc.text)
    sentences = sentence_spans(doc.text, below, end, lines_are_blocks(doc.source))[:HOW_SENTENCES]
    return (
        Described(hit, doc, sentences[0][0], sentences[-1][1], sentences[0][0], sentences[-1][1]) if sentences else None
    )


def _as_asked(asked: str, question: str) -> str:
    """`asked` as far as a question need say it: each pair of alternatives written with a slash ("ActiveMQ/STOMP")
    as the one `question` names, when it names one ("Can I use Celery with ActiveMQ?" asks the FAQ's "Can I use
    Celery with ActiveMQ/STOMP?"), and no aside in brackets ("Is Django a content-management-system (CMS)?")."""
    words = set(re.findall(r"\w+", question.lower()))

    def named(m: re.Match[str]) -> str:
        return next((w for w in (m[1], m[2]) if w.lower() in words), m[0])

    return _SLASHED.sub(named, _ASIDE.sub("", asked))


def same_question(question: str, asked: str, covered: float, covering: float) -> float:
    """How nearly a line of the documents, `asked`, is `question`: the lesser of the share of the question's idf
    mass it holds (`covered`) and of its own the question holds (`covering`); 0 unless it asks the same way (yes or
    no, or how, or why), in one line, with the same words turning it around (`_POLARITY`)."""
    if len(asked) > QUESTION_MAX or not asked.endswith("?") or asks_whether(asked) != asks_whether(question):
        return 0.0
    if _how_or_why(asked) != _how_or_why(question):
        return 0.0
    return 0.0 if _turning(question) != _turning(asked) else min(covered, covering)


def _how_or_why(text: str) -> str:
    """ "how" or "why" when `text` asks so, else ""."""
    return m.group(0).strip().lower() if (m := _HOW.match(text)) else ""


def _turning(text: str) -> list[str]:
    """The words of `text` that turn what it asks around (`_POLARITY`), lower-cased, in order of the alphabet; a
    typographic apostrophe is a plain one ("doesn’t" turns it as "doesn't" does)."""
    return sorted(w.lower().replace("’", "'") for w in _POLARITY.findall(text))


def _replied(doc: Document, hit: Hit, start: int, end: int) -> Described:
    """The reply [start, end) quoted by its sentence, with the next on its line when it says no more than that
    ("Yes. Compared to development time, hardware is cheap, …"); or by its line where it opens the passage after
    `hit`'s."""
    line_start, line_end = doc.text.rfind("\n", 0, start) + 1, doc.text.find("\n", end)
    if start >= hit.end:
        return Described(hit, doc, start, end, line_start, len(doc.text) if line_end == -1 else line_end)
    sentences = passage_sentences(doc, hit)
    q_start, q_end = holding_sentences(doc, hit, start, end, sentences)
    if len(doc.text[q_start:q_end].split()) < FRAGMENT_WORDS and (
        after := next(((a, b) for a, b in sentences if a >= q_end and "\n" not in doc.text[q_end:a]), None)
    ):
        q_end = after[1]  # "Yes." alone says nothing of what
    return Described(hit, doc, start, end, min(q_start, line_start), q_end)
