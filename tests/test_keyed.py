"""A question naming a number is read in the line of a keyed list that number keys; prose is no such list."""

from __future__ import annotations

from rag.answer.keyed import asked_keys, keyed_lines

# Node.js 18's process.html, "Exit codes" (MIT), as rag reads it.
EXIT_CODES = (
    "The following status codes are used in other cases:\n"
    "1 Uncaught Fatal Exception: There was an uncaught exception, and it was not handled by a domain.\n"
    "8: Unused. In previous versions of Node.js, exit code 8 sometimes indicated an uncaught exception.\n"
    "9 Invalid Argument: Either an unknown option was specified, or an option requiring a value was provided.\n"
    "13 Unfinished Top-Level Await: await was used outside of a function in the top-level code, but the passed "
    "Promise never resolved."
)
STABILITY = "Stability: 0 - Deprecated. The feature may emit warnings.\nStability: 1 - Experimental.\n" + (
    "Stability: 2 - Stable.\nStability: 3 - Legacy. It is no longer actively maintained."
)


def lines(text: str, question: str) -> list[str]:
    return [text[a:b] for a, b in keyed_lines(text, 0, len(text), asked_keys(question))]


def test_the_number_a_question_names_keys_its_line():
    assert asked_keys("My node process exited with status code 13. What does that exit code mean?") == {"13"}
    assert asked_keys("What was the default page size before version 3.12.0?") == set()  # a version, no key
    assert lines(EXIT_CODES, "What does exit code 13 mean?") == [EXIT_CODES.split("\n")[-1]]
    assert lines(EXIT_CODES, "What is exit code 8?") == [EXIT_CODES.split("\n")[2]]
    assert lines(STABILITY, "What does stability level 3 mean?") == [
        "Stability: 3 - Legacy. It is no longer actively maintained."
    ]


def test_a_tables_rows_keyed_by_their_first_cell_are_a_keyed_list():
    rows = "Code | Meaning\nCode: 200 | Meaning: OK\nCode: 404 | Meaning: Not Found\nCode: 500 | Meaning: Server Error"
    assert lines(rows, "What does status 404 mean?") == ["Code: 404 | Meaning: Not Found"]


def test_a_key_on_its_own_line_keys_the_line_below_it():
    """Protects "What does exit code 2 mean?" over pytest's exit codes (MIT), a definition list: each key alone on
    its line, what it means on the next; the reader had quoted exit code 1's line."""
    codes = (
        "Running pytest can result in six different exit codes:\nExit code 0:\nAll tests were collected and passed "
        "successfully\nExit code 1:\nTests were collected and run but some of the tests failed\nExit code 2:\n"
        "Test execution was interrupted by the user\nExit code 3:\nInternal error happened while executing tests"
    )
    assert lines(codes, "What does exit code 2 mean?") == ["Exit code 2:\nTest execution was interrupted by the user"]
    assert lines("Version 2:\nSee below.\nVersion 3:\nThe same.", "What changed in version 3?") == []  # two: too few


def test_prose_and_short_lists_are_no_keyed_list():
    prose = "In 2004, 13 people attended.\n13 of them stayed.\nThe rest left."
    assert lines(prose, "How many of the 13 stayed?") == []
    assert lines("1 One thing.\n13 Another thing.", "What is 13?") == []  # two lines: too few to be a list
    contents = "6. License Issues\n7. SMTP\n8. HTTP/3\n9. TELNET"  # curl's TODO: numbered sections, no keys
    assert lines(contents, "What does exit code 7 mean?") == []


def test_ask_reads_the_keyed_line(tmp_path, embedder, write_files):
    from rag.index import Index

    items = "".join(f"<li>{line}</li>" for line in EXIT_CODES.split("\n")[1:])
    intro = "Node.js will normally exit with a 0 status code when no more async operations are pending."
    page = f"<h1>Exit codes</h1><p>{intro}</p><p>{EXIT_CODES.split(chr(10))[0]}</p><ul>{items}</ul>"
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"process.html": page})])
    ans = index.ask("My process exited with status code 13. What does that exit code mean?", threshold=0.0)
    assert ans.quotes[0].text.startswith("13 Unfinished Top-Level Await"), [q.text for q in ans.quotes]


def test_the_keyed_line_is_read_when_retrieval_ranked_it_below():
    """A question naming a number reads the passage that holds the line it keys, ranked below the passages read,
    unless one read holds it."""
    import numpy as np
    from records import doc, hit

    from rag.answer.lookup import with_entry
    from rag.retrieve.sparse import SparseIndex

    intro = "Node.js will normally exit with a 0 status code when no more async operations are pending.\n"
    d = doc(intro + EXIT_CODES, suffix=".html")
    read, entry = hit(d, 0, len(intro), rank=1), hit(d, len(intro), rank=2)
    sparse = SparseIndex.from_texts([d.text] * 20, np.arange(20))

    def docs_of(hits):
        return {h.doc_id: d for h in hits}

    question, known = "What does exit code 13 mean?", frozenset({"what", "does", "exit", "code", "mean"})
    assert with_entry(question, [read], [entry], docs_of, sparse, known) == [read, entry]
    assert with_entry(question, [entry], [read], docs_of, sparse, known) == [entry]
    assert with_entry("What does exit code 77 mean?", [read], [entry], docs_of, sparse, known) == [read]
