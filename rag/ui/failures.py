"""How the command line and the page end on an error: a user's mistake in one line, a bug with its traceback."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from rag.errors import RagError

ISSUES = "This is a bug in rag, not in your documents or command: please report it with the traceback above."


def run_reporting(prog: str, action: Callable[[], int]) -> int:
    """`action()`'s exit code; 2 after a RagError (its message), 1 after any other exception (a bug)."""
    try:
        return action()
    except RagError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except Exception:
        traceback.print_exc()
        print(f"{prog}: {ISSUES}", file=sys.stderr)
        return 1
