"""A name a sentence calls by the kind the question asks for answers it, where that sentence says what it asks."""

from __future__ import annotations

from records import doc, hit

from rag.answer.candidates import Candidate
from rag.answer.entries import kind_words
from rag.answer.kind_mentions import kind_mention
from rag.answer.quotes import question_overlap
from rag.retrieve.sparse import SparseIndex

# Flask 2.2's cli.html as rag reads it (BSD-3-Clause): the reader had answered "python" of the sentence before.
CLI = (
    "The flask command will show a message if it detects dotenv files but python-dotenv is not installed.\n\n"
    "You can tell Flask not to load dotenv files even when python-dotenv is installed by setting the "
    "FLASK_SKIP_DOTENV environment variable. This can be useful if you want to load them manually.\n\n"
    "If the option --pdb is used, a post-mortem debugger will be launched."
)
# The rest of a manual, as idf sees it: "flask" and "variable" are common words in it.
BACKGROUND = [f"The flask variable V{i} sets parameter {i} of the app for the server." for i in range(30)]


def _mention(question: str, span: str = "python", loose: bool = False) -> str | None:
    d = doc(CLI, "cli", suffix=".html")
    texts = CLI.split("\n\n") + BACKGROUND
    overlap = question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))), kind_words(question))
    start = CLI.index(span)
    quote = CLI.index("The flask command"), CLI.index("installed.") + len("installed.")
    first = Candidate(hit(d), d, start, start + len(span), 5.0, 0.0, *quote, 0.5)
    found = kind_mention(question, first, overlap, [(hit(d), d)], loose)
    return None if found is None else found.text


def test_the_name_called_by_the_kind_asked_in_the_sentence_saying_it_answers():
    assert _mention("Which environment variable disables loading of dotenv files?") == "FLASK_SKIP_DOTENV"
    assert _mention("Which option launches a post-mortem debugger?") == "--pdb"  # the kind before the name


def test_the_reader_s_own_name_answers_as_worded_and_another_of_the_shape_stands():
    """doit's "Which option launches a post-mortem debugger?": the reader's "--pdb" had abstained (0.14)."""
    assert _mention("Which environment variable disables loading of dotenv files?", "FLASK_SKIP_DOTENV") == (
        "FLASK_SKIP_DOTENV"
    )
    assert _mention("Which option disables loading of dotenv files?", "--pdb") is None  # the reader's stands


def test_loosely_a_sentence_covering_the_question_less_names_it_where_the_reader_named_nothing_of_the_shape():
    """Flask's "I have python-dotenv installed but I don't want the flask command to read my .env files on startup.
    What environment variable turns that off?" (a user's words: the sentence holds a small share of them, more than
    the reader's quote does); no answer as sure as a worded one, so the reader's own name is none."""
    question = "I have python-dotenv installed but don't want my .env files read. What environment variable stops it?"
    assert _mention(question) is None  # too little of the question for an answer as sure as a worded one
    assert _mention(question, loose=True) == "FLASK_SKIP_DOTENV"
    assert _mention(question, "FLASK_SKIP_DOTENV", loose=True) is None  # the reader's own: nothing to change
    assert _mention("Which environment variable sets the server's port?", loose=True) is None


def test_no_answer_when_no_sentence_says_it():
    assert _mention("Which environment variable sets the server's port?") is None  # no sentence says so
    assert _mention("What does the flask command show?") is None  # asks for no name of a shape


def test_a_how_question_is_answered_by_the_option_its_reader_s_quote_names():
    """Flask 2.2's cli.html (BSD-3-Clause): "How do I make the reloader ignore files?" had been answered "using
    fnmatch patterns" of the sentence naming the option."""
    text = "The reloader can also ignore files using fnmatch patterns with the --exclude-patterns option."
    d = doc(text, "cli", suffix=".html")
    texts = [text] + [f"To make the app {i} run, set V{i}." for i in range(30)]  # "make" is common in a manual
    start = text.index("using")
    reader = Candidate(hit(d), d, start, start + len("using fnmatch patterns"), 5.0, 0.0, 0, len(text), 0.5)
    question = "How do I make the reloader ignore files?"
    overlap = question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))
    found = kind_mention(question, reader, overlap, [(hit(d), d)])
    assert found is not None and found.text == "--exclude-patterns"
    asked = "What does the reloader ignore?"  # asks no how
    assert (
        kind_mention(
            asked,
            reader,
            question_overlap(asked, SparseIndex.from_texts(texts, list(range(len(texts))))),
            [(hit(d), d)],
        )
        is None
    )
