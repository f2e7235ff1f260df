"""The one error family: what the CLI and the page report to users; anything else is a bug."""

from __future__ import annotations


class RagError(Exception):
    """A problem the user can fix; the message says what was wrong and what to do."""


class IndexNotFound(RagError):
    """There is no index where one was asked for."""


class IncompatibleIndex(RagError):
    """The index was made by another rag, embedder or settings, and cannot be used as asked."""


class DamagedIndex(RagError):
    """The index on disk is incomplete or corrupt; the message names the file and how to rebuild."""


class BadInput(RagError, ValueError):
    """An argument or a file given by the user cannot be used (a skipped file is a report, not this)."""


class IndexBusy(RagError):
    """Another process is changing the index, and this one was asked not to wait for it."""
