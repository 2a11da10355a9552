"""parse_file: bytes in, the same bytes out, with a stated decoding policy."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import reviewparse
from reviewparse import ReviewDecodeError


def test_utf8_bom_roundtrip(tmp_path: Path, reference_text: str) -> None:
    data = codecs.BOM_UTF8 + reference_text.encode()
    source = tmp_path / "page.txt"
    source.write_bytes(data)
    loaded = reviewparse.parse_file(source)
    assert loaded.page.bom and loaded.encoding == "utf-8"
    assert loaded.page.year == 2012
    loaded.write(tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_bytes() == data


def test_invalid_utf8_is_kept_and_reported(tmp_path: Path, reference_text: str) -> None:
    data = reference_text.encode().replace(b"Fox", b"F\xffox", 1)
    source = tmp_path / "page.txt"
    source.write_bytes(data)
    loaded = reviewparse.parse_file(source)
    assert loaded.to_bytes() == data
    offset = data.index(b"\xff")
    assert f"byte offset {offset}" in loaded.page.diagnostics[0].message
    with pytest.raises(ReviewDecodeError) as info:
        reviewparse.parse_file(source, strict=True)
    assert info.value.offset == offset
    assert info.value.line == 8
    assert "bytes ff" in str(info.value)


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_32_with_bom(tmp_path: Path, reference_text: str, codec: str) -> None:
    data = reference_text.replace("\n", "\r\n").encode(codec)  # Python writes the BOM
    loaded = reviewparse.parse_bytes(data)
    assert loaded.page.stars[0] == "Paul Dano"
    assert loaded.to_bytes() == data


def test_latin1_forced(reference_text: str) -> None:
    data = reference_text.replace("Zoe", "Zoë").encode("latin-1")
    loaded = reviewparse.parse_bytes(data, encoding="latin-1")
    assert "Zoë Kazan" in loaded.page.stars
    assert loaded.to_bytes() == data


def test_edit_and_write_back_keeps_other_bytes(tmp_path: Path, reference_text: str) -> None:
    data = reference_text.replace("\n", "\r\n").encode()
    loaded = reviewparse.parse_bytes(data)
    edited = loaded.to_bytes(loaded.page.with_credit("music", "Someone"))
    assert edited == data.replace(b"Music- Nick Urata", b"Music- Someone")
