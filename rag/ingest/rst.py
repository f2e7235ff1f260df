"""reStructuredText to readable text: docutils parses it, Sphinx's directives and roles read as Sphinx shows them,
and the page docutils writes is read as any HTML page."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from docutils import ApplicationError, nodes, utils
from docutils.core import publish_parts
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.languages import en

from rag.ingest.html import html_text
from rag.ingest.markdown import NO_TEXT_DIRECTIVES, NUMBERED_ROLES, PROSE_DIRECTIVES, VERSION_LABELS, shown_role_text
from rag.ingest.redirects import REDIRECT_TEXT, redirect_target
from rag.ingest.skip import REDIRECT, SkipFile

# Nothing read from elsewhere (no docutils.conf, no included file, no raw HTML), nothing reported.
SETTINGS = {
    "_disable_config": True,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "syntax_highlight": "none",
    "embed_stylesheet": False,
    "stylesheet_path": "",
    "output_encoding": "unicode",
}
# Sphinx's directives that show nothing: a table of contents, index entries, a module's or a highlighter's context,
# code documented from elsewhere (autodoc, literalinclude), a doctest's hidden set-up.
_SPHINX_NO_TEXT = frozenset(
    """index highlight automodule autoclass autofunction automethod autoattribute autodata
    autoexception autosummary literalinclude testsetup testcleanup tabularcolumns sectionauthor codeauthor
    moduleauthor program default-domain""".split()
)
_LABELS = {"seealso": "See also", "todo": "Todo"}  # the title Sphinx gives an admonition of its own
_CODE = frozenset("doctest testcode testoutput prompt ipython console jupyter-execute".split())  # code as written
# Sphinx's object descriptions: a signature over its description ("function:: shutil.copy(src, dst)"), in any
# domain ("py:function", "c:macro", "std:option").
_DESCRIBED = frozenset(
    """function class method staticmethod classmethod attribute property data exception decorator decoratormethod
    option cmdoption envvar describe object confval setting type member macro var struct union enum enumerator
    directive role event""".split()
)
# What Sphinx writes before a described object's signature: "class requests.Session", "exception …", "@wraps(…)".
_SIGNATURE_LEAD = {"class": "class ", "exception": "exception ", "classmethod": "classmethod ",
                   "staticmethod": "static ", "decorator": "@", "decoratormethod": "@"}  # fmt: skip
_IN_MODULE = frozenset("function class exception data decorator".split())  # shown with their module's name
_DOTTED = re.compile(r"^[\w]+\.")  # a signature naming its owner: "shutil.copy(…)", "PurePath.stem"
_DIRECTIVE_NAME = re.compile(r"^[ \t]*\.\.[ \t]+([A-Za-z][\w:+.-]*)[ \t]*::", re.MULTILINE)
_ROLE_NAME = re.compile(r"(?<![\w`]):([A-Za-z][\w:+.-]*):(?=`)")
# Sphinx's file-wide metadata, a field list opening the source (":orphan:", ":tocdepth: 2"): no text of the page
_METADATA = re.compile(r"\A(?:[ \t]*\n)*(?::(?:orphan|nocomments|nosearch|tocdepth|hide-toc):[^\n]*(?:\n|\Z))+")
_NO_TITLE = "<title>&lt;string&gt;</title>"  # docutils' name for a source without a title: its first heading titles it
_LOCK = threading.Lock()  # docutils keeps directives and roles in module globals: one document at a time


def rst_text(source: str) -> tuple[str, str]:
    """(text, title) of a reStructuredText source, as its page reads (`html.html_text`; titled by its first heading
    when no title opens it), without Sphinx's file-wide metadata; SkipFile where docutils cannot parse it, or it
    only sends its reader elsewhere (a meta refresh and little text: a page that has moved)."""
    with _sphinx_names(source):
        try:
            page = publish_parts(
                _METADATA.sub("", source, count=1), writer_name="html4css1", settings_overrides=dict(SETTINGS)
            )["whole"]
        except (ApplicationError, utils.SystemMessage) as e:
            raise SkipFile(f"could not parse reStructuredText ({e}); check it with docutils' rst2html") from None
    text, title = html_text(page.replace(_NO_TITLE, "<title></title>", 1))
    if (target := redirect_target(page)) and len(text.strip()) <= REDIRECT_TEXT:  # Sphinx's ".. meta::" refresh
        raise SkipFile(REDIRECT.format(target=target))
    return text, title


@contextmanager
def _sphinx_names(source: str) -> Iterator[None]:
    """Docutils with the Sphinx directives and roles that `source` uses and docutils lacks, for as long as it
    parses `source`; as it was afterwards (as Sphinx's own `docutils_namespace` does)."""
    with _LOCK:
        saved = dict(directives._directives), dict(roles._roles)
        try:
            for name in {m.lower() for m in _DIRECTIVE_NAME.findall(source)}:
                if (kind := _directive_kind(name)) is not None:
                    directives.register_directive(name, kind)
            for name in {m.lower() for m in _ROLE_NAME.findall(source)} - (set(en.roles) - NUMBERED_ROLES):
                roles.register_local_role(name, _role)
            yield
        finally:
            directives._directives.clear()
            directives._directives.update(saved[0])
            roles._roles.clear()
            roles._roles.update(saved[1])


def _directive_kind(name: str) -> type[Directive] | None:
    """How a directive named `name` reads: None for docutils' own, except where Sphinx's differs ("class", an
    object's description; "include", no text here)."""
    bare = name.rsplit(":", 1)[-1]
    if bare in ("module", "currentmodule"):
        return _Module
    if bare in NO_TEXT_DIRECTIVES or bare in _SPHINX_NO_TEXT:
        return _NoText
    if bare in _DESCRIBED or (":" in name and bare not in en.directives):
        return _Described
    if name in en.directives:
        return None
    if bare in VERSION_LABELS:
        return _Version
    if bare in _CODE:
        return _Code
    return _Prose  # Sphinx's containers and admonitions (PROSE_DIRECTIVES), and any other: its text as prose


class _AnyOptions(dict):
    """Every option a directive is given is accepted, as text (Sphinx's extensions define many)."""

    def __missing__(self, key: str):
        return directives.unchanged


_OPTIONS = _AnyOptions({"name": directives.unchanged, "class": directives.unchanged})  # not empty: read as options


class _Any(Directive):
    """A directive taking any arguments, options and content."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _OPTIONS
    has_content = True

    def body(self) -> list[nodes.Node]:
        box = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, box)
        return list(box.children)

    def inline(self, text: str) -> nodes.paragraph:
        """`text` as a paragraph, its roles and markup read."""
        return nodes.paragraph("", "", *self.state.inline_text(" ".join(text.split()), self.lineno)[0])


class _NoText(_Any):
    def run(self) -> list[nodes.Node]:
        return []


class _Module(_NoText):
    """The module that the objects described after it belong to, as Sphinx names them ("shutil.copy")."""

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip() if self.arguments else ""
        self.state.document.rag_module = "" if name == "None" else name
        return []


class _Prose(_Any):
    """Its argument as a title ("Unix" of a tab, "Module os" of a "seealso") over its content, read as
    reStructuredText; a directive of Sphinx's extensions without content shows something made of its argument
    that only Sphinx knows how to make, so nothing."""

    def run(self) -> list[nodes.Node]:
        kind = self.name.rsplit(":", 1)[-1]
        if not self.content and kind not in PROSE_DIRECTIVES:
            return []
        title = [self.inline(self.arguments[0])] if self.arguments else []
        label = [nodes.paragraph(text=_LABELS[kind])] if kind in _LABELS else []
        return label + title + self.body()


class _Code(_Any):
    def run(self) -> list[nodes.Node]:
        code = "\n".join(self.content)
        return [nodes.literal_block(code, code)] if code.strip() else []


class _Version(_Any):
    """As Sphinx shows it: "Changed in version 20.0: pip now caches …", "New in version 6.0."."""

    def run(self) -> list[nodes.Node]:
        words = (self.arguments[0] if self.arguments else "").split(None, 1)  # the version, and text may follow it
        label = VERSION_LABELS[self.name.rsplit(":", 1)[-1]].format(words[0] if words else "").strip()
        body = [self.inline(words[1])] if len(words) > 1 else []
        body += self.body()
        if body and isinstance(body[0], nodes.paragraph):
            body[0].insert(0, nodes.Text(f"{label}: "))
            return body
        return [nodes.paragraph(text=f"{label}."), *body]


class _Described(_Any):
    """A signature (one per line of its argument) over its description, as a definition list's term and
    definition, which a page reads as a term line and the text describing it."""

    def run(self) -> list[nodes.Node]:
        signatures = [s.strip() for s in (self.arguments[0] if self.arguments else "").splitlines() if s.strip()]
        module, kind = getattr(self.state.document, "rag_module", ""), self.name.rsplit(":", 1)[-1]
        if module and kind in _IN_MODULE:
            signatures = [s if _DOTTED.match(s) else f"{module}.{s}" for s in signatures]
        signatures = [_SIGNATURE_LEAD.get(kind, "") + s for s in signatures]
        item = nodes.definition_list_item()
        item.extend(nodes.term(s, s) for s in signatures)
        item.append(nodes.definition("", *self.body()))
        return [nodes.definition_list("", item)]


def _role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """A Sphinx role docutils lacks (":func:", ":ref:", ":option:"): what Sphinx shows of it, as code."""
    return [nodes.literal(rawtext, shown_role_text(name.lower(), utils.unescape(text)))], []
