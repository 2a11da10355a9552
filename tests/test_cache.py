"""The per-user parser cache: used only when it is safely ours, rebuilt on any doubt."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from pathlib import Path
from typing import Any

import pytest
from lark import Lark

from reviewparse._core import cache as _cache
from reviewparse._core.driver import FastLark
from reviewparse._core.grammar import _OPTIONS, _build, _ToLexed, full_grammar
from reviewparse._fields.lexicon import Lexicon

PAGE = "Home > Films > Ruby Sparks\n\nRuby Sparks\n\nYear - 2012\nMusic- Nick Urata\n"


class Builds:
    """Counts grammar builds (a cache hit builds nothing)."""

    def __init__(self, grammar: str) -> None:
        self.grammar = grammar
        self.count = 0

    def __call__(self) -> tuple[Lark, dict[str, str]]:
        self.count += 1
        return _build(self.grammar)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("REVIEWPARSE_CACHE_DIR", str(directory))
    monkeypatch.delenv("REVIEWPARSE_NO_CACHE", raising=False)
    return directory


def load(grammar: str | None = None) -> tuple[FastLark, Builds]:
    grammar = full_grammar(Lexicon.default()) if grammar is None else grammar
    builds = Builds(grammar)
    lark, extras = _cache.load_or_build(
        grammar, _OPTIONS, builds, cls=FastLark, transformer=_ToLexed()
    )
    assert extras["CRUMB_SEPARATOR"] and extras["_PREFIX"]
    return lark, builds


def the_file(directory: Path) -> Path:
    (path,) = directory.glob("lalr-*.pickle")
    return path


def parses(lark: Lark) -> Any:
    return lark.parse(PAGE, start="page")


def rendered(lexed: Any) -> str:
    """The text of the lexed lines, joined again."""
    return "".join(token for line in lexed.lines for token in line.tokens)


def test_first_load_builds_and_writes_a_private_file(cache_dir: Path) -> None:
    lark, builds = load()
    assert builds.count == 1
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    path = the_file(cache_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again, builds = load()
    assert builds.count == 0  # loaded, not built
    assert parses(again) == parses(lark)
    assert rendered(parses(again)) == PAGE


def test_grammar_change_means_another_file(cache_dir: Path) -> None:
    load()
    changed = full_grammar(Lexicon.default()) + "\n// a comment changes the key\n"
    _, builds = load(changed)
    assert builds.count == 1
    assert len(list(cache_dir.glob("lalr-*.pickle"))) == 2


def test_key_covers_lark_version_and_options() -> None:
    grammar = full_grammar(Lexicon.default())
    key = _cache.cache_key(grammar, _OPTIONS)
    assert key != _cache.cache_key(grammar, {**_OPTIONS, "lexer": "basic"})
    assert key != _cache.cache_key(grammar + " ", _OPTIONS)


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-10] + bytes(x ^ 0xFF for x in b[-10:]),  # corrupted payload
        lambda b: b"not a cache file",
        lambda b: b"",
    ],
    ids=["truncated", "corrupted", "garbage", "empty"],
)
def test_damaged_file_is_rebuilt_and_replaced(cache_dir: Path, damage: Any) -> None:
    load()
    path = the_file(cache_dir)
    path.write_bytes(damage(path.read_bytes()))
    lark, builds = load()
    assert builds.count == 1
    assert rendered(parses(lark)) == PAGE
    _, builds = load()
    assert builds.count == 0  # the rebuild rewrote a good file


def test_file_writable_by_others_is_ignored(cache_dir: Path) -> None:
    load()
    path = the_file(cache_dir)
    path.chmod(0o666)
    _, builds = load()
    assert builds.count == 1


def test_directory_open_to_others_is_neither_read_nor_written(cache_dir: Path) -> None:
    load()
    cache_dir.chmod(0o755)
    path = the_file(cache_dir)
    before = path.stat().st_mtime_ns
    _, builds = load()
    assert builds.count == 1
    assert path.stat().st_mtime_ns == before


def test_someone_elses_directory_is_ignored(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load()
    monkeypatch.setattr(os, "getuid", lambda: cache_dir.stat().st_uid + 1)
    _, builds = load()
    assert builds.count == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_someone_elses_file_is_ignored(cache_dir: Path) -> None:
    load()
    os.chown(the_file(cache_dir), 12345, 12345)
    _, builds = load()
    assert builds.count == 1


def test_symlinked_file_is_ignored(cache_dir: Path, tmp_path: Path) -> None:
    load()
    path = the_file(cache_dir)
    elsewhere = tmp_path / "elsewhere.pickle"
    elsewhere.write_bytes(path.read_bytes())
    elsewhere.chmod(0o600)
    path.unlink()
    path.symlink_to(elsewhere)
    _, builds = load()
    assert builds.count == 1


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def test_a_pickle_that_names_code_is_never_run(cache_dir: Path, tmp_path: Path) -> None:
    # A payload with a valid digest that would call Path.touch if unpickled normally.
    load()
    path = the_file(cache_dir)
    marker = tmp_path / "pwned"
    body = pickle.dumps({"key": "x", "data": _Evil(marker)})
    path.write_bytes(_cache.MAGIC + hashlib.sha256(body).digest() + body)
    path.chmod(0o600)
    lark, builds = load()
    assert builds.count == 1
    assert not marker.exists()
    assert rendered(parses(lark)) == PAGE


def test_cache_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWPARSE_NO_CACHE", "1")
    assert _cache.cache_dir() is None
    _, builds = load()
    assert builds.count == 1
    assert not cache_dir.exists()


def test_unwritable_location_still_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("REVIEWPARSE_CACHE_DIR", str(blocker / "cache"))
    lark, builds = load()
    assert builds.count == 1
    assert rendered(parses(lark)) == PAGE


def test_default_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REVIEWPARSE_CACHE_DIR", raising=False)
    monkeypatch.delenv("REVIEWPARSE_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.cache_dir() == tmp_path / "reviewparse"
