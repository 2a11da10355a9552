"""``--keys FILE.toml``: more credit-key spellings for ``parse``, ``check`` and ``convert``."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from cli_support import read_jsonl, run_cli

import reviewparse
from reviewparse import Lexicon
from reviewparse._cli import main

# Spellings the shipped lexicon does not know (so the file is what makes them keys).
KEYS = """\
# a file of lexicon.toml's shape: only [keys] is read
[keys]
cinematography = ["lenser"]
music = ["tonsetzer", "klang von"]
"""
PAGE = "La Notte\n\nLenser - Gianni Di Venanzo\nKlang von - Giorgio Gaslini\nYear - 1961\n"


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    path = tmp_path / "keys.toml"
    path.write_text(KEYS, "utf-8")
    return path


def _dump(root: Path, pages: int = 300) -> Path:
    root.mkdir()
    for number in range(pages):
        (root / f"p{number:03}.txt").write_text(PAGE.replace("1961", str(1900 + number)), "utf-8")
    return root


def test_the_shipped_lexicon_does_not_know_the_test_spellings() -> None:
    page = reviewparse.parse(PAGE)
    assert not page.music and [credit.field for credit in page.credits] == [None, None, "year"]


def test_parse_with_keys_files_the_new_spellings(
    keys: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "notte.txt"
    page.write_text(PAGE, "utf-8")
    assert main(["parse", str(page), "--keys", str(keys)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["music"] == ["Giorgio Gaslini"]
    fields = [line["fields"] for line in record["lines"] if line["kind"] == "credit"]
    assert fields[:2] == [["cinematography"], ["music"]]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_convert_with_keys_gives_every_worker_the_new_spellings(
    keys: Path, tmp_path: Path, jobs: str
) -> None:
    dump = _dump(tmp_path / "dump")
    out = tmp_path / "pages.jsonl"
    assert main(["convert", str(dump), "-o", str(out), "-q", "-j", jobs, "--keys", str(keys)]) == 0
    records = read_jsonl(out)
    assert len(records) == 300  # more than two chunks: both workers had some
    assert all(record["music"] == ["Giorgio Gaslini"] for record in records)


def test_convert_without_keys_does_not_keep_an_earlier_runs_spellings(
    keys: Path, tmp_path: Path
) -> None:
    dump = _dump(tmp_path / "dump", pages=3)
    with_keys, without = tmp_path / "with.jsonl", tmp_path / "without.jsonl"
    assert main(["convert", str(dump), "-o", str(with_keys), "-q", "--keys", str(keys)]) == 0
    assert main(["convert", str(dump), "-o", str(without), "-q"]) == 0
    assert {r["music"][0] for r in read_jsonl(with_keys)} == {"Giorgio Gaslini"}
    assert all(r["music"] == [] for r in read_jsonl(without))


def test_check_with_keys_lists_the_keys_under_their_fields(keys: Path, tmp_path: Path) -> None:
    dump = _dump(tmp_path / "dump", pages=3)
    result = run_cli("check", dump, "--keys", keys, "-j", "2")
    assert result.returncode == 0, result.stderr
    rows = [
        [cell.strip() for cell in line.strip("│ ").split("│")]
        for line in result.stdout.splitlines()
    ]
    assert ["Lenser", "cinematography", "3"] in rows
    assert ["Klang von", "music", "3"] in rows


def test_a_resumed_run_must_have_the_same_keys(keys: Path, tmp_path: Path) -> None:
    from reviewparse._convert.outputs import get_format
    from reviewparse._convert.pages import KeySpellings
    from reviewparse._convert.run import ConvertOptions

    added: KeySpellings = (("music", ("tonsetzer",)),)
    plain = ConvertOptions(("dump",), tmp_path / "o.jsonl", get_format("jsonl"))
    extended = ConvertOptions(("dump",), tmp_path / "o.jsonl", get_format("jsonl"), keys=added)
    assert "keys" not in plain.fingerprint()  # checkpoints written before --keys still match
    assert extended.fingerprint() != plain.fingerprint()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[keys]\ndirector = ['x']\n", "unknown field 'director'"),
        ("[keys]\nmusic = 'tonsetzer'\n", "keys.music must be a list of strings"),
        ("music = ['tonsetzer']\n", "expected a [keys] table"),
        ("[keys\n", "not TOML"),
    ],
)
def test_a_bad_keys_file_is_a_usage_error_before_any_page_is_read(
    tmp_path: Path, text: str, message: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, "utf-8")
    result = run_cli("convert", tmp_path / "missing", "-o", tmp_path / "o.jsonl", "--keys", bad)
    assert result.returncode == 2
    assert message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_a_missing_keys_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("parse", "-", "--keys", tmp_path / "nope.toml")
    assert result.returncode == 2 and "nope.toml: No such file or directory" in result.stderr


def test_the_shipped_lexicon_file_itself_is_a_keys_file(tmp_path: Path) -> None:
    from importlib import resources

    shipped = resources.files("reviewparse._fields").joinpath("lexicon.toml").read_text("utf-8")
    copy = tmp_path / "lexicon.toml"
    copy.write_text(shipped, "utf-8")
    page = tmp_path / "p.txt"
    page.write_text(PAGE, "utf-8")
    assert run_cli("parse", page, "--keys", copy).returncode == 0


def test_an_extended_lexicon_pickles_and_parses_the_same() -> None:
    lexicon = Lexicon.default().extended({"music": ["tonsetzer", "klang von"]})
    copy = pickle.loads(pickle.dumps(lexicon))
    assert reviewparse.parse(PAGE, keys=copy) == reviewparse.parse(PAGE, keys=lexicon)
    assert copy.cache_token() == lexicon.cache_token() != Lexicon.default().cache_token()


def test_the_table_cache_keeps_the_extended_grammar_apart(keys: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    page = tmp_path / "p.txt"
    page.write_text(PAGE, "utf-8")
    env = {"REVIEWPARSE_CACHE_DIR": str(cache)}
    assert run_cli("parse", page, **env).returncode == 0
    default_tables = set(cache.glob("lalr-*.pickle"))
    for _ in range(2):  # the second run loads the extended tables from the cache
        result = run_cli("parse", page, "--keys", keys, **env)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["music"] == ["Giorgio Gaslini"]
    assert len(set(cache.glob("lalr-*.pickle")) - default_tables) == 1
    assert json.loads(run_cli("parse", page, **env).stdout)["music"] == []
