"""The Index API's arguments: one string is one path or one id, and every count, text and threshold
is checked the same way, with a ValueError saying what is allowed."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.checks import as_ids, as_paths, check_k, check_threshold
from rag.errors import BadInput
from rag.index import Index

FILES = {
    "alpha.txt": "Alpha notes\nThe lighthouse keeper painted the tower bright red every spring.",
    "beta.txt": "Beta notes\nOur quarterly budget meeting moved to the Zanzibar office.",
}
BAD_K = [0, -1, "3", True, False, 2.0, 2.5, None, math.nan, [3]]
BAD_THRESHOLD = [math.nan, math.inf, -math.inf, -0.01, 1.01, "0.5", True, [0.5]]


@pytest.fixture
def index(tmp_path, embedder, write_files):
    folder = write_files(tmp_path / "docs", FILES)
    index = Index.open(tmp_path / "ix", embedder=embedder)
    index.add([folder])
    return index


def test_one_string_is_one_path_and_one_id(index, tmp_path, write_files):
    """Protects `add("/abs/path")` and `remove("id")` (issue 15.9): a lone str or Path is one path
    (not its characters, which made add walk the whole filesystem) and a lone str is one id."""
    extra = write_files(tmp_path / "more", {"gamma.txt": "Gamma notes\nThe orchestra rehearsed Sibelius."})
    report = index.add(str(extra / "gamma.txt"))
    assert len(report.added) == 1 and report.skipped == []
    assert index.add(extra / "gamma.txt").chunks_embedded == 0
    report = index.remove("alpha.txt")
    assert report.removed == ["alpha.txt"] and report.skipped == []
    assert "alpha.txt" not in {d.id for d in index.documents()}


@pytest.mark.parametrize("paths", [b"/tmp", 42, None, [Path("x"), 3], [""]])
def test_paths_that_are_not_paths_are_refused(index, paths):
    """Protects `add` from bytes, numbers, None or an empty path (which would index the working folder)."""
    with pytest.raises(ValueError, match="path"):
        index.add(paths)


def test_ids_that_are_not_strings_are_refused(index):
    """Protects `remove` from ids of other types: refused before anything is removed."""
    with pytest.raises(ValueError, match="document id must be a str"):
        index.remove(["beta.txt", 7])
    assert len(index) == 2


@pytest.mark.parametrize("k", BAD_K)
def test_k_is_checked_the_same_way_everywhere(index, k):
    """Protects `k` (issue 15.9): search, search_many, ask and ask_many all refuse 0, negatives, a
    str, a bool or a float with a ValueError saying k must be a whole number of at least 1 (ask
    takes None as "the index's setting")."""
    calls = [
        lambda: index.search("lighthouse", k=k),
        lambda: index.search_many(["lighthouse"], k=k),
        lambda: index.ask("Who painted the tower?", k=k),
        lambda: index.ask_many(["Who painted the tower?"], k=k),
    ]
    for i, call in enumerate(calls):
        if k is None and i >= 2:
            continue
        with pytest.raises(ValueError, match=r"k must be (at least 1|a whole number of passages, at least 1)"):
            call()


@pytest.mark.parametrize("threshold", BAD_THRESHOLD)
def test_threshold_must_be_a_finite_number_from_0_to_1(index, threshold):
    """Protects abstention (issue 15.9): nan (which always abstained), infinities, values outside
    [0, 1], strings and bools are refused by ask and ask_many."""
    for call in (index.ask, lambda q, **kw: index.ask_many([q], **kw)[0]):
        with pytest.raises(ValueError, match="threshold must be"):
            call("Who painted the tower?", threshold=threshold)


def test_queries_and_questions_must_be_strings(index):
    """Protects `query=None` and friends: a clear ValueError instead of a raw TypeError; a lone str
    given as a list of questions is refused (it would be a list of characters); an empty question
    is a usage error, while an empty search simply finds nothing."""
    for call, what in [
        (lambda: index.search(None), "query must be a str"),
        (lambda: index.search_many([None]), "query must be a str"),
        (lambda: index.search_many("lighthouse"), "queries must be a list of str"),
        (lambda: index.ask(None), "question must be a str"),
        (lambda: index.ask_many("why?"), "questions must be a list of str"),
        (lambda: index.ask("  "), "question is empty"),
    ]:
        with pytest.raises(ValueError, match=what):
            call()
    assert index.search("", k=3) == []
    assert index.ask_many([]) == []


def test_valid_arguments_still_work(index):
    """Protects the happy path through the checks: plain ints, the bounds 0 and 1, None defaults."""
    assert index.search("lighthouse keeper", k=1)[0].doc_id == "alpha.txt"
    assert [len(h) for h in index.search_many(["lighthouse", "budget"], k=2, mode="bm25")] == [1, 1]
    assert index.ask("Who painted the tower red?", k=2, threshold=1.0).found is False
    assert index.ask("Who painted the tower red?", threshold=0).threshold == 0


@given(st.text(min_size=1))
def test_as_paths_and_as_ids_take_one_string_as_one(text):
    """Protects one str meaning one path or id, whatever characters it holds."""
    assert as_ids(text) == [text]
    if "\x00" not in text:
        assert as_paths(text) == [Path(text)]


@given(st.lists(st.text(min_size=1), max_size=5))
def test_as_ids_keeps_a_list_as_it_is(ids):
    """Protects lists and tuples of ids: taken as they are, in order."""
    assert as_ids(ids) == ids and as_ids(tuple(ids)) == ids


@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.booleans(), st.text(max_size=3), st.none()))
def test_check_k_accepts_exactly_the_ints_from_1(k):
    """Protects the one rule for k: an int (not a bool) of at least 1, nothing else."""
    ok = isinstance(k, int) and not isinstance(k, bool) and k >= 1
    if ok:
        assert check_k(k) == k
    else:
        with pytest.raises(BadInput):
            check_k(k)


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 3), st.booleans(), st.none()))
def test_check_threshold_accepts_exactly_finite_numbers_from_0_to_1(t):
    """Protects the one rule for thresholds: None, or a finite number (not a bool) from 0 to 1."""
    ok = t is None or (not isinstance(t, bool) and math.isfinite(t) and 0 <= t <= 1)
    if ok:
        assert check_threshold(t) == (None if t is None else float(t))
    else:
        with pytest.raises(BadInput):
            check_threshold(t)
