"""A question asking what to pip install is answered by the install target the quote's pip command names, or by the
whole command when it asks for one; of several, the one the question's words name."""

from __future__ import annotations

from rag.answer.commands import asked_command
from rag.answer.installs import install_target

# Flask 2.2's async-await.html, SQLObject 3.10's download.html, PyMongo 3.11's atlas.html and nose2 0.12's
# plugins/coverage.html (BSD-3-Clause, LGPL-2.1, Apache-2.0, BSD) as rag reads them: the reader had answered
# "flask", "mysql", "python -m" and "[coverage_plugin]>=0.6.5".
FLASK = "Routes … can all be coroutine functions if Flask is installed with the async extra (pip install flask[async])."
SQLOBJECT = (
    "They can be installed separately but it’s also possible to install them with pip install, for example pip "
    "install SQLObject[mysql] or pip install SQLObject[postgres]."
)
PYMONGO = "$ python -m pip install pymongo[tls]"
NOSE2 = "$ pip install -U nose2[coverage_plugin]>=0.6.5"


def _answer(question: str, text: str, span: str) -> str | None:
    found = install_target(question, text, 0, len(text), text.index(span))
    return None if found is None else text[found[0] : found[1]]


def test_the_target_of_the_pip_command_quoted_answers_what_to_install():
    assert _answer("What do I need to pip install so that views can use async def?", FLASK, "Flask") == "flask[async]"
    assert _answer("What pip install target pulls in PyMongo with TLS?", PYMONGO, "python") == "pymongo[tls]"
    assert _answer("What do I pip install for coverage?", NOSE2, "[") == "nose2[coverage_plugin]>=0.6.5"  # "-U" aside


def test_of_several_targets_the_one_the_question_names_answers_and_a_command_asked_is_whole():
    question = "What single pip command installs SQLObject along with a PostgreSQL driver as an extra?"
    assert _answer(question, SQLOBJECT, "mysql") == "pip install SQLObject[postgres]"
    question = "What do I pip install to use SQLObject with MySQL?"
    assert _answer(question, SQLOBJECT, "postgres") == "SQLObject[mysql]"
    question = "What do I pip install to get SQLObject's drivers?"  # neither named: the one the reader read in
    assert _answer(question, SQLOBJECT, "postgres") == "SQLObject[postgres]"


def test_no_target_answers_other_questions_or_a_quote_without_a_pip_command():
    assert _answer("Which extra does Flask need for async views?", FLASK, "Flask") is None  # asks no pip install
    assert _answer("What do I pip install for coverage?", "Install coverage first.", "coverage") is None
    # a command asked otherwise stays the whole command after its prompt (`commands.whole_command`)
    text = "$ rclone config dump"
    assert asked_command("Which command dumps the config?", text, 2, 8, 0, len(text)) == (2, len(text))
    assert asked_command("What does rclone do?", text, 2, 8, 0, len(text)) is None
