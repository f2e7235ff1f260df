"""Markdown to readable text: no heading or emphasis marks, link text without targets, ordered items numbered,
tables as rows, code kept; front matter is metadata; MyST directives' prose (```{note}) and MkDocs' admonitions
and tabs read as Markdown."""

from __future__ import annotations

import re
from functools import lru_cache

from rag.ingest.tables import header_labels, labelled

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
# A MyST (Sphinx's Markdown) directive as a fence's info string: ```{note}, ```{versionchanged} 22.1.
_DIRECTIVE = re.compile(r"^\{([\w:.-]+)\}")
_ROLE = re.compile(r"\{[\w:.-]+\}$")  # a MyST role before its `text`: {pypi}, {ref}, {py:func}
_DIRECTIVE_OPTION = re.compile(r"^:[\w-]+:.*$")  # ":class: tip", before a directive's body
# Directives whose body is prose, read as Markdown: admonitions, version notes, sphinx-design's containers, text
# for one builder ({only} html). Other
# directives' bodies stay as written (code, a custom directive's console session), but for those with no text.
PROSE_DIRECTIVES = frozenset(
    """note warning tip important caution attention danger error hint seealso admonition versionadded
    versionchanged deprecated topic sidebar margin dropdown tab tab-item tab-set card grid-item-card glossary
    epigraph highlights pull-quote only""".split()
)
NO_TEXT_DIRECTIVES = frozenset({"toctree", "include", "image"})  # page names, a path
# What Sphinx writes before a version directive's text, its argument the version: "Changed in version 20.0: …"
VERSION_LABELS = {
    "versionadded": "New in version {}",
    "versionchanged": "Changed in version {}",
    "deprecated": "Deprecated since version {}",
    "versionremoved": "Removed in version {}",
}
_TARGET = re.compile(r"^\([\w.:-]+\)=$")  # a MyST target, "(wheel-caching)=": an anchor for links, no text
# Sphinx's roles, in MyST ({ref}`…`) and reStructuredText (:ref:`…`): a reference with a title shows the title
# ("virtual environments" of "virtual environments <pypug:Creating …>").
_ROLE_TITLE = re.compile(r"^(.*?\S)\s*<[^<>]+>$", re.S)
NUMBERED_ROLES = frozenset({"pep", "rfc"})  # ":rfc:`2045`" shows "RFC 2045"
_CALLED_ROLES = frozenset({"func", "meth"})  # roles naming a callable, shown with "()"


# Python-Markdown's admonition (MkDocs; Material's collapsible "???") or a content tab ('=== "Python"'): a marker
# line over its body, indented 4.
_ADMONITION = re.compile(
    r'^([ \t]*)(?:(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+"([^"]*)")?|===\+?[ \t]+"([^"]*)")[ \t]*$'
)
_AUTODOC = re.compile(r"^([ \t]*):::[ \t]*[\w.:-]+[ \t]*$")  # mkdocstrings' "::: pkg.Class": API docs built elsewhere
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def _indented_below(lines: list[str], i: int, indent: str) -> int:
    """Where the block of lines after line i that are blank or indented past `indent` ends (its blank end left)."""
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or lines[j].startswith((indent + "    ", indent + "\t"))):
        j += 1
    while j > i + 1 and not lines[j - 1].strip():
        j -= 1
    return j


def admonitions(source: str) -> str:
    """`source` with each admonition as its page shows it: its title, else its kind ("Note"), over its body, dedented
    (read as Markdown: it had been a paragraph starting '!!! warning "Experimental API"', or code), and nothing
    where its body has no text; mkdocstrings' "::: name" blocks, which pull in an API reference written elsewhere,
    left out with their options."""
    lines, fence, i = source.split("\n"), "", 0
    while i < len(lines):
        if opened := _FENCE.match(lines[i]):
            marks = opened.group(1)
            fence = marks if not fence else ("" if marks.startswith(fence) else fence)
        elif not fence and (m := _ADMONITION.match(lines[i]) or _AUTODOC.match(lines[i])):
            indent, end = m.group(1), _indented_below(lines, i, m.group(1))
            body = admonitions("\n".join(_dedented(line, indent) for line in lines[i + 1 : end]))
            title = _title(m) if m.re is _ADMONITION else ""
            shown = ([title, ""] if title else []) + body.split("\n") if body.strip() and m.re is _ADMONITION else []
            lines[i:end] = [indent + line if line.strip() else "" for line in shown]
            i += len(shown)
            continue
        i += 1
    return "\n".join(lines)


def _title(marker: re.Match[str]) -> str:
    """An admonition's title ("" when written so), else its kind, capitalised; a tab's label."""
    if marker.group(4) is not None:
        return marker.group(4)
    return marker.group(2).capitalize() if marker.group(3) is None else marker.group(3)


def _dedented(line: str, indent: str) -> str:
    """A body's line without its block's indent and the 4 spaces (or tab) past it."""
    rest = line[len(indent) :]
    return rest[1:] if rest.startswith("\t") else rest[4:]


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


def shown_role_text(name: str, text: str) -> str:
    """What Sphinx shows of a role's text: the title of a titled reference ("virtual environments" of
    "virtual environments <venv>"), a name's last part after "~" ("copy" of "~shutil.copy"), no "!"; "RFC 2045"
    of ":rfc:`2045`"."""
    if m := _ROLE_TITLE.match(text):
        return m.group(1)
    if name in NUMBERED_ROLES:
        return f"{name.upper()} {text}"
    if name.rsplit(":", 1)[-1] in _CALLED_ROLES and not text.endswith(")"):
        text += "()"  # as Sphinx adds to a function's name: "load()"
    if text.startswith("~"):
        return text[1:].rsplit(".", 1)[-1]
    return text.removeprefix("!")


# A README's status badge, an image of a CI run's or a registry's state: shields.io's, a CI's "…/badge.svg".
_BADGE = re.compile(r"shields\.io|badgen\.net|badge", re.IGNORECASE)


def _inline(children) -> str:
    """The visible text of an inline token's children: marks and link targets dropped."""
    out = []
    children = list(children or ())
    for i, t in enumerate(children):
        role = _ROLE.search(children[i - 1].content) if i > 0 and children[i - 1].type == "text" else None
        if t.type == "text" and i + 1 < len(children) and children[i + 1].type == "code_inline":
            out.append(_ROLE.sub("", t.content))  # a MyST role's name: {pypi}`requests` reads "requests"
        elif t.type == "code_inline" and role:
            out.append(shown_role_text(role.group(0)[1:-1].lower(), t.content))  # as Sphinx shows it
        elif t.type in ("text", "code_inline"):
            out.append(t.content)
        elif t.type == "softbreak":
            out.append(" ")
        elif t.type == "hardbreak":
            out.append("\n")
        elif t.type == "image" and not _BADGE.search(str(t.attrs.get("src", ""))):
            out.append(t.content)  # the alt text; a badge's ("linux", "crates.io" of a README's title) says nothing
    return re.sub(r"[ \t]+", " ", "".join(out))


def markdown_text(source: str, env: dict | None = None) -> tuple[str, str]:
    """(text, title) of a Markdown document; the title is front matter's `title`, else the first heading.
    `env`: the parse's state, shared with the document a directive's body is part of (its link references)."""
    fields, body = front_matter(source)
    body = admonitions(body)
    env = {} if env is None else env
    out: list[str] = []
    row: list[str] | None = None
    labels: list[str] | None = None  # the open table's column names (its header row's)
    head = False  # inside the table's header row
    heading, title = False, fields.get("title", "")
    tight = False  # whether the next block continues a list or table on the next line
    numbers: list[int | None] = []  # each open list's next item number (None: bullets), innermost last
    marker = ""  # an ordered list item's marker ("3."), written before the item's first text

    def add(text: str) -> None:
        nonlocal tight, marker
        if text:
            out.append(("\n" if tight and out else "\n\n") + (f"{marker} " if marker else "") + text)
            tight, marker = bool(numbers), ""

    for t in _parser().parse(body, env):
        if t.type == "heading_open":
            heading = True
        elif t.type == "heading_close":
            heading = False
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            numbers.append(int(t.attrGet("start") or 1) if t.type == "ordered_list_open" else None)
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
            tight = bool(numbers)
        elif t.type == "list_item_open" and numbers and numbers[-1] is not None:
            marker, numbers[-1] = f"{numbers[-1]}.", numbers[-1] + 1  # as the page shows it, whatever was written
        elif t.type == "tr_open":
            row = []
        elif t.type == "tr_close" and row is not None:
            if head:
                labels = header_labels([(cell, 1) for cell in row])
            add(" | ".join(row if head else labelled(labels, row)))
            row, tight = None, True
        elif t.type in ("thead_open", "thead_close"):
            head = t.type == "thead_open"
        elif t.type == "table_close":
            tight, labels = False, None
        elif t.type == "inline":
            text = _inline(t.children).strip()
            if _TARGET.match(text):
                continue
            if row is not None:
                row.append(text)
            else:
                add(text)
                if heading and text and not title:
                    title = text
        elif t.type == "fence" and (directive := _DIRECTIVE.match(t.info.strip())):
            argument = t.info.strip()[directive.end() :].strip()
            add(directive_text(directive.group(1), t.content, env, argument))
        elif t.type in ("fence", "code_block"):
            add(t.content.rstrip("\n"))
        elif t.type == "html_block":
            from rag.ingest.html import html_text

            add(html_text(t.content)[0])
    return "".join(out).lstrip("\n"), title


def directive_text(name: str, body: str, env: dict | None = None, argument: str = "") -> str:
    """The text of a MyST directive's body: prose read as Markdown (a note, a warning, "versionchanged"), without
    its leading ":option:" lines, after its argument as a title ("Unix" of a tab) or as Sphinx says a version
    ("Changed in version 20.0: pip now caches …", "New in version 6.0."); nothing for a toctree or an image;
    any other body as it is written."""
    if name in NO_TEXT_DIRECTIVES:
        return ""
    if name not in PROSE_DIRECTIVES:
        return body.rstrip("\n")
    lines = body.splitlines()
    while lines and _DIRECTIVE_OPTION.match(lines[0]):
        lines.pop(0)
    text = markdown_text("\n".join(lines), env)[0]
    if name in VERSION_LABELS and argument:
        label = VERSION_LABELS[name].format(argument)
        return f"{label}: {text}" if text else f"{label}."
    return f"{argument}\n\n{text}".strip("\n") if argument else text
