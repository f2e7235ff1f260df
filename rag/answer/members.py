"""Which term line heads the entry of a name a question qualifies: a method's line under the class it names."""

from __future__ import annotations

import re

from rag.answer.extent import KEYWORD_NAME, SIGNATURE

_MODIFIERS = r"(?:(?:public|protected|private|static|final|abstract|synchronized|native|default)[ \t]+)"
# The class a method's entry is written under: "class cachelib.base.BaseCache(…)", Javadoc's "public class StringUtils"
_CLASS = re.compile(rf"^{_MODIFIERS}*(?:class|exception|interface|enum)[ \t]+([\w.]+)", re.M)
# A Java method's signature, as Javadoc heads its entry: "public static String center(String str, int size)"
JAVA_SIGNATURE = re.compile(
    rf"{_MODIFIERS}+(?:<[^>\n]*>[ \t]+)?[\w.$<>\[\]?, ]+?[ \t]+([A-Za-z_$][\w$]*)\(.*\)(?:[ \t]+throws[ \t]+[\w.$, ]+)?"
)
LINE = re.compile(r"[^\n]+")  # a line of text, its end of line aside
_BARE = re.compile(r"[A-Za-z_]\w*")  # an attribute's line, its name alone: "elapsed" under "class requests.Response"
_QUALIFIED = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\(\))?")  # "Response.ok", "BaseCache.get()"


def qualified_names(question: str) -> list[str]:
    """The dotted names `question` writes, as written: "Session.mount" of "What does Session.mount do?"."""
    return [m.group(1) for m in _QUALIFIED.finditer(question)]


def names_entry(asked: str, text: str, line: int, line_end: int) -> bool:
    """Whether the term line text[line:line_end] heads the entry of the callable `asked` (dotted or not): its name is
    the asked name, or ends with it ("click.launch(url, …)" for "click.launch"), or is the asked one's last part on a
    method's line under the class it names ("get(key)" under "class cachelib.base.BaseCache(…)" for
    "BaseCache.get"; an attribute's bare name, "elapsed" for "Response.elapsed"), or under any class when the
    qualifier is an instance's one letter ("r.json"). A qualifier is matched as written: "Flask.make_response" is
    the class's method, not the module's "flask.make_response(*args)"; the last part in any case."""
    row, parts = text[line:line_end].strip(), asked.split(".")
    m = SIGNATURE.match(row) or JAVA_SIGNATURE.fullmatch(row) or KEYWORD_NAME.fullmatch(row)
    if m is None and not (len(parts) > 1 and _BARE.fullmatch(row)):
        return False
    full = (m.group(1) if m and m.re is not KEYWORD_NAME else row.split()[-1]).split(".")
    if full[-1].lower() != parts[-1].lower():
        return False
    if full[-len(parts) : -1] == parts[:-1] and len(full) >= len(parts):
        return True
    if len(full) > 1:
        return False
    owner = [c.group(1).rsplit(".", 1)[-1] for c in _CLASS.finditer(text, 0, line)][-1:]
    return len(parts[-2]) == 1 or owner == [parts[-2]]


def member_lines(question: str, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Where the lines of text[lo:hi] that head the entry of a dotted name `question` writes start and end
    (`names_entry`: "raise_for_status()" under "class requests.Response" for "What does Response.raise_for_status
    do?")."""
    if not (asked := qualified_names(question)):
        return []
    return [m.span() for m in LINE.finditer(text, lo, hi) if any(names_entry(a, text, *m.span()) for a in asked)]
