"""Why a file is not indexed: the exception readers raise."""

from __future__ import annotations


class SkipFile(Exception):
    """Raised with a human reason when a file cannot be indexed."""
