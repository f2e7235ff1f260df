"""A question the documents ask too is answered as an FAQ answers it below: a yes/no question by their own "Yes" or
"No", a how by the reply's first paragraph; only where they ask it in its words, with the same words turning it
around."""

from __future__ import annotations

from records import doc, hit

from rag.answer.replies import REPLY_SHARE, asks_whether, faq_how, faq_reply, same_question
from rag.retrieve.sparse import SparseIndex

# Django 3.2's faq/general.html and Celery 5.2's faq.html (both BSD-3-Clause) as rag reads them: each question a line,
# its answer the paragraph below. The reader had answered "Is Django stable?" with "a stable release" (of the
# install FAQ's "… you should be using a stable release."), and abstained on "Does Django scale?".
DJANGO = (
    "Is Django stable?\n\nYes, it’s quite stable. Companies like Disqus, Instagram, Pinterest, and Mozilla have been "
    "using Django for many years.\n\nDoes Django scale?\n\nYes. Compared to development time, hardware is cheap, and "
    "so Django is designed to take advantage of as much hardware as you can throw at it.\n\n"
    "Who’s behind this?\n\nDjango was originally developed at World Online.\n\n"
    "Is Django a content-management-system (CMS)?\n\nNo, Django is not a CMS, or any sort of “turnkey product” in and "
    "of itself."
)
CELERY = (
    "Is Celery for Django only?\nAnswer: No, you can use Celery with any framework, web or otherwise.\n"
    "Is it safe to run celery worker as root?\nAnswer: No!\n"
    "Can I use Celery with ActiveMQ/STOMP?\nAnswer: No. It used to be supported by Carrot (our old messaging library) "
    "but isn’t currently supported in Kombu (our new messaging library)."
)
# The rest of the manuals, as idf sees them: "Django" and "Celery" are everywhere in them.
BACKGROUND = [f"Django and Celery run task {i} of the web application for the framework." for i in range(30)]


def _sparse() -> SparseIndex:
    texts = [*DJANGO.split("\n\n"), *CELERY.split("\n"), *BACKGROUND]
    return SparseIndex.from_texts(texts, list(range(len(texts))))


def _reply(question: str, text: str, start: int = 0, end: int | None = None) -> tuple[str, str] | None:
    d = doc(text, "faq.html", suffix=".html")
    got = faq_reply(question, [(hit(d, start, end), d)], _sparse())
    return None if got is None else (text[got.start : got.end], text[got.quote_start : got.quote_end])


def test_a_question_asking_yes_or_no_opens_with_an_auxiliary_verb_and_offers_no_choice():
    for q in ("Is Django stable?", "Does Django scale?", "Can I use Celery with ActiveMQ?", "should I use pickle"):
        assert asks_whether(q), q
    for q in ("What does Django mean?", "Is it a framework or a library?", "Is this stable? What about that?",
              "Which sites use Django?", "Isolation levels of MySQL?"):  # fmt: skip
        assert not asks_whether(q), q


def test_the_documents_yes_or_no_under_the_question_asked_in_its_words_answers():
    assert _reply("Is Django stable?", DJANGO) == ("Yes", "Yes, it’s quite stable.")
    scale = DJANGO[DJANGO.index("Yes. Compared") : DJANGO.index("throw at it.") + 12]
    assert _reply("Does Django scale?", DJANGO) == ("Yes", scale)  # "Yes." alone says no more: the next sentence
    assert _reply("Is Django a content-management-system?", DJANGO) == ("No", DJANGO[DJANGO.index("No, Django") :])
    assert _reply("Is it safe to run a Celery worker as root?", CELERY) == ("No", "Answer: No!")
    # a pair of alternatives written with a slash is the one the question names
    assert _reply("Can I use Celery with ActiveMQ?", CELERY) == ("No", CELERY[CELERY.index("Answer: No. It") :])


def test_no_reply_answers_another_question_or_one_turned_around():
    """Protects against a Yes or No for what the documents do not ask: another question ("Does Django scale?" is
    not "Is Django stable?"), one asking more or less ("Is Celery for Django?" is not "… only?"), one asking which,
    and a reply that is no yes or no ("Django was originally developed …")."""
    assert _reply("Is Django fast?", DJANGO) is None
    assert _reply("Is Celery for Django?", CELERY) is None
    assert _reply("Is Celery not for Django only?", CELERY) is None
    assert _reply("Who is behind this?", DJANGO) is None
    assert _reply("Is someone behind this?", DJANGO) is None
    assert same_question("Is Django stable?", "Is Django stable", 1.0, 1.0) == 0.0  # asks nothing: no question mark
    assert same_question("Is Django stable?", "Is Django stable?", 1.0, REPLY_SHARE - 0.01) < REPLY_SHARE


def test_a_question_ending_the_passage_before_is_answered_by_the_reply_opening_this_one_and_the_other_way():
    reply = DJANGO.index("Yes. Compared")
    scale = DJANGO[reply : DJANGO.index("throw at it.") + 12]
    assert _reply("Does Django scale?", DJANGO, start=reply) == ("Yes", scale)  # the question is just above
    asked = DJANGO.index("Does Django scale?")
    got = _reply("Does Django scale?", DJANGO, start=0, end=asked + len("Does Django scale?"))
    assert got is not None and got[0] == "Yes" and got[1].startswith("Yes. Compared to development time")


def test_ask_answers_a_yes_no_question_from_the_faq(tmp_path, embedder, write_files):
    """Through `Index.ask`: the short answer is the FAQ's word, quoted by its sentence, as sure as a described
    answer (`Answer.basis`)."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    faq = "".join(f"<p>{block}</p>" for block in DJANGO.split("\n\n"))
    others = {f"task{i}.html": f"<p>{text}</p>" for i, text in enumerate(BACKGROUND)}
    index.add([write_files(tmp_path / "docs", {"faq.html": faq, **others})])
    ans = index.ask("Does Django scale?")
    assert (ans.found, ans.text, ans.basis) == (True, "Yes", "described"), [q.text for q in ans.quotes]
    assert ans.quotes[0].text.startswith("Yes. Compared to development time")
    assert ans.confidence >= index.answer_settings.described_confidence


def test_a_yes_no_question_the_documents_reply_to_nowhere_is_answered_by_the_sentence_saying_it():
    """Protects "Is live logging enabled by default?" over pytest's manual (MIT), which asks it nowhere: the
    reader's span, "log_cli configuration option to true", said no yes or no; the sentence holding it does."""
    import numpy as np
    from records import span_score_settings

    from rag.answer.answers import reader_answer
    from rag.answer.candidates import RANK_FEATURES, Candidate

    text = (
        "Live Logs is now disabled by default and can be enabled setting the log_cli configuration option to true. "
        "When enabled, the verbosity is increased so logging for each test is visible."
    )
    d = doc(text, "logging.html", suffix=".html")
    at, end = text.index("log_cli configuration"), text.index(" When")
    reader = Candidate(hit(d), d, at, text.index(" true.") + 5, 5.0, 0.0, 0, end, 0.5)
    settings = span_score_settings()
    x = np.zeros((1, len(RANK_FEATURES)))
    ans = reader_answer("Is live logging enabled by default?", [reader.hit], [reader], x, settings, 0.0)
    assert (ans.text, ans.basis) == (text[:end], "reader")
    which = reader_answer("Which option enables live logging?", [reader.hit], [reader], x, settings, 0.0)
    assert which.text == "log_cli configuration option to true"  # a question asking which: the span


# curl 7.88's FAQ (curl licence), a plain text file as rag reads it: the reader had answered "How do I tell curl to
# resume a transfer?" from the TODO file's "… do a resumed transfer for the rest".
CURL = (
    "  3.1 curl: (1) SSL is disabled, https: not supported\n\n  If you get this output when trying to get anything "
    "from an HTTPS server, it means that the instance of curl/libcurl that you are using was built without support "
    "for this protocol.\n\n  3.2 How do I tell curl to resume a transfer?\n\n  curl supports resumed transfers both "
    "ways on both FTP and HTTP.\n  Try the -C option.\n\n  3.3 Why does my posting using -F not work?\n\n  You cannot "
    "arbitrarily use -F or -d."
)


def test_a_how_the_faq_asks_in_its_words_is_answered_by_the_reply_below_it():
    texts = [*CURL.split("\n\n"), *(f"curl transfer {i} of the protocol for the web server" for i in range(30))]
    sparse = SparseIndex.from_texts(texts, list(range(len(texts))))
    d = doc(CURL, "FAQ")

    def how(question: str) -> str | None:
        got = faq_how(question, [(hit(d), d)], sparse)
        return None if got is None else CURL[got.start : got.end]

    assert how("How do I tell curl to resume a transfer?") == (
        "curl supports resumed transfers both ways on both FTP and HTTP.\n  Try the -C option."
    )
    assert how("how do i tell curl to resume a transfer") is not None  # its words, in lower case, no mark
    assert how("How do I tell curl to post a form?") is None  # another question
    assert how("Why does my posting using -F not work?") == "You cannot arbitrarily use -F or -d."  # why, too
    assert how("How does my posting using -F not work?") is None  # asked another way than the FAQ asks it
    contents = (
        "  1.14 How do I submit my patch?\n  1.15 How do I port libcurl to my OS?\n\n  2. Install Related Problems"
    )
    d = doc(contents, "FAQ")
    assert faq_how("How do I port libcurl to my OS?", [(hit(d), d)], sparse) is None  # its table of contents


def test_a_why_the_faq_asks_in_its_words_is_answered_though_its_apostrophes_are_typographic():
    """Protects "Why doesn't my schema's default property set the default on my instance?" over jsonschema 4.10's
    faq.html (MIT): the FAQ writes "doesn’t", whose "n’t" had turned the question around, and the reader abstained."""
    text = (
        "Why doesn’t my schema’s default property set the default on my instance?\n\nThe basic answer is that the "
        "specification does not require that default actually do anything.\n\nFor an inkling as to why it doesn’t "
        "actually do anything, consider that none of the other keywords modify the instance either.\n"
    )
    texts = [*text.split("\n\n"), *(f"The schema {i} validates an instance of the draft" for i in range(30))]
    d = doc(text, "faq", suffix=".html")
    got = faq_how(
        "Why doesn't my schema's default property set the default on my instance?",
        [(hit(d), d)],
        SparseIndex.from_texts(texts, list(range(len(texts)))),
    )
    assert got is not None and text[got.start : got.end].startswith("The basic answer is that the specification")
