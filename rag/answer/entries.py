"""Reference entries: a question that names a term ("the default value of work_mem") is answered from its entry."""

from __future__ import annotations

import re

from rag.answer.extent import is_definition_line

# A term as questions name it: dotted or underscored names, options ("work_mem", "shutil.rmtree", "--amend").
_TERM = re.compile(r"(?<![\w.-])(?:--?[A-Za-z][\w-]*|[A-Za-z_]\w*(?:[._]\w+)+)")
LOOK_BACK = 3000  # characters above a span searched for its entry's term line
ENTRY_SPANS = 3  # times as many spans per window read when a question names a term (its entry's may rank lower)


def named_terms(text: str) -> set[str]:
    """The terms `text` names, lower-cased ("work_mem" of "What is the default value of work_mem?"); not
    abbreviations such as "e.g" whose every part is a letter or two."""
    found = (m.group(0).lower().rstrip(".") for m in _TERM.finditer(text))
    return {t for t in found if any(len(part) > 2 for part in re.split(r"[._-]+", t))}


def entry_head(text: str, pos: int, floor: int = 0) -> str | None:
    """The term line(s) heading the reference entry that holds `pos`: the nearest line at or above pos's line
    (not before `floor`) that is a definition line with its description on the very next line, as a term and
    its description are written ("work_mem (integer)\\nSets the base maximum …"), with the term lines stacked
    right above it ("-f\\n--force\\nIf …"); None in prose."""
    floor = max(floor, pos - LOOK_BACK)
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    while end > floor:
        start = max(text.rfind("\n", floor, end) + 1, floor)
        line = text[start:end].strip()
        described = end < len(text) and text[end + 1 : end + 2] not in ("", "\n")
        if line and described and is_definition_line(line):
            return "\n".join(_stacked_above(text, start, floor) + [line])
        end = start - 1
    return None


def _stacked_above(text: str, start: int, floor: int) -> list[str]:
    """The term lines stacked right above the line that starts at `start`, top first."""
    out: list[str] = []
    while start - 1 > floor:
        above = max(text.rfind("\n", floor, start - 1) + 1, floor)
        line = text[above : start - 1].strip()
        if not line or not is_definition_line(line):
            break
        out.insert(0, line)
        start = above
    return out


def in_asked_entries(question: str, texts_and_starts: list[tuple[str, int]]) -> list[bool]:
    """Which spans (each given as its document's text and its start) to keep: when the question names a term
    and some span lies in that term's entry, the spans that lie in other terms' entries go ("2.0", the default of
    hash_mem_multiplier, for "What is the default value of work_mem?"); spans in prose always stay."""
    terms = named_terms(question)
    if not terms:
        return [True] * len(texts_and_starts)
    heads = [entry_head(text, start) for text, start in texts_and_starts]
    asked = [h is not None and bool(terms & named_terms(h)) for h in heads]
    if not any(asked):
        return [True] * len(texts_and_starts)
    return [h is None or a for h, a in zip(heads, asked)]
