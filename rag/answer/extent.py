"""Where an answer's span and its quote begin and end: a span's edges (layout, table cells, brackets), the
sentences holding it (a definition line with its description), and headings, which hold no answer."""

from __future__ import annotations

import re

from rag.answer.brackets import CLOSES, OPENS, balanced, enclosed
from rag.answer.reader.reader import LAYOUT
from rag.ingest.readers import lines_are_blocks
from rag.ingest.sentences import CELL, SECTION_NUMBER, sentence_spans
from rag.models import Document, Hit
from rag.retrieve.tokenize import STOPWORDS

STACK = 4  # at most this many term lines stacked over one description
# An option, its aliases and placeholder, then what it does after a column of spaces, as help text aligns it:
# pytest's "-s                    Shortcut for --capture=no", "--capture=method      Per-test capturing method: …"
_DESCRIBED_BESIDE = re.compile(r"[ \t]*-{1,2}\w[^\s,]*(?:,[ \t]*-{1,2}\w[^\s,]*)*(?:[ \t]\S+)?[ \t]{2,}[A-Z]")
FRAGMENT_WORDS = 3  # a quote of fewer words is a fragment ("Default: 1000."): it grows back along its line
_CODE_LIKE = re.compile(r"^[-$]|[()\[\]<>=_]|\w\.\w|\w::\w")  # "APT::Install-Recommends" scoped too
# Wrapped prose naming code, as plain-text NEWS and READMEs write it, is no term line: its line starts a sentence
# or a list's item of prose ("- With --leak-check=full, "definitely lost" and …"), a sentence ends inside it ("for
# --leak-check=full. Previously they could differ because") or it ends in a word that goes on ("… blocks and").
_PROSE_LINE = re.compile(
    r"^(?:[-*•]\s+[A-Z][a-z]*\s|[A-Z][a-z]+\s+[a-z]+\s+[a-z]+\b)|[a-z]{2}[.!?]\s+[A-Z][a-z]"
    r"|\s(?:a|an|and|as|because|by|for|in|is|of|or|that|the|to|which|with)$"
)
_NUMBERED = re.compile(rf"^{SECTION_NUMBER}\.?\s+")  # "1.3.1. " of "1.3.1. Magic Header String"
# A section's number of two levels or more heads its section whatever its title: "5.9. debian/copyright"
_SECTIONED = re.compile(r"(?:\d{1,3}|[A-Z])(?:\.\d{1,3})+\.?\s+\S")
PROMPT = re.compile(r"^(?:>>>|\.\.\.|[$%#])\s")  # an interactive session's line: ">>> json.dumps(x)", "$ git init"
_SPAN_LEAD = re.compile(r"(?:>>>|[$%#>*•+-]|\d{1,3}[.)])[ \t]+")  # a prompt (R's "> q()") or a list item's marker
# autodoc's line under a class's signature: what it derives from ("Bases: IntegrityError")
BASES = re.compile(r"^Bases:[ \t]+\S[^\n]*", re.MULTILINE)
_ASSIGNMENT = re.compile(r"^[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s+[-+*/|&]?=\s")  # code: "s = requests.Session()"
# What may lead a signature's name: "class pathlib.PurePath(…)", "exception requests.ReadTimeout(…)"
SIGNATURE_KEYWORD = (
    r"(?:class|exception|classmethod|staticmethod|abstractmethod|async|coroutine|awaitable|def|function|method)"
)
# What may lead a term on its line, naming its kind: "Class: fs.Dir" (Node.js), "Macro: AC_INIT (package, version)",
# "Variable: CFLAGS", "User Option: …" (GNU Texinfo's definitions), or an INI file's section leading a setting of it:
# "[run] timid" (coverage.py's configuration reference).
SECTION_LABEL = r"\[[a-z][\w:.-]*\][ \t]+(?=[a-z])"
TERM_LABEL = rf"(?:[A-Z][a-z]+(?: [A-Za-z]+)?: |{SECTION_LABEL})"
# The value a quoted name's term line shows it defaults to, as ConfigObj's manual lists its options ("‘create_empty’:
# False", "‘indent_type’: ' '")
SHOWN_VALUE = r":[ \t]*(?:True|False|None|[-+]?\d[\w.]*|'[^'\n]*'|\"[^\"\n]*\"|‘[^’\n]*’)"
PROSE_WORDS = 6  # a line with more words than this before any bracket is prose, however code-like its names
_BEFORE_ARGS = re.compile(r"[(\[<=]")  # where a term line's arguments or value begin
_REPEATED = re.compile(r"[>\]}][ \t]*(?:\.\.\.|…)$")  # an argument repeated: "-Mrm <message id> <message id> ..."
_CALLABLE = r"(?:[A-Za-z_][\w-]*\.)*[A-Za-z_]\w*"  # a callable's name, a Sphinx domain's hyphens ("jinja-filters.")
# A name its Sphinx domain's keyword leads, no signature after it: "exception KeyError", "property ok" (Python's,
# Requests' references: Sphinx writes exceptions without their arguments, properties without any).
KEYWORD = re.compile(rf"(?:{SIGNATURE_KEYWORD}|property)[ \t]+(?=[A-Za-z_])")
KEYWORD_NAME = re.compile(rf"{KEYWORD.pattern}{_CALLABLE}")
_KEYWORD_LINE = re.compile(rf"{KEYWORD_NAME.pattern}(?:\(.*\))?[ \t]*$", re.MULTILINE)  # "class jinja2.X(path)" too
# A signature, its name first: "shutil.copytree(src, dst)", "class pathlib.PurePath(*segments)", "@functools.cache(f)"
SIGNATURE = re.compile(rf"(?:{SIGNATURE_KEYWORD} |@)?({_CALLABLE})\(.*\)(?:\s*(?:->|→)\s*\S.*)?$")


def is_definition_line(text: str) -> bool:
    """A one-line term that the next line describes: an option, a signature (however long its parameters), a
    dotted name (not a heading, whose section number is no dotted name: "2.2. The source XML files"; nor a table
    row: the next row is no description of it; nor code: a line typed at a prompt, ">>> json.dumps(x)", whose next
    line is its output, or an assignment, "s = requests.Session()")."""
    if "\n" in text or CELL in text or PROMPT.match(text) or _ASSIGNMENT.match(text):
        return False
    if SIGNATURE.match(text) or KEYWORD_NAME.fullmatch(text):
        return True
    ends = text[-1:] in ".!?;" and not _REPEATED.search(text)  # a sentence's end, not "<message id> ..."
    if len(text) > 100 or ends or len(_BEFORE_ARGS.split(text, 1)[0].split()) > PROSE_WORDS:
        return False  # a sentence, or prose naming code: "Formerly AC_INIT used to have a single argument, and …:"
    if _PROSE_LINE.search(text):
        return False
    return bool(_CODE_LIKE.search(_NUMBERED.sub("", text)))


OUTPUT_LINES = 6  # lines at most from a prompt's line down to its output's


def in_output(text: str, pos: int) -> bool:
    """Whether `pos` lies in a command's output: a line typed at a prompt is among the OUTPUT_LINES lines above it,
    no blank line between ("$ lsb_release -a" over "Distributor ID: Debian" and "Codename: sid"): no entries."""
    above = text[max(0, pos - 2000) : text.rfind("\n", 0, pos) + 1].split("\n")[-OUTPUT_LINES - 1 : -1]
    lines = above[len(above) - next((k for k, line in enumerate(reversed(above)) if not line.strip()), len(above)) :]
    return any(PROMPT.match(line) for line in lines)


def line_above(text: str, start: int) -> int:
    """Where the line right above the one a passage opens at `start` starts: how far up a passage reads its entry's
    term line, which the chunker may have left at the end of the passage before ("-Mrm <message id> …" over "This
    option requests Exim to remove the given messages from the queue."); `start` when it opens no line."""
    return text.rfind("\n", 0, start - 1) + 1 if start > 0 and text[start - 1] == "\n" else start


HEADING_MAX = 80  # a heading is at most this long


def is_heading(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a heading: one short line standing alone between blank lines (or the text's
    ends), starting with a capital (after its section number), with no stop at its end and no digit, that is
    neither code, a term, nor a table row ("Magic Header String", "3.1. Automatic Checkpoint"), or whatever its
    title after a section's number of two levels or more ("5.9. debian/copyright"). A heading names a section;
    the answer is in the text under it."""
    line = text[start:end]
    if not line or "\n" in line or len(line) > HEADING_MAX or line[-1] in ".!?:;,)" or CELL in line:
        return False
    title = _NUMBERED.sub("", line)
    code = _CODE_LIKE.search(title) or not title[:1].isupper() or _code_words(title)
    if code and not _SECTIONED.match(line):
        return False  # code: "pip install rag", "SELECT name FROM users" alone in a code block
    if any(c.isdigit() for c in title):
        return False  # a value, not a name: "Default: 5 seconds" alone on its line may be the answer
    return stands_alone(text, start, end)


def _code_words(line: str) -> bool:
    """Whether the line mixes upper-case keywords with lower-case words, as code does ("SELECT name FROM t"); not
    with a title's lower-case function words alone ("Cross Compiling for QNX" is a heading)."""
    words = re.findall(r"[A-Za-z]{2,}", line)
    return any(w.isupper() for w in words) and any(w.islower() and w not in STOPWORDS for w in words)


def stands_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a blank line (or the text's edge) above and below it, as a heading does."""
    return _alone_before(text, start) and _alone_after(text, end)


def _alone_before(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i:start].count("\n") >= 2


def _alone_after(text: str, end: int) -> bool:
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    return j == len(text) or text[end:j].count("\n") >= 2


def passage_sentences(doc: Document, hit: Hit) -> list[tuple[int, int]]:
    """The sentences of a hit's passage, in document characters (lines are sentences where they are blocks)."""
    return sentence_spans(doc.text, hit.start, hit.end, lines_are_blocks(doc.source))


_CLOSERS = "\"'”’)]»"  # may follow a sentence's question mark


def is_question(text: str) -> bool:
    """Whether a sentence asks: it states nothing (an FAQ's "How do I enable TLS-SRP?" is answered below it)."""
    return text.rstrip().rstrip(_CLOSERS).endswith("?")


def unanswering(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of `text` no answer starts in, of its `sentences`: headings, a section's name and not what it
    says, questions (`is_question`), a table's header row, which names its columns ("Parser | Typical usage | …"
    over "Parser: html5lib | …"), a list item's marker ("3." of "3. use the save() method of the file …"), and
    autodoc's "Bases:" line, which says what a class derives from, not what it does (a question asking that is
    answered by its field, `fields.field_answer`)."""
    out = [(a, b) for a, b in sentences if is_heading(text, a, b) or is_question(text[a:b]) or _header_row(text, a, b)]
    out += [m.span() for a, b in sentences for m in BASES.finditer(text, a, b)]
    return out + [(a, m.end()) for a, _ in sentences if (m := _SPAN_LEAD.match(text, a)) and text[a - 1 : a] in "\n"]


def _header_row(text: str, start: int, end: int) -> bool:
    """Whether the line text[start:end] is a table's header row: cells, the next line's first labelled by its
    first's name."""
    if CELL not in text[start:end] or "\n" in text[start:end]:
        return False
    first = text[start:end].split(CELL, 1)[0].strip()
    return bool(first) and text.startswith(f"\n{first}: ", end)


def holding_sentences(
    doc: Document, hit: Hit, start: int, end: int, sentences: list[tuple[int, int]] | None = None
) -> tuple[int, int]:
    """The passage's sentences that [start, end) touches, as one range: a quote grows across sentence
    boundaries, a definition line stays with the line that describes it (never across a blank line), and a
    fragment of fewer than FRAGMENT_WORDS words takes in the sentences before it on its line.
    `sentences`: the passage's `passage_sentences`, when the caller has them already."""
    sentences = passage_sentences(doc, hit) if sentences is None else sentences
    touched = [k for k, (a, b) in enumerate(sentences) if a < end and start < b]
    if not touched:
        return start, end
    i, j = touched[0], touched[-1]

    def next_line(k: int) -> bool:  # sentence k+1 starts on the line after sentence k ends
        return k + 1 < len(sentences) and doc.text[sentences[k][1] : sentences[k + 1][0]].count("\n") == 1

    def definition(k: int) -> bool:  # a term line, not an option described beside it ("-s      Shortcut for …")
        a, b = sentences[k]
        return is_definition_line(doc.text[a:b]) and not _DESCRIBED_BESIDE.match(doc.text, a, b)

    if i == j and definition(j):  # a term (or several stacked ones): down to the line that describes it
        k = j
        while k - j < STACK and next_line(k) and definition(k + 1):
            k += 1
        if next_line(k) and not definition(k + 1):
            j = k + 1
    elif not definition(i):  # a description: up through the term(s) right above it
        while i > 0 and touched[0] - i < STACK and next_line(i - 1) and definition(i - 1):
            i -= 1
    if i == touched[0]:  # a fragment ("Default: 1000.") is read with the sentences before it on its line
        while i > 0 and len(doc.text[sentences[i][0] : sentences[j][1]].split()) < FRAGMENT_WORDS:
            if "\n" in doc.text[sentences[i - 1][1] : sentences[i][0]] or definition(i - 1):
                break
            i -= 1
    return min(start, sentences[i][0]), max(end, sentences[j][1])


def trim_layout(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without layout marks, a table cell's "|" or spaces at either end, an interactive session's
    prompt or a list item's marker opening its line ("> " of R's "> q()", "$ ", ">>> ", "1. ", "- ") or a Sphinx
    keyword's before its name ("exception " of "exception KeyError": nothing left of "exception" alone), nor a quote
    mark or bracket at an end whose partner is not inside (`auto"` → `auto`, `(default` → `default`), nor the
    typographic quote marks around the whole of it (“directory” → directory: the text set off, not code's own)."""
    edge = LAYOUT + CELL.strip()
    while True:
        while start < end and (text[start].isspace() or text[start] in edge):
            start += 1
        line = text.rfind("\n", 0, start) + 1
        if not text[line:start].strip() and (lead := _SPAN_LEAD.match(text, start, end)) and lead.end() < end:
            start = lead.end()
        if not text[line:start].strip() and (kw := KEYWORD.match(text, start)) and _KEYWORD_LINE.match(text, line):
            start = min(kw.end(), end)  # "exception" of "exception KeyError": its kind, no part of an answer
        while end > start and (text[end - 1].isspace() or text[end - 1] in edge):
            end -= 1
        inside = text[start:end]
        if inside[:1] in OPENS and not balanced(inside, inside[0]):
            start += 1
        elif inside[-1:] in CLOSES and not balanced(inside, inside[-1]):
            end -= 1
        elif enclosed(inside):
            start, end = start + 1, end - 1
        else:
            return start, end


def past_dangling(text: str, end: int, hi: int) -> int:
    """Where a span ending at `end` should end so that it ends on no word that goes on, an article, a preposition
    or a conjunction ("you can press b or search for" → "… search for ?broken"): past the next word on its line,
    within `hi` (the passage), its closing stop left out; `end` itself elsewhere."""
    if not _DANGLING.search(text, max(0, end - 5), end) or not text.startswith(" ", end):
        return end
    m = _NEXT_WORD.match(text, end)
    return m.end() if m and m.end() <= hi else end


_DANGLING = re.compile(r"(?<![\w-])(?:a|an|the|of|for|to|in|on|at|by|with|from|into|or|and|but)$", re.IGNORECASE)
_NEXT_WORD = re.compile(r" \S*?[\w)\]>'\"”’](?=[.,;:!?]*(?:\s|$))")  # " ?broken" of " ?broken.": its stop left out
