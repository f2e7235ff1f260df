"""A question about a name the documents read never mention abstains and says so: an option a manual does not have
is no question its other options' entries answer."""

from __future__ import annotations

from test_headed import BIND

from rag.answer.mentioned import (
    acronyms,
    identifiers,
    proper_names,
    spelled_out,
    squeezed,
    unmentioned,
    unspelled,
    unwritten,
)
from rag.retrieve.sparse import SparseIndex


def test_the_names_only_code_spells_so_are_asked_identifiers():
    assert identifiers("What is the default value of max-zone-ttl-cap?") == {"max-zone-ttl-cap"}
    assert identifiers("What does the --traceback option enable, and what is worker_lost_wait?") == {
        "--traceback",
        "worker_lost_wait",
    }
    assert identifiers("When was fs.fchmodSync added?") == {"fs.fchmodsync"}
    # prose's hyphenated words, and names capitalised as words are, are no identifiers (SQuAD: "well-known",
    # "San Diego-Carlsbad-San Marcos", "satellite-to-noise" is the one lower-case name of three parts)
    assert identifiers("What well-known present-day archeologist lived in San Diego-Carlsbad-San Marcos?") == set()


def test_a_name_is_mentioned_however_a_text_writes_it_apart_or_anywhere_the_corpus_has_its_words():
    texts = ["Set Tcp_Initial timeout to 30.", "See git commit."]
    corpus = SparseIndex.from_texts([*texts, "The CELERYD_CONCURRENCY setting is worker_concurrency now."], [1, 2, 3])
    assert unmentioned("What is the default of tcp-initial-timeout?", texts, corpus) == []
    assert unmentioned("What does git.commit do, and what is max-zone-ttl-cap?", texts, corpus) == ["max-zone-ttl-cap"]
    # in no text read, but the corpus has its word: retrieval may have left its document out
    assert unmentioned("What does CELERYD_CONCURRENCY become?", texts, corpus) == []
    assert unmentioned("What is the default of worker_gpu_limit?", texts, corpus) == ["worker_gpu_limit"]
    assert unmentioned("What is the capital of France?", [], corpus) == ["France"]  # a name no corpus word spells
    assert squeezed("Tcp_Initial timeout-x") == "tcpinitialtimeoutx"


def test_a_question_capitalises_names_as_products_and_places_are_not_as_sentences_start():
    assert proper_names("How do I cache responses in Redis?") == ["Redis"]
    assert proper_names("What is MongoDB's default port? Where does Kubernetes keep it?") == ["MongoDB", "Kubernetes"]
    # no acronym (a text may spell it out: "New York City", "World War II"), no first word, no code
    assert proper_names("Redis: what did NYC do in WWII?") == []
    assert proper_names('Is "Vim" the same as vim.Buffer and Sphinx-build?') == ["Vim"]  # no code's part


def test_a_name_is_in_the_corpus_however_near_its_spelling_and_a_short_one_nearer():
    """SQuAD's crowd misspelled names its paragraphs spell ("Zeria" for Zeira, "Schrodinger" for Schrödinger, which
    the stemmer cuts to "schroding"); a name of seven letters or more may be two letters apart, a shorter one one."""
    corpus = SparseIndex.from_texts(
        ["Galor and Zeira showed it.", "The Schrödinger equation.", "Genghis Khan's redistribution of land."], [1, 2, 3]
    )
    assert not any(unspelled(n, corpus) for n in ("Zeria", "Schrodinger", "Ghengis", "Genghis", "Khans"))
    assert unspelled("Redis", corpus)  # no part of "redistribution"
    assert unspelled("Kubernetes", corpus) and unspelled("Zeirov", corpus)  # six letters: one apart at most
    assert not unspelled("The", corpus)  # a stop word is nothing a question names
    assert unmentioned("When did Galor and Zeria show it, in Redis?", [], corpus) == ["Redis"]


def test_a_name_qualifying_the_kind_a_question_asks_for_need_not_be_mentioned():
    """Protects Arrow's "Which JavaScript library inspired Arrow?": "moment.js" answers, though the manual never
    writes "JavaScript"; a name the question asks about is still required ("in Kubernetes")."""
    corpus = SparseIndex.from_texts(["Arrow is heavily inspired by moment.js and requests."], [1])
    assert unmentioned("Which JavaScript library inspired Arrow?", [], corpus) == []
    assert unmentioned("Which library inspired Arrow in Kubernetes?", [], corpus) == ["Kubernetes"]
    assert unmentioned("When did JavaScript inspire Arrow?", [], corpus) == ["JavaScript"]  # no kind asked


def test_an_acronym_no_corpus_word_is_that_no_document_read_spells_out_is_unmentioned():
    """Tornado's manual never writes "AWS": "How do I run Tornado behind an AWS load balancer?" had been answered
    "nginx" at 0.57. Its "any web server" spells no acronym out: short words, stopwords, in lower case."""
    assert acronyms("How do I run Tornado behind an AWS load balancer? Do NOT use LDAP or JWTs.") == [
        "AWS",
        "LDAP",
        "JWT",
    ]
    texts = ["When running behind a load balancer like nginx, or any web server, pass xheaders=True."]
    corpus = SparseIndex.from_texts([*texts, "Use the command-line interface (the tornado CLI)."], [1, 2])
    assert unmentioned("How do I run Tornado behind an AWS load balancer?", texts, corpus) == ["AWS"]
    assert unmentioned("What does the CLI do?", texts, corpus) == []  # the corpus writes it
    assert unmentioned("What does the API do?", ["the application programming interface"], corpus) == []
    assert spelled_out("DSM", ["awarded the Distinguished Service Medal"])
    assert spelled_out("WWII", ["after World War II, the"]) and not spelled_out("WWII", ["after World War I"])
    assert not spelled_out("AWS", texts)
    # from four letters on, a letter apart is the corpus's word (SQuAD's "TEFU" for TFEU); three letters are too few
    assert not unwritten("TEFU", SparseIndex.from_texts(["Article 30 of the TFEU"], [1]))
    assert unwritten("AWS", SparseIndex.from_texts(["It was here."], [1]))


def test_ask_abstains_on_an_option_the_manual_does_not_have_and_answers_one_it_has(tmp_path, embedder, write_files):
    """BIND's manual has tcp-initial-timeout and tcp-idle-timeout: asked the default of "tcp-initial-timeout-cap",
    rag quoted "The default is 300 (30 seconds)." of another option, with confidence above the threshold."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"reference.txt": BIND})])
    absent = index.ask("What is the default value of tcp-initial-timeout-cap?")
    assert not absent.found and (absent.text, absent.span, absent.confidence) == ("", None, 0.0)
    assert absent.unmentioned == ["tcp-initial-timeout-cap"] and absent.quotes
    elsewhere = index.ask("How do I keep the zones in Cassandra?")  # a database the manual never names
    assert not elsewhere.found and elsewhere.unmentioned == ["Cassandra"]
    present = index.ask("What is the default value of tcp-initial-timeout?")
    assert present.found and present.unmentioned == [] and "300" in present.text
