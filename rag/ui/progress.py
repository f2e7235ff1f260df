"""A console progress bar for indexing, fed by the Index's (done, total) progress callback."""

from __future__ import annotations

import sys

from rag.models import Progress


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
