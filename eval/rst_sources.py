"""Whether rag reads every reStructuredText source under some folders: how many parse, which fail and why, how long.

    python -m eval.rst_sources /usr/share/doc

Reads each `.rst`, `.rst.txt` and `.rest` file (gzipped too) with `rag.ingest.rst.rst_text`, the reader `rag index`
uses, and prints the count read, the failures and the mean time per file; also the files whose text still holds
reStructuredText markup a reader should not see (a role, a directive, a docutils error).
"""

from __future__ import annotations

import gzip
import re
import sys
import time
from pathlib import Path

from rag.ingest.rst import rst_text
from rag.ingest.skip import SkipFile

SUFFIXES = (".rst", ".rst.txt", ".rest", ".rst.gz", ".rest.gz")
LEFT_MARKUP = re.compile(r":[a-z][\w:+.-]*:`|^\.\. [\w:-]+::|System Message", re.MULTILINE)


def main(folders: list[str]) -> None:
    files = sorted(p for f in folders for p in Path(f).rglob("*") if p.name.endswith(SUFFIXES) and p.is_file())
    failed: list[tuple[Path, str]] = []
    marked: list[Path] = []
    t0 = time.perf_counter()
    for path in files:
        raw = path.read_bytes()
        source = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", "replace")
        try:
            text, _ = rst_text(source)
        except SkipFile as e:
            failed.append((path, str(e)))
            continue
        if LEFT_MARKUP.search(text):
            marked.append(path)
    ms = (time.perf_counter() - t0) * 1000 / max(1, len(files))
    print(f"{len(files)} sources, {len(files) - len(failed)} read, {len(failed)} failed, {ms:.0f} ms each")
    for path, reason in failed:
        print(f"  failed  {path}: {reason}")
    print(f"{len(marked)} read with markup left in their text")
    for path in marked[:20]:
        print(f"  markup  {path}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["/usr/share/doc"])
