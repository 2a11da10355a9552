"""The example scripts and the code in the docs do what they say.

Each script runs as its own process with this interpreter (the project's venv),
and the assertions are on what it prints and writes. Every code block of the
README and the docs runs too (``pycon`` as doctests, ``python`` as scripts,
``console`` and ``sh`` commands; the rules are above the tests that run them),
so the docs cannot drift from the code.
"""

from __future__ import annotations

import ast
import doctest
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
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
# Every fenced code block of the README and the docs is checked, by its language:
#   pycon    runs as a doctest, the blocks of a page in order, sharing their names;
#   python   runs as a script, the blocks of a page in order in one namespace, in a
#            process of its own (a block may register things, such as an output format);
#   console  each `$ command` runs and must print what the page shows;
#   sh       each command runs where it is safe (below) and must exit 0.
# All of them run from a temporary directory holding a link to examples/, so they read
# the bundled dump and write nowhere in the checkout. A python or sh block that cannot
# run here (it needs a cluster, root, or minutes) says so on the line before it:
#   <!-- not-run: the reason -->
# and the marker stays rare (NOT_RUN_LIMIT). docs/property-testing.md's python blocks
# run in tests/test_strategies.py, which owns that guide.
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(
    r"^(?:<!--\s*not-run:(?P<reason>[^\n]*?)-->\n)?```(?P<lang>[a-z]+)\n(?P<body>.*?)^```",
    re.MULTILINE | re.DOTALL,
)
RUN_ELSEWHERE = {"docs/property-testing.md": "tests/test_strategies.py"}
NOT_RUN_LIMIT = 8


class Block:
    """One fenced block: its page, language, first line of code, code, and any not-run reason."""

    def __init__(self, name: str, text: str, match: re.Match[str]) -> None:
        self.name = name
        self.lang = match.group("lang")
        self.body = match.group("body")
        self.line = text.count("\n", 0, match.start("body")) + 1
        reason = match.group("reason")
        self.not_run = reason.strip() if reason is not None else None

    def __repr__(self) -> str:
        return f"{self.name}:{self.line}"


def blocks(lang: str) -> dict[str, list[Block]]:
    """The blocks of one language, by page (pages without any left out)."""
    found: dict[str, list[Block]] = {}
    for path in DOCS:
        name = path.relative_to(ROOT).as_posix()
        text = path.read_text("utf-8")
        for match in FENCE.finditer(text):
            if match.group("lang") == lang:
                found.setdefault(name, []).append(Block(name, text, match))
    return found


PYCON = blocks("pycon")
PYTHON = {name: found for name, found in blocks("python").items() if name not in RUN_ELSEWHERE}
CONSOLE = blocks("console")
SH = blocks("sh")


def docs_directory(tmp_path: Path) -> Path:
    """A directory that looks like the clone to the docs' code: examples/ is linked in."""
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    return tmp_path


def run_pycon(name: str) -> doctest.TestResults:
    """Run a page's pycon blocks in order, in the current directory."""
    globs: dict[str, object] = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for block in PYCON.get(name, []):
        test = parser.get_doctest(block.body, globs, repr(block), name, block.line - 1)
        runner.run(test, clear_globs=False)
        globs = test.globs  # DocTest copies its globals; later blocks build on earlier ones
    return runner.summarize(verbose=False)


def test_readme_and_tutorial_have_runnable_examples() -> None:
    assert {"README.md", "docs/tutorial.md"} <= PYCON.keys()


def test_every_fence_is_of_a_language_this_module_checks_or_shows_text() -> None:
    shown_only = {"text", "json", "sql", "mermaid", "perl", "toml"}
    for path in DOCS:
        text = path.read_text("utf-8")
        langs = [match.group("lang") for match in FENCE.finditer(text)]
        assert set(langs) <= {"pycon", "python", "console", "sh"} | shown_only, path.name
        # every fence names its language, so none hides from the checks above
        assert len(re.findall(r"^```", text, re.MULTILINE)) == 2 * len(langs), path.name


def test_the_tutorial_and_the_readme_have_sh_commands_that_run() -> None:
    for name in ("README.md", "docs/tutorial.md"):
        assert any(runs_here(command) for block in SH[name] for command in sh_commands(block))


def test_not_run_markers_are_rare_and_give_a_reason() -> None:
    marked = [
        b for found in [*PYTHON.values(), *SH.values()] for b in found if b.not_run is not None
    ]
    assert all(block.not_run for block in marked), marked
    assert len(marked) <= NOT_RUN_LIMIT, marked


def test__a_not_run_marker_is_read_from_the_line_before_the_fence() -> None:
    text = "<!-- not-run: needs a cluster -->\n```python\nClient()\n```\n\n```python\nx = 1\n```\n"
    marked, plain = (Block("page.md", text, match) for match in FENCE.finditer(text))
    assert (marked.not_run, marked.line, marked.body) == ("needs a cluster", 3, "Client()\n")
    assert (plain.not_run, plain.line) == (None, 7)


def test_the_guides_run_elsewhere_are_run_there() -> None:
    for name, test_module in RUN_ELSEWHERE.items():
        assert Path(name).name in (ROOT / test_module).read_text("utf-8"), test_module


@pytest.mark.parametrize("name", sorted(PYCON))
def test_docs_examples_run(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run a document's pycon blocks in order, from a directory that looks like the repo."""
    monkeypatch.chdir(docs_directory(tmp_path))
    summary = run_pycon(name)
    assert summary.failed == 0, f"{summary.failed} example(s) in {name} failed (see stdout)"


# Runs the blocks it is given (JSON: [[label, code], ...] on stdin) in one namespace.
_RUN_BLOCKS = """\
import json, sys, traceback
namespace = {"__name__": "__docs__"}
for label, code in json.load(sys.stdin):
    try:
        exec(compile(code, label, "exec"), namespace)
    except BaseException:
        traceback.print_exc()
        sys.exit(f"the block at {label} failed")
"""


@pytest.mark.parametrize("name", sorted(PYTHON))
def test_docs_python_blocks_run(name: str, tmp_path: Path) -> None:
    """Run a document's python blocks in order, in one namespace, in a process of its own."""
    runnable = [[repr(block), block.body] for block in PYTHON[name] if block.not_run is None]
    result = subprocess.run(
        [sys.executable, "-c", _RUN_BLOCKS],
        input=json.dumps(runnable),
        cwd=docs_directory(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- the commands in the docs ------------------------------------------------------
TIMING = re.compile(r" in \d+(?:\.\d+)? s \(\d+(?:\.\d+)? pages/s\)")
# Commands of sh blocks that do not run here, and why; any file of the clone they name
# must still exist, and any extra they install must be one pyproject.toml defines.
NOT_RUN_COMMANDS = {
    "python3 -m venv": "makes the environment the tests already run in",
    ".venv/bin/pip install": "installs into the environment the tests run in",
    "pip install": "installs into the reader's environment",
    ".venv/bin/ruff": "a step of the README's check command, run by CI",
    ".venv/bin/mypy": "a step of the README's check command, run by CI",
    ".venv/bin/mkdocs": "a step of the README's check command, run by CI",
    ".venv/bin/pytest": "this test suite, or its slow part",
    ".venv/bin/python benchmarks/": "a benchmark of minutes",
    "REVIEWPARSE_PROFILE=fuzz": "a fuzzing run of minutes",
    "fuzz/run.sh": "a fuzzing run of minutes",
    "mount ": "needs root",
    "reviewparse ": "a command for the reader's own dump, cluster or disk",
}
SAFE_COMMANDS = ("mkdir ", "cp ", "cat ")


def as_argv(command: str) -> list[str]:
    words = shlex.split(command)
    if words[0] == ".venv/bin/reviewparse":
        return [sys.executable, "-m", "reviewparse", *words[1:]]
    if words[0] == ".venv/bin/python":
        return [sys.executable, *words[1:]]
    assert command.startswith(SAFE_COMMANDS), f"no rule to run {command!r} in a test"
    return words


def sh_commands(block: Block) -> list[str]:
    """The commands of an sh block: continued lines joined, comments dropped, && split."""
    joined = block.body.replace("\\\n", " ")
    lines = [line.split("  #", 1)[0].strip() for line in joined.splitlines()]
    return [
        part.strip()
        for line in lines
        if line and not line.startswith("#")
        for part in line.split("&&")
    ]


def runs_here(command: str) -> bool:
    if command.startswith(SAFE_COMMANDS) or command.startswith(".venv/bin/reviewparse"):
        return True
    return command.startswith(".venv/bin/python examples/")


def run_command(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(
        as_argv(command),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_readme_and_tutorial_show_real_cli_sessions() -> None:
    assert {"README.md", "docs/tutorial.md"} <= CONSOLE.keys()


@pytest.mark.parametrize("name", sorted(CONSOLE))
def test_docs_console_sessions_match_real_output(name: str, tmp_path: Path) -> None:
    """Run each ``$ command`` of a document in order; its output must be what the doc shows.

    Only the timing figures (``in 0.1 s (234 pages/s)``) may differ.
    """
    cwd = docs_directory(tmp_path)
    for block in CONSOLE[name]:
        steps = re.split(r"^\$ ", block.body, flags=re.MULTILINE)[1:]
        assert steps, f"a console block at {block} shows no command"
        for step in steps:
            command, _, shown = step.partition("\n")
            result = run_command(command, cwd)
            assert TIMING.sub(" in T", result.stdout) == TIMING.sub(" in T", shown), command


@pytest.mark.parametrize("name", sorted(SH))
def test_docs_sh_commands_run_or_name_what_exists(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Run a document's safe sh commands in order, after its pycon blocks (which may write
    the files they use); check the others name files and extras that exist."""
    cwd = docs_directory(tmp_path)
    monkeypatch.chdir(cwd)
    run_pycon(name)  # its own test reports failures; here it only prepares the directory
    extras = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
            "optional-dependencies"
        ]
    )
    for block in SH[name]:
        for command in sh_commands(block):
            if block.not_run is None and runs_here(command):
                result = run_command(command, cwd)
                assert result.returncode == 0, f"{block}: {command}\n{result.stdout}"
                continue
            assert block.not_run or any(command.startswith(p) for p in NOT_RUN_COMMANDS), (
                f"{block}: no rule for {command!r}; run it, or add a not-run marker"
            )
            for word in shlex.split(command, comments=True):
                path = word.split("=", 1)[-1].split("::", 1)[0]
                if re.match(r"(?:tests|benchmarks|fuzz|examples|docs|src|grammars)/", path):
                    assert (ROOT / path).exists(), f"{block}: {command!r} names {path}"
            for named in re.findall(r"\.\[([a-z,]+)\]", command):
                assert set(named.split(",")) <= extras, f"{block}: {command!r}"


# -- the diagrams: Mermaid from the site itself ------------------------------------
MERMAID_VERSION = "11.17.2"
MERMAID = ROOT / "docs" / "assets" / "javascripts" / f"mermaid-{MERMAID_VERSION}.min.js"


def test_the_site_ships_the_mermaid_version_its_file_name_says() -> None:
    assert f'version:"{MERMAID_VERSION}"'.encode() in MERMAID.read_bytes()
    licence = (MERMAID.parent / "mermaid-LICENSE.txt").read_text("utf-8")
    assert licence.startswith("The MIT License")


def test_the_page_head_loads_the_shipped_mermaid_before_the_theme() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "custom_dir: docs/overrides" in config
    template = (ROOT / "docs" / "overrides" / "main.html").read_text("utf-8")
    assert "{% block extrahead %}" in template
    assert f"'assets/javascripts/{MERMAID.name}' | url" in template
    assert "http" not in template


def test_the_theme_fetches_mermaid_only_when_the_page_has_none() -> None:
    """The installed Material bundle skips its CDN fetch when ``mermaid`` is defined."""
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.origin is not None
    material = Path(spec.origin).parent
    (bundle,) = (material / "templates" / "assets" / "javascripts").glob("bundle.*.min.js")
    script = bundle.read_text("utf-8")
    guard = script.index('typeof mermaid=="undefined"')
    assert "unpkg.com/mermaid" in script[guard : guard + 200]
