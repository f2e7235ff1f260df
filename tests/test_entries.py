"""Reference entries: a question naming a term ("work_mem") is answered from that term's entry, not a neighbour's;
one asking for a term by what it does ("Which option …?") is answered with the term."""

from __future__ import annotations

import html

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from records import doc, hit, span_score_settings

from rag.answer.answers import reader_answer
from rag.answer.calls import callable_names, called_kinds, called_names, kinds_called
from rag.answer.candidates import RANK_FEATURES, Candidate, as_term, make_candidates, rank_features
from rag.answer.entries import LOOK_BACK, TERM_REACH, asked_regions, describing, entry_head, entry_term, passage_entries
from rag.answer.headings import HEADING_REACH, plain_heading, synopsis_name
from rag.answer.kinds import asked_kinds
from rag.answer.reader.reader import ReadSpan
from rag.answer.terms import bare_name, bare_names, labelled_line, named_terms, option_line, term_line
from rag.retrieve.tokenize import tokenize

# PostgreSQL 15's runtime-config-resource.html as rag reads it (PostgreSQL Licence): two <dt>/<dd> entries.
SETTINGS = (
    "work_mem (integer)\n"
    "Sets the base maximum amount of memory to be used by a query operation (such as a sort or hash table) before "
    "writing to temporary disk files. The default value is four megabytes (4MB).\n\n"
    "Hash-based operations are generally more sensitive to memory availability than equivalent sort-based "
    "operations.\n\n"
    "hash_mem_multiplier (floating point)\n"
    "Used to compute the maximum amount of memory that hash-based operations can use. The final limit is "
    "determined by multiplying work_mem by hash_mem_multiplier. The default value is 2.0, which makes hash-based "
    "operations use twice the usual work_mem base amount."
)


def test_named_terms_are_code_like_names_not_abbreviations():
    got = named_terms("What is the default of work_mem, e.g. for shutil.rmtree or --amend, i.e. -x? Is it 4.0?")
    assert got == {"work_mem", "shutil.rmtree", "--amend"}
    assert named_terms("What is the capital of Freedonia?") == set()
    assert named_terms("What does -ss do, and -an? Is -n or e.g. -x one?") == {"-ss", "-an"}  # two letters
    # names scoped by "::": APT's and aptitude's options, C++'s and Perl's names
    got = named_terms("What is the default of APT::Install-Recommends, or of std::vector and File::Spec? a::b::")
    assert got == {"apt::install-recommends", "std::vector", "file::spec"}
    # a name an underscore opens is code, however short: Lua's "_G" (its entry had been read and abstained on)
    assert named_terms("What is _G, and what does _ENV hold? Is _ one?") == {"_g", "_env"}
    # hyphens inside a dotted name's parts: lighttpd's and HAProxy's settings; not a hyphenated word in prose
    got = named_terms("What is the default of status.enable-sort, dir-listing.activate or tune.idle-pool.shared?")
    assert got == {"status.enable-sort", "dir-listing.activate", "tune.idle-pool.shared"}
    assert named_terms("Is a built-in function well-known. Yes") == set()
    # a Vim variable with its scope (Black's plugin's "g:black_linelength"), not a colon in prose
    assert named_terms("What is g:black_linelength, or b:undo_ftplugin? Note:this_one") == {
        "g:black_linelength",
        "b:undo_ftplugin",
    }


# FFmpeg 5.1's ffmpeg.html as rag reads it (LGPL 2.1+): options of two letters.
FFMPEG = (
    "-t duration (input/output)\nWhen used as an input option (before -i), limit the duration of data read from the "
    "input file.\n\n-ss position (input/output)\nWhen used as an input option (before -i), seeks in this input file "
    "to position.\n\nWhen used as an output option (before an output url), decodes but discards input until the "
    "timestamps reach position.\n\n-sseof position (input)\nLike the -ss option but relative to the end of file."
)


def test_an_option_of_two_letters_is_read_in_its_entry():
    """Protects "What does the -ss option do?" over FFmpeg's manual: "-ss" was no term (too short to tell from an
    abbreviation), so the passages were read whole and "This option is intended for testing." of another page
    answered; its entry is read, not -sseof's, whose description names -ss."""
    ss = FFMPEG[FFMPEG.index("-ss position") : FFMPEG.index("\n\n-sseof")]
    assert "\n\n".join(_asked("What does the -ss option do?", FFMPEG)) == ss


# Flask-SQLAlchemy 3.0's config.html (BSD licence) as rag reads it: each key qualified by its module.
QUALIFIED = (
    "flask_sqlalchemy.config.SQLALCHEMY_ECHO\nThe default value for echo and echo_pool for every engine.\n\n"
    "flask_sqlalchemy.config.SQLALCHEMY_BINDS\nA dict mapping bind keys to engine options.\n"
)


def test_a_terms_entry_is_read_under_its_qualified_name():
    """A question names "SQLALCHEMY_BINDS", the manual "flask_sqlalchemy.config.SQLALCHEMY_BINDS"."""
    binds = "flask_sqlalchemy.config.SQLALCHEMY_BINDS\nA dict mapping bind keys to engine options."
    assert _asked("What does SQLALCHEMY_BINDS map?", QUALIFIED) == [binds]
    assert _asked("What does config.SQLALCHEMY_BINDS map?", QUALIFIED) == []  # a dotted name is the whole name


def test_entry_head_is_the_term_line_above_across_the_entrys_paragraphs():
    """A span's entry is headed by the nearest term line with its description on the next line, however many
    paragraphs the description has; text above any term line is prose."""
    assert entry_head(SETTINGS, SETTINGS.index("four megabytes")) == "work_mem (integer)"
    assert entry_head(SETTINGS, SETTINGS.index("sensitive")) == "work_mem (integer)"  # its second paragraph
    assert entry_head(SETTINGS, SETTINGS.index("2.0")) == "hash_mem_multiplier (floating point)"
    assert entry_head(SETTINGS, SETTINGS.index("work_mem (integer)")) == "work_mem (integer)"  # the term itself
    stacked = (
        "Intro.\n\ngc.reflogExpire\ngc.<pattern>.reflogExpire\nRemoves entries older than this; defaults to 90 days."
    )
    assert entry_head(stacked, stacked.index("90")) == "gc.reflogExpire\ngc.<pattern>.reflogExpire"  # git's config
    prose = "Memory settings.\n\nThe server uses shared memory. It is 128MB."
    assert entry_head(prose, prose.index("128MB")) is None
    far = "opt_a (integer)\nDescribed here.\n\n" + "Filler sentence. " * (LOOK_BACK // 17 + 10) + "Far below."
    assert entry_head(far, far.index("Far below")) is None  # farther than LOOK_BACK above


def test_describing_is_the_entrys_term_lines_for_its_first_paragraph_only():
    """The term lines an entry's description is read under: its first paragraph's (up to TERM_REACH), not a later
    paragraph's (which may be about something else), and none for prose or above `floor`."""
    top = SETTINGS.index("work_mem (integer)")
    term = [(top, top + len("work_mem (integer)"))]
    assert describing(SETTINGS, SETTINGS.index("four megabytes")) == term
    assert describing(SETTINGS, SETTINGS.index("sensitive")) is None  # the second paragraph
    assert describing(SETTINGS, SETTINGS.index("four megabytes"), floor=SETTINGS.index("Sets")) is None
    assert describing("The server uses shared memory. It is 128MB.", 30) is None
    long = "opt_a (integer)\nSet it. " + "Filler sentence. " * (TERM_REACH // 17 + 1) + "The default is 3."
    assert describing(long, long.index("3.")) is None


def test_a_default_sentence_covers_the_question_with_its_entrys_term():
    """Protects answers from reference entries: "The default value is 2.0." says nothing of hash_mem_multiplier
    itself, so it covered little of "What is the default value of hash_mem_multiplier?" and the confidence in a
    right answer stayed under the threshold (PostgreSQL's autovacuum_naptime, 0.19). Read under its term line it
    covers the question; a sentence of the neighbour entry covers only what it says."""
    d = doc(SETTINGS)
    hits = [hit(d)]
    spans = [
        ReadSpan(0, SETTINGS.index("2.0"), SETTINGS.index("2.0") + 3, 1.0, 0.0),
        ReadSpan(0, SETTINGS.index("four megabytes"), SETTINGS.index(" (4MB)"), 1.0, 0.0),
    ]
    cands = make_candidates(spans, hits, {d.id: d}, [0.5])
    q = tokenize("What is the default value of hash_mem_multiplier?")  # what, default, valu, hash_mem_multipli
    idf = np.array([1.0, 1.0, 1.0, 3.0])
    overlap = rank_features(cands, q, idf)[:, RANK_FEATURES.index("sentence_idf_overlap")]
    assert (
        q[3] == "hash_mem_multipli" and "hash_mem_multiplier" not in SETTINGS[cands[0].quote_start : cands[0].quote_end]
    )
    assert overlap.tolist() == pytest.approx([5 / 6, 2 / 6])  # + the term line's name; work_mem's: not the term asked


def _asked(question: str, text: str, names: frozenset[str] = frozenset()) -> list[str]:
    return [text[a:b] for a, b in asked_regions(text, 0, len(text), named_terms(question), names)]


def test_a_question_naming_a_term_is_read_in_that_terms_entry_alone_when_there_is_one():
    """Protects answers on reference pages: "What is the default value of work_mem?" was answered "2.0", the
    default of hash_mem_multiplier, whose entry mentions work_mem twice; "What is the default value of
    checkpoint_timeout?" was answered "0.9" from prose about another setting (PostgreSQL's wal-configuration page),
    and "What does time.sleep do?" from a release note's prose, when the term's own entry was among the passages."""
    text = "Memory is shared. It is 8 kB.\n\n" + SETTINGS
    work_mem = SETTINGS[: SETTINGS.index("\n\nHash-based")]
    assert _asked("What is the default value of work_mem?", text) == [work_mem, SETTINGS.split("\n\n")[1]]
    assert _asked("What is the default of max_connections?", text) == []  # no entry of it: the passages are read whole
    assert _asked("What is the default value?", text) == []  # no term named


# Bash 5.2's bashref.html as rag reads it (GNU FDL): shopt options whose terms are bare names, not code-like.
SHOPT = (
    "globskipdots\nIf set, filename expansion will never match the filenames ‘.’ and ‘..’. This option is enabled "
    "by default.\n\nglobstar\nIf set, the pattern ‘**’ used in a filename expansion context will match all files "
    "and zero or more directories and subdirectories.\n\nHISTSIZE <S>\nThe maximum number of events stored in "
    "the internal history list.\n\nTokens\nSee the token index."
)
KNOWN = frozenset({"what", "does", "the", "option", "do", "value", "default", "of", "token", "set"})


def test_a_bare_name_the_vocabulary_lacks_is_read_in_its_entry():
    """Protects answers on manuals whose terms are plain words (Bash's shopt options, Zsh's parameters): "What
    does the globstar option do?" was answered from globskipdots' "This option is enabled by default.", the entry
    above, because a name with no dot, underscore or dash was no term. A word counts as a name when the reader's
    vocabulary lacks it and its stem ("tokens" is a word) and a line read starts with it."""
    names = bare_names("What does the globstar option do?", [SHOPT], KNOWN)
    assert names == {"globstar"}
    assert _asked("What does the globstar option do?", SHOPT, names) == [SHOPT.split("\n\n")[1]]
    assert bare_names("What is HISTSIZE set to?", [SHOPT], KNOWN) == {"histsize"}  # "HISTSIZE <S>" is its line
    assert _asked("What is HISTSIZE?", SHOPT, frozenset({"histsize"})) == [SHOPT.split("\n\n")[2]]
    assert bare_names("What do tokens do?", [SHOPT], KNOWN) == set()  # a word: "token" is known
    assert bare_names("What does the nocaseglob option do?", [SHOPT], KNOWN) == set()  # no line starts with it
    assert bare_names("What does the option value do?", ["value <any>\nThe value."], KNOWN) == set()
    listed = "Kennedy\nkeywords\nlanguageid\nlarge WAL files"  # SQLite's keyword index: a list, no entries
    assert _asked("How many keywords are there?", listed, frozenset({"keywords"})) == []


# Bash 5.2's reference manual (bashref.html, GNU FDL): Readline's variables are named by words joined by hyphens
READLINE = (
    "keymap\nSets Readline’s idea of the current keymap for key binding commands.\n\nkeyseq-timeout\nSpecifies "
    "the duration Readline will wait for a character. The default value is 500."
)


def test_a_bare_name_of_words_joined_by_hyphens_is_read_in_its_entry():
    """Protects "What is the default value of keyseq-timeout?", answered "emacs" from keymap's entry above: a name
    of hyphenated words alone on its line heads its entry as a bare name does; prose's hyphenated words, which no
    line of the text holds alone, name none."""
    question = "What is the default value of keyseq-timeout?"
    names = bare_names(question, [READLINE], KNOWN)
    assert names == {"keyseq-timeout"}
    assert _asked(question, READLINE, names) == [READLINE.split("\n\n")[1]]
    assert (
        bare_names("What are the built-in keymaps?", [READLINE, "Built-in keymaps are emacs and vi."], KNOWN) == set()
    )


def test_a_description_covers_the_question_with_its_bare_term_line():
    """Protects confidence in answers from a bare name's entry: "If set, the pattern ‘**’ … will match all
    files …" shares no word with "What does globstar do?"; read under its term line ("globstar") it covers the
    question's rarest word."""
    d = doc(SHOPT)
    at = SHOPT.index("match all files")
    cands = make_candidates([ReadSpan(0, at, at + len("match all files"), 1.0, 0.0)], [hit(d)], {d.id: d}, [0.5])
    q = tokenize("What does globstar do?")  # what, doe, globstar, do
    overlap = rank_features(cands, q, np.array([1.0, 1.0, 3.0, 1.0]))[:, RANK_FEATURES.index("sentence_idf_overlap")]
    assert overlap.tolist() == pytest.approx([3 / 6])


def test_ask_answers_a_settings_question_from_its_entry(tmp_path, embedder, write_files):
    """The same two entries as an HTML reference page (a definition list), asked through `Index.ask` with the
    shipped reader: the answer is work_mem's default, quoted from its entry."""
    from rag.index import Index

    entries = [part.split("\n", 1) for part in SETTINGS.split("\n\n") if "\n" in part]
    body = "".join(f"<dt>{term}</dt><dd><p>{text}</p></dd>" for term, text in entries)
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add(
        [write_files(tmp_path / "docs", {"runtime-config-resource.html": f"<html><body><dl>{body}</dl></body></html>"})]
    )
    ans = index.ask("What is the default value of work_mem?", threshold=0.0)
    assert ans.found and "four megabytes" in ans.text, ans.text
    assert "work_mem (integer)" not in ans.quotes[0].text or "four megabytes" in ans.quotes[0].text
    # Asked for the setting by what it does, the answer is the setting's name, inside its quote.
    ans = index.ask("Which parameter sets the maximum memory a sort may use before it writes temporary files?")
    assert ans.text == "work_mem", ans.text
    doc = index.document(ans.span.doc_id).text
    assert doc[ans.span.start : ans.span.end] == "work_mem"
    assert ans.quotes[0].start <= ans.span.start < ans.span.end <= ans.quotes[0].end


def test_ask_reads_a_bare_names_entry(tmp_path, embedder, write_files):
    """The shopt options as Bash's manual writes them (<dt><code>globstar</code></dt>), asked through
    `Index.ask` with the shipped reader: the quote is globstar's description, not globskipdots' above it."""
    from rag.index import Index

    entries = [part.split("\n", 1) for part in SHOPT.split("\n\n")[:2]]
    body = "".join(f"<dt><code>{term}</code></dt><dd><p>{text}</p></dd>" for term, text in entries)
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"bashref.html": f"<html><body><dl>{body}</dl></body></html>"})])
    ans = index.ask("What does the globstar option do?", threshold=0.0)
    assert "zero or more directories" in ans.quotes[0].text, ans.quotes[0].text
    assert ans.found and ans.text in ans.quotes[0].text


# pg_dump's options as rag reads app-pgdump.html of PostgreSQL 15 (PostgreSQL Licence): stacked term lines.
OPTIONS = (
    "Options\n\n"
    "-a\n--data-only\nDump only the data, not the schema (data definitions).\n\n"
    "-s\n--schema-only\nDump only the object definitions (schema), not data.\n\n"
    "--lock-wait-timeout=timeout\nDo not wait forever to acquire shared table locks at the beginning of the dump."
)


def _term(question: str, text: str, fragment: str) -> str | None:
    at = text.index(fragment)
    found = entry_term(question, text, at, at + len(fragment))
    return None if found is None else text[found[0] : found[1]]


def test_a_question_asking_for_a_term_by_what_it_does_is_answered_with_the_term():
    """Protects answers over reference pages: "Which pg_dump option dumps only the schema?" was answered "the
    object definitions", and "Which parameter sets …?" "integer" (of "shared_buffers (integer)")."""
    assert _term("Which pg_dump option dumps only the schema?", OPTIONS, "object definitions") == "-s"
    assert _term("Which option makes pg_dump give up waiting for locks?", OPTIONS, "forever") == "--lock-wait-timeout"
    assert _term("Which parameter sets the base maximum memory of a sort?", SETTINGS, "base maximum") == "work_mem"
    assert _term("Which parameter sets the base maximum memory of a sort?", SETTINGS, "integer") == "work_mem"
    assert _term("Which parameter sets the most memory of a sort?", SETTINGS, "work_mem (integer)") == "work_mem"
    assert _term("What configuration setting multiplies work_mem?", SETTINGS, "twice") == "hash_mem_multiplier"
    assert _term("I want the data alone. Which flag?", OPTIONS, "the data, not") == "-a"  # the kind ends it


# CMake 3.25's message.html and ctest.1.html (BSD 3-clause), as rag reads them: a command's modes are entries too.
MODES = (
    "FATAL_ERROR\nCMake Error, stop processing and generation.\n\nSEND_ERROR\nCMake Error, continue processing, "
    "but skip generation.\n\nWARNING\nCMake Warning, continue processing."
)


# CMake 3.25's cmake.1.html (BSD 3-clause), as rag reads it: Sphinx writes a version note under an option's term line,
# and the description a paragraph below it.
NOTED = (
    "--fresh\nNew in version 3.24.\n\nPerform a fresh configuration of the build tree. This removes any existing "
    "CMakeCache.txt file and associated CMakeFiles/ directory, and recreates them from scratch.\n\n"
    "-L[A][H]\nList non-advanced cached variables.\n\nList CACHE variables will run CMake and list all the variables."
)


def test_a_version_note_under_a_term_line_keeps_the_description_below_it_in_the_entry():
    """Protects "--fresh" for "Which cmake option performs a fresh configuration …?" (the version note and its blank
    line cut the description off its term); the description's second paragraph is still none of the entry's."""
    asked = "Which cmake option performs a fresh configuration of the build tree?"
    assert _term(asked, NOTED, "fresh configuration") == "--fresh"
    assert _term("Which option will run CMake and list all the variables?", NOTED, "run CMake") is None


def test_a_question_asking_for_a_mode_by_what_it_does_is_answered_with_the_modes_term():
    """Protects "FATAL_ERROR" for "Which message mode stops processing and generation?" (was "CMake Error")."""
    assert _term("Which message mode stops processing and generation?", MODES, "CMake Error") == "FATAL_ERROR"
    assert _term("What does message do when it stops processing?", MODES, "CMake Error") is None  # no kind asked


# Bash's reference manual (bashref.pdf, GFDL) as rag reads it: bare names alone on their term lines; and a
# manual page's section heading over its text, as Postfix's postqueue.1.html writes it.
BARE_ENTRIES = (
    "PIPESTATUS\nAn array variable containing a list of exit status values from the processes in the "
    "most-recently-executed foreground pipeline.\nHISTFILESIZE\nThe maximum number of lines contained in the "
    "history file.\n\nNAME\n       postqueue - Postfix queue control"
)


def test_a_bare_names_entry_answers_with_its_name_unless_it_is_a_word():
    """Protects answers over PDF references: "Which variable holds the exit status values …?" was answered
    "PIPESTATUS\nAn array" (a span from the term into its description) or "array"; a manual page's heading
    ("NAME", a word of the vocabulary) is no term."""
    asked = "Which variable holds the exit status values of a pipeline?"
    assert _term(asked, BARE_ENTRIES, "array variable") == "PIPESTATUS"
    assert _term("Which variable sets the most lines of the history file?", BARE_ENTRIES, "lines") == "HISTFILESIZE"
    assert _term("Which command controls the queue?", BARE_ENTRIES, "queue control") is None


def test_a_manual_pages_section_heading_is_no_term_even_a_word_the_vocabulary_lacks():
    """Protects "Which postqueue option flushes the queue?" on Postfix's postqueue.1.html: "SYNOPSIS" (no word of
    the reader's vocabulary, unlike "NAME") headed "To flush the mail queue:" as a bare name's entry would."""
    synopsis = "SYNOPSIS\n   To flush the mail queue:\n\n       postqueue [-v] [-c config_dir] -f\n"
    assert _term("Which postqueue option flushes the queue?", synopsis, "flush the mail") is None
    assert _term("Which variable sets the most lines of the history file?", BARE_ENTRIES, "lines") == "HISTFILESIZE"


# curl's HTTP-COOKIES.md (curl licence) as rag reads it: each option and its aliases heads its entry apart.
ALIASED = (
    "Command line options:\n\n-b, --cookie\n\ntell curl a file to read cookies from and start the cookie engine, "
    "or if it is not a file it will pass on the given string.\n\n-j, --junk-session-cookies\n\nwhen used in "
    'combination with -b, it will skip all "session cookies" on load so as to appear to start a new cookie session.'
    "\n\n-c, --cookie-jar\n\ntell curl to start the cookie engine and write cookies to the given file after the "
    "request(s); see --cookie to read them back\n"
)


def test_an_option_and_its_aliases_head_its_entry_and_a_name_it_is_weighed_against_is_not_the_answer():
    """Protects "Which option skips session cookies on load?" on curl's cookie page: it was answered "-b", the
    option -j's description says it is used with; an option written with its aliases ("-j, --junk-session-cookies")
    headed no entry. A name the description refers to otherwise is the reader's answer still ("see --cookie")."""
    at = ALIASED.index("with -b") + len("with ")
    found = entry_term("Which option skips session cookies on load?", ALIASED, at, at + 2)
    assert found is not None and ALIASED[found.start : found.end] == "-j" and found.apart
    assert _term("Which option skips session cookies on load?", ALIASED, "skip all") == "-j"
    assert _term("Which option writes cookies to a file?", ALIASED, "the given file") == "-c"
    at = ALIASED.index("see --cookie") + len("see ")  # a name it refers to: the reader's answer is trusted
    assert entry_term("Which option reads the cookies back?", ALIASED, at, at + len("--cookie")) is None


# Python 3.11's shutil.html and pathlib.html as rag reads them (PSF licence): signatures as term lines.
SIGNATURES = (
    "shutil.ignore_patterns(*patterns)\nThis factory function creates a function for copytree()'s ignore argument.\n\n"
    "shutil.copytree(src, dst, symlinks=False, ignore=None, copy_function=copy2, ignore_dangling_symlinks=False, "
    "dirs_exist_ok=False)\nRecursively copy an entire directory tree rooted at src to a directory named dst.\n\n"
    "class pathlib.PurePath(*pathsegments)\nA generic class that represents the system's path flavour."
)


def test_a_signatures_name_answers_for_its_description():
    """Protects answers over API references: a signature longer than 100 characters is still the entry's term
    line ("Which function copies a whole directory tree?" was answered "shutil.ignore_patterns", the entry above)."""
    assert _term("Which function copies a whole directory tree?", SIGNATURES, "entire") == "shutil.copytree"
    assert _term("Which class represents a path?", SIGNATURES, "generic class") == "pathlib.PurePath"
    assert _term("Which function makes an ignore callable?", SIGNATURES, "factory") == "shutil.ignore_patterns"


def test_no_term_answers_where_the_question_asks_no_term_or_names_it_or_the_span_is_one():
    assert _term("How much memory can a sort use?", SETTINGS, "four megabytes") is None  # asks for no term
    assert _term("Which setting is work_mem's default?", SETTINGS, "four megabytes") is None  # names the entry
    assert _term("Which option dumps the schema?", OPTIONS, "--schema-only") is None  # the span is the term
    assert _term("Which setting sets the hash memory?", SETTINGS, "work_mem by") is None  # names one: trusted
    prose = "Memory settings.\n\nThe server uses shared memory. Which setting? It is 128MB."
    assert _term("Which setting sets the shared memory?", prose, "128MB") is None  # no entry: prose
    far = "opt_a (integer)\nDescribed here. " + "Filler sentence. " * (TERM_REACH // 17 + 2) + "Far below."
    assert _term("Which option is described far below?", far, "Far below") is None  # too far from its term
    assert _term("Which setting is more sensitive to memory?", SETTINGS, "sensitive") is None  # a later paragraph


@given(st.integers(0, len(OPTIONS) - 1), st.sampled_from(["Which option does it?", "What flag -a gives?"]))
def test_an_entry_term_is_a_name_on_a_term_line_the_quote_grows_to(pos, question):
    """Protects the answer's offsets: the term is one name without spaces, at the start of the line where the
    quote is to begin, and that line is at or above the span."""
    found = entry_term(question, OPTIONS, pos, pos + 1)
    if found is not None:
        start, end, line, line_end, apart, _inline = found
        name = OPTIONS[start:end]
        assert name and not any(c.isspace() for c in name) and (name[0] == "-" or "_" in name or "." in name)
        assert line <= start and OPTIONS[line:start].strip() == "" and line <= pos
        assert "\n" not in OPTIONS[line:line_end] and end <= line_end and not apart


def test_a_candidate_answering_with_its_term_quotes_from_the_term_line():
    """Protects every quote's mark (the answer's and further quotes'): a candidate in a description answers with
    its entry's term, and its quote grows up to the term line so that it holds the span."""
    d = doc(OPTIONS, suffix=".html")
    a = OPTIONS.index("the object definitions")
    line = OPTIONS.index("Dump only the object")
    c = Candidate(hit(d), d, a, a + len("the object definitions"), 1.0, 0.0, line, OPTIONS.index("\n", line), 0.5)
    t = as_term("Which pg_dump option dumps only the schema?", c)
    assert t.text == "-s" and t.quote_start == OPTIONS.index("-s\n") and t.quote_end == c.quote_end
    assert t.quote_start <= t.start < t.end <= t.quote_end
    assert as_term("What does pg_dump dump with this?", c) is c  # asks for no term


# Exim 4.96's spec, chapter 5 "The Exim command line" (ch-the_exim_command_line.html, GPL-2+), as rag reads it: an
# option's line, its arguments repeated ("..."), right over its description; the chunker ended a passage between.
EXIM_COMMAND_LINE = (
    "-Mg <message id> <message id> ...\n"
    "This option requests Exim to give up trying to deliver the listed messages, including any that are frozen.\n\n"
    "-Mrm <message id> <message id> ...\n"
    "This option requests Exim to remove the given messages from the queue. No bounce messages are sent; each "
    "message is simply forgotten."
)


def test_a_term_line_right_above_the_passage_answers_for_its_description():
    """Protects "-Mrm" of "Which option removes messages from the queue without sending bounce messages?", where the
    passage read opens with the description (the reader marked "requests Exim") and "-Mrm <message id> <message id>
    ..." ended the passage before: the term line, its arguments repeated, is no sentence, and a passage reads the
    line right above it."""
    from rag.answer.extent import is_definition_line, line_above

    assert is_definition_line("-Mrm <message id> <message id> ...") and not is_definition_line("and so on ...")
    d = doc(EXIM_COMMAND_LINE, suffix=".html")
    top = EXIM_COMMAND_LINE.index("This option requests Exim to remove")
    assert line_above(EXIM_COMMAND_LINE, top) == EXIM_COMMAND_LINE.index("-Mrm") and line_above("ab", 1) == 1
    a = top + len("This option ")
    c = Candidate(hit(d, top), d, a, a + len("requests Exim"), 1.0, 0.0, top, top + 71, 0.5)
    t = as_term("Which option removes messages from the queue without sending bounce messages?", c)
    assert t.text == "-Mrm" and t.quote_start == EXIM_COMMAND_LINE.index("-Mrm")


# Node.js 18's crypto.html and process.html as rag reads them (MIT licence), and a Markdown API reference: each term
# heads its entry apart, alone between blank lines, over its metadata, parameters and description.
HEADINGS = (
    "crypto.randomInt([min, ]max[, callback])\n\nAdded in: v14.10.0, v12.19.0\n\n"
    "Return a random integer n such that min <= n < max.\n\n"
    "crypto.randomUUID([options])\n\nAdded in: v15.6.0, v14.17.0\n\noptions <Object>\n\n"
    "disableEntropyCache <boolean> By default, to improve performance, Node.js generates and caches enough random "
    "data to generate up to 128 random UUIDs. Default: false.\n\nReturns: <string>\n\n"
    "Generates a random RFC 4122 version 4 UUID. The UUID is generated using a cryptographic pseudorandom number "
    "generator.\n\nprocess.exitCode\n\nAdded in: v0.11.8\n\n<integer>\n\n"
    "A number which will be the process exit code, when the process either exits gracefully, or is exited via "
    "process.exit() without specifying a code.\n\nExamples\n\nThe generator is seeded from the system."
)


def test_a_term_heading_its_entry_apart_answers_for_its_description():
    """Protects answers over API references written as headings (Node.js, Markdown): "Which function of the crypto
    module generates a random version 4 UUID?" was answered "cryptographic pseudorandom number generator" from
    crypto.randomUUID's description, four paragraphs under its signature."""
    q = "Which function of the crypto module generates a random version 4 UUID?"
    assert _term(q, HEADINGS, "cryptographic pseudorandom") == "crypto.randomUUID"
    assert _term("Which function returns a random integer?", HEADINGS, "random integer n") == "crypto.randomInt"
    assert _term("Which property holds the code the process exits with?", HEADINGS, "exit code") == "process.exitCode"
    found = entry_term(q, HEADINGS, HEADINGS.index("cryptographic"), HEADINGS.index("cryptographic") + 5)
    assert found is not None and found.apart and HEADINGS[found.line : found.line_end] == "crypto.randomUUID([options])"


# Cookiecutter 2.1's cli_options.html as rag reads it (BSD-3-Clause): Sphinx writes each option as an empty entry and
# its description as the paragraph after it, with no stop at its end, so that it reads like a section's heading.
COOKIECUTTER_OPTIONS = (
    "Command Line Options\n\n-V, --version\n\nShow the version and exit.\n\n-v, --verbose\n\nPrint debug "
    "information\n\n-o, --output-dir\n\nWhere to output the generated project dir into\n\n--config-file\n\n"
    "User configuration file\n\nExamples\n\nSee the tutorial."
)


def test_a_description_like_a_heading_under_an_option_alone_is_its_entry_s():
    """Protects answers for options whose description reads like a heading: "Overwrite the contents of the output
    directory if it already exists" under "-f, --overwrite-if-exists" had ended the search for its term, and
    Cookiecutter's "Which option overwrites the output directory …?" was answered "cookiecutter.generate" of the
    API's signature."""
    text = COOKIECUTTER_OPTIONS
    assert _term("Which option prints debug information?", text, "debug information") == "-v"
    assert _term("Which option sets where to output the generated project?", text, "output the generated") == "-o"
    assert _term("Which option names the user configuration file?", text, "User configuration") == "--config-file"
    assert _term("Which option shows the tutorial?", text, "the tutorial") is None  # under a section's heading


def test_a_term_heading_answers_only_the_kind_it_names_and_only_its_own_entry():
    """Protects against a heading's term for what it does not head: a signature names a function, not an option
    (the option is in its parameters); a bare name names a property, not a function; a prose heading ends an
    entry ("Examples"); a question naming the entry asks what its description says."""
    assert _term("Which option turns off the UUID cache?", HEADINGS, "By default, to improve") is None
    assert _term("Which function holds the code the process exits with?", HEADINGS, "exit code") is None
    assert _term("Which function seeds the generator?", HEADINGS, "seeded") is None  # under "Examples"
    assert _term("Which function does crypto.randomUUID call?", HEADINGS, "cryptographic pseudorandom") is None
    far = "util.far(x)\n\n" + "Filler sentence.\n\n" * (HEADING_REACH // 18 + 2) + "Far below."
    assert _term("Which function is described far below?", far, "Far below") is None  # too far from its heading


# BIND 9.18's reference.html (MPL-2.0) as rag reads it: each statement's name right over its fields.
FIELDED = (
    "listen-on\nGrammar: listen-on [ port <integer> ] { <address_match_element>; ... };\n\nBlocks: options\n\n"
    "Tags: server\n\nSpecifies the IPv4 addresses on which a server listens for DNS queries.\n\n"
    "listen-on-v6\nGrammar: listen-on-v6 [ port <integer> ] { <address_match_element>; ... };\n\n"
    "Blocks: options\n\nTags: server\n\nSpecifies the IPv6 addresses on which a server listens for DNS queries.\n"
)


def test_a_name_over_its_fields_heads_its_entry():
    """A name of words joined by hyphens, right over "Grammar:", "Blocks:" and "Tags:" lines (no section headings)."""
    assert _term("Which option specifies the IPv4 addresses?", FIELDED, "IPv4 addresses") == "listen-on"
    assert _term("Which option specifies the IPv6 addresses?", FIELDED, "IPv6 addresses") == "listen-on-v6"
    assert _term("Which function specifies the IPv6 addresses?", FIELDED, "IPv6 addresses") is None  # no signature


def test_a_term_heading_answer_quotes_the_heading_then_the_description():
    """Protects quotes that never run across a blank line: the answer's quote is the term heading alone, with the
    term marked, and the description the reader read is the next quote, its span marked."""
    d = doc(HEADINGS, suffix=".html")
    a = HEADINGS.index("cryptographic pseudorandom number generator")
    line = HEADINGS.index("Generates a random RFC")
    end = HEADINGS.index("\n", line)
    c = Candidate(hit(d), d, a, a + len("cryptographic pseudorandom number generator"), 2.0, 0.0, line, end, 0.6)
    other = Candidate(hit(d), d, line + 20, line + 24, 1.0, 0.0, line, end, 0.6)  # the same sentence: not again
    x = np.zeros((2, len(RANK_FEATURES)))
    x[:, 0] = [1.0, 0.5]  # span_score: c first
    settings = span_score_settings()
    q = "Which function of the crypto module generates a random version 4 UUID?"
    ans = reader_answer(q, [c.hit], [c, other], x, settings, 0.5)
    assert ans.found and ans.text == "crypto.randomUUID"
    assert [qt.text for qt in ans.quotes] == ["crypto.randomUUID([options])", HEADINGS[line:end]]
    assert ans.quotes[1].span is not None and ans.quotes[1].span.text == "cryptographic pseudorandom number generator"


@given(
    st.integers(0, len(HEADINGS) - 1),
    st.sampled_from(["Which function does it?", "Which property is it?", "What does crypto.randomInt return?"]),
)
def test_a_term_heading_is_a_name_on_a_lone_line_at_or_above_the_span(pos, question):
    """Protects the offsets of a heading's term: one name without spaces, on a line standing alone at or above
    the span, at most HEADING_REACH above it, and the quote (that line) holds the name."""
    found = entry_term(question, HEADINGS, pos, pos + 1)
    if found is not None:
        name = HEADINGS[found.start : found.end]
        assert name and not any(c.isspace() for c in name) and "." in name
        assert found.line <= found.start < found.end <= found.line_end and found.line <= pos
        assert "\n" not in HEADINGS[found.line : found.line_end] and pos - found.line <= HEADING_REACH
        assert HEADINGS[found.line - 2 : found.line] in ("", "\n\n") and HEADINGS[found.line_end :][:2] in ("", "\n\n")
        assert found.apart and name.lower() not in named_terms(question)


# requests' api.html as rag reads it (python-requests-doc, Apache License 2.0): exceptions as signatures.
EXCEPTIONS = (
    "exception requests.ConnectTimeout(*args, **kwargs)\n"
    "The request timed out while trying to connect to the remote server.\n\n"
    "exception requests.ReadTimeout(*args, **kwargs)\n"
    "The server did not send any data in the allotted amount of time.\n\n"
    "json(**kwargs)\n"
    "Returns the json-encoded content of a response, if any."
)


def test_a_bare_name_may_ask_for_a_signatures_entry_unless_called_something_else():
    """Protects "What does ReadTimeout mean?" on requests' API reference: its entry's term line is the signature
    "exception requests.ReadTimeout(*args, **kwargs)", which no line starting with the bare name heads. A name the
    question calls a parameter, an option or a variable ("When is the json parameter ignored?") is no callable's."""
    names = bare_names("What does ReadTimeout mean?", [EXCEPTIONS], KNOWN)
    assert names == {"readtimeout"}
    called = callable_names("What does ReadTimeout mean?", names)
    assert called == names
    got = asked_regions(EXCEPTIONS, 0, len(EXCEPTIONS), set(), names, called)
    assert [EXCEPTIONS[a:b] for a, b in got] == [EXCEPTIONS.split("\n\n")[1]]
    assert asked_regions(EXCEPTIONS, 0, len(EXCEPTIONS), set(), names) == []  # not called: a bare line only
    assert callable_names("When is the json parameter ignored?", frozenset({"json"})) == set()
    assert callable_names("What does the option globstar do?", frozenset({"globstar"})) == set()


def test_a_texinfo_label_names_a_bare_terms_kind():
    """GNU Texinfo writes a definition's category before its name ("Variable: CFLAGS", "User Option: …"); a label
    of another kind of word is no term line's ("Note: this")."""
    assert bare_name("Variable: CFLAGS") == "cflags" and bare_name("User Option: fill-column") is None
    assert bare_name("User Option: indent_tabs") == "indent_tabs" and bare_name("Note: this") is None
    assert kinds_called("What does the CFLAGS variable hold?", "cflags") == {"variable"}
    assert kinds_called("What does CFLAGS hold?", "cflags") == set()
    assert called_names("What does the CFLAGS variable hold?") == {"cflags"}  # what the lookup reads as a term
    assert called_names("What does CFLAGS hold?") == set()
    # an owner before the kind that names its term after it: not "cmp" of "the cmp option --print-bytes"
    assert called_names("What does the cmp option --print-bytes do?") == set()
    assert called_kinds("What does the cmp option --print-bytes do?") == {"option"}


def test_a_terms_own_line_is_its_name_with_notes_or_its_signature():
    own = term_line({"histsize", "requests.head", "cflags", "ac_init"})
    for line in ("HISTSIZE", "HISTSIZE <S>", "requests.head(url, **kwargs)", "  class x.requests.head()"):
        assert own.fullmatch(line), line
    for line in ("Variable: CFLAGS", "Macro: AC_INIT (package, version, [bug-report])"):  # GNU Texinfo's
        assert own.fullmatch(line), line
    for line in (">>> r = requests.head(url)", "HISTSIZE is 500.", "requests.head('https://x', null,"):
        assert not own.search(line), line


def test_code_is_no_entry_of_the_names_it_calls():
    """Protects CMake's manual: "What is the default CMAKE_INSTALL_PREFIX on UNIX?" was answered "CACHE PATH", from
    an example's "  set(CMAKE_INSTALL_PREFIX "/my/default" CACHE PATH "..." FORCE)" read as that variable's entry,
    and "What does the add_subdirectory command do?" from a tutorial's "  add_subdirectory(MathFunctions)". A named
    term's line names it before any bracket; in HTML, whose lines are blocks, an indented line is code."""
    example = 'if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)\nset(CMAKE_INSTALL_PREFIX "/my/default" CACHE PATH "")'
    assert asked_regions(example, 0, len(example), {"cmake_install_prefix"}, frozenset()) == []
    tutorial = "if(USE_MYMATH)\n  add_subdirectory(MathFunctions)\n  list(APPEND EXTRA_LIBS MathFunctions)\nendif()"
    asked = {"add_subdirectory"}
    assert asked_regions(tutorial, 0, len(tutorial), asked, frozenset(), blocks=True) == []
    assert asked_regions(tutorial, 0, len(tutorial), asked, frozenset())  # a text file indents its entries
    got = asked_regions(SETTINGS, 0, len(SETTINGS), {"work_mem"}, frozenset(), blocks=True)
    assert SETTINGS[got[0][0] : got[0][1]].startswith("work_mem (integer)\nSets the base maximum")


def test_a_page_titled_with_the_term_is_its_entry():
    """Protects CMake's manual, a page per term titled with its name, its text apart from the heading (which no
    term line heads): "What does the OUTPUT_NAME property set?" was answered from FindMatlab's OUTPUT_NAME
    argument; OUTPUT_NAME's own page is that property's entry. A bare name's is not: SQuAD titles its articles so
    ("Huguenot")."""
    own = doc("OUTPUT_NAME\n\nOutput name for target files.\n\nThis sets the base name for output files.", "o.html")
    own = own.model_copy(update={"title": "OUTPUT_NAME"})
    other = doc("OUTPUT_NAME\nif given, overrides the default name.", "FindMatlab.html")
    assert passage_entries(own, 0, len(own.text), {"output_name"}, frozenset(), frozenset()) == [(0, len(own.text))]
    assert passage_entries(own, 0, len(own.text), {"cxx_standard"}, frozenset(), frozenset()) == []
    article = doc("The Huguenots were French Protestants.", "h").model_copy(update={"title": "Huguenot"})
    assert passage_entries(article, 0, len(article.text), set(), frozenset({"huguenot"}), frozenset()) == []
    assert passage_entries(other, 0, len(other.text), {"output_name"}, frozenset(), frozenset()) == [
        (0, len(other.text))
    ]  # a term line's entry, as before


# Apache Ant's manual, Tasks/copy.html (ant-doc 1.10, Apache License 2.0): a task's attributes as a table, each row
# read after its column names ("Attribute: force | Description: … | Required: …").
COPY_ATTRIBUTES = [
    ("file", "The file to copy.", "Yes, unless a nested resource collection element is used"),
    (
        "preservelastmodified",
        "Give the copied files the same last modified time as the original source files.",
        "No; defaults to false",
    ),
    (
        "tofile",
        "The file to copy to. Prior to Apache Ant 1.8.2, the tofile attribute only supported file resources to copy from.",
        "With the file attribute, either tofile or todir can be used. With nested resource collection elements, if the number of included resources is greater than 1, or if only the dir attribute is specified in the <fileset>, or if the file attribute is also specified, then only todir is allowed.",
    ),
    ("todir", "The directory to copy to.", ""),
    ("overwrite", "Overwrite existing files even if the destination files are newer.", "No; defaults to false"),
    ("force", "Overwrite read-only destination files. since Ant 1.8.2", "No; defaults to false"),
    (
        "filtering",
        "Indicates whether token filtering using the global build-file filters should take place during the copy. Note: Nested <filterset> elements will always be used, even if this attribute is not specified, or its value is false, no, or off.",
        "No; defaults to false",
    ),
    (
        "flatten",
        "Ignore the directory structure of the source files, and copy all files into the directory specified by the todir attribute. Note that you can achieve the same effect by using a flatten mapper.",
        "No; defaults to false",
    ),
    ("includeEmptyDirs", "Copy any empty directories included in the FileSet(s).", "No; defaults to true"),
    (
        "failonerror",
        "If false, log a warning message, but do not stop the build, when the file to copy does not exist or one of the nested filesets points to a directory that doesn't exist or an error occurs while copying.",
        "No; defaults to true",
    ),
    (
        "quiet",
        "If true and failonerror is false, then do not log a warning message when the file to copy does not exist or one of the nested filesets points to a directory that doesn't exist or an error occurs while copying. since Ant 1.8.3.",
        "No; defaults to false",
    ),
    ("verbose", "Log the files that are being copied.", "No; defaults to false"),
    (
        "encoding",
        "The encoding to assume when filter-copying the files. since Ant 1.5.",
        "No; defaults to default JVM character encoding",
    ),
    (
        "outputencoding",
        "The encoding to use when writing the files. since Ant 1.6.",
        "No; defaults to encoding if set or default JVM character encoding otherwise",
    ),
    (
        "enablemultiplemappings",
        "If true the task will process to all the mappings for a given source path. If false the task will only process the first file or directory. This attribute is only relevant if there is a mapper subelement. since Ant 1.6.",
        "No; defaults to false",
    ),
    (
        "granularity",
        "The number of milliseconds leeway to give before deciding a file is out of date. This is needed because not every file system supports tracking the last modified time to the millisecond level. This can also be useful if source and target files live on separate machines with clocks being out of sync. since Ant 1.6.2.",
        "No; default is 1 second, or 2 seconds on DOS systems",
    ),
]


def test_a_name_the_question_calls_a_term_is_read_in_its_tables_row():
    """A plain word the question calls by its kind, after "the" ("the force attribute"), names a term, and a
    reference table's row whose first cell is it, after its column's name, is its entry. "Which copy attribute …?"
    calls none: "copy" names the attribute's owner."""
    assert called_names("Since which Ant version does the force attribute of copy exist?") == {"force"}
    assert called_names("What does the option globstar do?") == {"globstar"}
    # the one word whose default a question asks, ending it, however plain (Mutt's "timeout", "delete")
    assert called_names("What is the default value of timeout?") == {"timeout"}
    assert called_names("What is the default for the move variable?") == {"move"}
    assert called_names("What is the default timeout of the server?") == set()
    assert called_names("What does the copy task's overwrite attribute do?") == {"overwrite"}  # after its owner's
    assert called_names("Which copy attribute overwrites read-only destination files?") == set()
    rows = "\n".join(f"Attribute: {a} | Description: {d} | Required: {r}" for a, d, r in COPY_ATTRIBUTES)
    got = asked_regions(rows, 0, len(rows), set(), frozenset({"force"}))
    assert [rows[a:b] for a, b in got] == [next(line for line in rows.split("\n") if "force |" in line)]


def test_a_tables_row_naming_the_term_among_its_aliases_is_its_entry():
    """A key cell may name its term among others ("-l, --list" of psql's options, "javac or modern" of Ant's
    compilers): the row is the entry of each of them, and of no word that is only part of one."""
    text = "Option | Meaning\n-l, --list | List all available databases.\njavac or modern | The standard compiler."
    for terms in ({"--list"}, {"-l"}):
        got = asked_regions(text, 0, len(text), terms, frozenset())
        assert [text[a:b] for a, b in got] == ["-l, --list | List all available databases."]
    got = asked_regions(text, 0, len(text), {"modern"}, frozenset())
    assert [text[a:b] for a, b in got] == ["javac or modern | The standard compiler."]
    assert asked_regions(text, 0, len(text), {"list", "--lis"}, frozenset()) == []


def test_a_named_terms_line_with_its_description_after_a_dash_is_its_entry():
    """A list of settings writes each entry on one line ("$SYSTEMD_FSTAB — if set, use this path …"): that line is
    the named term's entry; a bare name's is not ("postqueue - Postfix queue control", a manual page's NAME line,
    for "Which postqueue option lists the mail queue?")."""
    text = "$SYSTEMD_OFFLINE=[0|1] — if set to 1, …\n$SYSTEMD_FSTAB — if set, use this path.\nSYSTEMD_LOG: the level."
    got = asked_regions(text, 0, len(text), {"systemd_fstab", "systemd_log"}, frozenset())
    assert [text[a:b] for a, b in got] == ["$SYSTEMD_FSTAB — if set, use this path.\nSYSTEMD_LOG: the level."]
    man = "NAME\n       postqueue - Postfix queue control\n\nSYNOPSIS\n       postqueue -p"
    assert asked_regions(man, 0, len(man), set(), frozenset({"postqueue"})) == []


def test_ask_answers_from_the_asked_attributes_row(tmp_path, embedder, write_files):
    """Protects "Since which Ant version does the force attribute of copy exist?" on Ant's manual: it was answered
    "Ant 1.8.3", the quiet attribute's version, quoted from quiet's row; the force attribute's row answers."""
    from rag.index import Index

    head = "<tr><th>Attribute</th><th>Description</th><th>Required</th></tr>"
    body = "".join(
        f"<tr><td>{a}</td><td>{html.escape(d)}</td><td>{html.escape(r)}</td></tr>" for a, d, r in COPY_ATTRIBUTES
    )
    page = f"<html><body><h1>Copy</h1><h3>Parameters</h3><table>{head}{body}</table></body></html>"
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"copy.html": page})])
    ans = index.ask("Since which Ant version does the force attribute of copy exist?", threshold=0.0)
    assert "1.8.2" in ans.text and ans.quotes[0].text.startswith("Attribute: force |"), (ans.text, ans.quotes[0].text)


# HAProxy 2.6's configuration.html (GPL-2.0-or-later), as rag reads it: a keyword of plain words heads its entry apart,
# with the places of its arguments, then its description.
KEYWORDS = (
    "See section 7 about ACL usage.\n\nretries <value>\n\nSet the number of retries to perform on a server after a "
    "failure\n\nMay be used in sections :\n\ndefaults | frontend | listen | backend\n\nArguments :\n\n<value>   is the "
    "number of times a request or connection attempt should be\n          retried on a server after a failure.\n\n"
    "pool-purge-delay <delay>\n\nSets the delay to start purging idle connections. Each <delay> interval, half\nof "
    "the idle connections are closed. 0 means we don't keep any idle connection.\nThe default is 5s."
)
# Node.js 18's api/async_hooks.html (MIT), as rag reads it: a callback's parameter is written alike, under its
# signature, and is no heading of its own.
PARAMETER = (
    "after(asyncId)\n\nasyncId <number>\n\nCalled immediately after the callback specified in before is completed.\n\n"
    "new SourceMap(payload)\n\npayload <Object>\n\nCreates a new sourceMap instance.\n\n"
    "Added in: v0.11.4\n\nstore <any>\n\nTransitions into the context for the remainder of the execution."
)


def test_a_keyword_of_plain_words_with_its_places_heads_its_entry():
    """Protects "Which keyword sets the number of retries to perform on a server after a failure?" over HAProxy's
    manual: the reader marked "<value>" of "retries <value>", and "pool-purge-delay" heads its entry as "retries" does;
    a parameter of a signature above it, written alike, heads none."""
    question = "Which keyword sets the number of retries to perform on a server after a failure?"
    assert _term(question, KEYWORDS, "<value>") == "retries"  # the heading's, as the reader marked it
    assert (
        _term("Which keyword sets the delay to start purging idle connections?", KEYWORDS, "5s") == "pool-purge-delay"
    )
    for heading in ("retries <value>", "pool-purge-delay <delay>"):
        at = KEYWORDS.index(heading)
        assert plain_heading(KEYWORDS, at, at + len(heading))
    for parameter in ("asyncId <number>", "payload <Object>", "store <any>"):
        at = PARAMETER.index(parameter)
        assert not plain_heading(PARAMETER, at, at + len(parameter)), parameter
    assert _term("Which function is called after the callback?", PARAMETER, "Called immediately") != "asyncId"


# Django 3.2's django-admin.html (BSD-3-Clause) as rag reads it: each command headed by its name, then its synopsis,
# each apart, over its description; and git's git-commit.html, whose name line says what it does after a dash.
COMMANDS = (
    "Available commands\n\ncheck\n\ndjango-admin check [app_label [app_label ...]]\n\nUses the system check "
    "framework to inspect the entire Django project for common problems.\n\n--tag TAGS, -t TAGS\n\nThe system check "
    "framework performs many different types of checks.\n\nflush\n\ndjango-admin flush\n\nRemoves all data from the "
    "database and re-executes any post-synchronization handlers.\n\nNAME\n\ngit-commit - Record changes to the "
    "repository\n\nStores the current contents of the index in a new commit."
)


def test_a_commands_synopsis_heads_its_entry_for_a_question_asking_for_a_command():
    """Protects "Which command uses the system check framework to inspect the project for common problems?" over
    Django's manual: the reader answered "Django" of check's description, under its synopsis. A synopsis heads the
    entry of a command only, not an option's or a function's; a manual page's name line heads none."""
    question = "Which command uses the system check framework to inspect the project for common problems?"
    assert _term(question, COMMANDS, "Django") == "django-admin check"
    assert _term("Which command removes all data from the database?", COMMANDS, "all data") == "django-admin flush"
    assert _term("Which option uses the system check framework?", COMMANDS, "Django") is None
    assert _term("Which function uses the system check framework?", COMMANDS, "Django") is None
    assert _term("Which command records changes to the repository?", COMMANDS, "current contents") is None
    assert synopsis_name("django-admin sqlmigrate app_label migration_name") == len("django-admin sqlmigrate")
    assert synopsis_name("git commit --amend") == len("git commit")
    for line in ("git-commit - Record changes to the repository", "retries <value>", "tune.bufsize <number>",
                 "Available commands", "check"):  # fmt: skip
        assert synopsis_name(line) is None, line


# HAProxy 2.6's management.html (GPL-2.0-or-later): command line options, what each does after " : ", wrapped.
COMMAND_LINE = (
    "  -c : only performs a check of the configuration files and exits before trying\n"
    "    to bind. The exit status is zero if everything is OK, or non-zero if an\n    error is encountered.\n\n"
    '  -sf <pid>* : send the "finish" signal (SIGUSR1) to older processes after boot\n    completion to ask them to '
    "finish what they are doing and to leave.\n"
    "  --timeout duration                     IO idle timeout (default 5m0s)\n"
    "  --tpslimit float                       Limit HTTP transactions per second to this.\n"
)


@pytest.mark.parametrize(
    ("fragment", "line"),
    [
        ("check", "-c : only performs a check of the configuration files and exits before trying\n    to bind."),
        (
            "older",
            '-sf <pid>* : send the "finish" signal (SIGUSR1) to older processes after boot\n    completion to '
            "ask them to finish what they are doing and to leave.",
        ),
        ("idle", "--timeout duration                     IO idle timeout (default 5m0s)"),  # rclone's: no stop
    ],
)
def test_an_option_line_may_say_what_it_does_after_a_colon_and_wrap(fragment, line):
    """Protects "Which command line option only checks the configuration files and exits?" over HAProxy's manual:
    "-c : only performs …" is an option's line, and its quote is its first sentence, over the line that wraps it
    (not cut at "before trying")."""
    found = option_line(COMMAND_LINE, COMMAND_LINE.index(fragment))
    assert found is not None and COMMAND_LINE[found[2] : found[3]] == line


# Python 3.11's exceptions.html and Requests 2.28's api.html (PSF licence; Apache-2.0): Sphinx writes an exception
# without its arguments, and a property without any, its domain's keyword before the name.
SPHINX = (
    "exception KeyError\nRaised when a mapping (dictionary) key is not found in the set of existing keys.\n\n"
    "property ok\nReturns True if status_code is less than 400, False if not."
)


def test_a_name_its_sphinx_keyword_leads_is_a_term_line_and_the_keyword_no_part_of_the_name():
    """Protects "Which exception is raised when a key is not found in a dictionary?" over Python's manual: the
    reader's "KeyError" had abstained, "exception KeyError" being no term line of the entry its description is."""
    from rag.answer.extent import is_definition_line

    assert is_definition_line("exception KeyError") and is_definition_line("property ok")
    assert not is_definition_line("class action lawsuits") and not is_definition_line("function of time")
    at = SPHINX.index("Raised when")
    term = entry_term("Which exception is raised when a key is not found?", SPHINX, at, at + len("Raised"))
    assert term is not None and SPHINX[term.start : term.end] == "KeyError"
    from rag.answer.extent import trim_layout

    assert trim_layout(SPHINX, 0, len("exception KeyError")) == (len("exception "), len("exception KeyError"))
    assert trim_layout(SPHINX, 0, len("exception")) == (len("exception"), len("exception"))  # its kind alone: nothing
    loader = "class jinja2.FileSystemLoader(searchpath, encoding='utf-8')\nLoad templates from a directory."  # Jinja's
    assert trim_layout(loader, 0, len("class jinja2.FileSystemLoader")) == (
        len("class "),
        len("class jinja2.FileSystemLoader"),
    )
    at = SPHINX.index("Returns True")
    term = entry_term("Which property returns True if the status code is below 400?", SPHINX, at, at + 7)
    assert term is not None and SPHINX[term.start : term.end] == "ok"


# PostgreSQL 15's sql-createindex.html (PostgreSQL License): its parameters, SQL keywords in capitals, each over its
# description.
CREATE_INDEX = (
    "UNIQUE\nCauses the system to check for duplicate values in the table when the index is created.\n\n"
    "CONCURRENTLY\nWhen this option is used, PostgreSQL will build the index without taking any locks that prevent "
    "concurrent inserts, updates, or deletes on the table.\n\nNOTE\nThis is an admonition, not a parameter."
)


def test_a_term_line_in_capitals_is_a_term_whatever_word_it_is():
    """Protects "Which option of CREATE INDEX builds the index without locking out writes?": "CONCURRENTLY" is an
    English word the reader's vocabulary holds, yet as a line in capitals over its description, a keyword's entry;
    the reader's "PostgreSQL" had answered. An admonition's label in capitals heads no entry."""
    question = "Which option of CREATE INDEX builds the index without locking out writes?"
    at = CREATE_INDEX.index("PostgreSQL will")
    term = entry_term(question, CREATE_INDEX, at, at + len("PostgreSQL"))
    assert term is not None and CREATE_INDEX[term.start : term.end] == "CONCURRENTLY"
    at = CREATE_INDEX.index("This is an admonition")
    assert entry_term("Which option is an admonition?", CREATE_INDEX, at, at + 4) is None


def test_a_config_value_and_an_ini_sections_setting_are_terms():
    """Protects "What does the TESTING config value do?" over Flask's configuration page (the plain word in capitals
    is a term when the question calls it a config value: its entry is read) and coverage.py's "[run] timid", a
    setting's line that its section's label leads."""
    assert called_names("What does the TESTING config value do?") == {"testing"}
    assert kinds_called("What does the TESTING config value do?", "testing") == {"config"}
    own = term_line({"timid", "directory"})
    assert own.match("[run] timid") and own.match("[html] directory") and not own.match("[run] timid is slow")
    assert not own.match("[run]timid") and not own.match("[run] [html] timid")


def test_an_option_of_one_digit_beside_its_long_name_is_its_entrys_term():
    """Protects "Which ntpd option forces IPv6 DNS name resolution?" over NTPsec 1.2's ntpd.html (BSD-2-Clause):
    "-6, --ipv6" was no term, and the reader answered "ipv4" of another program's page."""
    text = "-4, --ipv4\nForce IPv4 DNS name resolution.\n\n-6, --ipv6\nForce IPv6 DNS name resolution.\n"
    at = text.index("Force IPv6")
    term = entry_term("Which ntpd option forces IPv6 DNS name resolution?", text, at, at + 30, sentence=True)
    assert term is not None and text[term.start : term.end] == "-6"
    prose = "It was -4 degrees, -6 at night.\nCold.\n"  # a number, no option
    assert entry_term("Which option is cold?", prose, prose.index("Cold"), len(prose) - 1, sentence=True) is None


# Black 23.1's blackd page (MIT) as rag reads it: the headers blackd reads, each labelling what it does.
HEADERS = (
    "X-Line-Length: corresponds to the –line-length command line flag.\n\n"
    "X-Diff: corresponds to the –diff command line flag. If present, a diff of the formats will be output.\n\n"
    "Note: blackd is intended for local use only."
)


def test_a_line_a_code_like_name_labels_is_its_entry():
    """Protects "Which header makes blackd output a diff of the formats?": the reader had answered "command line
    flag", and no entry was read to weigh."""
    assert _term("Which header makes blackd output a diff of the formats?", HEADERS, "a diff of") == "X-Diff"
    assert _term("Which header sets the line length?", HEADERS, "corresponds to the –line") == "X-Line-Length"
    assert _term("Which header is for local use?", HEADERS, "intended") is None  # "Note" is no code-like name
    assert _term("What does X-Diff output?", HEADERS, "a diff of") is None  # asks for no term
    # a sentence the label opens, read whole (as `worded.worded_entry` reads each): Cookiecutter's user config
    settings = "cookiecutters_dir: Directory where your cookiecutters are cloned to.\nreplay_dir: Directory where …"
    q = "Which setting is the directory where cookiecutters are cloned to?"
    found = entry_term(q, settings, 0, settings.index("\n"), sentence=True)
    assert found is not None and settings[found.start : found.end] == "cookiecutters_dir"
    assert entry_term(q, settings, 0, len("cookiecutters_dir")) is None  # the label itself, as a span: no entry


# lxml 4.9's parsing.html (BSD-3-Clause) as rag reads it: XMLParser's keyword arguments, one to a line after a dash
PARSER_OPTIONS = (
    "remove_comments - discard comments\n"
    "compact - use compact storage for short text content (on by default)\n"
    "collect_ids - collect XML IDs in a hash table while parsing (on by default). Disabling this can substantially "
    "speed up parsing of documents with many different IDs if the hash lookup is not used afterwards.\n"
)


def test_a_line_a_code_like_name_opens_with_a_dash_is_its_entry():
    """Protects lxml's "Which XMLParser keyword can I switch off to make parsing faster?": the reader's span "hash"
    was answered with the list's first line's "remove_comments", and each line is its own name's entry."""
    q = "Which XMLParser keyword can I switch off to make parsing faster?"
    assert _term(q, PARSER_OPTIONS, "Disabling this") == "collect_ids"
    assert _term(q, PARSER_OPTIONS, "hash") == "collect_ids"
    assert _term(q, PARSER_OPTIONS, "discard") == "remove_comments"
    prose = "Note - this is prose, and so - by the way - is this."
    assert labelled_line(prose, prose.index("prose")) is None  # "Note" is no code-like name
    assert labelled_line(PARSER_OPTIONS, PARSER_OPTIONS.index("short text")) is None  # nor is "compact"
    sphinx = "decimal_quantization – Truncate and round high-precision numbers to the format pattern."
    assert labelled_line(sphinx, sphinx.index("Truncate")) is None  # a parameter's line: `rows.parameter_rows`'


def test_a_name_in_camel_case_in_a_description_is_another_term_not_the_entry_s():
    """Protects SQLObject's "Which cache lookup method should I use instead because it is safer?": the reader's
    "tryGet" of get()'s description was answered with the entry's own "get"."""
    cache = "get(id)\nThis method can cause deadlocks! tryGet is safer\n\nput(id, obj)\nStores obj.\n"
    q = "Which cache lookup method should I use instead because it is safer?"
    assert _term(q, cache, "tryGet") is None
    assert _term(q, cache, "deadlocks") == "get"  # a word of the description: the entry's term


def test_a_line_a_plain_name_labels_with_its_type_is_its_entry():
    """Protects PyMongo's "Which MongoClient option sets an application name that the server writes to its log …?",
    answered "MongoDB 3.4" of the description of MongoClient's "appname" option; prose's label has no type."""
    options = (
        "waitQueueMultiple: (integer or None) Multiplied by maxPoolSize. Defaults to None (no limit).\n"
        "appname: (string or None) The name of the application that created this MongoClient instance. MongoDB 3.4 "
        "and newer will print this value in the server log upon establishing each connection.\n"
        "Note: (see above) this is prose.\n"
    )
    q = "Which MongoClient option sets an application name that the server writes to its log?"
    assert _term(q, options, "MongoDB 3.4") == "appname"
    assert _term("Which option is prose?", options, "this is prose") is None


# psycopg2 2.9's pool.html as rag reads it (LGPL-3.0): Sphinx's ".. note::" under a class's first paragraph.
POOL = (
    "class psycopg2.pool.SimpleConnectionPool(minconn, maxconn, *args, **kwargs)\n"
    "A connection pool that can’t be shared across different threads.\n\nNote\n\n"
    "This pool class is useful only for single-threaded applications.\n\n"
    "class psycopg2.pool.ThreadedConnectionPool(minconn, maxconn, *args, **kwargs)\n"
    "A connection pool that works with the threading module.\n\nNote\n\n"
    "This pool class can be safely used in multi-threaded applications.\n\nSee the pool module for more."
)


def test_a_note_under_an_entry_s_first_paragraph_describes_its_term():
    """Protects "Which psycopg2.pool class can I safely share between several threads?", answered "multi-threaded
    applications" of the note: the class answers, its line quoted alone (a quote never runs across blank lines)."""
    at = POOL.index("multi-threaded")
    term = entry_term("Which psycopg2.pool class can I safely share between threads?", POOL, at, at + 14)
    assert term is not None and POOL[term.start : term.end] == "psycopg2.pool.ThreadedConnectionPool"
    assert term.apart and POOL[term.line : term.line_end].startswith("class psycopg2.pool.ThreadedConnectionPool(")
    assert describing(POOL, POOL.index("See the pool")) is None  # no note's: prose below the entry
    assert asked_kinds("Which psycopg2.pool class can I share?") == {"psycopg2.pool", "clas"}  # a dotted word
