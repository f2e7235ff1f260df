"""A document's title: one line of at most TITLE_MAX characters."""

from __future__ import annotations

TITLE_MAX = 200


def clip_title(title: str) -> str:
    """`title` on one line, inner whitespace collapsed, cut to TITLE_MAX characters."""
    return " ".join(title.split())[:TITLE_MAX].strip()
