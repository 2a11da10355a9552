"""Archives are read in place and safely: hostile names, links, devices and bombs are reported."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from cli_support import EXAMPLES, read_all_traced, read_jsonl, run_cli, summary_counts

from reviewparse._convert.sources.names import safe_relpath
from reviewparse._convert.sources.page import SourceOptions
from reviewparse._convert.sources.source import Source

GOOD = (EXAMPLES / "ruby-sparks.txt").read_bytes()
BOMB_SIZE = 40 * 1024 * 1024  # zeros: compresses to a few dozen KB


def _tar_member(archive: tarfile.TarFile, name: str, data: bytes = GOOD, **attrs: object) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in attrs.items():
        setattr(info, key, value)
    archive.addfile(info, io.BytesIO(data) if info.isreg() else None)


class _Zeros(io.RawIOBase):
    """A readable stream of ``size`` zero bytes, so the bomb is never in memory here."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def hostile_tar(path: Path) -> dict[str, str]:
    """A tar.gz with one good page and one of each hostile member; returns name -> kind."""
    with tarfile.open(path, "w:gz") as archive:
        _tar_member(archive, "good/ruby.txt")
        _tar_member(archive, "../escape.txt")
        _tar_member(archive, "/etc/absolute.txt")
        _tar_member(archive, "a/../../sneaky.txt")
        _tar_member(archive, "link.txt", b"", type=tarfile.SYMTYPE, linkname="/etc/passwd")
        _tar_member(archive, "hard.txt", b"", type=tarfile.LNKTYPE, linkname="good/ruby.txt")
        _tar_member(archive, "dev.txt", b"", type=tarfile.CHRTYPE, devmajor=1, devminor=3)
        _tar_member(archive, "fifo.txt", b"", type=tarfile.FIFOTYPE)
        info = tarfile.TarInfo("bomb.txt")
        info.size = BOMB_SIZE
        archive.addfile(info, _Zeros(BOMB_SIZE))  # type: ignore[arg-type]
        _tar_member(archive, "good/after.txt")
        _tar_member(archive, "notes.md", b"not a page")
    return {
        "../escape.txt": "unsafe-name",
        "/etc/absolute.txt": "unsafe-name",
        "a/../../sneaky.txt": "unsafe-name",
        "link.txt": "special-member",
        "hard.txt": "special-member",
        "dev.txt": "special-member",
        "fifo.txt": "special-member",
        "bomb.txt": "too-large",
    }


def hostile_zip(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("good/ruby.txt", GOOD)
        archive.writestr("../escape.txt", GOOD)
        archive.writestr("/abs.txt", GOOD)
        archive.writestr("..\\windows.txt", GOOD)
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16) | 0x20
        archive.writestr(link, "/etc/passwd")
        with archive.open("bomb.txt", "w", force_zip64=True) as sink:
            chunk = bytes(1024 * 1024)
            for _ in range(BOMB_SIZE // len(chunk)):
                sink.write(chunk)
        archive.writestr("good/after.txt", GOOD)
    return {
        "../escape.txt": "unsafe-name",
        "/abs.txt": "unsafe-name",
        "..\\windows.txt": "unsafe-name",
        "link.txt": "special-member",
        "bomb.txt": "too-large",
    }


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_hostile_archive_is_reported_not_extracted(kind: str, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    archive = work / f"dump.{kind}"
    expected = hostile_tar(archive) if kind == "tar.gz" else hostile_zip(archive)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    out = work / "out" / "pages.jsonl"
    result = run_cli("convert", archive, "-o", out, "--jobs", "2", cwd=work)
    assert result.returncode == 1, result.stderr
    records = read_jsonl(out)
    assert [r["path"] for r in records] == ["good/ruby.txt", "good/after.txt"]
    report = read_jsonl(work / "out" / "pages.jsonl.errors.jsonl")
    prefix = f"{archive.as_posix()}/"
    assert {e["source_id"].removeprefix(prefix): e["kind"] for e in report} == expected
    assert not any(e["record"] for e in report)
    assert all(e["path"] == "" for e in report if e["kind"] == "unsafe-name")
    pages = len(expected) + 2
    assert summary_counts(result.stderr) == (pages, 2, len(expected), 0)
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    created = sorted(set(after) - set(before))
    assert created == [
        Path("work/out"),
        Path("work/out/pages.jsonl"),
        Path("work/out/pages.jsonl.errors.jsonl"),
    ]


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_bomb_member_is_not_read_into_memory(kind: str, tmp_path: Path) -> None:
    archive = tmp_path / f"dump.{kind}"
    hostile_tar(archive) if kind == "tar.gz" else hostile_zip(archive)
    pages, peak = read_all_traced(Source(str(archive)))
    bomb = next(p for p in pages if p.source_id.endswith("bomb.txt"))
    assert bomb.data is None and bomb.error_kind == "too-large"
    assert peak < 4 * 1024 * 1024  # the 40 MB member was never held


def test_zip_that_lies_about_its_size_is_capped(tmp_path: Path) -> None:
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as sink:
        sink.writestr("big.txt", b"x" * 100_000)
    raw = bytearray(archive.read_bytes())
    declared = (100_000).to_bytes(4, "little")
    small = (10).to_bytes(4, "little")
    raw[:] = raw.replace(declared, small)  # local header and central directory
    archive.write_bytes(bytes(raw))
    source = Source(str(archive), SourceOptions(max_page_bytes=1000))
    (page,) = [entry() for entry in source.entries()]
    assert page.data is None
    assert page.error_kind in ("too-large", "unreadable")


def test_total_decompressed_cap(tmp_path: Path) -> None:
    archive = tmp_path / "many.tar"
    with tarfile.open(archive, "w") as sink:
        for index in range(10):
            _tar_member(sink, f"page-{index}.txt")
    out = tmp_path / "pages.jsonl"
    result = run_cli("convert", archive, "-o", out, "--max-archive-size", "10k")
    assert result.returncode == 1
    pages, records, failed, _ = summary_counts(result.stderr)
    assert (records, failed) == (len(read_jsonl(out)), 1) and pages == records + failed
    assert 0 < records < 10
    (error,) = read_jsonl(tmp_path / "pages.jsonl.errors.jsonl")
    assert error["kind"] == "too-large" and "the rest are not read" in error["message"]


def test_truncated_archive_is_an_error_not_a_crash(tmp_path: Path) -> None:
    archive = tmp_path / "cut.tar.gz"
    with tarfile.open(archive, "w:gz") as sink:
        for index in range(20):
            _tar_member(sink, f"page-{index:02d}.txt", GOOD + str(index).encode() * 500)
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    out = tmp_path / "pages.jsonl"
    result = run_cli("convert", archive, "-o", out)
    assert result.returncode == 1
    pages, records, failed, _ = summary_counts(result.stderr)
    assert failed == 1 and records == len(read_jsonl(out)) and pages == records + 1
    (error,) = read_jsonl(tmp_path / "pages.jsonl.errors.jsonl")
    assert error["kind"] == "unreadable"


def test_a_jsonl_gz_cut_inside_a_row_over_the_cap_is_an_error_not_a_crash(
    tmp_path: Path,
) -> None:
    import gzip
    import json

    rows = [json.dumps({"text": "T\n"}), json.dumps({"text": "x" * 300_000}), "{}"]
    packed = gzip.compress(("\n".join(rows) + "\n").encode("utf-8"))
    source = tmp_path / "cut.jsonl.gz"
    source.write_bytes(packed[: len(packed) // 2])  # the stream ends while row 2 is skipped
    options = SourceOptions(max_page_bytes=1024)
    pages = [entry() for entry in Source(str(source), options).entries()]
    assert [(page.source_id.rsplit(":", 1)[1], page.error_kind) for page in pages] == [
        ("1", None),
        ("2", "unreadable"),
    ]
    assert str(pages[1].error).startswith("source unreadable from here on")


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("a/b.txt", "a/b.txt"),
        ("./a//b.txt", "a/b.txt"),
        ("a\\b.txt", "a/b.txt"),
        ("../a.txt", None),
        ("a/../../b.txt", None),
        ("/etc/passwd", None),
        ("C:/x.txt", None),
        ("c:x.txt", None),
        ("", None),
        (".", None),
        ("a\x00b.txt", None),
    ],
)
def test_safe_relpath(name: str, safe: str | None) -> None:
    assert safe_relpath(name) == safe
