"""A question asking for a term by what it does is answered by the entry whose description says so in its words,
when the reader answered with another entry's term: not otherwise."""

from __future__ import annotations

from dataclasses import replace

from records import doc, hit

from rag.answer.answers import question_overlap
from rag.answer.candidates import Candidate
from rag.answer.entries import entry_term
from rag.answer.worded import worded_entry
from rag.retrieve.sparse import SparseIndex

# FFmpeg 5.1's ffmpeg.html (LGPL 2.1+): the reader answered "-n" for "Which ffmpeg option overwrites output files
# without asking?", whose entry "Do not overwrite output files" shares three of its words.
OPTIONS = (
    "-f fmt (input/output)\nForce input or output file format. The format is normally auto detected for input files "
    "and guessed from the file extension for output files, so this option is not needed in most cases.\n\n"
    "-i url (input)\ninput file url\n\n-y (global)\nOverwrite output files without asking.\n\n"
    "-n (global)\nDo not overwrite output files, and exit immediately if a specified output file already exists."
)
PAGE = (
    "<html><body><dl>"
    + "".join(
        f"<dt>{entry.split(chr(10))[0]}</dt><dd>{entry.split(chr(10))[1]}</dd>" for entry in OPTIONS.split("\n\n")
    )
    + "</dl></body></html>"
)
QUESTION = "Which ffmpeg option overwrites output files without asking?"


def candidate(text: str, span: str, quote: str) -> Candidate:
    d = doc(text, "ffmpeg.html", suffix=".html")
    h = hit(d)
    start, q_start = text.index(span), text.index(quote)
    return Candidate(h, d, start, start + len(span), 5.0, 0.0, q_start, q_start + len(quote), 0.5)


# The rest of a manual, as idf sees it: "ffmpeg" and "option" are common words in it.
BACKGROUND = [f"The ffmpeg option -x{i} sets parameter {i} of the encoder for the stream." for i in range(30)]


def overlap(question: str):
    texts = OPTIONS.split("\n\n") + BACKGROUND
    return question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))


def test_the_entry_in_the_questions_words_answers_for_the_readers():
    n = candidate(OPTIONS, "-n", "-n (global)\nDo not overwrite output files, and exit immediately")
    got = worded_entry(QUESTION, [n], 0, n, overlap(QUESTION))
    assert got is not None and got.text == "-y"
    assert OPTIONS[got.quote_start : got.quote_end] == "-y (global)\nOverwrite output files without asking."


def test_the_readers_answer_stands_when_it_is_worded_as_well_or_asks_no_term():
    y = candidate(OPTIONS, "-y", "-y (global)\nOverwrite output files without asking.")
    assert worded_entry(QUESTION, [y], 0, y, overlap(QUESTION)) is None  # the same entry
    question = "Which ffmpeg option does not overwrite output files?"
    n = candidate(OPTIONS, "-n", "-n (global)\nDo not overwrite output files, and exit immediately")
    assert worded_entry(question, [n], 0, n, overlap(question)) is None  # as well worded: -y's is no better
    plain = "What happens to output files without asking?"
    assert worded_entry(plain, [n], 0, n, overlap(plain)) is None  # asks for no term


def test_ask_answers_with_the_worded_entry(tmp_path, embedder, write_files):
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    pages = {f"encoder{i}.html": f"<p>{text}</p>" for i, text in enumerate(BACKGROUND)}
    index.add([write_files(tmp_path / "docs", {"ffmpeg.html": PAGE, **pages})])
    ans = index.ask(QUESTION, threshold=0.0)
    assert ans.text == "-y", [q.text for q in ans.quotes]
    assert ans.quotes[0].text == "-y (global)\nOverwrite output files without asking."


# Apache Ant 1.10's running.html (Apache License 2.0): its options summary, a <pre> block of help text, as rag reads
# it: each line an option, its aliases and placeholder, then what it does after two spaces or more.
SUMMARY = (
    "Options:\n  -help, -h              print this message and exit\n"
    "  -version               print the version information and exit\n"
    "  -quiet, -q             be extra quiet\n  -logfile <file>        use given file for log"
)


def test_an_option_lists_line_is_its_options_entry():
    """Protects "Which option prints the version information of Ant and exits?": the reader's "-h", of the line
    before, stood, as no term line heads such a line's description."""
    version = SUMMARY.index("print the version")
    h = candidate(SUMMARY, "-h", "-help, -h              print this message and exit")
    question = "Which option prints the version information of Ant and exits?"
    got = worded_entry(question, [h, replace(h, start=version, end=version + 9)], 0, h, overlap(question))
    assert got is not None and got.text == "-version"
    assert SUMMARY[got.quote_start : got.quote_end] == "-version               print the version information and exit"
    log = SUMMARY.index("use given file")
    assert _term("Which option sets the file to log to?", SUMMARY, log) == "-logfile"  # a placeholder after it
    assert _term("What does -version print?", SUMMARY, version) is None  # asks no term


def _term(question: str, text: str, at: int) -> str | None:
    found = entry_term(question, text, at, at + 3)
    return None if found is None else text[found.start : found.end]


# Postfix 3.7's postqueue.1.html and postsuper.1.html (IBM Public Licence 1.0 / EPL 2.0) as rag reads them: a manual
# page's options, each its entry; the question names the page's command, which the page's title holds.
POSTQUEUE = (
    "DESCRIPTION\n       The postqueue(1) command implements the Postfix user interface for queue management.\n\n"
    "       -f     Flush the queue: attempt to deliver all queued mail.\n\n"
    "       -p     Produce a traditional sendmail-style queue listing.  This option\n"
    "              implements the traditional mailq command, by contacting the Postfix\n              showq(8) daemon.\n"
)
POSTSUPER = (
    "       By default, postsuper(1) performs the operations requested with the  -s\n"
    "       and  -p  command-line  options  on all Postfix queue directories.\n"
)


def test_the_entrys_page_title_counts_with_its_words():
    """Protects "Which postqueue option lists the mail queue?" on Postfix's manual pages: the reader answered
    "Postfix" from postsuper(1)'s page, and postqueue(1)'s "-p" entry, whose words hold "queue" and "listing" but
    whose page's title alone names postqueue, fell short of the share it takes to answer instead."""
    question = "Which postqueue option lists the mail queue?"
    background = [f"The mail option -x{i} renames file {i} of the spool." for i in range(30)]
    texts = [*POSTQUEUE.split("\n\n"), POSTSUPER, *background]
    share = question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))
    postsuper = doc(POSTSUPER, "postsuper.1", suffix=".html").model_copy(
        update={"title": "Postfix manual - postsuper(1)"}
    )
    at = POSTSUPER.index("Postfix")
    best = Candidate(hit(postsuper), postsuper, at, at + 7, 5.0, 0.0, 0, len(POSTSUPER.rstrip()), 0.5)
    for title, answer in (("Postfix manual - postqueue(1)", "-p"), ("Postfix manual", None)):
        page = doc(POSTQUEUE, "postqueue.1", suffix=".html").model_copy(update={"title": title})
        at = POSTQUEUE.index("sendmail-style")
        other = Candidate(hit(page), page, at, at + 14, 1.0, 0.0, POSTQUEUE.index("-p"), at + 30, 0.5)
        got = worded_entry(question, [best, other], 0, best, share)
        assert (got and got.text) == answer, title
