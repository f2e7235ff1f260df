"""Decode a text file's bytes: a byte-order mark, else UTF-8, else the encoding charset-normalizer detects."""

from __future__ import annotations

import codecs

from rag.ingest.skip import SkipFile

UTF8 = "utf-8"
# UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CP1252_MARGIN = 0.1  # chaos (share of odd characters) cp1252 may exceed the best fit by
_WIDE = ("utf_16", "utf_32")  # the only encodings whose text holds NUL bytes
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def bom_encoding(raw: bytes) -> str | None:
    """The encoding a byte-order mark at the start of `raw` names, if there is one."""
    return next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)


def binary_reason(text: str) -> str | None:
    """Why decoded `text` is not text after all: it holds NULs, or more than 1 in 100 of its characters
    are control characters. None for text."""
    if "\x00" in text:
        return "binary file (contains NUL bytes)"
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    return "binary file (contains control bytes)" if controls > len(sample) // 100 else None


def _detect(raw: bytes) -> str | None:
    """The encoding of `raw` (Python's codec name) by charset-normalizer, or None when nothing fits.

    On short files several single-byte Latin encodings fit equally well, and the detector's pick among
    them is arbitrary (cp1250 for French text); cp1252, by far the most common legacy encoding (and
    what browsers read for "latin-1"), wins whenever it decodes the bytes nearly as cleanly as the best.
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    sample = raw[: 1 << 20]
    best = from_bytes(sample).best()
    if best is None:
        return None
    if b"\x00" in raw:
        return codecs.lookup(best.encoding).name if best.encoding.startswith(_WIDE) else None
    try:
        western = sample.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and mess_ratio(western, maximum_threshold=1.0) <= best.chaos + CP1252_MARGIN:
        return "cp1252"
    return codecs.lookup(best.encoding).name


def decode(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of text bytes: a BOM wins, then `declared` (e.g. an HTML <meta charset>), then
    UTF-8, then detection. Raises SkipFile for binary or undecodable bytes, saying which."""
    enc = bom_encoding(raw)
    candidates = [enc] if enc else [e for e in (declared, UTF8) if e]
    for candidate in dict.fromkeys(candidates):
        try:
            text = raw.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        if reason := binary_reason(text):
            raise SkipFile(reason)
        return text, "utf-8" if candidate == "utf-8-sig" else codecs.lookup(candidate).name
    if enc:
        raise SkipFile(f"not valid {enc} text although it starts with a {enc} byte-order mark")
    detected = _detect(raw)
    if detected is None:
        if b"\x00" in raw:
            raise SkipFile("binary file (contains NUL bytes)")
        raise SkipFile("not UTF-8, and no other text encoding fits it; convert it to UTF-8")
    text = raw.decode(detected, errors="replace")
    if reason := binary_reason(text):
        raise SkipFile(reason)
    return text, detected
