"""Read a PDF's text page by page (`pdf_text`), unwrapping lines into paragraphs.

Line rule (`unwrap`, applied to each page): two consecutive non-blank lines are joined with a space,
or with nothing when the first ends in a word hyphenated across the break ("exam-" + "ple"), unless
the break looks intentional:

- the next line starts with a list marker ("- ", "• ", "1. ", "a) ", "(iv) ");
- either line is a command typed at a prompt ("$ cd package-1.0", ">>> import os"): code, and its output after it;
- the previous line ends a sentence (. ! ? : maybe then a closing quote or bracket) and is shorter than `PARAGRAPH_END` x the page's
  typical line length: a paragraph's last line;
- the previous line is shorter than `HEADING` x the typical length and the next line starts with
  an uppercase letter or a digit: a heading;
- the previous line ends a sentence, however long, and the next line is one name alone, no stop after it
  ("PROMPT_COMMAND", "globasciiranges") or starts with an option ("-d file True if file exists and is a
  directory."): a reference entry's term line, its description below or beside it (a paragraph's wrapped last word
  ends it: "list.");
- either line is a numbered section's heading short of the column ("1.2. What is this spec?", "2.10. Storing the
  MIME type using Extended Attributes"), after whatever line and before whatever line;
- the page's typical line is shorter than `MIN_WIDTH` characters: a table, list or verse, left as is;
- either line is a table's row, its cells joined by " | " (`pdf_tables`), or an admonition's label alone ("Tip",
  "Warning": DocBook's and Sphinx's, above the text they label).

A line's typical length is the 75th-percentile length of the page's non-blank lines: a wrapped line
fills the column, so paragraph text sets it. Blank lines are paragraph breaks; a run becomes one.

Running heads and feet ("Chapter 3: Basic Shell Features 45", a page number alone) are left out first
(`ingest.running`).

A page of a printed book's table of contents or index (`is_leader_page`: most of its lines are entries with
dot leaders to page numbers, "PIPESTATUS . . . . . 87") keeps its other lines (its heading) but not those
entries: they repeat the book's words with page numbers, which search would rank and the reader would answer
with ("78" for "What does PIPESTATUS contain?").
"""

from __future__ import annotations

import re
from pathlib import Path

from rag.ingest.hanging import is_term_line, split_hanging
from rag.ingest.pdf_text import NO_TEXT, page_texts
from rag.ingest.running import running_lines, without_running_lines
from rag.ingest.sentences import CELL
from rag.ingest.skip import SkipFile
from rag.ingest.titles import clip_title

PARAGRAPH_END = 0.8
HEADING = 0.5
MIN_WIDTH = 30
HYPHENS = "-\u00ad\u2010"  # hyphen-minus, soft hyphen, hyphen
# Prefixes whose hyphen is part of the word ("self-contained"): the hyphen stays when re-joining.
KEEP_HYPHEN = frozenset({"self", "well", "ill", "all", "ex", "half", "cross", "quasi", "non", "co"})
# "pre- and post-processing": a hyphen before these words is a suspended compound, not a break.
SUSPENDED = frozenset({"and", "or", "to", "nor"})
# A line ending inside a name at an underscore ("ASN1_", never "__init__" or a blank "____"), and a line going on
# with it.
_NAME_BROKEN = re.compile(r"(?<![\w_])[A-Za-z]\w*?[A-Za-z0-9]_$")
_NAME_GOES_ON = re.compile(r"[A-Za-z0-9]")
_LIST_MARKER = re.compile(r"([-–—•·*▪◦‣●○■□]|\d{1,3}[.)]|[A-Za-z][.)]|\((?:\d{1,3}|[A-Za-z]|[ivxlc]+)\))\s")
# A table of contents' or an index's entry: a label, dot leaders, page numbers ("1.1 What is Bash? . . . 1",
# "PS1 . . . . 78", "trap . . . 45, 61", "Preface . . . xi"); not "Total . . . . 1,234" (no page numbers).
_LEADER_ENTRY = re.compile(r"\S.*?(?:\.\s?){3,}\s*(?:\d{1,4}|[ivxlc]{1,6})(?:(?:, |–|-)(?:\d{1,4}|[ivxlc]{1,6}))*")
LEADER_SHARE = 0.5  # a page whose non-blank lines are mostly entries is a table of contents' or an index's
_OPTION_FIRST = re.compile(r"--?[A-Za-z][\w-]*\s")  # an option's entry, its description beside it: "-d file True …"
_PROMPT = re.compile(r"(?:\$|>>>) \S")  # a command typed at a prompt ("$ cd package-1.0"), or one's output next
_SECTION = re.compile(r"\d{1,3}(?:\.\d{1,3})+\.?\s+[A-Z]")  # a numbered section's heading: "1.2. What is this spec?"
# The labels of admonitions, alone on their line above their text: never the end of the line above
ADMONITIONS = frozenset({"Note", "Notes", "Tip", "Hint", "Warning", "Caution", "Important", "Attention", "Danger"})
_TERMINAL = ".!?:"
_CLOSERS = "\"')]\u00bb\u201d\u2019"  # may follow the sentence's end: 'said."'


# ---------------------------------------------------------------- unwrapping lines


def typical_width(lines: list[str]) -> int:
    """The 75th-percentile length of the non-blank `lines` (0 when there are none)."""
    widths = sorted(len(line) for line in lines if line)
    return widths[len(widths) * 3 // 4] if widths else 0


def is_list_item(line: str) -> bool:
    """True when `line` starts with a bullet or an enumeration marker followed by a space."""
    return bool(_LIST_MARKER.match(line))


def hyphen_break(prev: str, nxt: str) -> bool:
    """True when `prev` ends in a letter + hyphen and `nxt` starts lowercase: one word broken."""
    if len(prev) < 2 or prev[-1] not in HYPHENS or not prev[-2].isalpha() or not nxt[:1].islower():
        return False
    return nxt.split(maxsplit=1)[0].rstrip(",.;:") not in SUSPENDED


def rejoin(prev: str, nxt: str) -> str:
    """`prev` and `nxt` as one word across a hyphen break: the hyphen goes unless the prefix keeps it."""
    head = prev[:-1]
    words = head.split()
    prefix = words[-1].lower() if words else ""
    return (prev if prev[-1] == "-" and prefix in KEEP_HYPHEN else head) + nxt


def keeps_break(prev: str, nxt: str, width: int) -> bool:
    """True when the line break between non-blank lines `prev` and `nxt` is intentional (see module doc)."""
    if width < MIN_WIDTH or is_list_item(nxt) or _PROMPT.match(prev) or _PROMPT.match(nxt):
        return True
    if CELL in prev or CELL in nxt:
        return True  # a table's row (`pdf_tables`) is a line of its own
    if prev in ADMONITIONS or nxt in ADMONITIONS:
        return True  # an admonition's label, DocBook's and Sphinx's "Tip" over its text, is a line of its own
    if any(_SECTION.match(line) and len(line) < PARAGRAPH_END * width for line in (prev, nxt)):
        return True  # a numbered section's heading, short of the column: "2.11. Subclassing"
    if prev.rstrip(_CLOSERS)[-1:] in tuple(_TERMINAL) and (
        len(prev) < PARAGRAPH_END * width or is_term_line(nxt) or _OPTION_FIRST.match(nxt)
    ):
        return True
    return len(prev) < HEADING * width and (nxt[0].isupper() or nxt[0].isdigit())


def join_lines(prev: str, nxt: str) -> str:
    """Two lines of one paragraph as one: re-joined across a word break, else a space between."""
    if hyphen_break(prev, nxt):
        return rejoin(prev, nxt)
    if prev[-1] in HYPHENS and prev[-1] != "\u00ad" and not nxt[:1].islower():
        return prev + nxt  # a compound broken at its hyphen: "Anglo-" + "Saxon", "2020-" + "2021"
    if _NAME_BROKEN.search(prev) and _NAME_GOES_ON.match(nxt):
        return prev + nxt  # a name broken after its underscore (Texinfo's PDFs): "ASN1_" + "MAX_LENGTH_SIZE"
    return f"{prev} {nxt}"


def is_leader_entry(line: str) -> bool:
    """Whether a line is an entry of a table of contents or an index: a label with dot leaders to page numbers."""
    return bool(_LEADER_ENTRY.fullmatch(line.strip()))


def is_leader_page(lines: list[str]) -> bool:
    """Whether most (`LEADER_SHARE`) of a page's non-blank lines are table of contents or index entries."""
    filled = [line for line in lines if line.strip()]
    return bool(filled) and sum(map(is_leader_entry, filled)) > LEADER_SHARE * len(filled)


def without_leader_entries(page_text: str) -> str:
    """A page's text without its table of contents or index entries when it is such a page; else as it is."""
    lines = page_text.splitlines()
    if not is_leader_page(lines):
        return page_text
    return "\n".join(line for line in lines if not is_leader_entry(line))


def unwrap(page_text: str) -> str:
    """A page's text with wrapped lines joined into paragraphs; lines stripped, blank runs -> one blank line."""
    lines = [line.strip() for line in page_text.splitlines()]
    width = typical_width([line for line in lines if CELL not in line])  # prose sets it, not a table's rows
    out: list[str] = []
    prev, blank = "", False  # prev: the last non-blank input line, as laid out on the page
    for line in lines:
        if not line:
            blank = bool(out)
            continue
        if not out:
            out.append(line)
        elif blank:
            out.extend(("", line))
        elif keeps_break(prev, line, width):
            out.append(line)
        else:
            out[-1] = join_lines(out[-1], line)
        prev, blank = line, False
    return "\n".join(out)


# ---------------------------------------------------------------- reading


def page_starts_of(pages: list[str]) -> list[int]:
    """Where each page begins in "\\n\\n".join(pages)."""
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 2
    return starts


def read_pdf(raw: bytes, path: Path) -> tuple[str, str, list[int]]:
    """(text, title, page_starts) of a PDF: pages unwrapped and joined by a blank line, or SkipFile."""
    raw_pages, meta_title = page_texts(raw)
    if not raw_pages:
        raise SkipFile("PDF has no pages")
    running = running_lines(raw_pages)
    pages = [split_hanging(unwrap(without_leader_entries(without_running_lines(page, running)))) for page in raw_pages]
    if not "".join(pages).strip():  # a table of contents and nothing else: its entries are all the PDF says
        pages = [unwrap(page) for page in raw_pages]
    text = "\n\n".join(pages)
    if not text.strip():
        raise SkipFile(NO_TEXT)
    first_line = next((line for page in pages for line in page.split("\n") if line), "")
    return text, meta_title or clip_title(first_line) or path.name, page_starts_of(pages)
