"""Preformatted text's words that a manual page's formatter hyphenated across two lines, re-joined on the first."""

from __future__ import annotations

from rag.ingest.pdf import hyphen_break, rejoin

PROSE_WORDS = 5  # a line of prose broken at a hyphen holds this many words or more: code's seldom ends so


def rejoin_hyphenated(lines: list[str]) -> list[str]:
    """`lines` (of an HTML <pre>) with each word that nroff broke at a hyphen at a line's end made whole on that
    line, its hyphen gone unless its prefix keeps one (`pdf.rejoin`): Postfix's manual pages read "con-" over
    "figuration files" ("master.cf configuration" over "files."), which no search for "configuration" found. Only
    where the line is prose (PROSE_WORDS words or more) and the next, indented as far or further, goes on in lower
    case; its indentation stays, and a line left empty goes."""
    out = list(lines)
    i = 0
    while i + 1 < len(out):
        prev, nxt = out[i], out[i + 1]
        indent, below = len(prev) - len(prev.lstrip()), len(nxt) - len(nxt.lstrip())
        if len(prev.split()) >= PROSE_WORDS and below >= indent and hyphen_break(prev.rstrip(), nxt.lstrip()):
            word, _, rest = nxt.lstrip().partition(" ")
            out[i] = rejoin(prev.rstrip(), word)
            if rest.strip():
                out[i + 1] = nxt[:below] + rest.lstrip()
            else:
                del out[i + 1]
                continue  # the joined line may end in another break
        i += 1
    return out
