"""The answer-stage fit's maths: what the confidence learns, the logistic fit, and the abstention threshold."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from eval.fit_answers import LABELS, confidence_target, fit_logistic, highest_threshold
from rag.settings import FITTED_PATH


def test_the_confidence_learns_answerability_or_rightness():
    """Protects the confidence's label: answerable questions are positive for "answerable" even when the reader's
    quote is wrong; for "right" only a right quote is; unanswerable kinds are never positive."""
    assert confidence_target("answerable", False, "answerable")
    assert confidence_target("answerable", True, "right")
    assert not confidence_target("answerable", False, "right")
    for kind in ("adversarial", "out_of_corpus"):
        for label in LABELS:
            assert not confidence_target(kind, False, label)


def test_the_shipped_confidence_says_what_it_predicts():
    """Protects the shipped fit's meaning: fitted.json names the label its confidence was fit on."""
    assert json.loads(FITTED_PATH.read_text(encoding="utf-8"))["confidence_label"] in LABELS


def test_logistic_fit_separates_and_calibrates():
    """Protects fit_logistic: on data drawn from a known logistic model, it recovers the weights' direction and the
    mean predicted probability matches the share of positives (calibration in the large)."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4000, 2))
    y = (rng.random(4000) < 1 / (1 + np.exp(-(2.0 * x[:, 0] - 1.0 * x[:, 1] + 0.5)))).astype(float)
    w, b = fit_logistic(x, y, l2=1e-3)
    assert w[0] > 1.5 and w[1] < -0.7 and 0.2 < b < 0.8
    p = 1 / (1 + np.exp(-(x @ w + b)))
    assert abs(p.mean() - y.mean()) < 1e-3


def scored_rows(probs: list[float], unanswerable: list[float]) -> list[tuple]:
    rows = [("answerable", None, p, True, "", "") for p in probs]
    return rows + [("out_of_corpus", None, p, False, "", "") for p in unanswerable]


@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=60),
    st.lists(st.floats(0.0, 1.0), max_size=30),
    st.floats(0.05, 1.0),
)
@settings(max_examples=200, deadline=None)
def test_highest_threshold_answers_the_share_asked(probs, unanswerable, share):
    """Protects the abstention threshold: at least `share` of the answerable questions reach it, and it is no lower
    than need be (a threshold 1e-4 above would drop below that share, unless rounding keeps it)."""
    t = highest_threshold(scored_rows(probs, unanswerable), share)
    answered = np.mean([p >= t for p in probs])
    assert answered >= share - 1e-12
    above = np.mean([p >= t + 2e-4 for p in probs])
    assert above < share or t >= max(probs) - 2e-4
