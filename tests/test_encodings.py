"""Text files in any encoding people have: UTF-8 (with or without a BOM), UTF-16/32 with a BOM, and
legacy single-byte encodings (cp1252, Latin-1, cp1251) found by charset-normalizer; binary is skipped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.ingest.decode import decode
from rag.ingest.readers import SkipFile, read_document

FRENCH = "Le café était fermé. Il a dû revenir à la maison, déçu, après une longue journée à Paris."
QUOTES = "Don’t panic — the “smart” quotes and the € sign are cp1252’s, not Latin-1’s."
RUSSIAN = "Привет! Это тест кодировки: Москва — столица России, и здесь очень холодно зимой."


@pytest.mark.parametrize(
    ("text", "encoding", "reported"),
    [
        (FRENCH, "utf-8", "utf-8"),
        (FRENCH, "utf-8-sig", "utf-8"),
        (FRENCH, "utf-16", "utf-16"),
        (FRENCH, "utf-32", "utf-32"),
        (QUOTES, "utf-16", "utf-16"),
        (FRENCH, "cp1252", "cp1252"),
        (QUOTES, "cp1252", "cp1252"),
        (FRENCH, "latin-1", "cp1252"),  # Latin-1's letters are cp1252's: the same text
        (RUSSIAN, "cp1251", "cp1251"),
    ],
)
def test_text_comes_back_exactly_with_the_encoding_used(text, encoding, reported):
    got, used = decode(text.encode(encoding))
    assert got == text
    assert used == reported


def test_an_html_meta_charset_is_honoured():
    raw = "Ol\xe9 se\xf1or".encode("iso-8859-15")
    assert decode(raw, "iso8859-15") == ("Olé señor", "iso8859-15")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"abc\x00\x01\x02def", "binary file (contains NUL bytes)"),
        (bytes(range(256)) * 8, "binary file (contains NUL bytes)"),
        (b"\x01\x02\x03\x04\x05\x06 text \x07\x08" * 20, "binary file (contains control bytes)"),
    ],
)
def test_binary_is_skipped_with_the_reason(raw, reason):
    with pytest.raises(SkipFile) as info:
        decode(raw)
    assert str(info.value) == reason


def test_read_document_records_a_legacy_encoding(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_bytes(("Menu\n" + QUOTES).encode("cp1252"))
    doc = read_document(path, "menu.txt")
    assert doc.text == "Menu\n" + QUOTES and doc.title == "Menu" and doc.encoding == "cp1252"
    utf8 = tmp_path / "plain.txt"
    utf8.write_text(QUOTES, encoding="utf-8")
    assert read_document(utf8, "plain.txt").encoding == ""


@given(st.text(min_size=1).filter(lambda t: "\x00" not in t))
def test_utf8_and_boms_round_trip(text):
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        try:
            got, _ = decode(text.encode(encoding))
        except SkipFile:  # text made mostly of control characters is not text
            continue
        assert got == text
