"""``reviewparse convert``: every source kind, error accounting, exit codes, atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import (
    EXAMPLES,
    ROOT,
    make_pages,
    read_jsonl,
    run_cli,
    summary_counts,
    write_dir,
    write_jsonl,
    write_tar,
    write_zip,
)

import reviewparse
from reviewparse._cli import main


def typed(record: dict[str, object]) -> dict[str, object]:
    """The record's typed fields that ``expected_typed`` spells out."""
    return {key: record[key] for key in EXPECTED_KEYS}


def expected_typed(data: bytes) -> dict[str, object]:
    page = reviewparse.parse_bytes(data).page
    released = page.release_date
    return {
        "strict": page.is_strict,
        "title": page.title,
        "year": page.year,
        "release_date": released.isoformat() if released is not None else None,
        "runtime_minutes": page.runtime_minutes,
        "cast": [{"person": m.person, "character": m.character, "note": m.note} for m in page.cast],
        "directors": list(page.directors),
        "stars": list(page.stars),
        "writers": list(page.writers),
        "music": list(page.music),
        "studio": page.studio,
        "breadcrumb": [c.strip() for c in page.breadcrumb.crumbs] if page.breadcrumb else [],
        "captions": list(page.captions),
        "synopsis": page.synopsis,
        "credits": [
            {"key": c.key, "field": c.field, "value": c.text, "names": list(c.names)}
            for c in page.credits
        ],
    }


EXPECTED_KEYS = tuple(expected_typed(b"Title\n"))


def test_readme_command_converts_the_bundled_dump(tmp_path: Path) -> None:
    out = tmp_path / "out" / "pages.jsonl"  # the parent does not exist yet
    result = run_cli("convert", "examples/dump", "-o", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    files = sorted(EXAMPLES.glob("*.txt"))
    records = read_jsonl(out)
    assert [r["source_id"] for r in records] == [f"examples/dump/{f.name}" for f in files]
    for record, path in zip(records, files, strict=True):
        assert record["path"] == path.name
        assert typed(record) == expected_typed(path.read_bytes())
    pages, out_count, failed, lenient = summary_counts(result.stderr)
    assert (pages, out_count, failed) == (len(files), len(files), 0)
    assert lenient == sum(not r["strict"] for r in records) == 1
    assert "ETA" not in result.stderr  # stderr is a pipe: no progress bar
    report = read_jsonl(out.with_name("pages.jsonl.errors.jsonl"))
    assert [(e["kind"], e["record"]) for e in report] == [("lenient", True)]
    assert not list(out.parent.glob("*.partial*"))


def test_progress_bar_only_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    forced = run_cli("convert", EXAMPLES, "-o", tmp_path / "a.jsonl", FORCE_COLOR="1")
    assert "ETA" in forced.stderr and "pages/s" in forced.stderr
    quiet = run_cli("convert", EXAMPLES, "-o", tmp_path / "b.jsonl", "--quiet", FORCE_COLOR="1")
    assert quiet.stderr == ""
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def _stderr_on_a_terminal(*args: str | Path) -> str:
    """Run the command with stderr on a real pseudo-terminal (stdout a pipe); what it drew."""
    import os
    import pty
    import subprocess
    import sys

    main_fd, child_fd = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TERM")}
    with subprocess.Popen(
        [sys.executable, "-m", "reviewparse", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=child_fd,
        env={**env, "TERM": "xterm", "COLUMNS": "100"},
    ) as process:
        os.close(child_fd)
        drawn = b""
        while True:
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            drawn += chunk
        process.wait(timeout=120)
    os.close(main_fd)
    return drawn.decode("utf-8", "replace")


def test_progress_bar_on_a_real_terminal_and_never_on_a_pipe(tmp_path: Path) -> None:
    drawn = _stderr_on_a_terminal("convert", EXAMPLES, "-o", tmp_path / "a.jsonl")
    assert "ETA" in drawn and "pages/s" in drawn and "14 pages" in drawn
    assert "pages in 14 = records out 14" in drawn
    assert _stderr_on_a_terminal("convert", EXAMPLES, "-o", tmp_path / "b.jsonl", "-q") == ""
    piped = run_cli("convert", EXAMPLES, "-o", tmp_path / "c.jsonl", NO_COLOR="1")
    assert "ETA" not in piped.stderr and "\x1b[" not in piped.stderr
    assert piped.stderr.startswith("pages in 14 = records out 14")


@pytest.fixture(scope="module")
def pages() -> dict[str, bytes]:
    return make_pages(60)


@pytest.mark.parametrize("kind", ["dir", "txt", "jsonl", "jsonl.gz", "tar", "tar.gz", "zip"])
def test_every_source_kind(
    kind: str, pages: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "dir":
        source = write_dir(tmp_path / "dump", pages)
    elif kind == "txt":
        rel, data = next(iter(pages.items()))
        pages = {rel: data}
        source = tmp_path / "one.txt"
        source.write_bytes(data)
    elif kind.startswith("jsonl"):
        source = write_jsonl(tmp_path / f"dump.{kind}", pages, gz=kind.endswith("gz"))
    elif kind.startswith("tar"):
        source = write_tar(tmp_path / f"dump.{kind}", pages, "w:gz" if "gz" in kind else "w")
    else:
        source = write_zip(tmp_path / "dump.zip", pages)
    out = tmp_path / "out.jsonl"
    args = ["convert", str(source), "-o", str(out), "--jobs", "1", "--id-field", "name"]
    assert main(args) == 0
    records = read_jsonl(out)
    assert len(records) == len(pages)
    for record, (rel, data) in zip(records, pages.items(), strict=True):
        want = expected_typed(data)
        assert typed(record) == want, rel
        if kind in {"jsonl", "jsonl.gz"}:
            assert record["source_id"].startswith(f"{source.as_posix()}:")
            assert record["id"] == rel and record["path"] == rel
        elif kind == "txt":
            assert record["source_id"] == source.as_posix() and record["path"] == "one.txt"
        else:
            assert record["source_id"] == f"{source.as_posix()}/{rel}"
            assert record["path"] == rel and record["id"] is None
    assert summary_counts(capsys.readouterr().err)[:3] == (len(pages), len(pages), 0)


def test_output_is_the_same_bytes_whatever_jobs(pages: dict[str, bytes], tmp_path: Path) -> None:
    dump = write_dir(tmp_path / "dump", pages)
    outputs = []
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        assert main(["convert", str(dump), "-o", str(out), "-q", "--jobs", jobs]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0].splitlines()) == len(pages)


def broken_dump(root: Path) -> dict[str, str]:
    """A dump with one page of each failure kind; returns {file: what happens to it}."""
    good = (EXAMPLES / "ruby-sparks.txt").read_bytes()
    files = {
        "a-good.txt": (good, "strict"),
        "b-bad-utf8.txt": (
            good.replace(b"Ruby Sparks title", b"Ruby \xff\xc3\xa9 title"),
            "decode",
        ),
        "c-junk.txt": (bytes(range(128, 256)) * 4, "decode"),
        "d-empty.txt": (b"", "lenient"),
        "e-lenient.txt": (good.replace(b"Director - ", b"Director -\x07 "), "lenient"),
        "f-nul.txt": (b"\x00\x01\x02 binary but valid UTF-8\n", "lenient"),  # junk, kept
        "g-huge.txt": (good * 50, "too-large"),
        "h-good-crlf.txt": (good.replace(b"\n", b"\r\n"), "strict"),
        "i-latin1.txt": ("Café\n\nYear - 2001\n".encode("latin-1"), "strict"),  # guessed
    }
    root.mkdir()
    for name, (data, _) in files.items():
        (root / name).write_bytes(data)
    return {name: fate for name, (_, fate) in files.items()}


def test_error_accounting_adds_up(tmp_path: Path) -> None:
    fates = broken_dump(tmp_path / "dump")
    out = tmp_path / "out" / "pages.jsonl"
    result = run_cli("convert", tmp_path / "dump", "-o", out, "--max-page-size", "20k")
    assert result.returncode == 1, result.stderr  # some pages failed
    failed = {n for n, fate in fates.items() if fate not in ("strict", "lenient")}
    lenient = {n for n, fate in fates.items() if fate == "lenient"}
    assert summary_counts(result.stderr) == (
        len(fates),
        len(fates) - len(failed),
        len(failed),
        len(lenient),
    )
    records = read_jsonl(out)
    assert {r["path"] for r in records} == set(fates) - failed
    assert {r["path"] for r in records if not r["strict"]} == lenient
    report = read_jsonl(tmp_path / "out" / "pages.jsonl.errors.jsonl")
    assert {e["path"]: e["kind"] for e in report} == {
        n: fate for n, fate in fates.items() if fate != "strict"
    }
    for entry in report:
        assert entry["record"] == (entry["kind"] == "lenient")
        assert entry["source_id"] == f"{(tmp_path / 'dump').as_posix()}/{entry['path']}"
    bad = next(e for e in report if e["path"] == "b-bad-utf8.txt")
    assert (bad["line"], bad["column"], bad["offset"]) == (5, 6, good_offset())
    assert "invalid utf-8" in bad["message"]
    lenient_entry = next(e for e in report if e["path"] == "e-lenient.txt")
    assert lenient_entry["line"] == 10 and lenient_entry["line_text"].startswith("Director ")


@pytest.mark.parametrize("jobs", ["1", "2"])  # -j 2 decodes the JSON lines in the workers
def test_jsonl_rows_that_hold_no_page_are_reported_in_json_words(tmp_path: Path, jobs: str) -> None:
    rows = [
        '{"id": "ok", "text": "Title\\n\\nYear - 2012\\n"}',
        '{"id": "broken", "text": "Ti',
        '{"id": "no-text"}',
        '{"id": "number", "text": 42}',
        '{"id": "list", "text": ["a"]}',
        '{"id": "flag", "text": true}',
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "pages.jsonl"
    assert main(["convert", str(dump), "-o", str(out), "-q", "-j", jobs]) == 1
    report = {
        e["path"]: (e["kind"], e["message"])
        for e in read_jsonl(tmp_path / "pages.jsonl.errors.jsonl")
    }
    assert report.pop("dump-2.txt")[0] == "bad-json"  # no id could be read from a broken line
    assert report == {
        "no-text.txt": ("bad-json", "field 'text' is missing"),
        "number.txt": ("bad-json", "field 'text' is a number, not a string"),
        "list.txt": ("bad-json", "field 'text' is an array, not a string"),
        "flag.txt": ("bad-json", "field 'text' is a boolean, not a string"),
    }
    assert [r["path"] for r in read_jsonl(out)] == ["ok.txt"]


def good_offset() -> int:
    return (EXAMPLES / "ruby-sparks.txt").read_bytes().index(b"Ruby Sparks title") + 5


def test_errors_ignore_counts_but_exits_zero(tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl"
    fates = broken_dump(tmp_path / "dump")
    result = run_cli(
        "convert",
        tmp_path / "dump",
        "-o",
        out,
        "--errors",
        "ignore",
        "-j",
        "1",
        "--max-page-size",
        "20k",
    )
    assert result.returncode == 0
    failed = sum(fate not in ("strict", "lenient") for fate in fates.values())
    lenient = sum(fate == "lenient" for fate in fates.values())
    assert summary_counts(result.stderr) == (len(fates), len(fates) - failed, failed, lenient)
    assert not (tmp_path / "pages.jsonl.errors.jsonl").exists()


def test_errors_strict_stops_with_the_located_error_and_writes_nothing(tmp_path: Path) -> None:
    broken_dump(tmp_path / "dump")
    out = tmp_path / "pages.jsonl"
    result = run_cli("convert", tmp_path / "dump", "-o", out, "--errors", "strict")
    assert result.returncode == 1
    assert "b-bad-utf8.txt:5:6: decode: invalid utf-8 at byte offset" in result.stderr
    assert "  Ruby \n       ^" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump"]


@pytest.mark.parametrize(
    ("out", "report"),
    [
        ("pages.jsonl", "pages.jsonl.errors.jsonl"),
        ("pages.JSONL", "pages.JSONL.errors.jsonl"),
        ("pages.sqlite3", "pages.sqlite3.errors.jsonl"),
        ("pages", "pages.errors.jsonl"),
        (".jsonl", ".jsonl.errors.jsonl"),
    ],
)
def test__the_error_report_is_named_after_the_whole_out_name(out: str, report: str) -> None:
    from reviewparse._convert.errorlog import report_path

    assert report_path(Path("dir") / out) == Path("dir") / report


def test_outputs_of_two_formats_beside_each_other_keep_their_own_reports(tmp_path: Path) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "bad.txt").write_bytes(b"Title \xc3\xa9\n\n\xff\n")  # UTF-8, a stray byte
    for name in ("out.csv", "out.jsonl"):
        assert main(["convert", str(dump), "-o", str(tmp_path / name), "-q", "-j", "1"]) == 1
    for name in ("out.csv", "out.jsonl"):
        (entry,) = read_jsonl(tmp_path / f"{name}.errors.jsonl")
        assert entry["kind"] == "decode"


def test_errors_strict_puts_the_caret_under_its_character_on_a_line_with_tabs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "tabs.txt"
    page.write_bytes(b"T\n\nYear - 2012\n\tStars\t\x07 Paul\n\nA paragraph here.")
    args = ["convert", str(page), "-o", str(tmp_path / "out.jsonl"), "--errors", "strict"]
    assert main(args) == 1
    # one space a tab and the bell as its control picture, as ReviewParseError
    # draws it: the terminal is not rung, and the caret stands under the bell
    assert "\n   Stars \u2407 Paul\n         ^\n" in capsys.readouterr().err


def test_verbose_lists_each_problem_page(tmp_path: Path) -> None:
    fates = broken_dump(tmp_path / "dump")
    result = run_cli(
        "convert",
        tmp_path / "dump",
        "-o",
        tmp_path / "o.jsonl",
        "-v",
        "-j",
        "2",
        "--max-page-size",
        "20k",
    )
    listed = [line.split(": ")[0] for line in result.stderr.splitlines() if ".txt:" in line]
    problems = [name for name, fate in fates.items() if fate != "strict"]
    assert [where.split("/")[-1].split(":")[0] for where in listed] == problems


@pytest.mark.parametrize("option", ["--errors-to", "--errors-file"])
def test_errors_to_names_the_report_as_its_older_spelling_does(tmp_path: Path, option: str) -> None:
    broken_dump(tmp_path / "dump")
    report = tmp_path / "elsewhere" / "report.jsonl"
    report.parent.mkdir()
    out = tmp_path / "pages.jsonl"
    args = ["convert", str(tmp_path / "dump"), "-o", str(out), "-q", option, str(report)]
    assert main(args) == 1
    assert not (tmp_path / "pages.jsonl.errors.jsonl").exists()
    assert [e["path"] for e in read_jsonl(report)] == [
        "b-bad-utf8.txt",
        "c-junk.txt",
        "d-empty.txt",
        "e-lenient.txt",  # g-huge.txt: strict, under the default cap
        "f-nul.txt",  # i-latin1.txt: its codec is guessed (--encoding auto)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["convert", "no/such/dir", "-o", "x.jsonl"], "no such file or directory"),
        (["convert", str(EXAMPLES), "-o", "x.unknown"], "cannot tell the format"),
        (["convert", str(EXAMPLES), "-o", "x.parquet", "--resume"], "resumable formats only"),
        (["render", "no/such/records.jsonl", "-o", "dir"], "no such file"),
        (["parse", "no/such/page.txt"], "No such file"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args", [["convert", "x", "-o", "y.jsonl", "--jobs", "0"], ["convert"], ["nope"]]
)
def test_bad_arguments_exit_2(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2


def test_format_option_overrides_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "records.txt"
    assert main(["convert", str(EXAMPLES), "-o", str(out), "-q", "--format", "json"]) == 0
    assert len(json.loads(out.read_text("utf-8"))) == 14
    assert (tmp_path / "records.txt.errors.jsonl").exists()


def test_out_that_is_a_directory_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pages.jsonl").mkdir()
    assert main(["convert", str(EXAMPLES), "-o", str(tmp_path / "pages.jsonl")]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["pages.jsonl"]


@pytest.mark.parametrize("codec", ["no-such-codec", "rot13"])  # rot13 is str -> str
@pytest.mark.parametrize("command", ["convert", "check", "parse", "inspect"])
def test_an_unknown_encoding_is_a_usage_error_before_any_page_is_read(
    command: str, codec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = EXAMPLES / "ruby-sparks.txt"
    args = [command, str(page), "--encoding", codec]
    if command == "convert":
        args += ["-o", str(tmp_path / "pages.jsonl")]
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert f"unknown encoding: {codec!r}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no output, no error report


def test_an_output_without_an_extension_is_jsonl_the_default(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert main(["convert", str(EXAMPLES), "-o", str(out), "-q"]) == 0
    records = read_jsonl(out)
    assert len(records) == 14 and all("lines" in record for record in records)
    assert (tmp_path / "pages.errors.jsonl").exists()


def test_a_bug_met_on_one_page_costs_that_page_as_internal_not_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewparse._convert import pages

    real_parse = pages.parse

    def parse_with_a_bug(text: str, **kwargs: object) -> object:
        if "Boom" in text:
            raise ZeroDivisionError("a bug")
        return real_parse(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "parse", parse_with_a_bug)
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "a.txt").write_text("Fine\n\nYear - 2001\n", "utf-8")
    (dump / "b.txt").write_text("Boom\n\nYear - 2002\n", "utf-8")
    out = tmp_path / "pages.jsonl"
    assert main(["convert", str(dump), "-o", str(out), "-q", "-j", "1"]) == 1
    assert [record["title"] for record in read_jsonl(out)] == ["Fine"]
    (entry,) = read_jsonl(tmp_path / "pages.jsonl.errors.jsonl")
    assert entry["kind"] == "internal" and entry["path"] == "b.txt"
    assert "a bug in reviewparse" in entry["message"] and "ZeroDivisionError" in entry["message"]


def test_every_error_kind_is_documented() -> None:
    from reviewparse._convert.page_errors import ERROR_KINDS

    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    table = text[text.index("#### Error kinds") :]
    assert all(f"\n| `{kind}` |" in table for kind in ERROR_KINDS)
