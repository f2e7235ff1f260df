"""The rag page on the seeds corpus: `python app.py [--docs DIR] [--index DIR] [--host HOST] [--port PORT]`."""

import sys
from pathlib import Path

from rag.ui.app import main

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    sys.exit(main(docs=HERE / "seeds", index=HERE / "index"))
