"""Grow an answer to the kind of thing its question names ("What ban …?": "the ban on seafood imports"), never into a
new clause."""

from __future__ import annotations

import re

from rag.embed.model import known_words

# Words that end a question's "what/which …" phrase: after them comes the rest of the question, not the kind.
_ENDS_KIND = frozenset(
    "is was are were did does do has have had can could will would should may might must the a an of in on to for "
    "by from with at as and or not be been being that this these those it its their his her".split()
)
# "what [kind of] …": up to four words after it (the kind of "what kind of visitors" is "visitors").
_WHAT = re.compile(
    r"\b(?:what|which)\s+(?:(?:kind|type|sort)s?\s+of\s+)?((?:[\w-]+(?:\.[\w-]+)*,?\s+){0,4})", re.IGNORECASE
)
# "What's the option?", "What is the setting called?": the kind after "the", closing the question
_WHAT_IS_THE = re.compile(
    r"\b(?:what|which)(?:'s|’s|\s+is|\s+are)\s+the\s+((?:[\w-]+\s+){0,2}?[\w-]+)"
    r"(?:\s+(?:called|named|for\s+(?:that|this|it)|to\s+use))?\s*\?\s*$",
    re.IGNORECASE,
)
# "[the] ban on " right before a span: a noun and the preposition that joins it to the span.
_NOUN_AND_PREPOSITION = re.compile(
    r"(?:\bthe\s+)?\b([\w-]+)\s+(?:of|on|for|in|to|from|against|with|over|about)\s+$", re.IGNORECASE
)
_LOOK_BACK = 40  # characters before a span searched for the noun
# A new clause: a comma or semicolon, a conjunction and what a clause's subject opens with (", and the maximum is").
# A comma before a pronoun and its verb too: "dirty fields, you can use the Meta option only_save_dirty = True", or
# before a subordinating conjunction: "FutureWarning, because DeprecationWarning is hidden …".
_NEW_CLAUSE = re.compile(
    r"[,;]\s+(?:(?:and|or|but|while|whereas)\s+(?:the|an?|its?|this|that|these|those)\b|(?:you|we|they|it)\s+[a-z]+\b"
    r"|(?:because|since|although|though|unless|so\s+that)\b)",
    re.I,
)


def singular(word: str) -> str:
    """A kind word as `asked_kinds` gives it: lower-cased, a plural's "s" off (so "class" is "clas" too)."""
    return word.lower().removesuffix("s")


# What a question names when it asks for an entry's term: "Which option …?", "What configuration setting …?", "Which
# config value …?"
TERM_KIND_WORDS = frozenset(
    "option flag switch setting parameter variable command subcommand pragma hook attribute directive macro "
    "function keyword property field argument method class exception module constant decorator key mode config "
    "expression filter validator loader header builtin".split()
)
TERM_KINDS = frozenset(map(singular, TERM_KIND_WORDS))
# The kinds a signature names ("crypto.randomUUID([options])"); a bare name ("process.exitCode") names the others.
CALLABLE_KINDS = frozenset(map(singular, "function method class exception decorator macro".split()))


def asked_kinds(question: str) -> frozenset[str]:
    """The words of a question's "what …"/"which …" phrase that can name what it asks for ("ban" of "What ban
    did …", "group", "meeting" of "Which summit-level group meeting …"), singular and lower-cased."""
    return frozenset(singular(word) for word in kind_phrase(question))


def kind_phrase(question: str) -> list[str]:
    """The words of a question's "what …"/"which …" phrase, as written: "JavaScript", "library" of "Which JavaScript
    library inspired Arrow?"."""
    m = _WHAT.search(question)
    if (not m or m.group(1).split()[:1] in (["is"], ["are"], [])) and (short := _WHAT_IS_THE.search(question)):
        words = short.group(1).split()  # "What's the option?": a kind of term, closing the question
        return words if singular(words[-1]) in TERM_KINDS else []
    if not m:
        return []
    words = []
    for word in m.group(1).split():
        if word.lower() in _ENDS_KIND:
            break
        words.append(word.rstrip(","))
        if word.endswith(","):  # "Which ForeignKeyField argument, when disabled, …"
            break
    return words


def grow_to_kind(text: str, start: int, floor: int, kinds: frozenset[str], end: int | None = None) -> int:
    """Where a span starting at `start` of `text` should start to hold the noun the question asks for: before
    "the ban on " when the question asks "What ban …" and the span is "seafood imports"; `start` itself when
    the words before it are no such noun and preposition, or the span text[start:end] is a name marked as code
    (".m4f", not "the suffix of .m4f", for "What file name suffix …?"). Never before `floor` (the quote's start)."""
    if not kinds or (end is not None and _NAME.fullmatch(text, start, end)):
        return start
    lo = max(floor, start - _LOOK_BACK)
    before = text[lo:start]
    m = _NOUN_AND_PREPOSITION.search(before)
    if not m or "\n" in m.group(0) or singular(m.group(1)) not in kinds:
        return start
    return lo + m.start()


def past_kind(text: str, inner_end: int, end: int, kinds: frozenset[str]) -> bool:
    """Whether a span growing from one ending at `inner_end` to `end` runs past the kind asked, right after it, into
    more words: "MONGODB-AWS mechanism authenticates using AWS IAM credentials" from "MONGODB-AWS" for "Which
    authentication mechanism …?" (the name is the answer, what it does is its quote's)."""
    m = re.match(r"[ \t]+([\w-]+)", text[inner_end:end])
    return bool(m and singular(m.group(1)) in kinds and text[inner_end + m.end() : end].strip())


def adds_clause(text: str, start: int, end: int, inner_start: int, inner_end: int) -> bool:
    """Whether a span text[start:end] holds a new clause outside the span [inner_start, inner_end) it grows from: "50,
    and the maximum is 100" from "50" in "The default priority value is 50, and the maximum is 100." (a second
    statement, another value in it). Measured on the held-out train articles, widening stopped so answers a little
    better (EM 0.4996 → 0.5004, F1 0.6229 → 0.6240; containment as before)."""
    return bool(_NEW_CLAUSE.search(text[start:inner_start]) or _NEW_CLAUSE.search(text[inner_end:end]))


_COPULA = re.compile(r"(?:is|are|was|were|=)[ \t]+(?=\S)")  # "is -2000" of "The default … is -2000": the value follows
# A name before the kind the question asks for: "VACUUM" of "VACUUM command", "TEXT" of "TEXT affinity"; in capitals or
# code's marks ("pg_hba.conf file"), not a proper name of prose ("Vistula River", "Denver Broncos"), whose possessive's
# apostrophe is no code's ("Levi's Stadium")
_NAME = re.compile(r"[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*|--?[A-Za-z]\S*|\S*[_./()\"`:]\S*")
_CAMEL = re.compile(r"[A-Z][a-z0-9]+[A-Z]\w*")  # a class's name, when a term's kind is asked ("ImproperlyConfigured")
# … or a kind classes are named for: "DidNotReproduce" of "a DidNotReproduce error" for "What error do I get …?"
_CAMEL_KINDS = TERM_KINDS | frozenset("error warning plugin backend middleware extension signal processor".split())
_WORD = re.compile(r"\S+")
# A dotted or underscored name, then what is done with it: "req.hash_always_miss" of "req.hash_always_miss to true in
# vcl_recv" (Varnish's), for "Which VCL variable can I set to true …?"
_NAME_THEN = re.compile(
    r"(?P<name>[A-Za-z_]\w*(?:\.\w+)+|[A-Za-z]\w*_\w+)(?=[ \t]+(?:to|in|for|with|on|when|if|and|or)[ \t])"
)
# A term with the value it is set to or its type in brackets: "only_save_dirty = True", "timeout (float or tuple)"
_NAMED_AS = re.compile(r"(?P<name>[A-Za-z_][\w.-]*)(?:[ \t]*=[ \t]*[^\s=]+|[ \t]+\((?:[\w.]+(?:,? or [\w.]+)*)\))")
_NAME_OR_MARK = re.compile(rf"{_NAME.pattern}|[–-]{{1,2}}[A-Za-z]\S*|[^\w\s]+")  # "–all" (a typeset "--all"), "~"
_PLAIN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")  # "forget" of "the forget command": a command's plain name
_COMMAND_KINDS = frozenset({"command", "subcommand"})


def bare_answer(text: str, start: int, end: int, kinds: frozenset[str]) -> tuple[int, int]:
    """A span text[start:end] without a copula before its value ("-2000", not "is -2000"; "10", not "= 10") and, when the question
    asks for a kind, without that kind's words after a name that ends the span ("VACUUM", not "VACUUM command", for
    "Which command shrinks it?"; "TEXT" of "TEXT affinity" for "What affinity …?"; "--prune" of "the --prune switch";
    "STANDARD" of "Amazon S3 will use the STANDARD storage class" for "Which S3 storage class …?"; a command's plain
    name too, "forget" of "the forget command" for "Which command …?"), or before a name or a mark that ends it, of
    only articles and the kind's words ("-s/--single" of "option -s/--single" for "Which option …?", "~" of "a ~").
    A signature's return annotation asked for as a callable is that callable's name (`_returned`); a name of code
    after words of prose a colon ends is that name."""
    if signed := _returned(text, start, kinds):
        return signed
    if labelled := _LABELLED_CODE.fullmatch(text, start, end):
        return labelled.span("name")  # "structlog.getLogger" of "reading pleasure: structlog.getLogger"
    if copula := _COPULA.match(text, start, end):
        start = copula.end()
    if kinds & TERM_KINDS and (named := _NAMED_AS.fullmatch(text, start, end) or _NAME_THEN.match(text, start, end)):
        end = named.end("name")  # "only_save_dirty" of "only_save_dirty = True", "lazy_load" of "lazy_load (bool)"
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    k = len(words)
    while k > 1 and singular(text[words[k - 1][0] : words[k - 1][1]]) in kinds:
        k -= 1  # the kind's words ending the span, "storage class"
    if (
        k < len(words)
        and (
            _NAME.fullmatch(text, *words[k - 1])
            or (kinds & _COMMAND_KINDS and _PLAIN.fullmatch(text, *words[k - 1]))
            or (kinds & _CAMEL_KINDS and _CAMEL.fullmatch(text, *words[k - 1]))
        )
        and (k == 1 or _lone_name(text, words[k - 2], words[k - 1]))
    ):
        return words[k - 1]
    if k == 2 == len(words) and kinds & TERM_KINDS and _kind_then_name(text, words[0], words[1]):
        return words[1]  # "debugmode" of "macro debugmode" for "Which builtin …?": the text's kind of term, its name
    if (
        1 < k
        and _NAME_OR_MARK.fullmatch(text, *words[k - 1])
        and all(_leads(text, a, b, kinds) for a, b in words[: k - 1])
    ):
        return words[k - 1][0], end  # "-s/--single" of "option -s/--single", "~" of "a ~"
    if 1 < k == len(words) and _CODE_NAME.fullmatch(text, *words[-1]):
        if all(text[a:b].lower() in _CODE_LEADS or _leads(text, a, b, kinds) for a, b in words[:-1]):
            return words[-1]  # "weakref_slot=False" of "passing weakref_slot=False"
    return start, end


# Words that lead a name of code in a span and may be left out ("passing weakref_slot=False", "Added
# attr.validators.matches_re()"), and such a name: dotted or with an underscore inside, or a call, maybe set to a value
_CODE_LEADS = frozenset("use using pass passing set setting add adding added call calling via with enable".split())
_CODE_NAME = re.compile(r"(?=\S*[a-z])(?:[A-Za-z_]\w*(?:[._]\w+)+(?:\([^()\s]*\))?|[A-Za-z_]\w*\(\))(?:=\S+)?")


# Words of prose a colon ends, then one name of code: "reading pleasure: structlog.getLogger" of structlog's "If you
# prefer CamelCase, there's an alias for your reading pleasure: structlog.getLogger."
_LABELLED_CODE = re.compile(r"[a-z][a-z ]*:[ \t]+(?P<name>(?=\S*[a-z])[A-Za-z_]\w*(?:[._]\w+)+(?:\(\))?)")
_RETURNS = re.compile(r"\)[ \t]*(?:->|→)[ \t]*$")  # a signature's parameters closed, its return annotation next
_SIGNED = re.compile(
    r"[ \t]*(?:(?:async|static|class|classmethod|staticmethod|abstractmethod|def)[ \t]+)*[\w.]*?(\w+)\("
)
_ASKS_CALLABLE = CALLABLE_KINDS | frozenset({"classmethod", "staticmethod", "coroutine"})


def _returned(text: str, start: int, kinds: frozenset[str]) -> tuple[int, int] | None:
    """The name of the callable whose signature's return annotation a span at `start` is, when the question asks for
    a callable: "from_curl" of Scrapy's "classmethod from_curl(curl_command: str, …) → RequestTypeVar" (the reader's
    span) for "Which Request classmethod turns a cURL command into a request?". None elsewhere."""
    line = text.rfind("\n", 0, start) + 1
    if not kinds & _ASKS_CALLABLE or not _RETURNS.search(text, line, start):
        return None
    signed = _SIGNED.match(text, line, start)
    return signed.span(1) if signed else None


def _kind_then_name(text: str, kind: tuple[int, int], name: tuple[int, int]) -> bool:
    """Whether text[kind] is a term's kind in lower case ("macro") and text[name] a name after it: marked as code, or
    a word no English one ("debugmode", not "names" of "option names")."""
    word, named = text[kind[0] : kind[1]], text[name[0] : name[1]]
    if not word.islower() or singular(word) not in TERM_KINDS:
        return False
    return bool(_NAME.fullmatch(named) or (_PLAIN.fullmatch(named) and named not in known_words()))


def _leads(text: str, start: int, end: int, kinds: frozenset[str]) -> bool:
    """Whether the word text[start:end] may lead a name in an answer and be left out: an article or the kind asked."""
    word = text[start:end]
    return word.lower() in ("a", "an", "the") or (word.islower() and singular(word) in kinds)  # not "Article 101(1)"


def _lone_name(text: str, before: tuple[int, int], name: tuple[int, int]) -> bool:
    """Whether a name after other words of a span is one alone: not the end of a longer one, capitalised ("Block II")
    or quoted ("\"Bricks for Warsaw\"")."""
    return text[before[0]].islower() and not any(q in text[name[0] : name[1]] for q in "\"'”’")


def says_kind(text: str, kinds: frozenset[str]) -> bool:
    """Whether `text` calls something one of `kinds` ("This setting is used to …")."""
    return any(singular(w) in kinds for w in re.findall(r"[a-z]+", text.lower()))
