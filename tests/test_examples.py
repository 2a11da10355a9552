"""The example scripts and the code in the docs do what they say.

Each script runs as its own process with this interpreter (the project's venv),
and the assertions are on what it prints and writes. The ``pycon`` blocks of the
README and the docs run as doctests, so the docs cannot drift from the code.
"""

from __future__ import annotations

import ast
import doctest
import os
import re
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import reviewparse

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DUMP = EXAMPLES / "dump"
PAGES = sorted(DUMP.glob("*.txt"))
LINE_BREAK = re.compile(r"\r\n|\n|\r")


def run(script: str, *args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


# -- the bundled dump -----------------------------------------------------------
def test_dump_holds_only_pages_and_each_round_trips() -> None:
    assert len(PAGES) >= 12
    assert sorted(p for p in DUMP.iterdir()) == PAGES, "the dump holds only page files"
    for path in PAGES:
        page_file = reviewparse.parse_file(path)
        assert page_file.to_bytes() == path.read_bytes(), path.name


def test_dump_varies_layouts() -> None:
    raw = {path.name: path.read_bytes() for path in PAGES}
    assert any(b"\r\n" in data for data in raw.values())
    assert any(b"\r" in data and b"\n" not in data for data in raw.values())
    assert any(data.startswith(b"\xef\xbb\xbf") for data in raw.values())
    pages = {name: reviewparse.parse_file(DUMP / name).page for name in raw}
    separators = {credit.separator.strip() for p in pages.values() for credit in p.credits}
    assert {"-", ":", "–"} <= separators
    assert any(p.breadcrumb is None and p.title for p in pages.values())
    assert any(len(p.credits) == 0 and p.paragraphs for p in pages.values())


def test_exactly_one_dump_page_is_damaged_and_strict_mode_locates_it() -> None:
    damaged = []
    for path in PAGES:
        try:
            reviewparse.parse_file(path, strict=True)
        except reviewparse.ReviewParseError as error:
            damaged.append((path.name, error.line))
    assert damaged == [("the-last-tram-to-ostend.txt", 7)]


# -- parse_one.py ---------------------------------------------------------------
def test_parse_one_prints_the_reference_page_fields() -> None:
    result = run("parse_one.py")
    assert result.returncode == 0, result.stderr
    page = reviewparse.parse_file(DUMP / "ruby-sparks.txt").page
    out = result.stdout.splitlines()
    assert "title:      Ruby Sparks" in out
    assert "year:       2012" in out
    assert f"directors:  {', '.join(page.directors)}" in out
    assert "music:      Nick Urata" in out
    assert "strict layout: True" in out
    assert not any(line.startswith("diagnostic:") for line in out)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_parse_one_reads_every_dump_page(path: Path) -> None:
    result = run("parse_one.py", path)
    assert result.returncode == 0, result.stderr
    page = reviewparse.parse_file(path).page
    assert f"title:      {page.title}" in result.stdout.splitlines()
    notes = [line for line in result.stdout.splitlines() if line.startswith("diagnostic:")]
    assert len(notes) == len(page.diagnostics)


def test_parse_one_strict_reports_the_damaged_line() -> None:
    result = run("parse_one.py", "--strict", DUMP / "the-last-tram-to-ostend.txt")
    assert result.returncode == 1
    # The caret stands under the control character, shown as its control picture.
    assert "line 7, column 24: expected a credit line" in result.stderr
    assert "found a line with a control character" in result.stderr
    assert "  Stars - Marc Verhoeven,\u241a Lise Aerts\n" + " " * 25 + "^\n" in result.stderr


# -- edit_page.py ---------------------------------------------------------------
def diff_body(stdout: str) -> tuple[list[str], list[str]]:
    lines = stdout.splitlines()
    assert lines[0].startswith("--- ") and lines[1].startswith("+++ ")
    removed = [line[1:] for line in lines[2:] if line.startswith("-")]
    added = [line[1:] for line in lines[2:] if line.startswith("+")]
    return removed, added


@pytest.mark.parametrize("name", ["ruby-sparks.txt", "a-lantern-for-harlow.txt"])
def test_edit_page_changes_only_the_music_line_and_adds_a_caption(
    tmp_path: Path, name: str
) -> None:
    source = DUMP / name
    dest = tmp_path / "edited.txt"
    result = run("edit_page.py", source, dest)
    assert result.returncode == 0, result.stderr

    removed, added = diff_body(result.stdout)
    old_music = reviewparse.parse_file(source).page.credits.get("music")
    assert old_music is not None
    assert removed == [old_music.render().rstrip("\r\n")]
    new_music = old_music.key + old_music.separator + "Nick Urata, Jon Brion"
    assert added == [new_music, "Calvin at his typewriter", ""]

    before = LINE_BREAK.split(source.read_bytes().decode("utf-8"))
    after = LINE_BREAK.split(dest.read_bytes().decode("utf-8"))
    # Take the caption and the blank line before it out again, put the old music
    # line back: what is left is the source, line for line.
    at = after.index("Calvin at his typewriter")
    assert after[at - 1] == ""
    restored = after[: at - 1] + after[at + 1 :]
    restored[restored.index(new_music)] = removed[0]
    assert restored == before
    # The written file keeps the source's line breaks and parses strictly.
    breaks = set(LINE_BREAK.findall(dest.read_bytes().decode("utf-8")))
    assert breaks == set(LINE_BREAK.findall(source.read_bytes().decode("utf-8")))
    edited = reviewparse.parse_file(dest, strict=True).page
    assert edited.music == ("Nick Urata", "Jon Brion")
    assert "Calvin at his typewriter" in edited.captions


def test_edit_page_leaves_the_source_alone(tmp_path: Path) -> None:
    source = tmp_path / "page.txt"
    source.write_bytes((DUMP / "ruby-sparks.txt").read_bytes())
    result = run("edit_page.py", source, tmp_path / "out.txt")
    assert result.returncode == 0, result.stderr
    assert source.read_bytes() == (DUMP / "ruby-sparks.txt").read_bytes()


# -- to_parquet_duckdb.py -------------------------------------------------------
def section(stdout: str, heading: str) -> list[str]:
    return stdout.split(f"\n{heading}:\n")[1].split("\n\n", maxsplit=1)[0].splitlines()


def test_to_parquet_duckdb_converts_with_the_cli_and_queries_it(tmp_path: Path) -> None:
    out = tmp_path / "pages.parquet"
    result = run("to_parquet_duckdb.py", DUMP, out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"$ reviewparse convert {DUMP} -o {out}")

    table = pq.read_table(out).to_pylist()
    pages = {path.name: reviewparse.parse_file(path).page for path in PAGES}
    assert {row["path"]: row["title"] for row in table} == {
        name: page.title for name, page in pages.items()
    }
    # What DuckDB prints agrees with the library.
    decades = Counter(p.year // 10 * 10 for p in pages.values() if p.year is not None)
    assert section(result.stdout, "films per decade") == [
        f"  {decade} | {count}" for decade, count in sorted(decades.items())
    ]
    unknown = Counter(c.key for p in pages.values() for c in p.credits if c.field is None)
    assert section(result.stdout, "credit keys with no known field") == [
        f"  {key} | {count}" for key, count in sorted(unknown.items())
    ]
    assert section(result.stdout, "pages that need a look") == [
        f"  {name} | {page.diagnostics[0].line} | {page.diagnostics[0].message}"
        for name, page in sorted(pages.items())
        if not page.is_strict
    ]
    assert section(result.stdout, "stars who also wrote the music") == [
        "  The Tin Orchestra | ['Harold Pike']"
    ]


# -- property_test_scraper.py ----------------------------------------------------
def test_property_test_scraper_passes_on_generated_and_damaged_pages() -> None:
    result = run("property_test_scraper.py", "--examples", "25")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "scrape agrees with reviewparse: passed on 25 pages",
        "scrape survives damaged pages: passed on 25 pages",
    ]


def test_property_test_scraper_naive_version_fails_on_a_small_page() -> None:
    result = run("property_test_scraper.py", "--naive", "--examples", "25")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failing test case" in result.stdout
    shown = result.stdout.rsplit("that page as text: ", 1)[1].strip()
    page = reviewparse.parse(ast.literal_eval(shown), strict=True)
    # Shrunk to a title and one directors credit whose names are not joined by commas only.
    assert [type(line).__name__ for line in page.lines] == ["Title", "Credit"]
    value = page.credits.items[0].value
    assert page.directors and [n.strip() for n in value.split(",")] != list(page.directors)


# -- the code in the docs ---------------------------------------------------------
PYCON = re.compile(r"^```pycon\n(.*?)^```", re.MULTILINE | re.DOTALL)
DOCUMENTS = {
    path.relative_to(ROOT).as_posix(): path
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    if PYCON.search(path.read_text("utf-8"))
}


def test_readme_and_tutorial_have_runnable_examples() -> None:
    assert {"README.md", "docs/tutorial.md"} <= DOCUMENTS.keys()


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_docs_examples_run(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run a document's pycon blocks in order, from a directory that looks like the repo.

    ``examples/`` is linked in, so the examples read the bundled dump; files they
    write land in a temporary directory, not in the checkout.
    """
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    path = DOCUMENTS[name]
    globs: dict[str, object] = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    text = path.read_text("utf-8")
    for block in PYCON.finditer(text):
        line = text.count("\n", 0, block.start(1))
        test = parser.get_doctest(block.group(1), globs, f"{name}:{line + 1}", str(path), line)
        runner.run(test, clear_globs=False)
        globs = test.globs  # DocTest copies its globals; later blocks build on earlier ones
    summary = runner.summarize(verbose=False)
    assert summary.failed == 0, f"{summary.failed} example(s) in {name} failed (see stdout)"


# -- the commands in the docs ------------------------------------------------------
# ```console blocks show commands with their real output and are checked here;
# ```sh blocks are commands for the reader's own files and are not run.
CONSOLE = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)
TIMING = re.compile(r" in \d+(?:\.\d+)? s \(\d+(?:\.\d+)? pages/s\)")
SESSIONS = {
    path.relative_to(ROOT).as_posix(): path
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    if CONSOLE.search(path.read_text("utf-8"))
}


def as_argv(command: str) -> list[str]:
    words = shlex.split(command)
    if words[0] == ".venv/bin/reviewparse":
        return [sys.executable, "-m", "reviewparse", *words[1:]]
    if words[0] == ".venv/bin/python":
        return [sys.executable, *words[1:]]
    assert words[0] == "cat", f"no rule to run {command!r} in a test"
    return words


def test_readme_and_tutorial_show_real_cli_sessions() -> None:
    assert {"README.md", "docs/tutorial.md"} <= SESSIONS.keys()


@pytest.mark.parametrize("name", sorted(SESSIONS))
def test_docs_console_sessions_match_real_output(name: str, tmp_path: Path) -> None:
    """Run each ``$ command`` of a document in order; its output must be what the doc shows.

    Only the timing figures (``in 0.1 s (234 pages/s)``) may differ.
    """
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    for block in CONSOLE.findall(SESSIONS[name].read_text("utf-8")):
        steps = re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]
        assert steps, f"a console block in {name} shows no command"
        for step in steps:
            command, _, shown = step.partition("\n")
            result = subprocess.run(
                as_argv(command),
                cwd=tmp_path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
                timeout=120,
                check=False,
            )
            assert TIMING.sub(" in T", result.stdout) == TIMING.sub(" in T", shown), command
