"""The shape of the answer a question asks for by its kind: "Which file …?" a file's name, "Which function …?" a
function's, "Which option …?" an option, "Which environment variable …?" a variable's ("CURL_CA_BUNDLE", "$HOME"),
"Which setting …?" a setting's name ("SESSION_SAVE_EVERY_REQUEST", "init.defaultBranch"); the best candidate of that
shape wins over a near-equal one of none."""

from __future__ import annotations

import re

import numpy as np

from rag.answer.kinds import asked_kinds

SHAPE_MARGIN = 1.0  # ranking logits a candidate of the asked shape may trail the best one by and still answer
# Names of each shape: "pg_hba.conf", "/etc/hosts", "~/.bashrc"; "json.dumps", "now()", "pg_sleep"; "--depth", "-s";
# "GIT_DIR", "$HOME"; a setting's: "SESSION_SAVE_EVERY_REQUEST" (Django's), "init.defaultBranch" (git's),
# "max_connections" (PostgreSQL's), "maxOldGenerationSizeMb", "KeepAliveTimeout"; not a value's ("True", "DENY").
_SETTING = (
    r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Za-z]\w*(?:\.[A-Za-z]\w*)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+"
    r"|[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+"
)
_SHAPES = {
    "file": re.compile(r"[\w.-]*[A-Za-z_]\w*\.[A-Za-z]\w{0,7}|(?:~|\.\.?)?/?[\w.-]*(?:/[\w.-]+)+"),
    "function": re.compile(r"[A-Za-z_][\w.]*(?:_|\.|\(.*\))[\w.]*(?:\(.*\))?"),
    "option": re.compile(r"--?[A-Za-z][\w-]*(?:[= ]\S+)?"),
    "variable": re.compile(r"\$?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|\$\{?[A-Za-z_]\w*\}?"),
    "setting": re.compile(_SETTING),
}
# A name of the shape inside a longer span, between spaces, quotes or brackets: "--run-libc-freeres=no" of "Valgrind:
# use the --run-libc-freeres=no", an absolute path (only shapes prose never writes by chance: not "e.g." as a file's
# or a function's)
_INSIDE = {
    "file": re.compile(r"(?<![^\s\"'(`])~?/[\w.-]+(?:/[\w.-]+)+(?=$|[\s\"')`,;]|\.(?:\s|$))"),  # "/etc/default/grub"
    "option": re.compile(r"(?<![^\s\"'(`])--?[A-Za-z][\w-]*(?:=[^\s\"')`,;]+)?(?=$|[\s\"')`,;]|\.(?:\s|$))"),
    "variable": re.compile(rf"(?<![^\s\"'(`])(?:{_SHAPES['variable'].pattern})(?=$|[\s\"')`,;]|\.(?:\s|$))"),
    "setting": re.compile(rf"(?<![^\s\"'(`])(?:{_SETTING})(?=$|[\s\"')`,;]|\.(?:\s|$))"),
}
_KIND_SHAPES = {
    "file": "file", "function": "function", "method": "function", "option": "option", "flag": "option",
    "variable": "variable", "setting": "setting",
}  # fmt: skip


def asked_shape(question: str) -> str | None:
    """The shape of the answer a question's "which/what …" kind asks for: "file", "function", "option", "variable"
    or "setting"."""
    return next((_KIND_SHAPES[k] for k in sorted(asked_kinds(question)) if k in _KIND_SHAPES), None)


def has_shape(text: str, shape: str) -> bool:
    """Whether an answer's text is a name of that shape, whole."""
    return bool(_SHAPES[shape].fullmatch(text.strip()))


def shaped(question: str, texts: list[str], logits: np.ndarray) -> np.ndarray:
    """The ranking logits, with the best candidate of the asked shape, whole or holding one such name
    (`named_inside`), within SHAPE_MARGIN of the best, ranked first when the best has no such shape: "PostgreSQL", of
    "PostgreSQL uses two other … configuration files, which control client authentication", gives way to
    "pg_hba.conf" for "Which file controls client authentication?", and "environment" to "CTEST_OUTPUT_ON_FAILURE
    environment" (answered with the name inside) for "Which environment variable enables ctest's output on
    failure?". The logits as they are when the question asks for no shape."""
    shape = asked_shape(question)
    best = int(np.argmax(logits)) if len(logits) else 0
    if shape is None or not len(logits) or has_shape(texts[best], shape):
        return logits
    near = [
        i
        for i, t in enumerate(texts)
        if logits[i] >= logits[best] - SHAPE_MARGIN and (has_shape(t, shape) or named_inside(t, shape) is not None)
    ]
    if not near:
        return logits
    out = logits.copy()
    out[max(near, key=lambda i: logits[i])] = logits[best] + 1e-6
    return out


def named_inside(text: str, shape: str) -> tuple[int, int] | None:
    """Where the one name of an option's, a variable's, a setting's or a file's shape (an absolute path) inside a
    span's text is, when the text is more than that name: "--run-libc-freeres=no" of "Valgrind: use the
    --run-libc-freeres=no" for "Which option …?", "/etc/default/grub" of '… line in "/etc/default/grub' for "Which
    file …?". None when it holds none or several (the question's kind does not say which), or the shape is
    another."""
    pattern = _INSIDE.get(shape)
    found = list(pattern.finditer(text)) if pattern is not None else []
    return found[0].span() if len(found) == 1 else None
