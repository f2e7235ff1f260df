"""How many words each PDF engine runs together: runs of 16 letters or more among the words pypdf and PDFium read.

    python -m eval.pdf_words /usr/share/doc/debmake-doc/debmake-doc.en.pdf /usr/share/doc/bash/bashref.pdf

A justified line whose words a PDF places by position reads "IfyouarenewtoDebianpackaging" to an engine that
does not space them; few real words are that long, so the count of such runs says how often that happened.
"""

from __future__ import annotations

import io
import re
import sys

RUN = 16  # letters: a run this long is almost always words run together
_WORD = re.compile(r"[A-Za-z]+")


def runs(pages: list[str]) -> tuple[int, int]:
    """(words, runs of RUN letters or more) over the pages' text."""
    words = [w for page in pages for w in _WORD.findall(page)]
    return len(words), sum(len(w) >= RUN for w in words)


def main(paths: list[str]) -> None:
    import pypdf
    import pypdfium2 as pdfium

    print(f"| PDF | pages | pypdf words | pypdf runs of {RUN}+ | PDFium words | PDFium runs of {RUN}+ |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in paths:
        raw = open(path, "rb").read()
        a = runs([p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(raw)).pages])
        pdf = pdfium.PdfDocument(raw)
        b = runs([pdf[i].get_textpage().get_text_range() for i in range(len(pdf))])
        print(f"| {path} | {len(pdf)} | {a[0]} | {a[1]} | {b[0]} | {b[1]} |")


if __name__ == "__main__":
    main(sys.argv[1:])
