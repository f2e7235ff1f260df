"""File names, ids and messages as the console shows them: characters that could fake output escaped."""

from __future__ import annotations

import unicodedata

# Controls (newline, escape, ...), format characters (right-to-left override and the other bidi
# controls, zero-width characters), undecodable bytes of a file name (lone surrogates), and the
# Unicode line and paragraph separators.
UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # embeddings, overrides, isolates


def escaped(ch: str) -> str:
    """One unsafe character as Python would write it in a string literal (a file name's raw byte as \\xNN)."""
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(name: object) -> str:
    """`name` as one safe line: control, bidi and other invisible format characters escaped, the rest as is."""
    text = str(name)
    if text.isprintable():
        return text
    return "".join(escaped(ch) if unicodedata.category(ch) in UNSAFE else ch for ch in text)


def shown_text(text: str) -> str:
    """Document text for the console: control characters other than whitespace (a terminal's escape
    sequences, bells) and bidi overrides escaped; whitespace, marks and all other text kept."""
    if text.isprintable():
        return text
    return "".join(
        escaped(ch) if (unicodedata.category(ch) == "Cc" and not ch.isspace()) or ch in BIDI_CONTROLS else ch
        for ch in text
    )
