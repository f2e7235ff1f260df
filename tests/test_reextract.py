"""An index built by an earlier rag, whose extraction read files differently: the next `add` re-reads
its files and re-embeds only those whose text changed; nothing is served with stale offsets."""

from __future__ import annotations

import json

from rag.index import Index
from rag.ingest.readers import EXTRACTOR_VERSION
from rag.store.generations import current_dir

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
    assert report.chunks_embedded == 1  # guide.html's one passage; notes.txt is not embedded again
    hit = index.search("how many entries does the cache hold", k=1)[0]
    assert hit.doc_id == "guide.html" and "64 entries" in hit.text
    assert index.document("guide.html").text[hit.start : hit.end] == hit.text

    manifest = json.loads((current_dir(where) / "manifest.json").read_text())
    assert manifest["extracted"] == {"guide.html": EXTRACTOR_VERSION, "notes.txt": EXTRACTOR_VERSION}
    again = Index.open(where, embedder=embedder).add([docs])
    assert sorted(again.unchanged) == ["guide.html", "notes.txt"] and again.chunks_embedded == 0
