"""A question asking what a callable returns, its return type, what it raises or what a class derives from is answered
by the field its own entry gives ("Returns", "Return type", "Raises", "Bases:"), under the class the question names,
never by a neighbour's field."""

from __future__ import annotations

from records import doc, hit

from rag.answer.fields import asked_field, field_answer

# cachelib 0.9's base.html and simple.html (BSD-3-Clause) and Requests 2.28's api.html (Apache-2.0) as rag reads
# them. The reader had abstained on "What does delete return?" and answered "keys" for get_dict's return type.
BASE = (
    "class cachelib.base.BaseCache(default_timeout=300)\nBases: object\n\n"
    "Baseclass for the cache systems.\n\n"
    "clear()\nClears the cache. Keep in mind that not all caches support completely clearing the cache.\n\n"
    "delete(key)\nDelete key from the cache.\n\nParameters\nkey (str) – the key to delete.\n\n"
    "Returns\nWhether the key existed and has been deleted.\n\nReturn type\nboolean\n\n"
    "get(key)\nLook up key in the cache and return the value for it.\n\nParameters\nkey (str) – the key to be looked "
    "up.\n\nReturns\nThe value if it exists and is readable, else None.\n\nReturn type\nAny\n\n"
    "get_dict(*keys)\nLike get_many() but return a dict:\n\nParameters\nkeys (str) – The function accepts multiple "
    "keys as positional arguments.\n\nReturn type\nDict[str, Any]\n\n"
)
SIMPLE = (
    "class cachelib.simple.SimpleCache(threshold=500, default_timeout=300)\nBases: cachelib.base.BaseCache\n\n"
    "Simple memory cache for single process environments.\n\n"
    "get(key)\nLook up key in the cache.\n\nReturns\nThe value, or a default of None when it is missing.\n\n"
)
RESPONSE = (
    "class requests.Response\nThe Response object, which contains a server’s response to an HTTP request.\n\n"
    "json(**kwargs)\nReturns the json-encoded content of a response, if any.\n\n"
    "Parameters\n**kwargs – Optional arguments that json.loads takes.\n\n"
    "Raises\nrequests.exceptions.JSONDecodeError – If the response body does not contain valid json.\n\n"
    "TypeError – If the keyword arguments are not accepted by json.loads.\n\n"
    "property ok\nReturns True if status_code is less than 400, False if not.\n\n"
    "This attribute checks if the status code of the response is between 400 and 600.\n\n"
    "raise_for_status()\nRaises HTTPError, if one occurred.\n\n"
)


def _answer(question: str, *texts: str) -> tuple[str, str] | None:
    docs = [doc(t, f"page{i}", suffix=".html") for i, t in enumerate(texts)]
    got = field_answer(question, [(hit(d), d) for d in docs])
    if got is None:
        return None
    return got.doc.text[got.start : got.end], got.doc.text[got.quote_start : got.quote_end]


def test_what_a_question_asks_of_which_callable():
    assert asked_field("What does BaseCache.get return?") == ("returns", "BaseCache.get")
    assert asked_field("What is the return type of get_dict?") == ("type", "get_dict")
    assert asked_field("What type does the get_dict method return?") == ("type", "get_dict")
    assert asked_field("What does r.json() raise when the JSON decoding fails?") == ("raises", "r.json")
    assert asked_field("Which exception does `delete` raise?") == ("raises", "delete")
    assert asked_field("What is returned by clear()?") == ("returns", "clear")
    assert asked_field("What does the cache store?") is None
    assert asked_field("Which exception is raised when a key is missing?") is None  # names no callable


def test_the_entry_s_own_field_answers_quoted_with_its_label():
    said = "Whether the key existed and has been deleted."
    assert _answer("What does delete return?", BASE) == (said, f"Returns\n{said}")
    assert _answer("What is the return type of get_dict?", BASE) == ("Dict[str, Any]", "Return type\nDict[str, Any]")
    assert _answer("What is the return type of delete?", BASE) == ("boolean", "Return type\nboolean")


def test_a_field_below_another_entry_answers_nothing():
    # clear() has no Returns field: delete's, below it, is not clear's
    assert _answer("What does clear return?", BASE) is None
    # get_dict() has no Returns field: nothing below it either
    assert _answer("What does get_dict return?", BASE) is None


def test_a_method_is_found_under_the_class_the_question_names():
    base = "The value if it exists and is readable, else None."
    simple = "The value, or a default of None when it is missing."
    assert _answer("What does SimpleCache.get return?", BASE, SIMPLE)[0] == simple
    assert _answer("What does BaseCache.get return?", SIMPLE, BASE)[0] == base
    assert _answer("What does FileSystemCache.get return?", BASE, SIMPLE) is None


def test_the_exception_whose_condition_the_question_words_is_the_one_raised():
    json_error = "requests.exceptions.JSONDecodeError"
    assert _answer("What does r.json() raise when the body is not valid json?", RESPONSE)[0] == json_error
    type_error = "TypeError – If the keyword arguments are not accepted by json.loads."
    assert _answer("Which exception does Response.json raise if keyword arguments are not accepted?", RESPONSE) == (
        "TypeError",
        type_error,
    )
    assert _answer("What does Response.json raise?", RESPONSE)[0] == json_error  # no condition asked: the first


def test_an_exception_s_line_may_say_why_after_an_if():
    # Werkzeug's make_conditional, as Flask 2.2's api.html writes it (BSD-3-Clause)
    text = (
        "make_conditional(request_or_environ, accept_ranges=False, complete_length=None)\n"
        "Make the response conditional to the request.\n\nRaises:\n"
        "RequestedRangeNotSatisfiable if Range header could not be parsed or satisfied.\n\nReturn type:\nResponse\n"
    )
    said = _answer("What does make_conditional raise if the Range header could not be parsed?", text)
    assert said == ("RequestedRangeNotSatisfiable", text.splitlines()[4])
    assert _answer("What is the return type of make_conditional?", text) == ("Response", "Return type:\nResponse")


def test_without_a_field_the_description_saying_what_it_returns_answers():
    said = "Returns True if status_code is less than 400, False if not."
    assert _answer("What does Response.ok return?", RESPONSE) == (said.removeprefix("Returns "), said)
    assert _answer("What does raise_for_status return?", RESPONSE) is None  # it says what it raises


# Apache Commons Lang 3.12's StringUtils.html (Apache-2.0) as rag reads its Javadoc: the method's name, a blank line,
# its signature, a blank line, its description with examples (indented code), then its fields, one label a line.
JAVADOC = (
    "public class StringUtils\nextends Object\n\nMethod Details\n\n"
    "center\n\npublic static String center(String str, int size)\n\n"
    "Centers a String in a larger String of size size using the space character (' ').\n\n"
    ' StringUtils.center(null, *)   = null\n StringUtils.center("abcd", 2) = "abcd"\n\n'
    "Parameters:\nstr - the String to center, may be null\nsize - the int size of new String, negative treated as "
    "zero\nReturns:\ncentered String, null if null String input\n\n"
    "abbreviate\n\npublic static String abbreviate(String str, int maxWidth)\n\nAbbreviates a String using ellipses.\n\n"
    "Parameters:\nstr - the String to check, may be null\nmaxWidth - maximum length of result String, must be at "
    "least 4\nReturns:\nabbreviated String, null if null String input\nThrows:\n"
    "IllegalArgumentException - if the width is too small\nSince:\n2.0\n"
)


def test_javadoc_s_fields_answer_under_the_method_s_signature_not_its_examples():
    said = "centered String, null if null String input"
    assert _answer("What does StringUtils.center return?", JAVADOC) == (said, f"Returns:\n{said}")
    said = "abbreviated String, null if null String input"  # up to the next label's line
    assert _answer("What does StringUtils.abbreviate return?", JAVADOC) == (said, f"Returns:\n{said}")
    thrown = "IllegalArgumentException - if the width is too small"
    assert _answer("What does abbreviate throw if the width is too small?", JAVADOC) == (
        "IllegalArgumentException",
        thrown,
    )
    assert _answer("What does WordUtils.center return?", JAVADOC) is None  # another class's


# Jinja 3.1's templates.html (BSD-3-Clause) as rag reads it: the filters' entries list their other names. The reader had
# abstained on "What is the alias of the default filter?".
FILTERS = (
    "jinja-filters.default(value: V, default_value: V = '', boolean: bool = False) → V\n"
    "If the value is undefined it will return the passed default value, otherwise the value of the variable:\n\n"
    "Aliases:\nd\n\n"
    "jinja-filters.dictsort(value: Mapping[K, V], case_sensitive: bool = False) → List[Tuple[K, V]]\n"
    "Sort a dict and yield (key, value) pairs.\n\n"
    "jinja-filters.escape(value)\nReplace the characters &, <, >, ', and \" in the string with HTML-safe sequences.\n\n"
    "Aliases:\ne\n\n"
)


def test_an_entry_s_aliases_field_answers_what_else_it_is_called():
    assert asked_field("What is the alias of the default filter?") == ("aliases", "default")
    assert asked_field("What are the other names for escape?") == ("aliases", "escape")
    assert _answer("What is the alias of the default filter?", FILTERS) == ("d", "Aliases:\nd")
    assert _answer("What is the alias of the escape filter?", FILTERS) == ("e", "Aliases:\ne")
    assert _answer("What is the alias of the dictsort filter?", FILTERS) is None  # escape's field is not dictsort's


# SQLObject 3.10's api/sqlobject.dberrors.html as rag reads it (LGPL-2.1): the reader's "IntegrityError" abstained
DBERRORS = (
    "exception sqlobject.dberrors.DataError\nBases: DatabaseError\n\n"
    "exception sqlobject.dberrors.DuplicateEntryError\nBases: IntegrityError\n\n"
    "exception sqlobject.dberrors.Error\nBases: Exception\n\n"
)


def test_a_class_s_bases_line_answers_what_it_derives_from():
    question = "I want to catch duplicate-key errors. What is the parent class of DuplicateEntryError?"
    assert asked_field(question) == ("bases", "DuplicateEntryError")
    assert asked_field("Which class does SimpleCache inherit from?") == ("bases", "SimpleCache")
    assert asked_field("HypothesisDeprecationWarning actually inherits from which warning class?") == (
        "bases",
        "HypothesisDeprecationWarning",
    )
    assert asked_field("What is the base class for all SQLObject errors?") is None  # names no class
    assert _answer(question, DBERRORS) == ("IntegrityError", "Bases: IntegrityError")
    assert _answer("What is the base class of Error?", DBERRORS) == ("Exception", "Bases: Exception")
    assert _answer("Which class does SimpleCache inherit from?", BASE, SIMPLE)[0] == "cachelib.base.BaseCache"
    assert _answer("What is the parent class of IntegrityError?", DBERRORS) is None  # its entry is not read


# lxml 4.9's validation.html (BSD-3-Clause) as rag reads it: no field says what assertValid raises; its session shows it
SESSION = (
    "If you prefer getting an exception when validating, you can use the assert_ or assertValid methods:\n\n"
    ">>> relaxng.assertValid(doc2)\nTraceback (most recent call last):\n  ...\n"
    "lxml.etree.DocumentInvalid: Did not expect element c there, line 1\n\n"
    ">>> relaxng.validate(doc2)\nFalse\n"
)


def test_a_session_shows_what_a_call_raises_where_no_field_says():
    """Protects lxml's "What exception class does assertValid() throw?", answered "validating" of the sentence above."""
    question = "I'd rather get an exception than a False result. What exception class does assertValid() throw?"
    assert asked_field(question) == ("raises", "assertValid")
    session = SESSION[SESSION.index(">>> relaxng.assertValid") : SESSION.index("\n\n>>> relaxng.validate")]
    assert _answer(question, SESSION) == ("lxml.etree.DocumentInvalid", session)
    assert _answer("What does validate raise?", SESSION) is None  # its call raises nothing
    assert _answer("What does parse raise?", SESSION) is None  # not called there
