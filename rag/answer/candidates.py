"""Answer candidates across passages: the reader's spans weighed with retrieval evidence, ranked, grown into quotes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.answer.kinds import asked_kinds, grow_to_kind
from rag.answer.names import cuts_name
from rag.answer.quotes import idf_overlap, logistic, make_quote
from rag.answer.reader.reader import LAYOUT, ReadSpan
from rag.ingest.readers import lines_are_blocks
from rag.ingest.sentences import BLANK_LINE, CELL, SECTION_NUMBER, sentence_spans
from rag.models import Document, Hit, Quote, Span
from rag.retrieve.tokenize import tokenize

# What the ranking weighs for each candidate span (fit on held-out train articles by `python -m eval.fit_answers`).
RANK_FEATURES = (
    "span_score",  # the reader's start+end logit, less the question's best: comparable across passages
    "span_margin",  # how much the span beats the lowest "no answer" score of the windows read
    "passage_score",  # the passage's fused retrieval score
    "passage_rrank",  # 1 / the passage's rank
    "passage_cosine",  # the passage's cosine with the question (`passage_cosines`)
    "sentence_idf_overlap",  # share of the question's idf mass in the sentence holding the span
    "question_overlap",  # share of the span's words that the question already has (answers rarely repeat it)
    "length",  # span length in words, capped at 10, over 10
    "cuts_name",  # 1 when the span stops inside a run of capitalised words ("Anadolu" of "Anadolu Agency")
)
# What the answer confidence weighs, for the best candidate (a calibrated probability that it is right).
CONFIDENCE_FEATURES = (
    "rank_logit",  # the best candidate's ranking logit
    "span_margin",  # its margin over "no answer"
    "passage_score",  # its passage's fused score
    "passage_cosine",  # its passage's cosine to the question: low when the documents are about something else
    "top_passage_cosine",  # the best cosine of any passage read
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

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]


STACK = 4  # at most this many term lines stacked over one description
_CODE_LIKE = re.compile(r"^[-$]|[()\[\]<>=_]|\w\.\w")


def is_definition_line(text: str) -> bool:
    """A one-line term that the next line describes: an option, a signature, a dotted name (not a heading, whose
    section number is no dotted name: "2.2. The source XML files"; nor a table row: the next row is no
    description of it)."""
    if "\n" in text or len(text) > 100 or text[-1:] in ".!?;" or CELL in text:
        return False
    return bool(_CODE_LIKE.search(_NUMBERED.sub("", text)))


HEADING_MAX = 80  # a heading is at most this long
_NUMBERED = re.compile(rf"^{SECTION_NUMBER}\.?\s+")  # "1.3.1. " of "1.3.1. Magic Header String"


def is_heading(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a heading: one short line standing alone between blank lines (or the text's
    ends), starting with a capital (after its section number), with no stop at its end and no digit, that is
    neither code, a term, nor a table row ("Magic Header String", "3.1. Automatic Checkpoint"). A heading names
    a section; the answer is in the text under it."""
    line = text[start:end]
    if not line or "\n" in line or len(line) > HEADING_MAX or line[-1] in ".!?:;,)" or CELL in line:
        return False
    title = _NUMBERED.sub("", line)
    if _CODE_LIKE.search(title) or not title[:1].isupper() or _code_words(title):
        return False  # code: "pip install rag", "SELECT name FROM users" alone in a code block
    if any(c.isdigit() for c in title):
        return False  # a value, not a name: "Default: 5 seconds" alone on its line may be the answer
    return _alone_before(text, start) and _alone_after(text, end)


def _code_words(line: str) -> bool:
    """Whether the line mixes upper-case keywords with lower-case words, as code does ("SELECT name FROM t")."""
    words = re.findall(r"[A-Za-z]{2,}", line)
    return any(w.isupper() for w in words) and any(w.islower() for w in words)


def _alone_before(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i:start].count("\n") >= 2


def _alone_after(text: str, end: int) -> bool:
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    return j == len(text) or text[end:j].count("\n") >= 2


def holding_sentences(doc: Document, hit: Hit, start: int, end: int) -> tuple[int, int]:
    """The passage's sentences that [start, end) touches, as one range: a quote grows across sentence
    boundaries, and a definition line stays with the line that describes it (never across a blank line)."""
    sentences = sentence_spans(doc.text, hit.start, hit.end, lines_are_blocks(doc.source))
    touched = [k for k, (a, b) in enumerate(sentences) if a < end and start < b]
    if not touched:
        return start, end
    i, j = touched[0], touched[-1]

    def next_line(k: int) -> bool:  # sentence k+1 starts on the line after sentence k ends
        return k + 1 < len(sentences) and doc.text[sentences[k][1] : sentences[k + 1][0]].count("\n") == 1

    def definition(k: int) -> bool:
        a, b = sentences[k]
        return is_definition_line(doc.text[a:b])

    if i == j and definition(j):  # a term (or several stacked ones): down to the line that describes it
        k = j
        while k - j < STACK and next_line(k) and definition(k + 1):
            k += 1
        if next_line(k) and not definition(k + 1):
            j = k + 1
    elif not definition(i):  # a description: up through the term(s) right above it
        while i > 0 and touched[0] - i < STACK and next_line(i - 1) and definition(i - 1):
            i -= 1
    return min(start, sentences[i][0]), max(end, sentences[j][1])


def trim_layout(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without layout marks, a table cell's "|" or spaces at either end, nor a quote mark or
    bracket at an end whose partner is not inside (`auto"` → `auto`, `(default` → `default`)."""
    edge = LAYOUT + CELL.strip()
    while True:
        while start < end and (text[start].isspace() or text[start] in edge):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in edge):
            end -= 1
        inside = text[start:end]
        if inside[:1] in _OPENS and not _balanced(inside, inside[0]):
            start += 1
        elif inside[-1:] in _CLOSES and not _balanced(inside, inside[-1]):
            end -= 1
        else:
            return start, end


def balance_brackets(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """[start, end) with a bracket inside it whose partner lies outside made whole: grown to the partner when it
    is near on the same line and inside [lo, hi) (the passage), as in "transaction_isolation (enum" →
    "transaction_isolation (enum)", else cut before the opening or after the closing one. Marks at the span's
    ends are `trim_layout`'s."""
    hi = len(text) if hi is None else hi
    for _ in range(_ROUNDS):
        balanced = _balance_once(text, start, end, lo, hi)
        if balanced == (start, end):
            break
        start, end = balanced
    return start, end


def _balance_once(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    inside = text[start:end]
    for opener, closer in _INNER_PAIRS.items():
        opened: list[int] = []
        for i, ch in enumerate(inside):
            if ch == opener:
                opened.append(i)
            elif ch == closer and opened:
                opened.pop()
            elif ch == closer:  # its opener is before the span
                j = _partner(text[lo:hi], start - 1 - lo, -1, closer, opener) + lo
                return (j, end) if j >= lo else (start + i + 1, end)
        if opened:
            j = _partner(text[lo:hi], end - lo, 1, opener, closer) + lo
            return (start, j + 1) if j >= lo else (start, start + opened[0])
    return start, end


def _partner(text: str, i: int, step: int, same: str, partner: str) -> int:
    """Where the unpartnered bracket's partner is, walking from i by step, nested pairs skipped; -1 when it is
    not within _NEAR characters of the same line and table cell."""
    depth = 0
    for _ in range(_NEAR):
        if not 0 <= i < len(text) or text[i] == "\n" or text[i] == CELL.strip():
            return -1
        if text[i] == partner and depth == 0:
            return i
        depth += (text[i] == same) - (text[i] == partner)
        i += step
    return -1


_NEAR = 30  # characters a span may grow by to take in its bracket's partner
_ROUNDS = 8  # brackets mended, at most, in one span
_INNER_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}  # not < >: "a < b" compares
_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">", "“": "”", "‘": "’", "«": "»"}
_SYMMETRIC = '"`'  # not ': an apostrophe ends words ("Beatles'")
_OPENS = set(_PAIRS) | set(_SYMMETRIC)
_CLOSES = set(_PAIRS.values()) | set(_SYMMETRIC)


def _balanced(text: str, mark: str) -> bool:
    """Whether `mark` (a quote or bracket at an end of `text`) has its partner in `text`."""
    if mark in _SYMMETRIC:
        return text.count(mark) % 2 == 0
    opener = next((o for o, c in _PAIRS.items() if c == mark), mark)
    return text.count(opener) == text.count(_PAIRS[opener])


def make_candidates(
    spans: list[ReadSpan], hits: list[Hit], docs: Mapping[str, Document], cosines: Sequence[float]
) -> list[Candidate]:
    """Candidates from the reader's spans (`span.passage` indexes `hits` and their `cosines` with the question),
    trimmed of layout marks; spans that are empty, cross a paragraph break or lie in a heading are dropped."""
    out = []
    for s in spans:
        hit = hits[s.passage]
        doc = docs[hit.doc_id]
        start, end = balance_brackets(doc.text, hit.start + s.start, hit.start + s.end, hit.start, hit.end)
        start, end = trim_layout(doc.text, start, end)
        inside = doc.text[start:end]
        if not inside or any(c in inside for c in LAYOUT) or BLANK_LINE.search(inside):
            continue  # empty, or across page furniture or a paragraph break: not an answer
        q_start, q_end = holding_sentences(doc, hit, start, end)
        if is_heading(doc.text, q_start, q_end):
            continue  # a section's name, not what the section says
        out.append(Candidate(hit, doc, start, end, s.score, s.null, q_start, q_end, cosines[s.passage]))
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


def confidence_features(
    best: int, cands: list[Candidate], x: np.ndarray, rank_logits: np.ndarray, cosines: Sequence[float]
) -> np.ndarray:
    """CONFIDENCE_FEATURES of candidate `best` (x: its rank features; rank_logits: every candidate's; cosines: of
    every passage read)."""
    return np.array(
        [rank_logits[best], x[best, 1], x[best, 2], x[best, 4], max(cosines, default=0.0), x[best, 5]], dtype=np.float64
    )


def rank(x: np.ndarray, weights: list[float], bias: float) -> np.ndarray:
    """Each candidate's ranking logit (higher: more likely the answer)."""
    if not len(x):
        return np.zeros(0)
    return x @ np.asarray(weights, dtype=np.float64) + bias


def confidence(f: np.ndarray, weights: list[float], bias: float) -> float:
    """The calibrated probability that the best candidate answers the question."""
    return float(logistic(f[None, :], np.asarray(weights, dtype=np.float64), bias)[0])


def choose(cands: list[Candidate], logits: np.ndarray, max_quotes: int, relative: float) -> list[int]:
    """Candidates to quote, best first: each from a quote no earlier choice of its document overlaps or repeats
    word for word (a page that says the same sentence twice), whose probability is at least `relative` of the
    best one's."""
    if not cands:
        return []
    probs = 1.0 / (1.0 + np.exp(-logits))
    order = np.argsort(-logits, kind="stable")
    chosen: list[int] = []
    for i in order.tolist():
        c = cands[i]
        if chosen and probs[i] < relative * probs[order[0]]:
            break
        if any(cands[j].doc.id == c.doc.id and _same_or_overlapping(cands[j], c) for j in chosen):
            continue
        chosen.append(i)
        if len(chosen) == max_quotes:
            break
    return chosen


def _same_or_overlapping(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates of one document have overlapping quotes, or quotes of the same text."""
    if a.quote_start < b.quote_end and b.quote_start < a.quote_end:
        return True
    return a.doc.text[a.quote_start : a.quote_end] == b.doc.text[b.quote_start : b.quote_end]


def widen(cands: list[Candidate], logits: np.ndarray, best: int, margin: float) -> int:
    """The candidate to answer with: the longest one in the best one's document that holds its whole span,
    with a ranking logit at most `margin` below the best's; the best itself when there is none."""
    b, pick = cands[best], best
    for i, c in enumerate(cands):
        holds = c.doc.id == b.doc.id and c.start <= b.start and b.end <= c.end
        if holds and logits[i] >= logits[best] - margin and c.end - c.start > cands[pick].end - cands[pick].start:
            pick = i
    return pick


def answer_candidate(question: str, cands: list[Candidate], logits: np.ndarray, best: int, margin: float) -> Candidate:
    """What the short answer is: the best candidate widened (`widen`), grown to the noun the question asks for
    when the words right before it name it ("the ban on " of "seafood imports" for "What ban …?")."""
    c = cands[widen(cands, logits, best, margin)]
    start = grow_to_kind(c.doc.text, c.start, c.quote_start, asked_kinds(question))
    return c if start == c.start else replace(c, start=start)


def quote_of(c: Candidate, score: float) -> Quote:
    """The quote of a candidate: its sentence(s), with the span marked."""
    q = make_quote(c.doc, c.quote_start, c.quote_end, score)
    q.span = Span(doc_id=c.doc.id, start=c.start, end=c.end, page=c.doc.page_at(c.start), text=c.text)
    return q
