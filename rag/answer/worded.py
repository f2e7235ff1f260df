"""A question asking for a term by what it does is answered by the entry whose description says so in the question's
own words, when the reader answered with another: "-y" of "-y (global)" / "Overwrite output files without asking."
for "Which ffmpeg option overwrites output files without asking?", not "-n" of "Do not overwrite output files …";
and one asking for a default, by the option list's line or table row stating one in those words."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import chain

from rag.answer.candidates import Candidate
from rag.answer.captions import captioned_key
from rag.answer.defaults import DEFAULT_LINE, Default, asks_default, fits_asked, is_stated_default, stated_defaults
from rag.answer.entries import Term, entry_lines, entry_term
from rag.answer.extent import holding_sentences, is_definition_line, line_above, passage_sentences
from rag.answer.headed import description
from rag.answer.headings import term_heading
from rag.answer.named_defaults import own_defaults
from rag.answer.prose import TYPE_NOTE
from rag.answer.quotes import common_bigrams
from rag.answer.rows import kind_cell, parameter_rows, row_words, table_kinds, table_rows
from rag.answer.stated import heading_default
from rag.answer.terms import named_terms, option_line, unknown_words
from rag.embed.model import known_words
from rag.ingest.sentences import CELL
from rag.models import Document, Hit
from rag.retrieve.tokenize import tokenize

WORDED_SHARE = 0.6  # an entry's description and term line hold at least this share of the question's idf mass,
WORDED_MARGIN = 0.3  # and this much more than the reader's answer and the sentence it read it from
_YES_NO = frozenset({"yes", "no"})  # a cell saying whether, of a table keyed otherwise: no term's name
_FIRST_SENTENCE = re.compile(r"[^\n]*?[.!?](?=\s|$)|[^\n]+")  # of a line: up to its first stop, or all of it
_DANGLING = re.compile(r"\b[Dd]efaults?(?:[ \t]+to)?[ \t]*$")  # a sentence of a command's help cut by its line's end
DASHED_KINDS = frozenset({"flag", "switch"})  # what a question asks for among a command line's options alone
_REFERENCE = re.compile(r"(?:the|a|an|its|their)\s", re.IGNORECASE)  # a value's holder, not a value


def worded_entry(
    question: str,
    cands: list[Candidate],
    best: int,
    first: Candidate,
    overlap: Callable[[str], float],
    passages: Sequence[tuple[Hit, Document]] = (),
) -> Candidate | None:
    """The term of the entry, among the passages the candidates come from, whose description sentence and term
    line, with its page's title ("postqueue" of "Which postqueue option lists the mail queue?" is the title's
    alone), cover the question best by `overlap` (its share of the question's idf mass), or of a table's row in
    `passages` whose cell in the column named for the kind asked is the term (`rows.kind_cell`: its key cell, or
    another's, "<kill-word>" for "Which function …?"; the row and its page's title, `rows.row_words`), or of a
    parameter's line ("allow_abbrev - Allows long options to be abbreviated …", `rows.parameter_rows`), when
    the question asks for a term by what it does, that cover is WORDED_SHARE or more and beats the answer `first`
    (and the reader's best candidate's sentence) by WORDED_MARGIN, or holds every question word they hold and more
    ("^W" of "Key: ^W | … | Description: kill the word in front of the cursor" for "Which key kills the word in front
    of the cursor?", where the reader answered "<BackSpace>" of "… kill the char in front of the cursor"), or covers
    as much and holds more of the question's adjacent word pairs (`_worded_over`); its quote is the term line down to
    that sentence, or the row. The reader's own answer too, when it is that term ("--noreload" of Django's
    "--noreload\nDisables the auto-reloader.", whose reader's confidence alone abstained): the entry's words
    agree with it. None otherwise, and when `first` is the value of a default its quote states and the question
    asks for one: the reader's answer stands."""
    if not cands or not (kinds := table_kinds(question)):
        return None
    if is_stated_default(question, first.doc.text, first.start, first.end, first.quote_start, first.quote_end):
        return None  # the value asked for, stated as default: not the name of the entry stating it
    found: tuple[float, Candidate, str] | None = None
    seen, said = set(), named_terms(question) | unknown_words(question, known_words())  # "maxconn", no "index"
    for c in cands:
        if (c.doc.id, c.hit.start) in seen:
            continue
        seen.add((c.doc.id, c.hit.start))
        text = c.doc.text
        floor = line_above(text, c.hit.start)  # the passage's term line may end the one before
        for s, e in passage_sentences(c.doc, c.hit):
            term = entry_term(question, text, s, e, floor, sentence=True)  # a term line describes nothing, but an
            if term is None or (is_definition_line(text[s:e]) and not term.inline):  # option's inline ("-s   …")
                continue
            if {text[term.start : term.end].lower(), text[term.start : term.end].lower().rsplit(".", 1)[-1]} & said:
                continue  # the term the question names: "maxconn" of "Which argument is equivalent to maxconn?"
            if kinds & DASHED_KINDS and not text.startswith("-", term.start):
                continue  # a flag is a command line's: "-L (or --pylib)", not the setting "[run] cover_pylib"
            words = f"{c.doc.title}\n{text[term.line : term.line_end]}\n{text[s:e]}"
            share = overlap(words)
            if (
                found is None
                or share > found[0]
                or (share == found[0] and _closer(question, text, term, words, found, first))
            ):
                whole = term.inline or term.apart  # a heading apart is quoted alone, its description next
                q_start, q_end = (term.line, term.line_end) if whole else holding_sentences(c.doc, c.hit, s, e)
                entry = replace(c, start=term.start, end=term.end, quote_start=min(q_start, term.line), quote_end=q_end)
                found = (share, entry, words)
    for hit, doc in passages:  # every passage read: the reader's candidates may all be in a term's entry it names
        rows = chain(table_rows(doc.text, hit.start, hit.end), parameter_rows(doc.text, hit.start, hit.end))
        for line, line_end, cells in rows:
            key, named = kind_cell(cells, kinds), ""
            if key is None and (keyed := captioned_key(doc.text, line, cells, kinds)):
                key, named = keyed  # "path" of a table captioned "Converter types:", for "Which converter type …?"
            if key is None or doc.text[key.start : key.end].lower() in said | _YES_NO:
                continue  # the term the question names, or a "Yes" cell, which names none
            words = row_words(doc.title, f"{named}\n{doc.text[line:line_end]}".lstrip())
            share = overlap(words)
            # the row the reader answered in by another cell than its key ("--format-size" of -b's), of rows alike
            held = doc.id == first.doc.id and line <= first.start and first.end <= line_end and first.start >= key.end
            if (
                found is None
                or share > found[0]
                or (share == found[0] and (held or _closer_row(question, words, found)))
            ):
                row = replace(cands[best], hit=hit, doc=doc, start=key.start, end=key.end, quote_start=line)
                found = (share, replace(row, quote_end=line_end), words)
    if found is None or found[0] < WORDED_SHARE:
        return None
    share, entry, words = found
    if entry.doc.id == first.doc.id and entry.quote_start <= first.start and first.end <= entry.quote_end:
        return entry  # the reader answered in that row, its term another cell: "html5lib" of its "Extremely lenient"
    return entry if _worded_over(question, share, words, (first, cands[best]), overlap) else None


def entry_description(entry: Candidate, reader: Candidate) -> Candidate | None:
    """When `entry`'s quote is the heading of an entry headed apart ("LimitRequestBody Directive" answering "Which
    directive …?": `worded_entry`, `candidates.as_term`), its description, marked and quoted as "What does it do?"
    reads it (`headed.description`: "Restricts the total size of …" of its "Description:" row), to quote next; None
    otherwise, and when the `reader`'s quote holds it already (a paragraph of its prose)."""
    text = entry.doc.text
    if term_heading(text, entry.quote_start) != (entry.quote_start, entry.quote_end):
        return None
    said = description(text, entry.quote_end)
    if said is None or (reader.doc.id == entry.doc.id and reader.quote_start < said[3] and said[2] < reader.quote_end):
        return None
    return replace(entry, start=said[0], end=said[1], quote_start=said[2], quote_end=said[3])


def worded_default(
    question: str,
    reader: Candidate,
    first: Candidate,
    overlap: Callable[[str], float],
    passages: Sequence[tuple[Hit, Document]],
) -> Candidate | None:
    """When the question asks for a default, the one default stated by the line of an option list or the table row
    (which name what they state it of, as prose stating a default for its entry's term need not), or by the metadata
    of an entry headed apart, with its heading and a sentence of it (`_named_default`), among the
    `passages` read, that with its page's title covers the question best by `overlap`, when that cover is
    WORDED_SHARE or more and says it better than the answer `first`'s quote (and the `reader`'s best's), as
    `worded_entry`'s must (`_worded_over`: the question's adjacent word pairs, `adjacent_pairs`, which also break ties
    between lines: "File permissions (default 0666)" over "Directory permissions (default 0777)" for "What are the
    default file permissions of rclone mount?", where rclone's manual has "file" everywhere, in "FileMode" too; then
    a value over another term's name: Django's SESSION_COOKIE_AGE's "1209600" over get_session_cookie_age()'s
    "Defaults to SESSION_COOKIE_AGE.", each under "… the age of session cookies, in seconds."):
    "4" of rclone's "--multi-thread-streams int   Max number of streams to use for multi-thread downloads (default
    4)" for "What is the default maximum number of streams for multi thread downloads?", where the reader read the
    line above it ("… (default 250Mi)"). Quoted by that sentence. When the answer `first` is that value or inside it
    (the reader's cut of "to run 8 checkers in parallel" of "The default is to run 8 checkers …"), `first` itself, as
    sure as a worded value: "PNG" of Pygments' "image_format" / "An image format to output to …, these include:" /
    "“PNG” (default)" for "What is the default image format of the ImageFormatter?", which the reader's confidence
    alone abstained on. None otherwise."""
    if not asks_default(question):
        return None
    found: tuple[tuple[float, int, bool], str, Candidate] | None = None
    for hit, doc in passages:
        for s, e in passage_sentences(doc, hit):
            if (named := _named_default(question, doc, s, e)) is None:
                continue
            words, default = named
            literal = not named_terms(doc.text[default.start : default.end])  # a value, not another term's name
            if (said := (overlap(words), adjacent_pairs(question, words), literal)) > (found[0] if found else (-1.0,)):
                value = replace(reader, hit=hit, doc=doc, start=default.start, end=default.end)
                found = (said, words, replace(value, quote_start=default.line, quote_end=default.line_end))
    if found is None or found[0][0] < WORDED_SHARE:
        return None
    (share, _, _), words, value = found
    if not _worded_over(question, share, words, (first, reader), overlap):
        return None
    inside = value.doc.id == first.doc.id and value.start <= first.start and first.end <= value.end
    return first if inside else value  # the reader's own cut of that value: as sure as the value


def _named_default(question: str, doc: Document, s: int, e: int) -> tuple[str, Default] | None:
    """The one default the sentence doc.text[s:e] states with what names it, and those words: an option list's line,
    a table's row or a parameter's line (`rows.parameter_rows`: "mode (Optional[int]) – the file mode wanted for the
    cache files, default 0600"), quoted whole, with a value wrapped onto the next line (`_with_wrapped_value`); or the
    sentence of an entry headed apart, whose metadata states the default (`stated.heading_default`, its row quoted:
    rsyslog's "MaxSessions" / "type: integer | default: 200 | …" / "Sets the maximum number of sessions
    supported."), or whose type note opening it does ("(string, default “htmlcov”) Where to write …" under "[html]
    directory"), with its heading; or a sentence of the first paragraph of a
    term's entry stating its term's default (`named_defaults.own_defaults`), with the term line and the
    description's first sentence, when its value is no term's name (`_literal`): Requests' "max_redirects" /
    "Maximum number of redirects allowed. … This defaults to requests.models.DEFAULT_REDIRECT_LIMIT, which is 30."
    (or the "Default:" line closing the entry, `_closing_defaults`) None for prose otherwise: its entry's term may be
    elsewhere, and the default it states another's it names."""
    text = doc.text
    if CELL in text[s:e] or option_line(text, s) or next(parameter_rows(text, s, e), None):
        s, e = _with_wrapped_value(text, s, e)
        if (stated := _one_fitting(question, text, stated_defaults(text, s, e))) is None:
            return None
        return f"{doc.title}\n{text[s:e]}", stated._replace(line=s, line_end=e)
    if top := term_heading(text, s):
        words = f"{doc.title}\n{text[top[0] : top[1]]}\n{text[s:e]}"
        if default := heading_default(question, text, s, s, e, top):
            return words, default  # its metadata's row quoted
        note = TYPE_NOTE.match(text, s, e)  # "(string, default “htmlcov”) Where to write …"
        if note and (noted := _one_fitting(question, text, stated_defaults(text, s, note.end()))):
            return words, noted._replace(line=s, line_end=e)
    own = own_defaults(text, s, e) or _closing_defaults(text, s, e)
    if len(own) == 1 and _literal(question, text[own[0].start : own[0].end]) and (lines := entry_lines(text, s)):
        said = _FIRST_SENTENCE.match(text, lines[-1][1] + 1)
        head = "\n".join(text[a:b] for a, b in [*lines, said.span() if said else (s, s)])  # term, first sentence
        return f"{doc.title}\n{head}\n{text[s:e]}", own[0]._replace(line=s, line_end=e)
    return None


def _with_wrapped_value(text: str, s: int, e: int) -> tuple[int, int]:
    """The sentence [s, e) of a command's help grown to its option's line, from the option, and the next, when it
    ends saying "Defaults to" and its value wraps onto that line ("--data-file=DATAFILE  Base name of the data files
    to operate on. Defaults to" / "'.coverage'. [env: COVERAGE_FILE]"); [s, e) otherwise."""
    if not (_DANGLING.search(text, s, e) and text.startswith("\n", e)):
        return s, e
    line, below_end = text.rfind("\n", 0, s) + 1, text.find("\n", e + 1)
    return line + len(text[line:s]) - len(text[line:s].lstrip()), len(text) if below_end == -1 else below_end


def _one_fitting(question: str, text: str, stated: list[Default]) -> Default | None:
    """The one default of `stated` when it fits what `question` asks (`defaults.fits_asked`); None otherwise."""
    return stated[0] if len(stated) == 1 and fits_asked(question, text[stated[0].start : stated[0].end]) else None


def _closing_defaults(text: str, s: int, e: int) -> list[Default]:
    """The defaults of text[s:e] when it is a "Default:" line of its own closing a term's entry, paragraphs below
    its term line: lighttpd's "server.max-worker" / "  number of worker processes to spawn. …" / "  Default: 0"."""
    if not DEFAULT_LINE.match(text, text.rfind("\n", 0, s) + 1, e) or entry_lines(text, s) is None:
        return []
    return stated_defaults(text, s, e)


def _literal(question: str, value: str) -> bool:
    """Whether a prose default's value is one that may answer: a value, not another term's name (get_session_cookie_age()'s
    "Defaults to SESSION_COOKIE_AGE.", where "What is the default age of session cookies?" asks for the setting's), nor
    what holds one ("Defaults to the PGPORT environment variable, if set, …")."""
    return fits_asked(question, value) and not named_terms(value) and not _REFERENCE.match(value)


def adjacent_pairs(question: str, text: str) -> int:
    """How many of the question's pairs of adjacent words (as `tokenize` reads them: stemmed, stop words left out)
    `text` holds adjacent too, in one of its lines: 1 of "File permissions (default 0666)" for "What are the default
    file permissions?", none of "Directory permissions (default 0777)"; none of "DBDKeep Directive" / "Set the …" for
    "Which directive sets …?" (the heading's last word and the next line's first are no pair)."""
    q = tokenize(question)
    return len({p for line in text.splitlines() for p in common_bigrams(q, tokenize(line))})


def _worded_over(
    question: str, share: float, words: str, answered: tuple[Candidate, ...], overlap: Callable[[str], float]
) -> bool:
    """Whether `words`, covering `share` of the question, say what it asks better than the quotes of the candidates
    `answered`: they beat them (`_beats`), or cover as much and are closer, holding more of the question's adjacent
    word pairs (`adjacent_pairs`): "FilterDeclare Directive" / "Description: | Declare a smart filter" for "Which
    directive declares a smart filter?", over the reader's "FilterChain" of "The FilterChain directive builds a filter
    chain from smart filters declared, …", which holds every word of the question too."""
    if _beats(share, words, answered, overlap):
        return True
    quotes = {_quote(c) for c in answered}  # the answer's quote is often the reader's best's
    return share >= max(map(overlap, quotes)) and adjacent_pairs(question, words) > max(
        adjacent_pairs(question, q) for q in quotes
    )


def _beats(share: float, words: str, answered: tuple[Candidate, ...], overlap: Callable[[str], float]) -> bool:
    """Whether `words`, covering `share` of the question, beat the quotes of the candidates `answered`: by
    WORDED_MARGIN, or holding every question word they hold, and more."""
    said = max(overlap(_quote(c)) for c in answered)
    more = share > said and overlap("\n".join([words, *map(_quote, answered)])) <= share
    return share >= said + WORDED_MARGIN or more


def _closer(
    question: str, text: str, term: Term, words: str, found: tuple[float, Candidate, str], first: Candidate
) -> bool:
    """Of two entries worded as well, whether `term`'s (its `words`) says it more closely than the one `found`: in
    more of the question's adjacent word pairs (`adjacent_pairs`: "Declare a smart filter" over "… builds a filter
    chain from smart filters declared" for "Which directive declares a smart filter?"); on as many, never over the
    answer `first`'s own, else in fewer words ("--keep-last n keep the n last (most recent)
    snapshots." over "--keep-daily n for the last n days …, keep only the most recent one for each day.")."""
    pairs, before = adjacent_pairs(question, words), adjacent_pairs(question, found[2])
    if pairs != before:
        return pairs > before
    return found[1].text != first.text and (text[term.start : term.end] == first.text or len(words) < len(found[2]))


def _closer_row(question: str, words: str, found: tuple[float, Candidate, str]) -> bool:
    """Of two rows worded as well, whether the one of `words` holds more of the question's adjacent word pairs
    (`adjacent_pairs`) than the one `found`: "path | like string but also accepts slashes" over "string | (default)
    accepts any text without a slash" for "Which converter type accepts slashes?"."""
    return adjacent_pairs(question, words) > adjacent_pairs(question, found[2])


def _quote(c: Candidate) -> str:
    return c.doc.text[c.quote_start : c.quote_end]
