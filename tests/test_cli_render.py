"""``render``: records back to byte-identical files, never outside the output directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import make_pages, read_jsonl, run_cli, write_dir, write_tar

from reviewparse._cli import main


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


OK_PAGE = b"Title\n\nYear - 2001\n"


def converted(tmp_path: Path, name: str, page: bytes) -> Path:
    """``page`` as ``dump/name``, converted to ``pages.jsonl``; the records' path."""
    write_dir(tmp_path / "dump", {name: page})
    records = tmp_path / "pages.jsonl"
    assert main(["convert", str(tmp_path / "dump"), "-o", str(records), "-q"]) == 0
    return records


@pytest.fixture(scope="module")
def pages() -> dict[str, bytes]:
    return make_pages(300)


def test_render_after_convert_is_byte_identical(pages: dict[str, bytes], tmp_path: Path) -> None:
    assert any(data.startswith(b"\xff\xfe") for data in pages.values())  # UTF-16 with BOM
    assert any(data.startswith(b"\xef\xbb\xbf") for data in pages.values())  # UTF-8 BOM
    assert any(b"\r\n" in data for data in pages.values())
    assert any(b"\r" in data and b"\n" not in data for data in pages.values())
    assert any(b":\t" in data for data in pages.values())
    dump = write_dir(tmp_path / "dump", pages)
    records = tmp_path / "pages.jsonl"
    converted = run_cli("convert", dump, "-o", records)
    assert converted.returncode == 0, converted.stderr
    rendered = run_cli("render", records, "-o", tmp_path / "back")
    assert rendered.returncode == 0, rendered.stderr
    assert f"records in {len(pages)} = files written {len(pages)} + failed 0" in rendered.stderr
    assert files_under(tmp_path / "back") == pages


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_render_from_an_archive_conversion(
    fmt: str, pages: dict[str, bytes], tmp_path: Path
) -> None:
    some = dict(list(pages.items())[:40])
    archive = write_tar(tmp_path / "dump.tar.gz", some, "w:gz")
    records = tmp_path / f"pages.{fmt}"
    assert main(["convert", str(archive), "-o", str(records), "-q", "-j", "1"]) == 0
    assert main(["render", str(records), "-o", str(tmp_path / "back"), "-q"]) == 0
    assert files_under(tmp_path / "back") == some


@pytest.mark.parametrize("fmt", ["csv", "parquet", "sqlite"])
def test_render_from_every_table_format_is_byte_identical(
    fmt: str, pages: dict[str, bytes], tmp_path: Path
) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    some = dict(list(pages.items())[:60])  # UTF-16, BOMs, CRLF and lone CR among them
    assert any(data.startswith(b"\xff\xfe") for data in some.values())
    dump = write_dir(tmp_path / "dump", some)
    records = tmp_path / f"pages.{fmt}"
    assert main(["convert", str(dump), "-o", str(records), "-q", "-j", "2"]) == 0
    assert main(["render", str(records), "-o", str(tmp_path / "back"), "-q"]) == 0
    assert files_under(tmp_path / "back") == some


def test_render_names_a_table_row_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_dir(tmp_path / "dump", {"a.txt": OK_PAGE, "b.txt": OK_PAGE})
    records = tmp_path / "pages.csv"
    assert main(["convert", str(tmp_path / "dump"), "-o", str(records), "-q"]) == 0
    text = records.read_text("utf-8")
    records.write_text(text.replace('"[{""text"": ""Title""', '"[{""text: ""Title""', 1), "utf-8")
    assert main(["render", str(records), "-o", str(tmp_path / "back")]) == 1
    err = capsys.readouterr().err
    assert f"{records}:1" in err and "its lines are not JSON" in err
    assert "records in 2 = files written 1 + failed 1" in err
    assert files_under(tmp_path / "back") == {"b.txt": OK_PAGE}


def test_render_after_editing_a_record(tmp_path: Path) -> None:
    page = b"Home > X\r\n\r\nX\r\n\r\nYear - 2001\r\nMusic- Somebody\r\n"
    records = converted(tmp_path, "x.txt", page)
    (record,) = read_jsonl(records)
    credit = next(line for line in record["lines"] if line.get("key") == "Music")
    credit["value"] = "Someone Else"
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["render", str(records), "-o", str(tmp_path / "back"), "-q"]) == 0
    assert (tmp_path / "back" / "x.txt").read_bytes() == page.replace(b"Somebody", b"Someone Else")


def test_render_never_writes_outside_its_directory(tmp_path: Path) -> None:
    records = converted(tmp_path, "ok.txt", OK_PAGE)
    (good,) = read_jsonl(records)
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "back"
    root.mkdir()
    (root / "escape").symlink_to(outside, target_is_directory=True)
    hostile = [
        good,
        good | {"path": "../evil.txt"},
        good | {"path": "/tmp/evil.txt"},
        good | {"path": "a/../../evil.txt"},
        good | {"path": "escape/evil.txt"},  # through a symlinked directory
        good | {"path": "ok.txt"},  # a second record for the same file
        good | {"path": "bad.txt", "lines": [{"kind": "nonsense"}]},
        good | {"path": "nope.txt", "encoding": "no-such-codec"},
        ["not", "a", "record"],
    ]
    records.write_text("".join(json.dumps(r) + "\n" for r in hostile) + "{broken\n", "utf-8")
    result = run_cli("render", records, "-o", root)
    assert result.returncode == 1
    assert f"records in {len(hostile) + 1} = files written 1 + failed {len(hostile)}" in (
        result.stderr
    )
    assert "refused unsafe path '../evil.txt'" in result.stderr
    assert "another record already wrote 'ok.txt'" in result.stderr
    assert files_under(root) == {"ok.txt": b"Title\n\nYear - 2001\n"}
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def test_render_does_not_follow_a_planted_temp_file_symlink(tmp_path: Path) -> None:
    records = converted(tmp_path, "ok.txt", OK_PAGE)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"do not overwrite")
    root = tmp_path / "back"
    root.mkdir()
    # The temp name an older render used: a symlink planted there must not be written through.
    (root / ".ok.txt.tmp").symlink_to(secret)
    assert main(["render", str(records), "-o", str(root), "-q"]) == 0
    assert secret.read_bytes() == b"do not overwrite"
    assert (root / "ok.txt").read_bytes() == OK_PAGE
    assert sorted(p.name for p in root.iterdir()) == [".ok.txt.tmp", "ok.txt"]


def test_rendered_files_get_the_permissions_a_plain_write_gives(tmp_path: Path) -> None:
    records = converted(tmp_path, "ok.txt", OK_PAGE)
    root = tmp_path / "back"
    assert main(["render", str(records), "-o", str(root), "-q"]) == 0
    control = tmp_path / "control.txt"
    control.write_bytes(b"x")  # 0666 less the umask, as any tool writing a file
    assert (root / "ok.txt").stat().st_mode == control.stat().st_mode
