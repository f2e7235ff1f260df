"""A question asking what a callable returns, its return type, what it raises, its aliases or what a class derives
from is answered by its entry's field."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.entries import entry_lines
from rag.answer.headed import Described
from rag.answer.members import JAVA_SIGNATURE, LINE, names_entry
from rag.ingest.sentences import BLANK_LINE, sentence_spans
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

# What a question asks of a callable, and the callable: "What is the return type of get_dict?", "What type does X
# return?"; "What does version_option raise if …?", "Which exception does X raise …?", "What exceptions are raised
# by X?"; "What does BaseCache.get return?", "What is returned by X?", "What is the return value of X?"; "What is the
# alias of the default filter?" (Jinja's "Aliases:" field); "What is the parent class of DuplicateEntryError?", "Which
# class does X inherit from?", "X actually inherits from which class?" (autodoc's "Bases:" line)
_SUBJECT = r"(?P<name>[^\s?]+(?:\s+(?:method|function|property|attribute|class|filter|test|command|option))?)"
_ASKS = (
    ("type", re.compile(rf"\breturn\s+type\s+(?:of|for)\s+(?:the\s+)?{_SUBJECT}\s*\??$", re.I)),
    ("type", re.compile(rf"\bwhat\s+type\s+(?:of\s+\w+\s+)?(?:does|do)\s+(?:the\s+)?{_SUBJECT}\s+return\b", re.I)),
    ("raises", re.compile(rf"\b(?:what|which)\s+(?:\w+\s+){{0,2}}?(?:does|do|can|will|may|might)\s+(?:the\s+)?{_SUBJECT}\s+(?:raise|throw)\b", re.I)),
    ("raises", re.compile(rf"\b(?:exceptions?|errors?)\s+(?:is|are)\s+(?:raised|thrown)\s+by\s+(?:the\s+)?{_SUBJECT}", re.I)),
    ("returns", re.compile(rf"\bwhat\s+(?:does|do|will)\s+(?:the\s+)?{_SUBJECT}\s+return\b", re.I)),
    ("returns", re.compile(rf"\b(?:what\s+is\s+returned\s+by|return\s+value\s+of)\s+(?:the\s+)?{_SUBJECT}", re.I)),
    ("aliases", re.compile(rf"\b(?:alias|aliases|other\s+names?)\s+(?:of|for)\s+(?:the\s+)?{_SUBJECT}", re.I)),
    ("bases", re.compile(rf"\b(?:parent|base|super)[ -]?class(?:es)?\s+(?:of|for)\s+(?:the\s+)?(?!(?:all|every|each|any|my|our)\b){_SUBJECT}", re.I)),
    ("bases", re.compile(rf"\b(?:what|which)\s+(?:\w+\s+){{0,2}}?(?:does|do)\s+(?:the\s+)?{_SUBJECT}\s+(?:inherit|derive|extend)\b", re.I)),
    ("bases", re.compile(rf"^\W*(?:the\s+)?{_SUBJECT}\s+(?:\w+ly\s+)?(?:inherits|derives)\s+from\s+(?:which|what)\b", re.I)),
)  # fmt: skip
_NAME = re.compile(r"[A-Za-z_][\w.]*")  # the callable's name, dotted or not, its call's brackets aside
# A field of the list Sphinx (and its Google and NumPy docstrings) renders below a callable's description: its label
# alone on a line ("Returns", "Return type", "Raises"), or with a colon before its body on the same line, as Javadoc's
# "Returns:" / "Throws:" are written
_LABELS = {
    "returns": r"Returns?",
    "type": r"Return type|Rtype",
    "raises": r"Raises|Throws|Exceptions",
    "aliases": r"Alias(?:es)?",
    "bases": r"Bases",
}
_FIELD = r"^[ \t]*(?:{})(?:[ \t]*:?[ \t]*\n|:[ \t]*(?=\S))"
# An exception raised, on a line of its own: its name, then after a dash, or an "if" or "when", why ("KeyError – if
# the tag key is already registered …", "RequestedRangeNotSatisfiable if Range header could not be parsed …")
_RAISED = re.compile(
    r"[ \t]*(?P<name>[A-Za-z_][\w.]*)"
    r"(?:[ \t]+[–—-][ \t]+(?P<said>\S[^\n]*)|[ \t]+(?P<why>(?:if|when|on|unless)\b[^\n]*))?[ \t]*$"
)
_SAYS_RETURN = re.compile(r"Returns?[ \t]+(?=\S)")  # a description that opens with what its term returns
_LABEL_LINE = re.compile(r"^[ \t]*[A-Z][A-Za-z]*(?: [A-Za-z]+)?:[ \t]*$", re.M)  # Javadoc's next field: "Since:"
FIELD_REACH = 3000  # characters below a passage searched for a field of an entry it holds
# An interactive session's call that fails: its prompt's line, Python's traceback under it, then the exception's line
# ("lxml.etree.DocumentInvalid: Did not expect element c there, line 1" under ">>> relaxng.assertValid(doc2)")
_FAILED_CALL = re.compile(
    r"^>>> [^\n]*\nTraceback \(most recent call last\):\n(?:[ \t][^\n]*\n)*(?P<name>[A-Za-z_][\w.]*)(?::|$)", re.M
)


def asked_field(question: str) -> tuple[str, str] | None:
    """Which field `question` asks of which callable, as written: ("returns", "BaseCache.get") of "What does
    BaseCache.get return?", ("type", "get_dict") of "What is the return type of get_dict?", ("raises",
    "version_option") of "What does version_option raise if …?"; None when it asks none, or of no one name."""
    for field, asks in _ASKS:
        if m := asks.search(question):
            name = _NAME.match(m.group("name").split()[0].strip("`'\"“”‘’"))
            return (field, name.group(0).rstrip(".")) if name else None
    return None


def field_answer(question: str, passages: Sequence[tuple[Hit, Document]]) -> Described | None:
    """What the entry of the callable `question` names says it returns, its return type or what it raises, as its
    field list gives it ("The value if it exists and is readable, else None." of "Returns" under cachelib's "get(key)"
    for "What does BaseCache.get return?"; "requests.exceptions.JSONDecodeError" of "Raises" under "json(**kwargs)";
    "d" of "Aliases:" under Jinja's default filter),
    the field quoted with its label; for what it returns without such a field, what its description opens saying it
    returns ("True if status_code is less than 400, False if not." under "property ok"). From the first of `passages`
    holding the entry's term line or its field (any field before any such description: a Javadoc's method summary
    opens "Returns …" for each overload); for what it raises without such a field, what an interactive session shows
    a call of it raising (`_session_raised`). None when the question asks no such thing or none holds it."""
    if (asked := asked_field(question)) is None:
        return None
    field, name = asked
    label = re.compile(_FIELD.format(_LABELS[field]), re.M)
    for hit, doc in passages:
        text = doc.text
        for m in label.finditer(text, text.rfind("\n", 0, hit.start) + 1, min(len(text), hit.end + FIELD_REACH)):
            own = _owner(text, m.start())
            if own and (hit.start <= own[0] < hit.end or m.start() < hit.end) and names_entry(name, text, *own):
                return _field(question, name, hit, doc, m.start(), m.end(), field)
    for hit, doc in passages if field == "raises" else ():  # no field: a session shows what a call of it raises
        if found := _session_raised(name, hit, doc):
            return found
    for hit, doc in passages if field == "returns" else ():
        for line in LINE.finditer(doc.text, hit.start, hit.end):
            if names_entry(name, doc.text, *line.span()) and (said := _SAYS_RETURN.match(doc.text, line.end() + 1)):
                s, e = sentence_spans(doc.text, said.start(), _paragraph_end(doc.text, said.start()))[0]
                return Described(hit, doc, said.end(), e, s, e)
    return None


def _session_raised(name: str, hit: Hit, doc: Document) -> Described | None:
    """The exception an interactive session in the passage shows a call of `name` raising, as Python's traceback
    ends: "lxml.etree.DocumentInvalid" under ">>> relaxng.assertValid(doc2)", quoted from the call to its line."""
    text, called = doc.text, re.compile(rf"(?<!\w){re.escape(name.rsplit('.', 1)[-1])}\(")  # "relaxng.assertValid("
    for m in _FAILED_CALL.finditer(text, text.rfind("\n", 0, hit.start) + 1, hit.end):
        if called.search(text, m.start(), text.index("\n", m.start())):
            end = len(text) if (end := text.find("\n", m.end())) == -1 else end
            return Described(hit, doc, m.start("name"), m.end("name"), m.start(), end)
    return None


def _field(question: str, name: str, hit: Hit, doc: Document, label: int, body: int, field: str) -> Described | None:
    """The answer in the field whose label starts at `label`, its body at `body`: what it returns (its body's first
    sentence), or the exception raised that the question's words describe best (the first, when none does)."""
    text, end = doc.text, _field_end(doc.text, body, field)
    if field != "raises":
        s, e = sentence_spans(text, body, end)[0]
        return Described(hit, doc, s, e, _past_space(text, label), e)
    asked = set(tokenize(question)) - set(tokenize(name))
    best, most = None, -1
    for line in LINE.finditer(text, body, end):
        if (m := _RAISED.fullmatch(line.group(0))) is None:
            continue
        words = len(asked & set(tokenize(m.group("said") or m.group("why") or "")))
        if words > most:
            best, most = (line.start() + m.start("name"), line.start() + m.end("name"), line.start(), line.end()), words
    return None if best is None else Described(hit, doc, *best)


def _owner(text: str, pos: int) -> tuple[int, int] | None:
    """Where the term line heading the entry that holds `pos` starts and ends: `entries.entry_lines`' last, or a Java
    method's signature nearer above `pos` (Javadoc writes a blank line under it, and its name alone above), never an
    indented line when there is one, which is code (Javadoc's examples: ' StringUtils.center("abcd", 2) = "abcd"')."""
    lines = entry_lines(text, pos)
    own = lines[-1] if lines else None
    java = [
        m.span()
        for m in LINE.finditer(text, max(0, pos - FIELD_REACH), pos)
        if JAVA_SIGNATURE.fullmatch(m.group(0).strip())
    ]
    if java and (own is None or text[own[0]] in " \t" or own[0] < java[-1][0]):
        return java[-1]
    return own


def _field_end(text: str, body: int, field: str) -> int:
    """Where the field whose body starts at `body` ends: at the end of its body's paragraph; for the exceptions
    raised, at the end of the last paragraph after it that is one more exception's line, as a parameter's stands
    apart ("ValueError – if …")."""
    end = _body_end(text, body)
    while field == "raises" and (nxt := _past_space(text, end)) < len(text):
        line = text[nxt : _body_end(text, nxt)]
        if "\n" in line or (m := _RAISED.fullmatch(line)) is None or not (m.group("said") or m.group("why")):
            break
        end = nxt + len(line)
    return end


def _body_end(text: str, start: int) -> int:
    """Where the field's body from `start` ends: at a blank line, or at the next field's label on a line of its own
    below its first line, as Javadoc writes "Returns:\ncentered String, null if null String input\nSince:\n2.0"."""
    end = _paragraph_end(text, start)
    first = text.find("\n", start, end)
    label = _LABEL_LINE.search(text, first, end) if first != -1 else None
    return label.start() - 1 if label else end


def _past_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _paragraph_end(text: str, start: int) -> int:
    blank = BLANK_LINE.search(text, start)
    return blank.start() if blank else len(text)
