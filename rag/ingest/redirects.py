"""Whether an HTML page only sends its reader elsewhere: a meta refresh to another URL."""

from __future__ import annotations

import re

_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_REFRESH_URL = re.compile(r"^\s*[\d.]*\s*[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"\s][^'\"]*)", re.I)
REDIRECT_TEXT = 300  # at most this much text of its own: a redirect page, not a page that also reloads itself


def redirect_target(html: str) -> str | None:
    """Where a page's <meta http-equiv="refresh" content="0; url=…"> sends its reader ("Invoking-cmp.html#cmp-
    Options", as GNU Texinfo's pages for each old node name do); None when it has none."""
    for tag in _META.findall(html):
        attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(tag)}
        if attrs.get("http-equiv", "").lower() == "refresh" and (url := _REFRESH_URL.match(attrs.get("content", ""))):
            return url.group(1).strip()
    return None
