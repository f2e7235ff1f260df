"""Answer logic as pure functions: span decoding, candidates across passages, ranking, quotes and the answer.

No model is loaded: reader windows and their logits, candidate features and sentence "embeddings" are hand-made.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from records import doc, hit

from rag.answer.answers import check_weights, question_candidates, reader_answer, sentence_answer
from rag.answer.brackets import balance_brackets
from rag.answer.candidates import (
    CONFIDENCE_FEATURES,
    RANK_FEATURES,
    Candidate,
    choose,
    confidence,
    confidence_features,
    make_candidates,
    quote_of,
    rank,
    rank_features,
    widen,
)
from rag.answer.extent import (
    holding_sentences,
    is_definition_line,
    is_heading,
    passage_sentences,
    past_dangling,
    trim_layout,
    unanswering,
)
from rag.answer.reader.features import Window
from rag.answer.reader.reader import ReadSpan, best_spans, candidate_spans, joins_word, span_breaks, word_continues
from rag.answer.reader.spans import SpanScore, best_span, top_spans
from rag.errors import BadInput
from rag.ingest.html import html_text
from rag.models import Document, Hit, Span
from rag.retrieve.sparse import SparseIndex
from rag.retrieve.tokenize import tokenize
from rag.settings import FITTED_PATH, AnswerSettings

LOW = -10.0  # the logit of tokens a test does not care about
HEAD = 4  # [CLS], two question tokens, [SEP]


def answer_settings(**over) -> AnswerSettings:
    """Explicit values for every field, so no test depends on the shipped fitted.json."""
    values = dict(
        passages=5,
        reader=True,
        spans_per_window=3,
        rank_weights=[1.0] + [0.0] * 8,
        rank_bias=0.0,
        confidence_weights=[1.0, 0.0, 0.0, 0.0],
        confidence_bias=1.0,
        abstain_threshold=0.5,
        described_confidence=0.99,
        worded_confidence=0.95,
        weights=[10.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        bias=-5.0,
        sentence_threshold=0.5,
        max_quotes=3,
        relative=0.5,
        widen_margin=0.0,
    )
    values.update(over)
    return AnswerSettings(**values)


def test_shipped_answer_settings_have_one_weight_per_feature():
    """Protects the shipped fit against a change of features: fitted.json names the features its weights are
    for, and answering with weights of another length is a BadInput saying what it expects."""
    fitted = json.loads(FITTED_PATH.read_text(encoding="utf-8"))
    assert tuple(fitted["rank_features"]) == RANK_FEATURES
    assert tuple(fitted["confidence_features"]) == CONFIDENCE_FEATURES
    check_weights(AnswerSettings())
    with pytest.raises(BadInput, match=r"rank_weights has 8 values but there are 9 features \(span_score"):
        check_weights(answer_settings(rank_weights=[1.0] * 8))
    with pytest.raises(BadInput, match=r"confidence_weights has 2 values"):
        check_weights(answer_settings(confidence_weights=[1.0, 2.0]))


def triple(span: SpanScore) -> tuple[int, int, float]:
    return span.start, span.end, span.score


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def test_answer_settings_helper_sets_every_field():
    """Protects these tests from fitted.json: the helper gives every AnswerSettings field a value."""
    assert set(answer_settings().model_fields_set) == set(AnswerSettings.model_fields)
    assert len(answer_settings().rank_weights) == len(RANK_FEATURES) == 9
    assert len(answer_settings().confidence_weights) == len(CONFIDENCE_FEATURES) == 4


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


# --- top spans (one window) ----------------------------------------------------------------------


def valid_scores(start: np.ndarray, end: np.ndarray, allowed: np.ndarray, max_tokens: int) -> list[float]:
    """Every valid span's score (allowed ends, end >= start, end - start < max_tokens), by brute force."""
    n = len(start)
    return [start[i] + end[j] for i in range(n) for j in range(i, min(n, i + max_tokens)) if allowed[i] and allowed[j]]


START = np.array([0.5, 1.0, 4.0, 0.0, 2.0, 100.0])
END = np.array([-0.5, 3.0, 1.0, 2.5, 0.25, 100.0])
ALLOWED = np.array([False, True, True, True, True, False])  # [CLS] and a padding-like last token excluded


def test_top_spans_best_first_and_first_is_best_span():
    """Protects top_spans: scores never rise down the list, and the first is exactly best_span's span."""
    spans = top_spans(START, END, ALLOWED, max_tokens=30, k=4)
    assert [triple(s) for s in spans] == [(2, 3, 6.5), (2, 2, 5.0), (2, 4, 4.25), (1, 1, 4.0)]
    assert triple(spans[0]) == triple(best_span(START, END, ALLOWED, 30))
    assert all(s.null == 0.0 for s in spans)  # the [CLS] start+end logit, on every span


def test_top_spans_respects_k():
    """Protects top_spans: at most k spans, and all the valid spans when there are fewer than k."""
    for k in (1, 2, 5):
        assert len(top_spans(START, END, ALLOWED, 30, k)) == k
    n_valid = len(valid_scores(START, END, ALLOWED, 30))
    assert n_valid == 10
    assert len(top_spans(START, END, ALLOWED, 30, 50)) == n_valid
    assert top_spans(START, END, ALLOWED, 30, 0) == []


def test_top_spans_only_allowed_forward_spans_shorter_than_max_tokens():
    """Protects top_spans: every span lies on allowed tokens, end >= start, end - start < max_tokens."""
    for max_tokens in (1, 2, 3):
        spans = top_spans(START, END, ALLOWED, max_tokens, k=20)
        assert len(spans) == len(valid_scores(START, END, ALLOWED, max_tokens))
        for s in spans:
            assert ALLOWED[s.start] and ALLOWED[s.end]
            assert s.start <= s.end and s.end - s.start < max_tokens
            assert s.score == START[s.start] + END[s.end]
    assert all(s.start == s.end for s in top_spans(START, END, ALLOWED, 1, k=20))


def test_top_spans_distinct_spans():
    """Protects top_spans: no (start, end) is offered twice."""
    spans = top_spans(START, END, ALLOWED, 30, k=10)
    assert len({(s.start, s.end) for s in spans}) == len(spans)


def test_top_spans_nothing_allowed_is_empty():
    """Protects top_spans with no passage tokens: no spans (not a -inf one)."""
    assert top_spans(START, END, np.zeros(len(START), dtype=bool), 30, 3) == []


@given(st.integers(1, 25), st.integers(1, 8), st.integers(1, 12), st.data())
@settings(max_examples=200, deadline=None)
def test_top_spans_are_the_k_largest_valid_scores(n, max_tokens, k, data):
    """Property: top_spans returns the k largest valid scores (brute force), best first, each a valid distinct span."""
    logit = st.floats(-50, 50, allow_nan=False)
    start = np.array(data.draw(st.lists(logit, min_size=n, max_size=n)))
    end = np.array(data.draw(st.lists(logit, min_size=n, max_size=n)))
    allowed = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    spans = top_spans(start, end, allowed, max_tokens, k)
    brute = sorted(valid_scores(start, end, allowed, max_tokens), reverse=True)
    assert [s.score for s in spans] == brute[:k]
    assert len({(s.start, s.end) for s in spans}) == len(spans)
    for s in spans:
        assert allowed[s.start] and allowed[s.end]
        assert s.start <= s.end and s.end - s.start < max_tokens
        assert s.score == start[s.start] + end[s.end]
        assert s.null == start[0] + end[0]
    if spans:
        assert spans[0].score == best_span(start, end, allowed, max_tokens).score


@given(st.integers(1, 16), st.integers(1, 8), st.integers(1, 8), st.data())
@settings(max_examples=200, deadline=None)
def test_top_spans_with_paragraphs_and_word_pieces_are_the_k_largest_whole_word_spans(n, max_tokens, k, data):
    """Property: with `block` and `inner`, top_spans returns the k largest scores (brute force) of spans that
    start and end in one paragraph, start on a word's first piece and end on a word's last."""
    logit = st.floats(-50, 50, allow_nan=False)
    start = np.array(data.draw(st.lists(logit, min_size=n, max_size=n)))
    end = np.array(data.draw(st.lists(logit, min_size=n, max_size=n)))
    allowed = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    block = np.cumsum(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    inner = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    spans = top_spans(start, end, allowed, max_tokens, k, block, inner)
    valid = [
        start[a] + end[b]
        for a in range(n)
        for b in range(a, min(n, a + max_tokens))
        if allowed[a] and allowed[b] and block[a] == block[b] and not inner[a] and not (b + 1 < n and inner[b + 1])
    ]
    assert [s.score for s in spans] == sorted(valid, reverse=True)[:k]
    for s in spans:
        assert block[s.start] == block[s.end] and not inner[s.start]
        assert s.end + 1 == n or not inner[s.end + 1]


def test_word_continues_marks_word_pieces_only():
    """Protects word_continues: "port" of "Lake|port" continues a word; a token after a space, a hyphen or
    a gap, and tokens outside the passage, do not."""
    text = "Lakeport is 2019-11-24."
    offsets = [None, (0, 4), (4, 8), (9, 11), (12, 16), (16, 17), (17, 19), (22, 23), None]
    assert word_continues(offsets, text) == [False, False, True, False, False, False, False, False, False]


def _words(text: str) -> list[str]:
    """`text` cut wherever `joins_word` says two characters lie in different words, blanks dropped."""
    out = [text[0]]
    for a in range(1, len(text)):
        if joins_word(text, a):
            out[-1] += text[a]
        else:
            out.append(text[a])
    return [w for w in out if w.strip()]


@pytest.mark.parametrize(
    "text, words",
    [
        ('Use the ".import" command', ["Use", "the", '"', ".import", '"', "command"]),
        ("macro SQLITE_MAX_LENGTH.", ["macro", "SQLITE_MAX_LENGTH", "."]),
        ("shutil.rmtree(path) since 3.12.0.", ["shutil.rmtree", "(", "path", ")", "since", "3.12.0", "."]),
        ("git commit --amend -f or -2000", ["git", "commit", "--amend", "-f", "or", "-2000"]),
        ("1990-91 NP-complete", ["1990", "-", "91", "NP", "-", "complete"]),  # SQuAD's answers end at "NP"
        ("the end. Next...Then", ["the", "end", ".", "Next", ".", ".", ".", "Then"]),
    ],
)
def test_joins_word_keeps_names_in_code_whole(text, words):
    """Protects answers that are names in code: the reader's "import" of ".import", "SQLITE" of
    "SQLITE_MAX_LENGTH" or "amend" of "--amend" are no span; prose keeps its hyphenated parts and sentence ends."""
    assert _words(text) == words


def test_candidate_spans_stay_in_one_paragraph_and_on_whole_words():
    """Protects candidates from the reader: a span the logits favour across a title's blank line, or
    ending inside a word, is not offered; the window's best span inside one paragraph, of whole words, is.
    (Such a span would be dropped or cut later, and the passage would offer no answer at all.)"""
    text = "Lakeport\n\nLakeport is a harbour town."
    pieces = [(0, 4), (4, 8), (10, 14), (14, 18), (19, 21), (22, 23), (24, 31), (32, 36), (36, 37)]
    n = HEAD + len(pieces) + 1
    w = Window(list(range(n)), [0] * n, [None] * HEAD + pieces + [None], 0)
    s, e = np.full(n, LOW), np.full(n, LOW)
    s[HEAD + 0], e[HEAD + 2] = 5.0, 5.0  # "Lakeport\n\nLake": across the blank line, ending in a word
    s[HEAD + 2], e[HEAD + 3] = 3.0, 3.0  # "Lakeport" in the body
    e[HEAD + 0] = 4.0  # "Lake" of the title: half a word
    e[HEAD + 1] = 0.5  # "Lakeport", the title (5.5, below the body's 6.0)
    spans = candidate_spans([(w, s, e)], [text], k=3)
    got = [text[r.start : r.end] for r in spans]
    assert got[:2] == ["Lakeport", "Lakeport"] and [r.start for r in spans[:2]] == [10, 0]
    assert all("\n\n" not in g and g[-1] not in "ek" for g in got), got


def test_span_breaks_are_sentence_line_ends_and_table_rows_not_wrapped_lines():
    """Protects span_breaks: a line ending with a sentence's end (a list item, an entry of an HTML page), a
    table row's edges and its cells bound answer spans; a hard-wrapped line in mid-sentence does not."""
    text = "port Port to use. Default: the CLI.\nhost Host to listen\non for connections.\nName | Value\na | 1\nEnd."
    breaks = span_breaks(text)
    assert text.index("host") in breaks  # after "CLI.\n"
    assert text.index("on for") not in breaks  # "listen\non": one sentence wrapped
    assert {text.index("Name"), text.index("a | 1"), text.index("End.")} <= set(breaks)
    assert span_breaks("One sentence.\n\nAnother ¶ here") == [14, 15, 24]
    row = "field size | 1 GB | x"
    assert {row.index("| 1"), row.index("1 GB"), row.index("| x"), row.index("x")} <= set(span_breaks(row))
    listed = "FTS5 - Full Text Search → A description of the FTS5 extension."  # SQLite's docs.html
    assert {listed.index("→"), listed.index("A description")} <= set(span_breaks(listed))


def test_span_breaks_follow_a_name_alone_on_its_line():
    """Protects answers over PDF references, whose lines are no blocks: "PIPESTATUS\nAn array" was an answer, the
    term with its description's first words; a wrapped line of prose that ends in one word is still no boundary."""
    text = "PIPESTATUS\nAn array variable.\nThe value of\nthe variable\nis kept."
    breaks = span_breaks(text)
    assert text.index("An array") in breaks
    assert text.index("the variable") not in breaks and text.index("is kept") not in breaks


def test_candidate_spans_never_join_two_list_items():
    """Protects answers on reference pages: "CLI. host" (the end of one list item and the start of the next,
    as Node.js's API pages list a function's options) is no span; "listen on", across a wrapped line, is."""
    text = "Default: the CLI.\nhost Host to listen\non for connections."
    pieces = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]
    n = HEAD + len(pieces) + 1
    w = Window(list(range(n)), [0] * n, [None] * HEAD + pieces + [None], 0)
    at = {text[a:b]: HEAD + k for k, (a, b) in enumerate(pieces)}  # the token of each (here distinct) word
    s, e = np.full(n, LOW), np.full(n, LOW)
    s[at["CLI"]], e[at["host"]] = 6.0, 6.0  # across the item boundary: the logits' favourite
    s[at["listen"]], e[at["on"]] = 4.0, 4.0  # across a wrapped line, inside one sentence
    got = [text[r.start : r.end] for r in candidate_spans([(w, s, e)], [text], k=3)]
    assert "CLI.\nhost" not in got and "listen\non" in got, got


def test_candidate_spans_keep_to_one_line_of_line_block_text():
    """Protects answers on HTML pages, whose lines are blocks: git's "--timeout <seconds>" term line and the
    description under it gave "seconds>\nNumber of seconds"; with `lines` no span crosses a line end."""
    text = "--timeout <seconds>\nNumber of seconds to cache credentials (default: 900)."
    pieces = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]
    n = HEAD + len(pieces) + 1
    w = Window(list(range(n)), [0] * n, [None] * HEAD + pieces + [None], 0)
    at = {text[a:b]: HEAD + k for k, (a, b) in reversed(list(enumerate(pieces)))}  # each word's first token
    s, e = np.full(n, LOW), np.full(n, LOW)
    s[at["seconds"]], e[at["seconds"] + 4] = 6.0, 6.0  # "seconds>\nNumber of seconds"
    s[at["900"]], e[at["900"]] = 4.0, 4.0
    wrapped = [text[r.start : r.end] for r in candidate_spans([(w, s, e)], [text], k=3)]
    blocks = [text[r.start : r.end] for r in candidate_spans([(w, s, e)], [text], k=3, lines=[True])]
    assert any("\n" in g for g in wrapped) and not any("\n" in g for g in blocks) and "900" in blocks
    assert text.index("Number") in span_breaks(text, lines=True) and text.index("Number") not in span_breaks(text)


# --- candidate spans (windows and passages) ------------------------------------------------------


def test_candidate_spans_map_tokens_to_passage_characters():
    """Protects candidate_spans: token positions become the passage's characters, with the window's null."""
    w = make_window(P0, 0)
    i, j = token(w, P0, "1936"), token(w, P0, "many")
    (span,) = candidate_spans([logits(w, {(i, j): 8.0}, null=(1.0, 0.5))], [P0], k=1)
    assert P0[span.start : span.end] == "1936 by many"
    assert (span.passage, span.score, span.null) == (0, 8.0, 1.5)


def test_candidate_spans_offers_runners_up_of_a_window():
    """Protects candidate_spans: k spans per window, as top_spans ranks them (mixed ends included)."""
    w = make_window(P0, 0)
    a, b = token(w, P0, "dam"), token(w, P0, "1936")
    spans = candidate_spans([logits(w, {(a, a): 8.0, (b, b): 6.0})], [P0], k=3)
    assert [(P0[s.start : s.end], s.score) for s in spans] == [
        ("dam", 8.0),
        ("dam on the river was finished in 1936", 7.0),  # dam's start logit + 1936's end logit
        ("1936", 6.0),
    ]
    assert len(candidate_spans([logits(w, {(a, a): 8.0, (b, b): 6.0})], [P0], k=2)) == 2


def test_candidate_spans_one_entry_per_distinct_span_keeping_best_score():
    """Protects candidate_spans: a span found by two overlapping windows appears once, with its best score."""
    cut = P0.index("finished")
    w1, w2 = make_window(P0, 0, 0, cut + 8), make_window(P0, 0, cut)
    a, b = token(w1, P0, "finished"), token(w2, P0, "finished")
    scored = [logits(w1, {(a, a): 3.0}, null=(2.0, 0.0)), logits(w2, {(b, b): 5.0}, null=(-1.0, 0.0))]
    for order in (scored, scored[::-1]):
        spans = candidate_spans(order, [P0], k=1)
        assert [(P0[s.start : s.end], s.score, s.null) for s in spans] == [("finished", 5.0, -1.0)]


def test_candidate_spans_sorted_best_first_across_windows_and_passages():
    """Protects candidate_spans: spans of every window and passage together, best score first."""
    w0, w1 = make_window(P0, 0), make_window(P1, 1)
    scored = [
        logits(w0, {(token(w0, P0, "1936"),) * 2: 4.0}, null=(1.0, 0.0)),
        logits(w1, {(token(w1, P1, "Lake"), token(w1, P1, "Mead")): 9.0}, null=(3.0, 0.0)),
    ]
    spans = candidate_spans(scored, [P0, P1], k=2)
    assert len(spans) == 4
    assert [s.score for s in spans] == sorted((s.score for s in spans), reverse=True)
    texts = [[P0, P1][s.passage][s.start : s.end] for s in spans]
    assert texts[:2] == ["Lake Mead", "1936"]
    assert [s.null for s in spans[:2]] == [3.0, 1.0]
    assert {s.passage for s in spans} == {0, 1}


def test_candidate_spans_ignore_padding_and_question_tokens():
    """Protects candidate_spans: positions past the offsets and question tokens are never offered."""
    w = make_window(P1, 0)
    _, s, e = logits(w, {(HEAD, HEAD): 1.0}, pad=5)
    s[-2:], e[-2:] = 50.0, 50.0  # padding
    s[1], e[2] = 50.0, 50.0  # question tokens
    spans = candidate_spans([(w, s, e)], [P1], k=3)
    assert P1[spans[0].start : spans[0].end] == "Lake" and spans[0].score == 1.0
    words = {m.span() for m in re.finditer(r"\S+", P1)}
    for r in spans:
        assert any(a == r.start for a, _ in words) and any(b == r.end for _, b in words)


def test_candidate_spans_pass_max_answer_tokens_and_skip_empty_windows():
    """Protects candidate_spans: spans longer than max_answer_tokens are not offered; nothing read, nothing offered."""
    w = make_window(P0, 0)
    first, last = token(w, P0, "The"), token(w, P0, "workers.")
    spans = candidate_spans([logits(w, {(first, last): 10.0})], [P0], k=3, max_answer_tokens=3)
    assert spans and all(len(P0[r.start : r.end].split()) <= 3 for r in spans)
    assert candidate_spans([], [P0]) == []


# --- the sentences holding a span ----------------------------------------------------------------


def held(text: str, fragment: str, h: Hit | None = None) -> str:
    """The quote text holding_sentences gives for the first occurrence of `fragment` in `text`."""
    d = doc(text)
    a = text.index(fragment)
    q_start, q_end = holding_sentences(d, h or hit(d), a, a + len(fragment))
    assert q_start <= a and a + len(fragment) <= q_end  # the quote always holds the span
    return text[q_start:q_end]


PLAIN = "First sentence here. Second sentence there. Third one."
AMEND = "Use it like this.\n--amend\nReplace the tip of the current branch by creating a new commit.\nMore text here."
STEM = "Paths have parts.\nPurePath.stem\nThe final path component, without its suffix.\nOther parts follow."


def test_holding_sentences_span_inside_one_sentence():
    """Protects the quote of a span: the one sentence holding it, nothing more."""
    assert held(PLAIN, "sentence there") == "Second sentence there."
    assert held(PLAIN, "First") == "First sentence here."


def test_a_fragments_quote_takes_in_the_sentences_before_it_on_its_line():
    """Protects quotes that read well: "Default: 1000." alone does not say what defaults to 1000 (Node.js's
    querystring.parse options, one list item per line); a fragment never reaches across a line end or into a
    term line, and a sentence of three words or more is quoted alone."""
    item = "maxKeys <number> Specifies the maximum number of keys to parse. Default: 1000."
    assert held(item, "1000") == item
    assert held("Options of parse.\nDefault: 1000.", "1000") == "Default: 1000."  # the line before is apart
    assert held("Default five seconds. Or more.", "five") == "Default five seconds."  # three words: a sentence


def test_holding_sentences_grow_across_sentence_boundary():
    """Protects the quote of a span crossing sentences: it grows over every sentence touched."""
    assert held(PLAIN, "here. Second") == "First sentence here. Second sentence there."
    assert held(PLAIN, "here. Second sentence there. Third") == PLAIN


def test_holding_sentences_stay_inside_the_passage():
    """Protects the quote of a span: sentences are cut at the passage's ends, never beyond them."""
    d = doc(PLAIN)
    h = hit(d, PLAIN.index("sentence there"), len(PLAIN))
    assert held(PLAIN, "there", h) == "sentence there."


@pytest.mark.parametrize("fragment", ["amend", "--amend", "tip", "current branch", "new commit."])
def test_option_line_joins_its_description(fragment):
    """Protects definition lines: an option and the line describing it are one quote, whichever holds the span."""
    assert held(AMEND, fragment) == "--amend\nReplace the tip of the current branch by creating a new commit."


# pytest 7.2's reference.html (MIT): its options' help, a <pre> block, each option described beside it.
HELP = (
    "  --capture=method      Per-test capturing method: one of fd|sys|no|tee-sys\n"
    "  -s                    Shortcut for --capture=no\n"
    "  --runxfail            Report the results of xfail tests as if they were\n                        not marked"
)


def test_an_option_described_beside_it_is_quoted_by_its_line_alone():
    """Protects "Which option is a shortcut for --capture=no?": the reader's "tee-sys" was quoted by three lines,
    as a term over the line describing it, and that quote held the question's words as "-s"'s line does."""
    d = doc(HELP, "reference", suffix=".html")  # lines are blocks
    for span, line in [("tee-sys", HELP.split("\n")[0]), ("-s ", HELP.split("\n")[1])]:
        at = HELP.index(span)
        q_start, q_end = holding_sentences(d, hit(d), at, at + len(span.strip()))
        assert HELP[q_start:q_end] == line.strip()


@pytest.mark.parametrize("fragment", ["PurePath.stem", "stem", "final path", "suffix"])
def test_dotted_name_joins_its_description(fragment):
    """Protects definition lines: a dotted name and its description are one quote, whichever holds the span."""
    assert held(STEM, fragment) == "PurePath.stem\nThe final path component, without its suffix."


@pytest.mark.parametrize("fragment", ["--missing-ok", "ensures that the objects"])
def test_reference_page_option_and_its_description_are_one_quote(fragment):
    """Protects definition lines on a real page (git-doc's AsciiDoc HTML, as `rag index` reads it): the option
    and the sentence describing it are one quote."""
    text, _ = html_text((Path(__file__).parent / "data" / "html" / "asciidoc-git-write-tree.html").read_text())
    a = text.index(fragment, text.index("OPTIONS"))  # the option's entry, not the synopsis
    q_start, q_end = holding_sentences(doc(text), hit(doc(text)), a, a + len(fragment))
    assert text[q_start:q_end] == (
        "--missing-ok\nNormally git write-tree ensures that the objects referenced by the directory exist in the "
        "object database."
    )


def test_description_joins_only_the_definition_before_it():
    """Protects definition lines: the line after a description, or a prose line before the term, is not pulled in."""
    assert held(AMEND, "More text") == "More text here."
    assert held(AMEND, "like this") == "Use it like this."
    assert held(STEM, "Other parts") == "Other parts follow."


def test_heading_does_not_join_the_next_line():
    """Protects definition lines: a plain heading ("Options") is not a term, with or without a blank line after."""
    assert not is_definition_line("Options")
    for text in ("Intro text.\nOptions\n\nThe options are listed below.", "Options\nThe options are listed below."):
        assert held(text, "Options") == "Options"
        assert held(text, "listed below") == "The options are listed below."


def test_definition_never_joins_across_a_blank_line():
    """Protects quotes: a term and a description with a blank line between stay apart, either way round."""
    for blank in ("\n\n", "\n  \n"):
        text = f"A line.{blank}--amend{blank}Replace the tip."
        assert held(text, "amend") == "--amend"
        assert held(text, "tip") == "Replace the tip."


def test_is_definition_line_recognizes_terms_not_prose():
    """Protects is_definition_line: options, signatures and dotted names are terms; sentences and headings are not."""
    for term in ("--amend", "$GIT_DIR/hooks", "PurePath.stem", "open(file, mode='r')", "git-commit [<options>]",
                 "Option: APT::Install-Recommends"):  # fmt: skip
        assert is_definition_line(term), term
    assert not is_definition_line("$ git commit")  # typed at a prompt: the next line is its output, or prose
    for prose in ("Options", "Replace the tip.", "Use foo.bar() here.", "a\nb()", "x." * 60, "Is it x.y?"):
        assert not is_definition_line(prose), prose
    assert not is_definition_line("%f | | fractional seconds: SS.SSS")  # a table row (SQLite's strftime table)
    assert not is_definition_line("2.2. The source XML files")  # a numbered heading (a PDF's, no blank line after)
    assert is_definition_line("3. os.path.join(a, b)")  # a numbered term is still a term
    long_signature = "shutil.copytree(src, dst, symlinks=False, ignore=None, copy_function=copy2, " + (
        "ignore_dangling_symlinks=False, dirs_exist_ok=False)"
    )
    assert len(long_signature) > 100 and is_definition_line(long_signature)  # however long its parameters
    assert is_definition_line("class pathlib.PurePath(*pathsegments)")
    assert is_definition_line("str.split(sep=None, maxsplit=-1) → list")
    assert not is_definition_line("Run the command described by args (see below), then wait for it (to finish).")
    prose = "returns len(s) (the number of items in the sequence s, which is zero for an empty one, as it is here)"
    assert len(prose) > 100 and not is_definition_line(prose)  # a long line ending with a bracket is no signature


def test_an_html_list_items_quote_is_that_item_only():
    """Protects quotes of HTML pages (and .docx, and Markdown, which is rendered first), whose lines are blocks:
    a span in one list item is quoted as that item, where the same text read from a .txt file (its lines maybe
    wrapped prose) quotes the items it joins."""
    t = "Options:\nport <number> Port to listen on\nhost <string> Host to listen on"
    a = t.index("Host")
    for suffix, quoted in (
        (".html", t[t.index("host") :]),
        (".docx", t[t.index("host") :]),
        (".md", t[t.index("host") :]),
        (".txt", t[t.index("port") :]),
    ):
        d = doc(t, suffix=suffix)
        q_start, q_end = holding_sentences(d, hit(d), a, a + 4)
        assert t[q_start:q_end] == quoted, suffix


def test_a_table_rows_quote_is_that_row_only():
    """Protects quotes of tables: a span in a row whose cells look like code ("SS.SSS") is quoted as its row,
    not with the next row as if that described it."""
    t = "%d | | day of month: 00\n%f | | fractional seconds: SS.SSS\n%H | | hour: 00-24"
    d = doc(t)
    a = t.index("SS.SSS")
    assert holding_sentences(d, hit(d, 0, len(t)), a, a + 6) == (t.index("%f"), t.index("\n%H"))


# --- layout marks --------------------------------------------------------------------------------


def test_trim_layout_strips_marks_and_spaces_at_the_ends_only():
    """Protects trim_layout: ¶, § and whitespace go at either end; the same marks inside stay."""
    text = " ¶ Title § and more ¶§ \n"
    a, b = trim_layout(text, 0, len(text))
    assert text[a:b] == "Title § and more"
    assert trim_layout("abc", 1, 2) == (1, 2)
    a, b = trim_layout("x ¶§ \t y", 1, 6)
    assert a == b  # nothing but layout: empty
    row = "field size | 1 GB |"  # a table row of PostgreSQL's limits page (its last cell empty)
    a, b = trim_layout(row, 11, len(row))
    assert row[a:b] == "1 GB"  # a cell's "|" at an end is layout; "en|fr" inside a span stays


def test_a_span_never_ends_on_a_word_that_goes_on():
    """Protects past_dangling: aptitude's manual answered "you can press b or search for" for "How can I find broken
    packages?" (of "… you can press b or search for ?broken."); the next word is taken in, its stop left out."""
    for text, span, want in [
        ("To quickly find broken packages, you can press b or search for ?broken.", "press b or search for",
         "press b or search for ?broken"),
        ("It is set by the (default) value.", "set by the", "set by the (default)"),
        ("the end of the\nline", "end of the", "end of the"),  # the line ends: nothing to take in
        ("a theory of everything", "a theory", "a theory"),  # no such word at its end
        ("go to the", "go to the", "go to the"),  # the passage ends
    ]:  # fmt: skip
        start = text.index(span)
        assert text[start : past_dangling(text, start + len(span), len(text))] == want, text
    text = "search for ?broken here"
    assert past_dangling(text, len("search for"), len("search for ?b")) == len("search for")  # not past the passage


def test_trim_layout_drops_typographic_quote_marks_around_the_whole_span_only():
    """Protects the answer “directory” → directory (PostgreSQL 15's app-pgdump.html: "The “directory” format is
    the only format that supports parallel dumps."): marks that set off the whole answer are no part of it; marks
    around a part, and straight quotes (code's own: "'session'"), stay."""
    for text, want in [
        ("“directory”", "directory"),
        ("‘**’", "**"),
        ("«oui»", "oui"),
        ("“a” or “b”", "“a” or “b”"),
        ("“directory” format", "“directory” format"),
        ("'session'", "'session'"),
        ("“”", "“”"),  # nothing inside: no answer to free
    ]:
        a, b = trim_layout(text, 0, len(text))
        assert text[a:b] == want, text


def test_trim_layout_drops_a_prompt_opening_its_line():
    """Protects commands as answers: R's manual shows "> q()", the reader marked "> q"; a shell's, Python's and
    root's prompts the same. Not a ">" inside a line, nor a prompt that is the whole span."""
    for text, want in [("> q()", "q()"), ("  $ git init", "git init"), (">>> json.dumps(x)", "json.dumps(x)"),
                       ("# postfix reload", "postfix reload"), ("a > b", "a > b"), ("$ ", "$")]:  # fmt: skip
        a, b = trim_layout(text, 0, len(text))
        assert text[a:b] == want, (text, text[a:b])


def test_trim_layout_drops_a_list_items_marker_opening_its_line():
    """Protects answers from numbered lists, now read with their numbers: Docutils' "Where is the system-wide
    configuration file?" was answered "1. /etc/docutils.conf". Not an option's dash, nor a number inside a line."""
    for text, want in [("1. /etc/docutils.conf", "/etc/docutils.conf"), ("x\n12) Unpack it", "Unpack it"),
                       ("- fast mode", "fast mode"), ("-c, --cookie-jar", "-c, --cookie-jar"), ("at 1. b", "at 1. b")]:  # fmt: skip
        start = text.find("\n") + 1
        a, b = trim_layout(text, start, len(text))
        assert text[a:b] == want, (text, text[a:b])


def test_trim_layout_drops_a_quote_or_bracket_whose_partner_is_outside():
    """Protects answer spans: `auto"` reads as `auto` and `(default: 900` as `default: 900`; pairs that are
    whole inside the span, an apostrophe and marks in the middle stay."""
    cases = [  # (text, start, end, the span once trimmed)
        ('to "auto" for', 4, 9, "auto"),  # the reader stopped after the closing quote only
        ("(default: 900)", 0, 13, "default: 900"),
        ("f(x) and", 0, 8, "f(x) and"),
        ('"auto"', 0, 6, '"auto"'),
        ("--timeout <seconds>", 0, 19, "--timeout <seconds>"),
        ("the Beatles'", 0, 12, "the Beatles'"),
        ("[a]b)", 0, 5, "[a]b"),
        ("«x", 0, 2, "x"),
        ('"', 0, 1, ""),
    ]
    for text, start, end, want in cases:
        a, b = trim_layout(text, start, end)
        assert text[a:b] == want, (text, text[a:b])


def test_balance_brackets_takes_in_a_near_partner_or_cuts_the_bracket_off():
    """Protects answer spans: "transaction_isolation (enum" (PostgreSQL's docs, the reader stopping inside a
    bracket) reads "transaction_isolation (enum)"; with no partner near on the same line, the bracket and
    what it opens go."""
    cases = [  # (text, start, end, the span once balanced and trimmed)
        ("transaction_isolation (enum) This parameter", 0, 27, "transaction_isolation (enum)"),
        ("the Rhine (German: Rhein) flows", 19, 31, "(German: Rhein) flows"),  # grown back to its opener
        ("a (b c d e f g h i j k l m n o p q r s t u v w x y z)", 0, 6, "a"),  # partner too far
        ("a (b\nc)", 0, 4, "a"),  # not on the same line
        ("cell (x | y) z", 0, 7, "cell"),  # not in the same table cell
        ("x) y", 0, 4, "y"),
        ("f(x) and", 0, 8, "f(x) and"),
        ("(a (b) c) d", 3, 11, "(a (b) c) d"),  # nested pairs are skipped on the way
        ("a < b", 0, 5, "a < b"),  # a comparison, not a bracket
        ('do a "fast-forward" merge', 3, 15, 'a "fast-forward"'),  # git's manual: the quotation taken in whole
        ('the "Crazy in Love" song', 13, 24, '"Crazy in Love" song'),  # grown back to the opening mark
        ('say "x" and "y z', 8, 14, "and"),  # no partner: the mark and what it opens go
        ("Can be set to 'Lax' (recommended) or 'Strict'.", 15, 19, "'Lax'"),  # Flask's: the single quote taken in
        ("the Beatles' song", 4, 12, "Beatles'"),  # an apostrophe: no quote to take in
    ]
    for text, start, end, want in cases:
        a, b = trim_layout(text, *balance_brackets(text, start, end))
        assert text[a:b] == want, (text, text[a:b])


@given(st.text(alphabet='ab "\n', max_size=14), st.data())
def test_balance_brackets_leaves_no_quotation_open_inside(text, data):
    """Protects balance_brackets (property): a straight quote mark left unpartnered is at an end of the
    result (trim_layout's to drop), never inside it."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = balance_brackets(text, start, end)
    inside = text[a:b]
    assert inside.count('"') % 2 == 0 or inside[0] == '"' or inside[-1] == '"'
    assert (a >= start or text[a] == '"') and (b <= end or text[b - 1] == '"')


@given(st.text(alphabet="ab ()\n", max_size=14), st.data())
def test_balance_brackets_leaves_every_bracket_partnered(text, data):
    """Protects balance_brackets (property): in the result every "(" has its ")" after it, and the span grew
    on a side only to take in a bracket."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = balance_brackets(text, start, end)
    depth = 0
    for ch in text[a:b]:
        depth += (ch == "(") - (ch == ")")
        assert depth >= 0
    assert depth == 0
    assert a >= start or text[a] == "("
    assert b <= end or text[b - 1] == ")"


@given(st.text(alphabet="ab ()[]\"'`<>¶«»", max_size=12), st.data())
def test_trim_layout_keeps_a_sub_span_with_no_unpartnered_mark_at_its_ends(text, data):
    """Protects trim_layout (property): the result lies inside [start, end) and neither end is a space, a layout
    mark, or a quote/bracket without its partner inside."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = trim_layout(text, start, end)
    assert start <= a <= b <= end
    inside = text[a:b]
    if inside:
        for mark in (inside[0], inside[-1]):
            assert not mark.isspace() and mark != "¶"
        assert not (
            inside[0] in "([<«"
            and inside.count(inside[0]) != inside.count({"(": ")", "[": "]", "<": ">", "«": "»"}[inside[0]])
        )
        assert not (
            inside[-1] in ")]>»"
            and inside.count(inside[-1]) != inside.count({")": "(", "]": "[", ">": "<", "»": "«"}[inside[-1]])
        )
        assert not (inside[0] in '"`' and inside.count(inside[0]) % 2)
        assert not (inside[-1] in '"`' and inside.count(inside[-1]) % 2)


# --- candidates from reader spans ----------------------------------------------------------------

INTRO = "Dams change rivers. "
DOC = doc(INTRO + P0 + "\n" + P1 + "\n\nHoover Dam¶\nIt was named in 1947.", "dam")
HIT0 = hit(DOC, 0, len(INTRO) + len(P0), rank=1, dense=0.8, score=0.9)
HIT1 = hit(DOC, len(INTRO) + len(P0) + 1, len(DOC.text), rank=2, score=0.4)
HITS = [HIT0, HIT1]
COSINES = [0.8, 0.3]  # HIT0's dense score; HIT1's cosine, which the dense retriever did not give (`passage_cosines`)
DOCS = {DOC.id: DOC}


def read_span(passage: int, fragment: str, score: float = 1.0, null: float = 0.0, pad: tuple[int, int] = (0, 0)):
    """A ReadSpan over `fragment`'s first occurrence in HITS[passage].text, widened by `pad` characters."""
    a = HITS[passage].text.index(fragment)
    return ReadSpan(passage, a - pad[0], a + len(fragment) + pad[1], score, null)


def test_make_candidates_offsets_are_hit_start_plus_passage_offsets():
    """Protects candidate offsets: document characters = hit.start + the reader's passage characters."""
    spans = [read_span(0, "1936", 5.0, 1.0), read_span(1, "holds water", 3.0, 2.0)]
    c0, c1 = make_candidates(spans, HITS, DOCS, COSINES)
    assert (c0.start, c0.end) == (HIT0.start + spans[0].start, HIT0.start + spans[0].end)
    assert (c1.start, c1.end) == (HIT1.start + spans[1].start, HIT1.start + spans[1].end)
    assert (c0.text, c1.text) == ("1936", "holds water") and c1.start > HIT1.start > 0
    assert (c0.score, c0.null, c1.score, c1.null) == (5.0, 1.0, 3.0, 2.0)
    assert c0.hit is HIT0 and c1.hit is HIT1 and c0.doc is DOC
    assert DOC.text[c0.quote_start : c0.quote_end] == P0
    assert DOC.text[c1.quote_start : c1.quote_end] == "The lake holds water for three states."


def test_make_candidates_trim_layout_and_spaces():
    """Protects candidates: a span padded with spaces or a trailing ¶ keeps only its words."""
    (c,) = make_candidates([read_span(1, "Hoover Dam¶", pad=(1, 0))], HITS, DOCS, COSINES)
    assert c.text == "Hoover Dam" and DOC.text[c.start : c.end] == "Hoover Dam"
    assert c.quote_start <= c.start and c.end <= c.quote_end


def test_make_candidates_drop_empty_layout_and_paragraph_crossing_spans():
    """Protects candidates: empty-after-trimming spans, spans holding ¶ and spans across a blank line are dropped."""
    spans = [
        read_span(1, "¶"),  # only a layout mark: empty once trimmed
        read_span(1, "\n\n"),  # only whitespace
        read_span(1, "Dam¶\nIt"),  # ¶ inside
        read_span(1, "states.\n\nHoover"),  # across a blank line
        read_span(1, "1947"),  # kept
    ]
    assert [c.text for c in make_candidates(spans, HITS, DOCS, COSINES)] == ["1947"]
    assert make_candidates([], HITS, DOCS, COSINES) == []


def test_make_candidates_drop_spans_across_a_crlf_blank_line():
    """Protects Windows text files (read verbatim): a span across a CRLF blank line is dropped like one across LF."""
    text = "First paragraph ends here.\r\n\r\nSecond paragraph starts here."
    d = doc(text)
    a, b = text.index("here."), text.index("Second") + len("Second")
    assert make_candidates([ReadSpan(0, a, b, 1.0, 0.0)], [hit(d)], {d.id: d}, [0.5]) == []


def test_a_span_in_a_question_is_no_candidate():
    """Protects FAQ pages: "How do I enable TLS-SRP?" (Apache's SSL FAQ) offered "TLS-SRP" as the answer to "How do
    I enable .htaccess files?"; a question states nothing, so its spans are dropped and the answer below stays."""
    text = 'How do I enable TLS-SRP?\n\nSet "SSLSRPVerifierFile" in the server config.'
    d = doc(text)
    spans = [ReadSpan(0, text.index(w), text.index(w) + len(w), 1.0, 0.0) for w in ("TLS-SRP", "SSLSRPVerifierFile")]
    assert [c.text for c in make_candidates(spans, [hit(d)], {d.id: d}, [0.5])] == ["SSLSRPVerifierFile"]


# procps' FAQ (GPL), as rag reads it: each question a line of its own, its answer below.
FAQ = (
    "Why don't I see SMP (per-CPU) stats in top?\n\n\tYou didn't enable it. Press '?' for built-in help.\n\n"
    "Where to I send bug reports?\n\n\tYou may use the Debian bug tracking system."
)


def test_no_answer_lies_in_autodoc_s_bases_line():
    """Protects answers over API references: "Bases: cherrypy._cperror.CherryPyException" says what a class derives
    from, and the reader's span there had answered "Which exception do I raise to …?" (CherryPy's)."""
    text = "exception cherrypy.InternalRedirect(path)\nBases: cherrypy._cperror.CherryPyException\n\nException raised."
    d = doc(text)
    unanswered = [d.text[a:b] for a, b in unanswering(d.text, passage_sentences(d, hit(d)))]
    assert unanswered == ["Bases: cherrypy._cperror.CherryPyException"]
    assert unanswering("The Bases: line is autodoc's.", [(0, 29)]) == []  # only a line it opens


def test_no_answer_lies_in_a_heading_or_a_question():
    """Protects FAQ answers: the reader's best spans of procps' FAQ for "Why don't I see per-CPU stats in top?" were
    all in the FAQ's question line ("SMP", "t I see SMP"), dropped as answers, so the passage offered none and
    "You didn't enable it." was never read; the window's best spans outside questions and headings are offered."""
    d = doc("Questions\n\n" + FAQ)
    h = hit(d, start=len("Questions\n\n"))
    unanswered = [d.text[a:b] for a, b in unanswering(d.text, passage_sentences(d, hit(d)))]
    assert unanswered == ["Questions", "Why don't I see SMP (per-CPU) stats in top?", "Where to I send bug reports?"]
    w = make_window(FAQ, 0)
    best = {(token(w, FAQ, "SMP"), token(w, FAQ, "SMP")): 9.0, (token(w, FAQ, "You"), token(w, FAQ, "it.")): 4.0}
    assert [FAQ[r.start : r.end] for r in candidate_spans([logits(w, best)], [FAQ], k=1)] == ["SMP"]
    cands = question_candidates([logits(w, best)], [h], [0.5], {d.id: d}, k=1, max_tokens=30)
    assert [c.text for c in cands] == ["You didn't enable it."]


# Flask 2.2's patterns/fileuploads.html (BSD-3-Clause) as rag reads it: a numbered list of steps.
STEPS = (
    "It basically works like this:\n\n"
    "1. A <form> tag is marked with enctype=multipart/form-data.\n\n"
    "3. use the save() method of the file to save the file permanently somewhere on the filesystem."
)


def test_no_answer_starts_in_a_list_item_s_marker():
    """Protects "Which method saves an uploaded file permanently on the filesystem?", which the reader answered "3"."""
    d = doc(STEPS, suffix=".html")
    markers = [STEPS[a:b] for a, b in unanswering(STEPS, passage_sentences(d, hit(d)))]
    assert markers == ["1. ", "3. "]
    w = make_window(STEPS, 0)
    best = {
        (token(w, STEPS, "3."), token(w, STEPS, "3.")): 9.0,
        (token(w, STEPS, "save()"), token(w, STEPS, "save()")): 4.0,
    }
    cands = question_candidates([logits(w, best)], [hit(d)], [0.5], {d.id: d}, k=1, max_tokens=30)
    assert [c.text for c in cands] == ["save()"]


# Bash 5.2's reference manual (bashref.html, GNU FDL) as rag reads it
PROMPTS = "PS2\nThe secondary prompt string. Its value is ‘> ’ by default.\n\nPS3\nThe prompt of the select command."


def test_an_entry_whose_every_span_is_dropped_offers_the_passage_s_spans():
    """Protects "What is the default value of PS2?", which abstained with no candidate at all: the reader's k best
    spans in PS2's entry were all "‘> ’" or a part of it, a bracket without its partner once its quote marks went,
    dropped; the window's next best spans are offered instead."""
    d = doc(PROMPTS, suffix=".html")
    w = make_window(PROMPTS, 0)
    mark, prompt = token(w, PROMPTS, "‘>"), token(w, PROMPTS, "prompt")
    best = {(mark, mark + 1): 9.0, (prompt, prompt): 2.0}
    entry = [[(0, PROMPTS.index("\n\n"))]]
    cands = question_candidates([logits(w, best)], [hit(d)], [0.5], {d.id: d}, k=1, max_tokens=30, regions=entry)
    assert "prompt" in [c.text for c in cands]  # the window's best but one, among its four best


@pytest.mark.parametrize(
    "text, line, heading",
    [
        ("Intro text.\n\n1.3.1. Magic Header String\n\nEvery file begins with it.", "1.3.1. Magic Header String", True),
        ("Automatic Checkpoint\n\nBy default it checkpoints.", "Automatic Checkpoint", True),  # the text's start
        ("Prose first.\n\nOverview", "Overview", True),  # the text's end
        ("Options\n--amend\nReplace the tip.", "--amend", False),  # a term over its description
        ("Text.\n\nPRAGMA foreign_keys = ON\n\nMore.", "PRAGMA foreign_keys = ON", False),  # code
        ("Text.\n\nThe default is five seconds.\n\nMore.", "The default is five seconds.", False),  # a sentence
        ("Text.\n\nOffset | Size\n\nMore.", "Offset | Size", False),  # a table row
        ("Steps\nOpen the page\n\nMore.", "Open the page", False),  # not alone: a line under another
        ("Run this:\n\npip install rag\n\nThen open it.", "pip install rag", False),  # a one-line code block
        ("List them:\n\nSELECT name FROM users\n\nDone.", "SELECT name FROM users", False),  # code, capitalised
        ("Text.\n\nWAL Mode\n\nMore.", "WAL Mode", True),  # an acronym in a heading
        ("Text.\n\nCross Compiling for QNX\n\nMore.", "Cross Compiling for QNX", True),  # CMake's: "for" is no code
        ("Text.\n\n5.9. debian/copyright\n\nDebian takes it seriously.", "5.9. debian/copyright", True),  # debmake-doc
        ("Run:\n\n1. pip install rag\n\nThen open it.", "1. pip install rag", False),  # a step's number: one level
        ("Timeout\n\nDefault: 5 seconds\n\nMore.", "Default: 5 seconds", False),  # a value on its own line
        ("A.\n\n" + "Very long line without any stop that goes on and on past eighty characters in all" + "\n\nB.",
         "Very long line without any stop that goes on and on past eighty characters in all", False),
    ],
)  # fmt: skip
def test_is_heading(text, line, heading):
    """Protects what counts as a heading (a short line alone between blank lines, no stop, not code, a term or a
    table row), so that the reader's spans inside one are not offered as answers."""
    start = text.index(line)
    assert is_heading(text, start, start + len(line)) is heading


def test_make_candidates_drop_spans_in_a_heading():
    """Protects answers on manuals: "3.1" of the heading "3.1. Automatic Checkpoint" (what the reader offered for
    "When does a WAL database checkpoint?") is no answer; the span in the text under it is."""
    d = doc("WAL mode.\n\n3.1. Automatic Checkpoint\n\nIt checkpoints when the WAL file reaches 1000 pages.")
    h = hit(d, 0, len(d.text), rank=1)
    spans = [ReadSpan(0, d.text.index("3.1"), d.text.index("3.1") + 3, 9.0, 0.0)]
    spans.append(ReadSpan(0, d.text.index("1000 pages"), d.text.index("1000 pages") + 10, 5.0, 0.0))
    assert [c.text for c in make_candidates(spans, [h], {d.id: d}, [0.5])] == ["1000 pages"]


def test_make_candidates_quote_range_contains_span():
    """Protects candidates: the quote range always holds the span, in both passages."""
    spans = [read_span(0, w) for w in ("Dams", "rivers. The", "workers.")] + [
        read_span(1, w) for w in ("Mead", "three", "named in 1947")
    ]
    cands = make_candidates(spans, HITS, DOCS, COSINES)
    assert len(cands) == len(spans)
    for c in cands:
        assert c.quote_start <= c.start < c.end <= c.quote_end
        assert c.hit.start <= c.quote_start and c.quote_end <= c.hit.end
    assert DOC.text[cands[1].quote_start : cands[1].quote_end] == INTRO + P0


# --- rank features, ranking and confidence -------------------------------------------------------

Q_TOKENS = tokenize("dam river finished lake")  # ["dam", "river", "finish", "lake"]
Q_IDF = np.array([1.0, 2.0, 3.0, 4.0])  # idf mass 10


def three_candidates() -> list[Candidate]:
    spans = [
        read_span(0, "1936 by many workers", 6.0, 1.0),
        read_span(1, "Lake Mead", 8.0, 0.5),
        read_span(0, "The dam on the river was finished in 1936 by many workers", 2.0, 3.0),
    ]
    return make_candidates(spans, HITS, DOCS, COSINES)


def test_rank_features_shape_and_column_order():
    """Protects the ranking's input: one row per candidate, one column per RANK_FEATURES name, in that order."""
    cands = three_candidates()
    x = rank_features(cands, Q_TOKENS, Q_IDF)
    assert x.shape == (3, len(RANK_FEATURES)) and x.dtype == np.float64
    assert RANK_FEATURES == (
        "span_score",
        "span_margin",
        "passage_score",
        "passage_rrank",
        "passage_cosine",
        "sentence_idf_overlap",
        "question_overlap",
        "length",
        "cuts_name",
    )
    assert rank_features([], Q_TOKENS, Q_IDF).shape == (0, len(RANK_FEATURES))


def test_rank_features_hand_computed_values():
    """Protects each rank feature's definition, against values worked out by hand."""
    x = rank_features(three_candidates(), Q_TOKENS, Q_IDF)
    expected = np.array(
        [
            # score-best, score-lowest null, passage score, 1/rank, cosine, idf share in sentence, span in q,
            # words/10, a name cut short
            [6.0 - 8.0, 6.0 - 0.5, 0.9, 1.0, 0.8, (1 + 2 + 3) / 10, 0 / 3, 4 / 10, 0],
            [8.0 - 8.0, 8.0 - 0.5, 0.4, 0.5, 0.3, 4 / 10, 1 / 2, 2 / 10, 0],  # the cosine given for HIT1
            [2.0 - 8.0, 2.0 - 0.5, 0.9, 1.0, 0.8, (1 + 2 + 3) / 10, 3 / 6, 10 / 10, 0],  # 11 words, capped at 10
        ]
    )
    np.testing.assert_allclose(x, expected)
    lake = make_candidates([read_span(1, "Lake", 5.0, 0.5), read_span(1, "Lake Mead", 5.0, 0.5)], HITS, DOCS, COSINES)
    assert rank_features(lake, Q_TOKENS, Q_IDF)[:, -1].tolist() == [1.0, 0.0]  # "Lake" of "Lake Mead" is cut


def test_rank_is_linear_in_the_features():
    """Protects rank: each candidate's logit is x @ weights + bias; no candidates, no logits."""
    x = np.array([[1.0, 2.0], [0.5, -1.0], [0.0, 0.0]])
    np.testing.assert_allclose(rank(x, [2.0, -1.0], 0.5), [0.5, 2.5, 0.5])
    assert rank(np.zeros((0, 8)), [1.0] * 8, 3.0).shape == (0,)


def test_confidence_features_of_the_best_candidate():
    """Protects CONFIDENCE_FEATURES: rank logit, margin, passage cosine, idf share (of the candidate asked for)."""
    cands = three_candidates()
    x = rank_features(cands, Q_TOKENS, Q_IDF)
    logits = np.array([0.3, 1.7, -2.0])
    f = confidence_features(1, x, logits)
    np.testing.assert_allclose(f, [1.7, 7.5, 0.3, 0.4])
    assert len(f) == len(CONFIDENCE_FEATURES)
    np.testing.assert_allclose(confidence_features(0, x, logits), [0.3, x[0, 1], x[0, 4], x[0, 5]])


def test_confidence_is_a_logistic_probability():
    """Protects confidence: sigmoid(f @ weights + bias), strictly between 0 and 1."""
    w, b = [1.0, 0.5, 0.0, 2.0], -1.0
    f = np.array([0.4, 2.0, 0.9, 0.3])
    assert confidence(f, w, b) == pytest.approx(sigmoid(0.4 + 1.0 + 0.6 - 1.0))
    for z in (-30.0, -1.0, 0.0, 1.0, 30.0):
        assert 0.0 < confidence(np.array([z, 0, 0, 0]), w, 0.0) < 1.0


def test_confidence_grows_with_a_positive_weight_feature():
    """Protects confidence's direction: more of a positively weighted feature, more confidence."""
    w = [0.8, 0.3, 0.0, 1.0]
    margins = [-20.0, -5.0, 0.0, 3.0, 10.0]
    confs = [confidence(np.array([0.5, m, 0.2, 0.1]), w, -0.5) for m in margins]
    assert confs == sorted(confs) and len(set(confs)) == len(confs)


# --- choosing quotes -----------------------------------------------------------------------------


def candidate(d: Document, quote: tuple[int, int], span: tuple[int, int] | None = None) -> Candidate:
    """A candidate of `d` whose quote is `quote` (span: the quote's first character, unless given)."""
    a, b = span or (quote[0], quote[0] + 1)
    return Candidate(hit(d), d, a, b, 0.0, 0.0, quote[0], quote[1], 0.5)


NO_REPEATS = " ".join(f"w{i}" for i in range(100))  # no two stretches of it read the same
D, E = doc(NO_REPEATS, "d"), doc(NO_REPEATS, "e")


def test_choose_best_first():
    """Protects choose: the quotes are ordered by ranking logit, best first."""
    cands = [candidate(D, (0, 10)), candidate(D, (20, 30)), candidate(D, (40, 50))]
    assert choose(cands, np.array([1.0, 3.0, 2.0]), 3, 0.0) == [1, 2, 0]
    assert choose([], np.zeros(0), 3, 0.5) == []


def test_choose_skips_quotes_overlapping_a_chosen_one_in_the_same_document():
    """Protects choose: a candidate whose quote overlaps an already chosen quote of its document is skipped."""
    cands = [
        candidate(D, (0, 50)),
        candidate(D, (40, 60)),  # overlaps the best: skipped
        candidate(E, (0, 50)),  # same range, other document: kept
        candidate(D, (50, 70)),  # touches the best's end only: kept
        candidate(D, (0, 50), span=(30, 35)),  # the best's quote again: skipped
    ]
    assert choose(cands, np.array([5.0, 4.0, 3.0, 2.0, 1.0]), 10, 0.0) == [0, 2, 3]


def test_choose_skips_quotes_overlapping_the_answers_grown_quote():
    """Protects further quotes when the answer is an entry's term: its quote grew up to the term line
    ("-l --list List all available databases … variable."), and psql's "-l --list List all available databases,
    then exit." was quoted again below it."""
    best = candidate(D, (40, 60))
    grown = replace(best, quote_start=0)  # the answer's quote, up to the term line
    cands = [best, candidate(D, (0, 20)), candidate(D, (70, 80))]
    assert choose(cands, np.array([3.0, 2.0, 1.0]), 10, 0.0) == [0, 1, 2]
    assert choose(cands, np.array([3.0, 2.0, 1.0]), 10, 0.0, lambda i: grown if i == 0 else cands[i]) == [0, 2]


def test_choose_skips_a_sentence_its_document_repeats():
    """Protects further quotes from repeating the first: a page that says the same sentence twice (tomllib's
    "A TOMLDecodeError will be raised on an invalid TOML document.", under load and loads) is quoted once;
    another document saying it is still quoted."""
    said = "A TOMLDecodeError will be raised. "
    d, e = doc(said + "Other words here. " + said, "d"), doc(said, "e")
    second = d.text.rindex(said)
    cands = [
        candidate(d, (0, len(said) - 1)),
        candidate(d, (second, second + len(said) - 1)),  # the same sentence again: skipped
        candidate(d, (len(said), second - 1)),
        candidate(e, (0, len(said) - 1)),
    ]
    assert choose(cands, np.array([4.0, 3.0, 2.0, 1.0]), 10, 0.0) == [0, 2, 3]


def test_choose_stops_below_relative_share_of_best_probability():
    """Protects choose: further quotes need a probability of at least `relative` times the best one's."""
    cands = [candidate(D, (10 * i, 10 * i + 5)) for i in range(4)]
    logits = np.array([0.0, -1.0, -2.0, 2.0])  # probabilities 0.5, 0.27, 0.12, 0.88
    assert choose(cands, logits, 10, 0.5) == [3, 0]  # 0.27 < 0.44
    assert choose(cands, logits, 10, 0.3) == [3, 0, 1]
    assert choose(cands, logits, 10, 0.99) == [3]  # the best is always chosen


def test_choose_respects_max_quotes():
    """Protects choose: never more than max_quotes."""
    cands = [candidate(D, (10 * i, 10 * i + 5)) for i in range(5)]
    logits = np.array([1.0, 1.1, 1.2, 1.3, 1.4])
    assert choose(cands, logits, 2, 0.0) == [4, 3]
    assert choose(cands, logits, 1, 0.0) == [4]


# --- quotes with their span ----------------------------------------------------------------------


def test_quote_of_marks_span_inside_exact_quote():
    """Protects quote_of: the quote is the candidate's sentence(s) verbatim, its span exact and inside it."""
    c = make_candidates([read_span(0, "1936 by many", 5.0)], HITS, DOCS, COSINES)[0]
    q = quote_of(c, 0.75)
    assert q.text == DOC.text[c.quote_start : c.quote_end] == P0
    assert (q.start, q.end, q.doc_id, q.title, q.source, q.score) == (
        c.quote_start,
        c.quote_end,
        DOC.id,
        DOC.title,
        DOC.source,
        0.75,
    )
    assert isinstance(q.span, Span)
    assert q.span.text == "1936 by many" == DOC.text[q.span.start : q.span.end]
    assert (q.span.doc_id, q.span.start, q.span.end) == (DOC.id, c.start, c.end)
    assert q.start <= q.span.start <= q.span.end <= q.end
    assert q.page is None and q.span.page is None  # no pages


def test_quote_of_pages_from_page_starts():
    """Protects pages: the quote's page is where it starts, the span's where the span starts."""
    text = "Page one is short. The dam was finished in 1936 by many workers."
    d = doc(text, "pdf", page_starts=[0, text.index("1936")])
    h = hit(d)
    a = text.index("1936")
    (c,) = make_candidates([ReadSpan(0, a, a + 4, 1.0, 0.0)], [h], {d.id: d}, [0.5])
    q = quote_of(c, 0.5)
    assert q.text == "The dam was finished in 1936 by many workers."
    assert (q.page, q.span.page) == (1, 2)
    b = text.index("short")
    q1 = quote_of(make_candidates([ReadSpan(0, b, b + 5, 1.0, 0.0)], [h], {d.id: d}, [0.5])[0], 0.5)
    assert (q1.page, q1.span.page) == (1, 1)


# --- the reader's answer -------------------------------------------------------------------------


def reader_case() -> tuple[list[Candidate], np.ndarray]:
    """Three candidates over both hits; column 0 (span_score) ranks "Lake Mead" first, then "1947", then "1936"."""
    cands = make_candidates(
        [read_span(0, "1936", 6.0), read_span(1, "Lake Mead", 8.0), read_span(1, "1947", 7.0)], HITS, DOCS, COSINES
    )
    x = np.zeros((3, len(RANK_FEATURES)))
    x[:, 0] = [-2.0, 0.0, -1.0]  # rank logits with rank_weights e0: probabilities 0.12, 0.5, 0.27
    x[:, 2] = [0.9, 0.4, 0.1]
    return cands, x


def test_reader_answer_is_the_best_ranked_span_when_confident():
    """Protects the short answer: the top-ranked candidate's exact document span, when confidence reaches the threshold."""
    cands, x = reader_case()
    a = reader_answer("q?", HITS, cands, x, answer_settings(), None)
    assert a.found and a.confidence == pytest.approx(sigmoid(0.0 + 1.0)) and a.threshold == 0.5
    assert a.text == "Lake Mead" and a.span is not None
    assert (a.span.doc_id, a.span.start, a.span.end) == (DOC.id, cands[1].start, cands[1].end)
    assert DOC.text[a.span.start : a.span.end] == a.text
    assert a.span == a.quotes[0].span
    assert [q.span.text for q in a.quotes] == ["Lake Mead", "1947"]  # 0.12 < 0.5 * 0.5: "1936" not quoted
    assert [q.score for q in a.quotes] == pytest.approx([0.5, sigmoid(-1.0)])
    assert a.question == "q?" and a.hits == HITS


def test_reader_answer_follows_rank_weights():
    """Protects the ranking: the answer is the best by the weighted features, not by the reader's score alone."""
    cands, x = reader_case()
    s = answer_settings(rank_weights=[0.0, 0.0, 1.0] + [0.0] * 6, relative=0.0, max_quotes=3)
    a = reader_answer("q?", HITS, cands, x, s, None)
    assert a.found and a.text == "1936" and a.confidence == pytest.approx(sigmoid(0.9 + 1.0))
    assert [q.span.text for q in a.quotes] == ["1936", "Lake Mead", "1947"]


def test_reader_answer_abstains_below_threshold_but_keeps_quotes():
    """Protects abstention: below the threshold no text and no span, but the quotes are still offered."""
    cands, x = reader_case()
    a = reader_answer("q?", HITS, cands, x, answer_settings(abstain_threshold=0.9), None)
    assert not a.found and a.text == "" and a.span is None
    assert a.confidence == pytest.approx(sigmoid(1.0)) and a.threshold == 0.9
    assert [q.span.text for q in a.quotes] == ["Lake Mead", "1947"]


def test_reader_answer_threshold_is_inclusive():
    """Protects the threshold boundary: a confidence equal to the threshold answers."""
    cands, x = reader_case()
    conf = reader_answer("q?", HITS, cands, x, answer_settings(), None).confidence
    assert reader_answer("q?", HITS, cands, x, answer_settings(abstain_threshold=conf), None).found


def test_reader_answer_explicit_threshold_overrides_settings():
    """Protects the `threshold` argument: it replaces settings.abstain_threshold, either way."""
    cands, x = reader_case()
    low = reader_answer("q?", HITS, cands, x, answer_settings(abstain_threshold=0.9), 0.5)
    assert low.found and low.threshold == 0.5 and low.text == "Lake Mead"
    high = reader_answer("q?", HITS, cands, x, answer_settings(abstain_threshold=0.5), 0.95)
    assert not high.found and high.threshold == 0.95 and high.span is None


def test_reader_answer_without_candidates_abstains():
    """Protects the no-candidate case: not found, no quotes, confidence 0, the threshold reported."""
    a = reader_answer("q?", HITS, [], np.zeros((0, len(RANK_FEATURES))), answer_settings(abstain_threshold=0.3), None)
    assert not a.found and a.text == "" and a.span is None and a.quotes == []
    assert a.confidence == 0.0 and a.threshold == 0.3 and a.hits == HITS


# --- the sentence scorer's answer (no reader) ----------------------------------------------------

SENTENCES = ("Lake Mead formed behind it.", "The lake holds water for three states.", "Hoover Dam¶")
Q_VEC = np.array([1.0, 0.0, 0.0])
VECS = {  # cosines with the question 0.6, 1.0, 0, 0: probabilities sigmoid(10 cos - 5) = 0.73, 0.99, 0.01, 0.01
    SENTENCES[0]: np.array([0.6, 0.8, 0.0]),
    SENTENCES[1]: np.array([1.0, 0.0, 0.0]),
    SENTENCES[2]: np.array([0.0, 0.0, 1.0]),
    "It was named in 1947.": np.array([0.0, 1.0, 0.0]),
}
SPARSE = SparseIndex.from_texts([h.text for h in HITS], np.arange(len(HITS)), 1.2, 0.75)


def ask_sentences(s: AnswerSettings, threshold: float | None = None):
    return sentence_answer("How much water?", Q_VEC, [HIT1], DOCS, VECS, SPARSE, s, threshold)


def test_sentence_answer_quotes_the_best_sentence():
    """Protects the reader-less answer: the best-scored sentence is the quote, and the answer is its text."""
    a = ask_sentences(answer_settings(relative=0.9))
    assert a.found and a.confidence == pytest.approx(sigmoid(5.0)) and a.threshold == 0.5
    assert [q.text for q in a.quotes] == [SENTENCES[1]]
    assert a.text == a.quotes[0].text == SENTENCES[1]
    assert a.basis == "sentences"
    assert a.span is not None and (a.span.start, a.span.end) == (a.quotes[0].start, a.quotes[0].end)
    assert DOC.text[a.span.start : a.span.end] == a.text and a.span.doc_id == DOC.id


def test_sentence_answer_abstains_below_sentence_threshold():
    """Protects the reader-less abstention: below sentence_threshold no text or span, quotes kept."""
    a = ask_sentences(answer_settings(relative=0.9, sentence_threshold=0.999, abstain_threshold=0.1))
    assert not a.found and a.text == "" and a.span is None and a.threshold == 0.999
    assert [q.text for q in a.quotes] == [SENTENCES[1]]
    assert ask_sentences(answer_settings(relative=0.9, sentence_threshold=0.999), 0.9).found  # explicit wins


def test_sentence_answer_without_hits_abstains():
    """Protects the reader-less answer with nothing retrieved: not found, confidence 0."""
    a = sentence_answer("q?", Q_VEC, [], DOCS, VECS, SPARSE, answer_settings(), None)
    assert not a.found and a.quotes == [] and a.confidence == 0.0 and a.span is None


# --- offsets of quotes and spans, for any document ----------------------------------------------

WORDS = ("alpha", "beta", "x.y", "--opt", "¶", "§", "the", "1936", "f(x)", "dam")
SEPARATORS = (" ", " ", "\n", "\n\n", "\n \n", " ¶\n", "\r\n")


@st.composite
def documents(draw) -> Document:
    """Several sentences (capitalized, some without a full stop) joined by spaces, newlines and blank lines."""
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        first = draw(st.sampled_from(("The", "Dam", "A", "Options")))
        words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=6))
        stop = draw(st.sampled_from((".", "", "?", ":")))
        parts += [" ".join([first, *words]) + stop, draw(st.sampled_from(SEPARATORS))]
    text = "".join(parts)
    cut = draw(st.integers(0, len(text) - 1))
    return doc(text, "g", page_starts=[0, cut] if cut else [])


@given(documents(), st.data())
@settings(max_examples=300, deadline=None)
def test_quote_and_span_offsets_are_exact(d, data):
    """Property: every candidate's quote and span are exact document substrings, the span inside the quote
    and the quote inside its passage."""
    n = len(d.text)
    hits = []
    for r in range(data.draw(st.integers(1, 3))):
        a = data.draw(st.integers(0, n - 1))
        hits.append(hit(d, a, data.draw(st.integers(a + 1, n)), rank=r + 1))
    spans = []
    for _ in range(data.draw(st.integers(1, 6))):
        p = data.draw(st.integers(0, len(hits) - 1))
        size = len(hits[p].text)
        a = data.draw(st.integers(0, size - 1))
        spans.append(ReadSpan(p, a, data.draw(st.integers(a + 1, size)), 1.0, 0.0))
    cands = make_candidates(spans, hits, {d.id: d}, [0.5] * len(hits))
    for c in cands:
        q = quote_of(c, 0.5)
        assert d.text[q.start : q.end] == q.text
        assert q.span is not None and d.text[q.span.start : q.span.end] == q.span.text
        assert q.start <= q.span.start <= q.span.end <= q.end
        assert c.hit.start <= q.start and q.end <= c.hit.end
        assert q.span.text and q.span.text == q.span.text.strip() and not set("¶§") & set(q.span.text)
        assert (q.page, q.span.page) == (d.page_at(q.start), d.page_at(q.span.start))
    assert rank_features(cands, ["dam"], np.array([1.0])).shape == (len(cands), len(RANK_FEATURES))


def test_stacked_terms_reach_their_description():
    """Protects definition lines: two option lines over one description quote down to the description."""
    t = "-m <msg>\n--message=<msg>\nUse the given <msg> as the commit message."
    d = doc(t)
    a = t.index("-m")
    assert t[slice(*holding_sentences(d, hit(d), a, a + 2))] == t
    b = t.index("commit message")
    assert t[slice(*holding_sentences(d, hit(d), b, b + 14))] == t


def test_widen_takes_the_longest_holding_candidate_within_the_margin():
    """Protects widening: the reader often stops a phrase short ("holds" for "holds water"); the answer
    becomes the longest candidate of the same document that holds the best span and ranks within the
    margin, never one that merely overlaps it, ranks too low, or comes from another document."""
    spans = [
        read_span(1, "holds", 3.0),
        read_span(1, "holds water", 2.6),
        read_span(1, "lake holds water for three states", 1.0),
        read_span(1, "water for", 2.9),
    ]
    cands = make_candidates(spans, HITS, DOCS, COSINES)
    logits = np.array([c.score for c in cands])
    assert widen(cands, logits, 0, 0.0) == 0
    assert cands[widen(cands, logits, 0, 0.5)].text == "holds water"  # "water for" overlaps, holds nothing
    assert cands[widen(cands, logits, 0, 2.5)].text == "lake holds water for three states"
    assert widen(cands, logits, 1, 5.0) == 2 and widen(cands, logits, 2, 5.0) == 2


def test_widen_never_takes_in_a_new_clause():
    """Protects the short answer's extent: "50" of shared-mime-info's "The default priority value is 50, and the
    maximum is 100." is not widened into the second statement, whose value is another answer; a wider span without
    a new clause ("holds water") still is, and so is a list joined by "and" ("tar, zip and tgz")."""
    t = "The default priority value is 50, and the maximum is 100. Formats are tar, zip, and tgz."
    d = doc(t)
    h = [hit(d)]

    def cand(fragment: str, score: float):
        a = t.index(fragment)
        return ReadSpan(0, a, a + len(fragment), score, 0.0)

    cands = make_candidates([cand("50", 3.0), cand("50, and the maximum is 100", 2.5)], h, {d.id: d}, [0.5])
    assert cands[widen(cands, np.array([c.score for c in cands]), 0, 1.0)].text == "50"
    cands = make_candidates([cand("tar", 3.0), cand("tar, zip, and tgz", 2.5)], h, {d.id: d}, [0.5])
    assert cands[widen(cands, np.array([c.score for c in cands]), 0, 1.0)].text == "tar, zip, and tgz"


def test_widen_stays_inside_the_best_ones_sentences():
    """Protects "Which prefix do registered Lua actions get in HAProxy?" (HAProxy's Lua reference): "“lua.”" is not
    widened into the next sentence ("“lua.”. An action gets a TXN object class as input"), nor "Grey Street" back
    into the one before (SQuAD's "Mosley Street. It was demolished to make way for Grey Street")."""
    t = "Actions can be used with the prefix “lua.”. An action gets a TXN object class as input."
    d = doc(t)

    def cand(fragment: str, score: float):
        a = t.index(fragment)
        return ReadSpan(0, a, a + len(fragment), score, 0.0)

    spans = [cand("lua", 3.0), cand("lua.”. An action gets a TXN object class as input", 2.8), cand("lua.”", 2.5)]
    cands = make_candidates(spans, [hit(d)], {d.id: d}, [0.5])
    assert cands[widen(cands, np.array([c.score for c in cands]), 0, 1.0)].text == "lua."  # its lone quote mark off


def test_reader_answer_widens_its_short_answer_but_keeps_the_best_ones_confidence():
    """Protects the answer record with widening on: Answer.text is the wider span, its span offsets point at
    it, and the confidence is the one the best-ranked (narrower) candidate gave."""
    spans = [read_span(1, "holds", 3.0), read_span(1, "holds water", 2.6)]
    cands = make_candidates(spans, HITS, DOCS, COSINES)
    x = np.array([[c.score] + [0] * (len(RANK_FEATURES) - 1) for c in cands], dtype=float)
    narrow = reader_answer("What does the lake do?", HITS, cands, x, answer_settings(abstain_threshold=0.0), None)
    wide = reader_answer(
        "What does the lake do?", HITS, cands, x, answer_settings(abstain_threshold=0.0, widen_margin=0.5), None
    )
    assert (narrow.text, wide.text) == ("holds", "holds water")
    assert DOC.text[wide.span.start : wide.span.end] == "holds water" and wide.confidence == narrow.confidence


# Beautiful Soup 4.11's index.html (MIT) as rag reads it: a table whose first row names its columns.
PARSERS = (
    "Parser | Typical usage | Advantages | Disadvantages\nParser: html5lib | Typical usage: BeautifulSoup(markup, "
    '"html5lib") | Advantages: Extremely lenient | Disadvantages: Very slow'
)


def test_no_answer_lies_in_a_table_s_header_row_and_regions_holding_none_leave_the_rest():
    """Protects "Which parser is extremely lenient …?": the header row was the entry of "parser" (a word the reader's
    vocabulary lacks) that the candidates were kept to; with its spans dropped, none were left and rag abstained."""
    d = doc(PARSERS, suffix=".html")
    unanswered = [d.text[a:b] for a, b in unanswering(d.text, passage_sentences(d, hit(d)))]
    assert unanswered == ["Parser | Typical usage | Advantages | Disadvantages"]
    w = make_window(PARSERS, 0)
    best = {(token(w, PARSERS, "Parser"), token(w, PARSERS, "Parser")): 9.0}
    best[(token(w, PARSERS, "Extremely"), token(w, PARSERS, "lenient"))] = 4.0
    header = [[(0, PARSERS.index("\n"))]]  # the regions: the header row alone
    cands = question_candidates([logits(w, best)], [hit(d)], [0.5], {d.id: d}, k=1, max_tokens=30, regions=header)
    assert [c.text for c in cands] == ["Extremely lenient"] and not cands[0].asked
