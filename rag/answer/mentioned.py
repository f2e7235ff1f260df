"""A question about a name the documents read never mention gets no answer: the name says why."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from rag.answer.kinds import kind_phrase
from rag.answer.terms import HYPHENATED, named_terms
from rag.models import Answer, Document
from rag.retrieve.sparse import SparseIndex
from rag.retrieve.tokenize import STOPWORDS, tokenize

_SEPARATORS = re.compile(r"[\W_]+")
# A question opening by the kind of thing it asks for, which a name before the kind qualifies: "Which JavaScript
# library inspired Arrow?" asks for a library ("moment.js"), which the documents need not call a JavaScript one
_ASKS_KIND = re.compile(r"\W*(?:(?:in|on|at|to|from|for|with|by|of)\s+)?(?:what|which)\s", re.IGNORECASE)
# a name capitalised as a product's or a place's ("Kubernetes", "MongoDB"), not an acronym ("NYC", "WWII": a text
# may spell it out) nor a sentence's first word
_NAME = re.compile(r"(?<![\w.'’-])(?:[A-Z][a-z]{2,}|[A-Z][a-z]+[A-Z][A-Za-z]*)(?![\w-]|\.\w)")
_SENTENCE_START = re.compile(r"(?:^|[.?!:;]\s+)[\"'“‘(]*$")
# an acronym ("AWS", "LDAP", "JWTs"), not a word set in capitals for emphasis ("What do these teachers NOT do?")
_ACRONYM = re.compile(r"(?<![\w.'’-])(?P<acronym>[A-Z]{3,5})s?(?![\w-])")
_EMPHASIS = frozenset("NOT ALL ANY ONLY NEVER MUST AND THE FOR NOR BUT YES".split())
_NUMBERED = re.compile(r"(.+?)(II|III|IV)?")  # an acronym's letters, and a Roman numeral closing it ("WWII")
_GLUE_WORDS = frozenset("of and for the de on in".split())  # between the words an acronym's letters open
_GLUE = rf"[\w'’]*[\s-]+(?:(?:{'|'.join(_GLUE_WORDS)})\s+)?"


def identifiers(question: str) -> frozenset[str]:
    """The names a question asks about that only code or configuration spells so: options ("--traceback"),
    dotted or underscored names ("worker_lost_wait", "fs.chmod"), and lower-case names of three hyphenated parts
    or more ("tcp-initial-timeout"); not prose's "built-in" or "well-known", nor a name capitalised as words are
    ("San Diego-Carlsbad-San Marcos")."""
    hyphenated = (m.group(0) for m in HYPHENATED.finditer(question))
    return frozenset(named_terms(question)) | {h for h in hyphenated if h.islower() and h.count("-") >= 2}


def proper_names(question: str) -> list[str]:
    """The names a question capitalises as a product's or a place's are ("Redis" of "How do I cache responses in
    Redis?", "MongoDB"), in order; not the first word of a sentence, nor an acronym."""
    return [m.group(0) for m in _NAME.finditer(question) if not _SENTENCE_START.search(question[: m.start()])]


def acronyms(question: str) -> list[str]:
    """The acronyms a question names ("AWS" of "How do I run Tornado behind an AWS load balancer?"), in order; not
    words set in capitals for emphasis."""
    return [a for m in _ACRONYM.finditer(question) if (a := m.group("acronym")) not in _EMPHASIS]


def spelled_out(acronym: str, texts: Iterable[str]) -> bool:
    """Whether one of `texts` has words whose first letters spell `acronym`, maybe with "of", "and", … between them:
    capitalised ("Distinguished Service Medal" for "DSM"), or words of four letters or more that are no stopwords
    ("command line interface" for "CLI"; not "any web server" for "AWS"); a Roman numeral closing it is a word of its
    own ("World War II" for "WWII")."""
    numbered = _NUMBERED.fullmatch(acronym)
    letters, numeral = numbered.groups() if numbered else (acronym, None)
    parts = [*map(re.escape, letters), *([numeral] if numeral else [])]
    words = re.compile(r"\b" + _GLUE.join(parts) + (r"\b" if numeral else r"\w*"), re.IGNORECASE)
    return any(_spells(m.group(0), len(parts)) for text in texts for m in words.finditer(text))


def _spells(words: str, letters: int) -> bool:
    """Whether the first `letters` words of `words`, past those between them ("of"), spell an acronym out."""
    spelling = [w for w in re.split(r"[\s-]+", words) if w and w.lower() not in _GLUE_WORDS][:letters]
    return all(w[0].isupper() for w in spelling) or all(len(w) >= 4 and w.lower() not in STOPWORDS for w in spelling)


def unwritten(acronym: str, sparse: SparseIndex) -> bool:
    """Whether no word of the corpus is `acronym` (`unspelled`), nor, from four letters on, a letter apart ("TEFU",
    SQuAD's crowd's, for "TFEU"; three letters are too few: "AWS" would be "was"): a corpus may spell an acronym
    out, but one it never writes names nothing it is about, unless the documents read spell it out (`spelled_out`)."""
    return unspelled(acronym, sparse, tolerance=1 if len(acronym) >= 4 else 0)


def spelling_tolerance(word: str) -> int:
    """How many letters a name's spelling may be apart from a corpus word and still be that word: one, or two from
    seven letters on ("Ghengis" for "Genghis", "Kievian" for "Kievan"; SQuAD's crowd misspelled names)."""
    return 1 if len(word) < 7 else 2


def unspelled(name: str, sparse: SparseIndex, tolerance: int | None = None) -> bool:
    """Whether no word of the corpus (`sparse`'s vocabulary, stemmed) is `name`, stemmed or whole, nor spelled
    within `tolerance` letters (its `spelling_tolerance` when None), a swap of two letters counting one ("Zeria" for
    "Zeira"; the stemmer cuts "Schrodinger" to "schroding" but leaves "Schrödinger" whole)."""
    if not (stems := tokenize(name, parts=False)):
        return False
    forms = list(dict.fromkeys([stems[0], name.lower()]))
    if sparse.frequencies(forms)[0].any():
        return False
    words, k = sparse.words(), spelling_tolerance(name) if tolerance is None else tolerance
    return not k or not any(process.extractOne(f, words, scorer=OSA.distance, score_cutoff=k) for f in forms)


def squeezed(text: str) -> str:
    """`text` lower-cased without its spaces, punctuation and underscores: "Tcp_Initial timeout" → "tcpinitialtimeout",
    so a name matches however a text writes it apart."""
    return _SEPARATORS.sub("", text.lower())


def unmentioned(question: str, texts: Iterable[str], sparse: SparseIndex) -> list[str]:
    """The `identifiers` of `question` that none of `texts` mentions, however they write it apart, and that the
    whole corpus cannot hold either: a word of theirs is in none of its passages (`sparse`'s vocabulary; the name
    may be in documents retrieval left out, "CELERYD_CONCURRENCY" of a settings table when the passages read map
    the "CELERYD_" prefix); and the `proper_names` no corpus word spells, near enough (`unspelled`: "Kubernetes" of
    a question to Sphinx's manual), and the `acronyms` no corpus word is that no document read spells out
    (`unwritten`, `spelled_out`: "AWS" of a question to Tornado's manual); not a name qualifying the kind a question
    opens by asking for ("JavaScript" of "Which JavaScript library inspired Arrow?"). Sorted."""
    qualifying = set(kind_phrase(question)[:-1]) if _ASKS_KIND.match(question) else set()
    absent = {n for n in proper_names(question) if n not in qualifying and unspelled(n, sparse)}
    texts = list(texts)
    absent |= {a for a in acronyms(question) if unwritten(a, sparse) and not spelled_out(a, texts)}
    if not (names := identifiers(question)):
        return sorted(absent)
    lowered = [t.lower() for t in texts]
    missing = [n for n in names if not any(n in t for t in lowered)]
    if missing:
        whole = [squeezed(t) for t in lowered]
        missing = [n for n in missing if not any(squeezed(n) in t for t in whole)]
    return sorted(
        absent
        | {n for n in missing if (tokens := tokenize(n, parts=False)) and not sparse.frequencies(tokens)[0].all()}
    )


def unless_unmentioned(answer: Answer, docs: Mapping[str, Document], sparse: SparseIndex) -> Answer:
    """`answer`, or an abstention that keeps its quotes when the question asks about a name that none of the
    documents it read mentions and the corpus has no word for (`unmentioned`: "the default of worker_gpu_memory_limit",
    a setting the manual does not have): whatever the reader found answers about something else. The names are
    `Answer.unmentioned`."""
    texts = (docs[d].text for d in dict.fromkeys(h.doc_id for h in answer.hits))
    if not (names := unmentioned(answer.question, texts, sparse)):
        return answer
    return answer.model_copy(update={"found": False, "text": "", "span": None, "confidence": 0.0, "unmentioned": names})
