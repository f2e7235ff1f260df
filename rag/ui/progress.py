"""Console progress: a bar for indexing, fed by the Index's (done, total) callback, and rag's notices."""

from __future__ import annotations

import logging
import sys

from rag.models import Progress
from rag.ui.names import shown


class Notices(logging.Handler):
    """Prints each message of rag's logger ('reading big.txt (50.0 MB)', 'index busy: ...') on stderr,
    one escaped line, above any progress bar being drawn."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        tqdm.write(shown(record.getMessage()), file=sys.stderr)


def show_notices(name: str = "rag") -> None:
    """Show the INFO and louder messages of logger `name` on the console (once, however often called)."""
    logger = logging.getLogger(name)
    if not any(isinstance(h, Notices) for h in logger.handlers):
        logger.addHandler(Notices())
    logger.setLevel(logging.INFO)


def progress_bar(desc: str) -> Progress:
    """A tqdm bar fed by the Index's (done, total) progress callback; shows passages/s and ETA.

    The total is an estimate while files are still being read; the bar follows its updates.
    """
    from tqdm import tqdm

    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=desc, unit="passage", file=sys.stderr, disable=total == 0)
        elif total != bar.total:
            bar.total = total
        if done >= total:
            bar.n = done
            bar.close()  # draws the final state once
        else:
            bar.update(done - bar.n)

    return update
