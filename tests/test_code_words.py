"""An answer never cuts a code word: an option, a name joined by underscores, an address, a call or a range of numbers
is taken whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer.code_words import whole_code_words

# curl 7.88's ALTSVC.md and HTTP-COOKIES.md as rag reads them (curl licence): the reader's span for "Which configure
# option enables Alt-Svc in the build?" was "-alt-svc" of "./configure --enable-alt-svc"; Vim's for "Which command
# writes the current file and closes the window?" was "wq".
CASES = [
    ("./configure --enable-alt-svc", "-alt-svc", "--enable-alt-svc"),
    ("./configure --enable-alt-svc", "enable-alt", "--enable-alt-svc"),
    ("Tell libcurl to read the cookies: CURLOPT_COOKIEFILE.", "COOKIEFILE", "CURLOPT_COOKIEFILE"),  # not its stop
    ("Tell libcurl to read the cookies: CURLOPT_COOKIEFILE.", "CURLOPT", "CURLOPT_COOKIEFILE"),
    ("edit pg_hba.conf and reload", "hba.conf", "pg_hba.conf"),
    ("the Alt-Svc: HTTP header", "Svc", "Svc"),  # prose's hyphen
    ("a well-known fact", "known", "known"),
    ("It was -40 degrees that day", "40", "40"),  # a number, no option
    ("Use git log -p to see patches", "-p", "-p"),  # whole already
    ("see --enable-alt-svc and --disable-x", "alt-svc and --disable", "--enable-alt-svc and --disable-x"),
    (":wq [++opt]        Write the current file and close the window.", "wq", ":wq"),  # Vim 9's editing.txt
    ("Type :wq to quit", "wq", ":wq"),
    ("Note:wq", "wq", "wq"),
    ("The command is: wq", "wq", "wq"),  # a colon ending its word
    ("send your report to\n\tprocps@freelists.org (no subscription)", "@freelists.org", "procps@freelists.org"),
    ("mail procps@freelists.org.", "procps", "procps@freelists.org"),  # procps' FAQ; not the stop after it
    ("Use the @property decorator", "property", "@property"),
    ("Meet @ noon", "noon", "noon"),  # an "@" apart is no word's
    # R 4.2's R-admin.html and R-intro.html (GPL): the reader marked "usr/local/bin" and "q"
    ("ahead of /usr/local/bin (the default place", "usr/local/bin", "/usr/local/bin"),
    ("install to (/opt/R)", "opt/R", "/opt/R"),
    ("either and/or both", "or", "or"),  # prose's slash
    ("./configure --prefix", "configure", "configure"),  # no path in the span: the command
    ("> q()", "q", "q()"),
    ("by running help.start() which", "help.start", "help.start()"),
    ("see (above)", "above", "above"),
    # fontconfig 2.14's fontconfig-user.pdf (MIT): the reader marked "an <int" for "What does the <rescan> element hold?"
    ("The <rescan> element holds an <int> element which", "an <int", "an <int>"),
    ("if a < b then", "a < b", "a < b"),  # a comparison, no tag
    # PostgreSQL 15's app-pgdump.html: the reader marked "+ 1" for "How many connections does pg_dump open …?"
    ("pg_dump will open njobs + 1 connections", "+ 1", "njobs + 1"),
    ("press Ctrl + C to stop", "+ C", "Ctrl + C"),
    ("a sum: 2 + 3", "3", "3"),  # an operand alone is whole
    ("items:\n+ first", "+ first", "+ first"),  # a list's marker (trim_layout's), no operator
    # aptitude 0.8's configuration reference (aptitude-doc-en): the reader marked "CmdLine" for "Which option …?"
    ("Option: Aptitude::CmdLine::Assume-Yes", "CmdLine", "Aptitude::CmdLine::Assume-Yes"),
    ("use std::vector here", "vector", "std::vector"),
    ("See the Note:: below", "below", "below"),  # no name after "::"
    ("a label:: text", "label", "label"),
    # systemd 252's UIDS-GIDS.md: the reader marked "65519" for "Which UID range is used for dynamic users?"
    ("2. 61184…65519 → UIDs for dynamic users", "65519", "61184…65519"),
    ("2. 61184…65519 → UIDs for dynamic users", "61184", "61184…65519"),
    ("the regular user range, usually 1000..60000.", "60000", "1000..60000"),
    ("the war of 1914–1918", "1918", "1918"),  # a year's dash in prose: the span the reader chose
    ("wait… 10 seconds", "10", "10"),  # an ellipsis, no range
    # Python 3.11's http.server.html and functools.html (PSF licence): the reader marked "-b" and "lru_cache"
    ("The option -b/--bind specifies a specific address", "-b", "-b/--bind"),
    ("The option -b/--bind specifies a specific address", "--bind", "-b/--bind"),
    ("Returns the same as lru_cache(maxsize=None), creating a thin wrapper", "lru_cache", "lru_cache(maxsize=None)"),
    ("the singer Beyoncé (born 1981)", "Beyoncé", "Beyoncé"),  # prose's bracket, apart from its word
    ("see the manual(s) first", "manual", "manual"),  # a plain word's bracket: no call
    # Tornado 6.2's web.html (Apache-2.0): the reader marked "autoreload" of "autoreload=True"
    (
        "Setting debug=True is equivalent to autoreload=True, compiled_template_cache=False",
        "autoreload",
        "autoreload=True",
    ),
    ("use --capture=no to disable capturing", "--capture", "--capture=no"),
    ("if x = 5 then", "x", "x"),  # an assignment spaced apart: prose's, or code's, no one word
    # NTPsec 1.2's build.html (BSD-2-Clause): the reader marked "ntp.conf" of "… by default in /etc/ntp.conf."
    ("create an NTP configuration file by default in /etc/ntp.conf.", "ntp.conf", "/etc/ntp.conf"),
    ("see ~/.config/foo.ini first", "foo.ini", "~/.config/foo.ini"),
    ("put it in src/app/main.py now", "main.py", "main.py"),  # no root: a relative path is words' as much
    ("http://example.com/a/b.html", "b.html", "b.html"),  # a URL's path is no file's
]


def test_a_code_word_the_span_cuts_is_taken_whole():
    for text, span, whole in CASES:
        start = text.index(span)
        a, b = whole_code_words(text, start, start + len(span))
        assert text[a:b] == whole, (text, span)


def test_the_passage_bounds_the_word():
    text = "xx CURLOPT_COOKIEFILE yy"
    start = text.index("COOKIE")
    assert whole_code_words(text, start, start + 6, lo=text.index("_"), hi=start + 8) == (text.index("_"), start + 8)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab_-.@:/()+*= \nXY1…", max_size=40), data=st.data())
def test_the_span_only_grows_within_its_bounds_and_then_cuts_no_code_word(text, data):
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    start = data.draw(st.integers(lo, hi))
    end = data.draw(st.integers(start, hi))
    a, b = whole_code_words(text, start, end, lo, hi)
    assert lo <= a <= start <= end <= b <= hi
    assert whole_code_words(text, a, b, lo, hi) == (a, b)
