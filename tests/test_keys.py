"""A question asking which key does something is answered by the key the passages say to press for it, in the
question's words; the reader's answer stands for other questions, and where no key is named in those words."""

from __future__ import annotations

from html import escape

import pytest
from records import doc, hit, idf_share, table_page

from rag.answer.candidates import Candidate
from rag.answer.keys import asks_key, key_mentions, pressed_key

# The aptitude user's manual (aptitude-doc-en 0.8.13, GPL 2+), paragraphs as rag reads them. The reader marked "Actions
# menu", "The basic action keys" and "arrow keys" for the questions below: never the key.
BASICS = (
    "As the top line of the screen suggests, you can access aptitude's menus by pressing Control+t (also valid: "
    "Control+Space and F10); you can also click the mouse on a menu title if your system supports it.\n\n"
    "If a menu item can be activated using a keyboard shortcut, the shortcut is displayed in the menu: for "
    "instance, the command “Update package list” can be activated by pressing u.\n\n"
    "At any time, you can press ? to display an on-line reference to the available keyboard shortcuts."
)
ACTIONS = (
    "The basic action keys [2] are + to install or upgrade a package, - to remove a package, and = to prevent a "
    "package from being automatically upgraded (this is known as holding the package).\n\n"
    "To save time, you can use the [ key to expand all the subgroups of a group at once."
)
# The rest of a manual, as idf sees it: "package", "key" and "press" are common words in it.
BACKGROUND = [f"Press the key of package group {i} to see the package list of section {i}." for i in range(30)]


def overlap(question: str):
    return idf_share(question, [BASICS, ACTIONS, *BACKGROUND])


def html(text: str) -> str:
    return "".join(f"<p>{p}</p>" for p in text.split("\n\n"))


def keys_in(text: str) -> list[str]:
    return [text[a:b] for a, b in key_mentions(text, 0, len(text))]


def read(text: str, span: str, id: str = "manual") -> tuple[Candidate, list]:
    d = doc(text, f"{id}.html", suffix=".html")
    h = hit(d)
    start = text.index(span)
    end = text.index(".", start) + 1
    return Candidate(h, d, start, start + len(span), 5.0, 0.0, start, end, 0.5), [(h, d)]


def test_the_keys_a_sentence_names():
    assert keys_in(BASICS) == ["Control+t", "u", "?"]
    assert keys_in(ACTIONS) == ["+", "-", "=", "["]  # listed with what each does, in a sentence about keys
    assert keys_in("Pressing Enter while the group is selected expands it.") == ["Enter"]
    assert keys_in("Type C-x C-f to open a file; press q to quit.") == ["C-x C-f", "q"]
    assert keys_in("You can press f again to remove the flag.") == ["f"]
    # no key: an article, a word, a number range, a sentence about no key
    assert keys_in("Type a name and press the button.") == []
    assert keys_in("Type root's password.") == []
    assert keys_in("Counts go from 1 to many; + to add is an operator.") == []
    assert keys_in("Use the arrow keys to move.") == []


def test_which_questions_ask_for_a_key():
    assert asks_key("Which key opens aptitude's menus?")
    assert asks_key("What keyboard shortcut undoes a change?")
    assert asks_key("What do I press to quit?")
    assert not asks_key("Which file holds the package states?")
    assert not asks_key("How do I search backwards in the package list?")
    assert asks_key("What should you type to leave the editor?")
    assert not asks_key("What is the default dependency type?")  # the noun, not the verb (Debian Reference's)


def test_the_key_named_in_the_questions_words_answers():
    c, passages = read(BASICS, "menu title")
    question = "Which key displays an on-line reference to the available keyboard shortcuts?"
    got = pressed_key(question, [c], 0, overlap(question), passages)
    assert got is not None and got.text == "?"
    assert BASICS[got.quote_start : got.quote_end] == (
        "At any time, you can press ? to display an on-line reference to the available keyboard shortcuts."
    )
    c, passages = read(ACTIONS, "The basic action keys")
    question = "Which key prevents a package from being automatically upgraded?"
    got = pressed_key(question, [c], 0, overlap(question), passages)
    assert got is not None and got.text == "="  # not "+" or "-", listed in the same sentence


def test_the_readers_answer_stands_when_the_question_asks_no_key_or_no_key_is_worded_so():
    c, passages = read(ACTIONS, "holding the package")
    question = "What is it called when a package is prevented from being automatically upgraded?"
    assert pressed_key(question, [c], 0, overlap(question), passages) is None  # asks for no key
    question = "Which key shows the changelog of a package?"
    assert pressed_key(question, [c], 0, overlap(question), passages) is None  # no key is said to do that


def test_ask_answers_with_the_key(tmp_path, embedder, write_files):
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    pages = {f"section{i}.html": f"<p>{text}</p>" for i, text in enumerate(BACKGROUND)}
    index.add([write_files(tmp_path / "docs", {"basics.html": html(BASICS), "actions.html": html(ACTIONS), **pages})])
    ans = index.ask("Which key expands all the subgroups of a group at once?", threshold=0.0)
    assert ans.text == "[", [q.text for q in ans.quotes]
    assert ans.quotes[0].text == "To save time, you can use the [ key to expand all the subgroups of a group at once."
    doc_text = index.document(ans.span.doc_id).text
    assert doc_text[ans.span.start : ans.span.end] == "["


# Mutt 2.2's manual (gettingstarted.html, GPL 2+): its keys are a table's rows, "Key | Function | Description". The
# reader answered "Description", "<BackSpace>" of "kill the char in front of the cursor" and "z or <PageDn>".
EDITOR_KEYS = [  # its Table 2.3, "Most common line editor keys", but for two rows of no function
    ("^A or <Home>", "<bol>", "move to the start of the line"),
    ("^B or <Left>", "<backward-char>", "move back one char"),
    ("Esc B", "<backward-word>", "move back one word"),
    ("^D or <Delete>", "<delete-char>", "delete the char under the cursor"),
    ("^E or <End>", "<eol>", "move to the end of the line"),
    ("^F or <Right>", "<forward-char>", "move forward one char"),
    ("Esc F", "<forward-word>", "move forward one word"),
    ("<Tab>", "<complete>", "complete filename, alias, or label"),
    ("^T", "<complete-query>", "complete address with query"),
    ("^K", "<kill-eol>", "delete to the end of the line"),
    ("Esc d", "<kill-eow>", "delete to the end of the word"),
    ("^W", "<kill-word>", "kill the word in front of the cursor"),
    ("^U", "<kill-line>", "delete entire line"),
    ("^V", "<quote-char>", "quote the next typed key"),
    ("<Up>", "<history-up>", "recall previous string from history"),
    ("<Down>", "<history-down>", "recall next string from history"),
    ("^R", "<history-search>", "use current input to search history"),
    ("<BackSpace>", "<backspace>", "kill the char in front of the cursor"),
    ("Esc u", "<upcase-word>", "convert word to upper case"),
    ("Esc l", "<downcase-word>", "convert word to lower case"),
    ("Esc c", "<capitalize-word>", "capitalize the word"),
]


# The rest of a manual, as idf sees it: "key", "message" and "line" are common words in it.
MAILBOXES = [f"The key binding of mailbox {i} opens its message index, one line per message." for i in range(30)]


def key_table(rows: list[tuple[str, str, str]]) -> str:
    cells = "".join(f"<tr><td>{escape(k)}</td><td><code>{escape(f)}</code></td><td>{d}</td></tr>" for k, f, d in rows)
    head = "<tr><th>Key</th><th>Function</th><th>Description</th></tr>"
    return f"<table><thead>{head}</thead><tbody>{cells}</tbody></table>"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Which key kills the word in front of the cursor?", "^W"),  # not "<BackSpace>", worded as nearly
        ("Which function deletes the char under the cursor?", "<delete-char>"),  # another column's cell
    ],
)
def test_a_key_tables_row_in_the_questions_words_answers(tmp_path, embedder, write_files, question, answer):
    from rag.index import Index

    page = f"<html><body><h2>Editing Input Fields</h2><p>Most common line editor keys</p>{key_table(EDITOR_KEYS)}"
    pages = {f"mailbox{i}.html": f"<p>{text}</p>" for i, text in enumerate(MAILBOXES)}
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"gettingstarted.html": page + "</body></html>", **pages})])
    ans = index.ask(question, threshold=0.0)
    assert ans.text == answer, [q.text for q in ans.quotes]
    assert ans.quotes[0].text.startswith("Key: ")


def test_a_row_holding_every_question_word_the_readers_does_and_more_answers_however_near():
    """Protects worded.worded_entry's rule beside its margin: "Esc u" of "convert word to upper case" answers "Which
    key converts a word to upper case?" for the reader's "Esc l" of "convert word to lower case", whose row holds
    all of the question's words that the other's holds but "upper", too few to beat it by WORDED_MARGIN."""
    from rag.answer.rows import row_words
    from rag.answer.worded import WORDED_MARGIN, worded_entry

    d, h, rows = table_page(key_table(EDITOR_KEYS), "gettingstarted.html")
    text = d.text
    lower = rows["Key: Esc l"]
    reader = Candidate(h, d, lower[0] + 5, lower[0] + 10, 5.0, 0.0, lower[0], lower[1], 0.5)
    question = "Which key converts a word to upper case?"
    panes = [f"The upper pane of mailbox {i} lists its messages." for i in range(8)]  # "upper" is a common word
    texts = [text[a:b] for a, b in rows.values()] + MAILBOXES + panes
    share = idf_share(question, texts)
    upper = rows["Key: Esc u"]
    gain = share(row_words(d.title, text[upper[0] : upper[1]])) - share(text[lower[0] : lower[1]])
    assert 0 < gain < WORDED_MARGIN  # nearly as well worded
    got = worded_entry(question, [reader], 0, reader, share, [(h, d)])
    assert got is not None and got.text == "Esc u"
    question = "Which key converts a word?"  # both rows hold every word of it: the reader's stands
    assert worded_entry(question, [reader], 0, reader, idf_share(question, texts), [(h, d)]) is None


# Debian Reference 2.100's chapter 1 and 9 (GPL 2+), as rag reads them: their tables' headers are lower-case words
# ("key | description of key binding"), which a row's cells were not read as labelled by, so no key column was found:
# the reader answered "Ctrl-Q" of "reactivate output to screen", "key binding" of the header's words and "(umount)".
BASH_KEYS = [
    ("Ctrl-U", "erase line before cursor"),
    ("Ctrl-D", "terminate input (exit shell if you are using shell)"),
    ("Ctrl-C", "terminate a running program"),
    ("Ctrl-Z", "temporarily stop program by moving it to the background job"),
    ("Ctrl-S", "halt output to screen"),
    ("Ctrl-Q", "reactivate output to screen"),
    ("Ctrl-R", "start incremental command history search under bash"),
    ("Tab", "complete input of the filename to the command line under bash"),
]
SYSRQ_KEYS = [
    ("k", "kill all processes on the current virtual console (SAK)"),
    ("s", "sync all mounted filesystems to avoid data corruption"),
    ("u", "remount all mounted filesystems read-only (umount)"),
    ("r", "restore the keyboard from raw mode after X crashes"),
]

# The rest of the manual, as idf sees it: "bash" is a common word in it.
SHELL = [
    f"The bash shell reads startup file {i} when it starts, and its key bindings from file {i + 1}." for i in range(30)
]


def lower_table(head: tuple[str, str], rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td>{escape(k)}</td><td>{escape(d)}</td></tr>" for k, d in rows)
    return f"<table><thead><tr><th>{head[0]}</th><th>{head[1]}</th></tr></thead><tbody>{cells}</tbody></table>"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Which key binding halts output to the screen in bash?", "Ctrl-S"),
        ("Which key starts incremental command history search under bash?", "Ctrl-R"),
        ("Which key after Alt-SysRq remounts all mounted filesystems read-only?", "u"),
    ],
)
def test_a_key_table_with_lower_case_headers_answers_with_its_key(tmp_path, embedder, write_files, question, answer):
    from rag.index import Index

    bash = lower_table(("key", "description of key binding"), BASH_KEYS)
    sysrq = lower_table(("key following Alt-SysRq", "description of action"), SYSRQ_KEYS)
    pages = {f"shell{i}.html": f"<p>{text}</p>" for i, text in enumerate(SHELL)}
    pages["ch01.html"] = f"<html><body><h2>1.5. The simple shell command</h2>{bash}</body></html>"
    pages["ch09.html"] = f"<html><body><h2>9.4.15. Alt-SysRq key</h2>{sysrq}</body></html>"
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", pages)])
    ans = index.ask(question, threshold=0.0)
    assert ans.text == answer, [q.text for q in ans.quotes]
    assert ans.quotes[0].text.startswith(f"key{' following Alt-SysRq' if answer == 'u' else ''}: {answer} | ")
