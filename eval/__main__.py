"""`python -m eval DATASET [options]`: run the evaluation in eval.run."""

from eval.run import main

raise SystemExit(main())
