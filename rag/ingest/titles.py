"""A document's title: one line of at most TITLE_MAX characters; a web page's without its site's name."""

from __future__ import annotations

import re

TITLE_MAX = 200
_SITE_SUFFIX = re.compile(
    r"\s+[—–|·:-]\s+[^—–|·]*\b(documentation|docs|manual|handbook|reference|wiki|website|site|blog|home)\b[^—–|·]*$",
    re.I,
)

_NAMES = re.compile(r"[^\W_]")  # a title names something with a letter or a digit: not Black's "}", a broken build's
_UNTITLED = "<no title>"  # what Sphinx writes for a page without a heading


def clip_title(title: str) -> str:
    """`title` on one line, inner whitespace collapsed, cut to TITLE_MAX characters."""
    return " ".join(title.split())[:TITLE_MAX].strip()


def clean_title(title: str, h1: str) -> str:
    """The page's title without a site suffix: the <h1> when the <title> begins with it, else the
    <title> less a trailing " — X documentation"-like part; "" when that names nothing ("}", "<no title>"), so that
    the text's first line is taken."""
    title, h1 = " ".join(title.split()), " ".join(h1.replace("¶", " ").split())
    if h1 and title.startswith(h1) and len(h1) < len(title):
        return h1 if _NAMES.search(h1) else ""
    cleaned = _SITE_SUFFIX.sub("", title) or title or h1
    return cleaned if _NAMES.search(cleaned) and cleaned != _UNTITLED else ""
