"""The shortcuts taken for speed give the answers of the long way round."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from lark import Token

from reviewparse._core import strict
from reviewparse._core.lines import split_lines
from reviewparse._corpus import generate_page
from reviewparse._fields import headings, memo

KINDS = ("BOM", "BLANK", "BREADCRUMB", "TITLE", "CAPTION", "CREDIT", "PARAGRAPH", "CLUTTER")
FIXTURES = Path(__file__).parent / "fixtures"


def _fits_the_long_way(kinds: tuple[str, ...]) -> bool:
    interactive = strict._parser().parse_interactive("")
    try:
        for kind in kinds:
            if kind not in interactive.choices():
                return False
            interactive.feed_token(Token(kind, ""))
    except Exception:  # LALR may reduce before it finds the token does not fit
        return False
    return "$END" in interactive.choices()


def test__strict_tables_run_directly_agree_with_the_interactive_parser() -> None:
    sequences = [s for n in range(5) for s in itertools.product(KINDS, repeat=n)]
    disagree = [s for s in sequences if strict._fits(list(s)) != _fits_the_long_way(s)]
    assert disagree == []
    assert sum(strict._fits(list(s)) for s in sequences) > 100  # not all refused


def test__per_line_answers_once_until_forgotten() -> None:
    asked: list[str] = []

    @memo.per_line
    def shout(text: str) -> str:
        asked.append(text)
        return text.upper()

    assert [shout("a"), shout("a"), shout("b")] == ["A", "A", "B"]
    assert asked == ["a", "b"]
    memo.forget()
    assert shout("a") == "A"
    assert asked == ["a", "b", "a"]


def _lines() -> list[str]:
    found = [line for index in range(60) for line in split_lines(generate_page(index, 3))]
    for path in sorted(FIXTURES.rglob("*.txt")):
        found += split_lines(path.read_text("utf-8", errors="surrogateescape"))
    return [
        *found,
        "Heat – Reviewed by Ann Lee",
        "Heat (Movie Review)",
        "Heat: A Silent Film Review",
        "Heat [film]",
        "Heat Director's Cut",
        "Heat Platinum Series Extended Edition",
        "Filmkritik: Heat",
        "Heat 2. Woche",
        "Noirvember 2017, Episode 12: Heat",
        "Heat (1995)",
    ]


def test__heading_patterns_skipped_only_where_they_cannot_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = _lines()
    quick = [(headings.read(line), headings.data(line)) for line in lines]
    memo.forget()
    monkeypatch.setattr(headings, "_NEEDS", {p: (lambda line: True) for p in headings._NEEDS})
    slow = [(headings.read(line), headings.data(line)) for line in lines]
    memo.forget()
    assert quick == slow
    assert sum(heading.marked for heading, _ in quick) >= 8  # the labels were found
