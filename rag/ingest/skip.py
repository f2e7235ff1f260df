"""Why a file is not indexed: the exception readers raise, and which reasons name a file left out by design."""

from __future__ import annotations

REDIRECT = "a redirect to {target}, with no text of its own: read the page it leads to"
# Files rag leaves out by design, which are no failure: how their reason starts; what they are, in the plural, and
# why they are left out.
BY_DESIGN = {REDIRECT.split("{", 1)[0]: ("redirect pages", "no text of their own; the pages they lead to are read")}


class SkipFile(Exception):
    """Raised with a human reason when a file cannot be indexed."""


def by_design(reason: str) -> tuple[str, str] | None:
    """What files skipped for `reason` are, in the plural, and why, when rag leaves them out by design (a redirect
    page, whose target is read): no failure to read them. None for any other reason."""
    return next((kind for start, kind in BY_DESIGN.items() if reason.startswith(start)), None)
