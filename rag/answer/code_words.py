"""An answer's span grown to the whole of the code words it cuts: an option, a name joined by underscores, a path, a
call, a range of numbers."""

from __future__ import annotations

import re

_CODE_CHAR = re.compile(r"[\w.@=-]")
_OPTION = re.compile(r"--?[A-Za-z]")
_RANGE_FROM = re.compile(r"(?<![\w.])\d+(?:…|\.\.)$")  # a range's first number, then its joiner: "61184…", "1000.."
_RANGE_TO = re.compile(r"(?:…|\.\.)\d+(?![\w.])")
_ARGS = re.compile(r"\([^()\n]{1,60}\)")  # a call's arguments, on its line
_OTHER_OPTION = re.compile(r"/--?[A-Za-z][\w-]*")  # "/--bind" of "-b/--bind"
_OPTION_BEFORE = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*/$")  # "-b/" before "--bind"
_SETTING = re.compile(r"[A-Za-z_][\w.]*=[\w.-]")  # a name set to a value: "autoreload=True"
_OPERATOR = re.compile(r" [+*×] \S")  # a sum's or product's operator, spaced, between operands
_TAG_CUT = re.compile(r"(?<![\w<])<[A-Za-z][\w-]*$")  # "<int" of "an <int> element", cut before its ">"

_DIRECTORIES = re.compile(r"(?<![\w/.~$:-])[~.]?/(?:[\w.-]+/)+$")  # a path's directories, from the root: "/etc/"


def whole_code_words(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """[start, end) grown to the whole of a code word it cuts, within [lo, hi): an option ("--enable-alt-svc",
    not "-alt-svc"), a name joined by underscores ("CURLOPT_COOKIEFILE", not "COOKIEFILE") or scoped by "::"
    ("Aptitude::CmdLine::Assume-Yes"), an address with an "@" ("procps@freelists.org"; "@property"), a word a colon
    opens (Vim's ":wq"; not "note: wq", whose colon ends a word), a path a slash opens ("/usr/local/bin"; not "or" of
    "and/or"), a call without arguments ("q()", not "q"), a sum or product's left operand ("njobs + 1", not "+ 1": no
    answer starts with such an operator), or a range of numbers ("61184…65519", not "65519"); not words of prose
    ("alt-svc"), nor a stop after a word ("… CURLOPT_COOKIE.")."""
    hi = len(text) if hi is None else hi
    while (grown := _grow_once(text, start, end, lo, hi)) != (start, end):
        start, end = grown
    return start, end


def _grow_once(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    a, b = _word_start(text, start, lo), _word_end(text, end, hi)
    while b > end and text[b - 1] in ".-":
        b -= 1
    if a < start and _code_word(text[a : _word_end(text, start, hi)]):
        start = a
    if b > end and _code_word(text[_word_start(text, end, lo) : b]):
        end = b
    if lo < start and text[start - 1] in ":/" and text[start : start + 1].isalpha():
        opens = start - 1 == lo or text[start - 2].isspace() or text[start - 2] in "([{'\"`"
        if opens and (text[start - 1] == ":" or "/" in text[start:end]):  # Vim's ":wq", a path: "/usr/local/bin"
            start -= 1
    if lo < start and text[start - 1] == "/" and (path := _DIRECTORIES.search(text, max(lo, start - 80), start)):
        start = path.start()  # a file's path whole: "/etc/ntp.conf", not "ntp.conf"
    if lo + 2 <= start and _OPERATOR.match(text, start - 1, end) and not text[start - 2].isspace():
        start = _word_start(text, start - 1, lo)  # "njobs + 1", not "+ 1"
    if start < end <= hi - 2 and text[end - 1].isalnum() and text.startswith("()", end):
        end += 2  # a call without arguments: "q()"
    elif (
        start < end < hi and _code_word(text[_word_start(text, end, lo) : end]) and (args := _ARGS.match(text, end, hi))
    ):
        end = args.end()  # a code word's call with its arguments: "lru_cache(maxsize=None)", not "lru_cache"
    if start < end < hi and _OPTION.match(text, start) and (other := _OTHER_OPTION.match(text, end, hi)):
        end = other.end()  # an option with its other name: "-b/--bind", not "-b"
    if lo < start and _OPTION.match(text, start) and (other := _OPTION_BEFORE.search(text, max(lo, start - 40), start)):
        start = other.start()
    if end < hi and text[end] == ">" and _TAG_CUT.search(text, start, end):
        end += 1  # an element's or a placeholder's name, its bracket closed: "<int>" of "an <int> element"
    if lo < start < end and text[start].isdigit() and (left := _RANGE_FROM.search(text, max(lo, start - 24), start)):
        start = left.start()  # a range of numbers whole: "61184…65519", not "65519"; "1000..60000"
    if start < end < hi and text[end - 1].isdigit() and (right := _RANGE_TO.match(text, end, hi)):
        end = right.end()
    return start, end


def _code_word(word: str) -> bool:
    return "_" in word or "@" in word or "::" in word or bool(_OPTION.match(word) or _SETTING.match(word))


def _word_end(text: str, i: int, hi: int) -> int:
    while i < hi and (_CODE_CHAR.match(text, i) or _scope(text, i, 0, hi)):
        i += 2 if text[i] == ":" else 1
    return i


def _word_start(text: str, i: int, lo: int) -> int:
    while i > lo and (_CODE_CHAR.match(text, i - 1) or _scope(text, i - 2, lo, len(text))):
        i -= 2 if text[i - 1] == ":" else 1
    return i


def _scope(text: str, i: int, lo: int, hi: int) -> bool:
    """Whether a scope's "::" is at i, between names inside [lo, hi): "Aptitude::CmdLine", "std::vector"."""
    return (
        lo < i < hi - 2 and text.startswith("::", i) and bool(_CODE_CHAR.match(text, i - 1)) and text[i + 2].isalnum()
    )
