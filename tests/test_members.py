"""A question naming a method by its class ("Response.raise_for_status") is answered by the entry written under
that class with the bare name, as Sphinx and Javadoc write methods; never by another class's entry of that name, nor
by a changelog's item that names it."""

from __future__ import annotations

from records import doc, hit

from rag.answer.headed import headed_answer
from rag.answer.members import member_lines, names_entry, qualified_names

# Requests 2.28's api.html and community/updates.html (Apache-2.0) as rag reads them.
API = (
    "class requests.Session\nA Requests session.\n\n"
    "close()\nCloses all adapters and as such the session\n\n"
    "mount(prefix, adapter)\nRegisters a connection adapter to a prefix.\n\n"
    "class requests.Response\nThe Response object, which contains a server’s response to an HTTP request.\n\n"
    "close()\nReleases the connection back to the pool.\n\n"
    "property ok\nReturns True if status_code is less than 400, False if not.\n\n"
    "raise_for_status()\nRaises HTTPError, if one occurred.\n\n"
    "elapsed\nThe amount of time elapsed between sending the request and the arrival of the response.\n"
)
UPDATES = (
    "0.2.3 (2011-02-15)\n\nNew HTTPHandling Methods\n\nResponse.ok (True if expected HTTP Status)\n\n"
    "Response.raise_for_status() (Raises stored HTTPError)\n\n0.2.2 (2011-02-14)\n\n"
    "Still handles request in the event of an HTTPError. (Issue #2)\n"
)
KNOWN = frozenset("what does do is the".split())


def _line(name: str) -> tuple[int, int]:
    at = API.index(f"\n{name}") + 1
    return at, API.index("\n", at)


def test_a_method_s_line_heads_the_entry_of_the_name_qualified_by_its_class():
    assert qualified_names("What does Response.raise_for_status() do?") == ["Response.raise_for_status"]
    assert names_entry("Response.raise_for_status", API, *_line("raise_for_status()"))
    assert names_entry("Response.ok", API, *_line("property ok"))
    assert names_entry("r.ok", API, *_line("property ok"))  # an instance's one letter
    session_close = _line("close()")  # Session's, the first
    assert names_entry("Session.close", API, *session_close)
    assert not names_entry("Response.close", API, *session_close)
    assert not names_entry("Session.mount", API, *_line("raise_for_status()"))
    assert not names_entry("session.mount", API, *_line("mount("))  # a module's name is written in lower case
    assert names_entry("requests.Session", API, 0, API.index("\n"))  # its qualified name ends so


def test_what_the_method_does_is_the_description_under_its_line_in_its_class():
    d = doc(API, "api.html", suffix=".html")
    said = headed_answer("What does Response.close do?", [(hit(d), d)], KNOWN)
    assert said is not None and API[said.start : said.end] == "Releases the connection back to the pool."
    said = headed_answer("What does Session.mount do?", [(hit(d), d)], KNOWN)
    assert said is not None and API[said.start : said.end] == "Registers a connection adapter to a prefix."
    assert [API[a:b] for a, b in member_lines("What does Session.close do?", API, 0, len(API))] == ["close()"]
    said = headed_answer("What is Response.elapsed?", [(hit(d), d)], KNOWN)  # an attribute's bare name
    assert said is not None and API[said.start : said.end].startswith("The amount of time elapsed")
    assert not names_entry("elapsed", API, *_line("elapsed"))  # a bare word unqualified is no name asked


def test_a_changelog_s_item_naming_the_method_heads_no_entry():
    updates, api = doc(UPDATES, "updates.html", suffix=".html"), doc(API, "api.html", suffix=".html")
    assert headed_answer("What does Response.raise_for_status do?", [(hit(updates), updates)], KNOWN) is None
    read = [(hit(updates), updates), (hit(api), api)]
    said = headed_answer("What does Response.raise_for_status do?", read, KNOWN)
    assert said is not None and API[said.start : said.end] == "Raises HTTPError, if one occurred."
