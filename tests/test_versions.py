"""A question asking since which version a term exists is answered by the note its entry holds, as Sphinx writes
one ("New in version 3.2."), however far below the term's signature, and never by another entry's note."""

from __future__ import annotations

from records import doc, hit

from rag.answer.versions import LOOK_BACK, entry_above, noted_version
from rag.embed.model import known_words

# Python 3.11's functools.html as rag reads it (PSF licence): each function's signature over its description, and
# the version note closing the entry, paragraphs below (an example and a pointer between).
FUNCTOOLS = (
    "functools.cache(user_function)\nSimple lightweight unbounded function cache. Sometimes called “memoize”.\n\n"
    "New in version 3.9.\n\n"
    "functools.cmp_to_key(func)\nTransform an old-style comparison function to a key function. Used with tools "
    "that accept key functions (such as sorted(), min(), max()).\n\nA comparison function is any callable that "
    "accepts two arguments, compares them, and returns a negative number for less-than.\n\nExample:\n\n"
    "sorted(iterable, key=cmp_to_key(locale.strcoll))  # locale-aware sort order\n\n"
    "For sorting examples and a brief sorting tutorial, see Sorting HOW TO.\n\nNew in version 3.2.\n\n"
    "@functools.lru_cache(maxsize=128, typed=False)\nDecorator to wrap a function with a memoizing callable.\n\n"
    "Changed in version 3.3: Added the typed option.\n\nNew in version 3.8: The user_function option.\n\n"
    "functools.reduce(function, iterable[, initializer])\nApply function of two arguments cumulatively.\n\n"
    "Deprecated since version 3.12: Use itertools.accumulate() instead.\n"
)


def answered(question: str, start: int = 0) -> str | None:
    d = doc(FUNCTOOLS, "functools", suffix=".html")
    found = noted_version(question, [(hit(d, start), d)], known_words())
    if found is None:
        return None
    assert FUNCTOOLS[found.quote_start : found.quote_end].startswith(("New in", "Deprecated"))
    assert found.quote_start <= found.start < found.end <= found.quote_end
    return FUNCTOOLS[found.start : found.end]


def test_the_note_closing_the_named_terms_entry_answers():
    """Protects "In which version was functools.cmp_to_key added?" on Python's library reference: its quote held
    "New in version 3.2." and abstained (0.17), and the note is five paragraphs below the signature."""
    assert answered("In which version was functools.cmp_to_key added?") == "3.2"
    assert answered("Since which version does cmp_to_key exist?") == "3.2"  # the module's name left out
    assert answered("When was functools.cache added?") == "3.9"
    late = FUNCTOOLS.index("For sorting examples")  # a passage holding the note alone: the entry is above it
    assert answered("In which version was functools.cmp_to_key added?", late) == "3.2"
    assert answered("Since which version is functools.reduce deprecated?") == "3.12"


def test_no_note_of_another_entry_or_of_a_part_of_it_answers():
    assert answered("In which version was functools.lru_cache added?") is None  # its notes are about its options
    assert answered("In which version was functools.reduce added?") is None  # no note of its own
    assert answered("In which version was functools.partial added?") is None  # not on the page
    assert answered("What does functools.cmp_to_key do?") is None  # asks no version
    assert answered("In which version was the sort key added?") is None  # names no term


# Python 3.11's http.server.html as rag reads it (PSF licence): the command line's options, each with its note.
SERVER = (
    "The option -d/--directory specifies a directory to which it should serve the files. For example:\n\n"
    "python -m http.server --directory /tmp/\n\nNew in version 3.7: --directory argument was introduced.\n\n"
    "By default, the server is conformant to HTTP/1.0. The option -p/--protocol specifies the HTTP version.\n\n"
    "New in version 3.11: --protocol argument was introduced.\n\nChanged in version 3.8: --bind supports IPv6.\n"
)


def test_a_note_of_a_part_added_answers_for_the_option_it_names():
    """Protects "In which version was the --directory argument of http.server introduced?": the passage held the
    note, and the reader abstained (0.07), quoting an example's "import http.server"."""

    def version(question: str) -> str | None:
        d = doc(SERVER, "http.server", suffix=".html")
        found = noted_version(question, [(hit(d), d)], known_words())
        return None if found is None else SERVER[found.start : found.end]

    assert version("In which version was the --directory argument of http.server introduced?") == "3.7"
    assert version("When was the --protocol option of http.server added?") == "3.11"
    assert version("When was the --bind option added?") is None  # a change, not an addition
    assert version("When was http.server added?") is None  # no note of the page's own


def test_a_note_may_name_the_product_for_the_version():
    """Docutils 0.19's config.txt (public domain), a setting headed by its name: "New in Docutils 0.17."."""
    text = (
        "line_length_limit\n-----------------\n\nMaximal number of characters in an input line or `substitution`_\n"
        "definition.\n\nDefault: 10 000.\nOption: ``--line-length-limit``\n\n*New in Docutils 0.17.*\n"
    )
    d = doc(text, "config", suffix=".txt")
    found = noted_version("In which Docutils version was line_length_limit added?", [(hit(d), d)], known_words())
    assert found is not None and text[found.start : found.end] == "0.17"


def test_an_entry_is_the_nearest_signature_over_its_description():
    note = FUNCTOOLS.index("New in version 3.2.")
    start, end = entry_above(FUNCTOOLS, note)
    assert FUNCTOOLS[start:end] == "functools.cmp_to_key(func)"  # not the example's call, with no prose below it
    far = "util.far(x)\nDescribed here.\n\n" + "Filler sentence.\n\n" * (LOOK_BACK // 18 + 2) + "New in version 1.0."
    assert entry_above(far, far.index("New in")) is None


def test_ask_answers_with_the_note_and_its_confidence(tmp_path, embedder, write_files):
    """Through `Index.ask` over the page: the short answer is the note's version, quoted first, and it is answered
    with the confidence such entry answers have (`AnswerSettings.described_confidence`), not the reader's."""
    from rag.index import Index

    page = (
        '<html><body><dl class="py function"><dt>functools.cache(user_function)</dt><dd><p>Simple lightweight '
        "unbounded function cache.</p><p>New in version 3.9.</p></dd></dl>"
        '<dl class="py function"><dt>functools.cmp_to_key(func)</dt><dd><p>Transform an old-style comparison '
        "function to a key function.</p><p>Example:</p><pre>sorted(iterable, key=cmp_to_key(locale.strcoll))</pre>"
        "<p>For sorting examples and a brief sorting tutorial, see Sorting HOW TO.</p>"
        '<div class="versionadded"><p><span class="versionmodified added">New in version 3.2.</span></p></div>'
        "</dd></dl></body></html>"
    )
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"functools.html": page})])
    ans = index.ask("In which version was functools.cmp_to_key added?")
    text = index.document("functools.html").text
    assert ans.found and ans.text == "3.2", [q.text for q in ans.quotes]
    assert ans.quotes[0].text == "New in version 3.2." and text[ans.span.start : ans.span.end] == "3.2"


def test_a_bare_name_the_vocabulary_lacks_is_a_term_whose_note_answers():
    """Protects "In which version was FrozenAttributeError added?" over attrs 22.2's api.html (MIT), whose quote held
    the note and abstained: a name with no dot or underscore is a term when the reader's vocabulary lacks it."""
    text = (
        "exception attrs.exceptions.FrozenInstanceError\nA frozen instance has been attempted to be modified.\n\n"
        "New in version 16.1.0.\n\nexception attrs.exceptions.FrozenAttributeError\nA frozen attribute has been "
        "attempted to be modified.\n\nNew in version 20.1.0.\n\nexception attrs.exceptions.AttrsAttributeNotFoundError"
        "\nAn attrs function couldn’t find an attribute that the user asked for.\n\nNew in version 16.2.0."
    )
    d = doc(text, "api", suffix=".html")
    found = noted_version("In which version was FrozenAttributeError added?", [(hit(d), d)], known_words())
    assert found is not None and text[found.start : found.end] == "20.1.0"


# Flask 2.2's config.html as rag reads it (BSD-3-Clause): each setting's name over its description, its default and
# its version note, paragraphs below.
FLASK = (
    "SESSION_COOKIE_SECURE\nBrowsers will only send cookies with requests over HTTPS if the cookie is marked "
    "“secure”.\n\nDefault: False\n\nSESSION_COOKIE_SAMESITE\nRestrict how cookies are sent with requests from "
    "external sites. Can be set to 'Lax' (recommended) or 'Strict'. See Set-Cookie options.\n\nDefault: None\n\n"
    "New in version 1.0.\n\nPERMANENT_SESSION_LIFETIME\nIf session.permanent is true, the cookie’s expiration will "
    "be set this number of seconds in the future.\n\nDefault: timedelta(days=31) (2678400 seconds)\n\n"
    "New in version 0.7.\n"
)


def test_the_note_below_a_passage_holding_only_the_term_line_answers():
    """Protects "When was SESSION_COOKIE_SAMESITE added?" over Flask's configuration page, whose passage read ended
    with the setting's description: the reader answered "Lax' (recommended) or 'Strict'." (0.38)."""
    d = doc(FLASK, "config", suffix=".html")
    upto = FLASK.index("See Set-Cookie")

    def version(question: str, end: int = upto) -> str | None:
        found = noted_version(question, [(hit(d, 0, end), d)], known_words())
        return None if found is None else FLASK[found.start : found.end]

    assert version("When was SESSION_COOKIE_SAMESITE added?") == "1.0"
    assert version("When was SESSION_COOKIE_SECURE added?") is None  # the next note is SESSION_COOKIE_SAMESITE's
    assert version("When was PERMANENT_SESSION_LIFETIME added?") is None  # its line is not in the passage
    assert version("When was PERMANENT_SESSION_LIFETIME added?", len(FLASK)) == "0.7"


# coverage.py 6.5's config.html (Apache-2.0): each setting headed apart, its type and default opening its
# description; Postfix 3.7's postconf.5.html (IPL-1.0/EPL-2.0): each parameter's line over its description.
COVERAGE = (
    "[run] plugins\n\n(multi-string) A list of plugin package names. See Plug-ins for more information.\n\n"
    "[run] sigterm\n\n(boolean, default False) if true, register a SIGTERM signal handler to capture data when the "
    "process ends due to a SIGTERM signal.\n\nOnly on Linux and Mac.\n\nNew in version 6.4: (in 6.3 this was always "
    "enabled)\n\n[run] source_pkgs\n\n(multi-string) A list of packages.\n\nNew in version 5.3.\n"
)
POSTFIX = (
    "postscreen_greet_wait (default: normal: 6s, overload: 2s)\nThe amount of time that postscreen(8) will wait for "
    "an SMTP client to send a command before its turn.\n\nSpecify a non-zero time value.\n\nThis feature is "
    "available in Postfix 2.8.\n\npostscreen_helo_required (default: $smtpd_helo_required)\nRequire that a remote "
    "SMTP client sends HELO or EHLO before commencing a MAIL transaction.\n\nThis feature is available in Postfix "
    "2.8 and later.\n"
)


def test_notes_of_settings_headed_apart_and_of_postfix_parameters_answer():
    """Protects "When was the sigterm option added?" (coverage.py: its note, with a bracketed remark, closes an
    entry headed apart, below the passage read) and "When did postscreen_greet_wait become available?" (Postfix's
    "This feature is available in Postfix 2.8."), which the reader answered with the default, "normal: 6s"."""

    def version(text: str, question: str, end: int | None = None) -> str | None:
        d = doc(text, "page", suffix=".html")
        found = noted_version(question, [(hit(d, 0, end), d)], known_words())
        return None if found is None else text[found.start : found.end]

    head = COVERAGE.index("Only on Linux")
    assert version(COVERAGE, "When was the sigterm option added?", head) == "6.4"
    assert version(COVERAGE, "When was the plugins option added?", head) is None  # the note is sigterm's
    assert version(COVERAGE, "In which version was source_pkgs added?") == "5.3"
    assert version(POSTFIX, "When did postscreen_greet_wait become available?") == "2.8"
    assert version(POSTFIX, "Since which version is postscreen_helo_required available?") == "2.8"
    assert version(POSTFIX, "When did postscreen_greet_wait wait?") is None  # asks no version


def test_a_sentence_saying_the_term_called_by_its_kind_is_new_in_a_version_answers():
    """Beautiful Soup 4.11's index.html (MIT): "In which version was the string argument introduced?" had
    abstained, the sentence quoted (0.15)."""
    text = (
        "The string argument\n\nWith string you can search for strings instead of tags. The string argument is new "
        "in Beautiful Soup 4.4.0. In earlier versions it was called text.\n\nThe limit argument was added in 4.5.1."
    )
    d = doc(text, "index", suffix=".html")

    def version(question: str) -> str | None:
        found = noted_version(question, [(hit(d), d)], known_words())
        return None if found is None else text[found.start : found.end]

    assert version("In which version was the string argument introduced?") == "4.4.0"
    assert version("Since which version does the limit argument exist?") == "4.5.1"
    assert version("In which version was the recursive argument introduced?") is None  # said of none
    assert version("In which version was the string argument deprecated?") is None
