"""An ordered list's item markers as a browser shows them: "1.", "b.", "iv."; none for a bulleted list."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The marker styles of <ol type="…">, of docutils' classes ("arabic", "loweralpha") and of CSS list-style-type.
_TYPES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
_CLASSES = {
    "arabic": "decimal",
    "loweralpha": "lower-alpha",
    "upperalpha": "upper-alpha",
    "lowerroman": "lower-roman",
    "upperroman": "upper-roman",
}
_CSS_TYPE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)")
_STYLES = frozenset(_CLASSES.values()) | {"none"}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
LIST_TAGS = frozenset({"ol", "ul", "menu"})
# A list item's number or letter opening its line, as an ordered list reads ("7. ", "b) ", "iv. ")
_ITEM_MARKER = re.compile(r"^([ \t]*)(?:\d{1,3}|[A-Za-z]|[ivxIVX]{2,4})[.)][ \t]+(?=\S)", re.MULTILINE)


def roman(n: int) -> str:
    """n (≥ 1) in lower-case Roman numerals: 4 → "iv"."""
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def alpha(n: int) -> str:
    """n (≥ 1) as a browser letters a list item: 1 → "a", 26 → "z", 27 → "aa"."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def marker(n: int, style: str) -> str:
    """Item `n`'s marker in `style` ("3.", "c.", "iii."); "" where the style has none or cannot show n."""
    if style == "decimal":
        return f"{n}."
    if n < 1 or style not in _STYLES - {"none"}:
        return ""
    letters = alpha(n) if style.endswith("alpha") else roman(n)
    return (letters.upper() if style.startswith("upper") else letters) + "."


def list_style(tag: str, attrs: dict[str, str | None]) -> str:
    """The marker style a list's items show: its CSS list-style-type, else its type, else a docutils class;
    "decimal" for any other <ol>, "none" for a bulleted list."""
    if tag != "ol":
        return "none"
    css = _CSS_TYPE.search((attrs.get("style") or "").lower())
    if css and css.group(1) in _STYLES:
        return css.group(1)
    if (attrs.get("type") or "") in _TYPES:
        return _TYPES[attrs["type"] or ""]
    classes = (attrs.get("class") or "").split()
    return next((_CLASSES[c] for c in classes if c in _CLASSES), "decimal")


def _number(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


@dataclass
class OpenList:
    """A list being read: its marker style and the number its next item takes."""

    style: str
    next: int
    step: int

    @classmethod
    def of(cls, tag: str, attrs: dict[str, str | None]) -> OpenList:
        """A list opened by `tag` with `attrs`: counting from its start, down when reversed (which, with no
        start, would need the items' count, so shows no numbers)."""
        style, start = list_style(tag, attrs), _number(attrs.get("start"))
        backwards = "reversed" in attrs
        if backwards and start is None:
            style = "none"
        return cls(style, 1 if start is None else start, -1 if backwards else 1)

    def item(self, value: str | None) -> str:
        """The next item's marker ("" for none); an item's own value renumbers it and those after it."""
        n = _number(value)
        n = self.next if n is None else n
        self.next = n + self.step
        return marker(n, self.style)


def unmarked(text: str) -> str:
    """`text` without the markers that open its list items' lines ("1. Maximum length of a string or BLOB" reads
    "Maximum length of a string or BLOB"): what the embedder reads. A marker moved the passage's embedding far
    (its cosine with "Which macro sets the maximum length of strings and BLOBs?" fell from 0.52 to 0.44, out of
    the passages read), and says nothing a question asks for that the text's own words do not."""
    return _ITEM_MARKER.sub(r"\1", text)
