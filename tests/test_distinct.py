"""The passages a question reads are distinct: a manual holding its pages twice does not read each twice."""

from __future__ import annotations

from records import doc, hit

from rag.answer.lookup import distinct

# FFmpeg 5.1's ffmpeg.html, whose text ffmpeg-all.html holds too (LGPL 2.1+).
OPTIONS = (
    "-f fmt (input/output)\nForce input or output file format. The format is normally auto detected for input files "
    "and guessed from the file extension for output files, so this option is not needed in most cases.\n\n"
    "-y (global)\nOverwrite output files without asking.\n\n-n (global)\nDo not overwrite output files, and exit "
    "immediately if a specified output file already exists."
)
SELECTION = (
    "Selecting which streams from which inputs will go into which output is either done automatically or with "
    "the -map option (see the Stream selection chapter)."
)


def test_a_text_read_already_is_left_out_and_the_rest_ranked_again():
    one, all_, other = doc(OPTIONS, "ffmpeg.html"), doc(OPTIONS + "\n", "ffmpeg-all.html"), doc(SELECTION, "s.html")
    hits = [hit(one, rank=1), hit(all_, rank=2), hit(other, rank=3)]
    got = distinct(hits)
    assert [(h.doc_id, h.rank) for h in got] == [("ffmpeg.html", 1), ("s.html", 2)]
    assert got[0] is hits[0] and distinct(got) == got


def test_ask_reads_distinct_passages(tmp_path, embedder, write_files):
    """Protects answers over FFmpeg's manual: "Which option forces the input or output file format?" read
    ffmpeg.html's and ffmpeg-all.html's same passages, two of the four read, and missed -f's."""
    from rag.index import Index

    pages = {
        "ffmpeg.html": f"<pre>{SELECTION}</pre>",
        "ffmpeg-all.html": f"<pre>{SELECTION}</pre>",
        "options.html": f"<pre>{OPTIONS}</pre>",
    }
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", pages)])
    question = "Which option selects the streams that go into which output?"
    assert {h.doc_id for h in index.search(question, k=2)} == {"ffmpeg.html", "ffmpeg-all.html"}
    ans = index.ask(question, k=2, threshold=0.0)
    assert [h.rank for h in ans.hits] == [1, 2] and ans.hits[1].doc_id == "options.html"
