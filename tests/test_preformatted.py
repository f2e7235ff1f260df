"""Words a manual page's formatter hyphenated across the lines of an HTML <pre>, re-joined."""

from __future__ import annotations

from rag.ingest.html import html_text
from rag.ingest.preformatted import rejoin_hyphenated

# Postfix 3.7's postconf(1) and postsuper(1) (IBM Public License / EPL-2.0), as their HTML's <pre>s hold them.
MANUAL = [
    "       config_directory (see 'postconf -d' output)",
    "              The  default  location of the Postfix main.cf and master.cf con-",
    "              figuration files.",
    "              To  delete multiple files, specify the -d option multiple times, or recipi-",
    "              ent.",
    "              the self-",
    "              contained rule",
    "x = a -",
    "    b",
]


def test_a_word_broken_at_a_line_s_end_is_whole_on_its_first_line():
    """ "configuration" was two words, "con-" and "figuration", which no search for it found; a fragment alone on its
    line takes the line with it; a short line (code's) or a break after no letter is left as it is."""
    assert rejoin_hyphenated(MANUAL) == [
        "       config_directory (see 'postconf -d' output)",
        "              The  default  location of the Postfix main.cf and master.cf configuration",
        "              files.",
        "              To  delete multiple files, specify the -d option multiple times, or recipient.",
        "              the self-",
        "              contained rule",
        "x = a -",
        "    b",
    ]


def test_an_html_pre_reads_its_broken_words_whole():
    text, _ = html_text("<html><body><pre>" + "\n".join(MANUAL[:3]) + "</pre><p>A para-\ngraph.</p></body></html>")
    assert "master.cf configuration\n              files." in text
    assert "A para- graph." in text  # prose outside a <pre> is not a manual page's
