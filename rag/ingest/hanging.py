"""A PDF's hanging-indent entries: a short term and its description on one line ("PPID The process id of …") are
read as a term line and its description, as the entry's longer neighbours are ("PROMPT_COMMAND" above its own)."""

from __future__ import annotations

import re

# A name, then its description's first word, capitalised: "PPID The …", "globstar If …", "--posix Change …". The
# name looks like one, not a capitalised word of prose ("Readline Key Bindings"): all capitals, or with an
# underscore, digit or leading dash, or all lower case and five letters or more ("in Bash …" is prose).
_HANGING = re.compile(
    r"(--?[A-Za-z][\w-]*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*|[a-z][a-z0-9_]{4,}|[A-Za-z]\w*_\w*) ([A-Z]\S*)"
)
_NAME_LINE = re.compile(r"-{0,2}[A-Za-z_][\w-]{0,39}")  # a term alone on its line: "PROMPT_COMMAND", "--posix"
NEAR = 3  # lines above or below within which a term line alone shows the lines are a list of entries


def split_hanging(page_text: str) -> str:
    """A page's (unwrapped) text with each hanging-indent entry's term on a line of its own: a line "NAME Text"
    within NEAR lines of a term line alone that a description follows. Text elsewhere is as it was."""
    lines = page_text.split("\n")
    alone = [
        i
        for i, line in enumerate(lines)
        if is_term_line(line) and i + 1 < len(lines) and lines[i + 1] and not is_term_line(lines[i + 1])
    ]
    out: list[str] = []
    for i, line in enumerate(lines):
        m = _HANGING.match(line)
        if m and len(m.group(1)) > 1 and any(0 < abs(i - j) <= NEAR for j in alone):
            out.extend((m.group(1), line[m.start(2) :]))
        else:
            out.append(line)
    return "\n".join(out)


def is_term_line(line: str) -> bool:
    """Whether a line is one name alone: a word, an identifier or an option ("PROMPT_COMMAND", "--posix")."""
    return bool(_NAME_LINE.fullmatch(line))
