"""How the command line and the page end: exit codes, a user's mistake in one line, a bug with its traceback."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from rag.errors import RagError
from rag.ui.names import shown

OK, BUG, USER_ERROR, PARTIAL, INTERRUPTED = 0, 1, 2, 3, 130
EXIT_CODES = (
    (OK, "done"),
    (BUG, "a bug in rag: the traceback is printed; please report it"),
    (USER_ERROR, "usage or user error: bad arguments, a missing path or index, a damaged index (one line on stderr)"),
    (
        PARTIAL,
        "done in part: some files could not be read or some ids were not found (each is listed; a file of a type rag does not read, or an HTML redirect page, is listed but is no failure)",
    ),
    (INTERRUPTED, "interrupted (Ctrl-C): what was saved is kept; run the same command to continue"),
)
ISSUES = "This is a bug in rag, not in your documents or command: please report it with the traceback above."
INTERRUPTED_LINE = "interrupted; run the same command to continue"


def exit_code_table() -> str:
    """The exit codes, one per line, as `rag --help` and the README show them."""
    return "exit codes:\n" + "\n".join(f"  {code:<4} {meaning}" for code, meaning in EXIT_CODES)


def run_reporting(prog: str, action: Callable[[], int]) -> int:
    """`action()`'s exit code; 2 after a RagError (its message, on one line), 130 after Ctrl-C,
    1 after any other exception (a bug, shown with its traceback)."""
    try:
        return action()
    except RagError as e:
        print(f"{prog}: error: {shown(e)}", file=sys.stderr)
        return USER_ERROR
    except KeyboardInterrupt:
        print(f"\n{prog}: {INTERRUPTED_LINE}", file=sys.stderr)
        return INTERRUPTED
    except Exception:
        traceback.print_exc()
        print(f"{prog}: {ISSUES}", file=sys.stderr)
        return BUG
