"""`python -m eval DATASET [options]`: `rag eval` with the repository's defaults (results in eval/results/)."""

from pathlib import Path

from rag.evaluation.run import main

REPO = Path(__file__).resolve().parents[1]

raise SystemExit(main(prog="python -m eval", out=REPO / "eval" / "results", docs=REPO / "seeds"))
