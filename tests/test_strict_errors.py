"""Strict mode names what is wrong: line, column, the line with a caret, and words."""

from __future__ import annotations

import pickle

import pytest

import reviewparse
from reviewparse import ReviewParseError, Unparsed

BROKEN = "Home > X\n\nX\n\nYear - 2012\nStars Paul Dano\nMusic - Y\n"


def test_error_in_credits_block_is_located() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(BROKEN, strict=True)
    error = info.value
    assert (error.line, error.column) == (6, 1)
    assert error.line_text == "Stars Paul Dano"
    assert error.expected == ("a credit line (Key - Value)", "a blank line")
    assert error.found == "'Stars Paul Dano'"
    assert str(error) == (
        "line 6, column 1: expected a credit line (Key - Value) or a blank line, "
        "found 'Stars Paul Dano'\n  Stars Paul Dano\n  ^"
    )
    assert "CREDIT_KEY" not in str(error)
    assert isinstance(error, ValueError)


def test_error_at_end_of_page() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse("\n\n", strict=True)
    error = info.value
    assert (error.line, error.column) == (3, 1)
    assert error.found == "the end of the page"
    assert "the title line" in error.message


def test_lone_cr_counts_as_a_line_break() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(BROKEN.replace("\n", "\r"), strict=True)
    assert (info.value.line, info.value.column) == (6, 1)
    assert info.value.line_text == "Stars Paul Dano"


def test_column_of_an_error_after_a_bom() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse("\ufeff", strict=True)
    assert (info.value.line, info.value.column) == (1, 2)


def test_error_pickles() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(BROKEN, strict=True)
    clone = pickle.loads(pickle.dumps(info.value))
    assert type(clone) is ReviewParseError
    assert str(clone) == str(info.value)
    assert (clone.line, clone.column, clone.expected) == (6, 1, info.value.expected)
    # Pickling helpers that follow __context__ (tblib, installed by distributed) must not
    # reach Lark's unpicklable parser state.
    assert info.value.__context__ is None


def test_lenient_mode_keeps_the_bad_line_as_unparsed_and_the_rest_strict() -> None:
    page = reviewparse.parse(BROKEN)
    assert reviewparse.render(page) == BROKEN
    bad = [line for line in page.lines if isinstance(line, Unparsed)]
    assert bad == [Unparsed("Stars Paul Dano", "\n", bad[0].reason)]
    assert "expected a credit line" in bad[0].reason
    assert [c.key for c in page.credits] == ["Year", "Music"]
    assert [(d.line, d.column) for d in page.diagnostics] == [(6, 1)]
    assert not page.is_strict


def test_lenient_mode_falls_back_to_loose_when_the_page_ends_early() -> None:
    page = reviewparse.parse("Home > A > B\n\n")
    assert page.breadcrumb is not None
    assert page.title is None
    assert page.diagnostics[0].line == 3


def test_non_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="parse_file"):
        reviewparse.parse(b"bytes")  # type: ignore[arg-type]


def test_lenient_mode_cuts_an_open_list_at_a_skipped_line() -> None:
    """A list that goes on after a skipped line cannot join its credit across the gap.

    The parser resumes in the credit's state, so "  C" would continue "Stars - A,";
    rendering the credit whole would move the bad line after it (a fuzz finding).
    """
    text = "T\n\nStars - A,\n  B,\n!\n  C\nYear - 1\n"
    page = reviewparse.parse(text)
    assert reviewparse.render(page) == text
    stars = page.credits.get("stars")
    assert stars is not None and stars.more == ("  B,\n",)
    kinds = [(type(line).__name__, line.render()) for line in page.lines[2:]]
    assert kinds == [
        ("Credit", "Stars - A,\n  B,\n"),
        ("Unparsed", "!\n"),
        ("Unparsed", "  C\n"),
        ("Credit", "Year - 1\n"),
    ]
    assert [d.line for d in page.diagnostics] == [5, 6]
    assert "across a line that was skipped" in page.diagnostics[1].message
