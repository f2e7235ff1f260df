"""Answer candidates across passages: the reader's spans weighed with retrieval evidence, ranked, grown into quotes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.answer.brackets import balance_brackets
from rag.answer.called import called_term
from rag.answer.code_words import whole_code_words
from rag.answer.commands import asked_command, asks_called, asks_command, command_above, shown_command
from rag.answer.definitions import asks_definition, definition
from rag.answer.entries import describing, entry_term
from rag.answer.enumerations import whole_list
from rag.answer.extent import (
    holding_sentences,
    is_heading,
    is_question,
    line_above,
    passage_sentences,
    past_dangling,
    trim_layout,
)
from rag.answer.headed import Described
from rag.answer.kinds import adds_clause, asked_kinds, bare_answer, grow_to_kind, past_kind
from rag.answer.names import cuts_name
from rag.answer.quotes import idf_overlap, logistic, make_quote
from rag.answer.reader.reader import LAYOUT, ReadSpan
from rag.answer.rows import key_cell
from rag.answer.shapes import answer_shape, has_shape, named_inside, quoted_name
from rag.answer.shown import set_to, shown_name
from rag.answer.stated import stated_value
from rag.ingest.sentences import BLANK_LINE
from rag.models import Document, Hit, Quote, Span
from rag.retrieve.tokenize import tokenize

NONE: frozenset[str] = frozenset()
# What the ranking weighs for each candidate span (fit on held-out train articles by `python -m eval.fit_answers`).
RANK_FEATURES = (
    "span_score",  # the reader's start+end logit, less the question's best: comparable across passages
    "span_margin",  # how much the span beats the lowest "no answer" score of the windows read
    "passage_score",  # the passage's fused retrieval score
    "passage_rrank",  # 1 / the passage's rank
    "passage_cosine",  # the passage's cosine with the question (`passage_cosines`)
    "sentence_idf_overlap",  # share of the question's idf mass in the sentence holding the span (and the term
    # line(s) of the reference entry whose description it is: "autovacuum_naptime (integer)" above "The default is …")
    "question_overlap",  # share of the span's words that the question already has (answers rarely repeat it)
    "length",  # span length in words, capped at 10, over 10
    "cuts_name",  # 1 when the span stops inside a run of capitalised words ("Anadolu" of "Anadolu Agency")
)
# What the answer confidence weighs, for the best candidate: a calibrated probability that the documents answer the
# question (fit on answerable against unanswerable questions, not on whether the reader's quote is right, which on
# documentation it is less sure of than on SQuAD: there that made answerable questions look unanswerable). The
# passage's fused score (relative to the query's others) and the best cosine of any passage read added nothing held out.
CONFIDENCE_FEATURES = (
    "rank_logit",  # the best candidate's ranking logit
    "span_margin",  # its margin over "no answer"
    "passage_cosine",  # its passage's cosine to the question: low when the documents are about something else
    "sentence_idf_overlap",  # how much of the question its sentence covers
)


@dataclass
class Candidate:
    """A span one passage offers as the answer, in document characters, with the sentence(s) holding it."""

    hit: Hit
    doc: Document
    start: int
    end: int
    score: float  # the reader's start+end logit
    null: float  # the "no answer" score of the window it came from
    quote_start: int  # the sentence(s) holding [start, end)
    quote_end: int
    cosine: float  # its passage's cosine with the question (`passage_cosines`)
    asked: bool = False  # in the entry of a term the question names (`answers.asked_entries`)

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]


def make_candidates(
    spans: list[ReadSpan],
    hits: list[Hit],
    docs: Mapping[str, Document],
    cosines: Sequence[float],
    asked: bool = False,
    sentences: Sequence[list[tuple[int, int]]] | None = None,
) -> list[Candidate]:
    """Candidates from the reader's spans (`span.passage` indexes `hits` and their `cosines` with the question),
    trimmed of layout marks, a code word they cut made whole; spans that are empty, cross a paragraph break or lie
    in a heading or a question are dropped. `asked`: the spans lie in the entry of a term the question names.
    `sentences`: each passage's `extent.passage_sentences`, when the caller has them already."""
    out = []
    split = dict(enumerate(sentences or ()))  # each passage's sentences, split once for all its spans
    for s in spans:
        hit = hits[s.passage]
        doc = docs[hit.doc_id]
        start, end = balance_brackets(doc.text, hit.start + s.start, hit.start + s.end, hit.start, hit.end)
        start, end = whole_code_words(doc.text, start, end, hit.start, hit.end)
        end = past_dangling(doc.text, end, hit.end)
        start, end = trim_layout(doc.text, start, end)
        inside = doc.text[start:end]
        if not inside or any(c in inside for c in LAYOUT) or BLANK_LINE.search(inside):
            continue  # empty, or across page furniture or a paragraph break: not an answer
        if s.passage not in split:
            split[s.passage] = passage_sentences(doc, hit)
        q_start, q_end = holding_sentences(doc, hit, start, end, split[s.passage])
        if is_heading(doc.text, q_start, q_end):
            continue  # a section's name, not what the section says
        if is_question(doc.text[q_start:q_end]):
            continue  # a question asks, it states nothing: an FAQ's "How do I enable TLS-SRP?" answers below it
        out.append(Candidate(hit, doc, start, end, s.score, s.null, q_start, q_end, cosines[s.passage], asked))
    return out


def rank_features(cands: list[Candidate], q_tokens: list[str], q_idf: np.ndarray) -> np.ndarray:
    """One row of RANK_FEATURES per candidate."""
    if not cands:
        return np.zeros((0, len(RANK_FEATURES)))
    top = max(c.score for c in cands)
    low_null = min(c.null for c in cands)
    q_set = set(q_tokens)
    rows = []
    for c in cands:
        sentence = set(tokenize(c.doc.text[c.quote_start : c.quote_end]))
        for a, b in describing(c.doc.text, c.start, c.hit.start, bare=True) or ():
            sentence.update(tokenize(c.doc.text[a:b]))
        words = c.text.split()
        span_tokens = tokenize(c.text)
        rows.append(
            (
                c.score - top,
                c.score - low_null,
                c.hit.score,
                1.0 / c.hit.rank,
                c.cosine,
                idf_overlap(q_tokens, q_idf, sentence),
                sum(t in q_set for t in span_tokens) / len(span_tokens) if span_tokens else 0.0,
                min(len(words), 10) / 10.0,
                float(cuts_name(c.doc.text, c.start, c.end)),
            )
        )
    return np.array(rows, dtype=np.float64)


def confidence_features(best: int, x: np.ndarray, rank_logits: np.ndarray) -> np.ndarray:
    """CONFIDENCE_FEATURES of candidate `best` (x: the candidates' rank features; rank_logits: their logits)."""
    return np.array([rank_logits[best], x[best, 1], x[best, 4], x[best, 5]], dtype=np.float64)


def rank(x: np.ndarray, weights: list[float], bias: float) -> np.ndarray:
    """Each candidate's ranking logit (higher: more likely the answer)."""
    return x @ np.asarray(weights, dtype=np.float64) + bias if len(x) else np.zeros(0)


def confidence(f: np.ndarray, weights: list[float], bias: float) -> float:
    """The calibrated probability that the documents answer the question (`CONFIDENCE_FEATURES` of its best candidate)."""
    return float(logistic(f[None, :], np.asarray(weights, dtype=np.float64), bias)[0])


def choose(
    cands: list[Candidate],
    logits: np.ndarray,
    max_quotes: int,
    relative: float,
    shown: Callable[[int], Candidate] | None = None,
) -> list[int]:
    """Candidates to quote, best first: each from a quote no earlier choice of its document overlaps or repeats
    word for word (a page that says the same sentence twice), whose probability is at least `relative` of the
    best one's. `shown(i)`: candidate i as its quote will show it, when that may differ from cands[i] (grown up
    to its entry's term line: `as_term`)."""
    if not cands:
        return []
    probs = 1.0 / (1.0 + np.exp(-logits))
    order = np.argsort(-logits, kind="stable")
    chosen: list[tuple[int, Candidate]] = []  # each with its candidate as quoted
    for i in order.tolist():
        c = cands[i] if shown is None else shown(i)
        if chosen and probs[i] < relative * probs[order[0]]:
            break
        if not any(q.doc.id == c.doc.id and _same_or_overlapping(q, c) for _, q in chosen):
            chosen.append((i, c))
        if len(chosen) == max_quotes:
            break
    return [i for i, _ in chosen]


def _same_or_overlapping(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates of one document have overlapping quotes, or quotes of the same text."""
    if a.quote_start < b.quote_end and b.quote_start < a.quote_end:
        return True
    return a.doc.text[a.quote_start : a.quote_end] == b.doc.text[b.quote_start : b.quote_end]


def widen(cands: list[Candidate], logits: np.ndarray, best: int, margin: float, kinds: frozenset[str] = NONE) -> int:
    """The candidate to answer with: the longest one in the best one's document that holds its whole span inside its
    sentences (not "“lua.”. An action gets …" of "“lua.”"), at most `margin` below the best's ranking logit, no new
    clause beside it (`kinds.adds_clause`), not past the kind asked (`kinds.past_kind`); else the best itself."""
    b, pick = cands[best], best
    for i, c in enumerate(cands):
        holds = c.doc.id == b.doc.id and b.quote_start <= c.start <= b.start and b.end <= c.end <= b.quote_end
        close = logits[i] >= logits[best] - margin and c.end - c.start > cands[pick].end - cands[pick].start
        grows = adds_clause(c.doc.text, c.start, c.end, b.start, b.end) or past_kind(c.doc.text, b.end, c.end, kinds)
        if holds and close and not grows:
            pick = i
    return pick


def answer_candidate(
    question: str, cands: list[Candidate], logits: np.ndarray, best: int, margin: float, headed: Described | None = None
) -> Candidate:
    """What the short answer is: `headed`, when given, what a passage read says in the entry, headed apart, of the
    term the question names (`headed.headed_answer`: "Amount of time the server will wait …" of its "Description:"
    row for "What does KeepAliveTimeout do?", "mod_rewrite" of "Module: | mod_rewrite" for "Which module provides
    the RewriteBase directive?"), or the first sentence under its own line, wherever the reader's best is ("Serialize
    obj to a JSON formatted str …" under "json.dumps(obj, …)" for "What does json.dumps do?"); else the best
    candidate widened (`widen`), cut to the one name of the shape the question asks for inside it (`shapes`); the
    term of the reference entry it describes when the question asks for one by what it does ("-s" of "Dump only the
    object definitions" for "Which option …?": `entries.entry_term`); the value its entry states as default when the
    question asks for one and the span is not it ("60" of "Default: | TimeOut 60" for the span "Amount of time" in
    that directive's "Description:" row: `defaults.entry_default`), or its signature gives the parameter asked for
    ("10" of "pool_maxsize=10": `defaults.parameter_default`); the command shown below its quote when the question
    asks for one ("postfix reload" under "… execute the following command:": `commands.shown_command`), or above
    a quote going on from it ("help.start()" over "which will launch …": `commands.command_above`), or the name asked
    for in the code below it ("local_addr" under "… bind a socket locally:": `shown.shown_name`); the release
    whose changelog section it is in when the question asks for one (`releases.release_above`); the whole command
    titling its section or after a prompt, when a command is asked and the span is in it ("rclone config dump", not
    "rclone"), or what to pip install ("flask[async]": `commands.asked_command`); else grown to the noun the question
    asks for when the words right before it name it ("the ban on " of "seafood imports" for "What ban …?"), or to
    the whole key cell of a table's row it is in, when the question asks for a term of its column's kind
    (`rows.key_cell`). A name of the shape the question asks for is never widened out of it ("pg_hba.conf", not
    "pg_hba.conf File"), and one its quote holds answers for a span of none (`shapes.quoted_name`: ".initial")."""
    c = cands[widen(cands, logits, best, margin, kinds := asked_kinds(question))]
    if (shape := answer_shape(question)) and has_shape(cands[best].text, shape) and not has_shape(c.text, shape):
        c = cands[best]
    if shape and not has_shape(c.text, shape) and (named := named_inside(c.text, shape)):
        c = replace(c, start=c.start + named[0], end=c.start + named[1])  # "--run-libc-freeres=no" of "use the …"
    if headed is not None:
        return _described(c, headed)
    if (term := as_term(question, c)) is not c:
        return term
    quoted = quoted_name(question, c.doc.text, c.quote_start, c.quote_end, shape, c.start) if shape else None
    if quoted and shape and not has_shape(c.text, shape):
        return replace(c, start=quoted[0], end=quoted[1])
    if called := called_term(question, c.doc.text, c.start, c.end, c.quote_start, c.quote_end):
        return replace(c, start=called[0], end=called[1])
    if (
        (asks_command(question) and (shown := shown_command(c.doc.text, c.quote_end, c.hit.end)))
        or (asks_called(question) and (shown := command_above(c.doc.text, c.quote_start, c.hit.start)))
        or (shown := shown_name(question, c.text, c.doc.text, c.quote_end, c.hit.end))
    ):
        return replace(c, start=shown.start, end=shown.end, quote_start=shown.line, quote_end=shown.line_end)
    if (
        c.asked
        and asks_definition(question)
        and (said := definition(c.doc.text, c.start, c.end, c.hit.start, passage_sentences(c.doc, c.hit)))
    ):
        q_start, q_end = holding_sentences(c.doc, c.hit, *said)
        return replace(c, start=said[0], end=said[1], quote_start=q_start, quote_end=q_end)
    if d := stated_value(question, c.doc.text, c.start, c.end, c.quote_start, c.quote_end, c.hit.start, c.hit.end):
        inside = c.hit.start <= d.start and d.end <= c.hit.end  # the entry's default may be above the passage
        q_start, q_end = holding_sentences(c.doc, c.hit, d.start, d.end) if inside else (d.line, d.line_end)
        return replace(c, start=d.start, end=d.end, quote_start=q_start, quote_end=q_end)
    if command := asked_command(question, c.doc.text, c.start, c.end, c.quote_start, c.quote_end):
        return replace(c, start=command[0], end=command[1])  # "rclone config dump" titling its page, not "rclone"
    if key := key_cell(question, c.doc.text, c.start, c.end):
        return replace(c, start=key[0], end=key[1])  # a table's key cell, whole
    if whole := whole_list(question, c.doc.text, c.start, c.end, c.quote_start, c.quote_end):
        return replace(c, start=whole[0], end=whole[1])  # "create_app or make_app" for "What … names …?"
    start = grow_to_kind(c.doc.text, c.start, c.quote_start, kinds, c.end)
    start, end = bare_answer(c.doc.text, start, c.end, kinds) if start == c.start else (start, c.end)
    end = set_to(c.doc.text, start, end, shape)  # "permanent=False", where the reader answered "permanent"
    return c if (start, end) == (c.start, c.end) else replace(c, start=start, end=end)


def _described(c: Candidate, d: Described) -> Candidate:
    return replace(c, hit=d.hit, doc=d.doc, start=d.start, end=d.end, quote_start=d.quote_start, quote_end=d.quote_end)


def as_term(question: str, c: Candidate, apart: bool = True) -> Candidate:
    """The candidate answering with its reference entry's term when the question asks for one by what it does
    (`entries.entry_term`), its quote grown up to the term line, or the term line alone when the term heads its
    entry apart (blank lines between: a quote never runs across one), unless not `apart`; else the candidate."""
    term = entry_term(question, c.doc.text, c.start, c.end, line_above(c.doc.text, c.hit.start))
    if term is None or (term.apart and not apart):
        return c
    if term.apart or term.inline:
        return replace(c, start=term.start, end=term.end, quote_start=term.line, quote_end=term.line_end)
    return replace(c, start=term.start, end=term.end, quote_start=min(c.quote_start, term.line))


def quote_of(c: Candidate, score: float) -> Quote:
    """The quote of a candidate: its sentence(s), with the span marked."""
    q = make_quote(c.doc, c.quote_start, c.quote_end, score)
    q.span = Span(doc_id=c.doc.id, start=c.start, end=c.end, page=c.doc.page_at(c.start), text=c.text)
    return q
