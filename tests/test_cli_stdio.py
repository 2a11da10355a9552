"""``-`` is standard input for ``convert``/``check``/``render`` and standard output for
``convert -o -`` and ``render -o -``; never a file named ``-``."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import EXAMPLES, make_pages, read_jsonl, write_dir, write_jsonl

PAGE = b"La Notte\n\nDirector - Michelangelo Antonioni\nYear - 1961\n"
BROKEN = b"T\xc3\xa9\n\n\xff broken\n"  # UTF-8 with a stray byte: a failed page


def cli(
    *args: str | Path, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``python -m reviewparse ARGS`` with ``stdin`` on standard input; output as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "reviewparse", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture
def rows(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "rows.jsonl", make_pages(40))


# -- standard input ---------------------------------------------------------------------
def test_a_page_on_stdin_converts_and_renders_back(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = cli("convert", "-", "-o", out, "-q", stdin=PAGE)
    assert result.returncode == 0, result.stderr
    (record,) = read_jsonl(out)
    assert (record["source_id"], record["path"], record["title"]) == (
        "<stdin>",
        "stdin.txt",
        "La Notte",
    )
    assert cli("render", out, "-o", tmp_path / "back", "-q").returncode == 0
    assert (tmp_path / "back" / "stdin.txt").read_bytes() == PAGE


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_on_stdin_gives_the_records_a_file_gives(
    rows: Path, tmp_path: Path, jobs: str
) -> None:
    from_file, from_stdin = tmp_path / "file.jsonl", tmp_path / "stdin.jsonl"
    args = ["-q", "-j", jobs, "--id-field", "name"]
    assert cli("convert", rows, "-o", from_file, *args).returncode == 0
    result = cli("convert", "-", "-o", from_stdin, *args, stdin=rows.read_bytes())
    assert result.returncode == 0, result.stderr
    by_file, by_stdin = read_jsonl(from_file), read_jsonl(from_stdin)
    assert [r["source_id"] for r in by_stdin] == [f"<stdin>:{n}" for n in range(1, 41)]
    for record in (*by_file, *by_stdin):
        del record["source_id"]
    assert by_stdin == by_file


def test_gzipped_jsonl_on_stdin_is_read_as_jsonl(rows: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = cli("convert", "-", "-o", out, "-q", stdin=gzip.compress(rows.read_bytes()))
    assert result.returncode == 0, result.stderr
    assert len(read_jsonl(out)) == 40


def test_input_format_page_takes_even_a_brace_for_a_page(tmp_path: Path) -> None:
    page = b'{"not": "a row"}\n\nYear - 1961\n'
    out = tmp_path / "out.jsonl"
    assert cli("convert", "-", "-o", out, "-q", stdin=page).returncode == 1  # auto: bad JSON
    result = cli("convert", "-", "-o", out, "-q", "--input-format", "page", stdin=page)
    assert result.returncode == 0, result.stderr
    (record,) = read_jsonl(out)
    assert record["path"] == "stdin.txt"


def test_input_format_jsonl_takes_a_page_for_bad_rows(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = cli("convert", "-", "-o", out, "-q", "--input-format", "jsonl", stdin=PAGE)
    assert result.returncode == 1
    kinds = {entry["kind"] for entry in read_jsonl(tmp_path / "out.jsonl.errors.jsonl")}
    assert kinds == {"bad-json"}


def test_check_reads_stdin(rows: Path) -> None:
    result = cli("check", "-", "-j", "2", stdin=rows.read_bytes())
    assert result.returncode == 0, result.stderr
    assert b"pages 40: " in result.stdout


def test_a_file_named_dash_is_never_read_nor_written(tmp_path: Path) -> None:
    (tmp_path / "-").write_bytes(b"Decoy\n\nYear - 1900\n")
    result = cli("convert", "-", "-o", "-", "-q", stdin=PAGE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "La Notte"
    assert (tmp_path / "-").read_bytes() == b"Decoy\n\nYear - 1900\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["-"]


def test_stdin_cannot_be_resumed(tmp_path: Path) -> None:
    result = cli("convert", "-", "-o", tmp_path / "o.jsonl", "--resume", stdin=PAGE)
    assert result.returncode == 2
    assert b"--resume cannot read standard input again" in result.stderr


# -- standard output --------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["jsonl", "json", "jsonld", "csv"])
def test_stdout_gets_the_bytes_a_file_gets(fmt: str, tmp_path: Path) -> None:
    dump = write_dir(tmp_path / "dump", make_pages(30))
    out = tmp_path / f"pages.{fmt}"
    assert cli("convert", dump, "-o", out, "-q", "-j", "2").returncode == 0
    result = cli("convert", dump, "-o", "-", "-f", fmt, "-q", "-j", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout == out.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dump",
        out.name,
        out.name + ".errors.jsonl",
    ]


def test_stdout_defaults_to_jsonl() -> None:
    result = cli("convert", EXAMPLES, "-o", "-", "-q")
    assert result.returncode == 0
    assert len([json.loads(line) for line in result.stdout.splitlines()]) == 14


@pytest.mark.parametrize("fmt", ["parquet", "sqlite"])
def test_a_format_that_needs_a_file_is_refused_on_stdout(fmt: str, tmp_path: Path) -> None:
    result = cli("convert", EXAMPLES, "-o", "-", "-f", fmt, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{fmt} cannot be written to standard output".encode() in result.stderr
    assert result.stdout == b"" and list(tmp_path.iterdir()) == []


def test_problem_pages_of_a_stdout_run_are_told_on_stderr(tmp_path: Path) -> None:
    dump = write_dir(tmp_path / "dump", {"a.txt": PAGE, "b.txt": BROKEN})
    result = cli("convert", dump, "-o", "-", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert b"b.txt:" in result.stderr and b"decode" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump"]  # no report file
    assert cli("convert", dump, "-o", "-", "-q").stderr == b""


def test_errors_to_puts_a_stdout_runs_report_where_asked(tmp_path: Path) -> None:
    dump = write_dir(tmp_path / "dump", {"a.txt": PAGE, "b.txt": BROKEN})
    assert cli("convert", dump, "-o", tmp_path / "file.jsonl", "-q").returncode == 1
    report = tmp_path / "reports" / "stdout.jsonl"
    report.parent.mkdir()
    result = cli("convert", dump, "-o", "-", "--errors-to", report)
    assert result.returncode == 1
    assert report.read_bytes() == (tmp_path / "file.jsonl.errors.jsonl").read_bytes()
    assert f"error report: {report}".encode() in result.stderr
    assert b"b.txt: decode" not in result.stderr  # in the report, not told again


def test_errors_to_dash_is_refused() -> None:
    result = cli("convert", EXAMPLES, "-o", "-", "--errors-to", "-")
    assert result.returncode == 2 and b"--errors-to names a file" in result.stderr


def test_stdout_cannot_be_resumed() -> None:
    result = cli("convert", EXAMPLES, "-o", "-", "--resume")
    assert (
        result.returncode == 2 and b"--resume cannot continue on standard output" in result.stderr
    )


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    dump = write_dir(tmp_path / "dump", make_pages(400))
    convert = subprocess.Popen(
        [sys.executable, "-m", "reviewparse", "convert", str(dump), "-o", "-", "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert convert.stdout is not None and convert.stderr is not None
    convert.stdout.readline()
    convert.stdout.close()  # as `| head -1` does
    err = convert.stderr.read()
    assert convert.wait(timeout=120) == 1
    assert b"Traceback" not in err


# -- render -----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_convert_to_stdout_then_render_from_stdin_gives_the_pages_back(fmt: str) -> None:
    pages = sorted(EXAMPLES.glob("*.txt"))
    records = cli("convert", *pages, "-o", "-", "-f", fmt, "-q", "-j", "1").stdout
    result = cli("render", "-", "-o", "-", stdin=records)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"".join(page.read_bytes() for page in pages)
    assert b"records in 14 = pages written to standard output 14 + failed 0" in result.stderr


def test_render_to_stdout_reports_a_bad_record_and_goes_on() -> None:
    good = cli("convert", "-", "-o", "-", "-q", stdin=PAGE).stdout
    result = cli("render", "-", "-o", "-", stdin=b"\n{not json\n" + good)
    assert result.returncode == 1
    assert result.stdout == PAGE
    assert b"<stdin>:2:" in result.stderr


def test_errors_strict_on_stdout_stops_at_the_page_after_the_records_before_it(
    tmp_path: Path,
) -> None:
    dump = write_dir(tmp_path / "dump", {"a.txt": PAGE, "b.txt": BROKEN, "c.txt": PAGE})
    result = cli("convert", dump, "-o", "-", "--errors", "strict", "-j", "1")
    assert result.returncode == 1
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == ["a.txt"]
    assert b"the 1 record before it went to standard output" in result.stderr


@pytest.mark.parametrize("stdin", [b"", b"\n\n  \n"])
def test_empty_stdin_converts_to_nothing(stdin: bytes) -> None:
    result = cli("convert", "-", "-o", "-", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert b"pages in 0 = records out 0" in result.stderr
    page = cli("convert", "-", "-o", "-", "-q", "--input-format", "page", stdin=stdin)
    assert len(page.stdout.splitlines()) == 1  # asked for a page: one, empty or blank
