"""HTML to clean text: the page's main content, without navigation or chrome; tables as rows, code as code."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from rag.ingest.chrome import is_chrome, is_letter_bar, is_main, is_toctree, is_toctree_links
from rag.ingest.lists import LIST_TAGS, OpenList
from rag.ingest.tables import OpenTable, cell_span, label_of
from rag.ingest.tidy import PRE_CLOSE, PRE_OPEN, tidy
from rag.ingest.titles import clean_title

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
PARAGRAPH_TAGS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol", "dl", "blockquote", "section",
        "article", "main", "figure", "details", "hr", "address", "header",
    }
)  # fmt: skip
LINE_TAGS = frozenset({"div", "br", "li", "dt", "dd", "tr", "caption", "figcaption", "summary", "body", "html"})
PERMALINKS = frozenset({"¶", "§", "🔗"})
SECTIONING = frozenset({"main", "article", "section"})  # a <header> inside one heads it; elsewhere it is the banner


class _MainFinder(HTMLParser):
    """First pass: the start-tag number of the surest main-content element (None if none), and its ancestors'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.count = 0
        self.found: dict[int, list[int]] = {}
        self.open: list[tuple[str, int]] = []  # the elements open, outermost first
        # Each main candidate's ancestors: the page's layout, never chrome, whatever their class says (the Read the
        # Docs theme's "wy-nav-content-wrap" section and "wy-nav-content" div hold Sphinx's role="main" div)
        self.around: dict[int, frozenset[int]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rank = is_main(tag, dict(attrs))
        if rank is not None:
            self.found.setdefault(rank, []).append(self.count)
            self.around[self.count] = frozenset(n for _, n in self.open)
        if tag not in VOID:
            self.open.append((tag, self.count))
        self.count += 1

    def handle_endtag(self, tag: str) -> None:
        while any(t == tag for t, _ in self.open):
            if self.open.pop()[0] == tag:
                return

    def best(self) -> int | None:
        for rank in sorted(self.found):
            if rank == 1 and len(self.found[rank]) > 1:  # many articles: a listing, not one page's content
                continue
            return self.found[rank][0]
        return None


class _Text(HTMLParser):
    """Second pass: the text inside element number `main` (everything when None), chrome left out."""

    def __init__(self, main: int | None, wrapping: frozenset[int] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.main, self.count = main, 0
        self.wrapping = wrapping  # the elements around the main one, never dropped
        self.stack: list[tuple[str, bool, bool, bool]] = []  # (tag, dropped, is the main element, is a toctree)
        self.dropped = 0
        self.in_main = main is None
        self.parts: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self.in_title = self.in_h1 = False
        self.title_done = self.h1_done = False
        self.pre = 0
        self.tables: list[OpenTable] = []  # each open table, innermost last
        self.cell_depth = 0
        self.breaks = 0  # newlines owed before the next text: block boundaries never stack up
        self.dd_open = False  # inside a <dd> that has no text yet: its first block goes on the term's next line
        self.li_open = False  # inside an <li> that has no text yet: its first paragraph is the item's line
        self.li_paragraphs: list[int] = []  # the depths of the open <p>s that are their items' lines
        self.lists: list[OpenList] = []  # each open list, innermost last
        self.marker = ""  # an ordered list item's marker ("3."), written before the item's first text

    # -------------------------------------------------------------- tree
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        number, self.count = self.count, self.count + 1
        if tag == "body" and any(t == "head" for t, *_ in self.stack):  # an unclosed <head>
            self._close("head")
        if tag == "title" and not self.title_done:
            self.in_title = True
        if tag in _ENDS_OPEN:
            self._end_implied(_ENDS_OPEN[tag])
        if tag in VOID:
            if tag in ("br", "hr") and self._emitting():
                self._boundary(tag)
            return
        is_the_main, attributes = number == self.main, dict(attrs)
        in_content = (self.in_main and self.main is not None) or is_the_main or self._inside(SECTIONING)
        links = bool(self.stack) and self.stack[-1][3] and is_toctree_links(tag, attributes)  # a toctree's list
        drop = tag != "title" and number not in self.wrapping and (links or is_chrome(tag, attributes, in_content))
        self.stack.append((tag, drop, is_the_main, is_toctree(attributes)))
        self.dropped += drop
        self.in_main = self.in_main or is_the_main
        if tag in LIST_TAGS:
            self.lists.append(OpenList.of(tag, attributes))
        elif tag == "li" and self.lists:
            self.marker = self.lists[-1].item(attributes.get("value")) if self._emitting() else ""
        if tag == "h1" and not self.h1_done and not self.dropped:
            self.in_h1 = True
        if self._emitting():
            self._open(tag, attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.in_title:
            self.in_title, self.title_done = False, True
        if tag == "h1" and self.in_h1:
            self.in_h1, self.h1_done = False, True
        if any(t == tag for t, *_ in self.stack):
            self._close(tag)

    def _close(self, tag: str) -> None:
        while self.stack:
            t, drop, was_main, _ = self.stack[-1]
            if self._emitting():
                self._end(t)
            self.stack.pop()
            self.dropped -= drop
            if t in LIST_TAGS and self.lists:
                self.lists.pop()
            self.marker = "" if t == "li" else self.marker
            if was_main:
                self.in_main = False
            if t == tag:
                return

    def _end_implied(self, tags: frozenset[str]) -> None:
        """Close the outermost of `tags` open inside the innermost table: HTML lets a cell's and a row's end tags
        be left out ("<tr><td>1<td>2<tr><td>3"), the next cell or row ending them."""
        outermost = None
        for t, *_ in reversed(self.stack):
            if t == "table":
                break
            if t in tags:
                outermost = t
        if outermost is not None:
            self._close(outermost)

    def _inside(self, tags: frozenset[str]) -> bool:
        return any(t in tags for t, *_ in self.stack)

    def _emitting(self) -> bool:
        return self.in_main and not self.dropped

    # -------------------------------------------------------------- text
    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.in_h1:
            self.h1.append(data)
        if not self._emitting() or data.strip() in PERMALINKS:
            return
        if data.strip() == "#" and self.stack and self.stack[-1][0] == "a":  # a heading's "#" permalink (Node.js)
            return
        self._emit(data if self.pre else re.sub(r"\s+", " ", data))

    def _emit(self, text: str) -> None:
        if text.strip():
            self.dd_open = self.li_open = False
        if self.breaks and text.strip():
            self.parts.append("\n" * self.breaks)
            self.breaks = 0
        if self.marker and text.strip():
            self.parts.append(self.marker + " ")
            self.marker = ""
        if text.strip() or not self.breaks:
            self.parts.append(text)

    def _open(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "pre":
            self._boundary(tag)
            self.parts.append(PRE_OPEN)
            self.pre += 1
        elif tag == "table":
            self._boundary(tag)
            self.tables.append(OpenTable(len(self.parts)))
        elif tag in ("td", "th") and self.tables:
            self._open_cell(tag, attrs)
        elif tag == "tr" and self.tables:
            self.tables[-1].end_row()
            self._boundary(tag)
        elif tag == "p" and self.li_open and not self.cell_depth:  # Sphinx's "<li><p>…</p></li>": one item a line
            self.li_paragraphs.append(len(self.stack))
            self.breaks = max(self.breaks, 1)
        elif tag == "span" and "classifier" in (attrs.get("class") or "").split():
            self._emit(" : ")  # Docutils' "term : classifier", as its style sheet shows it ("tabsize : int")
        else:
            self._boundary(tag)
            self.dd_open = tag == "dd" or (self.dd_open and tag not in PARAGRAPH_TAGS)
        self.li_open = tag == "li" or (self.li_open and tag not in PARAGRAPH_TAGS)

    def _end(self, tag: str) -> None:
        if tag == "pre" and self.pre:
            self.pre -= 1
            self.parts.append(PRE_CLOSE)
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            if is_letter_bar("".join(self.parts[table.at :])):
                del self.parts[table.at :]  # an index's "Jump to: A B C …" links, no text
        elif tag == "tr" and self.tables:
            self.tables[-1].end_row()
        elif tag in ("td", "th") and self.cell_depth:
            self.cell_depth -= 1
            if self.tables:
                self.tables[-1].end_cell(self.parts, PRE_OPEN + PRE_CLOSE)
            return
        elif tag == "p" and self.li_paragraphs and self.li_paragraphs[-1] == len(self.stack):
            self.li_paragraphs.pop()  # an item's line ends: the next item's follows on the next line
            self.breaks = max(self.breaks, 1)
            return
        self._boundary(tag)

    def _open_cell(self, tag: str, attrs: dict[str, str | None]) -> None:
        """A cell: after the row's cells before it, its column's name first when the table has a header row."""
        table = self.tables[-1]
        if table.cells == 1 and table.spanning_name and not table.row[0][0]:
            self.breaks = 0  # Docutils' long field name spans its row, its value the next one's after an empty cell
        self._emit(" | " if table.cells else "")
        span = cell_span(attrs.get("colspan"))
        label = label_of(table.labels, table.column, span)
        self._emit(label)
        header = tag == "th" or self._inside(_HEAD)
        table.open_cell(len(self.parts), label, span, header)
        self.cell_depth += 1

    def _boundary(self, tag: str) -> None:
        if self.pre:
            return
        if self.cell_depth:  # blocks inside a table cell stay on the row's line
            if tag in PARAGRAPH_TAGS or tag in LINE_TAGS:
                self._emit(" ")
            return
        if tag in PARAGRAPH_TAGS and not (self.dd_open and tag == "p"):
            self.breaks = 2  # (a <dd>'s first paragraph stays on the line after its term: "--timeout <n>\nSeconds …")
        elif tag in LINE_TAGS:
            self.breaks = max(self.breaks, 1)


_HEAD = frozenset({"thead"})
_CELLS = frozenset({"td", "th"})
_ROWS = _CELLS | {"tr"}
_ENDS_OPEN = {
    "td": _CELLS,
    "th": _CELLS,
    "tr": _ROWS,
    **dict.fromkeys(("thead", "tbody", "tfoot"), _ROWS | {"thead", "tbody", "tfoot"}),
}  # what a start tag ends when left open


def _extract(html: str, main: int | None, wrapping: frozenset[int] = frozenset()) -> tuple[str, str]:
    parser = _Text(main, wrapping)
    parser.feed(html)
    parser.close()
    return tidy("".join(parser.parts)), clean_title("".join(parser.title), "".join(parser.h1))


def html_text(html: str) -> tuple[str, str]:
    """(text, title) of an HTML page: its main content (<main>, role="main" or a single <article>) without navigation, headers, footers, banners or permalink marks; the whole body, less
    the same chrome, when there is no main element or it holds no text."""
    html = html.replace("\r\n", "\n").replace("\r", "\n")
    finder = _MainFinder()
    finder.feed(html)
    finder.close()
    main = finder.best()
    text, title = _extract(html, main, finder.around.get(main, frozenset()) if main is not None else frozenset())
    if not text and main is not None:
        text, title = _extract(html, None)
    return text, title
