"""A question asking for a term of some kind is answered with the one name its quote calls by that kind; not
otherwise."""

from __future__ import annotations

from rag.answer.called import called_term

# CMake 3.25's prop_tgt pages (BSD-3-Clause): the reader answered "independent executables or shared libraries"
# for "Which property decides whether position independent code is created?".
PIC = (
    "The POSITION_INDEPENDENT_CODE property determines whether position independent executables or shared libraries "
    "will be created."
)
DECAY = 'This "decay" behavior may be controlled with the CXX_STANDARD_REQUIRED target property.'
TWO = "Set the CMAKE_C_FLAGS variable or the CMAKE_CXX_FLAGS variable for the compiler flags."


def called(question: str, text: str, span: str) -> str | None:
    start = text.index(span)
    found = called_term(question, text, start, start + len(span), 0, len(text))
    return None if found is None else text[found[0] : found[1]]


def test_the_name_the_quote_calls_by_the_asked_kind_answers():
    assert called("Which property decides whether position independent code is created?", PIC, "shared") == (
        "POSITION_INDEPENDENT_CODE"
    )
    assert called("Which target property controls the decay?", DECAY, "decay") == "CXX_STANDARD_REQUIRED"
    before = "Set the variable CMAKE_BUILD_TYPE to Release."
    assert called("Which variable selects a release build?", before, "Release") == "CMAKE_BUILD_TYPE"
    command = "Call the add_subdirectory() command to add a build of a subdirectory."
    assert called("Which command adds a subdirectory to the build?", command, "build") == "add_subdirectory"


def test_no_name_answers_unless_the_quote_calls_exactly_one_by_the_asked_kind():
    assert called("Which property decides it?", PIC, "POSITION_INDEPENDENT_CODE") is None  # the span is one
    assert called("What does the build create?", PIC, "shared libraries") is None  # asks for no term
    assert called("Which option decides it?", PIC, "shared libraries") is None  # a property, not an option
    assert called("Which variable sets the flags?", TWO, "flags") is None  # two: the reader's answer stands
    assert called("Which property does POSITION_INDEPENDENT_CODE set?", PIC, "shared libraries") is None  # named


def test_ask_answers_with_the_called_name(tmp_path, embedder, write_files):
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    pages = {
        "POSITION_INDEPENDENT_CODE.html": "<h1>POSITION_INDEPENDENT_CODE</h1><p>Whether to create a position-independent "
        f"target</p><p>{PIC} This property is True by default for SHARED and MODULE library targets.</p>",
        "CXX_STANDARD.html": f"<h1>CXX_STANDARD</h1><p>The C++ standard whose features are requested. {DECAY}</p>",
    }
    index.add([write_files(tmp_path / "docs", pages)])
    ans = index.ask("Which property decides whether position independent code is created?", threshold=0.0)
    assert ans.text == "POSITION_INDEPENDENT_CODE", [q.text for q in ans.quotes]
    assert ans.quotes[0].text.startswith(PIC)
