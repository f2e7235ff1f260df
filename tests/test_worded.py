"""A question asking for a term by what it does is answered by the entry whose description says so in its words,
whether the reader answered with another entry's term or with that one: not otherwise."""

from __future__ import annotations

from dataclasses import replace

from records import doc, hit, idf_share

from rag.answer.answers import question_overlap
from rag.answer.candidates import Candidate
from rag.answer.entries import entry_term, kind_words
from rag.answer.worded import adjacent_pairs, worded_default, worded_entry
from rag.retrieve.sparse import SparseIndex

# FFmpeg 5.1's ffmpeg.html (LGPL 2.1+): the reader answered "-n" for "Which ffmpeg option overwrites output files
# without asking?", whose entry "Do not overwrite output files" shares three of its words.
OPTIONS = (
    "-f fmt (input/output)\nForce input or output file format. The format is normally auto detected for input files "
    "and guessed from the file extension for output files, so this option is not needed in most cases.\n\n"
    "-i url (input)\ninput file url\n\n-y (global)\nOverwrite output files without asking.\n\n"
    "-n (global)\nDo not overwrite output files, and exit immediately if a specified output file already exists."
)
PAGE = (
    "<html><body><dl>"
    + "".join(
        f"<dt>{entry.split(chr(10))[0]}</dt><dd>{entry.split(chr(10))[1]}</dd>" for entry in OPTIONS.split("\n\n")
    )
    + "</dl></body></html>"
)
QUESTION = "Which ffmpeg option overwrites output files without asking?"


def candidate(text: str, span: str, quote: str) -> Candidate:
    d = doc(text, "ffmpeg.html", suffix=".html")
    h = hit(d)
    start, q_start = text.index(span), text.index(quote)
    return Candidate(h, d, start, start + len(span), 5.0, 0.0, q_start, q_start + len(quote), 0.5)


# The rest of a manual, as idf sees it: "ffmpeg" and "option" are common words in it.
BACKGROUND = [f"The ffmpeg option -x{i} sets parameter {i} of the encoder for the stream." for i in range(30)]


def overlap(question: str):
    texts = OPTIONS.split("\n\n") + BACKGROUND
    return question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))


def test_the_entry_in_the_questions_words_answers_for_the_readers():
    n = candidate(OPTIONS, "-n", "-n (global)\nDo not overwrite output files, and exit immediately")
    got = worded_entry(QUESTION, [n], 0, n, overlap(QUESTION))
    assert got is not None and got.text == "-y"
    assert OPTIONS[got.quote_start : got.quote_end] == "-y (global)\nOverwrite output files without asking."


def test_a_worded_answer_is_as_confident_as_such_answers_are_right():
    """Protects `AnswerSettings.worded_confidence`: an answer chosen by the entry in the question's words does not
    abstain for a reader unsure of its own span (right names had abstained at confidences of 0.06-0.25), and says
    so (`Answer.basis`); the reader's own answer keeps the reader's confidence."""
    import numpy as np
    from records import span_score_settings

    from rag.answer.answers import reader_answer
    from rag.answer.candidates import RANK_FEATURES

    n = candidate(OPTIONS, "-n", "-n (global)\nDo not overwrite output files, and exit immediately")
    x = np.zeros((1, len(RANK_FEATURES)))
    unsure = span_score_settings().model_copy(update={"confidence_bias": -5.0, "worded_confidence": 0.8})
    ans = reader_answer(QUESTION, [n.hit], [n], x, unsure, 0.5, overlap(QUESTION))
    assert (ans.found, ans.text, ans.basis, ans.confidence) == (True, "-y", "worded", 0.8)
    plain = "What happens to output files without asking?"  # asks for no term: the reader's answer and confidence
    read = reader_answer(plain, [n.hit], [n], x, unsure, 0.5, overlap(plain))
    assert (read.found, read.text, read.basis) == (False, "", "reader") and read.confidence < 0.01


# Apache 2.4's mod_filter.html (Apache License 2.0), as rag reads it: each directive headed apart over its table.
FILTERS = (
    "FilterChain Directive\n\nDescription: | Configure the filter chain\nSyntax: | FilterChain [+=-@!]filter-name "
    "...\n\nThis configures an actual filter chain, from declared filters. The FilterChain directive builds a filter "
    "chain from smart filters declared, offering the flexibility to insert filters at the beginning or end of the "
    "chain, remove a filter, or clear the chain.\n\nFilterDeclare Directive\n\nDescription: | Declare a smart "
    "filter\nSyntax: | FilterDeclare filter-name [type]\n\nThis directive declares an output filter together with "
    "a header or environment variable that will determine runtime configuration."
)


def test_an_entry_worded_as_well_and_closer_answers_for_the_readers():
    """Protects "Which directive declares a smart filter?" on Apache's manual: the reader's "FilterChain" is quoted by
    a sentence holding every word of the question too ("… a filter chain from smart filters declared, …"), but
    FilterDeclare's description says it closer, in the question's adjacent words ("Declare a smart filter"). Where
    the reader's own entry says it closest ("… from declared filters"), that entry answers: the reader's answer."""
    d = doc(FILTERS, "mod_filter.html", suffix=".html")
    prose, declare = FILTERS.index("This configures"), FILTERS.index("FilterDeclare Directive")
    at, q_at = FILTERS.index("FilterChain directive builds"), FILTERS.index("The FilterChain directive builds")
    chain = hit(d, prose, declare)  # a passage of FilterChain's prose, its heading in the passage before
    reader = Candidate(chain, d, at, at + len("FilterChain"), 5.0, 0.0, q_at, FILTERS.index(" chain.") + 7, 0.5)
    other = Candidate(hit(d, declare, rank=2), d, declare, declare + 13, 1.0, 0.0, declare, declare + 23, 0.5)
    texts = [*FILTERS.split("\n\n"), *BACKGROUND]
    sparse = SparseIndex.from_texts(texts, list(range(len(texts))))
    for question, answer in [
        ("Which directive declares a smart filter?", "FilterDeclare"),
        ("Which directive declares filters?", "FilterChain"),
    ]:
        overlap = question_overlap(question, sparse, kind_words(question))
        got = worded_entry(question, [reader, other], 0, reader, overlap)
        assert got is not None and got.text == answer, question
        assert FILTERS[got.quote_start : got.quote_end] == f"{answer} Directive"  # headed apart: the heading alone
    # a pair is adjacent in one line: not a heading's last word and the next line's first ("Directive" / "Set")
    assert adjacent_pairs("Which directive sets the maximum?", "DBDKeep Directive\nSet the maximum") == 1


def test_the_readers_answer_stands_when_it_is_worded_as_well_or_asks_no_term():
    y = candidate(OPTIONS, "-y", "-y (global)\nOverwrite output files without asking.")
    same = worded_entry(QUESTION, [y], 0, y, overlap(QUESTION))  # the same entry: the reader's answer, as worded
    assert same is not None and (same.start, same.end, same.quote_start, same.quote_end) == (
        y.start, y.end, y.quote_start, y.quote_end,
    )  # fmt: skip
    question = "Which ffmpeg option does not overwrite output files?"
    n = candidate(OPTIONS, "-n", "-n (global)\nDo not overwrite output files, and exit immediately")
    own = worded_entry(question, [n], 0, n, overlap(question))  # its own entry: -y's is no better worded
    assert own is not None and own.text == "-n"
    plain = "What happens to output files without asking?"
    assert worded_entry(plain, [n], 0, n, overlap(plain)) is None  # asks for no term


# Django 3.2's django-admin.html (BSD-3-Clause): runserver's options, each headed apart over what it does.
RUNSERVER = (
    "--noreload\n\nDisables the auto-reloader. This means any Python code changes you make while the server is "
    "running will not take effect.\n\n--nothreading\n\nDisables use of threading in the development server."
)


def test_the_readers_own_term_in_the_questions_words_is_as_sure_as_a_worded_answer():
    """Protects "Which runserver option disables the auto-reloader?" over Django's manual: the reader answered
    "--noreload", quoting its heading alone, at a confidence (0.14) that abstained; its entry's words agree, so the
    answer is as sure as a worded one. A reader's answer its entry does not word so keeps the reader's confidence."""
    import numpy as np
    from records import span_score_settings

    from rag.answer.answers import reader_answer
    from rag.answer.candidates import RANK_FEATURES

    d = doc(RUNSERVER, "django-admin.html", suffix=".html")
    reader = Candidate(hit(d), d, 0, 10, 5.0, 0.0, 0, 10, 0.5)  # "--noreload", quoted alone
    texts = [*RUNSERVER.split("\n\n"), *BACKGROUND]
    sparse = SparseIndex.from_texts(texts, list(range(len(texts))))
    unsure = span_score_settings().model_copy(update={"confidence_bias": -5.0, "worded_confidence": 0.8})
    x = np.zeros((1, len(RANK_FEATURES)))
    question = "Which runserver option disables the auto-reloader?"
    ans = reader_answer(question, [reader.hit], [reader], x, unsure, 0.5, question_overlap(question, sparse))
    assert (ans.found, ans.text, ans.basis, ans.confidence) == (True, "--noreload", "worded", 0.8)
    other = "Which runserver option serves static files?"  # not what its entry says: the reader's
    read = reader_answer(other, [reader.hit], [reader], x, unsure, 0.5, question_overlap(other, sparse))
    assert (read.found, read.basis) == (False, "reader")


def test_ask_answers_with_the_worded_entry(tmp_path, embedder, write_files, capsys):
    """The answer, and the CLI's line saying what chose it (`Answer.basis`)."""
    from rag.index import Index
    from rag.ui.printing import print_answer

    index = Index.open(tmp_path / "index", embedder=embedder)
    pages = {f"encoder{i}.html": f"<p>{text}</p>" for i, text in enumerate(BACKGROUND)}
    index.add([write_files(tmp_path / "docs", {"ffmpeg.html": PAGE, **pages})])
    ans = index.ask(QUESTION, threshold=0.0)
    assert (ans.text, ans.basis) == ("-y", "worded"), [q.text for q in ans.quotes]
    assert ans.quotes[0].text == "-y (global)\nOverwrite output files without asking."
    print_answer(ans)
    assert capsys.readouterr().out.splitlines()[-1].endswith("; chosen by the entry in the question's words)")


# Apache Ant 1.10's running.html (Apache License 2.0): its options summary, a <pre> block of help text, as rag reads
# it: each line an option, its aliases and placeholder, then what it does after two spaces or more.
SUMMARY = (
    "Options:\n  -help, -h              print this message and exit\n"
    "  -version               print the version information and exit\n"
    "  -quiet, -q             be extra quiet\n  -logfile <file>        use given file for log"
)


def test_an_option_lists_line_is_its_options_entry():
    """Protects "Which option prints the version information of Ant and exits?": the reader's "-h", of the line
    before, stood, as no term line heads such a line's description."""
    version = SUMMARY.index("print the version")
    h = candidate(SUMMARY, "-h", "-help, -h              print this message and exit")
    question = "Which option prints the version information of Ant and exits?"
    got = worded_entry(question, [h, replace(h, start=version, end=version + 9)], 0, h, overlap(question))
    assert got is not None and got.text == "-version"
    assert SUMMARY[got.quote_start : got.quote_end] == "-version               print the version information and exit"
    log = SUMMARY.index("use given file")
    assert _term("Which option sets the file to log to?", SUMMARY, log) == "-logfile"  # a placeholder after it
    assert _term("What does -version print?", SUMMARY, version) is None  # asks no term


def _term(question: str, text: str, at: int) -> str | None:
    found = entry_term(question, text, at, at + 3)
    return None if found is None else text[found.start : found.end]


# Postfix 3.7's postqueue.1.html and postsuper.1.html (IBM Public Licence 1.0 / EPL 2.0) as rag reads them: a manual
# page's options, each its entry; the question names the page's command, which the page's title holds.
POSTQUEUE = (
    "DESCRIPTION\n       The postqueue(1) command implements the Postfix user interface for queue management.\n\n"
    "       -f     Flush the queue: attempt to deliver all queued mail.\n\n"
    "       -p     Produce a traditional sendmail-style queue listing.  This option\n"
    "              implements the traditional mailq command, by contacting the Postfix\n              showq(8) daemon.\n"
)
POSTSUPER = (
    "       By default, postsuper(1) performs the operations requested with the  -s\n"
    "       and  -p  command-line  options  on all Postfix queue directories.\n"
)


def test_the_entrys_page_title_counts_with_its_words():
    """Protects "Which postqueue option lists the mail queue?" on Postfix's manual pages: the reader answered
    "Postfix" from postsuper(1)'s page, and postqueue(1)'s "-p" entry, whose words hold "queue" and "listing" but
    whose page's title alone names postqueue, fell short of the share it takes to answer instead."""
    question = "Which postqueue option lists the mail queue?"
    background = [f"The mail option -x{i} renames file {i} of the spool." for i in range(30)]
    queues = [f"The queue manager moves message {i} to the active queue." for i in range(8)]  # as Postfix's pages do
    texts = [*POSTQUEUE.split("\n\n"), POSTSUPER, *background, *queues]
    share = question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))
    postsuper = doc(POSTSUPER, "postsuper.1", suffix=".html").model_copy(
        update={"title": "Postfix manual - postsuper(1)"}
    )
    at = POSTSUPER.index("Postfix")
    best = Candidate(hit(postsuper), postsuper, at, at + 7, 5.0, 0.0, 0, len(POSTSUPER.rstrip()), 0.5)
    for title, answer in (("Postfix manual - postqueue(1)", "-p"), ("Postfix manual", None)):
        page = doc(POSTQUEUE, "postqueue.1", suffix=".html").model_copy(update={"title": title})
        at = POSTQUEUE.index("sendmail-style")
        other = Candidate(hit(page), page, at, at + 14, 1.0, 0.0, POSTQUEUE.index("-p"), at + 30, 0.5)
        got = worded_entry(question, [best, other], 0, best, share)
        assert (got and got.text) == answer, title


# restic 0.14's forget page (BSD-2-Clause) as rag reads it: its policy options, each a list item and a paragraph, the
# option and its placeholder, then what it keeps after one space.
POLICY = (
    "The forget command accepts the following policy options:\n\n"
    "--keep-last n keep the n last (most recent) snapshots.\n\n"
    "--keep-hourly n for the last n hours which have one or more snapshots, keep only the most recent one for each "
    "hour.\n\n"
    "--keep-daily n for the last n days which have one or more snapshots, keep only the most recent one for each "
    "day.\n\n"
    "--keep-tag keep all snapshots which have all tags specified by this option (can be specified multiple times)."
)


def test_an_options_list_item_is_its_entry_and_the_closest_worded_answers():
    """Protects "Which option keeps the n most recent snapshots?" over restic's list: the reader answered
    "--keep-tag"; an item is its option's entry beside other such items (not a paragraph alone), the question's
    "which" is no word an entry should hold (--keep-daily's "days which have"), and of entries worded as well the
    shorter answers."""
    question = "Which option keeps the n most recent snapshots?"
    texts = [*POLICY.split("\n\n"), *BACKGROUND]
    share = question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))
    tag = candidate(POLICY, "--keep-tag", POLICY.split("\n\n")[-1])
    got = worded_entry(question, [tag], 0, tag, share)
    assert got is not None and got.text == "--keep-last"
    assert POLICY[got.quote_start : got.quote_end] == "--keep-last n keep the n last (most recent) snapshots."
    lone = "Some prose above.\n\n--keep-last n keep the n last snapshots.\n\nMore prose below."
    assert _term(question, lone, lone.index("keep the")) is None  # an option starting a paragraph alone
    first = "--keep-last n keep the n last snapshots.\n\nMore prose below."
    assert _term(question, first, first.index("keep the")) is None  # the text's first line: no neighbour of its own


def test_a_question_word_is_no_share_of_the_question():
    texts = [*POLICY.split("\n\n"), *BACKGROUND]
    share = question_overlap("Which snapshots?", SparseIndex.from_texts(texts, list(range(len(texts)))))
    assert share("which") == 0.0 and share("snapshots") == 1.0


# BORG_KEYS_DIR in borg's man_intro page (borgbackup-doc, BSD-3-Clause): a variable's entry, its default stated.
KEYS_DIR = "BORG_KEYS_DIR\nDefaults to $BORG_CONFIG_DIR/keys. This directory contains keys for encrypted repositories."


def test_a_default_asked_for_is_not_the_name_of_the_entry_stating_it():
    """Protects "Which directory contains keys for encrypted repositories by default?": the answer is the default
    the entry states, not the variable whose entry says so."""
    value = candidate(KEYS_DIR, "$BORG_CONFIG_DIR/keys", "Defaults to $BORG_CONFIG_DIR/keys.")
    texts = [KEYS_DIR, *BACKGROUND]
    question = "Which directory contains keys for encrypted repositories by default?"
    share = question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))
    assert worded_entry(question, [value], 0, value, share) is None
    plain = "Which variable names the directory that contains keys for encrypted repositories?"  # asks the name
    share = question_overlap(plain, SparseIndex.from_texts(texts, list(range(len(texts)))))
    got = worded_entry(plain, [value], 0, value, share)
    assert got is not None and got.text == "BORG_KEYS_DIR"


# rclone 1.60's MANUAL.md (MIT): a command's flags as its help text lists them, a line each with its own default.
FLAGS = (
    "```\n"
    "      --multi-thread-cutoff SizeSuffix       Use multi-thread downloads for files above this size (default 250Mi)\n"
    "      --multi-thread-streams int             Max number of streams to use for multi-thread downloads (default 4)\n"
    "      --no-check-certificate                 Do not verify the server SSL certificate (insecure)\n"
    "```\n\n"
    "The default is to run 8 checkers in parallel."
)
FLAG_BACKGROUND = [f"The --flag-{i} flag sets the size of buffer {i} for each transfer." for i in range(30)]


def _flag(
    question: str,
    span: str,
    quote: str,
    text: str = FLAGS,
    name: str = "MANUAL",
    background: list[str] = FLAG_BACKGROUND,
) -> str | None:
    d = doc(text, name, suffix=".md")
    at, q_at = text.index(span), text.index(quote)
    reader = Candidate(hit(d), d, at, at + len(span), 5.0, 0.0, q_at, q_at + len(quote), 0.5)
    texts = [*text.split("\n"), *background]
    got = worded_default(question, reader, reader, idf_share(question, texts), [(hit(d), d)])
    return None if got is None else f"{got.text} | {text[got.quote_start : got.quote_end].strip()}"


def test_the_default_of_the_line_in_the_questions_words_answers():
    """Protects "What is the default maximum number of streams for multi thread downloads?" over rclone's flags: the
    reader answered "250Mi" of the line above, whose words are fewer of the question's."""
    question = "What is the default maximum number of streams for multi thread downloads?"
    cutoff = FLAGS.split("\n")[1].strip()
    assert _flag(question, "250Mi", cutoff) == f"4 | {FLAGS.split(chr(10))[2].strip()}"
    assert _flag(question, "4", FLAGS.split("\n")[2].strip()) is None  # the reader's already
    checkers = "How many checkers does rclone run in parallel by default?"
    assert _flag(checkers, "8", "The default is to run 8 checkers in parallel.") is None  # its cut of the value
    assert _flag("Which flag sets the streams for multi thread downloads?", "250Mi", cutoff) is None  # no default


# PostgreSQL 15's runtime-config-resource.html (PostgreSQL Licence): each setting's default stated in prose, which
# need not name the setting, while another's may ("… twice the usual work_mem base amount").
SETTINGS = (
    "work_mem (integer)\nSets the base maximum amount of memory to be used by a query operation (such as a sort or "
    "hash table) before writing to temporary disk files. The default value is four megabytes (4MB).\n\n"
    "hash_mem_multiplier (floating point)\nUsed to compute the maximum amount of memory that hash-based operations "
    "can use. The default value is 2.0, which makes hash-based operations use twice the usual work_mem base amount."
)


def test_a_default_stated_in_prose_is_worded_only_in_its_entry_s_first_paragraph_as_its_term_s():
    """Protects "What is the default work_mem?": hash_mem_multiplier's sentence names work_mem, and its default
    is not work_mem's. Prose counts where an entry's first paragraph states its own term's default
    (`named_defaults.own_defaults`), its words the term line's and the description's first sentence's: "four
    megabytes" for "… the maximum amount of memory used by a query operation", where the reader read "2.0"."""
    question = "What is the default work_mem?"
    four = "The default value is four megabytes (4MB)."
    hash_mem = SETTINGS[SETTINGS.index("The default value is 2.0") :]
    assert _flag(question, "four megabytes (4MB)", four, SETTINGS) == f"four megabytes | {four}"  # the value alone
    assert _flag(question, "2.0", hash_mem, SETTINGS) is None  # hash_mem_multiplier's says no more of work_mem
    worded = "What is the default maximum amount of memory used by a query operation?"
    assert _flag(worded, "2.0", hash_mem, SETTINGS) == f"four megabytes | {four}"


# rclone 1.60's MANUAL.md (MIT): `rclone mount`'s flags, two lines alike but for what they set the permissions of.
PERMS = (
    "```\n"
    "      --dir-perms FileMode                     Directory permissions (default 0777)\n"
    "      --file-perms FileMode                    File permissions (default 0666)\n"
    "```"
)
PERMS_BACKGROUND = [f"rclone mount reads file {i} of the remote as it is asked for." for i in range(30)]


def test_of_lines_worded_alike_the_one_holding_the_questions_word_pairs_answers():
    """Protects "What are the default file permissions of rclone mount?": "file" is in both lines (in "FileMode")
    and nearly every line of the manual, so both cover the question alike; "File permissions" holds the
    question's own pair of words, and the reader's "0777" of the directory line gives way to "0666"."""
    assert adjacent_pairs("What are the default file permissions?", "File permissions (default 0666)") == 1
    assert adjacent_pairs("What are the default file permissions?", "Directory permissions (default 0777)") == 0
    question = "What are the default file permissions of rclone mount?"
    dirs, files = (line.strip() for line in PERMS.split("\n")[1:3])
    assert _flag(question, "0777", dirs, PERMS, background=PERMS_BACKGROUND) == f"0666 | {files}"
    assert _flag(question, "0666", files, PERMS, background=PERMS_BACKGROUND) is None  # the reader's already
    directories = "What are the default directory permissions of rclone mount?"
    assert _flag(directories, "0777", dirs, PERMS, background=PERMS_BACKGROUND) is None


# HAProxy 2.6's management.html (GPL-2.0-or-later): its command line options, each with what it does after " : ".
MANAGEMENT = (
    "  -D : start as a daemon. The process detaches from the current terminal after\n"
    "    forking, and errors are not reported anymore in the terminal.\n\n"
    "  -p <file> : write all processes' pids into <file> during startup. This is\n"
    '    equivalent to the "global" section\'s keyword "pidfile".'
)
PIDFILE = 'pidfile <pidfile>\n\nWrite the PIDs of all daemons into file <pidfile>. This option is\nequivalent to the "-p" command line argument.'


def test_the_kind_of_term_asked_is_no_share_of_the_question():
    """Protects "Which command line option starts haproxy as a daemon?": "command" and "option" name the kind of
    term asked, which every entry is, so they weigh nothing; the reader's "-p" of a sentence saying only that
    ("… equivalent to the "-p" command line argument") gives way to "-D : start as a daemon."."""
    question = "Which command line option starts haproxy as a daemon?"
    assert kind_words(question) == ["command", "option"]
    texts = [*MANAGEMENT.split("\n\n"), PIDFILE, *(f"HAProxy {text}" for text in BACKGROUND)]
    sparse = SparseIndex.from_texts(texts, list(range(len(texts))))
    d, p = doc(MANAGEMENT, "management.html", suffix=".html"), doc(PIDFILE, "configuration.html", suffix=".html")
    d, p = d.model_copy(update={"title": "HAProxy Management Guide"}), p.model_copy(update={"title": "HAProxy"})
    at, q_at = PIDFILE.index('"-p"') + 1, PIDFILE.index("This option")
    reader = Candidate(hit(p), p, at, at + 2, 5.0, 0.0, q_at, len(PIDFILE), 0.5)
    daemon = MANAGEMENT.index("start as")
    described = Candidate(hit(d), d, daemon, daemon + 5, 1.0, 0.0, daemon, daemon + 20, 0.5)
    got = worded_entry(
        question, [reader, described], 0, reader, question_overlap(question, sparse, kind_words(question))
    )
    assert got is not None and got.text == "-D"
    assert MANAGEMENT[got.quote_start : got.quote_end] == "-D : start as a daemon."
    assert worded_entry(question, [reader, described], 0, reader, question_overlap(question, sparse)) is None


def test_the_default_of_the_parameter_headed_in_the_questions_words_answers():
    """Protects "What is the default maximum number of sessions supported by imtcp?" over rsyslog's parameters, each
    headed apart over its metadata: the reader read MaxListeners' entry ("20"); MaxSessions' heading and description
    hold the question's words, and its metadata's default answers, quoted by its row."""
    from test_headed import PARAMETERS

    question = "What is the default maximum number of sessions supported by imtcp?"
    row = next(line for line in PARAMETERS.split("\n") if "default: 20 " in line)
    got = _flag(question, "20", row, PARAMETERS, "imtcp", background=PERMS_BACKGROUND)
    assert got == f"200 | {next(line for line in PARAMETERS.split(chr(10)) if 'default: 200 ' in line)}"
    listeners = "What is the default maximum number of listeners supported by imtcp?"
    # the reader's own answer, the value worded so, stands, as sure as a worded value
    assert _flag(listeners, "20", row, PARAMETERS, "imtcp", background=PERMS_BACKGROUND) == f"20 | {row}"


# Django 3.2's sessions.html and settings.html (BSD-3-Clause), as one page: a method stating its default as a
# setting's name, and that setting's entry stating its value, each under "… the age of session cookies, in seconds."
COOKIE_AGE = (
    "get_session_cookie_age()\n\nReturns the age of session cookies, in seconds. Defaults to SESSION_COOKIE_AGE.\n\n"
    "SESSION_COOKIE_AGE\n\nDefault: 1209600 (2 weeks, in seconds)\n\nThe age of session cookies, in seconds.\n\n"
    "SESSION_COOKIE_NAME\n\nDefault: 'sessionid'\n\nThe name of the cookie to use for sessions."
)


def test_of_defaults_worded_alike_a_value_answers_over_another_terms_name():
    """Protects "What is the default age of session cookies?" over Django's manual: it had been answered
    "SESSION_COOKIE_AGE" (of "Defaults to SESSION_COOKIE_AGE."), the setting whose entry states the value."""
    question = "What is the default age of session cookies?"
    background = [f"Django stores session {i} of the user in the database table." for i in range(30)]
    got = _flag(question, "sessionid", "Default: 'sessionid'", COOKIE_AGE, "settings", background)
    assert got == "1209600 | Default: 1209600 (2 weeks, in seconds)"


def test_an_option_line_short_enough_to_be_a_term_line_is_an_entry_too():
    """Protects "Which option is a shortcut for --capture=no?" over pytest's help text: "-s   Shortcut for
    --capture=no" is short and code-like enough to be a term line, yet what it does is beside it."""
    from test_answer_logic import HELP

    d = doc(HELP, "reference", suffix=".html")
    at, line = HELP.index("tee-sys"), HELP.split("\n")[0].strip()
    reader = Candidate(hit(d), d, at, at + 7, 5.0, 0.0, HELP.index(line), HELP.index(line) + len(line), 0.5)
    question = "Which option is a shortcut for --capture=no?"
    texts = [*HELP.split("\n"), *BACKGROUND]
    got = worded_entry(question, [reader], 0, reader, idf_share(question, texts))
    assert got is not None and got.text == "-s"
    assert HELP[got.quote_start : got.quote_end] == "-s                    Shortcut for --capture=no"


# Requests 2.28's api.html (Apache-2.0): Session's attributes, each a bare name over its description.
SESSION = (
    "hooks\nEvent-handling hooks.\n\nmax_redirects\nMaximum number of redirects allowed. If the request exceeds this "
    "limit, a TooManyRedirects exception is raised. This defaults to requests.models.DEFAULT_REDIRECT_LIMIT, which is "
    "30.\n\nstream\nStream response content default. Defaults to the value of the session."
)


def test_an_entry_s_own_prose_default_in_the_question_s_words_answers_with_its_value():
    """Protects "What is the default maximum number of redirects allowed for a session?": the reader had abstained
    on "Event-handling hooks." The value is the constant's ("30"), never a holder of one ("the value of …")."""
    limit = SESSION[SESSION.index("This defaults") : SESSION.index("30.") + 3]
    question = "What is the default maximum number of redirects allowed for a session?"
    assert _flag(question, "Event-handling hooks", "Event-handling hooks.", SESSION, "api") == f"30 | {limit}"
    streamed = "What is the default for streaming response content?"
    assert _flag(streamed, "Event-handling hooks", "Event-handling hooks.", SESSION, "api") is None


# cachelib 0.9's file.html (BSD-3-Clause) as rag reads it: each parameter's line states its own default.
CACHE_PARAMETERS = (
    "class cachelib.file.FileSystemCache(cache_dir, threshold=500, default_timeout=300, mode=None)\n"
    "A cache that stores the items on the file system.\n\nParameters\n\n"
    "cache_dir (str) – the directory where cache files are stored.\n\n"
    "mode (Optional[int]) – the file mode wanted for the cache files, default 0600\n\n"
    "hash_method (Any) – Default hashlib.md5. The hash method used to generate the filename for cached results.\n"
)


def test_a_parameter_s_line_in_the_question_s_words_answers_with_its_default():
    """Protects "What is the default file mode for the cache files?", which the reader answered "hashlib.md5" of the
    line below."""
    question = "What is the default file mode for the cache files?"
    hashed = "hash_method (Any) – Default hashlib.md5."
    mode = "mode (Optional[int]) – the file mode wanted for the cache files, default 0600"
    background = [f"The cache backend {i} stores items in the server's memory." for i in range(30)]
    assert _flag(question, "hashlib.md5", hashed, CACHE_PARAMETERS, "file", background) == f"0600 | {mode}"


# Flask 2.2's config.html (BSD-3-Clause) as rag reads it: each builtin configuration value over its description.
CONFIG = (
    "TESTING\nEnable testing mode. Exceptions are propagated rather than handled by the the app’s error handlers.\n"
    "Default: False\n\n"
    "SECRET_KEY\nA secret key that will be used for securely signing the session cookie and can be used for any "
    "other security related needs by extensions or your application.\nDefault: None\n\n"
    "SESSION_COOKIE_NAME\nThe name of the session cookie. Can be changed in case you already have a cookie with the "
    "same name.\nDefault: 'session'"
)


def test_a_config_value_asked_for_is_a_term_asked_for():
    """Protects "Which config value sets the secret key used to sign the session cookie?", which the reader answered
    with a shell command of the page: "config" named no kind of term, so no entry was worded."""
    question = "Which config value sets the secret key used to sign the session cookie?"
    name = candidate(CONFIG, "SESSION_COOKIE_NAME", "SESSION_COOKIE_NAME\nThe name of the session cookie.")
    texts = [*CONFIG.split("\n\n"), *BACKGROUND]
    got = worded_entry(question, [name], 0, name, idf_share(question, texts))
    assert got is not None and got.text == "SECRET_KEY"


def test_the_term_a_question_names_is_never_its_worded_answer():
    """HAProxy's "Which command-line argument is equivalent to maxconn?" had been answered "maxconn", whose entry
    holds the question's words ("It is equivalent to the command-line argument "-n"."), where the reader had "-n"."""
    text = (
        "maxconn <number>\nSets the maximum per-process number of concurrent connections to <number>. It is "
        'equivalent to the command-line argument "-n".\n\nnbthread <number>\nMakes HAProxy run on <number> threads.'
    )
    n = candidate(text, "-n", 'It is equivalent to the command-line argument "-n".')
    question = "Which command-line argument is equivalent to maxconn?"
    got = worded_entry(question, [n], 0, n, overlap(question))
    assert got is None or got.text == "-n"


# lighttpd 1.4's configuration.txt (BSD-3-Clause) as rag reads it: each option's name over its indented description,
# and a "Default:" line of its own closing its entry, paragraphs below.
LIGHTTPD = (
    "server.max-request-size\n  maximum size in kbytes of the request (header + body). Only applies to POST\n"
    "  requests.\n\n  Default: 2097152 (2GB)\n\nserver.max-worker\n  number of worker processes to spawn. This is "
    "usually only needed on servers\n  which are fairly loaded and the network handler calls delay often.\n\n"
    "  Default: 0\n\nserver.name\n  name of the server/virtual server\n\n  Default: hostname\n"
)


def test_the_default_line_closing_the_entry_in_the_questions_words_answers():
    """Protects "What is the default number of worker processes?" on lighttpd's manual: the reader quoted the
    request size's "Default: 2097152 (2GB)" and abstained."""
    question = "What is the default number of worker processes?"
    background = [f"The module {i} handles requests for the server." for i in range(30)]
    said = _flag(question, "2097152", "Default: 2097152 (2GB)", LIGHTTPD, "configuration", background)
    assert said == "0 | Default: 0"
    assert _flag("What is the default server name?", "0", "Default: 0", LIGHTTPD, "configuration", background) == (
        "hostname | Default: hostname"
    )


def test_the_readers_own_cut_of_the_worded_default_is_as_sure_as_it():
    """Protects "What is the default image format of the ImageFormatter?" on Pygments' formatters page: the reader
    found "PNG" of "“PNG” (default)", listed under image_format's description, and its confidence alone abstained;
    the entry's words agree with it, and it answers as a worded default does."""
    text = (
        "image_format\nAn image format to output to that is recognised by PIL, these include:\n\n“PNG” (default)\n\n"
        "“JPEG”\n\nline_pad\nThe extra spacing (in pixels) between each line of text.\n\nDefault: 2"
    )
    background = [f"The formatter {i} writes tokens to the output file." for i in range(30)]
    question = "What is the default image format of the ImageFormatter?"
    assert _flag(question, "PNG", "“PNG” (default)", text, "formatters", background) == "PNG | “PNG” (default)"


# coverage.py 6.5's config.html and cmd.html (Apache-2.0), as rag reads them: settings headed apart, their type and
# default opening their description; a command's help, its value wrapped onto the line below "Defaults to".
COVERAGE = (
    "[report] sort\n\n(string, default “Name”) Sort the text report by the named column.\n\n[html] directory\n\n"
    "(string, default “htmlcov”) Where to write the HTML report files.\n\n[html] title\n\n(string, default "
    "“Coverage report”) The title to use for the report.\n\n"
    "  --data-file=DATAFILE  Base name of the data files to operate on. Defaults to\n"
    "                        '.coverage'. [env: COVERAGE_FILE]\n"
    "  --rcfile=RCFILE       Specify configuration file. By default '.coveragerc',\n"
    "                        'setup.cfg', 'tox.ini', and 'pyproject.toml' are tried.\n\n"
    "By default it will measure line (statement) coverage.\n"
)
COVERAGE_BACKGROUND = [f"The report of run {i} lists the files measured and their coverage." for i in range(30)]


def test_the_default_a_settings_type_note_states_answers_for_its_heading():
    """Protects "What is the default HTML report directory of coverage.py?": the reader answered "measure line" of
    another page's "By default it will measure line (statement) coverage." (0.29)."""
    question = "What is the default HTML report directory of coverage.py?"
    line = "By default it will measure line (statement) coverage."
    got = _flag(question, "measure line", line, COVERAGE, "config", COVERAGE_BACKGROUND)
    assert got == "htmlcov | (string, default “htmlcov”) Where to write the HTML report files."
    sort = _flag("What is the default sort column of the text report?", "measure line", line, COVERAGE, "config")
    assert sort is not None and sort.startswith("Name | (string, default “Name”)")


def test_a_default_wrapped_onto_the_next_line_answers_with_its_options_line():
    """Protects "What is the default name of the coverage data file?": the reader answered ".coveragerc" of the
    configuration file's option below (0.40)."""
    question = "What is the default name of the coverage data file?"
    got = _flag(question, ".coveragerc", "By default '.coveragerc',", COVERAGE, "cmd", COVERAGE_BACKGROUND)
    assert got == "'.coverage' | --data-file=DATAFILE  Base name of the data files to operate on. Defaults to\n" + (
        " " * 24 + "'.coverage'. [env: COVERAGE_FILE]"
    )


def test_a_flag_asked_for_is_a_command_lines_option_not_a_setting():
    """Protects "Which flag measures the Python standard library?": the reader's "-L (or --pylib)" stands, not the
    setting "[run] cover_pylib", whose description holds the question's words."""
    text = (
        "[run] cover_pylib\n\n(boolean, default False) Whether to measure the Python standard library.\n\n"
        "If you want to measure that code as well as your own, add the -L (or --pylib) flag.\n"
    )
    reader = candidate(text, "-L (or --pylib)", "If you want to measure that code as well as your own, add the -L")
    for kind, expected in (("flag", None), ("setting", "cover_pylib")):
        question = f"Which {kind} measures the Python standard library?"
        got = worded_entry(question, [reader], 0, reader, idf_share(question, [text, *COVERAGE_BACKGROUND]))
        assert (got.text if got else None) == expected


def test_an_exception_described_in_the_questions_words_answers_though_its_sentence_names_a_term():
    """Protects "Which exception is raised if a signature timestamp is older than max_age?" over ItsDangerous'
    exceptions.html (BSD-3-Clause): the description names max_age, and a sentence naming a term had been read as a
    reader's span naming another entry's, so SignatureExpired's entry was never weighed."""
    text = (
        "exception itsdangerous.exc.BadTimeSignature(message, payload=None, date_signed=None)\nRaised if a "
        "time-based signature is invalid. This is a subclass of BadSignature.\n\n"
        "exception itsdangerous.exc.SignatureExpired(message, payload=None, date_signed=None)\nRaised if a "
        "signature timestamp is older than max_age. This is a subclass of BadTimeSignature.\n\n"
        "loads(s, max_age=None, return_timestamp=False, salt=None)\nReverse of dumps(), raises BadSignature if the "
        "signature validation fails.\n"
    )
    reader = candidate(text, "BadSignature", "Reverse of dumps(), raises BadSignature if the signature validation")
    question = "Which exception is raised if a signature timestamp is older than max_age?"
    background = [f"The signer {i} signs a value and checks its signature." for i in range(30)]
    got = worded_entry(question, [reader], 0, reader, idf_share(question, [*text.split("\n"), *background]))
    assert got is not None and got.text == "itsdangerous.exc.SignatureExpired"


def test_the_entry_of_the_callable_the_question_names_by_its_short_name_is_not_the_answer():
    """humanfriendly 10's api.html (MIT): "Which keyword argument keeps binary multiples of bytes in format_size?"
    was answered "humanfriendly.format_size" (worded, 0.92): the question names it, and asks for its argument."""
    text = (
        "humanfriendly.format_size(num_bytes, keep_width=False, binary=False)\n"
        "Format a byte count as a human readable file size, in binary multiples of bytes when binary is true.\n\n"
        "humanfriendly.format_length(num_metres, keep_width=False)\nFormat a metre count as a human readable length."
    )
    question = "Which keyword argument keeps binary multiples of bytes in format_size?"
    reader = candidate(text, "num_metres", "humanfriendly.format_length(num_metres, keep_width=False)")
    texts = text.split("\n") + BACKGROUND
    share = question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))
    got = worded_entry(question, [reader], 0, reader, share)
    assert got is None or got.text != "humanfriendly.format_size"
