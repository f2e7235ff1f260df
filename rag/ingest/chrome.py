"""Which HTML elements are page chrome (navigation, banners, footers, hidden parts), never the page's text."""

from __future__ import annotations

import re

# Never text: code, metadata, and page furniture wherever it appears.
DROPPED_TAGS = frozenset(
    {
        "script", "style", "head", "noscript", "template", "svg", "nav", "aside", "footer", "form", "button",
        "select", "iframe", "object", "dialog", "menu",
    }
)  # fmt: skip
DROPPED_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "toolbar", "dialog"}
)
# class words of navigation and chrome (a class "mobile-nav" has the words mobile and nav; "no-sidebar" has none:
# `chrome_words`; "viewcode-link" is Sphinx's "[source]" after a signature); an id names chrome only when all its words are these or `LAYOUT_PARTS` (`is_chrome_id`).
DROPPED_WORDS = frozenset(
    """nav navbar navigation navheader navfooter menu sidebar sphinxsidebar related breadcrumb breadcrumbs
    footer cookie cookies consent gdpr banner toc headerlink permalink skip share social advert advertisement
    ads sponsor switcher searchbox search pagination pager prevnext tagline nosearch noindex viewcode
    lineno linenos linenodiv ttc""".split()
)  # lineno(s): a code listing's line numbers, its gutter (Doxygen, Pygments); ttc: Doxygen's tooltips, hidden
_WORD_SPLIT = re.compile(r"[\s_-]+")
_LAYOUT_WORDS = frozenset({"no", "has", "with", "without"})  # "no-sidebar": a layout without one
_CONTENT_WORDS = frozenset({"backref"})  # "toc-backref": a section's heading, linking back to the contents
# Words that name where chrome sits or what holds it ("site-nav", "footer-text", "left-sidebar"): an id of these and
# chrome words names chrome; an id with any other word is a text's anchor ("guc-search-path", "skip-return-code").
LAYOUT_PARTS = frozenset(
    """main site page top bottom left right primary secondary global mobile box bar wrapper container area links
    inner outer panel region widget text results progress form input header""".split()
)
_PAGE_TAGS = frozenset({"html", "body"})  # the page itself: its class names its layout, never chrome
# Elements whose id is an anchor of the text they hold, never a layout's name: a heading's ("nav", MkDocs' setting;
# "related", Apache's "Related Modules and Directives"), a term's, a section's (Flask's and Requests' "cookies"
# sections, Javadoc's field MENU)
_ANCHORED_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "section"})
_LOCAL_CONTENTS = frozenset({"contents", "topic"})  # docutils' "contents" directive: <div class="contents topic">
# A manual's index of terms or table of contents, each entry a link to the text (Sphinx's genindex and modindex
# pages, DocBook's book index, GNU Texinfo's "index-cp" tables, its 7.x "cp-entries-printindex"): the text is read
# where it is.
_LINK_LISTS = re.compile(
    r"(?:gen|mod)?indextable|indexdiv(?:-quicklinks)?|(?:gen|mod)index-jumpbox|index-[a-z]{2}|[a-z]+-\w*printindex"
)
_TOCTREE = "toctree-wrapper"


# A mark that points to a footnote: DPUB-ARIA's role (Sphinx, pandoc), the class Sphinx, Python-Markdown and
# pandoc give it, GNU Texinfo's link to "#FOOT6"; the footnote itself is text where the page has it.
_NOTE_CLASSES = frozenset({"footnote-reference", "footnote-ref", "footnoteref"})
_TEXINFO_NOTE = re.compile(r"#FOOT\d+")


def is_note_mark(tag: str, attrs: dict[str, str | None]) -> bool:
    """Whether an element is a footnote's reference mark ("6" of ".RData6", Sphinx's "[1]"), never text."""
    if tag != "a":
        return False
    classes = set((attrs.get("class") or "").lower().split())
    return (
        attrs.get("role") == "doc-noteref"
        or bool(classes & _NOTE_CLASSES)
        or bool(_TEXINFO_NOTE.fullmatch(attrs.get("href") or ""))
    )


def is_toctree(attrs: dict[str, str | None]) -> bool:
    """Whether an element is a Sphinx toctree: the links to a manual's pages, or, in a "singlehtml" build, those
    pages' text (Pacemaker Explained's index.html, all 846 KB of it, had read as its title and abstract)."""
    return _TOCTREE in (attrs.get("class") or "").split()


def is_toctree_links(tag: str, attrs: dict[str, str | None]) -> bool:
    """Whether an element right inside a toctree is its list of links, or that list's caption ("Contents:")."""
    return tag in ("ul", "ol") or "caption" in (attrs.get("class") or "").split()


def chrome_words(value: str | None) -> set[str]:
    """The words of a class value that may name chrome: every class name's words, less the names that say a
    layout has or lacks a part ("no-sidebar", "has-sidebar", "with-toc" name the page, not its sidebar) and those
    of content ("toc-backref")."""
    names = ([w for w in _WORD_SPLIT.split(name.lower()) if w] for name in (value or "").split())
    return {
        w
        for words in names
        if words and words[0] not in _LAYOUT_WORDS and not _CONTENT_WORDS & set(words)
        for w in words
    }


def is_chrome_id(value: str | None) -> bool:
    """Whether an id names chrome: all its words chrome or layout words ("footer", "searchbox", "site-nav"), or
    "toc" first (an entry of a table of contents, as Texinfo names them: "toc-Introduction-1"). Ids are anchors
    too, made of a heading's words: "guc-search-path" (PostgreSQL's search_path), "skip-return-code" (CMake's
    SKIP_RETURN_CODE), "cookie-objects" (a section of Python's http.cookiejar) are text."""
    words = [w for w in _WORD_SPLIT.split((value or "").lower()) if w]
    if not words or words[0] == "toc":
        return bool(words)
    return all(w in DROPPED_WORDS or w in LAYOUT_PARTS for w in words) and bool(DROPPED_WORDS & set(words))


def is_main(tag: str, attrs: dict[str, str | None]) -> int | None:
    """How surely this element holds the page's main content (0 surest), or None."""
    if tag == "main" or attrs.get("role") == "main":
        return 0
    if tag == "article":
        return 1
    return None


def is_chrome(tag: str, attrs: dict[str, str | None], in_content: bool) -> bool:
    """True for elements that are never the page's text: navigation, banners, footers, hidden parts, footnotes'
    reference marks (`in_content`: inside the page's main element, an <article> or a <section>)."""
    if tag in DROPPED_TAGS or "hidden" in attrs or attrs.get("aria-hidden") == "true" or is_note_mark(tag, attrs):
        return True
    if (attrs.get("role") or "") in DROPPED_ROLES:
        return True
    if re.search(r"display\s*:\s*none", attrs.get("style") or "", re.I):
        return True
    if tag == "header" and not in_content:  # the site's banner (ARIA's implicit role); inside content, its heading
        return True
    if tag in ("div", "table") and (attrs.get("class") or "").strip() == "header":
        return True  # GNU Texinfo's node links ("Next: …, Previous: …, Up: …" or "[ < ] | [ Up ] | [ > ]")
    if tag in _PAGE_TAGS:
        return False
    if any(_LINK_LISTS.fullmatch(name) for name in (attrs.get("class") or "").lower().split()):
        return True
    classes = chrome_words(attrs.get("class"))
    if _LOCAL_CONTENTS <= classes:
        return True  # a page's own table of contents, as docutils writes it (CMake's manual, on every page)
    return bool(classes & DROPPED_WORDS) or (tag not in _ANCHORED_TAGS and is_chrome_id(attrs.get("id")))


_LABEL_FIRST = re.compile(r"^(?:\w+ ){0,2}\w+:")  # "Jump to:" before a letter bar


def is_letter_bar(text: str) -> bool:
    """Whether a table's text is an index's bar of letters to jump to, maybe after its label ("Jump to: | ! # A B
    C …", "Jump to: | A C F V", as GNU Texinfo heads and ends each index): four or more marks of a character or
    two, nothing else, three or more of them letters in alphabetical order (not a table of values: "0 | 1 | 1 | 0",
    "T | F | T | F")."""
    marks = _LABEL_FIRST.sub("", text.strip()).replace("|", " ").split()
    letters = [m for m in marks if len(m) == 1 and m.isalpha()]
    ordered = all(a < b for a, b in zip(letters, letters[1:]))
    return len(marks) >= 4 and len(letters) >= 3 and ordered and all(len(m) <= 2 for m in marks)
