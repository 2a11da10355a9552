"""A source given twice, or inside a directory also given, is read once, with a warning."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_support import make_pages, read_jsonl, run_cli, summary_counts, write_dir, write_jsonl

from reviewparse._convert.sources.source import distinct_sources


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    root = write_dir(tmp_path / "dump", make_pages(4))
    write_dir(root / "sub", make_pages(2, seed=3))
    return root


def _converted(tmp_path: Path, *sources: str | Path, quiet: bool = False) -> tuple[int, str]:
    out = tmp_path / "out.jsonl"
    flags = ["-j", "1", *(["-q"] if quiet else [])]
    result = run_cli("convert", *sources, "-o", out, *flags, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ids = [record["source_id"] for record in read_jsonl(out)]
    assert len(ids) == len(set(ids))  # no page converted twice
    return len(ids), result.stderr


def test_the_same_file_by_two_names_is_read_once(dump: Path, tmp_path: Path) -> None:
    page = next(dump.rglob("*.txt"))
    link = tmp_path / "link.txt"
    link.symlink_to(page)
    dotted = Path(os.path.relpath(page, tmp_path))
    count, err = _converted(tmp_path, page, f"./{dotted}", link)
    assert count == 1
    assert err.count("warning:") == 2 and "is the same source as" in err


@pytest.mark.parametrize("order", ["directory first", "file first"])
def test_a_file_inside_a_directory_given_is_read_with_the_directory(
    dump: Path, tmp_path: Path, order: str
) -> None:
    inner = next((dump / "sub").rglob("*.txt"))
    sources = [dump, inner] if order == "directory first" else [inner, dump]
    count, err = _converted(tmp_path, *sources)
    assert count == 6  # the directory's pages, each once
    assert f"warning: {inner} is inside {dump}, which is read whole" in err


def test_a_directory_inside_another_is_read_once(dump: Path, tmp_path: Path) -> None:
    count, err = _converted(tmp_path, dump / "sub", dump)
    assert count == 6 and "is inside" in err


def test_a_jsonl_file_inside_a_directory_is_its_own_source(dump: Path, tmp_path: Path) -> None:
    rows = write_jsonl(dump / "rows.jsonl", make_pages(3, seed=5))  # the walk reads *.txt only
    count, err = _converted(tmp_path, dump, rows)
    assert count == 9 and "warning" not in err


def test_quiet_says_nothing_of_the_repeat(dump: Path, tmp_path: Path) -> None:
    count, err = _converted(tmp_path, dump, dump, quiet=True)
    assert count == 6 and err == ""


def test_check_counts_a_repeated_source_once(dump: Path) -> None:
    result = run_cli("check", dump, dump / "sub", dump, "-j", "1")
    assert result.returncode == 0, result.stderr
    assert "pages 6:" in result.stdout
    assert result.stderr.count("warning:") == 2


def test_the_summary_counts_every_page_once(dump: Path, tmp_path: Path) -> None:
    result = run_cli("convert", dump, dump, "-o", tmp_path / "o.jsonl", "-j", "2")
    assert summary_counts(result.stderr)[:2] == (6, 6)


@pytest.mark.parametrize(
    ("specs", "kept"),
    [
        (["s3://b/dump/", "s3://b/dump"], ["s3://b/dump/"]),
        (["s3://b/dump", "s3://b/dump/page.txt"], ["s3://b/dump", "s3://b/dump/page.txt"]),
        (["-", "-"], ["-"]),
    ],
)
def test__urls_compare_as_written_and_stdin_is_one_source(
    specs: list[str], kept: list[str]
) -> None:
    assert list(distinct_sources(specs)[0]) == kept
