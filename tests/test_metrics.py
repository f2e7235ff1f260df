"""Tests for rag.evaluation.metrics: hand-computed cases for the SQuAD answer rules and the IR metrics."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rag.evaluation.metrics import (
    AbstentionCounts,
    abstention_scores,
    contains_answer,
    count_abstentions,
    exact_match,
    f1_score,
    mrr_at_k,
    ndcg_at_k,
    normalize_answer,
    percentile,
    recall_at_k,
    token_f1,
)

# ---------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The  Quick, brown fox!", "quick brown fox"),
        ("An apple a day", "apple day"),
        ("theatre another", "theatre another"),  # articles only as whole words
        ("  U.S.A.  ", "usa"),
        ("Nov. 24, 2019", "nov 24 2019"),
        ("the", ""),
        ("", ""),
        ("Tab\tand\nnewline", "tab and newline"),
    ],
)
def test_normalize_answer(raw: str, expected: str) -> None:
    assert normalize_answer(raw) == expected


# ---------------------------------------------------------------- exact match


def test_exact_match_takes_the_best_gold() -> None:
    golds = ["Denver Broncos", "the Broncos"]
    assert exact_match("broncos", golds) == 1.0
    assert exact_match("The Denver Broncos.", golds) == 1.0
    assert exact_match("Denver", golds) == 0.0


def test_exact_match_unanswerable_needs_abstention() -> None:
    assert exact_match("", []) == 1.0
    assert exact_match("  the ", []) == 1.0  # normalizes to ""
    assert exact_match("Paris", []) == 0.0


def test_golds_that_normalize_to_nothing_count_as_no_gold() -> None:
    # The official v2.0 script drops such golds; the question becomes unanswerable.
    assert exact_match("", ["the", "!"]) == 1.0
    assert f1_score("", ["a"]) == 1.0
    assert exact_match("x", ["the"]) == 0.0


# ---------------------------------------------------------------- F1


def test_f1_by_hand() -> None:
    # pred {cat, sat}, gold {cat, sat, on, mat}: overlap 2, P = 2/2, R = 2/4, F1 = 2/3.
    assert f1_score("the cat sat", ["cat sat on mat"]) == pytest.approx(2 / 3)


def test_f1_counts_repeated_tokens_as_a_multiset() -> None:
    # pred [x, x, y], gold [x, y, z]: overlap min(2, 1) + 1 = 2, P = 2/3, R = 2/3.
    assert token_f1(["x", "x", "y"], ["x", "y", "z"]) == pytest.approx(2 / 3)


def test_f1_max_over_golds_and_no_overlap() -> None:
    assert f1_score("Denver Broncos", ["Broncos", "Denver Broncos"]) == 1.0
    # vs "Broncos": P = 1/2, R = 1, F1 = 2/3; vs "Carolina Panthers": 0.
    assert f1_score("Denver Broncos", ["Broncos", "Carolina Panthers"]) == pytest.approx(2 / 3)
    assert f1_score("Panthers", ["Broncos"]) == 0.0


def test_f1_empty_rules() -> None:
    assert f1_score("", []) == 1.0
    assert f1_score("something", []) == 0.0
    assert f1_score("", ["Broncos"]) == 0.0
    assert f1_score("the", ["Broncos"]) == 0.0  # prediction normalizes to no tokens
    assert token_f1([], []) == 1.0
    assert token_f1([], ["a"]) == 0.0
    assert token_f1(["a"], []) == 0.0


# ---------------------------------------------------------------- contains_answer


def test_contains_answer_on_token_boundaries() -> None:
    text = "The Denver Broncos defeated the Carolina Panthers, 24-10."
    assert contains_answer(text, ["Denver Broncos"])
    assert contains_answer(text, ["nothing", "the carolina panthers"])
    assert contains_answer(text, ["2410"])  # punctuation dropped on both sides
    assert not contains_answer(text, ["Bronco"])  # not a whole token
    assert not contains_answer(text, ["enver"])
    assert not contains_answer(text, [])
    assert not contains_answer(text, ["the"])  # normalizes to nothing: never contained


# ---------------------------------------------------------------- recall / MRR


def test_recall_dedupes_ranking_before_cutting() -> None:
    ranked = ["a", "a", "b", "c"]
    # distinct top-2 = a, b: one of the two relevant ids.
    assert recall_at_k(ranked, {"b", "c"}, 2) == 0.5
    assert recall_at_k(ranked, {"b", "c"}, 3) == 1.0
    assert recall_at_k(ranked, {"b", "c"}, 1) == 0.0
    assert recall_at_k(ranked, {"b": 1, "c": 0}, 2) == 1.0  # grade 0 ignored
    assert recall_at_k(ranked, set(), 10) == 0.0
    assert recall_at_k(ranked, {"x": 0}, 10) == 0.0


def test_mrr_by_hand() -> None:
    ranked = ["a", "a", "b", "c"]
    assert mrr_at_k(ranked, {"c"}, 10) == pytest.approx(1 / 3)  # distinct ranks a=1, b=2, c=3
    assert mrr_at_k(ranked, {"c"}, 2) == 0.0
    assert mrr_at_k(ranked, {"a", "c"}, 10) == 1.0
    assert mrr_at_k(ranked, {"b": 2}, 10) == 0.5
    assert mrr_at_k(ranked, {"b": 0}, 10) == 0.0
    assert mrr_at_k([], {"a"}, 10) == 0.0


def test_k_must_not_be_negative() -> None:
    with pytest.raises(ValueError):
        recall_at_k(["a"], {"a"}, -1)


# ---------------------------------------------------------------- nDCG


def test_ndcg_graded_by_hand() -> None:
    ranked = ["a", "b", "a", "c", "d"]
    relevant = {"a": 1, "c": 2, "e": 3, "b": 0}
    # distinct top-3: a, b, c -> DCG = 1/log2(2) + 0/log2(3) + 2/log2(4) = 1 + 0 + 1 = 2
    # ideal grades 3, 2, 1 -> IDCG = 3/1 + 2/log2(3) + 1/2 = 4.761859...
    assert ndcg_at_k(ranked, relevant, 3) == pytest.approx(0.4200, abs=5e-5)
    assert round(ndcg_at_k(ranked, relevant, 3), 4) == 0.4200


def test_ndcg_uses_linear_gain_like_trec_eval() -> None:
    # [b(1), a(2)] vs ideal [a(2), b(1)]:
    # DCG = 1 + 2/log2(3) = 2.2619, IDCG = 2 + 1/log2(3) = 2.6309.
    # With exponential gain (2^rel - 1) it would be (1 + 3/log2 3) / (3 + 1/log2 3) = 0.7967.
    assert round(ndcg_at_k(["b", "a"], {"a": 2, "b": 1}, 10), 4) == 0.8597


def test_ndcg_ideal_is_cut_at_k_and_edges() -> None:
    # One relevant found at rank 1 of k=1, but two relevant exist: IDCG@1 = 1, so nDCG@1 = 1.
    assert ndcg_at_k(["a", "x"], {"a", "b"}, 1) == 1.0
    # k=2: DCG = 1, IDCG = 1 + 1/log2(3) = 1.6309 -> 0.6131.
    assert round(ndcg_at_k(["a", "x"], {"a", "b"}, 2), 4) == 0.6131
    assert ndcg_at_k(["a", "b"], {"a", "b"}, 10) == 1.0
    assert ndcg_at_k(["a"], {}, 10) == 0.0
    assert ndcg_at_k(["x"], {"a": 1}, 10) == 0.0


# ---------------------------------------------------------------- percentile


@pytest.mark.parametrize("q", [0, 1, 25, 50, 62.5, 90, 95, 99, 100])
def test_percentile_matches_numpy(q: float) -> None:
    values = [12.0, 3.5, 7.25, 100.0, 0.0, 41.0, 3.5, 8.0]
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_by_hand_and_edges() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 90) == pytest.approx(3.7)
    assert percentile([5.0], 99) == 5.0
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1.0], 101)


# ---------------------------------------------------------------- abstention


def test_abstention_scores_by_hand() -> None:
    answerable = [True, True, False, False, False]
    abstained = [True, False, True, True, False]
    s = abstention_scores(answerable, abstained)
    # abstained 3 times, 2 on unanswerable questions; 3 unanswerable questions in all.
    assert s["precision"] == pytest.approx(2 / 3)
    assert s["recall"] == pytest.approx(2 / 3)
    assert (s["abstentions"], s["correct_abstentions"], s["wrong_abstentions"]) == (3, 2, 1)
    assert (s["questions"], s["unanswerable"]) == (5, 3)


def test_abstention_conventions() -> None:
    # Nothing to abstain on and no abstention: perfect.
    assert count_abstentions([True, True], [False, False]) == AbstentionCounts(2, 0, 0, 0)
    s = abstention_scores([True, True], [False, False])
    assert (s["precision"], s["recall"]) == (1.0, 1.0)
    # Never abstained although it should have: precision 0, recall 0.
    s = abstention_scores([True, False], [False, False])
    assert (s["precision"], s["recall"]) == (0.0, 0.0)
    # Abstained only on answerable questions, none unanswerable: precision 0, recall 1.
    s = abstention_scores([True, True], [True, False])
    assert (s["precision"], s["recall"]) == (0.0, 1.0)
    s = abstention_scores([], [])
    assert (s["precision"], s["recall"]) == (1.0, 1.0)


def test_abstention_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="length"):
        abstention_scores([True], [])
