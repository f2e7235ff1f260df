"""Markdown to readable text: no heading or emphasis marks, link text without targets, tables as rows, code
kept; front matter is metadata."""

from __future__ import annotations

import re
from functools import lru_cache

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """(top-level `key: value` fields of a leading YAML front matter block, the text after it)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {}
    for line in (match.group(1) or "").splitlines():
        field = _FIELD.match(line)
        if field and field.group(2):
            fields[field.group(1).lower()] = field.group(2).strip("\"'")
    return fields, text[match.end() :]


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _inline(children) -> str:
    """The visible text of an inline token's children: marks and link targets dropped."""
    out = []
    for t in children or ():
        if t.type in ("text", "code_inline"):
            out.append(t.content)
        elif t.type == "softbreak":
            out.append(" ")
        elif t.type == "hardbreak":
            out.append("\n")
        elif t.type == "image":
            out.append(t.content)  # the alt text
    return re.sub(r"[ \t]+", " ", "".join(out))


def markdown_text(source: str) -> tuple[str, str]:
    """(text, title) of a Markdown document; the title is front matter's `title`, else the first heading."""
    fields, body = front_matter(source)
    out: list[str] = []
    row: list[str] | None = None
    heading, title = False, fields.get("title", "")
    lists, tight = 0, False  # open lists; whether the next block continues a list or table on the next line

    def add(text: str) -> None:
        nonlocal tight
        if text:
            out.append(("\n" if tight and out else "\n\n") + text)
            tight = lists > 0

    for t in _parser().parse(body):
        if t.type == "heading_open":
            heading = True
        elif t.type == "heading_close":
            heading = False
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
            tight = lists > 0
        elif t.type == "tr_open":
            row = []
        elif t.type == "tr_close" and row is not None:
            add(" | ".join(row))
            row, tight = None, True
        elif t.type == "table_close":
            tight = False
        elif t.type == "inline":
            text = _inline(t.children).strip()
            if row is not None:
                row.append(text)
            else:
                add(text)
                if heading and text and not title:
                    title = text
        elif t.type in ("fence", "code_block"):
            add(t.content.rstrip("\n"))
        elif t.type == "html_block":
            from rag.ingest.html import html_text

            add(html_text(t.content)[0])
    return "".join(out).lstrip("\n"), title
