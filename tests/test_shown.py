"""A name a question asks for is answered from the code shown below the sentence that introduces it ("… bind a
socket locally:" over "conn = aiohttp.TCPConnector(local_addr=…)"), not with a word of that sentence."""

from __future__ import annotations

from rag.answer.shown import set_to, shown_name

# aiohttp 3.8's faq.html, Scrapy 2.8's jobs.html, Whoosh 2.7's stemming.html, Arrow 1.2's index.html, Click 8.1's
# prompts.html and Pint 0.20's serialization.html as rag reads them (Apache-2.0, BSD-3-Clause, BSD-2-Clause,
# Apache-2.0, BSD-3-Clause, BSD-3-Clause)
AIOHTTP = (
    "If your system has several IP interfaces, you may choose one which will be used used to bind a socket locally:"
    "\n\nconn = aiohttp.TCPConnector(local_addr=('127.0.0.1', 0), loop=loop)\n"
    "async with aiohttp.ClientSession(connector=conn) as session:\n    ...\n\nSee also\n"
)
SCRAPY = (
    "To start a spider with persistence support enabled, run it like this:\n\n"
    "scrapy crawl somespider -s JOBDIR=crawls/somespider-1\n\nThen, you can stop the spider safely at any time.\n"
)
WHOOSH = (
    "# For example, to add an accent-folding filter to a stemming analyzer:\n"
    "my_analyzer = StemmingAnalyzer() | CharsetFilter(accent_map)\n\nNow the analyzer folds accents.\n"
)
ARROW = (
    "Convert from UTC to other timezones by name or tzinfo:\n\n>>> utc = arrow.utcnow()\n>>> utc\n"
    "<Arrow [2013-05-07T05:24:11.823627+00:00]>\n\n>>> utc.to('US/Pacific')\n<Arrow [2013-05-06T22:24:11-07:00]>\n"
)

CLICK = (
    "There is also the option to make the function automatically abort the execution of the program if it does not"
    " return True:\n\nclick.confirm('Do you want to continue?', abort=True)\n"
)

PINT = (
    "Finally, if you need multiple custom registries, it’s impossible to correctly unpickle pint.Quantity or "
    "pint.Unit objects.The best way is to create a tuple with the magnitude and the units:\n\n"
    ">>> to_serialize = duration.to_tuple()\n>>> print(to_serialize)\n(24.2, (('year', 1),))\n\n"
    "And then you can just pickle that:\n"
)


def name(question: str, text: str, answer: str = "socket") -> str | None:
    s = shown_name(question, answer, text, text.index(":\n") + 1, len(text))
    return None if s is None else text[s.start : s.end]


def test_the_name_of_the_asked_role_in_the_code_below_an_introducing_colon():
    """Protects aiohttp's "… Which TCPConnector parameter binds outgoing client connections to a local address?"
    (answered "socket"), Scrapy's "Which setting do I pass on the command line so that a crawl can be stopped and
    resumed?" and Whoosh's "Which analysis filter can I add so that searching for cafe also finds café?"."""
    assert name("Which TCPConnector parameter binds outgoing connections to a local address?", AIOHTTP) == "local_addr"
    assert name("Which setting do I pass on the command line so a crawl can be resumed?", SCRAPY) == "JOBDIR"
    assert name("Which analysis filter can I add so that cafe also finds café?", WHOOSH) == "CharsetFilter"
    s = shown_name("Which TCPConnector parameter binds it?", "socket", AIOHTTP, AIOHTTP.index(":\n") + 1, len(AIOHTTP))
    assert s is not None and AIOHTTP[s.line : s.line_end].startswith("conn = aiohttp.TCPConnector(")  # quoted


def test_a_call_that_shows_what_the_example_made_is_not_what_it_shows():
    """Protects Pint's "… What method turns a quantity into something I can pickle safely?": the session below calls
    the method, then print() to show what it gave."""
    assert name("What method turns a quantity into something I can pickle?", PINT, "unpickle") == "duration.to_tuple()"


def test_no_name_where_the_reader_answered_one_of_the_shape_the_code_names_several_or_the_question_names_it():
    """A name of the asked shape stands; several calls of an interactive session name no one (Arrow's "Which method
    converts an Arrow object to another timezone?", whose session below calls arrow.utcnow() first)."""
    question = "Which TCPConnector parameter binds outgoing connections to a local address?"
    assert name(question, AIOHTTP, answer="local_port") is None  # the reader's answer has the shape
    assert name("Which method converts an Arrow object to another timezone?", ARROW) is None
    assert name("Which parameter sets local_addr?", AIOHTTP) is None  # named; "loop", "connector" no setting names
    assert name("Which parameter binds it?", AIOHTTP.replace(":\n\n", ".\n\n", 1)) is None  # no introducing colon
    assert name("Who wrote it?", AIOHTTP) is None  # no kind asked


def test_a_keyword_argument_set_to_a_literal_is_answered_with_it_and_a_string_literal_is_no_prose():
    """Protects Click's "I call click.confirm() and want the program to stop automatically if the user answers no.
    What argument do I pass?" (answered "abort the execution"): the code line's string, "Do you want to continue?",
    had read as prose and ended the block; what is passed is "abort=True", a value that is no literal stays apart
    ("local_addr" of "local_addr=('127.0.0.1', 0)")."""
    assert name("I call click.confirm() and want it to stop. What argument do I pass?", CLICK) == "abort=True"
    assert name("Which argument stops it?", CLICK.replace("abort=True", "abort=stop")) == "abort"
    assert name("Which argument is it?", CLICK.replace(", abort=True", "")) is None  # the call's names no setting
    assert name("Does abort=True stop it? Which argument?", CLICK) is None  # named by the question


def test_a_setting_asked_for_takes_in_the_literal_a_line_of_prose_sets_it_to():
    """Protects Tornado's "… I want a temporary redirect. What initialization argument should I add to the rule?"
    (answered "permanent" of "… add permanent=False to the RedirectHandler initialization arguments."); a signature's
    default is no value to set ("unsafe=False" of "class aiohttp.CookieJar(*, unsafe=False, …)")."""
    tornado = (
        "To send a temporary redirect with a RedirectHandler, add permanent=False to the initialization arguments."
    )
    start = tornado.index("permanent")
    assert tornado[start : set_to(tornado, start, start + 9, "setting")] == "permanent=False"
    assert set_to(tornado, start, start + 9, None) == start + 9  # no setting asked
    assert set_to(tornado, start + 1, start + 9, "setting") == start + 9  # no name, whole
    cookies = "class aiohttp.CookieJar(*, unsafe=False, quote_cookie=True) makes the jar of all the cookies"
    start = cookies.index("unsafe")
    assert set_to(cookies, start, start + 6, "setting") == start + 6
    signature = "aiohttp.CookieJar(*, unsafe=False)"
    start = signature.index("unsafe")
    assert set_to(signature, start, start + 6, "option") == start + 6  # no prose


def test_a_template_s_tags_are_no_prose_that_ends_the_block():
    """Protects Jinja's "I need to give table rows alternating 'odd'/'even' CSS classes inside a for loop. Which
    method on the loop variable does that?" (answered "different styles"): "{% for row in rows %}" had read as prose
    and ended the block above the call."""
    jinja = (
        "If you want to have different styles for each row of a table or list you can use the cycle method on the"
        " loop object:\n\n<ul>\n{% for row in rows %}\n  <li class=\"{{ loop.cycle('odd', 'even') }}\">{{ row }}</li>"
        "\n{% endfor %}\n</ul>\n\ncycle can take an unlimited number of strings.\n"
    )
    assert name("Which method on the loop variable gives alternating classes?", jinja) == "loop.cycle('odd', 'even')"


def test_an_attribute_a_line_of_code_sets_is_a_setting_s_name_a_plain_variable_is_none():
    """Protects Varnish's "Which backend attribute limits how many concurrent connections Varnish opens to that
    backend?" (answered "simultaneous" of "Limit how many simultaneous connections varnish can open to the
    backend:" over ".max_connections = 1000;"); a plain variable a line sets is no setting ("conn = …")."""
    varnish = "Limit how many simultaneous connections varnish can open to the backend:\n\n.max_connections = 1000;\n"
    assert name("Which backend attribute limits the connections?", varnish) == ".max_connections"
    assert name("Which setting turns it on?", "Set it:\n\nDEBUG_MODE = True\n") == "DEBUG_MODE"
    assert name("Which setting sets it?", "Set it:\n\nconn = 3\n") is None


def test_a_package_asked_for_is_the_one_an_installer_s_command_below_installs():
    """Protects Psycopg's "Which pip package gives me a precompiled psycopg2 so I don't need a compiler or libpq
    headers?" (answered "PyPI" of "… using the wheel package available on PyPI:" over "$ pip install
    psycopg2-binary")."""
    psycopg = "The quickest way is the wheel package available on PyPI:\n\n$ pip install psycopg2-binary\n"
    assert name("Which pip package gives me a precompiled psycopg2?", psycopg) == "psycopg2-binary"
    assert name("Which Debian package has the headers?", "Install:\n\napt-get install -y libpq-dev\n") == "libpq-dev"
    assert name("Which module gives me a precompiled psycopg2?", psycopg) is None  # no package asked
    assert name("Is psycopg2-binary the package?", psycopg) is None  # named by the question
