"""Growing a short answer to the noun its question asks for ("What ban …?" → "the ban on seafood imports")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.answer.kinds import adds_clause, asked_kinds, bare_answer, grow_to_kind, past_kind

TEXT = "The lawmakers urged China to lift the ban on seafood imports.\nThe principle of faunal succession holds."


@pytest.mark.parametrize(
    "question, kinds",
    [
        ("What ban did the Japanese lawmakers urge China to lift?", {"ban"}),
        ("Which summit-level group meeting did Wang Yi attend?", {"summit-level", "group", "meeting"}),
        ("What kind of visitors does Shizuoka welcome?", {"visitor"}),
        ("What is the capital of Australia?", set()),  # "is": the kind is not named
        # a kind of term after "the", closing the question (git's "Can I make blame skip a list of reformatting
        # commits that I keep in a file? What's the option?", answered "fsck.skipList")
        ("Can I make blame skip commits listed in a file? What's the option?", {"option"}),
        ("What is the setting called?", {"setting"}),
        ("What is the option for that?", {"option"}),
        ("What is the result?", set()),  # no kind of term
        ("What is the option's default?", set()),  # the option is not what closes it
        ("Who met Wang Yi?", set()),
        ("Milutin Tesla died at what age?", set()),  # ends the question: "60", not "the age of 60"
        (
            "Which ForeignKeyField argument, when disabled, makes it lazy?",
            {"foreignkeyfield", "argument"},
        ),  # a comma ends it
    ],
)
def test_asked_kinds_are_the_words_of_the_what_phrase(question, kinds):
    """Protects which words can name what a question asks for: those of its "what/which" phrase up to its verb."""
    assert asked_kinds(question) == kinds


def span(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


@pytest.mark.parametrize(
    "question, fragment, answer",
    [
        ("What ban did the lawmakers urge China to lift?", "seafood imports", "the ban on seafood imports"),
        ("Which principle explains the fossils?", "faunal succession", "The principle of faunal succession"),
    ],
)
def test_grows_over_the_asked_noun_and_its_preposition(question, fragment, answer):
    """Protects the seed answer "the ban on seafood imports": the reader's "seafood imports" grows to the
    noun the question asks for, with its article."""
    start, end = span(fragment)
    assert TEXT[grow_to_kind(TEXT, start, 0, asked_kinds(question)) : end] == answer


@pytest.mark.parametrize(
    "question, fragment",
    [
        ("What did the lawmakers urge China to lift?", "seafood imports"),  # no kind named
        ("What imports did the lawmakers want?", "seafood imports"),  # the kind is not before the span
        ("What ban did the lawmakers urge China to lift?", "imports"),  # "seafood" is no preposition
    ],
)
def test_grows_only_over_the_named_noun(question, fragment):
    """Protects spans the rule must leave alone: no kind named, another noun, no preposition joining them."""
    start, end = span(fragment)
    grown = grow_to_kind(TEXT, start, 0, asked_kinds(question))
    assert grown == start


def test_never_grows_past_the_quote():
    """Protects the quote: the answer stays inside the sentence(s) quoted for it (`floor`)."""
    start, _ = span("seafood imports")
    floor = TEXT.index("on seafood")
    assert grow_to_kind(TEXT, start, floor, frozenset({"ban"})) == start


def test_never_grows_across_a_line():
    """Protects layout: a noun on the line above (a heading, a list item) is not taken into the answer."""
    text = "Ban on\nseafood imports"
    assert grow_to_kind(text, text.index("seafood"), 0, frozenset({"ban"})) == text.index("seafood")


@given(st.text(max_size=80), st.text(max_size=60), st.integers(0, 80), st.integers(0, 80))
def test_grown_start_is_between_floor_and_start(text, question, a, b):
    """Protects the span's offsets: growing only moves the start back, never before the floor."""
    floor, start = min(a, b, len(text)), min(max(a, b), len(text))
    grown = grow_to_kind(text, start, floor, asked_kinds(question))
    assert floor <= grown <= start


@pytest.mark.parametrize(
    ("question", "span", "answer"),
    [
        ("My database file has grown big. Which command shrinks it?", "VACUUM command", "VACUUM"),  # SQLite's faq
        ("What affinity does a column declared VARCHAR get?", "TEXT affinity", "TEXT"),
        ("Which file controls client authentication?", "pg_hba.conf file", "pg_hba.conf"),
        ("What is the default suggested cache size?", "is -2000", "-2000"),  # a copula before the value
        ("Which river flows through Warsaw?", "Vistula River", "Vistula River"),  # a proper name of prose
        ("What stadium did Super Bowl 50 take place in?", "Levi's Stadium", "Levi's Stadium"),  # a possessive
        ("Which command shrinks it?", "VACUUM table", "VACUUM table"),  # another word than the kind asked
        ("What is it called?", "is", "is"),  # a copula alone stays
        ("Which switch runs prune automatically after forget?", "the --prune switch", "--prune"),  # restic's
        # a clause ending in the name and the kind's words (restic's manual)
        (
            "Which S3 storage class do backups use by default?",
            "Amazon S3 will use the STANDARD storage class",
            "STANDARD",
        ),
        ("Which S3 storage class is used?", "use the standard storage class", "use the standard storage class"),
        # a command's plain name before its kind (doit's "the forget command"); a name or mark after only articles
        # and the kind's words (doit's "option -s/--single", "option –all"; behave's "a ~")
        ("Which command makes a task execute again?", "forget command", "forget"),
        ("Which option executes a task without its dependencies?", "option -s/--single", "-s/--single"),
        ("Which option lists sub-tasks?", "the option –all", "–all"),
        ("What character represents boolean NOT?", "a ~", "~"),
        ("Which option is the default?", "option names", "option names"),  # no name after it
        ("Which file holds the settings?", "config file", "config file"),  # a file's plain word is no name
        ("In which article is it prohibited?", "Article 101(1)", "Article 101(1)"),  # SQuAD's: a name's own word
        ("What is the value of MAX_ATTEMPTS?", "= 10", "10"),  # humanfriendly's "MAX_ATTEMPTS = 10"
        # a term asked for is no value it is set to, nor its type (peewee's); a class's name in camel case drops
        # its kind
        ("Which Meta option saves only dirty fields?", "only_save_dirty = True", "only_save_dirty"),
        ("Which ForeignKeyField argument, when disabled, returns the key?", "lazy_load (bool)", "lazy_load"),
        ("Which parameter sets it?", "timeout (float or tuple)", "timeout"),
        ("Which VCL variable bypasses the cache?", "req.hash_always_miss to true in vcl_recv", "req.hash_always_miss"),
        ("Which VCL variable bypasses the cache?", "the cache to true", "the cache to true"),  # no code name leads
        ("Which builtin changes the debug flags?", "macro debugmode", "debugmode"),  # m4's: the text's own kind
        ("Which builtin changes the debug flags?", "macro Debugmode", "macro Debugmode"),  # a capitalised word
        ("Which authentication mechanism uses AWS keys?", "MONGODB-AWS mechanism", "MONGODB-AWS"),  # PyMongo's
        ("What is the flag set to?", "only_save_dirty = True", "only_save_dirty = True"),  # no term asked
        ("What exception does SqliteExtDatabase raise?", "ImproperlyConfigured exception", "ImproperlyConfigured"),
        ("What river flows through it?", "McDonald river", "McDonald river"),  # one capital inside: maybe a name
        ("What error do I get if the blob fails?", "DidNotReproduce error", "DidNotReproduce"),  # Hypothesis'
        ("Which query parser plugin parses dates?", "DateParserPlugin plugin", "DateParserPlugin"),
        ("What error do I get?", "Unicode error", "Unicode error"),  # no camel case
        # a name of code after words a colon ends (structlog's "… for your reading pleasure: structlog.getLogger.")
        ("Is there a CamelCase alias for get_logger?", "reading pleasure: structlog.getLogger", "structlog.getLogger"),
        ("Who keeps the peace?", "peacekeepers: U.N", "peacekeepers: U.N"),  # no code: no lower case
        # a name of code after words of doing that lead it (attrs' "This can be disabled in CPython by passing
        # weakref_slot=False …", its changelog's "Added attr.validators.matches_re() that checks …")
        ("How do I stop slotted classes being weak-referenceable?", "passing weakref_slot=False", "weakref_slot=False"),
        ("Which validator checks a regex?", "Added attr.validators.matches_re()", "attr.validators.matches_re()"),
        ("Which validator checks a regex?", "using U.S.", "using U.S."),  # no code: no lower case
        ("Which scheme should the proxy use?", "socks5h as the scheme", "socks5h as the scheme"),  # words after
        # a name of prose ending a span keeps its kind: quoted, or capitalised words (SQuAD's)
        (
            "What campaign did the regime initiate?",
            'the "Bricks for Warsaw" campaign',
            'the "Bricks for Warsaw" campaign',
        ),
        (
            "What type of space suit was worn?",
            "modified, fire-resistant Block II space suits",
            "modified, fire-resistant Block II space suits",
        ),
    ],
)
def test_an_answer_is_bare_of_the_kind_asked_and_of_a_copula(question, span, answer):
    """Protects short answers over manuals (SQLite's dev set: "VACUUM command", "TEXT affinity", "is -2000" were the
    answers for "VACUUM", "TEXT" and "-2000"); a name of prose keeps its kind ("Vistula River")."""
    text = f"So {span} here."
    a, b = bare_answer(text, 3, 3 + len(span), asked_kinds(question))
    assert text[a:b] == answer


@given(st.text(min_size=0, max_size=40), st.sampled_from(["Which command shrinks it?", "What is it?"]))
def test_a_bare_answer_lies_inside_the_span(span, question):
    text = f"<{span}>"
    a, b = bare_answer(text, 1, 1 + len(span), asked_kinds(question))
    assert 1 <= a <= b <= 1 + len(span)


@pytest.mark.parametrize(
    "question, kinds",
    [
        ("Which conditional expression is true if file exists and is a directory?", {"expression"}),  # Bash's
        ("Which filter centers the value in a field of a given width?", {"filter"}),  # Jinja's
        ("Which validator raises ValueError if a string is longer than a given length?", {"validator"}),  # attrs'
        ("Which loader loads templates from a directory in the file system?", {"loader"}),
        ("Which type of rock is the oldest?", set()),  # no term's kind
    ],
)
def test_a_reference_s_kinds_of_term_are_asked_for(question, kinds):
    """Protects answers by name to questions asking for a reference's term by what it does: the entry whose
    description says it in the question's words answers ("-d" of "-d file / True if file exists and is a
    directory.", where the reader had answered "Bash Conditional Expressions")."""
    from rag.answer.entries import asked_term_kinds

    assert asked_term_kinds(question) == kinds


def test_a_widened_answer_takes_in_no_clause_a_pronoun_opens():
    """Protects peewee's "Which Meta option makes model.save() write only the fields that were actually modified?",
    answered "dirty fields, you can use the Meta option only_save_dirty = True" (the reader's span widened)."""
    text = "If you always want to only save a model's dirty fields, you can use the Meta option only_save_dirty = True."
    inner = text.index("only_save_dirty")
    assert adds_clause(text, text.index("dirty fields"), len(text) - 1, inner, len(text) - 1)
    assert not adds_clause(text, text.index("Meta option"), len(text) - 1, inner, len(text) - 1)


def test_a_widened_answer_does_not_run_past_the_kind_asked_nor_grow_a_name_of_code():
    """Protects PyMongo's "Which authentication mechanism lets me log in with AWS IAM access keys?", answered
    "MONGODB-AWS mechanism authenticates using AWS IAM credentials", and m4's "What file name suffix is customarily
    used for frozen state files?", answered "the suffix of .m4f"."""
    text = "The MONGODB-AWS mechanism authenticates using AWS IAM credentials."
    end = text.index(" mechanism")
    assert past_kind(text, end, len(text) - 1, frozenset({"authentication", "mechanism"}))
    assert not past_kind(text, end, end + len(" mechanism"), frozenset({"mechanism"}))  # the kind alone: bare_answer's
    assert not past_kind(text, end, len(text) - 1, frozenset({"method"}))
    frozen = "It is conventional to give a frozen file the suffix of .m4f."
    at = frozen.index(".m4f")
    assert grow_to_kind(frozen, at, 0, frozenset({"file", "name", "suffix"}), at + 4) == at
    assert grow_to_kind(frozen, at, 0, frozenset({"suffix"})) == frozen.index("the suffix")  # no end given: as before


def test_a_widened_answer_takes_in_no_clause_a_subordinating_conjunction_opens():
    """Protects Hypothesis' "HypothesisDeprecationWarning actually inherits from which built-in warning class?",
    answered "FutureWarning, because DeprecationWarning is hidden by the default warnings filter"."""
    text = "Actually inherits from FutureWarning, because DeprecationWarning is hidden by the default warnings filter."
    inner, end = text.index("FutureWarning"), text.index("FutureWarning") + len("FutureWarning")
    assert adds_clause(text, inner, len(text) - 1, inner, end)
    assert adds_clause(text.replace("because", "although"), inner, len(text) - 1, inner, end)
    plain = "Actually inherits from FutureWarning, DeprecationWarning's sibling."
    assert not adds_clause(plain, inner, len(plain) - 1, inner, end)


def test_a_return_annotation_asked_for_as_a_callable_is_the_callable_s_name():
    """Protects Scrapy's "Which Request classmethod turns a cURL command into a Scrapy request?", answered
    "RequestTypeVar", the return annotation of the signature that answers."""
    text = "classmethod from_curl(curl_command: str, ignore_unknown_options: bool = True, **kwargs) → RequestTypeVar\n"
    at = text.index("RequestTypeVar")
    span = bare_answer(text, at, at + len("RequestTypeVar"), asked_kinds("Which Request classmethod builds it?"))
    assert text[span[0] : span[1]] == "from_curl"
    assert bare_answer(text, at, len(text) - 1, asked_kinds("What type does it return?")) == (at, len(text) - 1)
    code = "async def fetch(session) -> dict:\n"
    at = code.index("dict")
    assert bare_answer(code, at, at + 4, asked_kinds("Which function fetches it?")) == (code.index("fetch("), 15)
    prose = "It returns (in time) → a dict.\n"  # no signature
    at = prose.index("a dict")
    assert bare_answer(prose, at, at + 6, asked_kinds("Which function is it?")) == (at, at + 6)
