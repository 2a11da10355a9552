"""Edits change only the touched lines and keep the page's own style."""

from __future__ import annotations

import attrs
import pytest

import reviewparse
from reviewparse import Credit, ReviewPage


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_set_music_changes_one_line_and_keeps_its_separator(reference_text: str) -> None:
    page = reviewparse.parse(reference_text)
    edited = reviewparse.render(page.with_credit("music", ["Nick Urata", "Jon Brion"]))
    assert changed_lines(reference_text, edited) == [
        ("Music- Nick Urata", "Music- Nick Urata, Jon Brion")
    ]


def test_set_credit_by_alias_and_evolve(reference_text: str) -> None:
    page = reviewparse.parse(reference_text)
    edited = page.with_credit("Directed by", "Someone Else")
    assert edited.directors == ("Someone Else",)
    year = edited.credits.get("year")
    assert year is not None
    lines = tuple(attrs.evolve(x, value="2013") if x is year else x for x in edited.lines)
    assert attrs.evolve(edited, lines=lines).year == 2013


@pytest.mark.parametrize(
    ("text", "edited"),
    [
        ("Ruby\nCast\nPaul Dano\nZoe Kazan", "Ruby\nCast: Ann Lee"),
        ("Ruby\nCast\r\nPaul Dano\r", "Ruby\nCast: Ann Lee\r"),
        ("Ruby\nStars: Paul Dano,\n  Zoe Kazan\n", "Ruby\nStars: Ann Lee\n"),
    ],
)
def test_a_new_value_replaces_the_lines_below_and_keeps_the_last_break(
    text: str, edited: str
) -> None:
    # Found by tests/test_generated_pages.py: the key line's break used to stay (a page
    # that ended without one gained one), and a list's continuation lines stayed below
    # the new value, so the edit was refused.
    page = reviewparse.parse(text).with_credit("Cast", ["Ann Lee"])
    assert reviewparse.render(page) == edited


def test_add_credit_uses_page_separator_and_line_break(reference_text: str) -> None:
    text = reference_text.replace("\n", "\r\n")
    page = reviewparse.parse(text).with_credit("Budget", "$5 million")
    rendered = reviewparse.render(page)
    assert "Music- Nick Urata\r\nBudget - $5 million\r\n\r\n\r\n" in rendered
    assert rendered.replace("Budget - $5 million\r\n", "", 1) == text
    assert reviewparse.parse(rendered, strict=True) == page


def test_remove_credit(reference_text: str) -> None:
    page = reviewparse.parse(reference_text).without_credit("studio")
    rendered = reviewparse.render(page)
    assert rendered == reference_text.replace("Studio - Fox Searchlight\n", "")
    assert page.studio is None
    with pytest.raises(KeyError):
        page.without_credit("studio")


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_an_edit_whose_text_would_read_differently_is_refused(bom: str) -> None:
    # After a known key with no value, an unknown-key line is that key's value:
    # without Stars in between, "Tagline - The" would become a value of Year.
    text = bom + "Ruby\n\nYear- \nStars - Ann Lee\nTagline - The"
    page = reviewparse.parse(text, strict=True)
    with pytest.raises(reviewparse.EditError, match=r"near line 3, 'Year- \\n' would read as"):
        page.without_credit("stars")
    assert isinstance(reviewparse.EditError("x"), ValueError)
    # The same removal with a value on Year is fine.
    fine = reviewparse.parse("Ruby\n\nYear- 2012\nStars - Ann Lee\nTagline - The")
    assert fine.without_credit("stars").render() == "Ruby\n\nYear- 2012\nTagline - The"


def test_edits_on_a_lenient_page_keep_its_unparsed_lines() -> None:
    text = "Ruby\n\nYear - 2012\n???\nMusic - A\n\nA paragraph."
    page = reviewparse.parse(text)
    assert not page.is_strict
    edited = page.with_credit("music", ["B"])
    assert reviewparse.render(edited) == text.replace("Music - A", "Music - B")


def test_replace_paragraph(reference_text: str) -> None:
    page = reviewparse.parse(reference_text).with_paragraph(1, "A new second paragraph.")
    rendered = reviewparse.render(page)
    assert len(changed_lines(reference_text, rendered)) == 1
    assert page.paragraphs[1].text == "A new second paragraph."


def test_add_caption_after_last_paragraph_without_final_newline(reference_text: str) -> None:
    page = reviewparse.parse(reference_text).with_caption("Ruby Sparks still")
    rendered = reviewparse.render(page)
    assert rendered == reference_text + "\n\nRuby Sparks still"
    assert reviewparse.parse(rendered, strict=True) == page
    assert page.captions[-1] == "Ruby Sparks still"


def test_edited_page_reparses_equal(reference_text: str) -> None:
    page: ReviewPage = reviewparse.parse(reference_text).with_credit("stars", ["A", "B"])
    assert reviewparse.parse(reviewparse.render(page), strict=True) == page
    assert isinstance(page.credits.get("stars"), Credit)
