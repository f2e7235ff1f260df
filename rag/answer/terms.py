"""Which words of a question name a term: dotted names and options, and bare names the reader's vocabulary lacks."""

from __future__ import annotations

import re
from collections.abc import Container

from rag.answer.calls import called_kinds, called_names
from rag.answer.extent import SHOWN_VALUE, SIGNATURE_KEYWORD, TERM_LABEL
from rag.answer.kinds import TERM_KINDS, singular
from rag.ingest.sentences import CELL, sentence_spans
from rag.retrieve.tokenize import tokenize

# A term as questions name it: dotted, underscored or scoped names, hyphens inside their parts or not, options
# ("work_mem", "shutil.rmtree", "status.enable-sort", "--amend", "APT::Install-Recommends").
TERM = re.compile(
    r"(?<![\w.:-])(?:--?[A-Za-z][\w-]*|[A-Za-z_]\w*(?:-\w+)*(?:[._]\w+(?:-\w+)*)+|[A-Za-z_][\w-]*(?:::[A-Za-z_][\w-]*\w)+"
    r"|_[A-Za-z]\w*"  # a name its underscore marks as code, however short: Lua's "_G", "_ENV"
    r"|[bglstvw]:[A-Za-z_]\w*)"  # a Vim variable with its scope: "g:black_linelength"
)
_SHORT_NAME = re.compile(r"-[a-z]{2}|_[a-z]\w*")  # an option of two letters ("-ss", "-an" of FFmpeg), a name "_" opens
# A name of words joined by hyphens, as BIND's statements ("tcp-initial-timeout") and CSS's properties are named
HYPHENATED = re.compile(r"(?<![\w.-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+(?![\w-]|\.\w)")
_QUOTED_WORD = re.compile(r"(?<!\w)['‘\"“]([A-Za-z_][A-Za-z0-9_]*)['’\"”](?!\w)")  # "'list'", "“number”"
_BARE_WORD = re.compile(r"(?<![\w.-])[A-Za-z_][A-Za-z0-9_]*(?![\w.-])")  # a plain word, no dotted name's part
_KEYWORD = rf"(?:{TERM_LABEL})?(?:{SIGNATURE_KEYWORD}\s+)?"  # "Variable: CFLAGS", "class pathlib.PurePath(…)"
# another name in a table's key cell: "-l" of "-l, --list", "javac" of "javac or modern"; a key pressed after Esc or
# with a modifier, as key tables write them ("Esc u" of Mutt's "Key: Esc u | Function: <upcase-word> | …")
_ALIAS = r"(?:(?:Esc|Ctrl|Control|Alt|Meta|Shift)[ \t]+)?[^\s,/]+"
_ALIAS_SEP = r"[ \t]*(?:,|/|\bor\b)[ \t]*"  # between a key cell's names
KEY_CELL = rf"{_ALIAS}(?:{_ALIAS_SEP}{_ALIAS})*"  # a table's key cell: a term or its aliases, no prose
_NOTES = (
    r"(?:\s+(?:<[^<>\n]*>|\([^()\n]*\)|\[[^\[\]\n]*\]))*"  # a term's bracketed notes: " <S>", " (-J)", " (integer)"
)
# An option's value as its term line writes it after the name: "=<number>" of Valgrind's "--num-callers=<number>
# [default: 12]", "=<no|summary|yes|full>", "=alloc|free|none", "[=WHEN]"
_OPTION_VALUE = r"(?:\[?=(?:<[^<>\n]*>|[^\s\[\]<>]+)\]?)?"
# A term line of a quoted name, its quoted aliases and its type, as Vim's help writes options ("'textwidth' 'tw'
# number (default 0)"); the names' alternatives go in the braces. Or with the value it defaults to, as ConfigObj's
# manual lists its options (`extent.SHOWN_VALUE`)
_QUOTED_NAME = rf"['‘](?:{{}})['’](?:(?:[ \t]+'[\w-]+')*(?:[ \t]+[a-z]+)?|{SHOWN_VALUE})"
# A Python attribute's annotation after its name, as Sphinx's autodoc writes it ("resilient_parsing: bool",
# "token_normalize_func: Optional[Callable[[str], str]]", "x: int = 5"): a type, no description of it
_TYPE = (
    r"(?:\w+\.)*(?:bool|int|str|float|bytes|complex|list|dict|tuple|set|frozenset|type|object|None|[A-Z]\w*)(?:\[.*\])?"
)
_ANNOTATION = rf":[ \t]*{_TYPE}(?:[ \t]*\|[ \t]*{_TYPE})*(?:[ \t]+=[ \t]+\S.*)?"
# A term line of a bare name, alone or with bracketed notes: "globstar", "HISTSIZE <S>", "AUTO_CD (-J)"; after a
# label naming its kind, as GNU Texinfo writes definitions: "Variable: CFLAGS", "User Option: …"
_KIND_LABEL = r"(?:[A-Z][a-z]+ )?(?:Variable|Option|Macro|Function|Command|Constant|Parameter|Setting|Property): "
_BARE_HEAD = re.compile(
    rf"(?:(?:{_KIND_LABEL})?([A-Za-z_][A-Za-z0-9_]*)|{_QUOTED_NAME.format('([A-Za-z_][A-Za-z0-9_]*)')}){_NOTES}"
)
_ARGUED = re.compile(r"([a-z_][a-z0-9_]*)[ \t]+[a-z][a-z0-9_-]*")  # "maxdist maxdistance"
# A manual page's section headings (man-pages(7)): a heading, never a term, whether the vocabulary has the word or not
MANUAL_SECTIONS = frozenset(
    "name synopsis configuration description options exit return errors environment files versions attributes "
    "standards history notes caveats bugs examples diagnostics authors author copyright license".split()
)
_ADMONITIONS = frozenset("note notes warning warnings tip tips important caution danger hint attention todo".split())


def named_terms(text: str) -> set[str]:
    """The terms `text` names, lower-cased ("work_mem" of "What is the default value of work_mem?"); not
    abbreviations such as "e.g" whose every part is a letter or two, but options of two letters ("-ss"); not
    options of one letter ("-x"), left out as before (tried on FFmpeg's "What does the -n option do?": no better,
    its entry is not among the passages retrieved)."""
    found = (m.group(0).lower().rstrip(".") for m in TERM.finditer(text))
    return {t for t in found if any(len(part) > 2 for part in re.split(r"[._-]+", t)) or _SHORT_NAME.fullmatch(t)}


def hyphenated_names(question: str) -> frozenset[str]:
    """The words of `question` joined by hyphens, lower-cased ("tcp-initial-timeout" of "What is the default of
    tcp-initial-timeout?"). Prose has such words too ("built-in"): they name a term only where a text has a line
    heading its entry."""
    return frozenset(m.group(0).lower() for m in HYPHENATED.finditer(question))


def bare_name(line: str) -> str | None:
    """The name, lower-cased, of a term line that is a bare name, alone or with bracketed notes ("globstar",
    "HISTSIZE <S>", "AUTO_CD (-J)"), or quoted with its aliases and type ("'textwidth' 'tw' number (default 0)");
    None for any other line."""
    m = _BARE_HEAD.fullmatch(line.strip())
    return (m.group(1) or m.group(2)).lower() if m else None


def argued_name(line: str) -> str | None:
    """The name, lower-case, of a term line that is a lower-case name and its argument's, as NTPsec's AsciiDoc heads
    its options ("maxdist maxdistance", "orphanwait delay", over "Specify …"); None for any other line."""
    m = _ARGUED.fullmatch(line.strip())
    return m.group(1) if m else None


def entry_name(line: str) -> str | None:
    """`bare_name`, or a name of words joined by hyphens alone on its line, as Readline's variables and BIND's
    statements head their entries ("keyseq-timeout", "listen-on-v6"); lower-cased."""
    return bare_name(line) or (line.strip().lower() if HYPHENATED.fullmatch(line.strip()) else None)


def shouted(line: str) -> bool:
    """Whether a term line's bare name is written in capitals, as SQL's keywords are ("CONCURRENTLY" over its
    description among CREATE INDEX's parameters): a term, whatever word it is, unless an admonition's ("NOTE")."""
    word = line.strip()
    return len(word) > 2 and word.isalpha() and word.isupper() and word.lower() not in _ADMONITIONS


def row_line(names: set[str] | frozenset[str]) -> re.Pattern[str]:
    """A table row whose first cell is one of `names`, alone or among its aliases, after its column's name or not
    ("Attribute: overwrite | Description: …", "-l, --list | …", "javac or modern | …"): a reference table's entry of
    that name; any case."""
    alts = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(
        rf"^[ \t]*(?:[^|\n:]{{1,30}}: )?(?:{_ALIAS}{_ALIAS_SEP})*(?:{alts})(?:{_ALIAS_SEP}{_ALIAS})*{re.escape(CELL)}",
        re.IGNORECASE | re.MULTILINE,
    )


def bare_names(question: str, texts: list[str], known: Container[str]) -> frozenset[str]:
    """The plain words of `question` that may name an entry's term although they are no dotted name or option:
    words of three letters or more that the reader's vocabulary (`known`, lower-cased) holds neither whole nor as
    their stem, as made-up names are ("globstar", "HISTSIZE", "PPID"; not "value" or "default", which API
    references also use as terms: "value <any>"), or joined by hyphens ("keyseq-timeout"), and that start a line of
    one of `texts` (the passages read: its term line, or `argued_name`'s) or a table row there (`row_line`); and the words the question calls a term
    (`called_names`, "the force attribute") that start a table row there; lower-cased."""
    words = unknown_words(question, known) | hyphenated_names(question)
    own = {w: term_line({w}) for w in words}
    argued = {w: re.compile(rf"^[ \t]*{re.escape(w)}[ \t]+[a-z][a-z0-9_-]*[ \t]*$", re.M) for w in words}
    found = {w for w in words if any(own[w].search(text) or argued[w].search(text) for text in texts)}
    rows = {w: row_line({w}) for w in called_names(question) | words}
    return frozenset(found | {w for w, row in rows.items() if any(row.search(text) for text in texts)})


def inline_entry(names: set[str] | frozenset[str]) -> re.Pattern[str]:
    """A line that is one of `names`' entry, its description after a dash or a colon on the same line, as lists of
    settings write them ("$SD_EVENT_PROFILE_DELAYS=1 — if set, …", "SYSTEMD_LOG_LEVEL: the maximum …"); any case."""
    alts = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(
        rf"^[ \t]*\$?(?:{alts})(?:=\S*)?(?!{_ANNOTATION}[ \t]*$)(?:[ \t]+[—–-]|:)[ \t]+\S", re.IGNORECASE | re.MULTILINE
    )


def term_line(names: set[str] | frozenset[str]) -> re.Pattern[str]:
    """A line that is one of `names`' own term line: the name alone or with bracketed notes ("HISTSIZE <S>",
    "AUTO_CD (-J)", "work_mem (integer)"), or its signature, a module's name before it ("exception
    requests.ReadTimeout(*args, **kwargs)"), or an option's with its value ("--num-callers=<number> [default:
    12]"); any case."""
    alts = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    options = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n.startswith("-")) or "(?!)"
    return re.compile(
        rf"^[ \t]*(?:{_KEYWORD}(?:[\w-]+\.)*(?:{alts})(?:\(.*\)(?:\s*(?:->|→)\s*\S.*)?|{_ANNOTATION}|{_NOTES})|{_QUOTED_NAME.format(alts)}{_NOTES}"
        rf"|(?:{options}){_OPTION_VALUE}{_NOTES})[ \t]*$",
        re.IGNORECASE | re.MULTILINE,
    )


def unknown_words(question: str, known: Container[str]) -> frozenset[str]:
    """The plain words of `question`, three letters or more and no part of a `named_terms` term, that `known`
    holds neither whole nor as their stem (`known_word`), and those it quotes, however common ("list" of "What does
    the 'list' option do?", as Vim's help names its options); lower-cased."""
    words = {w.lower() for w in _BARE_WORD.findall(question) if len(w) > 2} - named_terms(question)
    quoted = {w.lower() for w in _QUOTED_WORD.findall(question) if len(w) > 2}
    return frozenset(w for w in words if w in quoted or not known_word(w, known))


def subcommand_names(question: str, names: frozenset[str], kinds: frozenset[str] = frozenset()) -> frozenset[str]:
    """Each of `names` (a command's, lower-cased) with the word after it in `question`, a subcommand it may name:
    "pyenv local" of "What does pyenv local do?", as pyenv's COMMANDS.md heads its entry; not a verb or a word of
    the question's frame ("pyenv do"), nor a term's kind, one of `kinds` ("KeepAliveTimeout directive")."""
    found = (
        m.group(0).lower()
        for name in names
        for m in re.finditer(rf"(?<![\w.-]){re.escape(name)}\s+[a-z][\w-]*\b", question, re.IGNORECASE)
    )
    return frozenset(n for n in found if (last := n.split()[-1]) not in _NO_SUBCOMMAND and singular(last) not in kinds)


_NO_SUBCOMMAND = frozenset(
    "do does did is are was were be mean means return returns set sets hold holds in on for with to the a an and or of "
    "by from as at".split()
)


def known_word(word: str, known: Container[str]) -> bool:
    """Whether `known` holds the word or its stem ("token" of "tokens")."""
    return word in known or any(stem in known for stem in tokenize(word))


def last_name(line: str) -> str | None:
    """The name a term line starts with, without its module, lower-cased ("readtimeout" of "exception
    requests.ReadTimeout(*args, **kwargs)"): a bare name may ask for it (`callable_names`)."""
    m = re.match(rf"[ \t]*{_KEYWORD}([A-Za-z_][\w.]*)", line)
    return m.group(1).rsplit(".", 1)[-1].lower() if m else None


# A line of an option list as help text writes it: the option, its aliases and placeholders, then two spaces or more
# (or a colon between spaces) and what it does ("  -version               print the version information and exit",
# "-f, --file <file>  Use …", HAProxy's "-sf <pid>* : send the "finish" signal …")
_OPTION_LINE = re.compile(
    r"[ \t]*(?P<name>--?[A-Za-z][\w-]*)(?:(?:,[ \t]*|[ \t]|=)(?:--?[A-Za-z][\w-]*|<[^<>\s]+>\*?|\[[^\[\]\s]+\]|[A-Z_]+))*"
    r"(?:[ \t]{2,}|[ \t]+:[ \t]+)(?=\S)"
)
OPTION_KINDS = frozenset(map(singular, "option flag switch argument".split()))  # what such a line's name is
_WRAPPED = re.compile(r"([ \t]*)\S[^\n]*")  # a line below an option's, its indent: deeper when it wraps the option's
# A list item that is an option's entry, what it does after one space: "--keep-last n keep the n last (most recent)
# snapshots." (restic's), an item beside another such (`_NEIGHBOUR_ITEM`), each its own paragraph or line
_OPTION_ITEM = re.compile(r"[ \t]*(?P<name>--?[A-Za-z][\w-]*)[ \t]+(?=\S)")
_NEIGHBOUR_ITEM = re.compile(r"[ \t]*--?[A-Za-z][\w-]*[ \t]+\S")


def option_line(text: str, pos: int) -> tuple[int, int, int, int] | None:
    """When the line holding `pos` is an option list's (`_OPTION_LINE`), or an option's list item beside another
    (`_OPTION_ITEM`), and `pos` starts the line (its sentence) or is in what the option does, not on its names:
    where the option's name starts and ends, and where the line does; None otherwise."""
    line = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    m = _OPTION_LINE.match(text, line, end)
    if m is None and (item := _OPTION_ITEM.match(text, line, end)) and _beside_item(text, line, end):
        m = item
    if m is None or not (pos <= m.start("name") or pos >= m.end()):
        return None
    name = m.start("name")  # the quote starts at the option, not its indent
    return name, m.end("name"), name, described_end(text, name - line, m.end(), end)


# A line that a code-like name labels, its description after a colon: "X-Diff: corresponds to the –diff command line
# flag. If present, …" (blackd's headers); or any name with its type noted in brackets: "appname: (string or None) The
# name of the application …" (PyMongo's MongoClient options); or a code-like name's after a hyphen: "collect_ids -
# collect XML IDs in a hash table while parsing (on by default)." (lxml's parser options; Sphinx's parameter lines,
# "decimal_quantization – Truncate and round …", an en dash after the name, are `rows.parameter_rows`')
_LABELLED_LINE = re.compile(
    r"[ \t]*(?P<name>[A-Za-z]\w*(?:[-_.]\w+)+)(?::|[ \t]+-)[ \t]+(?=\S)|[ \t]*(?P<typed>[A-Za-z_]\w*):[ \t]+(?=\((?:[\w.]+(?:,? or |, |/)?)+\))"
)


def labelled_line(text: str, pos: int) -> tuple[int, int, int, int] | None:
    """When the line holding `pos` is one a code-like name labels (`_LABELLED_LINE`) and `pos` is in its
    description: where the name starts and ends, and where the line does; None otherwise."""
    line = text.rfind("\n", 0, pos) + 1
    end = len(text) if (end := text.find("\n", pos)) == -1 else end
    m = _LABELLED_LINE.match(text, line, end)
    name = "name" if m is not None and m.group("name") else "typed"
    return None if m is None or pos < m.end() else (m.start(name), m.end(name), m.start(name), end)


def described_end(text: str, indent: int, start: int, end: int) -> int:
    """Where the first sentence of an option's description, from `start` on its line ending at `end`, ends: over
    the lines below that wrap it, indented deeper than the option's `indent` ("-c : only performs a check of the
    configuration files and exits before trying" / "    to bind."), at its first sentence's end; the line's end
    when it wraps on no line and ends no sentence ("IO idle timeout (default 5m0s)")."""
    stop = end
    while (
        (below := _WRAPPED.match(text, stop + 1))
        and len(below.group(1)) > indent
        and not _OPTION_LINE.match(below.group(0))
    ):
        stop = below.end()
    sentences = sentence_spans(text, start, stop)
    return sentences[0][1] if sentences else end


def _beside_item(text: str, line: int, end: int) -> bool:
    """Whether an option's list item is on the line next to text[line:end], above or below, past one blank line at
    most."""
    below = end + 2 if text.startswith("\n", end + 1) else end + 1
    if _NEIGHBOUR_ITEM.match(text, below):
        return True
    if line == 0:
        return False
    above = text.rfind("\n", 0, line - 1) + 1
    if above > 0 and not text[above:line].strip():  # a blank line: the line above it
        above = text.rfind("\n", 0, above - 1) + 1
    return _NEIGHBOUR_ITEM.match(text, above) is not None


_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]+\b")  # a word in capitals: an acronym ("TLS") or a name ("HISTSIZE")


def written_as_asked(question: str, name: str, line: str) -> bool:
    """Whether a line naming `name` (lower-cased) names it as `question` writes it: a word the question writes in
    capitals names a term written so on the line ("HISTSIZE"), not a lower-case key ("tls" of rclone's "Config: tls"
    for "What is the minimum TLS version accepted by default?", where TLS is the protocol)."""
    capitals = {w.lower() for w in _CAPITALS.findall(question)}
    return name not in capitals or name.upper() in line


def asked_names(question: str, known: Container[str]) -> frozenset[str]:
    """The names `question` may ask about: its dotted names and options, the words the reader's vocabulary (`known`)
    lacks, with a subcommand after them ("pyenv local"), its words joined by hyphens ("tcp-initial-timeout") and the
    words it calls a term ("the overwrite attribute"); lower-cased."""
    kinds = called_kinds(question)  # "keyword" of "the retries keyword", however rare a word, names no term
    words = unknown_words(question, known) - kinds | hyphenated_names(question) | called_names(question)
    return frozenset(named_terms(question) | words | subcommand_names(question, words, TERM_KINDS))
