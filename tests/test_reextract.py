"""An index built by an earlier rag, whose extraction read files differently: the next `add` re-reads
its files and re-embeds only those whose text changed; nothing is served with stale offsets. One whose chunker
cut passages differently: the next `add` cuts and embeds its files again, once."""

from __future__ import annotations

import json

from rag.index import Index
from rag.ingest.chunks import CHUNKER_VERSION
from rag.ingest.readers import EXTRACTOR_VERSION
from rag.shard.index import ShardedIndex
from rag.shard.layout import read_sharded, shard_generation
from rag.store.generations import COMPLETE, current_dir
from rag.ui.printing import report_lines

FILES = {
    "guide.html": "<html><body><nav>Home</nav><main><h1>Guide</h1><p>The cache holds 64 entries.</p></main></body></html>",
    "notes.txt": "Notes\nThe backup runs every night at two.",
}


def as_an_earlier_rag_left_it(where, doc_id: str) -> None:
    """Rewrite the saved index as an earlier extraction would have: no extraction versions recorded, and
    `doc_id`'s stored text different (the same length in bytes, so the stored offsets stay valid)."""
    gen = current_dir(where)
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest.pop("extracted")
    (gen / "manifest.json").write_text(json.dumps(manifest))
    lines = (gen / "documents.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        record = json.loads(line)
        if record["id"] == doc_id:
            lines[i] = line.replace("64 entries", "46 entries")
    (gen / "documents.jsonl").write_text("".join(lines), encoding="utf-8")


def test_an_older_extraction_is_redone_only_where_the_text_changed(tmp_path, write_files, embedder):
    docs = write_files(tmp_path / "docs", FILES)
    where = tmp_path / "index"
    first = Index.open(where, embedder=embedder).add([docs])
    assert sorted(first.added) == ["guide.html", "notes.txt"]
    as_an_earlier_rag_left_it(where, "guide.html")

    index = Index.open(where, embedder=embedder)
    assert "46 entries" in index.document("guide.html").text  # what the earlier rag indexed
    report = index.add([docs])
    assert report.updated == ["guide.html"] and report.unchanged == ["notes.txt"] and not report.added
    assert not report.recut  # read anew, not cut anew: the chunker is today's
    assert report.chunks_embedded == 1  # guide.html's one passage; notes.txt is not embedded again
    hit = index.search("how many entries does the cache hold", k=1)[0]
    assert hit.doc_id == "guide.html" and "64 entries" in hit.text
    assert index.document("guide.html").text[hit.start : hit.end] == hit.text

    manifest = json.loads((current_dir(where) / "manifest.json").read_text())
    assert manifest["extracted"] == {"guide.html": EXTRACTOR_VERSION, "notes.txt": EXTRACTOR_VERSION}
    again = Index.open(where, embedder=embedder).add([docs])
    assert sorted(again.unchanged) == ["guide.html", "notes.txt"] and again.chunks_embedded == 0


def without_chunker_versions(gen) -> None:
    """Rewrite generation folder `gen` as a rag from before chunker versions were kept saved it."""
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest.pop("chunked")
    (gen / "manifest.json").write_text(json.dumps(manifest))
    marker = json.loads((gen / COMPLETE).read_text())  # the sizes it lists, as that rag would have written them
    marker["files"]["manifest.json"] = (gen / "manifest.json").stat().st_size
    (gen / COMPLETE).write_text(json.dumps(marker))


def test_passages_an_older_chunker_cut_are_cut_and_embedded_again(tmp_path, write_files, embedder):
    """Protects chunker upgrades: files whose bytes and text are unchanged but whose passages an older chunker cut
    are cut again and embedded on the next `add` (folders) or `add_documents` (in memory), reported as such, then
    left alone."""
    docs = write_files(tmp_path / "docs", FILES)
    where = tmp_path / "index"
    first = Index.open(where, embedder=embedder).add([docs])
    without_chunker_versions(current_dir(where))

    report = Index.open(where, embedder=embedder).add([docs])
    assert sorted(report.updated) == sorted(report.recut) == ["guide.html", "notes.txt"] and not report.unchanged
    assert report.chunks_embedded == first.chunks_embedded == 2
    assert "  updated   guide.html (unchanged; its passages cut again by this rag's chunker)" in report_lines(report)
    manifest = json.loads((current_dir(where) / "manifest.json").read_text())
    assert manifest["chunked"] == {"guide.html": CHUNKER_VERSION, "notes.txt": CHUNKER_VERSION}
    again = Index.open(where, embedder=embedder).add([docs])
    assert sorted(again.unchanged) == ["guide.html", "notes.txt"] and again.chunks_embedded == 0

    texts = Index.open(where, embedder=embedder).documents()
    Index.open(tmp_path / "memory", embedder=embedder).add_documents(texts)
    without_chunker_versions(current_dir(tmp_path / "memory"))
    report = Index.open(tmp_path / "memory", embedder=embedder).add_documents(texts)
    assert sorted(report.updated) == sorted(report.recut) == ["guide.html", "notes.txt"]
    assert report.chunks_embedded == 2
    again = Index.open(tmp_path / "memory", embedder=embedder).add_documents(texts)
    assert sorted(again.unchanged) == ["guide.html", "notes.txt"] and again.chunks_embedded == 0


def test_a_sharded_index_cut_by_an_older_chunker_is_cut_again(tmp_path, write_files, embedder):
    """Protects chunker upgrades of a sharded index: every shard's documents are cut and embedded again, once."""
    docs = write_files(tmp_path / "docs", FILES)
    where = tmp_path / "index"
    ShardedIndex.open(where, embedder=embedder, shards=2).add([docs])
    _, top = read_sharded(where)
    for i, entry in enumerate(top.shards):
        without_chunker_versions(shard_generation(where, entry, i))

    report = ShardedIndex.open(where, embedder=embedder).add([docs])
    assert sorted(report.updated) == sorted(report.recut) == ["guide.html", "notes.txt"]
    assert report.chunks_embedded == 2
    again = ShardedIndex.open(where, embedder=embedder).add([docs])
    assert sorted(again.unchanged) == ["guide.html", "notes.txt"] and again.chunks_embedded == 0
