"""The Index with the real embedder: ranking on the seeds corpus, the shape of hits, argument
checks, incremental (re)indexing of small folders, and reopening from disk."""

from __future__ import annotations

import pytest

from rag.embed.model import load_tokenizer
from rag.index import Index
from rag.ingest.chunks import chunk_document
from rag.ingest.readers import read_document
from rag.settings import SearchSettings

MODES = ("hybrid", "bm25", "dense")


# ------------------------------------------------------------------ seeds corpus


def test_seeds_corpus_is_indexed(seeds_index):
    """Protects the first build: both seed files are added, nothing skipped, every chunk embedded."""
    index, _, _, report = seeds_index
    assert sorted(report.added) == ["000_e8739d526ffc8ecb.txt", "003_73a7ca4ae6137f01.txt"]
    assert report.skipped == [] and report.updated == [] and report.unchanged == []
    stats = index.stats()
    assert stats.documents == 2 and stats.chunks == report.chunks_embedded > 2
    assert stats.dimension == 384 and stats.embedder == "sentence-transformers/all-MiniLM-L6-v2"


def test_gold_document_ranks_first_for_every_answerable_dev_question(seeds_index, seeds_dev, record_property):
    """Protects retrieval quality on the hand-written dev set: the gold document is the top hit
    in hybrid mode for every answerable question (bm25 and dense are recorded, and must not
    collapse)."""
    index = seeds_index[0]
    answerable = [q for q in seeds_dev if q["doc"]]
    assert answerable
    misses: dict[str, list[str]] = {m: [] for m in MODES}
    for q in answerable:
        for mode in MODES:
            hits = index.search(q["question"], k=3, mode=mode)
            if not hits or hits[0].doc_id != q["doc"]:
                misses[mode].append(q["id"])
    for mode in MODES:
        record_property(f"top1_{mode}", f"{len(answerable) - len(misses[mode])}/{len(answerable)}")
    assert misses["hybrid"] == [], misses
    for mode in ("bm25", "dense"):
        assert len(misses[mode]) <= len(answerable) // 5, misses


@pytest.mark.parametrize("mode", MODES)
def test_hits_carry_exact_offsets_titles_sources_and_ranks(seeds_index, mode):
    """Protects the Hit record: title and source of its document, `document.text[start:end] ==
    text`, ranks 1..k in order and scores descending."""
    index, corpus, _, _ = seeds_index
    hits = index.search("Chinese military delegation visit to Japan", k=4, mode=mode)
    assert len(hits) == 4
    assert [h.rank for h in hits] == [1, 2, 3, 4]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.chunk_id for h in hits}) == 4
    for h in hits:
        doc = index.document(h.doc_id)
        assert doc.text[h.start : h.end] == h.text and h.text.strip() == h.text and h.text
        assert h.title == doc.title and h.title
        assert h.source == doc.source == str((corpus / h.doc_id).absolute())
        assert h.page is None
    first = index.document("000_e8739d526ffc8ecb.txt")
    assert first.title == "Tokyo urges stable ties as Chinese military delegation pays rare trip to Japan"


def test_hybrid_hits_name_both_retrievers_with_their_own_ranks(seeds_index):
    """Protects `Hit.retrievers` in hybrid mode: 'bm25' and 'dense' entries with rank >= 1 that
    agree with the single-retriever rankings, and fused scores recomputed by hand from those
    rankings for both fusions (RRF k=60, and convex over min-max scaled scores)."""
    index = seeds_index[0]
    q = "Which Chinese foreign minister is expected to visit Japan next month?"
    n = index.stats().chunks
    alone = {m: {h.chunk_id: h for h in index.search(q, k=n, mode=m)} for m in ("bm25", "dense")}
    raw = {m: [h.score for h in alone[m].values()] for m in alone}
    span = {m: (min(v), max(v)) for m, v in raw.items()}

    def scaled(m: str, score: float) -> float:
        lo, hi = span[m]
        return 1.0 if hi - lo < 1e-12 else (score - lo) / (hi - lo)

    for fusion, weights in [
        ("rrf", {"bm25": 1.0, "dense": 1.0}),
        ("rrf", {"bm25": 2.0, "dense": 0.5}),
        ("convex", {"bm25": 0.6, "dense": 0.4}),
    ]:
        cfg = SearchSettings(fusion=fusion, rrf_k=60, weights=weights)
        hits, _ = index.search_timed(q, k=n, mode="hybrid", settings=cfg)
        assert len(hits) == n
        assert set(hits[0].retrievers) == {"bm25", "dense"}
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        total = sum(weights.values())
        for h in hits:
            assert "dense" in h.retrievers  # the corpus is smaller than the pool: dense ranks every chunk
            assert set(h.retrievers) == {m for m in alone if h.chunk_id in alone[m]}
            expected = 0.0
            for name, r in h.retrievers.items():
                assert r.rank >= 1
                assert r.rank == alone[name][h.chunk_id].rank
                assert r.score == pytest.approx(alone[name][h.chunk_id].score, rel=1e-5)
                if fusion == "rrf":
                    expected += weights[name] / (60 + r.rank)
                else:
                    expected += weights[name] / total * scaled(name, r.score)
            assert h.score == pytest.approx(expected, rel=1e-5, abs=1e-9), (fusion, h.chunk_id)


def test_default_hybrid_settings_are_used_by_search(seeds_index):
    """Protects `search` using the index's stored settings: it equals `search_timed` with them."""
    index = seeds_index[0]
    q = "Group of 20 summit"
    plain = index.search(q, k=4)
    timed, _ = index.search_timed(q, k=4, mode="hybrid", settings=index.settings)
    assert [h.model_dump() for h in plain] == [h.model_dump() for h in timed]


@pytest.mark.parametrize("mode", ["bm25", "dense"])
def test_single_mode_hits_name_only_their_retriever(seeds_index, mode):
    """Protects single-retriever modes: each hit's `retrievers` holds that retriever only, with the
    hit's own rank and score."""
    hits = seeds_index[0].search("seafood imports ban", k=3, mode=mode)
    assert hits
    for h in hits:
        assert set(h.retrievers) == {mode}
        assert h.retrievers[mode].rank == h.rank
        assert h.retrievers[mode].score == pytest.approx(h.score)


def test_convex_fusion_setting_gives_scores_in_unit_range(seeds_index):
    """Protects the convex fusion option end to end: fused scores lie in [0, 1], best first."""
    hits, timings = seeds_index[0].search_timed(
        "Group of 20 summit", k=5, mode="hybrid", settings=SearchSettings(fusion="convex")
    )
    assert hits and hits[0].doc_id == "003_73a7ca4ae6137f01.txt"
    assert all(0.0 <= h.score <= 1.0 + 1e-9 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert {"bm25", "embed", "faiss", "fusion"} <= set(timings)


def test_invalid_mode_and_k_raise_helpful_value_errors(seeds_index):
    """Protects argument checking: an unknown mode names the valid ones; k < 1 says k must be >= 1."""
    index = seeds_index[0]
    with pytest.raises(ValueError, match=r"unknown search mode 'sparse'.*hybrid, bm25, dense"):
        index.search("anything", mode="sparse")
    for k in (0, -3):
        with pytest.raises(ValueError, match=r"k must be at least 1"):
            index.search("anything", k=k)


def test_k_larger_than_the_corpus_returns_every_chunk_once(seeds_index):
    """Protects k > number of chunks: each chunk at most once, ranks still 1..n."""
    index = seeds_index[0]
    n = index.stats().chunks
    hits = index.search("Japan", k=n + 50, mode="dense")
    assert len(hits) == n and [h.rank for h in hits] == list(range(1, n + 1))


# ------------------------------------------------------------------ incremental indexing

FILES = {
    "alpha.txt": "Alpha notes\nThe lighthouse keeper painted the tower bright red every spring.",
    "beta.md": "# Beta notes\nOur quarterly budget meeting moved to the Zanzibar office.",
    "sub/gamma.txt": "Gamma notes\nThe orchestra rehearsed a symphony by Sibelius on Thursday.",
}


def chunk_count(path, doc_id: str, index: Index) -> int:
    doc = read_document(path, doc_id)
    return len(chunk_document(doc, load_tokenizer(), index.snapshot().manifest.build.chunking))


def texts(hits) -> str:
    return "\n".join(h.text for h in hits)


@pytest.fixture
def small(tmp_path, embedder, write_files):
    """(index, folder, index path) with the three small FILES indexed."""
    folder = write_files(tmp_path / "docs", FILES)
    index = Index.open(tmp_path / "index", embedder=embedder)
    report = index.add([folder])
    assert sorted(report.added) == ["alpha.txt", "beta.md", "sub/gamma.txt"]
    assert report.chunks_embedded == 3
    return index, folder, tmp_path / "index"


def test_adding_an_unchanged_folder_embeds_nothing(small):
    """Protects incremental indexing: re-adding the same folder finds every file unchanged and
    embeds no chunk."""
    index, folder, _ = small
    report = index.add([folder])
    assert sorted(report.unchanged) == ["alpha.txt", "beta.md", "sub/gamma.txt"]
    assert report.added == report.updated == report.removed == [] and report.skipped == []
    assert report.chunks_embedded == 0
    assert report.summary() == "0 added, 0 updated, 3 unchanged, 0 removed, 0 skipped"


def test_an_unchanged_gzipped_file_is_unchanged(tmp_path, embedder):
    """Debian's manuals gzip their larger pages (BIND's changelog.html.gz): its document had kept the digest of the
    text inside, which updates compare with the file's bytes, so every update read and embedded it again."""
    import gzip

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "changes.html.gz").write_bytes(
        gzip.compress(b"<html><body><p>Quokkas live on Rottnest.</p></body></html>")
    )
    index = Index.open(tmp_path / "index", embedder=embedder)
    assert index.add([folder]).added == ["changes.html.gz"]
    again = index.add([folder])
    assert again.unchanged == ["changes.html.gz"] and again.updated == [] and again.chunks_embedded == 0


def test_modified_file_is_reembedded_alone_and_old_text_disappears(small):
    """Protects updates: only the changed file is re-chunked and embedded (chunks_embedded equals
    its chunk count), search finds its new text and no longer its old text."""
    index, folder, _ = small
    path = folder / "alpha.txt"
    new_text = "Alpha notes\n" + " ".join(
        f"Sentence {i} says the marmalade factory reopened in Dundee." for i in range(60)
    )
    path.write_text(new_text, encoding="utf-8")
    report = index.add([folder])
    assert report.updated == ["alpha.txt"]
    assert sorted(report.unchanged) == ["beta.md", "sub/gamma.txt"]
    expected = chunk_count(path, "alpha.txt", index)
    assert expected > 1 and report.chunks_embedded == expected
    assert index.stats().chunks == 2 + expected
    hits = index.search("marmalade factory Dundee", k=3, mode="bm25")
    assert hits and hits[0].doc_id == "alpha.txt" and "marmalade" in hits[0].text
    assert index.search("lighthouse keeper", k=5, mode="bm25") == []
    assert "lighthouse" not in texts(index.search("lighthouse keeper tower", k=10, mode="hybrid"))
    assert index.document("alpha.txt").text == new_text


def test_file_deleted_from_folder_is_removed_on_readd(small):
    """Protects folder sync: a file gone from an indexed folder leaves the index and its passages
    are no longer returned."""
    index, folder, _ = small
    (folder / "sub" / "gamma.txt").unlink()
    report = index.add([folder])
    assert report.removed == ["sub/gamma.txt"] and report.chunks_embedded == 0
    assert sorted(d.id for d in index.documents()) == ["alpha.txt", "beta.md"]
    assert index.search("orchestra Sibelius symphony", k=5, mode="bm25") == []
    assert all(h.doc_id != "sub/gamma.txt" for h in index.search("orchestra symphony", k=10))
    with pytest.raises(KeyError, match="sub/gamma.txt"):
        index.document("sub/gamma.txt")


def test_remove_by_id_and_unknown_ids_are_skipped(small):
    """Protects `Index.remove`: known ids go (with their passages), unknown ids are reported as
    skipped with a reason, and an all-unknown call changes nothing."""
    index, _, _ = small
    report = index.remove(["beta.md", "nope.txt"])
    assert report.removed == ["beta.md"]
    assert [(s.path, s.reason) for s in report.skipped] == [("nope.txt", "no such document in the index")]
    assert len(index) == 2 and index.stats().chunks == 2
    assert index.search("Zanzibar budget", k=5, mode="bm25") == []
    before = index.snapshot()
    report = index.remove(["beta.md"])
    assert report.removed == [] and len(report.skipped) == 1
    assert index.snapshot() is before


def test_bad_files_are_skipped_with_reasons_and_the_rest_indexed(tmp_path, embedder, write_files):
    """Protects one-bad-file-never-stops-the-batch: empty, binary and damaged .docx files are reported in
    `report.skipped` with a reason, the good file is indexed."""
    folder = write_files(
        tmp_path / "docs",
        {
            "good.txt": "Good notes\nThe glacier retreated four kilometres.",
            "empty.txt": "",
            "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01",
            "report.docx": b"PK\x03\x04 not really a docx",
        },
    )
    index = Index.open(tmp_path / "index", embedder=embedder)
    report = index.add([folder])
    assert report.added == ["good.txt"]
    reasons = {p.split("/")[-1]: r for p, r in ((s.path, s.reason) for s in report.skipped)}
    assert set(reasons) == {"empty.txt", "binary.txt", "report.docx"}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert reasons["report.docx"].startswith("could not read Word document: ")
    assert [h.doc_id for h in index.search("glacier", k=3)] == ["good.txt"]
    again = index.add([folder])
    assert again.unchanged == ["good.txt"] and len(again.skipped) == 3 and again.chunks_embedded == 0


def test_reopened_index_gives_identical_results(small, embedder):
    """Protects persistence: an index reopened from disk has the same documents, chunks and search
    results (ids, offsets, scores, retriever ranks) in every mode."""
    index, folder, path = small
    index.add([folder])
    queries = ["lighthouse painted red", "budget meeting office", "symphony rehearsal", "notes"]
    before = {(q, m): [h.model_dump() for h in index.search(q, k=3, mode=m)] for q in queries for m in MODES}
    reopened = Index.open(path, create=False, embedder=embedder)
    assert reopened.stats() == index.stats()
    assert {d.id: d for d in reopened.documents()} == {d.id: d for d in index.documents()}
    after = {(q, m): [h.model_dump() for h in reopened.search(q, k=3, mode=m)] for q in queries for m in MODES}
    for key in before:
        assert len(before[key]) == len(after[key]), key
        for a, b in zip(before[key], after[key]):
            sa, sb = a.pop("score"), b.pop("score")
            assert sa == pytest.approx(sb, rel=1e-5), key
            for r in ("bm25", "dense"):
                if r in a["retrievers"]:
                    assert a["retrievers"][r]["score"] == pytest.approx(b["retrievers"][r]["score"], rel=1e-5)
                    a["retrievers"][r].pop("score"), b["retrievers"][r].pop("score")
            assert a == b, key
    assert reopened.root == index.root == folder.resolve()
    # and the reopened index keeps working incrementally
    report = reopened.add([folder])
    assert report.chunks_embedded == 0 and len(report.unchanged) == 3


def test_in_memory_add_documents_replaces_changed_versions(embedder):
    """Protects `add_documents`: new ids are added, same sha256 is unchanged, a new sha256 replaces."""
    from rag.models import Document

    def doc(text: str, sha: str) -> Document:
        return Document(id="m1", title="Memo", source="mem", sha256=sha, text=text)

    index = Index.in_memory(embedder=embedder)
    assert index.add_documents([doc("Quokkas live on Rottnest Island.", "a")]).added == ["m1"]
    assert index.add_documents([doc("Quokkas live on Rottnest Island.", "a")]).unchanged == ["m1"]
    report = index.add_documents([doc("Wombats dig burrows.", "b")])
    assert report.updated == ["m1"] and report.chunks_embedded == 1
    assert index.search("quokka", k=3, mode="bm25") == []
    assert index.search("wombat burrows", k=1)[0].text == "Wombats dig burrows."
    assert index.stats().path == "(in memory)"


def test_removing_every_document_leaves_an_empty_index_that_reopens_and_grows(small, embedder):
    """Protects the empty edge: with all documents removed the index saves, reopens, searches to
    nothing, and accepts documents again with fresh chunk ids."""
    index, folder, path = small
    last_ids = set(index.snapshot().ids.tolist())
    assert sorted(index.remove(["alpha.txt", "beta.md", "sub/gamma.txt"]).removed) == [
        "alpha.txt",
        "beta.md",
        "sub/gamma.txt",
    ]
    reopened = Index.open(path, create=False, embedder=embedder)
    assert len(reopened) == 0 and reopened.stats().chunks == 0
    for mode in MODES:
        assert reopened.search("lighthouse", k=3, mode=mode) == []
    report = reopened.add([folder])
    assert len(report.added) == 3 and report.chunks_embedded == 3
    assert not last_ids & set(reopened.snapshot().ids.tolist())  # chunk ids are never reused
    assert reopened.search("lighthouse keeper", k=1)[0].doc_id == "alpha.txt"


def test_file_that_became_unreadable_does_not_keep_stale_passages(small):
    """Protects answers quoting only what files now say: a known file emptied (reported as skipped)
    must not keep serving its old text."""
    index, folder, _ = small
    (folder / "alpha.txt").write_bytes(b"")
    report = index.add([folder])
    assert [s.reason for s in report.skipped] == ["empty file"]
    assert index.search("lighthouse keeper", k=3, mode="bm25") == []
    assert "alpha.txt" not in index.snapshot().docs
