"""Strict mode names what is wrong: line, column, the line with a caret, and words."""

from __future__ import annotations

import pickle

import pytest

import reviewparse
from reviewparse import (
    BlankLines,
    Breadcrumb,
    Clutter,
    ReviewPage,
    ReviewParseError,
    Title,
    Unparsed,
)

# A line with a control character in it (a byte the scraper should never have kept).
BROKEN = "Home > X\n\nX\n\nYear - 2012\nStars - Paul\x07Dano\nMusic - Y\n"
AFTER_CREDITS = (
    "a credit line (Key - Value)",
    "an image caption (a short line that is not a sentence)",
    "a synopsis paragraph",
    "a blank line",
    "the end of the page",
)


def test_a_junk_line_is_located_with_what_was_expected_in_words() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(BROKEN, strict=True)
    error = info.value
    assert (error.line, error.column) == (6, 13)
    assert error.line_text == "Stars - Paul\x07Dano"
    assert error.expected == AFTER_CREDITS
    assert error.found == "a line with a control character 'Stars - Paul\\x07Dano'"
    assert str(error) == (
        f"line 6, column 13: expected {', '.join(AFTER_CREDITS[:-1])} or the end of the page, "
        "found a line with a control character 'Stars - Paul\\x07Dano'\n"
        "  Stars - Paul\u2407Dano\n"
        "              ^"
    )
    assert "CREDIT" not in str(error) and "UNPARSED" not in str(error)
    assert isinstance(error, ValueError)


def test_clutter_before_the_title_is_named_as_clutter() -> None:
    text = "Skip to main content\nRuby Sparks\n\nYear - 2012\n"
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(text, strict=True)
    assert (info.value.line, info.value.column) == (1, 1)
    assert info.value.found == "site clutter 'Skip to main content'"
    assert "the title line" in info.value.expected
    page = reviewparse.parse(text)
    assert isinstance(page.lines[0], Clutter) and page.title == "Ruby Sparks"


def test_a_second_title_is_not_strict() -> None:
    text = "Heat (1995)\n\nDirector: Michael Mann\n\nRonin (1998)\n\nDirector: John Frankenheimer\n"
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(text, strict=True)
    assert info.value.line == 5 and info.value.found == "another title 'Ronin (1998)'"
    page = reviewparse.parse(text)
    assert (page.title, page.directors) == ("Heat", ("Michael Mann",))


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
    assert (info.value.line, info.value.column) == (6, 13)
    assert info.value.line_text == "Stars - Paul\x07Dano"


def test_column_of_an_error_after_a_bom() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse("\ufeff", strict=True)
    assert (info.value.line, info.value.column) == (1, 2)
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse("\ufeffSkip to main content\nX\n", strict=True)
    assert (info.value.line, info.value.column) == (1, 2)


def test_error_pickles() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(BROKEN, strict=True)
    clone = pickle.loads(pickle.dumps(info.value))
    assert type(clone) is ReviewParseError
    assert str(clone) == str(info.value)
    assert (clone.line, clone.column, clone.expected) == (6, 13, info.value.expected)
    # Pickling helpers that follow __context__ (tblib, installed by distributed) must not
    # reach Lark's unpicklable parser state.
    assert info.value.__context__ is None


def test_lenient_mode_keeps_the_junk_line_as_unparsed_and_the_rest_strict() -> None:
    page = reviewparse.parse(BROKEN)
    assert reviewparse.render(page) == BROKEN
    bad = [line for line in page.lines if isinstance(line, Unparsed)]
    assert bad == [Unparsed("Stars - Paul\x07Dano", "\n", bad[0].reason)]
    assert "control character" in bad[0].reason
    assert [c.key for c in page.credits] == ["Year", "Music"]
    assert [(d.line, d.column) for d in page.diagnostics] == [(6, 13)]
    assert not page.is_strict


def test_lenient_page_that_ends_early_keeps_its_breadcrumb_and_says_why() -> None:
    page = reviewparse.parse("Home > A > B\n\n")
    assert page.breadcrumb is not None
    assert page.title is None
    assert page.diagnostics[0].line == 3
    assert "found the end of the page" in page.diagnostics[0].message


def test_non_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="parse_file"):
        reviewparse.parse(b"bytes")  # type: ignore[arg-type]


def test_an_open_list_goes_on_only_on_indented_lines_that_continue_it() -> None:
    text = "T\n\nStars - A,\n  B,\n!\n  C\nYear - 1\n"
    page = reviewparse.parse(text)
    assert reviewparse.render(page) == text
    stars = page.credits.get("stars")
    assert stars is not None and stars.more == ("  B,\n",)
    assert page.stars == ("A", "B")
    kinds = [(type(line).__name__, line.render()) for line in page.lines[2:]]
    assert kinds == [
        ("Credit", "Stars - A,\n  B,\n"),
        ("Clutter", "!\n"),
        ("Caption", "  C\n"),
        ("Credit", "Year - 1\n"),
    ]


def test_a_record_tree_that_fails_only_after_a_reduction_is_diagnosed_not_raised() -> None:
    # A second breadcrumb below a blank line: LALR lists it as possible in that state,
    # and only feeding it shows the layout refuses it.
    page = ReviewPage(
        (
            Breadcrumb(("Home", "A"), (" > ",)),
            BlankLines(("\n",)),
            Breadcrumb(("Home", "B"), (" > ",)),
            Title("B"),
        ),
        False,
    )
    assert not page.is_strict
    assert [(d.line, d.column) for d in page.diagnostics] == [(3, 1)]
    assert "found a breadcrumb 'Home > B'" in page.diagnostics[0].message
