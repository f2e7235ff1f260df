"""Split text into sentence spans whose offsets point at the exact characters, in time linear in the text."""

from __future__ import annotations

import re

# Words whose period never ends a sentence before a capitalised word: titles, Latin and reference abbreviations.
NEVER_ENDS = frozenset(
    """mr mrs ms dr prof st gen gov sen rep col lt sgt capt mt ft rev hon fr e.g i.e eg ie vs cf approx est
    dept univ vol ed eds jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# Words whose period ends a sentence only before a common sentence starter: 'at 3 p.m. He left' but 'U.S. Army'.
ENDS_BEFORE_STARTER = frozenset("p.m a.m u.s u.k u.n inc ltd co corp etc jr sr al ph.d d.c".split())
# Words whose period is part of a reference before a number ('No. 81', 'fig. 3') and ends a sentence elsewhere.
BEFORE_NUMBER = frozenset("no nos fig figs p pp art sec ch".split())
# Capitalised words that usually open a sentence rather than continue a name.
STARTERS = frozenset(
    """a an the this that these those it its he she they we i you his her their our my there here in on at
    after before but and or however as for when while if although though since by during from with one some
    many most both each all no not yet so then thus also what who how why where which today meanwhile later
    despite under other another such because nor of""".split()
)
_TERMINAL = ".!?…。！？"
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
_WRAP_STOPS = _TERMINAL + _CLOSERS + ":;"
# A run of terminal punctuation with its closers; a boundary when _NEXT matches right after it.
_RUN = re.compile(r"[.!?…。！？]+[\"'”’)\]»]*")
# Whitespace, then a likely sentence start (an opener, a capital or a digit).
_NEXT = re.compile(r"\s++[\"'“‘(\[«]?[A-Z0-9À-ÖØ-Þ]")
# Full-width stops end a sentence even with no space after them (Chinese, Japanese).
_CJK_BOUNDARY = re.compile(r"[。！？]+[”’」』）]*")
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")  # a paragraph break, \r\n line ends too
_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")  # dotted letters: 'e.h' of 'E.H.', 'l.p' of 'L.P.'
SECTION_NUMBER = r"(?:\d{1,3}|[A-Z])(?:\.\d{1,3})*"  # "1", "3.1", "A.2": numbers a list item or a heading
_LIST_MARKER = re.compile(SECTION_NUMBER + r"|[a-z]")
LIST_ITEM = re.compile(r"[-*•+]\s|\d{1,3}[.)]\s|[A-Za-z][.)]\s")  # a list item's marker at a line start
WRAP_WIDTH = 40  # a line without a stop this long is wrapped prose, not a heading
PRE_WRAP_WORDS = 6  # an indented line of preformatted text with this many words or more may be wrapped prose,
PRE_PROSE_SHARE = 0.6  # when at least this share of them are plain words, not code ("sqlite3 *db, /* handle */")
FLUSH_WRAP = 55  # a line not indented, wrapped at a margin, holds this many characters or more,
TYPEWRITER_MARGIN = 80  # and no line of its paragraph more than this
FLUSH_PROSE_SHARE = 0.8  # of its words, at least this share plain words or numbers
_INDENT = re.compile(r"[ \t]+")
_PLACEHOLDER = r"<[a-z][\w.-]*>"  # an argument a manual names in prose: HAProxy's "after <count> consecutive …"
_PLAIN_WORD = re.compile(r"[\"'(]?[A-Za-z][a-z'-]*[\"'),.:;]?")
_LABELLED = re.compile(r"[\w.-]+:[ \t]")  # a list item's label, its description after it ("json: Output …")
_PROSE_WORD = re.compile(rf"[\"'(]*(?:[A-Za-z][a-z'-]*|\d+(?:\.\d+)?|{_PLACEHOLDER})[\"'),.:;]*")  # "101," too
_OPTION_LEAD = re.compile(r"--?[A-Za-z][\w-]*[ \t]")  # a manual page's option opening its line: "-a     When …"
_COMMENT = re.compile(r"(?<!:)//|/\*|\*/|\s#\s")  # a code comment's mark: its words are no wrapped prose
CELL = " | "  # between the cells of a table row, as extraction writes them


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace (empty -> start == end)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_start(text: str, dot: int) -> int:
    """Where the word that ends at `dot` starts (after whitespace or an opening quote or bracket)."""
    i = dot
    while i > 0 and not text[i - 1].isspace() and text[i - 1] not in _OPENERS:
        i -= 1
    return i


def _next_word(text: str, pos: int, end: int) -> str:
    """The letters or digits of the word after the whitespace at `pos` (and an opener), within `end`."""
    while pos < end and text[pos].isspace():
        pos += 1
    if pos < end and text[pos] in _OPENERS:
        pos += 1
    stop = pos
    while stop < end and text[stop].isalnum():
        stop += 1
    return text[pos:stop]


def _is_list_marker(text: str, word_start: int, word: str) -> bool:
    """True for '1.', 'a.' or a section number ('3.1.', 'A.2.') alone at the start of a line: the period numbers
    an item or a heading, it ends nothing."""
    if not _LIST_MARKER.fullmatch(word):
        return False
    i = word_start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] == "\n"


def ends_sentence(text: str, dot: int, end: int) -> bool:
    """Whether the lone period at `dot`, followed by whitespace and a capital or digit, ends a sentence."""
    start = _word_start(text, dot)
    word = text[start:dot]
    low = word.lower().rpartition("-")[2]  # 'Trinity-St.' is read as 'St.'
    after = _next_word(text, dot + 1, end)
    if low in NEVER_ENDS or _is_list_marker(text, start, word):
        return False
    if low in BEFORE_NUMBER:
        return not after[:1].isdigit()
    if low in ENDS_BEFORE_STARTER or _ACRONYM.fullmatch(low):
        return after.lower() in STARTERS
    if len(word) == 1 and word.isalpha():  # an initial ('J. R. R. Tolkien') or a letter ending one ('Saturn V. It')
        return word.isupper() and len(after) > 1 and after.lower() in STARTERS
    return True


def _line_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets just after single newlines that end a line-level unit (not a wrapped line).

    A line ending in no stop is wrapped when the next line starts in lower case, or when it is
    at least WRAP_WIDTH characters long (prose, not a heading) and the next line starts with
    text that is no list item; a table row (cells joined by CELL) is never wrapped. Each character
    is read at most twice: linear time.
    """
    cuts = []
    last = ""  # the last non-space character before the current newline, within [start, pos)
    scanned = first = start  # scanned: characters before it were read already; first: the line's first visible one
    while first < end and text[first] in " \t":
        first += 1
    pos = text.find("\n", start, end)
    while pos != -1:
        i = pos - 1
        while i >= scanned and text[i].isspace():
            i -= 1
        if i >= scanned:
            last = text[i]
        long_line = i - first + 1 >= WRAP_WIDTH
        scanned = j = pos + 1
        while j < end and text[j] in " \t":
            j += 1
        nxt = text[j] if j < end else ""
        wrapped = (
            last != ""
            and last not in _WRAP_STOPS
            and (nxt.islower() or (long_line and nxt != "" and not nxt.isspace() and not LIST_ITEM.match(text, j, end)))
            and text.find(CELL, first, pos) == -1  # a table row ends at its line
        )
        if not wrapped:
            cuts.append(pos + 1)
        first = j
        pos = text.find("\n", pos + 1, end)
    return cuts


def pre_wrapped(text: str, line: int, pos: int, end: int) -> bool:
    """Whether the line text[line:pos] (pos: its newline) of text whose lines are blocks is prose that
    preformatted text wrapped, as a manual page in an HTML <pre> is: it and the next line are indented alike, it
    holds WRAP_WIDTH characters and PRE_WRAP_WORDS words or more, mostly plain ones (PRE_PROSE_SHARE), starts
    with a letter and has no stop at its end, and the next line starts with a letter ("This option implements the
    traditional "sendmail -q" command, by" over "contacting the Postfix qmgr(8) daemon."). Code in a <pre>, a
    comment's words too ("// It syncs …"), is seldom all of that. A line that is not indented must show that it was
    wrapped at a typewriter's margin (`_wrapped_flush`); an option's line, that the next goes on indented further
    (`_hanging_option`)."""
    indent = _INDENT.match(text, line, pos)
    if CELL in text[line:pos] or _COMMENT.search(text, line, pos):
        return False
    if _OPTION_LEAD.match(text, indent.end() if indent else line, pos):
        return _hanging_option(text, line, pos, end)
    if indent is None:
        return _wrapped_flush(text, line, pos, end)
    body = text[indent.end() : pos].rstrip()
    nxt = pos + 1 + len(indent.group(0))
    return (
        _prose_line(body)
        and _opens_words(body, 0)
        and text.startswith(indent.group(0), pos + 1)
        and nxt < end
        and _opens_words(text, nxt)
        and not LIST_ITEM.match(text, nxt, end)
    )


def _opens_words(text: str, i: int) -> bool:
    """Whether text[i:] opens with a word, or with a quoted one ('"-d  ALL deferred" to delete …', Postfix's)."""
    return text[i].isalpha() or (text[i] in '"“' and (text[i + 1 : i + 2].isalnum() or text[i + 1 : i + 2] == "-"))


def _hanging_option(text: str, line: int, pos: int, end: int) -> bool:
    """Whether an option's line of a manual page in a <pre> wraps its description under a hanging indent: the option,
    then its description, WRAP_WIDTH characters and PRE_WRAP_WORDS words or more, mostly plain, no stop at its end;
    the next line indented further, going on in lower case ("-a     When creating or importing an instance, place
    the new instance" over "at the front of the secondary instance list.", Postfix's postmulti(1); HAProxy's "-n
    <limit> : limits the per-process connection limit to <limit>. This is" over "equivalent to …")."""
    own = len(text[line:pos]) - len(text[line:pos].lstrip())
    below = _INDENT.match(text, pos + 1, end)
    if below is None or below.end() - below.start() <= own or below.end() >= end:
        return False  # the next line is not indented further than the option
    nxt_end = text.find("\n", below.end(), end)
    nxt = text[below.end() : end if nxt_end == -1 else nxt_end]
    return _prose_line(text[line:pos].strip()) and nxt[:1].islower() and CELL not in nxt


def _prose_line(body: str) -> bool:
    """Whether a line (stripped) may be wrapped prose: WRAP_WIDTH characters and PRE_WRAP_WORDS words or more, mostly
    plain ones (PRE_PROSE_SHARE), no stop at its end."""
    words = body.split()
    return (
        len(body) >= WRAP_WIDTH
        and len(words) >= PRE_WRAP_WORDS
        and body[-1] not in _WRAP_STOPS
        and sum(bool(_PLAIN_WORD.fullmatch(w)) for w in words) >= PRE_PROSE_SHARE * len(words)
    )


def _wrapped_flush(text: str, line: int, pos: int, end: int) -> bool:
    """Whether a line that is not indented is prose wrapped at a typewriter's margin, as HAProxy's and Vim's
    manuals are in their HTML <pre>s ("fill more than bufsize-maxrewrite. Historically it has defaulted to half of"
    over "bufsize, though that does not make much sense …"): FLUSH_WRAP characters or more, none past
    TYPEWRITER_MARGIN on it or on the next line, PRE_WRAP_WORDS + 2 words or more, nearly all plain words or
    numbers (FLUSH_PROSE_SHARE), no stop at its end, and the next line goes on in lower case, no table row, both lines'
    first two words plain. Paragraphs of HTML are lines of any length; a list's items (Apache's "optional: …" over
    "require: …") and a log's lines ("ERROR: …" over "DETAIL: …") start as sentences start, or both with a label
    (doit's reporters, "executed-only: Produces zero output if no task is executed" over "json: …"), and the lines of a
    list of entries with a name first (Node.js' "path <string> If present, …" over "port <number> …",
    PostgreSQL's "constraint_schema sql_identifier Name of …") do not start with plain words. The next line ends
    with a stop where its paragraph ends or where it is one word (a term over its description: Apache's
    "setifempty")."""
    body = text[line:pos].rstrip()
    nxt_end = text.find("\n", pos + 1, end)
    nxt = text[pos + 1 : end if nxt_end == -1 else nxt_end]
    if not FLUSH_WRAP <= len(body) <= TYPEWRITER_MARGIN or len(nxt.rstrip()) > TYPEWRITER_MARGIN:
        return False
    words = body.split()
    return (
        len(words) >= PRE_WRAP_WORDS + 2
        and (body[0].isalpha() or re.match(_PLACEHOLDER, body) is not None)
        and body[-1] not in _WRAP_STOPS
        and (nxt[:1].islower() or re.match(_PLACEHOLDER, nxt) is not None)
        and CELL not in nxt
        and not (_LABELLED.match(body) and _LABELLED.match(nxt))  # items "executed-only: …" over "json: …"
        and _plain_lead(words)
        and _plain_lead(nxt.split())
        and (nxt.rstrip()[-1] in _WRAP_STOPS or (len(nxt.split()) > 1 and _goes_on(text, nxt_end, end)))
        and sum(bool(_PROSE_WORD.fullmatch(w)) for w in words) >= FLUSH_PROSE_SHARE * len(words)
    )


def _plain_lead(words: list[str]) -> bool:
    """Whether a line's first two words are plain, an argument's placeholder counting where it opens the line or
    follows a word that opens sentences (HAProxy's "after <count> consecutive …", not Node.js' "path <string> If
    present, …")."""
    return all(
        _PLAIN_WORD.fullmatch(w)
        or (re.fullmatch(_PLACEHOLDER + "[,.:;]?", w) is not None and (i == 0 or words[0].lower() in STARTERS))
        for i, w in enumerate(words[:2])
    )


def _goes_on(text: str, pos: int, end: int) -> bool:
    """Whether the line after the newline at `pos` (-1: none) holds text: a paragraph whose last line has no stop
    at its end is no wrapped prose ("Create and update user authentication files …" over "htdbm")."""
    if pos == -1:
        return False
    after = text.find("\n", pos + 1, end)
    return bool(text[pos + 1 : end if after == -1 else after].strip())


def _punctuation_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets just after terminal punctuation (and closers) followed by a likely sentence start."""
    cuts = []
    for m in _RUN.finditer(text, start, end):
        if not _NEXT.match(text, m.end(), end):
            continue
        if m.end() - m.start() == 1 and text[m.start()] == "." and not ends_sentence(text, m.start(), end):
            continue
        cuts.append(m.end())
    return cuts


def sentence_spans(text: str, start: int = 0, end: int | None = None, lines: bool = False) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed of whitespace, in order, never empty; with `lines`, every
    line break ends one (text whose lines are blocks: list items, rows, `readers.lines_are_blocks`)."""
    end = len(text) if end is None else end
    cuts = {start, end}
    cuts.update(m.end() for m in BLANK_LINE.finditer(text, start, end))
    if lines:
        line, pos = start, text.find("\n", start, end)
        while pos != -1:
            if not pre_wrapped(text, line, pos, end):
                cuts.add(pos + 1)
            line, pos = pos + 1, text.find("\n", pos + 1, end)
    else:
        cuts.update(_line_breaks(text, start, end))
    cuts.update(m.end() for m in _CJK_BOUNDARY.finditer(text, start, end))
    cuts.update(_punctuation_breaks(text, start, end))
    spans = []
    ordered = sorted(cuts)
    for a, b in zip(ordered, ordered[1:]):
        a, b = trim(text, a, b)
        if a < b:
            spans.append((a, b))
    return spans
