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
import json
from pathlib import Path

import pytest
from cli_support import read_jsonl, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

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
                    "utf16-be.txt": "utf-16-be", "utf32.txt": "utf-32-le",
                    "z-latin1.txt": "cp1252"}  # fmt: skip
    report = {e["path"]: e for e in read_jsonl(tmp_path / "pages.jsonl.errors.jsonl")}
    assert sorted(report) == ["z-bad.txt"]  # UTF-8 with a stray byte: no legacy codec fits
    assert report["z-bad.txt"]["offset"] == len(PAGE.encode())
    assert all(e["kind"] == "decode" and not e["record"] for e in report.values())
    assert main(["render", str(records), "-o", str(tmp_path / "back"), "-q"]) == 0
    for name, data in {**ENCODED, "z-latin1.txt": LATIN1}.items():
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
    strict = run_cli("parse", page, "--strict", "--encoding", "utf-8")
    assert strict.returncode == 1
    assert f"byte offset {LATIN1.index(ACCENT)}" in strict.stderr
    guessed = run_cli("parse", page, "--strict")  # --encoding auto
    assert guessed.returncode == 0, guessed.stderr
    assert json.loads(guessed.stdout)["encoding"] == "cp1252"
    forced = run_cli("parse", page, "--strict", "--encoding", "latin-1")
    assert forced.returncode == 0, forced.stderr
    assert "Film à l'affiche" in forced.stdout
    loaded = reviewparse.parse_file(page, encoding="latin-1")
    loaded.write(tmp_path / "back.txt")
    assert (tmp_path / "back.txt").read_bytes() == LATIN1


# -- --encoding auto: a BOM, then UTF-8, then a guess; a forced codec never over a BOM ------
LEGACY = {  # pages long enough for a guess, each in a codec that is not UTF-8
    "koi8-r": "Андрей Рублёв\n\nРежиссёр - Андрей Тарковский\nВ ролях - Анатолий Солоницын, "
    "Иван Лапиков\nГод - 1966\n\nФильм о жизни иконописца Андрея Рублёва в эпоху "
    "татаро-монгольского нашествия.\n",
    "cp1251": "Андрей Рублёв\n\nРежиссёр - Андрей Тарковский\nВ ролях - Анатолий Солоницын, "
    "Иван Лапиков\nГод - 1966\n\nФильм о жизни иконописца Андрея Рублёва в эпоху "
    "татаро-монгольского нашествия.\n",
    "cp932": "七人の侍\n\n監督 - 黒澤明\n出演 - 三船敏郎、志村喬\n公開 - 1954年\n\n"
    "戦国時代の農村を野武士から守るために雇われた七人の侍の物語。\n",
    "cp1252": "Les Quatre Cents Coups\n\nRéalisateur - François Truffaut\nAnnée - 1959\n"
    "Musique - Jean Constantin\n\nAntoine Doinel, un garçon de douze ans, fait l’école "
    "buissonnière à Paris : « c’est la vie ».\n",
}


def test_auto_decides_each_page_and_records_the_codec_it_used(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    pages = {f"{codec}.txt": text.encode(codec) for codec, text in LEGACY.items()}
    pages |= {"utf8.txt": PAGE.encode(), "utf16.txt": PAGE.encode("utf-16")}
    for name, data in pages.items():
        (dump / name).write_bytes(data)
    records = tmp_path / "pages.jsonl"
    assert main(["convert", str(dump), "-o", str(records), "-q", "-j", "2"]) == 0
    by_path = {record["path"]: record for record in read_jsonl(records)}
    used = {path: record["encoding"] for path, record in by_path.items()}
    assert used == {f"{codec}.txt": codec for codec in LEGACY} | {
        "utf8.txt": "utf-8",
        "utf16.txt": "utf-16-le",
    }
    assert by_path["cp932.txt"]["title"] == "七人の侍"
    assert main(["render", str(records), "-o", str(tmp_path / "back"), "-q"]) == 0
    for name, data in pages.items():
        assert (tmp_path / "back" / name).read_bytes() == data


def test_utf8_with_a_stray_byte_is_not_guessed_into_another_codec() -> None:
    data = PAGE.encode() + b"\xff"
    with pytest.raises(ReviewDecodeError) as caught:
        reviewparse.decode(data, encoding="auto", strict=True)
    assert caught.value.offset == len(PAGE.encode())
    lenient = reviewparse.parse_bytes(data, encoding="auto")
    assert lenient.encoding == "utf-8" and "Amélie" in lenient.page.render()
    assert lenient.to_bytes() == data


def test_bytes_no_codec_reads_well_stay_a_decode_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(128, 256)) * 4)
    out = tmp_path / "o.jsonl"
    assert main(["convert", str(junk), "-o", str(out), "-q"]) == 1
    (entry,) = read_jsonl(tmp_path / "o.jsonl.errors.jsonl")
    assert entry["kind"] == "decode" and entry["offset"] == 0


@pytest.mark.parametrize(
    ("data", "forced", "bom"),
    [
        (PAGE.encode("utf-16"), "latin-1", "UTF-16-LE"),
        (codecs.BOM_UTF8 + PAGE.encode(), "latin-1", "UTF-8"),
        (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16-le", "UTF-16-BE"),
        (PAGE.encode("utf-32"), "cp1252", "UTF-32-LE"),
        (codecs.BOM_UTF8 + PAGE.encode(), "utf-16", "UTF-8"),
    ],
)
def test_a_forced_codec_never_garbles_a_page_with_another_encodings_bom(
    data: bytes, forced: str, bom: str
) -> None:
    for strict in (True, False):
        with pytest.raises(ReviewDecodeError) as caught:
            reviewparse.parse_bytes(data, encoding=forced, strict=strict)
        assert f"starts with a {bom} byte-order mark" in caught.value.message
        assert caught.value.offset == 0


@pytest.mark.parametrize(
    ("data", "forced", "used"),
    [
        (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16", "utf-16-be"),
        (PAGE.encode("utf-16"), "UTF16", "utf-16-le"),
        (PAGE.encode("utf-32"), "utf-32", "utf-32-le"),
        (codecs.BOM_UTF8 + PAGE.encode(), "utf-8-sig", "utf-8"),
        (PAGE.encode(), "utf-8-sig", "utf-8"),  # no BOM to strip: plain UTF-8
    ],
)
def test_a_forced_codec_of_the_boms_family_reads_the_boms_byte_order(
    data: bytes, forced: str, used: str
) -> None:
    page_file = reviewparse.parse_bytes(data, encoding=forced, strict=True)
    assert page_file.encoding == used
    assert page_file.to_bytes() == data


def test_a_forced_codec_that_cannot_write_the_bytes_back_is_refused() -> None:
    with pytest.raises(ReviewDecodeError, match="does not write them back the same"):
        reviewparse.decode(PAGE.encode("utf-16-be"), encoding="utf-16", strict=True)


def test_convert_reports_a_forced_codec_over_a_bom_as_a_decode_error(tmp_path: Path) -> None:
    page = tmp_path / "wide.txt"
    page.write_bytes(PAGE.encode("utf-16"))
    out = tmp_path / "o.jsonl"
    assert main(["convert", str(page), "-o", str(out), "-q", "--encoding", "latin-1"]) == 1
    (entry,) = read_jsonl(tmp_path / "o.jsonl.errors.jsonl")
    assert entry["kind"] == "decode" and "byte-order mark" in entry["message"]
    assert out.read_bytes() == b""


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("cp1252", "ignore")))
def test_auto_gives_the_same_bytes_back_or_an_error(data: bytes) -> None:
    try:
        decoded = reviewparse.decode(data, encoding="auto", strict=True)
    except ReviewDecodeError:
        pass
    else:
        assert decoded.encode() == data
    assert reviewparse.parse_bytes(data, encoding="auto").to_bytes() == data


def test_check_says_which_codec_read_how_many_pages(tmp_path: Path) -> None:
    for codec, text in LEGACY.items():
        (tmp_path / f"{codec}.txt").write_bytes(text.encode(codec))
    (tmp_path / "a.txt").write_bytes(PAGE.encode())
    (tmp_path / "b.txt").write_bytes(PAGE.encode())
    result = run_cli("check", tmp_path, "-j", "1")
    assert result.returncode == 0, result.stderr
    assert "encodings: utf-8 2, cp1251 1, cp1252 1, cp932 1, koi8-r 1" in result.stdout
