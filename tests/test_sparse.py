"""BM25: the shared text/query tokenizer, empty and stop-word queries, rare terms, and save/load."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.index import Index
from rag.retrieve.sparse import SparseIndex, top_n
from rag.retrieve.tokenize import name_parts, tokenize

WORDS = [
    "harbour",
    "trawler",
    "fish",
    "fishing",
    "party",
    "parties",
    "Beijing",
    "delegation",
    "visit",
    "the",
    "rain",
    "Komeito",
    "tokyo",
    "ban",
    "seafood",
    "2019",
    "of",
]
texts_strategy = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join), min_size=1, max_size=25
)


def test_tokenize_drops_stop_words_and_stems():
    """Protects the BM25 analyzer: lowercase, English stop words removed, Snowball stems."""
    assert tokenize("The running dogs") == ["run", "dog"]
    assert tokenize("the of and") == []
    assert tokenize("") == []
    assert tokenize("Exchanges, EXCHANGED; exchanging!") == ["exchang"] * 3
    assert tokenize("Café naïve 2019 G20") == ["café", "naïv", "2019", "g20"]


def test_tokenize_is_the_same_for_text_and_queries():
    """Protects query/text symmetry: a query word finds the chunk that holds its other inflection."""
    sparse = SparseIndex.from_texts(
        ["The delegations visited Tokyo.", "Seafood imports were banned."], np.array([4, 9])
    )
    got, scores = sparse.search("delegation visit", 5)
    assert got.tolist() == [4] and scores[0] > 0


def test_code_names_are_also_read_as_their_words():
    """Protects finding a setting asked about in words: a snake_case or camelCase name is indexed whole and then
    as its words, so "preferred URL scheme" and "read file sync" find PREFERRED_URL_SCHEME and readFileSync."""
    assert name_parts("PREFERRED_URL_SCHEME") == ["preferred", "url", "scheme"]
    assert name_parts("readFileSync") == ["read", "file", "sync"]
    assert name_parts("x_axis") == ["axis"]
    assert tokenize("shared_buffers") == ["shared_buff", "share", "buffer"]
    assert tokenize("is_file") == ["is_fil", "file"]  # the stop word "is" is no part either
    assert tokenize("shared_buffers", parts=False) == ["shared_buff"]
    texts = [
        "PREFERRED_URL_SCHEME: use this scheme for generating external URLs when not in a request context.",
        "The URL map holds the rules; each scheme of routing is described in the routing chapter.",
        "fs.readFileSync(path) returns the contents of the path.",
        "Reading a file is done by a stream; sync your writes before you close it.",
    ]
    sparse = SparseIndex.from_texts(texts, np.arange(4))
    assert sparse.search("preferred URL scheme", 4)[0][0] == 0
    assert sparse.search("read file sync", 4)[0][0] == 2
    assert sparse.search("PREFERRED_URL_SCHEME", 4)[0][0] == 0


def test_prose_names_and_words_are_not_split():
    """Protects prose: plain words, capitalised names ("MacArthur", "JavaScript"), runs of capitals ("TNFalpha",
    "HTTPServer") and one-letter breaks ("mRNA") stay one token, as they always were."""
    for word in ("harbour", "MacArthur", "JavaScript", "TNFalpha", "HTTPServer", "mRNA", "siRNA", "U.S."):
        assert tokenize(word) == tokenize(word, parts=False), word
    assert name_parts("MacArthur") == name_parts("mRNA") == name_parts("fish") == []


def test_rare_exact_term_ranks_its_chunk_first():
    """Protects exact-term recall: a rare word (a name) puts the one chunk holding it first."""
    texts = [f"Common words about the weather and the sea, part {i}." for i in range(30)]
    texts[17] = "Common words about the weather and Komeito, the party."
    sparse = SparseIndex.from_texts(texts, np.arange(100, 130))
    got, scores = sparse.search("weather Komeito", 10)
    assert got[0] == 117
    assert list(scores) == sorted(scores, reverse=True)
    assert np.all(scores > 0)


def test_sparse_empty_queries_and_empty_index_return_nothing():
    """Protects no-error behaviour: empty, all-stop-word and unknown-word queries, and an empty
    index, all give zero hits."""
    sparse = SparseIndex.from_texts(["Dogs bark loudly.", "Cats sleep."], np.array([0, 1]))
    for q in ["", "   ", "the of and", "xylophone", "?!"]:
        got, scores = sparse.search(q, 5)
        assert got.size == 0 and scores.size == 0, q
    empty = SparseIndex.from_texts([], np.zeros(0, np.int64))
    assert empty.search("dogs", 5)[0].size == 0


def test_sparse_save_load_round_trip(tmp_path):
    """Protects BM25 persistence: the loaded index gives the same ids and scores."""
    sparse = SparseIndex.from_texts(
        ["Dogs bark loudly.", "Cats sleep all day.", "Dogs and cats."], np.array([3, 5, 8]), k1=1.5, b=0.5
    )
    sparse.save(tmp_path / "bm25")
    loaded = SparseIndex.load(tmp_path / "bm25", 1.5, 0.5)
    for q in ["dogs", "cats sleep", "the"]:
        a, b = sparse.search(q, 5), loaded.search(q, 5)
        assert a[0].tolist() == b[0].tolist()
        np.testing.assert_allclose(a[1], b[1])


def test_top_n_keeps_positive_scores_best_first_ties_by_position():
    """Protects candidate selection: only positive scores, best first, equal scores by row."""
    scores = np.array([0.0, 2.0, 1.0, 2.0, -1.0, 3.0])
    assert top_n(scores, 10).tolist() == [5, 1, 3, 2]
    assert top_n(scores, 2).tolist() == [5, 1]


def test_index_bm25_mode_empty_and_stop_word_queries_give_no_hits(seeds_index):
    """Protects `Index.search(mode="bm25")` on queries with no searchable word: no hits, no error."""
    index = seeds_index[0]
    for q in ["", "   ", "the of and", "What is it?"]:
        assert index.search(q, k=5, mode="bm25") == [], q


def test_index_hybrid_stop_word_query_gives_only_dense_hits(seeds_index):
    """Protects hybrid search when BM25 has nothing: the dense hits alone, each marked as dense only;
    an empty query gives nothing at all."""
    index = seeds_index[0]
    hits = index.search("the of and", k=3, mode="hybrid")
    assert len(hits) == 3
    dense = index.search("the of and", k=3, mode="dense")
    assert [h.chunk_id for h in hits] == [h.chunk_id for h in dense]
    for rank, h in enumerate(hits, start=1):
        assert set(h.retrievers) == {"dense"}
        assert h.retrievers["dense"].rank == rank
        assert h.retrievers["dense"].score == pytest.approx(dense[rank - 1].score, rel=1e-5)
    assert index.search("", k=3, mode="hybrid") == []
    assert index.search("  \n ", k=3, mode="dense") == []


def test_index_rare_term_ranks_its_chunk_first(seeds_index):
    """Protects exact-term retrieval on the real index: a name found in one passage ranks it first."""
    index = seeds_index[0]
    hits = index.search("Komeito", k=3, mode="bm25")
    assert hits and "Komeito" in hits[0].text
    assert all("Komeito" not in h.text for h in hits[1:]) or hits[0].score > hits[1].score


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_index_of_only_stop_words_or_symbols_does_not_fail(tmp_path, embedder, write_files):
    """Protects indexing a corpus whose text has no BM25 token (only stop words or emoji): it must
    index (dense search still works) instead of failing the whole `add`."""
    folder = write_files(tmp_path / "docs", {"a.txt": "the of and\n", "b.txt": "🎉 🎉 🎉\n"})
    index = Index.open(tmp_path / "index", embedder=embedder)
    report = index.add([folder])
    assert sorted(report.added) == ["a.txt", "b.txt"]
    assert index.search("party", k=2, mode="bm25") == []
    assert len(index.search("party", k=2, mode="dense")) == 2


def bm25s_scores(texts: list[str], query: str, k1: float, b: float) -> np.ndarray:
    """The same scores from bm25s (the library our postings replicate), for reference."""
    import bm25s

    model = bm25s.BM25(k1=k1, b=b)
    model.index([tokenize(t) for t in texts], show_progress=False)
    terms = [t for t in tokenize(query) if t in model.vocab_dict]
    return model.get_scores(terms) if terms else np.zeros(len(texts))


@settings(max_examples=60, deadline=None)
@given(
    texts=texts_strategy,
    query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join),
    k1=st.sampled_from([0.9, 1.2, 1.5]),
    b=st.sampled_from([0.0, 0.4, 0.75, 1.0]),
)
def test_scores_equal_bm25s_lucene(texts, query, k1, b):
    """Protects ranking quality and the fitted fusion weights: our vectorized postings score every
    chunk exactly as bm25s' Lucene BM25 did (the scores tuning and fitting were done with)."""
    if not any(tokenize(t) for t in texts):
        return
    ours = SparseIndex.from_texts(texts, np.arange(len(texts)), k1, b)
    ids, scores = ours.search(query, len(texts))
    expected = bm25s_scores(texts, query, k1, b)
    want = np.flatnonzero(expected > 0)
    assert sorted(ids.tolist()) == sorted(want.tolist())
    np.testing.assert_allclose(scores, expected[ids], rtol=1e-5)


@settings(max_examples=40, deadline=None)
@given(first=texts_strategy, second=texts_strategy, data=st.data())
def test_adding_and_removing_rows_equals_building_afresh(first, second, data):
    """Protects incremental indexing: rows added in batches and removed afterwards give the same
    postings, search results and idf as one index built from the surviving texts."""
    texts = first + second
    keep = np.array(data.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts))), dtype=bool)
    grown = SparseIndex()
    grown.add(first, np.arange(len(first)))
    snapshot = grown.copy()
    snapshot.build()
    grown.add(second, np.arange(len(first), len(texts)))
    grown.keep(keep)
    grown.build()
    fresh = SparseIndex.from_texts([t for t, k in zip(texts, keep) if k], np.flatnonzero(keep))
    assert grown.ids.tolist() == fresh.ids.tolist()
    for q in ["fish harbour", "party Komeito", "rain"]:
        a, b = grown.search(q, 50), fresh.search(q, 50)
        assert a[0].tolist() == b[0].tolist()
        np.testing.assert_allclose(a[1], b[1], rtol=1e-6)
    np.testing.assert_allclose(grown.idf(["fish", "parti", "unseen"]), fresh.idf(["fish", "parti", "unseen"]))
    # the snapshot taken before the second batch still answers from the first batch alone
    assert set(snapshot.search("fish harbour rain", 100)[0].tolist()) <= set(range(len(first)))


def test_changed_index_refuses_to_search_until_built():
    """Protects against silently stale results: rows added after the postings were built."""
    sparse = SparseIndex.from_texts(["Dogs bark."], np.array([0]))
    sparse.add(["Cats sleep."], np.array([1]))
    with pytest.raises(RuntimeError, match="build"):
        sparse.search("cats", 5)
    sparse.build()
    assert sparse.search("cats", 5)[0].tolist() == [1]


def test_loads_as_none_from_an_older_format_folder(tmp_path):
    """Protects opening indexes saved by an earlier rag (bm25s files): load says so with None and
    Index._load tokenizes again instead of failing."""
    (tmp_path / "bm25").mkdir()
    np.save(tmp_path / "bm25" / "ids.npy", np.arange(3))
    assert SparseIndex.load(tmp_path / "bm25", 1.2, 0.75) is None


def test_loads_as_none_when_tokenized_by_another_tokenizer(tmp_path):
    """Protects indexes saved before the tokenizer changed: their token ids are not mixed with today's, load
    says None and the index tokenizes its texts again."""
    sparse = SparseIndex.from_texts(["harbour trawler", "party delegation"], np.arange(2))
    sparse.save(tmp_path / "bm25")
    assert SparseIndex.load(tmp_path / "bm25", 1.2, 0.75) is not None
    (tmp_path / "bm25" / "tokenizer.json").unlink()  # as a rag before tokenizer versions saved it
    assert SparseIndex.load(tmp_path / "bm25", 1.2, 0.75) is None


def test_loaded_postings_are_read_from_the_file_even_after_it_is_deleted(tmp_path):
    """Protects searches on an index whose generation a newer save has removed: the loaded postings
    are read by file handle, and slices match the saved arrays exactly."""
    import shutil

    from rag.retrieve.sparse import FileColumn

    texts = [f"harbour trawler number {i} fish" if i % 3 else f"party delegation {i}" for i in range(50)]
    sparse = SparseIndex.from_texts(texts, np.arange(50))
    sparse.save(tmp_path / "bm25")
    loaded = SparseIndex.load(tmp_path / "bm25", 1.2, 0.75)
    assert isinstance(loaded.rows, FileColumn)
    np.testing.assert_array_equal(loaded.rows[3:40], sparse.rows[3:40])
    np.testing.assert_array_equal(np.asarray(loaded.weights), sparse.weights)
    assert loaded.rows[10:10].size == 0
    before = loaded.search("trawler party", 10)
    shutil.rmtree(tmp_path / "bm25")
    after = loaded.search("trawler party", 10)
    assert before[0].tolist() == after[0].tolist()
    np.testing.assert_allclose(before[1], after[1])
