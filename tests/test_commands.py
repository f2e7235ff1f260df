"""A question asking for a command is answered with the command a manual shows below the sentence introducing it
("… execute the following command:" over "# postfix reload"), not with words of that sentence."""

from __future__ import annotations

from rag.answer.commands import asks_called, asks_command, command_above, shown_command, titled_command, whole_command

# Postfix's INSTALL.html as rag reads it (Postfix 3.7, IBM Public Licence 1.0 / EPL 2.0): "Which command refreshes a
# running Postfix after changing main.cf?" was answered "mail system", of the sentence above the command.
INTRO = (
    "Whenever you make a change to the main.cf or master.cf file, execute the following command in order to "
    "refresh a running mail system:"
)
INSTALL = (
    "<html><body><h2>10.1 - Postfix configuration files</h2>"
    "<p>By default, Postfix configuration files are in /etc/postfix. The two most important files are main.cf "
    "and master.cf; these files must be owned by root.</p>"
    f"<p>{INTRO}</p><pre># postfix reload</pre>"
    "<h2>10.2 - Default domain for unqualified addresses</h2>"
    "<p>First of all, you must specify what domain will be appended to an unqualified address (i.e. an address "
    'without @domain.tld). The "myorigin" parameter defaults to the local hostname.</p></body></html>'
)


def shown(text: str) -> str | None:
    s = shown_command(text, text.index(":") + 1, len(text))
    return None if s is None else text[s.start : s.end]


def test_the_command_below_an_introducing_colon():
    assert shown(f"{INTRO}\n\n# postfix reload\n\n10.2 - Default domain") == "postfix reload"
    assert shown("To create a repository, run:\n$ git init\n") == "git init"
    assert shown("Then build it:\n\n    ./configure --prefix=/usr\n    make\n") == "./configure --prefix=/usr"
    assert shown("Install it with pip:\n\npip install rag") == "pip install rag"
    # R 4.2's R-intro.html (GPL): no colon, the words introduce it; R's prompt and a call
    r = "If commands are stored in an external file, they may be executed at any time with the command"
    text = r + '\n> source("commands.R")\nFor Windows Source is also available on the File menu.'
    s = shown_command(text, len(r), len(text))
    assert s is not None and text[s.start : s.end] == 'source("commands.R")'
    text = "See the section on the install command\nmake sure the files are in place."
    assert shown_command(text, text.index("\n"), len(text)) is None  # a sentence below, not a command


def test_no_command_where_the_manual_shows_none():
    """Prose after the colon (a capital, or a stop at its end), a colon inside its line, a line two blank lines
    down, or a line longer than a command: the answer stays the reader's."""
    assert shown("The result is:\n\nThe file is copied to the target.") is None
    assert shown("Note:\nthe files are copied first.") is None
    assert shown("Two settings matter here: size and age.\nsize sets the limit") is None
    assert shown("Run:\n\n\n\npostfix reload") is None
    assert shown("Run:\n\n" + "postfix " * 20) is None
    text = "Run the following command:\n\n# postfix reload"
    assert shown_command(text, text.index(":") + 1, text.index("#")) is None  # past the passage's end


# R 4.2's R-intro.html as rag reads it (GPL): the call shown, then the sentence going on from it. "Which function
# launches a Web browser to browse the help pages?" was answered "hyperlinks".
GOES_ON = (
    "On most R installations help is available in HTML format by running\n\n> help.start()\n\nwhich will launch a "
    "Web browser that allows the help pages to be browsed with hyperlinks. On UNIX, subsequent help requests are "
    "sent to the HTML-based help system."
)


def above(text: str, sentence: str, lo: int = 0) -> str | None:
    s = command_above(text, text.index(sentence), lo)
    return None if s is None else text[s.start : s.end]


def test_the_command_above_the_sentence_going_on_from_it():
    assert above(GOES_ON, "which will") == "help.start()"
    assert above("$ make\nwhich builds the library and the tests.", "which") == "make"
    assert above(GOES_ON, "On UNIX") is None  # a sentence of its own
    assert above("Run the tests first.\n\nwhich builds them.", "which") is None  # prose above, not a command
    assert above("Run:\n\n\n$ make\n\n\nwhich builds it.", "which") is None  # two blank lines up
    text = "> help.start()\n\nwhich will launch a browser."
    assert above(text, "which", lo=text.index("which")) is None  # above the passage's start
    assert asks_called("Which function launches a Web browser to browse the help pages?")
    assert asks_called("Which command builds the library?") and not asks_called("Which option builds it?")
    # pytest 7.2's how-to/usage.html (MIT): each command shown, then what it does, its subject left out
    usage = (
        "Run tests by marker expressions\n\npytest -m slow\n\nWill run all tests which are decorated with the marker."
    )
    assert above(usage, "Will run") == "pytest -m slow"
    assert (
        above("pytest --pyargs pkg.testing\n\nThis will import pkg.testing.", "This will")
        == "pytest --pyargs pkg.testing"
    )
    assert asks_called("How do I run all tests decorated with the slow marker?")  # how to: a command answers
    assert above("Run the tests first.\n\nIt will take a while.", "It will") is None  # prose above


def test_which_questions_ask_for_a_command():
    assert asks_command("Which command refreshes a running Postfix after changing main.cf?")
    assert asks_command("What command lists the mail queue?")
    assert asks_command("How do I reload Postfix?")  # a command shown for it answers
    assert asks_command("How do you execute the commands stored in the file commands.R?")
    assert not asks_command("How does Postfix reload its configuration?")  # how it works, not what to do
    assert not asks_command("Which option flushes the queue?")


def test_ask_answers_with_the_command_shown_and_quotes_its_introduction(tmp_path, embedder, write_files):
    """Through `Index.ask` over the page: the short answer is the command, its quote the command's line, and the
    sentence the reader read is quoted next (a quote never runs across the blank line between them)."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"INSTALL.html": INSTALL})])
    ans = index.ask("Which command refreshes a running Postfix after changing main.cf?", threshold=0.0)
    assert ans.text == "postfix reload", [q.text for q in ans.quotes]
    assert ans.quotes[0].text == "# postfix reload"
    assert ans.quotes[1].text == INTRO
    doc = index.document("INSTALL.html")
    assert doc.text[ans.span.start : ans.span.end] == ans.text
    plain = index.ask("What should you do whenever you make a change to the main.cf file?", threshold=0.0)
    assert plain.quotes[0].text == INTRO  # no command asked for: the reader's answer, as before


# rclone 1.60's MANUAL.md (MIT): each subcommand titles its own section; Markdown's "#" is no text, so the title is a
# line alone. The reader answered "rclone" for "Which command dumps the config file as JSON?".
SUBCOMMANDS = [
    ("rclone config delete", "Delete an existing remote."),
    ("rclone config disconnect", "Disconnects user from remote"),
    ("rclone config dump", "Dump the config file as JSON."),
    ("rclone config file", "Show path of configuration file in use."),
]
MANUAL = "".join(
    f"# {name}\n\n{what}\n\n```\n{name} [flags]\n```\n\n## Options\n\n```\n  -h, --help   help for {name.split()[-1]}\n```\n\n"
    for name, what in SUBCOMMANDS
)


def test_the_command_titling_its_section_is_whole():
    text = "See also\n\nrclone config dump\n\nDump the config file as JSON."
    at = text.index("rclone")
    assert titled_command(text, at, at + len("rclone")) == (at, at + len("rclone config dump"))
    assert titled_command(text, at, at + len("rclone config dump")) is None  # whole already
    inline = "Run it.\nrclone config dump\nto see it."
    assert titled_command(inline, inline.index("rclone"), inline.index("rclone") + 6) is None  # not a line alone
    sentence = "See also\n\nRclone dumps the config file as JSON.\n\nMore."
    assert titled_command(sentence, sentence.index("Rclone"), sentence.index("Rclone") + 6) is None


def test_ask_answers_with_the_whole_command_titling_the_section(tmp_path, embedder, write_files):
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"MANUAL.md": MANUAL})])
    ans = index.ask("Which command dumps the config file as JSON?", threshold=0.0)
    assert ans.text == "rclone config dump", [q.text for q in ans.quotes]


def test_a_command_after_a_shell_prompt_is_answered_whole():
    """Protects Click's "After writing setup.py for my Click tool, what command installs it into the virtualenv in
    editable mode …?", answered "pip" of "$ pip install --editable ."; a line without a prompt, or a span outside
    the command, is no such command."""
    text = "To install it:\n\n$ pip install --editable .\n\nThen run it."
    at = text.index("pip")
    assert whole_command(text, at, at + 3) == (at, at + len("pip install --editable ."))
    editable = text.index("--editable")
    assert whole_command(text, editable, editable + len("--editable")) == (at, at + len("pip install --editable ."))
    plain = text.replace("$ ", "")
    assert whole_command(plain, plain.index("pip"), plain.index("pip") + 3) is None  # no prompt: maybe prose
    assert whole_command(text, 0, 2) is None  # not on the command's line


def test_a_how_question_after_its_setting_and_a_statement_of_code_ending_in_a_semicolon():
    """Protects Varnish's "I only use dynamic backends from VMODs; how do I declare a placeholder backend that always
    fails with a 503?" (answered "an empty" of "… backend can be specified:" over "backend default none;") and
    Bottle's "My template edits don't show up; how do I flush Bottle's compiled template cache?"."""
    assert asks_command("I only use dynamic backends from VMODs; how do I declare a placeholder backend?")
    assert asks_command("My template edits don't show up, how can I flush the cache?")
    assert not asks_command("Somehow do I need it?") and not asks_command("Who knows how do I feel?")
    text = "If you only use dynamic backends, an empty backend can be specified:\n\nbackend default none;\n"
    shown = shown_command(text, text.index(":\n") + 1, len(text))
    assert shown is not None and text[shown.start : shown.end] == "backend default none;"
    prose = "It can be specified:\n\nthe backend is then empty and unused;\n"
    assert shown_command(prose, prose.index(":\n") + 1, len(prose)) is None  # a clause of prose
