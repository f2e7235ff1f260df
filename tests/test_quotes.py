"""Quote selection as pure functions: candidate sentences, features, context, merging and the chosen quotes.

No model is loaded: sentence "embeddings" are hand-made unit vectors and probabilities are given directly.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from records import doc, hit

from rag.answer.quotes import (
    CONTEXT_CHARS,
    FEATURES,
    Sentence,
    bigram_overlap,
    candidate_sentences,
    context,
    feature_matrix,
    idf_overlap,
    logistic,
    make_quote,
    merge_spans,
    select_quotes,
)
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize


def sentence(d: Document, fragment: str, h: Hit | None = None) -> Sentence:
    """The sentence of `d` whose text is `fragment` (its first occurrence)."""
    a = d.text.index(fragment)
    return Sentence(d, a, a + len(fragment), h or hit(d))


def norm(s: str) -> str:
    return " ".join(s.split()).lower()


# --- candidate sentences -------------------------------------------------------------------------


def test_candidate_sentences_follow_hit_order_and_appear_once():
    """Protects candidates: sentences of the best passage first, a sentence in two overlapping passages once."""
    d = doc("Alpha one. Beta two. Gamma three. Delta four.")
    h1 = hit(d, 21, 45, rank=1)  # Gamma, Delta
    h2 = hit(d, 0, 33, rank=2)  # Alpha, Beta, Gamma (overlaps h1)
    sents = candidate_sentences([h1, h2], {"d": d})
    assert [s.text for s in sents] == ["Gamma three.", "Delta four.", "Alpha one.", "Beta two."]
    assert [s.hit.rank for s in sents] == [1, 1, 2, 2]
    for s in sents:
        assert d.text[s.start : s.end] == s.text


def test_candidate_sentences_keep_documents_apart():
    """Protects candidates: equal spans in different documents are different sentences."""
    a, b = doc("Same text. Here.", "a"), doc("Same text. Here.", "b")
    sents = candidate_sentences([hit(a), hit(b, rank=2)], {"a": a, "b": b})
    assert [(s.doc.id, s.start, s.end) for s in sents] == [("a", 0, 10), ("a", 11, 16), ("b", 0, 10), ("b", 11, 16)]


def test_candidate_sentences_of_no_hits_is_empty():
    """Protects the empty case: no passages, no candidates."""
    assert candidate_sentences([], {}) == []


# --- features ------------------------------------------------------------------------------------


def test_idf_overlap_is_share_of_question_idf_mass():
    """Protects idf_overlap: (1 + 3) / (1 + 2 + 3) when the sentence has the first and last question terms."""
    assert idf_overlap(["a", "b", "c"], np.array([1.0, 2.0, 3.0]), {"a", "c", "z"}) == pytest.approx(4 / 6)
    assert idf_overlap(["a", "b"], np.array([1.0, 3.0]), {"a", "b"}) == pytest.approx(1.0)
    assert idf_overlap(["a", "b"], np.array([1.0, 3.0]), {"z"}) == 0.0


def test_idf_overlap_degenerate_questions_score_zero():
    """Protects idf_overlap against dividing by zero: no question terms, or no idf mass."""
    assert idf_overlap([], np.array([]), {"a"}) == 0.0
    assert idf_overlap(["a"], np.array([0.0]), {"a"}) == 0.0


def test_bigram_overlap_is_share_of_question_bigrams():
    """Protects bigram_overlap: ordered adjacent pairs, as a share of the question's distinct bigrams."""
    q = ["a", "b", "c"]  # bigrams (a,b), (b,c)
    assert bigram_overlap(q, ["x", "a", "b", "y"]) == pytest.approx(0.5)
    assert bigram_overlap(q, ["a", "b", "c"]) == pytest.approx(1.0)
    assert bigram_overlap(q, ["b", "a", "c", "b"]) == 0.0  # same words, wrong order
    assert bigram_overlap(["a", "b", "a", "b"], ["a", "b"]) == pytest.approx(1 / 2)  # {(a,b), (b,a)}


def test_bigram_overlap_of_one_word_question_is_zero():
    """Protects bigram_overlap: a question with no bigram scores 0, not a division error."""
    assert bigram_overlap(["a"], ["a", "b"]) == 0.0
    assert bigram_overlap([], []) == 0.0


def test_feature_matrix_columns_mean_what_features_say():
    """Protects the feature layout the fitted weights rely on: one row per sentence, columns in FEATURES order."""
    assert FEATURES == ("cosine", "idf_overlap", "bigram_overlap", "passage_rrank", "passage_cosine", "length")
    d = doc("Paris is the capital of France. Berlin lies in Germany.")
    s1 = sentence(d, "Paris is the capital of France.", hit(d, rank=1, dense=0.7))
    s2 = sentence(d, "Berlin lies in Germany.", hit(d, rank=4))
    q_tokens = tokenize("What is the capital of France?")
    assert q_tokens == ["what", "capit", "franc"]
    q_idf = np.array([0.5, 1.0, 2.5])
    q_vec = np.array([1.0, 0.0, 0.0])
    s_vecs = np.array([[1.0, 0.0, 0.0], [0.6, 0.8, 0.0]])
    x = feature_matrix(q_tokens, q_idf, q_vec, [s1, s2], s_vecs)
    assert x.shape == (2, len(FEATURES))
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    np.testing.assert_allclose(col["cosine"], [1.0, 0.6])
    np.testing.assert_allclose(col["idf_overlap"], [3.5 / 4.0, 0.0])  # capit + franc of what+capit+franc
    np.testing.assert_allclose(col["bigram_overlap"], [0.5, 0.0])  # (capit, franc) of 2 bigrams
    np.testing.assert_allclose(col["passage_rrank"], [1.0, 0.25])
    np.testing.assert_allclose(col["passage_cosine"], [0.7, 0.0])  # no dense retriever score: 0
    np.testing.assert_allclose(col["length"], [3 / 60, 3 / 60])


def test_feature_matrix_length_is_capped_and_empty_input_keeps_shape():
    """Protects the length feature cap at 60 tokens and the (0, n_features) shape of no sentences."""
    d = doc(" ".join(f"word{i}" for i in range(100)) + ".")
    s = Sentence(d, 0, len(d.text), hit(d))
    x = feature_matrix(["word1"], np.array([1.0]), np.array([0.0, 1.0]), [s], np.array([[0.0, 1.0]]))
    assert x[0, FEATURES.index("length")] == 1.0
    empty = feature_matrix(["a"], np.array([1.0]), np.array([1.0]), [], np.zeros((0, 1)))
    assert empty.shape == (0, len(FEATURES))


def test_logistic_is_sigmoid_of_weighted_sum():
    """Protects logistic: 1 / (1 + exp(-(x @ w + b))), one probability per row."""
    x = np.array([[0.0, 0.0], [1.0, 2.0], [-1.0, 0.0]])
    w = np.array([2.0, -0.5])
    p = logistic(x, w, 0.5)
    z = np.array([0.5, 2.0 - 1.0 + 0.5, -2.0 + 0.5])
    np.testing.assert_allclose(p, 1 / (1 + np.exp(-z)))
    assert logistic(np.zeros((1, 2)), np.zeros(2), 0.0)[0] == pytest.approx(0.5)


# --- context -------------------------------------------------------------------------------------


def test_context_cuts_whole_words_on_both_sides():
    """Protects context: the text around a quote starts and ends on word boundaries, not mid-word."""
    text = "alpha beta gamma delta epsilon zeta eta theta"
    s = text.index("delta")
    e = s + len("delta")
    before, after = context(text, s, e, width=14)
    assert before == "beta gamma "  # 14 back lands inside "alpha": skip to the next word
    assert after == " epsilon zeta"  # 14 on lands inside "eta": stop before it


def test_context_near_the_edges_takes_everything():
    """Protects context at document edges: no cut when the width reaches past the text."""
    text = "One two. Three four."
    before, after = context(text, 4, 8)
    assert (before, after) == ("One ", " Three four.")
    assert context(text, 0, len(text)) == ("", "")


def test_context_without_spaces_cuts_at_width():
    """Protects context on unspaced text (e.g. CJK): a plain cut at `width` characters."""
    text = "x" * 50 + "QUOTE" + "y" * 50
    before, after = context(text, 50, 55, width=10)
    assert (before, after) == ("x" * 10, "y" * 10)
    assert CONTEXT_CHARS > 0


@given(st.text(alphabet="ab \n.", max_size=60), st.data(), st.integers(0, 30))
@settings(max_examples=200, deadline=None)
def test_context_is_exact_text_around_the_span(text, data, width):
    """Property: before == text[a:start], after == text[end:b] for a <= start <= end <= b, within width,
    cut just after / before a space whenever one lies in the window."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    before, after = context(text, start, end, width)
    a, b = start - len(before), end + len(after)
    assert 0 <= a <= start and end <= b <= len(text)
    assert text[a:start] == before and text[end:b] == after
    assert len(before) <= width and len(after) <= width
    if start - width <= 0:
        assert a == 0
    elif " " in text[start - width : start]:
        assert text[a - 1] == " "
    if end + width >= len(text):
        assert b == len(text)
    elif " " in text[end : end + width]:
        assert text[b] == " "


# --- merging -------------------------------------------------------------------------------------


def test_merge_spans_joins_overlap_touch_and_whitespace_gaps():
    """Protects merging: overlapping, touching and whitespace-only (newlines too) gaps join; best score kept."""
    text = {"a": "One. Two.\n\nThree. Four; five."}
    spans = [("a", 0, 4, 0.2), ("a", 5, 9, 0.7), ("a", 11, 17, 0.3), ("a", 3, 6, 0.1)]
    assert merge_spans(spans, text) == [("a", 0, 17, 0.7)]
    touching = [("a", 0, 4, 0.2), ("a", 4, 9, 0.5)]
    assert merge_spans(touching, text) == [("a", 0, 9, 0.5)]
    contained = [("a", 0, 17, 0.2), ("a", 5, 9, 0.9)]
    assert merge_spans(contained, text) == [("a", 0, 17, 0.9)]


def test_merge_spans_keeps_text_gaps_and_documents_apart_best_first():
    """Protects merging: a gap with words keeps spans apart, documents never merge, output best first."""
    text = {"a": "One. Two. Three.", "b": "One. Two. Three."}
    spans = [("a", 0, 4, 0.3), ("a", 10, 16, 0.9), ("b", 5, 9, 0.6)]
    assert merge_spans(spans, text) == [("a", 10, 16, 0.9), ("b", 5, 9, 0.6), ("a", 0, 4, 0.3)]
    assert merge_spans([], {}) == []


@st.composite
def texts_and_spans(draw):
    texts = {d: draw(st.text(alphabet="ab .\n", min_size=1, max_size=40)) for d in ("x", "y")}
    spans = []
    for _ in range(draw(st.integers(1, 10))):
        d = draw(st.sampled_from(sorted(texts)))
        a = draw(st.integers(0, len(texts[d]) - 1))
        b = draw(st.integers(a + 1, len(texts[d])))
        spans.append((d, a, b, draw(st.floats(0, 1))))
    return texts, spans


@given(texts_and_spans())
@settings(max_examples=200, deadline=None)
def test_merge_spans_properties(case):
    """Property: merged spans of a document never overlap nor touch over whitespace, cover every input
    span, start and end where inputs do, carry the max score of what they cover, and come best first."""
    texts, spans = case
    merged = merge_spans(spans, texts)
    scores = [m[3] for m in merged]
    assert scores == sorted(scores, reverse=True)
    for d, text in texts.items():
        mine = sorted((a, b) for doc_id, a, b, _ in merged if doc_id == d)
        for (_, b1), (a2, _) in zip(mine, mine[1:]):
            assert b1 < a2 and text[b1:a2].strip()
    for d, a, b, s in spans:
        holders = [m for m in merged if m[0] == d and m[1] <= a and b <= m[2]]
        assert len(holders) == 1 and holders[0][3] >= s
    for d, ma, mb, ms in merged:
        covered = [s for doc_id, a, b, s in spans if doc_id == d and ma <= a and b <= mb]
        assert covered and ms == max(covered)
        assert any(doc_id == d and a == ma for doc_id, a, _, _ in spans)
        assert any(doc_id == d and b == mb for doc_id, _, b, _ in spans)


# --- quotes --------------------------------------------------------------------------------------


def test_make_quote_is_exact_with_page_and_context():
    """Protects a quote's record: exact text, its document fields, 1-based page from page_starts, context."""
    text = "Page one text here. " + "Page two starts. The answer is here. More text." + " Page three."
    d = doc(text, "pdf", page_starts=[0, 20, 67])
    a = text.index("The answer")
    q = make_quote(d, a, a + len("The answer is here."), 0.8)
    assert (q.doc_id, q.title, q.source, q.score) == ("pdf", "Title pdf", "pdf.txt", 0.8)
    assert q.text == "The answer is here." == text[q.start : q.end]
    assert q.page == 2
    assert (q.before, q.after) == context(text, q.start, q.end)
    assert q.span is None
    assert make_quote(d, 0, 4, 0.1).page == 1
    assert make_quote(d, 68, 72, 0.1).page == 3


def test_make_quote_without_pages_has_no_page():
    """Protects plain-text documents: page is None, not 1."""
    assert make_quote(doc("Plain text."), 0, 5, 0.5).page is None


def test_select_quotes_from_paged_document_reports_page():
    """Protects select_quotes: the page of a PDF quote comes from the document's page starts."""
    text = "First page sentence. Second page sentence. Third page sentence."
    d = doc(text, "p", page_starts=[0, 21, 43])
    sents = candidate_sentences([hit(d)], {"p": d})
    quotes = select_quotes(sents, np.array([0.1, 0.2, 0.9]), max_quotes=1, relative=0.5)
    assert [(q.text, q.page) for q in quotes] == [("Third page sentence.", 3)]


def test_select_quotes_are_exact_substrings_best_first():
    """Protects the headline guarantee: every quote is doc.text[start:end], ordered by score."""
    d1 = doc("Cats purr. Dogs bark loudly. Fish swim.", "1")
    d2 = doc("Birds sing at dawn.\nCows moo.", "2")
    docs = {"1": d1, "2": d2}
    sents = candidate_sentences([hit(d1), hit(d2, rank=2)], docs)
    probs = np.array([0.2, 0.9, 0.1, 0.6, 0.7])
    quotes = select_quotes(sents, probs, max_quotes=3, relative=0.5)
    assert [q.text for q in quotes] == ["Dogs bark loudly.", "Birds sing at dawn.\nCows moo."]
    assert [q.score for q in quotes] == [pytest.approx(0.9), pytest.approx(0.7)]
    for q in quotes:
        assert docs[q.doc_id].text[q.start : q.end] == q.text


def test_select_quotes_merges_adjacent_chosen_sentences():
    """Protects merging in select_quotes: neighbouring chosen sentences become one quote with the best score."""
    d = doc("Intro here. The dam was built in 1931. It cost ten million. Unrelated end.")
    sents = candidate_sentences([hit(d)], {"d": d})
    quotes = select_quotes(sents, np.array([0.05, 0.8, 0.6, 0.1]), max_quotes=3, relative=0.5)
    assert len(quotes) == 1
    assert quotes[0].text == "The dam was built in 1931. It cost ten million."
    assert quotes[0].score == pytest.approx(0.8)
    assert d.text[quotes[0].start : quotes[0].end] == quotes[0].text


def test_select_quotes_relative_cutoff():
    """Protects `relative`: sentences under relative * best are dropped, those at or above it kept."""
    ds = [doc(f"Sentence number {i}.", str(i)) for i in range(4)]
    sents = [Sentence(d, 0, len(d.text), hit(d)) for d in ds]
    probs = np.array([0.8, 0.4, 0.39, 0.7])
    quotes = select_quotes(sents, probs, max_quotes=4, relative=0.5)
    assert [q.doc_id for q in quotes] == ["0", "3", "1"]
    assert all(q.score >= 0.5 * 0.8 for q in quotes)
    assert [q.doc_id for q in select_quotes(sents, probs, max_quotes=4, relative=1.0)] == ["0"]
    assert len(select_quotes(sents, probs, max_quotes=4, relative=0.0)) == 4


def test_select_quotes_respects_max_quotes():
    """Protects `max_quotes`: never more quotes than asked, and the best ones."""
    ds = [doc(f"Fact {i} is true.", str(i)) for i in range(6)]
    sents = [Sentence(d, 0, len(d.text), hit(d)) for d in ds]
    probs = np.array([0.5, 0.9, 0.6, 0.8, 0.7, 0.95])
    quotes = select_quotes(sents, probs, max_quotes=2, relative=0.1)
    assert [q.doc_id for q in quotes] == ["5", "1"]
    assert [q.doc_id for q in select_quotes(sents, probs, max_quotes=1, relative=0.1)] == ["5"]


def test_select_quotes_drops_repeated_text_keeping_the_better():
    """Protects 'no repeated quotes': the same words (case and spacing aside) in two documents give one quote."""
    d1 = doc("The river floods in spring. Other.", "1")
    d2 = doc("THE  river floods\nin spring. Else.", "2")
    s1 = sentence(d1, "The river floods in spring.")
    s2 = sentence(d2, "THE  river floods\nin spring.")
    quotes = select_quotes([s1, s2], np.array([0.6, 0.9]), max_quotes=3, relative=0.5)
    assert [(q.doc_id, q.text) for q in quotes] == [("2", "THE  river floods\nin spring.")]


def test_select_quotes_of_nothing_is_empty():
    """Protects the empty case: no candidate sentences, no quotes."""
    assert select_quotes([], np.zeros(0), max_quotes=3, relative=0.5) == []


CORPUS = {
    "1": doc("The river floods in spring. Farmers plant rice after it. The delta is wide.\n\nBoats carry grain.", "1"),
    "2": doc("Rice needs water. The river floods in spring. Mills grind the grain. Markets open at dawn.", "2"),
    "3": doc("The delta is wide. Birds nest in reeds. Fishermen leave early!", "3", page_starts=[0, 19, 40]),
}
SENTENCES = candidate_sentences([hit(CORPUS[k], rank=i + 1) for i, k in enumerate(CORPUS)], CORPUS)


@given(st.lists(st.floats(0, 1), min_size=len(SENTENCES), max_size=len(SENTENCES)), st.integers(1, 5), st.floats(0, 1))
@settings(max_examples=200, deadline=None)
def test_select_quotes_properties(probs, max_quotes, relative):
    """Property: quotes are exact whole-sentence substrings, at most max_quotes, best first, the top one
    scoring the best sentence, none under relative * best, no repeated text, no overlap in a document."""
    probs = np.array(probs)
    quotes = select_quotes(SENTENCES, probs, max_quotes, relative)
    assert 1 <= len(quotes) <= max_quotes
    assert quotes[0].score == pytest.approx(float(probs.max()))
    scores = [q.score for q in quotes]
    assert scores == sorted(scores, reverse=True)
    assert all(s >= relative * probs.max() for s in scores)
    assert len({norm(q.text) for q in quotes}) == len(quotes)
    for q in quotes:
        d = CORPUS[q.doc_id]
        assert d.text[q.start : q.end] == q.text
        assert d.text[q.start - len(q.before) : q.start] == q.before
        assert d.text[q.end : q.end + len(q.after)] == q.after
        assert q.page == d.page_at(q.start)
        assert any(s.doc.id == q.doc_id and s.start == q.start for s in SENTENCES)
        assert any(s.doc.id == q.doc_id and s.end == q.end for s in SENTENCES)
    for i, p in enumerate(quotes):
        for q in quotes[i + 1 :]:
            assert p.doc_id != q.doc_id or p.end <= q.start or q.end <= p.start
