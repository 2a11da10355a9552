"""The benchmark baselines read the corpus as reviewparse does, so their speed is comparable."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def regex_baseline() -> ModuleType:
    return _load("regex_baseline")


def test_regex_baseline_agrees_with_reviewparse(regex_baseline: ModuleType) -> None:
    assert regex_baseline.verify(120, seed=11) == []


def test_regex_baseline_reads_the_reference_page(regex_baseline: ModuleType) -> None:
    text = (BENCHMARKS.parent / "examples/dump/ruby-sparks.txt").read_text("utf-8")
    fields = regex_baseline.parse(text)
    assert fields == regex_baseline.from_reviewparse(text)
    assert fields["title"] == "Ruby Sparks"
    assert fields["year"] == 2012
    assert fields["directors"] == ["Jonathan Dayton", "Valerie Faris"]
    assert fields["credits"]["Music"] == "Nick Urata"
    assert fields["captions"] == ["Ruby Sparks title card", "Ruby Sparks poster"]


def test_verify_reports_a_disagreement(regex_baseline: ModuleType) -> None:
    # The check can fail: a baseline that drops the year is caught.
    original = regex_baseline.parse
    regex_baseline.parse = lambda text: {**original(text), "year": None}
    try:
        assert regex_baseline.verify(5, seed=11)
    finally:
        regex_baseline.parse = original


def test_earley_baseline_agrees_with_reviewparse() -> None:
    earley = _load("earley_baseline")
    assert earley.verify(3, seed=11) == []
    assert earley.parser().options.parser == "earley"
    assert earley.parser().options.lexer == "dynamic"


@pytest.mark.parametrize("name", ["tutorial_lark", "pool_script"])
def test_peers_read_the_fields_reviewparse_reads(name: str) -> None:
    peer, measure = _load(name), _load("agreement")
    found = measure.measure(peer.parse, 40, seed=11)
    assert found.compared >= 34  # the tutorial grammar fails on a page with a lone \r
    assert found.share >= 0.95, found.examples


def test_agreement_counts_a_peer_with_wrong_titles_as_disagreeing() -> None:
    peer, measure = _load("pool_script"), _load("agreement")
    found = measure.measure(lambda text: {**peer.parse(text), "title": "Nothing"}, 10, seed=11)
    assert (found.agree, found.compared) == (0, 10)
