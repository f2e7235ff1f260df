"""The shape of the answer a question asks for by its kind: "Which file …?" a file's name, "Which function …?" a
function's, "Which option …?" an option, "Which environment variable …?" a variable's ("CURL_CA_BUNDLE", "$HOME"),
"Which setting …?" a setting's name ("SESSION_SAVE_EVERY_REQUEST", "init.defaultBranch"), "How do I …?" a call;
the best candidate of that shape wins over a near-equal one of none."""

from __future__ import annotations

import re

import numpy as np

from rag.answer.commands import PROSE, asks_how
from rag.answer.kinds import asked_kinds, bare_answer

SHAPE_MARGIN = 1.0  # ranking logits a candidate of the asked shape may trail the best one by and still answer
QUOTE_MARGIN = 2.0  # … and one whose quote holds a name of that shape
# Names of each shape: "pg_hba.conf", "/etc/hosts", "~/.bashrc"; "json.dumps", "now()", "pg_sleep"; "--depth", "-s";
# "GIT_DIR", "$HOME"; a setting's: "SESSION_SAVE_EVERY_REQUEST" (Django's), "init.defaultBranch" (git's),
# "max_connections" (PostgreSQL's), "maxOldGenerationSizeMb", "KeepAliveTimeout", an attribute after its dot
# (Varnish's ".initial"); not a value's ("True", "DENY").
_SETTING = (
    r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Za-z]\w*(?:\.[A-Za-z]\w*)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+"
    r"|[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*"
)
# An exception's name, dotted or not, ending as exceptions' names do: "BulkWriteError", "QueryCanceledError"
_EXCEPTION = r"(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Warning|Exit|Interrupt)"
_KEYWORD = (
    r"[A-Za-z_]\w*=(?:True|False|None|-?\d[\w.]*|'[^'\n]*'|\"[^\"\n]*\")"  # a keyword argument, a literal's value
)
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion dozen "
    "single double triple twice once several many few no none all both unlimited"
).split()
_SHAPES = {
    "file": re.compile(r"[\w.-]*[A-Za-z_]\w*\.[A-Za-z]\w{0,7}|(?:~|\.\.?)?/?[\w.-]*(?:/[\w.-]+)+"),
    "function": re.compile(r"[A-Za-z_][\w.]*(?:_|\.|\(.*\))[\w.]*(?:\(.*\))?"),
    # an option, or its aliases: "--prefix-builtins, or -P" (m4's); a keyword argument set: "commas=True" (Whoosh's)
    "option": re.compile(
        r"--?[A-Za-z][\w-]*(?:[= ]\S+)?|--?[A-Za-z][\w-]*(?:(?:,[ \t]*|[ \t]+)(?:or[ \t]+)?--?[A-Za-z][\w-]*)+"
        rf"|{_KEYWORD}"
    ),
    "variable": re.compile(r"\$?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|\$\{?[A-Za-z_]\w*\}?"),
    "setting": re.compile(rf"{_SETTING}|{_KEYWORD}"),
    "call": re.compile(r"[A-Za-z_][\w.]*\([^()\n]*\)"),  # what a how-question's answer may be: "iterator()"
    "exception": re.compile(_EXCEPTION),
    # what "how many …?" asks for: a span holding a number, in digits or words ("20", "five seconds", "none"), not a
    # class of status codes ("3xx")
    "count": re.compile(rf"(?is).*(?:(?<![A-Za-z])\d(?![\d.,]*xx)|\b(?:{'|'.join(_NUMBER_WORDS)})\b).*"),
    # what "how long …?" or "how soon …?" asks for: a count, a unit of time ("an hour"), or no time ("indefinitely")
    "duration": re.compile(
        rf"(?is).*(?:(?<![A-Za-z])\d(?![\d.,]*xx)|\b(?:{'|'.join(_NUMBER_WORDS)}|indefinitely|forever|never|"
        r"immediately|(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?)\b).*"
    ),
    # what "which version …?" or "which release …?" asks for: a span holding a release's number ("3.7+", "Python
    # 3.10", "v10.2.8"), not a word alone ("PyPy" of "Requests officially supports Python 3.7+ and PyPy.")
    "version": re.compile(r"(?is).*(?<![\w.])v?\d+(?:\.\d+)+\+?(?![\w]|\.\d).*"),
}
# A name of the shape inside a longer span, between spaces, quotes or brackets: "--run-libc-freeres=no" of "Valgrind:
# use the --run-libc-freeres=no", an absolute path (only shapes prose never writes by chance: not "e.g." as a file's
# or a function's)
_INSIDE = {
    shape: re.compile(rf"(?<![^\s\"'(`])(?:{pattern})(?=$|[\s\"')`,;]|\.(?:\s|$))")
    for shape, pattern in {
        "file": r"~?/[\w.-]+(?:/[\w.-]+)+",  # "/etc/default/grub"
        "option": rf"--?[A-Za-z][\w-]*(?:=[^\s\"')`,;]+)?|{_KEYWORD}",  # a keyword argument set: "commas=True"
        "variable": _SHAPES["variable"].pattern,
        "setting": _SETTING,
        "call": r"[A-Za-z_][\w.]*\([^()\s]*\)",
        "exception": _EXCEPTION,
    }.items()
}
_KIND_SHAPES = {
    "file": "file", "function": "function", "method": "function", "option": "option", "flag": "option",
    "variable": "variable", "setting": "setting", "attribute": "setting", "property": "setting", "parameter": "setting",
    "argument": "setting", "exception": "exception", "error": "exception", "decorator": "function",
    "classmethod": "function", "staticmethod": "function", "coroutine": "function", "version": "version",
    "release": "version",
}  # fmt: skip
_HOW_MANY = re.compile(r"\bhow\s+many\b", re.IGNORECASE)
_HOW_LONG = re.compile(r"\bhow\s+(?:long|soon)\b", re.IGNORECASE)


def asked_shape(question: str) -> str | None:
    """The shape of the answer a question's "which/what …" kind asks for: "file", "function", "option", "variable"
    or "setting"."""
    return next((_KIND_SHAPES[k] for k in sorted(asked_kinds(question)) if k in _KIND_SHAPES), None)


def answer_shape(question: str) -> str | None:
    """The shape `asked_shape` says; for a question asking how many, a count ("20", not "to follow them" of "(default
    is to follow them)", for "By default, how many redirects will Scrapy follow …?"); for a question asking how to do
    something ("How do I flush the template cache?"), a call's ("bottle.TEMPLATES.clear()")."""
    if shape := asked_shape(question):
        return shape
    if _HOW_MANY.search(question):
        return "count"
    return "duration" if _HOW_LONG.search(question) else "call" if asks_how(question) else None


def has_shape(text: str, shape: str) -> bool:
    """Whether an answer's text is a name of that shape, whole."""
    return bool(_SHAPES[shape].fullmatch(text.strip()))


def shaped(question: str, texts: list[str], logits: np.ndarray, quotes: list[str] | None = None) -> np.ndarray:
    """The ranking logits, with the best candidate of the asked shape, whole or holding one such name
    (`named_inside`), within SHAPE_MARGIN of the best, ranked first when the best has no such shape: "PostgreSQL", of
    "PostgreSQL uses two other … configuration files, which control client authentication", gives way to
    "pg_hba.conf" for "Which file controls client authentication?", and "environment" to "CTEST_OUTPUT_ON_FAILURE
    environment" (answered with the name inside) for "Which environment variable enables ctest's output on
    failure?". Else, with the candidates' `quotes`, the best one within SHAPE_MARGIN that its quote calls by the kind
    asked (`called`: "chunked()" of "Peewee comes with a chunked() helper function …" for "Which helper in peewee
    breaks a generic iterable into batch-sized pieces …?", where the reader's best was "SQLite"), or the best within
    QUOTE_MARGIN whose quote holds one such name the question does not name (`quoted_name`), which answers:
    "os.environ" of "The child process will have os.environ['BOTTLE_CHILD'] set to True …" (then "BOTTLE_CHILD") for
    "Which environment variable lets code detect it is running inside the auto-reloader's child process?", where the
    reader's best was "bottle import" of a line of code. The logits as they are when the question asks for neither."""
    shape = answer_shape(question)
    if not len(logits):
        return logits
    best, kinds = int(np.argmax(logits)), asked_kinds(question)

    def within(i: int, margin: float = SHAPE_MARGIN) -> bool:
        return bool(logits[i] >= logits[best] - margin)

    near: list[int] = []
    if shape is not None:
        if has_shape(texts[best], shape) or (quotes is not None and declared(texts[best], quotes[best], kinds)):
            return logits
        near = [
            i
            for i, t in enumerate(texts)
            if within(i)
            and (has_shape(t, shape) or named_inside(t, shape) or _kind_named(t, shape, kinds))
            and _prose(quotes, i, shape)
        ]
    if not near and quotes is not None and not called(texts[best], quotes[best], kinds):
        near = [i for i, t in enumerate(texts) if within(i) and called(t, quotes[i], kinds)]  # "chunked() helper"
    if not near and quotes is not None and shape is not None:
        near = [
            i
            for i, t in enumerate(quotes)
            if within(i, QUOTE_MARGIN) and quoted_name(question, t, 0, len(t), shape) and _prose(quotes, i, shape)
        ]
    if not near:
        return logits
    out = logits.copy()
    out[max(near, key=lambda i: logits[i])] = logits[best] + 1e-6
    return out


def declared(text: str, quote: str, kinds: frozenset[str]) -> bool:
    """Whether a span's quote is the term line declaring it of a kind asked: "cherrypy.InternalRedirect" of autodoc's
    "exception cherrypy.InternalRedirect(path, query_string='')", an exception however it is named."""
    lead = "|".join(re.escape(k) for k in sorted(kinds))
    return bool(lead) and re.match(rf"[ \t]*(?:{lead})[ \t]+{re.escape(text)}(?![\w.])", quote) is not None


def _kind_named(text: str, shape: str, kinds: frozenset[str]) -> bool:
    """Whether a span is a name of the shape and the kind asked after it ("check_origin method" for "Which
    WebSocketHandler method do I override …?"), the kind's words left out as `kinds.bare_answer` leaves them."""
    start, end = bare_answer(text, 0, len(text), kinds)
    return end - start < len(text) and has_shape(text[start:end], shape)


def named_inside(text: str, shape: str) -> tuple[int, int] | None:
    """Where the one name of an option's, a variable's, a setting's or a file's shape (an absolute path) inside a
    span's text is, when the text is more than that name: "--run-libc-freeres=no" of "Valgrind: use the
    --run-libc-freeres=no" for "Which option …?", "/etc/default/grub" of '… line in "/etc/default/grub' for "Which
    file …?". None when it holds none or several (the question's kind does not say which), or the shape is
    another."""
    pattern = _INSIDE.get(shape)
    found = list(pattern.finditer(text)) if pattern is not None else []
    return found[0].span() if len(found) == 1 else None


def quoted_name(
    question: str, text: str, start: int, end: int, shape: str, at: int | None = None
) -> tuple[int, int] | None:
    """Where the one name of the asked shape in a quote text[start:end] is, when the question does not name it and
    no part of it is a letter or two alone (not "U.S"): ".initial" of Varnish's "An additional .initial fills that
    many “happy” entries …" for "Which probe attribute lets a backend start out healthy …?", where the reader
    answered "happy"; marked as code, or in camel case with two capitals inside ("KeepAliveTimeout"). Of several
    options, the one whose argument the span at `at` opens: "-E" of nose2's "nose2 -v -E '"blue" in flags and layer >
    2'" for "Which option do I pass …?", where the reader answered with its argument. None when the quote holds
    none, or several and no such option."""
    found = named_inside(text[start:end], shape)
    if found is None and shape == "option" and at is not None and start <= at <= end:
        argued = _ARGUED.search(text, max(start, text.rfind("\n", 0, at) + 1), at)
        named = argued and re.search(rf"(?<![\w-]){re.escape(argued.group(1))}(?![\w-])", question, re.I)
        return argued.span(1) if argued and not named else None
    if found is None:
        return None
    name = text[start + found[0] : start + found[1]]
    if name.lower() in question.lower() or not any(len(p) > 2 for p in re.split(r"[._-]+", name)):
        return None
    if not re.search(r"[_.:$()/-]", name) and len(re.findall(r"[A-Z]", name[1:])) < 2:
        return None  # a name in camel case with one capital inside may be a person's ("McDonald")
    return start + found[0], start + found[1]


_ARGUED = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)(?:=|[ \t]+)['\"]?$")  # an option, its argument next: "-E '"
_CODE = re.compile(r"\S*[_.()]\S*|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*){2,}")  # a name marked as code, or in camel case


def called(name: str, quote: str, kinds: frozenset[str]) -> bool:
    """Whether `name`, one marked as code, is what `quote` calls by one of `kinds` (singular, as `kinds.asked_kinds`
    gives them) right after it: "chunked()" of "… a chunked() helper function …" for the kind "helper"."""
    if not kinds or not _CODE.fullmatch(name):
        return False
    words = "|".join(re.escape(k) for k in sorted(kinds))
    return re.search(rf"(?<![\w.-]){re.escape(name)}[ \t]+(?:{words})s?\b", quote, re.IGNORECASE) is not None


def _prose(quotes: list[str] | None, i: int, shape: str) -> bool:
    """Whether candidate `i`'s quote is prose, not a line of code alone, when a call is asked for: a call a sentence
    names answers how to do something ("use the iterator() method"), one a code example makes does not
    ("time.sleep(1)")."""
    return shape != "call" or quotes is None or PROSE.search(quotes[i]) is not None
