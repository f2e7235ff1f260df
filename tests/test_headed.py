"""A term's entry headed apart says what the term does below its metadata: "What does X do?" is answered there."""

from __future__ import annotations

from records import doc, hit

from rag.answer.headed import asked_row, description, headed_answer
from rag.answer.headings import placed_name
from rag.answer.named import heading_name
from rag.answer.prose import is_prose
from rag.answer.stated import heading_default
from rag.answer.terms import asked_names
from rag.embed.model import known_words

# Apache HTTP Server 2.4's mod/core.html (Apache License 2.0), as rag reads it.
APACHE = (
    "See also\n\nMaxKeepAliveRequests\n\nKeepAliveTimeout Directive\n\n"
    "Description: | Amount of time the server will wait for subsequent requests on a persistent connection\n"
    "Syntax: | KeepAliveTimeout num[ms]\nDefault: | KeepAliveTimeout 5\nContext: | server config, virtual host\n"
    "Status: | Core\nModule: | core\n\n"
    "The number of seconds Apache httpd will wait for a subsequent request before closing the connection. By "
    "adding a postfix of ms the timeout can be also set in milliseconds.\n\n"
    "If KeepAliveTimeout is not set for a name-based virtual host, the value of the first defined virtual host "
    "best matching the local IP and port will be used.\n\n"
    "<Limit> Directive\n\nDescription: | Restrict enclosed access controls to only certain HTTP methods\n"
)
# Node.js 18's fs.html (MIT) and FFmpeg's Doxygen dict.h reference (LGPL), as rag reads them.
NODE = (
    "fs.existsSync(path)\n\nHistory\n\nVersion | Changes\nVersion: v0.1.21 | Changes: Added in: v0.1.21\n\n"
    "path {string|Buffer|URL}\nReturns: <boolean>\n\nReturns true if the path exists, false otherwise.\n\n"
    "For detailed information, see the documentation of the asynchronous version of this API: fs.exists().\n\n"
    "fs.fchmodSync(fd, mode)\n\nAdded in: v0.4.7\n\nfd <integer>\nmode {string|integer}\n\n"
    "Sets the permissions on the file. Returns undefined.\n"
)
DOXYGEN = (
    "av_dict_set_int()\n\nint av_dict_set_int | ( | AVDictionary ** | pm,\n| | const char * | key,\n| )\n\n"
    "Convenience wrapper for av_dict_set that converts the value to a string and stores it.\n\n"
    "Note: If AV_DICT_DONT_STRDUP_KEY is set, key will be freed on error.\n"
)


def described(text: str, heading: str) -> tuple[str, str] | None:
    at = text.index(heading) + len(heading)
    said = description(text, at)
    return None if said is None else (text[said[0] : said[1]], text[said[2] : said[3]])


def test_a_heading_names_its_entrys_term_alone_with_its_kind_or_as_a_signature():
    assert heading_name("KeepAliveTimeout Directive") == "keepalivetimeout"
    assert heading_name("fs.existsSync(path)") == "fs.existssync"
    assert heading_name("Class: fs.Dir") == "fs.dir"
    assert heading_name("av_dict_set_int()") == "av_dict_set_int"
    assert heading_name("Configuring the server") is None  # a heading of prose
    assert heading_name("See also") is None
    assert heading_name("2024") is None


def test_a_description_row_is_what_the_term_does():
    assert described(APACHE, "KeepAliveTimeout Directive") == (
        "Amount of time the server will wait for subsequent requests on a persistent connection",
        "Description: | Amount of time the server will wait for subsequent requests on a persistent connection",
    )


def test_else_the_first_prose_below_metadata_signature_and_parameters():
    sentence = "Returns true if the path exists, false otherwise."
    assert described(NODE, "fs.existsSync(path)") == (sentence, sentence)
    assert described(NODE, "fs.fchmodSync(fd, mode)")[0] == "Sets the permissions on the file."
    wrapper = "Convenience wrapper for av_dict_set that converts the value to a string and stores it."
    assert described(DOXYGEN, "av_dict_set_int()") == (wrapper, wrapper)


def test_a_call_alone_in_an_example_heads_no_entry():
    """Python 3.11's shutil.html (PSF licence): an example's last line stands alone, then the next section's
    heading and its prose; "New in version 3.2." had answered "What does shutil.rmtree do?"."""
    example = (
        "def remove_readonly(func, path, _):\n    os.chmod(path, stat.S_IWRITE)\n    func(path)\n\n"
        "shutil.rmtree(directory, onerror=remove_readonly)\n\nArchiving operations\n\nNew in version 3.2.\n"
    )
    assert described(example, "shutil.rmtree(directory, onerror=remove_readonly)") is None
    assert described(NODE, "fs.existsSync(path)") is not None  # "History" heads a table, then the description
    psql = "psql\n\npsql [option...] [dbname [username]]\n\nDescription\n\npsql is a terminal-based front-end to it.\n"
    assert described(psql, "psql")[0] == "psql is a terminal-based front-end to it."  # PostgreSQL's app-psql.html


def test_an_entry_with_no_description_before_the_next_entry_has_none():
    bare = "fs.closeSync(fd)\n\nAdded in: v0.1.21\n\nfd <integer>\n\nfs.copyFile(src, dest)\n\nCopies src to dest."
    assert described(bare, "fs.closeSync(fd)") is None


def test_metadata_tables_and_code_are_no_prose():
    assert is_prose("The number of seconds Apache httpd will wait for a subsequent request.")
    assert not is_prose("Returns: <boolean>")
    assert not is_prose("Stability: 0 - Deprecated: Use fs.stat() or fs.access() instead.")
    assert not is_prose("Version: v7.6.0 | Changes: The path parameter can be a WHATWG URL object.")
    assert not is_prose("if (existsSync('/etc/passwd'))\n  console.log('The path exists.');")
    assert not is_prose("History")
    assert not is_prose("disableEntropyCache <boolean> By default, Node.js caches random data. Default: false.")


def test_a_question_asking_what_a_term_returns_takes_a_description_that_says_so():
    from records import doc, hit

    def asked(question: str, text: str) -> str | None:
        d = doc(text, suffix=".html")
        said = headed_answer(question, [(hit(d, 0, len(text)), d)], frozenset({"what", "does", "do", "return"}))
        return None if said is None else text[said.start : said.end]

    assert asked("What does fs.existsSync return?", NODE) == "Returns true if the path exists, false otherwise."
    assert asked("What does av_dict_set_int do?", DOXYGEN).startswith("Convenience wrapper")
    assert asked("What does av_dict_set_int return on success?", DOXYGEN) is None  # a summary, no return value


def asked(question: str, text: str, heading: str) -> tuple[str, str] | None:
    said = asked_row(question, text, text.index(heading) + len(heading))
    return None if said is None else (text[said[0] : said[1]], text[said[2] : said[3]])


def test_a_question_naming_a_rows_label_is_answered_by_its_value():
    heading = "KeepAliveTimeout Directive"
    syntax = asked("What is the syntax of the KeepAliveTimeout directive?", APACHE, heading)
    assert syntax == ("KeepAliveTimeout num[ms]", "Syntax: | KeepAliveTimeout num[ms]")
    assert asked("Which module provides KeepAliveTimeout?", APACHE, heading) == ("core", "Module: | core")
    assert asked("In which context can KeepAliveTimeout be used?", APACHE, heading)[0] == "server config, virtual host"
    assert asked("When was fs.fchmodSync added?", NODE, "fs.fchmodSync(fd, mode)")[0] == "v0.4.7"
    assert asked("Is KeepAliveTimeout risky?", APACHE, heading) is None  # no row's label
    assert asked("Who wrote the KeepAliveTimeout description?", APACHE, heading) is None  # it answers "What does …"


def test_a_default_asked_is_the_value_without_the_directives_name_and_never_a_reference():
    assert asked("What is the default value of KeepAliveTimeout?", APACHE, "KeepAliveTimeout Directive") == (
        "5",
        "Default: | KeepAliveTimeout 5",
    )
    workers = "MaxRequestWorkers Directive\n\nSyntax: | MaxRequestWorkers number\nDefault: | See usage for details\n"
    assert asked("What is the default of MaxRequestWorkers?", workers, "MaxRequestWorkers Directive") is None


def test_a_question_asking_since_which_version_is_answered_by_the_version_its_row_names():
    """Apache's "Compatibility" rows and Node.js's "Added in" lines say since when a term exists; the question names
    no label ("In which version was IncludeOptional added?" was answered from mod_include's page title)."""
    include = (
        "IncludeOptional Directive\n\nSyntax: | IncludeOptional file-path|directory-path|wildcard\nStatus: | Core\n"
        "Compatibility: | Available in 2.3.6 and later. Not existent file paths without wildcards do not cause "
        "SyntaxError after 2.4.30\n\nThis directive allows inclusion of other configuration files.\n"
    )
    heading, row = "IncludeOptional Directive", include.split("\n")[4]
    assert asked("In which version was IncludeOptional added?", include, heading) == ("2.3.6", row)
    assert asked("Since when is IncludeOptional available?", include, heading) == ("2.3.6", row)
    assert asked("Since which version does fs.fchmodSync exist?", NODE, "fs.fchmodSync(fd, mode)")[0] == "v0.4.7"
    assert asked("Since which version is KeepAliveTimeout available?", APACHE, "KeepAliveTimeout Directive") is None


# Docutils 0.19's docs/user/config.html (public domain), as rag reads it: each setting an h3 heading, its prose, then
# a line stating its default and options.
DOCUTILS = (
    "report_level\n\nReport system messages at or higher than <level>:\n\n1 info 2 warning 3 error 4 severe 5 none\n\n"
    "See also halt_level.\n\nDefault: warning (2). Options: --report, -r, --verbose, -v, --quiet, -q.\n\n"
    "tab_width\n\nNumber of spaces for hard tab expansion.\n\nDefault: 8. Option: --tab-width.\n\n"
    "trim_footnote_reference_space\n\nRemove spaces before footnote references?\n\nDefault: None\n"
)


def test_a_default_line_closing_the_entry_below_its_prose_states_its_default():
    """Only the entry's own: report_level's default is "warning", not tab_width's "8" below it."""
    assert asked("What is the default of report_level?", DOCUTILS, "report_level") == (
        "warning",
        "Default: warning (2). Options: --report, -r, --verbose, -v, --quiet, -q.",
    )
    assert asked("What is the default tab_width?", DOCUTILS, "tab_width")[0] == "8"
    assert asked("What is the default of the halt_level?", "halt_level\n\nSee report_level.\n", "halt_level") is None


# Celery 5.2's userguide/configuration.html (BSD licence), as rag reads it.
CELERY = (
    "broker_pool_limit\n\nNew in version 2.3.\n\nDefault: 10.\n\n"
    "The maximum number of connections that can be open in the connection pool.\n\n"
    "broker_connection_timeout\n\nDefault: 4.0.\n\n"
    "The default timeout in seconds before we give up establishing a connection to the AMQP server.\n\n"
    "worker_prefetch_multiplier\n\nDefault: 4.\n\n"
    "How many messages to prefetch at a time multiplied by the number of concurrent processes. The default is 4 "
    "(four messages for each process).\n"
)


def defaulted(question: str, text: str, span: str, quote: str) -> str | None:
    start, q = text.index(span), text.index(quote)
    d = heading_default(question, text, start, q, q + len(quote))
    return None if d is None else text[d.start : d.end]


def test_a_default_asked_by_what_the_entry_describes_is_the_default_its_entry_states():
    """The reader found the entry by its description, not its name; the entry's default answers: above the prose
    (Celery's) or closing the entry (Docutils')."""
    quote = "The default timeout in seconds before we give up establishing a connection to the AMQP server."
    question = "How long does the broker connection wait before giving up by default?"
    assert defaulted(question, CELERY, "timeout in seconds", quote) == "4.0"  # not broker_pool_limit's 10
    tab = "Number of spaces for hard tab expansion."
    assert defaulted("How many spaces does a hard tab expand to by default?", DOCUTILS, "hard tab", tab) == "8"
    question = "How long does the broker connection wait before giving up?"  # no default asked
    assert defaulted(question, CELERY, "timeout in seconds", quote) is None
    sentence = "The default is 4 (four messages for each process)."  # the reader read a default and chose
    assert defaulted("How many messages are prefetched by default?", CELERY, "4 (four", sentence) is None


# BIND 9.18's reference.html (MPL-2.0), as rag reads it: Sphinx's object descriptions, each a name over its fields.
BIND = (
    "A value of 0 may also be used; on most platforms this sets the listen-queue length to a system-defined "
    "default value.\n\ntcp-initial-timeout\nGrammar: tcp-initial-timeout <integer>;\n\nBlocks: options\n\n"
    "Tags: server, query\n\nSets the amount of time (in milliseconds) that the server waits on a new TCP connection "
    "for the first message from the client.\n\nThis sets the amount of time (in units of 100 milliseconds) that the "
    "server waits on a new TCP connection for the first message from the client. The default is 300 (30 seconds), "
    "the minimum is 25 (2.5 seconds), and the maximum is 1200 (two minutes). This value can be updated at runtime by "
    "using rndc tcp-timeouts.\n\ntcp-idle-timeout\nGrammar: tcp-idle-timeout <integer>;\n\nBlocks: options\n\n"
    "Tags: query\n\nSets the amount of time (in milliseconds) that the server waits on an idle TCP connection before "
    "closing it.\n\nThe default is 300 (30 seconds).\n"
)


def test_a_name_over_its_fields_heads_its_entry_and_its_prose_may_state_its_default():
    """A question names such a term with hyphens; the entry ends where the next name over its fields begins."""
    from records import doc, hit

    assert asked("What is the grammar of tcp-initial-timeout?", BIND, "tcp-initial-timeout") == (
        "tcp-initial-timeout <integer>;",
        "Grammar: tcp-initial-timeout <integer>;",
    )
    sentence = (
        "The default is 300 (30 seconds), the minimum is 25 (2.5 seconds), and the maximum is 1200 (two minutes)."
    )
    assert asked("What is the default of tcp-initial-timeout?", BIND, "tcp-initial-timeout") == ("300", sentence)
    d = doc(BIND, suffix=".html")
    read = [(hit(d, 0, len(BIND), rank=1), d)]
    known = frozenset("what is the default of does tcp initial timeout set".split())
    said = headed_answer("What is the default of tcp-initial-timeout?", read, known)
    assert said is not None and BIND[said.quote_start : said.quote_end] == sentence  # not the listen queue's
    said = headed_answer("What does tcp-initial-timeout do?", read, known)
    assert said is not None and BIND[said.start : said.end].startswith("Sets the amount of time (in milliseconds)")
    question = "How long does the server wait on an idle TCP connection by default?"
    idle = "Sets the amount of time (in milliseconds) that the server waits on an idle TCP connection"
    assert defaulted(question, BIND, idle, idle) == "300"  # tcp-idle-timeout's own prose, not its neighbour's
    # Under a heading that ends the entry above but heads none of its own here: past that entry's end
    apart = "tcp-initial-timeout\nGrammar: tcp-initial-timeout <integer>;\n\nThe default is 300.\n\nkeepalive "
    apart += "directive\n\nThe server waits on an idle TCP connection.\n"
    assert defaulted(question, apart, "idle TCP", "The server waits on an idle TCP connection.") is None
    prose = "Set the limit with a built-in\nDefault: 2\n"  # a hyphenated word in prose heads nothing
    assert (
        headed_answer("What is the default of built-in?", [(hit(doc(prose), 0, len(prose), rank=1), d)], known) is None
    )


# Starlette 1.10's docs/staticfiles.md (BSD-3-Clause), as rag reads it: a class heading, its signature, then its
# parameters as "name - description" lines.
STATICFILES = (
    "Starlette also includes a StaticFiles class for serving files in a given directory:\n\nStaticFiles\n\n"
    "Signature: StaticFiles(directory=None, packages=None, html=False, check_dir=True, follow_symlink=False)\n\n"
    "directory - A string or os.PathLike denoting a directory path.\n"
    "html - Run in HTML mode. Automatically loads index.html for directories if such file exist.\n"
    "check_dir - Ensure that the directory exists upon instantiation. Defaults to True.\n\n"
    "You can combine this ASGI application with Starlette's routing.\n"
)


def test_a_parameters_line_of_its_own_answers_over_its_classs_entry():
    """Protects parameter lists in Markdown docs: "What does the check_dir argument of StaticFiles do?" was answered,
    with confidence 1.0, by the class's first parameter ("directory - A string or os.PathLike …"), the description
    below the StaticFiles heading; the line naming check_dir says what it does and what it defaults to."""
    from records import doc, hit

    d = doc(STATICFILES, suffix=".md")
    read = [(hit(d, 0, len(STATICFILES), rank=1), d)]
    known = frozenset("what does the argument of do is default".split())
    line = "check_dir - Ensure that the directory exists upon instantiation. Defaults to True."
    for question, answer in [
        ("What does the check_dir argument of StaticFiles do?", "Ensure that the directory exists upon instantiation."),
        ("What is the default of check_dir in StaticFiles?", "True"),
    ]:
        said = headed_answer(question, read, known)
        assert said is not None
        assert (STATICFILES[said.start : said.end], STATICFILES[said.quote_start : said.quote_end]) == (answer, line)


def test_a_list_of_names_heads_no_entry_and_a_field_list_is_no_description():
    """Flask-SQLAlchemy 3.0's api.html (BSD licence): init_app's list of the keys it reads, each a name alone, then its
    field list. "SQLALCHEMY_TRACK_MODIFICATIONS", last of the list, had headed an entry whose description was
    "Parameters" (confidence 1.0)."""
    from records import doc, hit

    text = (
        "The following keys from app.config are used:\n\nSQLALCHEMY_DATABASE_URI\n\nSQLALCHEMY_ECHO\n\n"
        "SQLALCHEMY_TRACK_MODIFICATIONS\n\nParameters:\napp (Flask) – The Flask application to initialize.\n\n"
        "Return type:\nNone\n"
    )
    d = doc(text, suffix=".html")
    known = frozenset("what does do".split())
    assert (
        headed_answer("What does SQLALCHEMY_TRACK_MODIFICATIONS do?", [(hit(d, 0, len(text), rank=1), d)], known)
        is None
    )
    assert not is_prose("Parameters:\napp (Flask) – The Flask application to initialize.")


def test_a_sentence_introducing_a_list_with_a_colon_is_a_description():
    assert is_prose("Report system messages at or higher than <level>:")
    assert not is_prose("Options: --report, -r:")  # a label, still
    sentence = "Report system messages at or higher than <level>"
    assert described(DOCUTILS, "report_level") == (sentence, sentence + ":")  # the answer without the colon


def test_a_term_lines_entry_answers_what_the_term_does_wherever_the_reader_read():
    """Python 3.11's json.html (PSF licence): the reader's best was in the entry's note, in another passage than
    the term line ("That is, loads(dumps(x)) != x if x has non-string keys."); what json.dumps does is what its
    description opens with. Not what it returns, which a later sentence may say."""
    from records import doc, hit

    text = (
        "json.dumps(obj, *, skipkeys=False, sort_keys=False, **kw)\nSerialize obj to a JSON formatted str using "
        "this conversion table. The arguments have the same meaning as in dump().\n\nNote\n\nKeys in key/value "
        "pairs of JSON are always of the type str. That is, loads(dumps(x)) != x if x has non-string keys.\n"
    )
    d = doc(text, suffix=".html")
    note = text.index("Note")
    read = [(hit(d, note, len(text), rank=1), d), (hit(d, 0, note, rank=2), d)]
    known = frozenset("what does do return".split())
    said = headed_answer("What does json.dumps do?", read, known)
    assert said is not None and said.hit.rank == 2
    assert text[said.start : said.end] == "Serialize obj to a JSON formatted str using this conversion table."
    assert text[said.quote_start : said.quote_end].startswith("json.dumps(obj")
    assert headed_answer("What does json.dumps return?", read, known) is None


def test_a_term_line_with_its_notes_is_the_terms_own_line_too():
    """Postfix 3.7's postconf.5.html (IBM Public Licence 1.0 / EPL 2.0): each parameter's line states its default
    in brackets. "What does the myorigin parameter specify?" was quoted right but abstained (0.20): only a bare
    name or a signature was read as the term's own line there, so the reader's confidence stood."""
    from records import doc, hit

    text = (
        'mydomain (default: see "postconf -d" output)\nThe internet domain name of this mail system.\n\n'
        "myorigin (default: $myhostname)\nThe domain name that locally-posted mail appears to come from, and that "
        "locally posted mail is delivered to. The default, $myhostname, is adequate for small sites.\n"
    )
    d = doc(text, suffix=".html")
    known = frozenset("what does the parameter specify mean default domain name".split())
    said = headed_answer("What does the myorigin parameter specify?", [(hit(d), d)], known)
    assert said is not None and text[said.start : said.end].startswith("The domain name that locally-posted mail")
    assert text[said.quote_start : said.quote_end].startswith("myorigin (default: $myhostname)\nThe domain")
    said = headed_answer("What does mydomain mean?", [(hit(d), d)], known)
    assert said is not None and text[said.start : said.end] == "The internet domain name of this mail system."
    assert headed_answer("What does myhostname mean?", [(hit(d), d)], known) is None  # a value, not a term line


def test_the_names_a_question_asks_about():
    known = frozenset({"what", "does", "the", "directive", "set", "do", "overwrite", "attribute", "mean"})
    assert asked_names("What does the KeepAliveTimeout directive set?", known) == {"keepalivetimeout"}
    assert asked_names("What does fs.existsSync do?", known) == {"fs.existssync"}
    assert asked_names("What does the overwrite attribute mean?", known) == {"overwrite"}
    # the kind a question calls a term is no term, however rare a word ("keyword": HAProxy's keyword table's rows)
    assert asked_names("What does the retries keyword set?", known - {"keyword"}) == {"retries"}


def apache_page() -> str:
    """Three entries of Apache's core.html, written as its HTML writes them: a heading, a metadata table, prose."""

    def entry(name: str, desc: str, syntax: str, default: str, body: str) -> str:
        rows = f"<tr><th>Description:</th><td>{desc}</td></tr><tr><th>Syntax:</th><td>{syntax}</td></tr>"
        rows += f"<tr><th>Default:</th><td>{default}</td></tr><tr><th>Context:</th><td>server config</td></tr>"
        rows += "<tr><th>Module:</th><td>core</td></tr>"
        return f"<h2>{name} Directive</h2><table>{rows}</table>{body}"

    keepalive = (
        "<p>The number of seconds Apache httpd will wait for a subsequent request before closing the connection."
        "</p><p>Setting KeepAliveTimeout to a high value may cause performance problems in heavily loaded "
        "servers.</p><p>If KeepAliveTimeout is not set for a name-based virtual host, the value of the first "
        "defined virtual host best matching the local IP and port will be used.</p>"
    )
    return "<h1>Apache Core Features</h1>" + "".join(
        [
            entry("KeepAlive", "Enables HTTP persistent connections", "KeepAlive On|Off", "KeepAlive On",
                  "<p>To enable Keep-Alive connections, set KeepAlive On.</p>"),
            entry("KeepAliveTimeout", "Amount of time the server will wait for subsequent requests on a "
                  "persistent connection", "KeepAliveTimeout num[ms]", "KeepAliveTimeout 5", keepalive),
            entry("LimitRequestBody", "Restricts the total size of the HTTP request body sent from the client",
                  "LimitRequestBody bytes", "LimitRequestBody 1073741824",
                  "<p>This directive specifies the number of bytes that are allowed in a request body.</p>"),
        ]
    )  # fmt: skip


def test_ask_answers_with_the_description_of_an_entry_headed_apart(tmp_path, embedder, write_files):
    """The reader had answered "KeepAlive On", of another entry; on Apache's manual, "a name-based virtual host",
    of the entry's last paragraph ("If KeepAliveTimeout is not set for a name-based virtual host, …")."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"core.html": apache_page()})])
    ans = index.ask("What does the KeepAliveTimeout directive set?", threshold=0.0)
    assert ans.text == "Amount of time the server will wait for subsequent requests on a persistent connection"
    assert ans.quotes[0].text.startswith("Description: | Amount of time")
    assert index.document(ans.span.doc_id).text[ans.span.start : ans.span.end] == ans.text
    syntax = index.ask("What is the syntax of the LimitRequestBody directive?", threshold=0.0)
    assert (syntax.text, syntax.quotes[0].text) == ("LimitRequestBody bytes", "Syntax: | LimitRequestBody bytes")


def test_a_directive_asked_for_by_what_it_does_is_the_name_its_heading_gives(tmp_path, embedder, write_files):
    """Protects "Which directive …?" on Apache's manual, whose entries a heading naming the term and its kind heads
    apart ("LimitRequestBody Directive"): the reader had answered "core" (the Module row) or "Description", never
    the directive. The answer is the heading's name, quoted by the heading, its description next; a section's
    heading naming a plural
    ("Server Options") heads no entry."""
    from rag.answer.entries import entry_term
    from rag.answer.headings import heading_kind
    from rag.index import Index

    assert heading_kind("KeepAliveTimeout Directive") == heading_kind("Listen directive") == "directive"
    assert heading_kind("Server Options") is heading_kind("Apache Module mod_http2") is None
    page = "Core Features\n\nLimitRequestBody Directive\n\nDescription: | Restricts the total size of the body\n"
    at = page.index("Restricts")
    term = entry_term("Which directive restricts the total size of the body?", page, at, at + 9)
    assert term is not None and term.apart and page[term.start : term.end] == "LimitRequestBody"
    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"core.html": apache_page()})])
    for question, name in [
        ("Which directive restricts the total size of the HTTP request body sent from the client?", "LimitRequestBody"),
        ("Which directive specifies the number of bytes allowed in a request body?", "LimitRequestBody"),
        ("Which directive enables HTTP persistent connections?", "KeepAlive"),
    ]:
        ans = index.ask(question, threshold=0.0)
        assert (ans.text, ans.quotes[0].text) == (name, f"{name} Directive"), question
        assert ans.quotes[1].text.startswith("Description: | ")  # what it does, quoted next
        assert index.document(ans.span.doc_id).text[ans.span.start : ans.span.end] == name


def test_the_entry_headed_apart_is_read_when_retrieval_ranked_it_below():
    """A question asking what a term does reads the passage holding its entry headed apart, ranked below the
    passages read, unless one read holds it; a question asking something else of the term does not."""
    import numpy as np
    from records import doc, hit

    from rag.answer.lookup import with_entry
    from rag.retrieve.sparse import SparseIndex

    prose = "The KeepAliveTimeout directive may be also lowered on sites that are subject to DoS attacks.\n\n"
    d = doc(prose + APACHE, suffix=".html")
    read, entry = hit(d, 0, len(prose), rank=1), hit(d, len(prose), rank=2)
    sparse = SparseIndex.from_texts([d.text] + ["The server answers requests."] * 19, np.arange(20))

    def docs_of(hits):
        return {h.doc_id: d for h in hits}

    known = frozenset("what does the directive set how long should be".split())
    question = "What does the KeepAliveTimeout directive set?"
    assert with_entry(question, [read], [entry], docs_of, sparse, known) == [read, entry]
    assert with_entry(question, [entry], [read], docs_of, sparse, known) == [entry]
    assert with_entry("How long should KeepAliveTimeout be?", [read], [entry], docs_of, sparse, known) == [read]


def test_the_description_is_the_answer_and_the_readers_best_its_next_quote():
    """Protects the answer's record when the description is in another passage than the reader's best span: the
    answer and its first quote are the description, in its own document's characters; the reader's best is quoted
    next with its span marked; the confidence is the reader's, and at least how often such answers are right
    (`AnswerSettings.described_confidence`): a described answer does not abstain for a reader unsure of its span."""
    import numpy as np
    from records import doc, hit, span_score_settings

    from rag.answer.answers import reader_answer
    from rag.answer.candidates import RANK_FEATURES, Candidate

    prose = doc("The KeepAliveTimeout directive may be lowered on sites that are subject to DoS attacks.", id="tips")
    entry = doc(APACHE, id="core", suffix=".html")
    a = prose.text.index("sites")
    c = Candidate(hit(prose), prose, a, a + len("sites"), 2.0, 0.0, 0, len(prose.text), 0.6)
    question = "What does the KeepAliveTimeout directive set?"
    read = [(hit(prose), prose), (hit(entry, rank=2), entry)]
    headed = headed_answer(question, read, frozenset("what does the directive set".split()))
    x = np.zeros((1, len(RANK_FEATURES)))
    plain = reader_answer(question, [p for p, _ in read], [c], x, span_score_settings(), 0.5)
    ans = reader_answer(question, [p for p, _ in read], [c], x, span_score_settings(), 0.5, headed=headed)
    assert (plain.text, plain.basis, ans.basis) == ("sites", "reader", "described")
    assert ans.text == "Amount of time the server will wait for subsequent requests on a persistent connection"
    assert (ans.span.doc_id, ans.quotes[0].doc_id, ans.quotes[1].doc_id) == ("core", "core", "tips")
    assert APACHE[ans.span.start : ans.span.end] == ans.text
    assert ans.quotes[1].span is not None and ans.quotes[1].span.text == "sites"
    assert ans.confidence == max(plain.confidence, span_score_settings().described_confidence)
    settings = span_score_settings().model_copy(update={"confidence_bias": -5.0})  # a reader's confidence of 0.007
    unsure = reader_answer(question, [p for p, _ in read], [c], x, settings, 0.5, headed=headed)
    assert unsure.found and unsure.confidence == settings.described_confidence  # how often described answers are right


# HAProxy 2.6's configuration.html (GPL-2.0-or-later), as rag reads it: each keyword a heading with the places of its
# arguments, its description prose that a <pre> wraps at 80 columns.
HAPROXY = (
    "The default value is 1024.\n\ntune.http.maxhdr <number>\n\n"
    "Sets the maximum number of headers in a request. When a request comes with a\n"
    'number of headers greater than this value (including the first line), it is\nrejected with a "400 Bad '
    'Request" status code. Similarly, too large responses\nare blocked with "502 Bad Gateway". The default value '
    "is 101, which is enough\nfor all usages, considering that the widely deployed Apache server uses the\nsame "
    "limit.\n\ntune.idle-pool.shared { on | off }\n\nEnables ('on') or disables ('off') sharing of idle connection "
    "pools between\nthreads for a same server. The default is on.\n\ntune.bufsize <number>\n\n"
    "Sets the buffer size to this size (in bytes). The default value is 16384 and\ncan be changed at build time.\n"
)


def test_a_dotted_name_with_the_places_of_its_arguments_heads_its_entry():
    """HAProxy's "tune.http.maxhdr <number>" heads its entry, up to the next such heading: its default is "101",
    not the entry above's "1024" nor the one below's "on"; a value stops before "and", and its quote is the
    sentence the <pre> wrapped over two lines. A plain word's "<integer>" is a parameter's type, no heading."""
    assert heading_name("tune.bufsize <number>") == "tune.bufsize"
    assert heading_name("tune.idle-pool.shared { on | off }") == "tune.idle-pool.shared"
    assert heading_name("balance.algo <algorithm> [ <arguments> ]") == "balance.algo"
    assert heading_name("fd <integer>") is None and heading_name("path {string|Buffer|URL}") is None
    # a long dotted run with no places after it is none, read once (a pattern that backtracked into it never ended)
    assert placed_name(".".join(["ab"] * 3000) + " x") is None and placed_name("a_" * 3000 + "!") is None
    assert asked("What is the default value of tune.http.maxhdr?", HAPROXY, "tune.http.maxhdr <number>") == (
        "101",
        "The default value is 101, which is enough\nfor all usages, considering that the widely deployed Apache "
        "server uses the\nsame limit.",
    )
    assert asked("What is the default of tune.bufsize?", HAPROXY, "tune.bufsize <number>") == (
        "16384",
        "The default value is 16384 and\ncan be changed at build time.",
    )


def haproxy_page() -> str:
    """HAProxy 2.6's configuration.html, three keywords of it as its HTML writes them: a heading <div> each, its
    description a <pre> of prose wrapped at 80 columns."""

    def keyword(name: str, places: str, prose: str) -> str:
        return (
            f'<a class="anchor" name="{name}"></a><div class="keyword"><b><a href="#3.2-{name}">{name}</a></b> '
            f'<span style="color: #080">{places}</span></div><pre class="text">{prose}\n</pre>'
        )

    return (
        "<html><body>"
        + keyword(
            "tune.http.logurilen",
            "&lt;number&gt;",
            "Sets the maximum length of request URI in logs. This prevents truncating long\nrequest URIs with "
            "valuable query strings in log lines.\nThe default value is 1024.",
        )
        + keyword(
            "tune.http.maxhdr", "&lt;number&gt;", HAPROXY.split("tune.http.maxhdr <number>\n\n")[1].split("\n\n")[0]
        )
        + keyword(
            "tune.idle-pool.shared",
            "{ on | off }",
            "Enables ('on') or disables ('off') sharing of idle connection pools between\nthreads for a same "
            "server. The default is on.",
        )
        + "</body></html>"
    )


def test_ask_answers_a_keywords_default_from_its_wrapped_prose(tmp_path, embedder, write_files):
    """End to end over HAProxy's HTML: the default of the keyword asked, quoted as the sentence its <pre> wraps,
    not the neighbour's "1024" above its heading, and not "The default value is 101, which is enough" alone."""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", {"configuration.html": haproxy_page()})])
    ans = index.ask("What is the default value of tune.http.maxhdr?")
    assert ans.found and ans.text == "101", (ans.text, [q.text for q in ans.quotes])
    assert ans.quotes[0].text == (
        "The default value is 101, which is enough\nfor all usages, considering that the widely deployed Apache "
        "server uses the\nsame limit."
    )
    assert index.document(ans.span.doc_id).text[ans.span.start : ans.span.end] == "101"


def test_a_command_and_its_subcommand_head_the_subcommands_entry():
    """pyenv 2.6's COMMANDS.md (MIT), as rag reads it: each subcommand's entry is headed "pyenv local", a list of all
    of them above. "What does pyenv local do?" named only "pyenv" (a word the reader's vocabulary lacks), which heads
    no entry, and was answered "help" of the list's first line; "pyenv local", the name with the word after it,
    heads its entry."""
    from records import doc, hit

    from rag.answer.terms import subcommand_names

    text = (
        "Command Reference\n\nThe most common subcommands are:\n\npyenv help\npyenv local\npyenv global\n\n"
        "pyenv help\n\nList all available pyenv commands along with a brief description of what they do.\n\n"
        "pyenv local\n\nSets a local application-specific Python version by writing the version name to a "
        ".python-version file in the current directory. This version overrides the global version.\n\n"
        "$ pyenv local 2.7.6\n\npyenv global\n\nSets the global version of Python to be used in all shells.\n"
    )
    d = doc(text, "COMMANDS.md", suffix=".md")
    known = frozenset("what does do local global help".split())
    assert subcommand_names("What does pyenv local do?", frozenset({"pyenv"})) == {"pyenv local"}
    assert subcommand_names("What does pyenv do?", frozenset({"pyenv"})) == frozenset()  # no word after it but "do"
    question = "What does the KeepAliveTimeout directive set?"  # a kind, no subcommand
    assert subcommand_names(question, frozenset({"keepalivetimeout"}), frozenset({"directive"})) == frozenset()
    said = headed_answer("What does pyenv local do?", [(hit(d), d)], known)
    assert said is not None
    assert text[said.start : said.end] == (
        "Sets a local application-specific Python version by writing the version name to a .python-version file in "
        "the current directory."
    )


# rclone 1.60's MANUAL.md (MIT): the FTP backend's options, each headed apart, its properties below as fields.
FTP_OPTIONS = (
    "--ftp-tls\n\nUse Implicit FTPS (FTP over TLS).\n\nWhen using implicit FTP over TLS the client connects using TLS "
    "right from the start.\n\nProperties:\n\nConfig: tls\nEnv Var: RCLONE_FTP_TLS\nType: bool\nDefault: false\n\n"
    "--ftp-concurrency\n\nMaximum number of FTP simultaneous connections, 0 for unlimited.\n\nProperties:\n\n"
    "Config: concurrency\nEnv Var: RCLONE_FTP_CONCURRENCY\nType: int\nDefault: 0\n"
)


def test_a_name_asked_in_capitals_heads_no_lower_case_key():
    """Protects "What is the minimum TLS version accepted by default?" over rclone's manual: "TLS" (the protocol)
    named the key "tls" ("Config: tls"), and its "Default: false" answered at the confidence of a headed entry. The
    key asked in its own case still answers."""
    page = doc(FTP_OPTIONS, "ftp", suffix=".md")

    def answer(question: str) -> str | None:
        found = headed_answer(question, [(hit(page), page)], known_words())
        return None if found is None else FTP_OPTIONS[found.start : found.end]

    assert answer("What is the minimum TLS version accepted by default?") is None
    assert answer("What is the default value of the tls option?") == "false"


# rsyslog 8.2302's configuration/modules/imtcp.html (Apache-2.0 docs), as rag reads it: each parameter a heading over
# a table of one row, its metadata, which extraction labels by the header, then its description.
PARAMETERS = "\n\n".join(
    f"{name}\n\ntype | default | mandatory | obsolete legacy directive\n"
    f"type: integer | default: {value} | mandatory: no | obsolete legacy directive: {legacy}\n\n{prose}"
    for name, value, legacy, prose in [
        (
            "MaxListeners",
            "20",
            "$InputTCPMaxListeners",
            "Sets the maximum number of listeners (server ports) supported.",
        ),
        ("MaxSessions", "200", "$InputTCPMaxSessions", "Sets the maximum number of sessions supported."),
        ("Tag", "none", "$InputFileTag", "The tag to be assigned to messages read from this file."),
    ]
)


def test_a_name_over_its_metadata_table_heads_its_entry():
    """Protects rsyslog's parameters: "MaxListeners" (and "Tag", a word of the vocabulary) heads its entry over its
    metadata, whose "default" cell answers for its description ("20" for "What is the default maximum number of
    listeners supported by imtcp?", where the reader marked "server ports"); a section's table, of more rows, is
    no entry's metadata."""
    from rag.answer.entries import entry_term
    from rag.answer.headings import metadata_below

    at = PARAMETERS.index("server ports")
    assert heading_default("What is the default maximum number of listeners?", PARAMETERS, at, at, at + 12) == (
        PARAMETERS.index("20"),
        PARAMETERS.index("20") + 2,
        PARAMETERS.index("type: integer"),
        PARAMETERS.index("\n\nSets the maximum number of listeners"),
    )
    question = "Which imfile parameter sets the tag assigned to messages read from a file?"
    at = PARAMETERS.index("The tag")
    term = entry_term(question, PARAMETERS, at, at + 7)
    assert term is not None and PARAMETERS[term.start : term.end] == "Tag"
    assert metadata_below(PARAMETERS, len("MaxListeners"))
    assert not metadata_below("Options\n\na | b\nc | d\ne | f\n\nMore.", len("Options"))


# Exim 4.96's spec, chapter 14 "Main configuration" (ch-main_configuration.html, GPL-2+), as rag reads it: each
# option's entry is headed by a table's one row of its name and fields, its description below.
EXIM_OPTIONS = (
    "log_timezone | Use: main | Type: boolean | Default: false\n\n"
    "By default, the timestamps on log lines are in local time without the timezone. This means that if your "
    "timezone changes twice a year, the timestamps in log lines are ambiguous for an hour when the clocks go back.\n\n"
    "smtp_connect_backlog | Use: main | Type: integer | Default: 20\n\n"
    "This option specifies a maximum number of waiting SMTP connections. Exim passes this value to the TCP/IP "
    "system when it sets up its listener.\n\n"
    "deliver_queue_load_max | Use: main | Type: fixed-point | Default: unset\n\n"
    "When this option is set, a queue run is abandoned if the system load average becomes greater than the value "
    "of the option."
)


def test_a_row_of_a_name_and_its_fields_heads_its_entry():
    """Protects Exim's option entries: the row "smtp_connect_backlog | Use: main | Type: integer | Default: 20"
    heads its entry (its name is the heading, its fields the entry's first), so its "Default:" cell answers a
    question asking the default of what the description below says, quoted by the whole row; and a question naming
    the option reads its description. A row of cells that are no fields heads nothing."""
    from rag.answer.headings import fielded_row, heading_stop, term_heading

    row = "smtp_connect_backlog | Use: main | Type: integer | Default: 20"
    assert fielded_row(row) and heading_name(row) == "smtp_connect_backlog"
    assert not fielded_row("smtp_connect_backlog | 20 | integer") and not fielded_row("Use: main | Type: integer")
    ant = "Attribute: overwrite | Description: Overwrite existing files even if the destination files are newer."
    assert heading_name(ant + " | Required: No") is None  # a table's row, labelled by its header: no heading
    top = EXIM_OPTIONS.index(row)
    assert heading_stop(EXIM_OPTIONS, top, top + len(row)) == top + len("smtp_connect_backlog")
    at = EXIM_OPTIONS.index("waiting SMTP")
    assert term_heading(EXIM_OPTIONS, at) == (top, top + len("smtp_connect_backlog"))
    value = EXIM_OPTIONS.index("20\n")
    question = "How many waiting SMTP connections may there be by default?"
    assert heading_default(question, EXIM_OPTIONS, at, at, at + 12) == (value, value + 2, top, top + len(row))
    asked = "What does the deliver_queue_load_max option do?"
    found = headed_answer(asked, [(hit(page := doc(EXIM_OPTIONS)), page)], known_words())
    assert found is not None and EXIM_OPTIONS[found.start : found.end].startswith("When this option is set, a queue")


def test_a_switchs_default_answers_no_question_asking_which_thing():
    """Protects log_timezone's "Default: false" from answering "In which time zone are log timestamps by default?"
    (a truth value names no zone), and from answering for a quote that says what is so by default ("By default, the
    timestamps on log lines are in local time …", where the reader read "local time"); it answers whether."""
    from rag.answer.defaults import fits_asked

    at = EXIM_OPTIONS.index("timezone changes")
    end = EXIM_OPTIONS.index("\n\nsmtp_connect_backlog")
    value = EXIM_OPTIONS.index("false")
    assert heading_default("Is log_timezone set by default?", EXIM_OPTIONS, at, at, end)[:2] == (value, value + 5)
    assert heading_default("In which time zone are log timestamps by default?", EXIM_OPTIONS, at, at, end) is None
    at, said = EXIM_OPTIONS.index("local time"), EXIM_OPTIONS.index("By default,")
    assert heading_default("What are log timestamps by default?", EXIM_OPTIONS, at, said, at + 30) is None
    assert not fits_asked("How many connections are there by default?", "false")
    assert fits_asked("Is log_timezone set by default?", "false")
    assert fits_asked("In which time zone are log timestamps by default?", "local time")


def test_of_two_entries_of_a_name_the_one_saying_it_is_the_kind_asked_answers():
    """MkDocs 1.4's manual (BSD-2-Clause) heads "nav" twice: a template variable on its theme page, ranked first, and
    a setting on its configuration page. "the nav setting" asks the one whose text says it is a setting."""
    themes = doc(
        "nav\n\nThe nav variable is used to create the navigation for the documentation.", "themes", suffix=".html"
    )
    settings = doc(
        "nav\n\nThis setting is used to determine the format and layout of the global navigation for the site.",
        "configuration",
        suffix=".html",
    )
    passages = [(hit(themes), themes), (hit(settings, rank=2), settings)]

    def quoted(question: str) -> str:
        said = headed_answer(question, passages, known_words())
        assert said is not None
        return said.doc.text[said.quote_start : said.quote_end]

    assert quoted("What does the nav setting define?").startswith("This setting is used")
    assert quoted("What does the nav variable do?").startswith("The nav variable")
    assert quoted("What does nav do?").startswith("The nav variable")  # no kind asked: the best passage's


def test_a_command_s_output_holds_no_entry():
    """The Debian FAQ (its PDF's text, no blank lines) shows lsb_release's output: "Distributor ID: Debian" over
    "Codename: sid" is no entry of Debian whose row says its codename (it had answered "sid", at confidence 1.0, for
    "What was the codename of Debian 3.0?"). The same lines as a manual's own text are."""
    from rag.answer.extent import in_output

    output = (
        "You can also use lsb_release. If you run this program in an unstable system you will get:\n$ lsb_release -a\n"
        "LSB Version: core-2.0-noarch\nDistributor ID: Debian\nDescription: Debian GNU/Linux unstable (sid)\n"
        "Release: unstable\nCodename: sid\nHowever, this is not always that easy."
    )
    d = doc(output, "faq", suffix=".pdf")
    assert headed_answer("What was the codename of Debian 3.0?", [(hit(d), d)], known_words()) is None
    assert in_output(output, output.index("Codename"))
    far = output + "\nline" * 7 + "\nRelease: 12"
    assert not in_output(far, far.index("Release: 12"))  # more than OUTPUT_LINES below the prompt
    prose = "Distributor ID: Debian\n\nCodename: sid"
    assert not in_output(prose, prose.index("Codename"))
    assert in_output("$ git init\n\nInitialized", 12) is False  # past a blank line


# HAProxy 2.6's configuration.html (GPL-2.0-or-later) as rag reads it: a keyword of lower-case words heads its entry
# with its argument's place, and a line with no stop at its end opens the entry, its summary.
RETRIES = (
    "See section 7 about ACL usage.\n\nretries <value>\n\nSet the number of retries to perform on a server after a "
    "failure\n\nMay be used in sections :\n\ndefaults | frontend | listen | backend\n\nArguments :\n\n<value>   is the "
    "number of times a request or connection attempt should be\n          retried on a server after a failure.\n\n"
    "By default, retries apply only to new connection attempts.\n\nkeyword | defaults | frontend | listen | backend\n"
    "keyword: acl | defaults: X (!)\nkeyword: retries"
)


def test_a_keywords_summary_line_under_its_plain_heading_is_what_it_does():
    """ "What does the retries keyword set?" had been answered by the keyword table's "keyword: acl" row: "keyword",
    a word the reader's vocabulary lacks, was read as the term asked, and "retries <value>" headed no entry."""
    from records import doc, hit

    from rag.answer.headed import headed_answer
    from rag.embed.model import known_words

    d = doc(RETRIES, "configuration", suffix=".html")
    for question in ("What does the retries keyword set?", "What does retries do?"):
        said = headed_answer(question, [(hit(d), d)], known_words())
        assert said is not None and RETRIES[said.start : said.end] == (
            "Set the number of retries to perform on a server after a failure"
        ), question
    # under a heading of prose, a line with no stop is a heading too, no summary
    assert (
        described("Examples\n\nSet the number of retries on a server after a failure\n\nretries 3", "Examples") is None
    )


def test_a_manual_pages_running_head_heads_no_entry():
    """Postfix's postqueue.1.html opens "POSTQUEUE(1)   POSTQUEUE(1)": no call of postqueue, whose entry it would head."""
    assert heading_name("POSTQUEUE(1)                                                      POSTQUEUE(1)") is None
    assert heading_name("postqueue(1)") == "postqueue"


def test_an_option_asked_of_a_command_is_no_description_of_the_command():
    """ "What does the -f option of postqueue do?" had been answered by postqueue's NAME line, a row of its name."""
    from records import doc, hit

    from rag.answer.headed import headed_answer
    from rag.embed.model import known_words

    text = (
        "NAME\n       postqueue - Postfix queue control\n\nDESCRIPTION\n       -f     Flush the queue: attempt to "
        "deliver all queued mail."
    )
    d = doc(text, "postqueue.1", suffix=".html")
    said = headed_answer("What does postqueue do?", [(hit(d), d)], known_words())
    assert said is not None and text[said.start : said.end] == "Postfix queue control"
    assert headed_answer("What does the -f option of postqueue do?", [(hit(d), d)], known_words()) is None


# Mutt 2.2's reference.html (GPL-2.0-or-later) as rag reads it: each variable a numbered heading, its type and default
# below it. Its variables are words of the reader's vocabulary ("timeout", "delete"): the reader had abstained.
MUTT = (
    "3.392. tilde\n\nType: boolean\nDefault: no\n\nWhen set, the internal-pager will pad blank lines to the bottom of "
    "the screen with a tilde (“~”).\n\n3.393. timeout\n\nType: number\nDefault: 600\n\nWhen Mutt is waiting for user "
    "input either idling in menus or in an interactive prompt, Mutt would block until input is present."
)


def test_a_numbered_heading_of_a_plain_word_heads_its_entry_and_a_call_in_an_example_none():
    """The word whose default a question asks, ending it, is a term however common ("timeout"); a section's number
    is no part of its heading's name. A call an example makes ('run_simple("localhost", 8080, app)', in Werkzeug's
    debugger page) heads no entry: "What does the threaded parameter of run_simple do?" had been answered by the
    sentence below it, at 1.0."""
    from records import doc, hit

    from rag.answer.headed import headed_answer
    from rag.embed.model import known_words

    assert heading_name("3.393. timeout") == "timeout" and heading_name("2.1 Introduction") == "introduction"
    assert heading_name('run_simple("localhost", 8080, app)') is None and heading_name("run_simple(hostname)")
    d = doc(MUTT, "reference", suffix=".html")
    said = headed_answer("What is the default value of timeout?", [(hit(d), d)], known_words())
    assert said is not None and MUTT[said.start : said.end] == "600"
    said = headed_answer("What is the default of the tilde variable?", [(hit(d), d)], known_words())
    assert said is not None and MUTT[said.start : said.end] == "no"


def test_a_description_indented_under_its_term_line_needs_no_stop():
    """Protects "What does server.errorlog-use-syslog do?" on lighttpd's configuration.txt (BSD-3-Clause): its
    options' descriptions are indented under their names without a stop ("send errorlog to syslog"), and the reader
    had answered with the name and its description as one span. Not a line at the term line's own indent."""
    text = (
        "server.errorlog\n  pathname of the error-log\n\n  Default: either STDERR or ``server.errorlog-use-syslog``"
        "\n\nserver.errorlog-use-syslog\n  send errorlog to syslog\n\n  Default: disabled\n\nserver.chroot\n  "
        "root-directory of the server\n"
    )
    d = doc(text, suffix=".txt")
    said = headed_answer("What does server.errorlog-use-syslog do?", [(hit(d), d)], known_words())
    assert said is not None and text[said.start : said.end] == "send errorlog to syslog"
    said = headed_answer("What does server.chroot do?", [(hit(d), d)], known_words())
    assert said is not None and text[said.start : said.end] == "root-directory of the server"
    flush = "server.errorlog-use-syslog\nsend errorlog to syslog\n"
    assert headed_answer("What does server.errorlog-use-syslog do?", [(hit(doc(flush)), doc(flush))], set()) is None


def test_a_stopless_line_under_a_name_written_as_code_is_its_description():
    """Protects "What does CURL_DISABLE_DICT do?" on curl's CURL-DISABLE.md (curl licence): its defines' descriptions
    end with no stop ("Disable the DICT protocol"), and the reader quoted another define's. A line under a plain
    word keeps needing SUMMARY_WORDS words, and one under a name needs a capital and plain words."""
    text = (
        "CURL_DISABLE_CRYPTO_AUTH\n\nDisable support for authentication methods using crypto.\n\n"
        "CURL_DISABLE_DICT\n\nDisable the DICT protocol\n\nCURL_DISABLE_DOH\n\nDisable DNS-over-HTTPS\n"
    )
    d = doc(text, suffix=".md")
    said = headed_answer("What does CURL_DISABLE_DICT do?", [(hit(d), d)], known_words())
    assert said is not None and text[said.start : said.end] == "Disable the DICT protocol"
    assert headed_answer("What does CURL_DISABLE_DOH do?", [(hit(d), d)], known_words()) is None  # two words


def test_a_name_asked_alone_on_its_line_over_its_description_is_a_term_line():
    """Protects "What does nitpicky do?" on Sphinx's setuptools page (BSD-2-Clause): a setting's name alone on its
    line, its description right below ("nitpicky" / "Run in nit-picky mode. …"), is no definition line (a plain
    word), and the reader had abstained. Another word alone on its line is none, and so is the name written otherwise
    than the question writes it."""
    text = (
        "copyright\nThe copyright string. Default is ''.\n\nNew in version 1.3.\n\n"
        "nitpicky\nRun in nit-picky mode. Currently, this generates warnings for all missing references."
    )
    d = doc(text, suffix=".html")
    said = headed_answer("What does nitpicky do?", [(hit(d, text.index("nitpicky")), d)], known_words())
    assert said is not None and text[said.start : said.end] == "Run in nit-picky mode."
    assert headed_answer("What does warnings do?", [(hit(d, text.index("nitpicky")), d)], known_words()) is None
    widget = doc("beep\nBeep, unless the BEEP option is unset.", suffix=".html")  # zsh's line editor's, not BEEP
    assert headed_answer("What does the BEEP option do?", [(hit(widget), widget)], known_words()) is None
    assert headed_answer("What does the beep widget do?", [(hit(widget), widget)], known_words()) is not None


# Babel 2.10's cmdline.html (BSD-3-Clause) as rag reads it: a sub-command's heading over its help, whose default is
# wrapped onto the line below the option's.
PYBABEL_COMPILE = (
    "compile\n\nThe compile sub-command can be used to compile translation catalogs into binary MO files:\n\n"
    "$ pybabel compile --help\nUsage: pybabel compile [options]\n\ncompile message catalogs to MO files\n\nOptions:\n"
    "  -h, --help            show this help message and exit\n  -D DOMAIN, --domain=DOMAIN\n"
    "                        domains of PO files (space separated list, default\n"
    "                        'messages')\n  -f, --use-fuzzy       also include fuzzy translations\n"
)


def test_a_default_wrapped_onto_the_next_line_is_quoted_from_the_line_saying_it():
    """Protects "What is the default domain of pybabel compile?": the reader answered "PO files"; the default was
    then quoted by its value's line alone, "'messages')"."""
    said = asked("What is the default domain of pybabel compile?", PYBABEL_COMPILE, "compile")
    assert said == (
        "'messages'",
        "                        domains of PO files (space separated list, default\n                        'messages')",
    )


# coverage.py 6.5's config.html (Apache-2.0), as rag reads it: each setting headed apart by its section and name, its
# type and default opening its description.
COVERAGE = (
    "[run] timid\n\n(boolean, default False) Use a simpler but slower trace method. This uses PyTracer instead of "
    "CTracer.\n\n[paths]\n\nThe entries in this section are lists of file paths that should be considered "
    "equivalent when combining data from different machines:\n\n[report] skip_covered\n\n(boolean, default False) "
    "Don’t report files that are 100% covered.\n"
)


def test_a_settings_description_is_past_its_type_note_under_its_section_and_name():
    """Protects "What does the timid option do?" over coverage.py's configuration reference: "(boolean, default
    False) Use a simpler …" opened with a bracket, was no prose, and the description taken was the [paths]
    section's, the next paragraph of prose."""
    from rag.answer.named import entry_heading

    assert entry_heading("[run] timid") and entry_heading("[report] skip_covered") and not entry_heading("[paths]")
    assert is_prose("(boolean, default False) Use a simpler but slower trace method.")
    assert not is_prose("(boolean, default False)")  # a type note alone describes nothing
    d = doc(COVERAGE, "config", suffix=".html")
    known = known_words()
    said = headed_answer("What does the timid option do?", [(hit(d), d)], known)
    assert said is not None and COVERAGE[said.start : said.end] == "Use a simpler but slower trace method."
    assert COVERAGE[said.quote_start : said.quote_end].startswith("(boolean, default False) Use a simpler")
    said = headed_answer("What does skip_covered do?", [(hit(d), d)], known)
    assert said is not None and COVERAGE[said.start : said.end] == "Don’t report files that are 100% covered."


def test_the_term_called_by_its_kind_answers_before_its_owners_entry():
    """Protects "What does the payload attribute of BadSignature hold?" over ItsDangerous 2.1's exceptions.html
    (BSD-3-Clause): both names are asked, and the exception's own description ("Raised if a signature does not
    match.") had answered for its attribute's."""
    text = (
        "exception itsdangerous.exc.BadSignature(message, payload=None)\nRaised if a signature does not match.\n\n"
        "Parameters\n\nmessage (str) –\n\npayload (Optional[Any]) –\n\npayload: Optional[Any]\nThe payload that "
        "failed the signature test. In some situations you might still want to inspect this.\n"
    )
    d = doc(text, "exceptions", suffix=".html")
    known = known_words()
    said = headed_answer("What does the payload attribute of BadSignature hold?", [(hit(d), d)], known)
    assert said is not None and text[said.start : said.end] == "The payload that failed the signature test."
    said = headed_answer("What does BadSignature mean?", [(hit(d), d)], known)
    assert said is not None and text[said.start : said.end] == "Raised if a signature does not match."
    # a term called by its kind with no entry of its own: its owner's description does not say what it does
    assert headed_answer("What does the message argument of BadSignature hold?", [(hit(d), d)], known) is None


# ConfigObj 5.0's configobj.html (BSD-3-Clause) as rag reads it: each option headed apart by its quoted name and the
# value it defaults to, a blank line over its description; the reader had answered "file_error" for create_empty's.
CONFIGOBJ = (
    "ConfigObj takes the following arguments (with the default values shown) :\n\n‘create_empty’: False\n\nIf this "
    "value is True and the file specified by infile doesn’t exist, ConfigObj will create an empty file.\n\n"
    "‘interpolation’: True\n\nWhether string interpolation is switched on or not. It is on (True) by default.\n\n"
    "‘stringify’: True\n\nIf ‘stringify’ is set to True (default) then non-string values will be converted."
)


def test_a_quoted_name_with_the_value_it_defaults_to_heads_its_entry():
    page = doc(CONFIGOBJ, "configobj", suffix=".html")

    def answer(question: str) -> tuple[str, str] | None:
        found = headed_answer(question, [(hit(page), page)], known_words())
        return (
            None
            if found is None
            else (CONFIGOBJ[found.start : found.end], CONFIGOBJ[found.quote_start : found.quote_end])
        )

    assert heading_name("‘create_empty’: False") == "create_empty"
    assert heading_name("‘create_empty’: is what it is") is None  # a value, not a sentence
    assert answer("What does the create_empty option do?")[0].endswith("ConfigObj will create an empty file.")
    assert answer("What is the default of create_empty?") == ("False", "‘create_empty’: False")  # its heading's
    # not the next entry's stated default: "interpolation" ends at "‘stringify’: True"
    assert answer("Is interpolation on by default?") == ("True", "‘interpolation’: True")


# GNU Diffutils 3.8's Invoking-cmp.html (GFDL) as rag reads it: the message cmp writes, "cmp: EOF on …", and its
# options. "the cmp option --print-bytes" had been answered with the message, read as the row of "cmp".
CMP = (
    "If one file is a prefix of the other, cmp reports the shorter file’s name to standard error:\n\n"
    "cmp: EOF on shorter-file extra-info\n\nBelow is a summary of all of the options that GNU cmp accepts.\n\n"
    "-b\n--print-bytes\nPrint the differing bytes. Display control bytes as a ‘^’ followed by a letter.\n\n"
    "-l\n--verbose\nOutput the (decimal) byte numbers and (octal) values of all differing bytes.\n"
)


def test_an_option_asked_of_its_command_is_described_by_its_own_line_not_the_command_s_row():
    page = doc(CMP, "Invoking-cmp", suffix=".html")
    for question in ("What does the cmp option --print-bytes do?", "What does the --print-bytes option of cmp do?"):
        found = headed_answer(question, [(hit(page), page)], known_words())
        assert found is not None and CMP[found.start : found.end] == "Print the differing bytes."
