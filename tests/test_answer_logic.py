"""Answer logic as pure functions: confidence, thresholds, what the reader reads, span decoding and highlights.

No model is loaded: reader windows and their logits are built by hand.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from records import doc, hit

from rag.answer.answers import (
    Reading,
    confidence,
    default_threshold,
    highlight,
    passages_to_read,
    quote_passage,
    reading,
)
from rag.answer.quotes import make_quote
from rag.answer.reader.features import Window
from rag.answer.reader.reader import ReadSpan, best_spans
from rag.answer.reader.spans import SpanScore, best_span
from rag.models import Quote
from rag.settings import AnswerSettings

LOW = -10.0  # the logit of tokens a test does not care about
HEAD = 4  # [CLS], two question tokens, [SEP]


def answer_settings(**over) -> AnswerSettings:
    """Explicit values for every field, so no test depends on the shipped fitted.json."""
    values = dict(
        weights=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        bias=0.0,
        abstain_threshold=0.5,
        sentence_threshold=0.4,
        abstain_weights=[1.0, 0.5, -1.0],
        span_threshold=0.0,
        passages=5,
        reader_passages=3,
        max_quotes=3,
        relative=0.5,
        reader=True,
    )
    values.update(over)
    return AnswerSettings(**values)


def quote(doc_id: str, start: int, end: int) -> Quote:
    return Quote(doc_id=doc_id, title="t", source="s", start=start, end=end, text="x" * (end - start), score=0.5)


def triple(span: SpanScore) -> tuple[int, int, float]:
    return span.start, span.end, span.score


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# --- confidence and thresholds -------------------------------------------------------------------


def test_confidence_is_sentence_probability_without_reader_margin():
    """Protects confidence without the reader: the best sentence's probability, unchanged."""
    assert confidence(0.73, None, answer_settings()) == 0.73


def test_confidence_is_sentence_probability_without_abstain_weights():
    """Protects confidence with no fitted combination ([] weights): the reader's margin is ignored."""
    assert confidence(0.73, 5.0, answer_settings(abstain_weights=[])) == 0.73


def test_confidence_combines_sentence_and_margin_logistically():
    """Protects the combination: sigmoid(w0 * p + w1 * margin + w2)."""
    s = answer_settings(abstain_weights=[1.0, 0.5, -1.0])
    assert confidence(0.6, 2.0, s) == pytest.approx(sigmoid(0.6 + 1.0 - 1.0))
    assert confidence(0.6, 0.0, s) == pytest.approx(sigmoid(0.6 - 1.0))
    s2 = answer_settings(abstain_weights=[4.0, 0.25, 0.5])
    assert confidence(0.2, -3.0, s2) == pytest.approx(sigmoid(0.8 - 0.75 + 0.5))


def test_confidence_clips_margin_at_minus_twenty():
    """Protects confidence against -inf margins (no span found): the margin counts as -20 at worst."""
    s = answer_settings()
    at_floor = confidence(0.9, -20.0, s)
    assert at_floor == pytest.approx(sigmoid(0.9 + 0.5 * -20.0 - 1.0))
    assert confidence(0.9, -1000.0, s) == at_floor
    assert confidence(0.9, float("-inf"), s) == at_floor
    assert math.isfinite(at_floor) and 0.0 < at_floor < 1.0


def test_confidence_grows_with_margin_and_sentence_probability():
    """Protects the direction of the fitted combination (positive weights): more evidence, more confidence."""
    s = answer_settings()
    margins = [-20.0, -5.0, 0.0, 3.0, 10.0]
    assert [confidence(0.5, m, s) for m in margins] == sorted(confidence(0.5, m, s) for m in margins)
    assert confidence(0.2, 1.0, s) < confidence(0.8, 1.0, s)


def test_default_threshold_combined_when_reader_read():
    """Protects the threshold choice: the combined threshold goes with a combined confidence."""
    assert default_threshold(1.5, answer_settings(abstain_threshold=0.55, sentence_threshold=0.3)) == 0.55
    assert default_threshold(float("-inf"), answer_settings(abstain_threshold=0.55)) == 0.55


def test_default_threshold_sentence_only_without_margin_or_weights():
    """Protects the threshold choice: sentence-only confidence is compared with the sentence threshold."""
    s = answer_settings(abstain_threshold=0.55, sentence_threshold=0.3)
    assert default_threshold(None, s) == 0.3
    assert (
        default_threshold(2.0, answer_settings(abstain_weights=[], abstain_threshold=0.55, sentence_threshold=0.3))
        == 0.3
    )


def test_default_threshold_falls_back_when_no_sentence_threshold():
    """Protects old fitted files without a sentence threshold: the abstain threshold is used throughout."""
    s = answer_settings(abstain_threshold=0.55, sentence_threshold=None, abstain_weights=[])
    assert default_threshold(None, s) == 0.55
    assert default_threshold(1.0, s) == 0.55


def test_confidence_and_threshold_agree_on_mode():
    """Protects consistency: whenever confidence ignores the margin, the threshold is the sentence one."""
    for weights in ([], [1.0, 0.5, -1.0]):
        s = answer_settings(abstain_weights=weights, abstain_threshold=0.9, sentence_threshold=0.1)
        for margin in (None, 2.0):
            sentence_only = confidence(0.37, margin, s) == 0.37
            assert default_threshold(margin, s) == (0.1 if sentence_only else 0.9)


# --- which passages the reader reads -------------------------------------------------------------


def test_quote_passage_finds_first_hit_holding_the_whole_quote():
    """Protects quote_passage: same document, quote wholly inside; the first such hit wins."""
    d, e = doc("x" * 300, "d"), doc("x" * 300, "e")
    hits = [hit(e, 0, 300, 1), hit(d, 0, 50, 2), hit(d, 40, 200, 3), hit(d, 0, 300, 4)]
    assert quote_passage(quote("d", 60, 120), hits) == 2
    assert quote_passage(quote("d", 0, 50), hits) == 1  # ends exactly at the hit's end
    assert quote_passage(quote("d", 30, 60), hits) == 3  # straddles hits 1 and 2
    assert quote_passage(quote("e", 10, 20), hits) == 0


def test_quote_passage_none_when_no_hit_holds_it():
    """Protects quote_passage: other documents and partial overlaps do not count."""
    d = doc("x" * 300, "d")
    hits = [hit(d, 0, 50, 1), hit(d, 60, 100, 2)]
    assert quote_passage(quote("d", 40, 70), hits) is None
    assert quote_passage(quote("other", 0, 10), hits) is None
    assert quote_passage(quote("d", 0, 10), []) is None


def test_passages_to_read_top_ones_when_quote_among_them():
    """Protects the reader's plan: the top reader_passages hits, the main quote's not added twice."""
    d = doc("x" * 1000)
    hits = [hit(d, 100 * i, 100 * i + 100, i + 1) for i in range(6)]
    read, main = passages_to_read([quote("d", 110, 150)], hits, answer_settings(reader_passages=3))
    assert (read, main) == ([0, 1, 2], 1)


def test_passages_to_read_adds_main_quote_passage_further_down():
    """Protects the reader's plan: a main quote from a lower hit gets that hit read too, last."""
    d = doc("x" * 1000)
    hits = [hit(d, 100 * i, 100 * i + 100, i + 1) for i in range(6)]
    quotes = [quote("d", 510, 550), quote("d", 10, 20)]  # only the first (main) quote decides
    read, main = passages_to_read(quotes, hits, answer_settings(reader_passages=2))
    assert (read, main) == ([0, 1, 5], 5)


def test_passages_to_read_without_quotes_or_with_few_hits():
    """Protects the reader's plan at the edges: no quotes -> no main; fewer hits than reader_passages."""
    d = doc("x" * 1000)
    hits = [hit(d, 0, 100, 1), hit(d, 100, 200, 2)]
    assert passages_to_read([], hits, answer_settings(reader_passages=3)) == ([0, 1], None)
    assert passages_to_read([quote("d", 500, 510)], hits, answer_settings(reader_passages=3)) == ([0, 1], None)
    assert passages_to_read([], [], answer_settings()) == ([], None)


# --- span decoding (one window) ------------------------------------------------------------------


def test_best_span_takes_highest_forward_span():
    """Protects best_span: the best start+end with end >= start, never a backwards span."""
    start = np.array([0.0, 1.0, 5.0, 0.0])
    end = np.array([0.0, 4.0, 0.0, 2.0])  # end 1 + start 2 would be 9, but backwards
    assert triple(best_span(start, end, np.array([False, True, True, True]))) == (2, 3, 7.0)


def test_best_span_respects_max_tokens():
    """Protects best_span: a span is at most max_tokens tokens long (end - start < max_tokens)."""
    start = np.array([0.0, 5.0, 0.0, 0.0, 0.0])
    end = np.array([0.0, 0.0, 0.0, 1.0, 5.0])
    allowed = np.array([False, True, True, True, True])
    assert triple(best_span(start, end, allowed, max_tokens=4)) == (1, 4, 10.0)
    assert triple(best_span(start, end, allowed, max_tokens=3)) == (1, 3, 6.0)
    one = best_span(start, end, allowed, max_tokens=1)
    assert one.start == one.end and one.score == 5.0


def test_best_span_only_on_allowed_tokens_with_absolute_lengths():
    """Protects best_span: disallowed tokens are never used, and length counts positions, not allowed tokens."""
    start = np.array([0.0, 3.0, 100.0, 0.0])
    end = np.array([0.0, 1.0, 100.0, 3.0])
    allowed = np.array([False, True, False, True])
    assert triple(best_span(start, end, allowed, max_tokens=30)) == (1, 3, 6.0)
    assert triple(best_span(start, end, allowed, max_tokens=2)) == (1, 1, 4.0)


def test_best_span_null_score_is_cls_logits():
    """Protects the no-answer score: start_logits[0] + end_logits[0], whatever is allowed."""
    start = np.array([2.5, 1.0, 1.0])
    end = np.array([-0.5, 1.0, 1.0])
    assert best_span(start, end, np.array([False, True, True])).null == 2.0
    assert best_span(start, end, np.array([True, True, True])).null == 2.0


def test_best_span_nothing_allowed_scores_minus_infinity():
    """Protects best_span with no passage tokens: score -inf (callers skip it), null still reported."""
    span = best_span(np.array([1.0, 9.0]), np.array([2.0, 9.0]), np.array([False, False]))
    assert span == SpanScore(0, 0, float("-inf"), 3.0)


@given(st.integers(1, 30), st.integers(1, 10), st.data())
@settings(max_examples=200, deadline=None)
def test_best_span_equals_brute_force(n, max_tokens, data):
    """Property: the span is allowed, start <= end, end - start < max_tokens, and scores the brute-force max."""
    logit = st.floats(-50, 50, allow_nan=False)
    start = np.array(data.draw(st.lists(logit, min_size=n, max_size=n)))
    end = np.array(data.draw(st.lists(logit, min_size=n, max_size=n)))
    allowed = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    span = best_span(start, end, allowed, max_tokens)
    assert span.null == start[0] + end[0]
    if not allowed.any():
        assert span.score == float("-inf")
        return
    assert allowed[span.start] and allowed[span.end]
    assert span.start <= span.end and span.end - span.start < max_tokens
    assert span.score == start[span.start] + end[span.end]
    brute = max(
        start[i] + end[j] for i in range(n) for j in range(i, min(n, i + max_tokens)) if allowed[i] and allowed[j]
    )
    assert span.score == brute


# --- span decoding (windows and passages) --------------------------------------------------------


def make_window(text: str, passage: int, lo: int = 0, hi: int | None = None) -> Window:
    """A window over the words of text[lo:hi] (one token per word), behind [CLS] q q [SEP]."""
    hi = len(text) if hi is None else hi
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text) if lo <= m.start() and m.end() <= hi]
    offsets: list[tuple[int, int] | None] = [None] * HEAD + words + [None]
    n = len(offsets)
    return Window(
        input_ids=list(range(n)), token_type_ids=[0] * HEAD + [1] * (n - HEAD), offsets=offsets, passage=passage
    )


def token(w: Window, text: str, word: str) -> int:
    """The window position of `word` (its first occurrence in the window)."""
    return next(i for i, o in enumerate(w.offsets) if o is not None and text[o[0] : o[1]] == word)


def logits(
    w: Window, spans: dict[tuple[int, int], float] | None = None, null: tuple[float, float] = (0.0, 0.0), pad: int = 0
) -> tuple[Window, np.ndarray, np.ndarray]:
    """(window, start logits, end logits): LOW everywhere but [CLS] (`null`) and each span's ends (half each)."""
    s = np.full(len(w.offsets) + pad, LOW)
    e = np.full(len(w.offsets) + pad, LOW)
    s[0], e[0] = null
    for (i, j), score in (spans or {}).items():
        s[i], e[j] = score / 2, score / 2
    return w, s, e


P0 = "The dam on the river was finished in 1936 by many workers."
P1 = "Lake Mead formed behind it. The lake holds water for three states."


def test_best_spans_maps_tokens_to_passage_characters():
    """Protects best_spans: the span's characters come from the window's offsets, with its window's null."""
    w = make_window(P0, 0)
    (span,) = best_spans([logits(w, {(token(w, P0, "1936"), token(w, P0, "1936")): 8.0}, null=(1.0, 0.5))], [P0])
    assert P0[span.start : span.end] == "1936"
    assert (span.passage, span.score, span.null) == (0, 8.0, 1.5)
    assert span.margin == 6.5


def test_best_spans_keeps_best_window_of_each_passage():
    """Protects best_spans: of a passage's overlapping windows, the best-scoring span wins."""
    cut = P0.index("finished")
    w1, w2 = make_window(P0, 0, 0, cut + 8), make_window(P0, 0, cut)
    a = token(w1, P0, "river")
    b = token(w2, P0, "1936")
    scored = [logits(w1, {(a, a): 3.0}, null=(2.0, 0.0)), logits(w2, {(b, b + 2): 5.0}, null=(-1.0, 0.0))]
    for order in (scored, scored[::-1]):
        (span,) = best_spans(order, [P0])
        assert P0[span.start : span.end] == "1936 by many"
        assert (span.score, span.null) == (5.0, -1.0)


def test_best_spans_returns_passage_order():
    """Protects best_spans: one span per passage, in passage order whatever order the windows come in."""
    w0, w1 = make_window(P0, 0), make_window(P1, 1)
    scored = [
        logits(w1, {(token(w1, P1, "Lake"), token(w1, P1, "Mead")): 9.0}),
        logits(w0, {(token(w0, P0, "1936"), token(w0, P0, "1936")): 4.0}),
    ]
    spans = best_spans(scored, [P0, P1])
    assert [s.passage for s in spans] == [0, 1]
    assert [P0[spans[0].start : spans[0].end], P1[spans[1].start : spans[1].end]] == ["1936", "Lake Mead"]


def test_best_spans_ranges_keep_spans_inside():
    """Protects `ranges`: a passage's span stays within its range (whole tokens only); None: anywhere."""
    w0, w1 = make_window(P0, 0), make_window(P1, 1)
    scored = [
        logits(
            w0,
            {
                (token(w0, P0, "The"), token(w0, P0, "dam")): 9.0,
                (token(w0, P0, "in"),) * 2: 6.0,
                (token(w0, P0, "1936"),) * 2: 2.0,
            },
        ),
        logits(w1, {(token(w1, P1, "Lake"), token(w1, P1, "Mead")): 9.0}),
    ]
    lo = P0.index("in 1936")
    spans = best_spans(scored, [P0, P1], [(lo + 1, len(P0)), None])  # "in" is cut: not a whole token inside
    assert P0[spans[0].start : spans[0].end] == "1936"
    assert lo + 1 <= spans[0].start and spans[0].end <= len(P0)
    assert P1[spans[1].start : spans[1].end] == "Lake Mead"


def test_best_spans_skips_passages_with_nothing_allowed():
    """Protects best_spans: a passage whose range holds no whole token gives no span at all."""
    w0, w1 = make_window(P0, 0), make_window(P1, 1)
    scored = [logits(w0, {(HEAD, HEAD): 9.0}), logits(w1, {(HEAD, HEAD): 1.0})]
    spans = best_spans(scored, [P0, P1], [(0, 0), (0, len(P1))])
    assert [s.passage for s in spans] == [1]
    assert best_spans([], [P0]) == []


def test_best_spans_ignores_padding_and_question_tokens():
    """Protects best_spans: padded positions past the offsets and question tokens are never a span."""
    w = make_window(P1, 0)
    _, s, e = logits(w, {(HEAD, HEAD): 1.0}, pad=5)
    s[-2:], e[-2:] = 50.0, 50.0  # padding
    s[1], e[2] = 50.0, 50.0  # question tokens
    (span,) = best_spans([(w, s, e)], [P1])
    assert P1[span.start : span.end] == "Lake" and span.score == 1.0


def test_best_spans_passes_max_answer_tokens():
    """Protects best_spans: spans longer than max_answer_tokens are not chosen."""
    w = make_window(P0, 0)
    first, last = token(w, P0, "The"), token(w, P0, "workers.")
    _, s, e = logits(w, {(first, last): 10.0})
    e[first] = 1.0
    (long,) = best_spans([(w, s, e)], [P0], max_answer_tokens=30)
    (short,) = best_spans([(w, s, e)], [P0], max_answer_tokens=3)
    assert P0[long.start : long.end] == P0
    assert P0[short.start : short.end] == "The"


def test_read_span_margin_is_score_minus_null():
    """Protects ReadSpan.margin: > 0 exactly when the span beats no-answer."""
    assert ReadSpan(0, 1, 4, score=3.0, null=1.25).margin == 1.75
    assert ReadSpan(0, 1, 4, score=-2.0, null=1.0).margin == -3.0


# --- reading and highlighting --------------------------------------------------------------------

INTRO = "Dams change rivers. "
DOC = doc(INTRO + P0 + " " + P1, "dam")
HITS = [hit(DOC, 0, len(INTRO) + len(P0), 1), hit(DOC, len(INTRO) + len(P0) + 1, len(DOC.text), 2)]
TEXTS = [h.text for h in HITS]


def main_quote() -> Quote:
    a = DOC.text.index(P0)
    return make_quote(DOC, a, a + len(P0), 0.8)


def scored_hits(span_in_quote: float, span_elsewhere: float, nulls=(0.0, 2.0)):
    """Windows over both hit texts: '1936' (in the main quote) and 'Lake Mead' (hit 1) with given scores."""
    w0, w1 = make_window(TEXTS[0], 0), make_window(TEXTS[1], 1)
    return [
        logits(
            w0,
            {
                (token(w0, TEXTS[0], "1936"),) * 2: span_in_quote,
                (token(w0, TEXTS[0], "Dams"), token(w0, TEXTS[0], "change")): span_in_quote + 3,
            },
            null=(nulls[0], 0.0),
        ),
        logits(w1, {(token(w1, TEXTS[1], "Lake"), token(w1, TEXTS[1], "Mead")): span_elsewhere}, null=(nulls[1], 0.0)),
    ]


def test_reading_margin_is_best_span_minus_lowest_null():
    """Protects the reader margin: best span score over passages minus the lowest no-answer score."""
    r = reading(scored_hits(4.0, 6.0, nulls=(1.0, 3.0)), TEXTS, [0, 1], 0, main_quote(), HITS, 30)
    assert r.margin == 7.0 - 1.0  # "Dams change" scores 7, the lowest null is 1
    assert r.main == 0


def test_reading_finds_best_span_inside_the_main_quote():
    """Protects the in-quote span: restricted to the main quote's characters of its passage."""
    q = main_quote()
    r = reading(scored_hits(4.0, 6.0), TEXTS, [0, 1], 0, q, HITS, 30)
    assert r.inside is not None and r.inside.passage == 0
    assert TEXTS[0][r.inside.start : r.inside.end] == "1936"  # not "Dams change" (outside the quote)
    assert q.start <= HITS[0].start + r.inside.start < HITS[0].start + r.inside.end <= q.end


def test_reading_inside_passage_is_position_in_read_list():
    """Protects reading when the main hit is read last: the in-quote span is in the main hit's text."""
    q = main_quote()
    texts = [TEXTS[1], TEXTS[0]]
    w0, w1 = make_window(texts[0], 0), make_window(texts[1], 1)
    scored = [logits(w0, {(HEAD, HEAD + 1): 9.0}), logits(w1, {(token(w1, texts[1], "1936"),) * 2: 2.0})]
    r = reading(scored, texts, [1, 0], 0, q, HITS, 30)
    assert r.inside is not None and r.inside.passage == 1
    assert texts[1][r.inside.start : r.inside.end] == "1936"


def test_reading_without_main_quote_or_windows():
    """Protects reading at the edges: no main quote -> no in-quote span; nothing read -> margin -inf."""
    r = reading(scored_hits(4.0, 6.0), TEXTS, [0, 1], None, None, HITS, 30)
    assert r.inside is None and r.margin == 7.0
    empty = reading([], TEXTS, [0, 1], 0, main_quote(), HITS, 30)
    assert empty.margin == float("-inf") and empty.inside is None


def test_highlight_marks_span_when_it_beats_threshold():
    """Protects highlight: span fields point at the document's exact characters inside the quote."""
    q = main_quote()
    r = reading(scored_hits(4.0, 6.0), TEXTS, [0, 1], 0, q, HITS, 30)
    highlight(q, HITS, r, answer_settings(span_threshold=1.0))  # margin 4 - 0 = 4
    assert q.span is not None and q.span.text == "1936" and q.span.doc_id == DOC.id
    assert DOC.text[q.span.start : q.span.end] == q.span.text
    assert q.start <= q.span.start < q.span.end <= q.end


def test_highlight_threshold_is_inclusive():
    """Protects highlight at the boundary: a margin equal to span_threshold still highlights."""
    q = main_quote()
    a = q.text.index("1936")
    inside = ReadSpan(0, len(INTRO) + a, len(INTRO) + a + 4, score=3.0, null=1.0)
    highlight(q, HITS, Reading(2.0, inside, 0), answer_settings(span_threshold=2.0))
    assert q.span is not None and q.span.text == "1936" == DOC.text[q.span.start : q.span.end]


def test_highlight_leaves_quote_alone_below_threshold():
    """Protects highlight: no span when the reader does not beat no-answer by span_threshold."""
    q = main_quote()
    a = q.text.index("1936")
    inside = ReadSpan(0, len(INTRO) + a, len(INTRO) + a + 4, score=3.0, null=1.0)
    highlight(q, HITS, Reading(2.0, inside, 0), answer_settings(span_threshold=2.5))
    assert q.span is None


def test_highlight_without_span_or_main_does_nothing():
    """Protects highlight: no in-quote span or no main hit leaves the quote unmarked."""
    q = main_quote()
    highlight(q, HITS, Reading(5.0, None, 0), answer_settings(span_threshold=-100.0))
    span = ReadSpan(0, len(INTRO), len(INTRO) + 3, score=9.0, null=0.0)
    highlight(q, HITS, Reading(5.0, span, None), answer_settings(span_threshold=-100.0))
    assert q.span is None


def test_highlight_offsets_are_relative_to_the_main_hit():
    """Protects highlight: the reader's passage offsets are shifted by the main hit's start."""
    q_start = DOC.text.index("Lake Mead")
    q = make_quote(DOC, q_start, q_start + len("Lake Mead formed behind it."), 0.7)
    rel = TEXTS[1].index("Mead")
    highlight(q, HITS, Reading(1.0, ReadSpan(0, rel, rel + 4, 2.0, 0.0), 1), answer_settings())
    assert q.span is not None and (q.span.start, q.span.end) == (HITS[1].start + rel, HITS[1].start + rel + 4)
    assert q.span.text == "Mead" == DOC.text[q.span.start : q.span.end]
