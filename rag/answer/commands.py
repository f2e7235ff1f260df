"""A command a question asks for, shown below the sentence that introduces it: "… execute the following command:"
over "# postfix reload" answers "Which command refreshes a running Postfix?" with "postfix reload"; or above the
sentence that goes on from it: "> help.start()" over "which will launch a Web browser …"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.extent import stands_alone
from rag.answer.installs import install_target
from rag.answer.kinds import asked_kinds

COMMAND_MAX = 120  # a command line is at most this long
# A command as documentation shows it on a line of its own, after a shell's prompt or none: "# postfix reload",
# "$ git init", "pip install rag", "./configure --prefix=/usr"; a program's name leads it, in lower case.
# R's "> source("commands.R")": its prompt, and a call.
_COMMAND = re.compile(
    r"(?P<prompt>[ \t]*(?:(?:>|[$%#])[ \t]+)?)(?P<command>(?:\.{0,2}/|~/)?[a-z][\w.+/-]*(?:\([^\n]*\))?(?:[ \t]+\S+)*)"
)
# What ends a sentence introducing a command on the next line: a colon, or the words "command", "running", "type"
# ("… in an R session with the command" over "> source("commands.R")")
_INTRO_END = re.compile(r"(?::|\b(?:command|running|type|typing|enter))[ \t]*$", re.IGNORECASE)
PROSE = re.compile(r"\b[A-Za-z][a-z]+ [a-z]+ [a-z]+ [a-z]+\b")  # four words in a row: prose, not a line of code
NEXT_LINE = re.compile(r"[ \t]*\n(?:[ \t]*\n)?")  # then at most one blank line
# A sentence going on from the command shown above it, its subject: "which will launch …" (R's), "Will run all tests
# which are decorated with …" and "This will import pkg.testing …" (pytest's)
_GOES_ON = re.compile(r"(?:which|Will|This will|It will)\s")
# The end of the line above a quote, at most one blank line up
_LINE_ABOVE = re.compile(r"(?<=[^\s])[ \t]*\n(?:[ \t]*\n)?[ \t]*\Z")
# "How do I …?", or after the question's setting: "I only use dynamic backends from VMODs; how do I declare …?"
_HOW = re.compile(r"(?:^\s*|[.;:?!,]\s+)how\s+(?:do|can|should|would|could)\s+(?:i|you|we|one)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Shown:
    """A command shown on its own line: the command's characters (no prompt) and its line's, in document offsets."""

    start: int
    end: int
    line: int
    line_end: int


def asks_called(question: str) -> bool:
    """Whether `question` asks for a command or a function by what it does ("Which function launches a Web
    browser …?") or how to do something ("How do I run all tests decorated with the slow marker?"): a command or
    call shown, that a sentence goes on from, answers."""
    return bool(asked_kinds(question) & {"command", "function"}) or asks_how(question)


def asks_how(question: str) -> bool:
    """Whether `question` asks how to do something ("How do I …?", "How can you …?")."""
    return bool(_HOW.search(question))


def asks_command(question: str) -> bool:
    """Whether `question` asks for a command by what it does ("Which command refreshes …?", "What command …?") or
    how to do something ("How do you execute the commands stored in the file commands.R?"): a command shown for
    it answers."""
    return "command" in asked_kinds(question) or asks_how(question)


def shown_command(text: str, quote_end: int, hi: int) -> Shown | None:
    """The command shown on the first line below a quote that ends introducing it ("… execute the following
    command:", "… with the command"), within text[:hi] (the passage): a line of at most COMMAND_MAX characters, at
    most one blank line down, led by a program's name in lower case (or a call: R's "source("commands.R")") after
    a prompt or none, and not a sentence (no stop at its end, no clause's semicolon: `_clause`). None when the quote
    ends otherwise or the line is no command."""
    intro = _INTRO_END.search(text, max(0, quote_end - 12), quote_end)
    m = NEXT_LINE.match(text, quote_end, hi)
    if quote_end < 1 or not intro or not m:
        return None
    start = m.end()
    end = text.find("\n", start)
    return _command_line(text, start, hi if end < 0 or end > hi else end)


def command_above(text: str, quote_start: int, lo: int) -> Shown | None:
    """The command shown on the line right above a quote that goes on from it ("> help.start()" over "which will
    launch a Web browser that allows the help pages to be browsed with hyperlinks.", R's manual; "pytest -m slow"
    over "Will run all tests which are decorated with …", pytest's), at most one blank
    line up and within text[lo:] (the passage), the line as `shown_command` reads it. None when the quote starts
    otherwise or the line is no command."""
    above = _LINE_ABOVE.search(text, lo, quote_start)
    if not _GOES_ON.match(text, quote_start) or above is None:
        return None
    end = above.start()
    return _command_line(text, text.rfind("\n", lo, end) + 1 or lo, end)


def _command_line(text: str, start: int, end: int) -> Shown | None:
    """The command on the line text[start:end]: at most COMMAND_MAX characters, led by a program's name or a call,
    and not a sentence (no stop at its end, no clause's semicolon). None when the line is no command."""
    m = _COMMAND.fullmatch(text, start, end)
    if not m or end - start > COMMAND_MAX or text[end - 1] in ".:!?," or _clause(text, start, end):
        return None
    return Shown(start=m.start("command"), end=m.end("command"), line=start, line_end=end)


def _clause(text: str, start: int, end: int) -> bool:
    """Whether the line text[start:end] ends as a clause of prose does: a semicolon after four words in a row, not a
    statement of code ("backend default none;")."""
    return text[end - 1] == ";" and PROSE.search(text, start, end) is not None


# A command titling its own section, a line alone: "rclone config dump", "git-config", "borg compact"
_TITLE = re.compile(r"[a-z][\w.-]*(?:[ \t]+[a-z][\w.-]*){1,3}")


def titled_command(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The whole command a span text[start:end] starts when that command titles its section, its line standing
    alone between blank lines (or the text's ends), as manuals of subcommands title each one's page ("rclone config
    dump" over "Dump the config file as JSON.", for the span "rclone"): the line's start and end. None elsewhere."""
    line = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    if start != line or end >= line_end or not text[end].isspace() or not _TITLE.fullmatch(text, line, line_end):
        return None
    return (line, line_end) if stands_alone(text, line, line_end) else None


_PROMPTED = re.compile(r"[ \t]*[$%][ \t]+(?P<command>\S[^\n]*?)[ \t]*")  # "$ pip install --editable ."


def whole_command(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The whole command a span text[start:end] is part of: the one titling its section (`titled_command`), or the
    command on a line after a shell's prompt ("pip install --editable ." of "$ pip install --editable .", for the
    span "pip"), at most COMMAND_MAX characters. None elsewhere."""
    if titled := titled_command(text, start, end):
        return titled
    line = text.rfind("\n", 0, start) + 1
    line_end = len(text) if (e := text.find("\n", start)) == -1 else e
    m = _PROMPTED.fullmatch(text, line, line_end)
    if not m or not m.start("command") <= start < end <= m.end("command") or line_end - line > COMMAND_MAX:
        return None
    return m.span("command")


def asked_command(
    question: str, text: str, start: int, end: int, quote_start: int, quote_end: int
) -> tuple[int, int] | None:
    """What answers a question asking for a command, where the reader's span is text[start:end] in its quote
    [quote_start, quote_end): the install target of the pip command the quote shows, for a question asking what to
    pip install (`installs.install_target`), else the whole command the span is part of (`whole_command`)."""
    if target := install_target(question, text, quote_start, quote_end, start):
        return target
    return whole_command(text, start, end) if asks_command(question) else None
