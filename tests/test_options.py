"""A question asking what an option of a command does is answered by the sentence of the command's entry that names
the option, not by the entry's first sentence, which says what the command does."""

from __future__ import annotations

from records import described_on

from rag.answer.headed import headed_answer
from rag.answer.options import asked_option, option_sentence
from rag.embed.model import known_words

# Bash 5.2's reference manual (bashref.html, GNU FDL) as rag reads it: each builtin is headed apart by its name and
# its synopsis, its options described in prose. "What does the -l option of exec do?" had been answered with
# exec's first sentence, at confidence 1.0.
BUILTINS = (
    "exec\n\nexec [-cl] [-a name] [command [arguments]]\n\n"
    "If command is supplied, it replaces the shell without creating a new process. If the -l option is supplied, "
    "the shell places a dash at the beginning of the zeroth argument passed to command. This is what the login "
    "program does. The -c option causes command to be executed with an empty environment.\n\n"
    "export\n\nexport [-fn] [-p] [name[=value]]\n\n"
    "Mark each name to be passed to child processes in the environment. If the -f option is supplied, the names "
    "refer to shell functions; otherwise the names refer to shell variables."
)


def _said(question: str) -> tuple[str, str] | None:
    return described_on(lambda q, read: headed_answer(q, read, known_words()), BUILTINS, "bashref", question)


def test_the_sentence_naming_the_option_answers_past_the_clause_that_names_it():
    answer, quote = _said("What does the -l option of exec do?")
    assert answer == "the shell places a dash at the beginning of the zeroth argument passed to command."
    assert quote.startswith("If the -l option is supplied, ")
    assert _said("What does the -c option of exec do?")[0].startswith("The -c option causes command")  # no clause
    assert _said("What does exec -f do?") is None  # exec's entry names no -f: export's is not its


def test_a_question_naming_no_option_reads_the_entry_s_description():
    assert (
        _said("What does exec do?")[0]
        == "If command is supplied, it replaces the shell without creating a new process."
    )


def test_asked_option_is_the_one_option_besides_the_entry_s_own_name():
    assert asked_option("What does the -l option of exec do?", "exec") == "-l"
    assert asked_option("What does --posix do?", "--posix") is None  # the entry's own: its description answers
    assert asked_option("What do -a and -b do?", "set") is None  # two: no one sentence answers
    assert asked_option("What does a built-in command do?", "exec") is None  # a hyphen inside a word names none


def test_option_sentence_reads_prose_paragraphs_only():
    text = "cd [-L|[-P [-e]] [-@] [directory]\n\nThe -P option means to not follow symbolic links."
    prose = [(0, text.index("\n"), False), (text.index("The"), len(text), True)]
    a, b, qa, qb = option_sentence("-P", text, prose)
    assert text[a:b] == text[qa:qb] == "The -P option means to not follow symbolic links."
    assert option_sentence("-e", text, prose) is None  # named only on the synopsis line, which is no prose
