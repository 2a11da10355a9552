"""How --jobs > 1 moves pages and records without pipes, and its fallbacks.

Records: stream formats have each worker write a chunk's records to a file
that the main process appends to OUT and deletes. These tests hold that path
to the same bytes as --jobs 1, to leaving nothing behind, and to its two
fallbacks (no file written: records come back by pipe; no copy_file_range:
copied through memory). Pages: rows of a plain JSON Lines file go to the
workers by offset and are read again there; a file that changed meanwhile
fails its rows, never the run.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from cli_support import make_pages, write_jsonl
from rich.console import Console

from reviewparse._cli import main
from reviewparse._convert import chunks, run
from reviewparse._convert import outputs as formats
from reviewparse._convert.page_errors import PageError
from reviewparse._convert.pages import Outcome
from reviewparse._convert.sources import jsonl
from reviewparse._convert.sources.files import WalkedFile
from reviewparse._convert.sources.jsonl import JsonLine, reread
from reviewparse._convert.sources.page import SourceOptions, SourcePage
from reviewparse._convert.sources.source import Source

STREAM_FORMATS = ["jsonl", "json", "jsonld", "csv"]


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("spill")
    source = write_jsonl(root / "dump.jsonl", make_pages(150))
    with source.open("a", encoding="utf-8") as sink:  # rows that fail, between the pages
        sink.write('{"name": "broken", "text": 4}\n{"name": \n')
        sink.write(source.read_text("utf-8").splitlines(keepends=True)[3])  # 151 pages
    return source


def spill_dirs(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.spill-*"))


@pytest.mark.parametrize("fmt", STREAM_FORMATS)
def test_spilled_output_is_the_bytes_of_jobs_1(
    dump: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunks, "CHUNK_PAGES", 16)  # ten chunks: separators between files
    files = []
    real = formats.StreamWriter.write_file

    def count(self: formats.StreamWriter, path: str, records: int) -> None:
        files.append(records)
        real(self, path, records)

    monkeypatch.setattr(formats.StreamWriter, "write_file", count)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / jobs / f"pages.{fmt}"
        args = ["convert", str(dump), "-o", str(out), "-q", "-j", jobs, "--id-field", "name"]
        assert main(args) == 1  # the two broken rows
        outputs[jobs] = out.read_bytes(), out.with_name(out.name + ".errors.jsonl").read_bytes()
        assert sorted(p.name for p in out.parent.iterdir()) == sorted(
            [out.name + ".errors.jsonl", out.name]
        )
    assert outputs["1"] == outputs["2"]
    assert len(files) == 10 and sum(files) == 151  # -j 2 moved every record by file


def test_a_spill_directory_left_by_a_killed_run_is_removed(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl"
    stale = tmp_path / "pages.jsonl.partial.spill-x1y2"
    stale.mkdir()
    (stale / "tmp1234.part").write_bytes(b"{}\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    (tmp_path / "pages.jsonl.partial.spill-link").symlink_to(elsewhere)
    assert main(["convert", str(dump), "-o", str(out), "-q", "-j", "2"]) == 1
    assert not stale.exists()
    assert (elsewhere / "keep.txt").read_text() == "mine"  # a symlink is never followed
    assert [p.name for p in spill_dirs(tmp_path)] == ["pages.jsonl.partial.spill-link"]


def test_formats_that_do_not_stream_make_no_spill_directory(
    dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = []
    real = run.spill_directory

    def watch(partial: Path, wanted: bool):  # type: ignore[no-untyped-def]
        made.append(wanted)
        return real(partial, wanted)

    monkeypatch.setattr(run, "spill_directory", watch)
    for fmt, jobs in (("sqlite", "2"), ("jsonl", "1"), ("jsonl", "2")):
        out = tmp_path / f"pages-{jobs}.{fmt}"
        assert main(["convert", str(dump), "-o", str(out), "-q", "-j", jobs]) == 1
    assert made == [False, False, True]
    assert spill_dirs(tmp_path) == []


def test_a_worker_that_cannot_write_its_file_returns_the_records(tmp_path: Path) -> None:
    outcomes = [
        Outcome("a", "strict", b"A"),
        Outcome("b", "failed", error=PageError("b", "b.txt", "bad-json", "no")),
        Outcome("c", "lenient", b"C"),
    ]
    kept = chunks.spilled(outcomes, str(tmp_path / "gone"), b",")
    assert kept == chunks.Batch(outcomes)
    moved = chunks.spilled(outcomes, str(tmp_path), b",")
    assert moved.spill is not None and moved.records == 2
    assert Path(moved.spill).read_bytes() == b"A,C"
    assert [o.item for o in moved.outcomes] == [None, None, None]
    assert [o.status for o in moved.outcomes] == ["strict", "failed", "lenient"]


@pytest.mark.parametrize("refusal", [errno.EXDEV, errno.ENOSYS, None, "short", "kernel"])
def test_write_file_copies_through_memory_when_the_kernel_will_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: int | str | None
) -> None:
    if refusal is None:
        monkeypatch.delattr(os, "copy_file_range", raising=False)  # not Linux
    elif refusal == "short":  # a file system that stops after one byte, saying 0
        real = os.copy_file_range
        calls = []

        def one_byte(src: int, dst: int, count: int) -> int:
            calls.append(count)
            return real(src, dst, 1) if len(calls) == 1 else 0

        monkeypatch.setattr(os, "copy_file_range", one_byte)
    elif refusal == "kernel":
        pass  # the real thing
    else:
        assert isinstance(refusal, int)

        def refuse(*_: object, code: int = refusal) -> int:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "copy_file_range", refuse)
    writer = formats.StreamWriter(
        tmp_path / "out.json", False, header=b"[", separator=b",", footer=b"]"
    )
    writer.write(b"1")
    part = tmp_path / "chunk.part"
    part.write_bytes(b"2,3")
    writer.write_file(str(part), 2)
    assert writer.sink.tell() == len(b"[1,2,3")  # where a checkpoint would say OUT ends
    writer.write(b"4")
    writer.finish()
    assert (tmp_path / "out.json").read_bytes() == b"[1,2,3,4]"


def test_write_file_does_not_hide_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "copy_file_range", full)
    writer = formats.StreamWriter(
        tmp_path / "o.jsonl", False, header=b"", separator=b"", footer=b""
    )
    part = tmp_path / "chunk.part"
    part.write_bytes(b"{}\n")
    with pytest.raises(OSError, match="No space left"):
        writer.write_file(str(part), 1)
    writer.close()


def test_a_run_stopped_by_errors_strict_leaves_no_spill_files(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl"
    assert main(["convert", str(dump), "-o", str(out), "-q", "-j", "2", "--errors", "strict"]) == 1
    assert list(tmp_path.iterdir()) == []


# -- JSON lines go to the workers by offset and are read again there --------------------
def light_chunk(path: Path, **options: int) -> list[JsonLine]:
    source = Source(str(path), SourceOptions(**options))
    return [entry.light() for entry in source.entries() if isinstance(entry, JsonLine)]


def test_light_lines_carry_no_bytes_and_read_back_the_same(tmp_path: Path) -> None:
    rows = [b'{"id": "a", "text": "A\\n"}\n', b"\n", b'{"id": "b", "text": "B\\r\\n"}\r\n']
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"".join(rows) + b'{"id": "c", "text": "no newline at the end"}')
    chunk = light_chunk(path)
    assert [line.line for line in chunk] == [b"", b"", b""]
    pages = [item() for item in reread(chunk) if isinstance(item, JsonLine)]
    assert [p.data for p in pages] == ["A\n", "B\r\n", "no newline at the end"]
    assert [p.source_id.rsplit(":", 1)[1] for p in pages] == ["1", "3", "4"]
    # the same file twice in one chunk (offsets go back): two reads, right bytes
    twice = [item() for item in reread(chunk[1:] + chunk) if isinstance(item, JsonLine)]
    assert [p.data for p in twice] == [pages[1].data, pages[2].data] + [p.data for p in pages]


def test_lines_that_carry_their_bytes_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"text": "A\n"}\n{"text": "B\n"}\n')
    heavy = list(Source(str(path)).entries())  # --jobs 1 keeps the bytes: nothing to read
    assert all(isinstance(line, JsonLine) and line.at is not None for line in heavy)

    def no_reads(*_: object) -> bytes:
        raise AssertionError("read again")

    monkeypatch.setattr(jsonl, "pread_all", no_reads)
    assert reread(heavy) == heavy


def test_a_dump_replaced_or_truncated_mid_run_fails_its_rows_not_the_run(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"text": "A\\n"}\n{"text": "B\\n"}\n')
    chunk = light_chunk(path)
    path.write_bytes(b'{"text": "A\\n"}\n')  # same file, truncated
    truncated = reread(chunk)
    replacement = tmp_path / "new.jsonl"
    replacement.write_bytes(b'{"text": "X\\n"}\n{"text": "Y\\n"}\n')
    replacement.replace(path)  # another file at the same name
    replaced = reread(chunk)
    for pages, why in ((truncated, "shorter than when it was read"), (replaced, "replaced")):
        assert [type(p).__name__ for p in pages] == ["SourcePage", "SourcePage"]
        assert {p.error_kind for p in pages if isinstance(p, SourcePage)} == {"unreadable"}
        assert all(why in str(p.error) for p in pages if isinstance(p, SourcePage))


def test_a_file_given_twice_and_gzip_and_too_long_rows_convert_alike_at_any_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    monkeypatch.setattr(chunks, "CHUNK_PAGES", 16)  # the two passes over d.jsonl share one
    pages = make_pages(40)
    plain = write_jsonl(tmp_path / "d.jsonl", pages)
    cap = max(map(len, plain.read_bytes().splitlines())) + 1
    with plain.open("ab") as sink:
        sink.write(b'{"name": "long", "text": "' + b"x" * 2 * cap + b'"}\n')
    packed = tmp_path / "d.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / str(jobs) / "pages.jsonl"
        # The command line reads a repeated source once; the conversion itself, asked
        # to, reads it twice, which is the case the chunks must get right.
        options = run.ConvertOptions(
            (str(plain), str(plain), str(packed)),
            out,
            formats.get_format("jsonl"),
            jobs=jobs,
            source_options=SourceOptions(max_page_bytes=cap),
        )
        summary = run.convert(options, Console(quiet=True))
        assert summary.failed == 3
        outputs.append((out.read_bytes(), out.with_name(out.name + ".errors.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
    errors = outputs[1][1].decode().splitlines()
    assert len(errors) == 3 and all('"too-large"' in e for e in errors)
    assert outputs[1][0].count(b"\n") == 120


def test_what_crosses_the_pipes_pickles_as_field_tuples(tmp_path: Path) -> None:
    import pickle

    import attrs

    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"text": "A\\n"}\n')
    (line,) = list(Source(str(path)).entries())
    assert isinstance(line, JsonLine) and line.at is not None
    records = [
        line,
        line.light(),
        line.at,
        SourceOptions(text_field="body"),
        SourcePage("s", "p.txt", b"bytes", "id", None, None),
        WalkedFile(str(path), "s", "d.jsonl", 16, 1024),
        Outcome(
            "s", "lenient", b"item", PageError("s", "p.txt", "lenient", "m"), (("Stars", "stars"),)
        ),
        PageError("s", "p.txt", "decode", "m", 1, 2, "line", offset=3),
    ]
    for record in records:
        back = pickle.loads(pickle.dumps(record))
        assert back == record and type(back) is type(record)
        assert record.__reduce__() == (type(record), attrs.astuple(record, recurse=False))
