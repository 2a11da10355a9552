"""The decoding policy end to end: which codec, what a bad byte costs, and byte-exact write-back.

Policy (reviewparse._core.files, docs/cli.md "What fails means", docs/reliability.md):
a UTF-16/32 byte-order mark picks that codec, else UTF-8; ``--encoding`` (or
``encoding=``) forces one. Invalid UTF-8 is kept as lone surrogates in lenient
``parse_bytes``/``parse`` (with a diagnostic naming the byte offset) and is an error
naming the offset in strict mode and in ``convert`` (a record must be valid
UTF-8 JSON). Other codecs have no lenient escape: invalid UTF-16 is always an
error naming the offset. tests/test_files.py and tests/test_cli_render.py cover
UTF-8, UTF-8/16/32 with BOM and forced Latin-1 in the library and the UTF-16 LE
round trip through convert and render; tests/test_cli_convert.py an unknown --encoding.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from cli_support import read_jsonl, run_cli

import reviewparse
from reviewparse import ReviewDecodeError
from reviewparse._cli import main

PAGE = "Home > Films > Amélie\r\n\r\nAmélie\r\n\r\nYear - 2001\r\nMusic - Yann Tiersen\r\n"


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
     ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)],
)  # fmt: skip
def test_invalid_wide_encodings_name_the_byte_offset(codec: str, bom: bytes) -> None:
    good = bom + PAGE.encode(codec)
    width = 2 if "16" in codec else 4
    for tail, why in [(b"\x00" * (width - 1), "truncated"), (_lone_surrogate(codec), "")]:
        data = good + tail
        for strict in (True, False):  # no lenient escape for these codecs
            with pytest.raises(ReviewDecodeError) as caught:
                reviewparse.parse_bytes(data, strict=strict)
            error = caught.value
            assert error.offset == len(good)
            assert f"invalid {codec} at byte offset {len(good)}" in error.message
            assert why in error.message
            assert (error.line, error.column) == (7, 1)  # after the page's last break


def _lone_surrogate(codec: str) -> bytes:
    if "16" in codec:
        return b"\x00\xd8" if codec.endswith("le") else b"\xd8\x00"
    return b"\x00\xd8\x00\x00" if codec.endswith("le") else b"\x00\x00\xd8\x00"


def test_invalid_utf8_offset_counts_bytes_not_characters() -> None:
    data = "Amélie – “x”\n\nYear - 2001\n".encode() + b"Music - \xc3\x28\n"
    offset = data.index(b"\xc3\x28")
    page = reviewparse.parse_bytes(data)
    assert page.to_bytes() == data
    assert page.page.diagnostics[0].message.startswith(f"invalid UTF-8 at byte offset {offset}")
    with pytest.raises(ReviewDecodeError) as caught:
        reviewparse.parse_bytes(data, strict=True)
    assert caught.value.offset == offset
    assert "bytes c3" in caught.value.message  # the bad byte itself, in hex
    assert (caught.value.line, caught.value.column) == (4, 9)  # a column in characters


ENCODED = {
    "utf8.txt": PAGE.encode("utf-8"),
    "utf8-bom.txt": codecs.BOM_UTF8 + PAGE.encode("utf-8"),
    "utf16-le.txt": PAGE.encode("utf-16"),  # little-endian, with its BOM
    "utf16-be.txt": codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"),
    "utf32.txt": PAGE.encode("utf-32"),
}
LATIN1 = PAGE.replace("Films", "Film à l'affiche").encode("latin-1")
ACCENT = "à".encode("latin-1")


def test_convert_then_render_is_byte_exact_for_every_valid_encoding(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    for name, data in ENCODED.items():
        (dump / name).write_bytes(data)
    (dump / "z-latin1.txt").write_bytes(LATIN1)
    (dump / "z-bad.txt").write_bytes(PAGE.encode() + b"\xff")
    records = tmp_path / "pages.jsonl"
    assert main(["convert", str(dump), "-o", str(records), "-q", "-j", "1"]) == 1
    kept = {r["path"]: r["encoding"] for r in read_jsonl(records)}
    assert kept == {"utf8.txt": "utf-8", "utf8-bom.txt": "utf-8", "utf16-le.txt": "utf-16-le",
                    "utf16-be.txt": "utf-16-be", "utf32.txt": "utf-32-le"}  # fmt: skip
    report = {e["path"]: e for e in read_jsonl(tmp_path / "pages.jsonl.errors.jsonl")}
    assert sorted(report) == ["z-bad.txt", "z-latin1.txt"]  # the pages that are not UTF-8
    assert report["z-bad.txt"]["offset"] == len(PAGE.encode())
    assert report["z-latin1.txt"]["offset"] == LATIN1.index(ACCENT)
    assert all(e["kind"] == "decode" and not e["record"] for e in report.values())
    assert main(["render", str(records), "-o", str(tmp_path / "back"), "-q"]) == 0
    for name, data in ENCODED.items():
        assert (tmp_path / "back" / name).read_bytes() == data

    # Latin-1 pages convert when the codec is named, and render back to the same bytes.
    latin = tmp_path / "latin.jsonl"
    args = ["convert", str(dump / "z-latin1.txt"), "-o", str(latin), "-q", "--encoding", "latin-1"]
    assert main(args) == 0
    (record,) = read_jsonl(latin)
    assert record["encoding"] == "latin-1" and record["breadcrumb"][1] == "Film à l'affiche"
    assert main(["render", str(latin), "-o", str(tmp_path / "back-latin"), "-q"]) == 0
    assert (tmp_path / "back-latin" / "z-latin1.txt").read_bytes() == LATIN1


def test_parse_command_reads_a_named_codec_and_writes_back_byte_exact(tmp_path: Path) -> None:
    page = tmp_path / "latin.txt"
    page.write_bytes(LATIN1)
    strict = run_cli("parse", page, "--strict")
    assert strict.returncode == 1
    assert f"byte offset {LATIN1.index(ACCENT)}" in strict.stderr
    forced = run_cli("parse", page, "--strict", "--encoding", "latin-1")
    assert forced.returncode == 0, forced.stderr
    assert "Film à l'affiche" in forced.stdout
    loaded = reviewparse.parse_file(page, encoding="latin-1")
    loaded.write(tmp_path / "back.txt")
    assert (tmp_path / "back.txt").read_bytes() == LATIN1
