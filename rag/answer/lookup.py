"""Which passages a question reads: retrieval's best, each text once, and the entry of a term it names when
retrieval ranked it below them."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping, Sequence

from rag.answer.calls import callable_names, called_kinds, called_names
from rag.answer.defaults import asks_default
from rag.answer.definitions import asks_definition
from rag.answer.entries import asked_term_kinds, passage_entries
from rag.answer.headed import asks_row, headed_entry
from rag.answer.keyed import asked_keys, keyed_lines
from rag.answer.kinds import says_kind
from rag.answer.listed import listed_passage
from rag.answer.rows import answering_row, title_share
from rag.answer.signatures import asked_parameters, signature_default
from rag.answer.supported import asks_supported, supported_passage
from rag.answer.terms import asked_names, bare_names, named_terms, term_line, unknown_words, written_as_asked
from rag.answer.worded_lookup import worded_passage
from rag.embed.model import known_words
from rag.ingest.sentences import CELL
from rag.models import Document, Hit
from rag.retrieve.sparse import SparseIndex
from rag.retrieve.tokenize import tokenize

LOOKUP_POOL = 50  # retrieval's best passages searched for the entry (requests.head's: 31st of 362 passages)
DEEP_POOL = 300  # and for an option's line in its list, when those hold none (HAProxy's "-D : start as a daemon …")
RARE_SHARE, RARE_CHUNKS = 0.01, 10  # a name is looked up when at most this share of chunks, or this many, hold it
_CODED = re.compile(r"\w[-_.]\w")  # a name only code or configuration spells so: "placement-strategy", "work_mem"
PARAMETER_KINDS = frozenset({"parameter", "argument"})  # the kinds a question calls a callable's parameter
DocsOf = Callable[[list[Hit]], Mapping[str, Document]]
"""hits -> their documents by id."""
Deeper = Callable[[int], list[Hit]]
"""a question's place in a batch -> retrieval's DEEP_POOL best hits for it."""


def with_entries(
    questions: Sequence[str],
    ranked: list[list[Hit]],
    k: int,
    docs_of: DocsOf,
    sparse: SparseIndex,
    deeper: Deeper | None = None,
) -> list[list[Hit]]:
    """Each question's passages to read: the `k` best `distinct` of its `ranked` hits (retrieval's LOOKUP_POOL
    best, or more), `with_entry` of the others, and of retrieval's DEEP_POOL best (`deeper`) where it asks."""
    known = known_words()

    def deep(i: int) -> Callable[[], list[Hit]] | None:
        return None if deeper is None else lambda: distinct(deeper(i))

    return [
        with_entry(q, hs[:k], hs[k:], docs_of, sparse, known, deep(i))
        for i, (q, hs) in enumerate(zip(questions, map(distinct, ranked)))
    ]


def distinct(hits: list[Hit]) -> list[Hit]:
    """`hits` without those whose text, spaces aside, a better one has, ranked again 1, 2, …: a manual that
    holds its pages twice (FFmpeg's ffmpeg.html and ffmpeg-all.html) had the answer read four passages that were
    two."""
    seen: set[str] = set()
    out: list[Hit] = []
    for h in hits:
        key = " ".join(h.text.split())
        if key not in seen:
            seen.add(key)
            out.append(h if h.rank == len(out) + 1 else h.model_copy(update={"rank": len(out) + 1}))
    return out


def with_entry(
    question: str,
    hits: list[Hit],
    below: list[Hit],
    docs_of: DocsOf,
    sparse: SparseIndex,
    known: Container[str],
    deeper: Callable[[], list[Hit]] | None = None,
) -> list[Hit]:
    """`hits`, and after them the passage holding the entry of a term `question` names, when none of `hits`
    holds it, its term line with it (a passage going on below the line may hold none of what its first paragraph
    says), and one ranked `below` them does, the best such: "What does nocaseglob do?" reads nocaseglob's
    entry, fifth by fused rank, beside four passages that only mention it.

    A term is a dotted name or an option (`terms.named_terms`), or a bare name: a word `known`, the reader's
    vocabulary, lacks (`terms.unknown_words`) that is `rare` in `sparse` ("worktrees", in 4% of git's manual,
    names its subject, not an entry) or that the question calls a term ("the CFLAGS variable", `calls.called_names`:
    in 1.4% of Autoconf's manual). The passage must hold the term's own line (`terms.term_line`: the name
    alone, with bracketed notes, or its whole signature; a code line that starts with it, "querystring.parse('w=…',
    null, null,", is none). Not for a question asking for a term ("Which option …?": it names none). A question
    naming a term whose entry heads it apart, with what answers the question, reads that entry first
    (`_headed_entry`: "KeepAliveTimeout Directive", above its metadata table and description; a table row of the
    directive's module is no entry of it); else the row of a table keyed by the term on the page the question names
    (`_row_entry`: "the copy task's granularity"). A question naming no term but a number reads the line of a keyed
    list that number keys (`_keyed_entry`). Retrieval's DEEP_POOL best (`deeper`) are searched for an option's line in
    its list (`listed.listed_passage`) when the others hold none."""
    if hits and asks_supported(question) and (said := supported_passage(hits, below)):
        return hits + said  # the sentence saying which Python versions the project runs on
    terms = named_terms(question)
    called_terms = called_names(question)
    names = frozenset(w for w in unknown_words(question, known) if rare(w, sparse)) | called_terms
    if (
        hits
        and (asked_term_kinds(question) or asks_default(question))
        and (row := worded_passage(question, hits, below, sparse))
    ):
        return hits + row  # "Which attribute of the javac task sets where to store the class files?"
    if hits and (entry := _headed_entry(question, hits, below, docs_of, known)) is not None:
        return hits + entry  # the term's entry heads it apart ("KeepAliveTimeout Directive") and answers
    if hits and (row := _row_entry(question, hits, below, asked_names(question, known), docs_of)):
        return hits + row  # a row keyed by the term on the page the question names ("the copy task's")
    parameters = frozenset(terms) | unknown_words(question, known) | _called_parameters(question, called_terms)
    if hits and (parameter := _parameter_entry(question, hits, below, parameters, docs_of)):
        return hits + parameter  # "What does the count parameter of an option do?": its line under click.Option
    if hits and (signed := _signature_entry(question, hits, below, parameters | asked_parameters(question), docs_of)):
        return hits + signed  # the signature giving the parameter asked its default: "maxread=2000" of spawn's
    if hits and (listed := listed_passage(question, hits, below, deeper)):
        return hits + listed  # the line of the option asked in its command's list ("-f     Flush the queue: …")
    if hits and not (terms or names) and (keys := asked_keys(question)):
        return hits + _keyed_entry(hits, below, keys)
    if not hits or not (terms or names) or asked_term_kinds(question):
        return hits
    called = callable_names(question, names)
    read = names & bare_names(question, [h.text for h in hits], known)  # a bare name's line read: its entry is asked
    own = _own_line(question, terms | names)  # its head read, not only the end of its description
    if _holds_entry([h for h in hits if own(h.text)], docs_of(hits), terms, read, called):
        return hits
    found = [h for h in below if own(h.text)]
    docs = docs_of(found) if found else {}
    return hits + next(([h] for h in found if _holds_entry([h], docs, terms, names, called)), [])


def _headed_entry(
    question: str, hits: list[Hit], below: list[Hit], docs_of: DocsOf, known: Container[str]
) -> list[Hit] | None:
    """[] when one of `hits` holds the entry, headed apart, of a term `question` names, with what answers it
    (`headed.headed_entry`: its description, or the metadata row asked for), else the best passage `below` that
    holds one (naming the term, and a row the question asks for unless it asks what the term does); None when
    none does. When the question calls the term a kind ("the nav setting") and no entry of `hits` says it is one
    (MkDocs' theme page: "The nav variable …"), the best passage `below` whose entry does, if one does."""
    names, kinds = asked_names(question, known), called_kinds(question)
    if not names:
        return None
    docs, held = docs_of(hits), False
    for h in hits:  # each entry found once: the first, or with a kind asked the first whose quote says it
        if said := headed_entry(question, h, docs[h.doc_id].text, names):
            held = True
            if not kinds or says_kind(docs[h.doc_id].text[said[2] : said[3]], kinds):
                return []
    named, definition = re.compile("|".join(map(re.escape, names)), re.IGNORECASE), asks_definition(question)
    found = [h for h in below if named.search(h.text) and (definition or asks_row(question, h.text))]
    docs, kinds = (docs_of(found) if found else {}), (kinds if held else frozenset())  # held: one saying the kind
    return next(([h] for h in found if _holds_headed(question, [h], docs, names, kinds)), [] if held else None)


def _row_entry(question: str, hits: list[Hit], below: list[Hit], names: frozenset[str], docs_of: DocsOf) -> list[Hit]:
    """The best passage `below` holding a table's row keyed by a term of `names` that answers `question`
    (`rows.answering_row`), on a page whose title has some of its words in the question (`rows.title_share`), and
    more than any of `hits` that hold one: "What is the default granularity of the copy task?" reads copy's row,
    where retrieval's best held sync's; not a namesake's on a page the question does not name (mod_proxy's
    balancer parameter "timeout" for "What does the TimeOut directive do?"), but for names only code or
    configuration spells so, when none of `hits` holds their row (Pacemaker's "placement-strategy", whose manual's
    title the question does not name); none otherwise."""
    if not names:
        return []
    answered = _answering(question, hits, names, docs_of)
    floor = max((title_share(question, h.title) for h in answered), default=0.0)
    coded = not answered and all(_CODED.search(n) for n in names)  # "placement-strategy": no namesake's
    better = [h for h in below if coded or title_share(question, h.title) > floor]
    return _answering(question, better, names, docs_of)[:1]


def _parameter_entry(
    question: str, hits: list[Hit], below: list[Hit], names: frozenset[str], docs_of: DocsOf
) -> list[Hit]:
    """The best passage `below` holding the line of a term of `names` in a callable's list of parameters that
    answers `question` (`rows.answering_row`), when none of `hits` holds one: "count (bool) – this flag makes
    an option increment an integer." for "What does the count parameter of an option do?", 10th by fused rank on
    Click's API page, whose title the question does not name (as `_row_entry` asks of a table's row); none
    otherwise."""
    if not names:
        return []
    for found in (hits, below):
        named = [h for h in found if any(n in h.text.lower() for n in names)]
        docs = docs_of(named) if named else {}
        answering = (
            h for h in named if answering_row(question, docs[h.doc_id].text, h.start, h.end, names, parameters=True)
        )
        if (best := next(answering, None)) is not None:
            return [] if found is hits else [best]
    return []


def _signature_entry(
    question: str, hits: list[Hit], below: list[Hit], names: frozenset[str], docs_of: DocsOf
) -> list[Hit]:
    """For a question asking for the default of a parameter it names as a term (one of `names`: code, a word the
    vocabulary lacks, or the word between "default" and "of": "sep" of "the default sep of Signer"), the best passage `below` holding the signature of the callable it names that gives that
    parameter a default (`signatures.signature_default`), when none of `hits` holds one: "class pexpect.spawn(command,
    args=[], timeout=30, maxread=2000, …)" for "What is the default maxread of spawn?", where retrieval's best four
    only describe maxread; not "type=None" of click.Option for "What type is assumed if no default value is provided
    for an option?"; none otherwise."""
    if not asks_default(question) or not names:
        return []
    given = re.compile(r"\b([A-Za-z_]\w*)=")  # a parameter given its default in a signature
    for found in (hits, below):
        signed = [h for h in found if any(m.group(1).lower() in names for m in given.finditer(h.text))]
        docs = docs_of(signed) if signed else {}
        if (best := next((h for h in signed if signature_default(question, [(h, docs[h.doc_id])])), None)) is not None:
            return [] if found is hits else [best]
    return []


def _called_parameters(question: str, called: frozenset[str]) -> frozenset[str]:
    """The names of `called` when `question` calls them parameters or arguments ("the count parameter"): a plain
    word names a parameter only so."""
    return called if called_kinds(question) & PARAMETER_KINDS else frozenset()


def _answering(question: str, hits: list[Hit], names: frozenset[str], docs_of: DocsOf) -> list[Hit]:
    """Those of `hits` that hold a row keyed by a term of `names` that answers `question` (its cells may run on
    past the passage's end); their documents are read only for passages that hold a table's row and a name."""
    named = [h for h in hits if CELL in h.text and any(n in h.text.lower() for n in names)]
    docs = docs_of(named) if named else {}
    return [h for h in named if answering_row(question, docs[h.doc_id].text, h.start, h.end, names) is not None]


def _holds_headed(
    question: str,
    hits: list[Hit],
    docs: Mapping[str, Document],
    names: frozenset[str],
    kinds: frozenset[str] = frozenset(),
) -> bool:
    """Whether one of `hits` holds a headed entry of `names` answering `question`, its quote calling it one of
    `kinds` when given ("This setting is used to …" for "What does the nav setting define?")."""
    found = ((docs[h.doc_id].text, headed_entry(question, h, docs[h.doc_id].text, names)) for h in hits)
    return any(said and (not kinds or says_kind(text[said[2] : said[3]], kinds)) for text, said in found)


def _keyed_entry(hits: list[Hit], below: list[Hit], keys: frozenset[str]) -> list[Hit]:
    """The best passage `below` that holds the line a keyed list's key keys (`keyed.keyed_lines`: "13 Unfinished
    Top-Level Await: …" for "… exit code 13 …"), when none of `hits` does; else none."""
    if any(keyed_lines(h.text, 0, len(h.text), keys) for h in hits):
        return []
    return next(([h] for h in below if keyed_lines(h.text, 0, len(h.text), keys)), [])


def _own_line(question: str, names: set[str] | frozenset[str]) -> Callable[[str], bool]:
    """Whether a text holds the term line of one of `names` (`terms.term_line`), written as `question` writes it
    (`terms.written_as_asked`): zsh's "BEEP (+B) <D>" for "What does the BEEP option do?", not its line editor's
    widget "beep"."""
    lines = term_line(names)

    def own(text: str) -> bool:
        found = (m.group(0) for m in lines.finditer(text))
        return any(all(written_as_asked(question, n, line) for n in names if n in line.lower()) for line in found)

    return own


def rare(word: str, sparse: SparseIndex) -> bool:
    """Whether at most RARE_SHARE of the chunks of `sparse` (or RARE_CHUNKS, when more) hold `word`."""
    df, n = sparse.frequencies(tokenize(word, parts=False))
    return bool(len(df)) and float(df.max()) <= max(RARE_SHARE * n, RARE_CHUNKS)


def _holds_entry(
    hits: list[Hit], docs: Mapping[str, Document], terms: set[str], names: frozenset[str], called: frozenset[str]
) -> bool:
    return any(passage_entries(docs[h.doc_id], h.start, h.end, terms, names, called) for h in hits)
