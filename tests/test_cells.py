"""A table's cell a question names by its row and its column answers it ("What compression ratio does zstd
1.5.1 -1 reach?": "2.887"), also where the reader read another row of the table."""

from __future__ import annotations

from records import doc, hit

from rag.answer.cells import asked_cell, asked_column, key_match
from rag.answer.rows import row_cells
from rag.retrieve.tokenize import tokenize

# zstd's README.md (Debian's zstd package; BSD licence): its benchmark table, as Markdown.
README = """## Benchmarks

For reference, several fast compression algorithms were tested and compared on a desktop running Ubuntu 20.04.

| Compressor name         | Ratio | Compression| Decompress.|
| ---------------         | ------| -----------| ---------- |
| **zstd 1.5.1 -1**       | 2.887 |   530 MB/s |  1700 MB/s |
| [zlib] 1.2.11 -1        | 2.743 |    95 MB/s |   400 MB/s |
| brotli 1.0.9 -0         | 2.702 |   395 MB/s |   450 MB/s |
| **zstd 1.5.1 --fast=1** | 2.437 |   600 MB/s |  2150 MB/s |
| **zstd 1.5.1 --fast=3** | 2.239 |   670 MB/s |  2250 MB/s |
| [lz4] 1.9.3             | 2.101 |   740 MB/s |  4500 MB/s |
| lzf 3.6 -1              | 2.077 |   410 MB/s |   830 MB/s |

[zlib]: https://www.zlib.net/
[lz4]: https://lz4.github.io/lz4/
"""
# The same table as rag reads it (`ingest.markdown`): each row its cells, named by their column's header.
ROWS = (
    "Compressor name: zstd 1.5.1 -1 | Ratio: 2.887 | Compression: 530 MB/s | Decompress.: 1700 MB/s\n"
    "Compressor name: zstd 1.5.1 --fast=1 | Ratio: 2.437 | Compression: 600 MB/s | Decompress.: 2150 MB/s\n"
    "Compressor name: lz4 1.9.3 | Ratio: 2.101 | Compression: 740 MB/s | Decompress.: 4500 MB/s\n"
    "Compressor name: lzf 3.6 -1 | Ratio: 2.077 | Compression: 410 MB/s | Decompress.: 830 MB/s\n"
)


def answer(question: str) -> str | None:
    d = doc(ROWS, "readme", suffix=".md")
    found = asked_cell(question, [(hit(d), d)])
    return None if found is None else ROWS[found.start : found.end]


def test_a_row_named_by_its_key_answers_the_column_the_question_names():
    """Protects the lookup: the key's words are in the question (numbers may be left out, "lz4"), the column's too;
    an abbreviated header ("Decompress.") still names its column."""
    assert answer("What compression ratio does zstd 1.5.1 -1 reach?") == "2.887"
    assert answer("How fast does lz4 decompress?") == "4500 MB/s"
    assert answer("What is the decompression speed of lzf?") == "830 MB/s"


def test_no_cell_answers_when_the_row_or_the_column_is_not_named_alone():
    """Protects the reader's questions: a row's key word the question does not say ("zstd" for "version 1.5.1"; "fast"
    of "--fast=1", so "zstd" alone names only the other zstd row), or no column named ("What does lz4 do?"): None."""
    assert answer("What ratio does version 1.5.1 reach?") is None
    assert answer("What ratio does zstd reach?") == "2.887"
    assert answer("What is the Ratio of zstd 1.5.1 --fast=1?") == "2.437"
    assert answer("Which compressor is the fastest?") is None
    assert answer("What does lz4 do?") is None


def test_key_match_needs_every_word_of_the_key_and_prefers_the_row_naming_more():
    asked = set(tokenize("What compression ratio does zstd 1.5.1 -1 reach?"))
    assert key_match(tokenize("zstd 1.5.1 -1"), asked) == (1, 1, 1.0)
    assert key_match(tokenize("zstd 1.5.1 --fast=1"), asked) is None
    assert key_match(tokenize("lz4 1.9.3"), set(tokenize("How fast is lz4?"))) == (0, 1, 0.25)
    assert key_match(["0"], set(tokenize("What is the purpose of UID 0?"))) == (1, 0, 1.0)
    assert key_match(["6", "999"], set(tokenize("What is the purpose of UID 6?"))) is None
    fast = set(tokenize("What is the Ratio of zstd 1.5.1 --fast=1?"))
    assert key_match(tokenize("zstd 1.5.1 --fast=1"), fast) > key_match(tokenize("zstd 1.5.1 -1"), fast)


def test_two_columns_said_as_one_compound_name_its_last():
    """Protects "compression ratio": the question names the Compression and the Ratio columns, as one noun whose
    head is "ratio"; two columns named apart answer nothing."""
    line = ROWS.splitlines()[0]
    cells = row_cells(line, 0, len(line))
    assert [c.label for c in cells] == ["Compressor name", "Ratio", "Compression", "Decompress."]
    picked = asked_column(cells, tokenize("What compression ratio does zstd 1.5.1 -1 reach?"))
    assert picked is not None and line[picked.start : picked.end] == "2.887"
    assert asked_column(cells, tokenize("Is the ratio of zstd better than its compression?")) is None


def test_ask_answers_with_the_cell_of_the_row_named(tmp_path, embedder, write_files):
    """End to end over the Markdown table: the short answer is the cell, exact in the document, its row quoted."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"README.md": README})])
    ans = index.ask("How fast does lz4 decompress?", threshold=0.0)
    assert ans.text == "4500 MB/s"
    assert ans.quotes[0].text.startswith("Compressor name: lz4 1.9.3 | Ratio: 2.101")
    assert index.document(ans.span.doc_id).text[ans.span.start : ans.span.end] == ans.text


# Python 3.11's venv.html (PSF licence): its table of activation commands, as rag reads it.
VENV = (
    "Platform: POSIX | Shell: bash/zsh | Command to activate virtual environment: $ source <venv>/bin/activate\n"
    "Platform: Windows | Shell: cmd.exe | Command to activate virtual environment: C:\\> <venv>\\Scripts\\activate.bat\n"
)


def test_a_cell_not_of_the_shape_the_question_asks_for_does_not_answer_it():
    """ "Which environment variable specifies the default shell on Windows?" (subprocess's COMSPEC) names venv's
    table's row "Windows" and its column "Shell", whose "cmd.exe" is no environment variable: it had answered with
    full confidence."""
    d = doc(VENV, "venv.html", suffix=".html")

    def cell(question: str) -> str | None:
        got = asked_cell(question, [(hit(d), d)])
        return None if got is None else VENV[got.start : got.end]

    assert cell("Which shell is used on Windows?") == "cmd.exe"
    assert cell("Which environment variable specifies the default shell on Windows?") is None
    assert cell("Which file is the shell on Windows?") == "cmd.exe"  # a file's name: of the shape asked


def test_a_yes_or_no_cell_answers_whether_never_which_term():
    """Kombu 5.2's connections.html (BSD-3-Clause): its transport comparison, as rag reads it. "Which transport option
    enables fanout for SQS?" had been answered "Yes" (sure, 1.00) of SQS's "Fanout:" cell; the option is named in a
    footnote, not in the table."""
    from rag.answer.described import described_answer

    rows = (
        "Client: SQS | Type: Virtual | Direct: Yes | Topic: Yes | Fanout: Yes | Priority: No\n"
        "Client: zookeeper | Type: Virtual | Direct: Yes | Topic: Yes | Fanout: No | Priority: Yes\n"
    )
    d = doc(rows, "connections", suffix=".html")
    said = described_answer("Does the zookeeper transport support fanout?", [(hit(d), d)], frozenset())
    assert said is not None and rows[said.start : said.end] == "No"
    assert described_answer("Which transport option enables fanout for SQS?", [(hit(d), d)], frozenset()) is None
