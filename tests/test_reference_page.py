"""The reference page, field by field."""

from __future__ import annotations

import reviewparse
from reviewparse import BlankLines, Breadcrumb, Caption, Credit, Paragraph, Title


def test_reference_page_parses_strictly_and_renders_identically(reference_text: str) -> None:
    page = reviewparse.parse(reference_text, strict=True)
    assert reviewparse.render(page) == reference_text
    assert page.is_strict
    assert not reference_text.endswith("\n")
    assert page.lines[-1].end == ""  # type: ignore[union-attr]


def test_reference_page_fields(reference_text: str) -> None:
    page = reviewparse.parse(reference_text)
    assert page.breadcrumb == Breadcrumb(
        ("Home", "2010 - 2019", "Ruby Sparks"), (" > ", " > "), "\n"
    )
    assert page.title == "Ruby Sparks"
    assert page.year == 2012
    assert page.studio == "Fox Searchlight"
    assert page.stars == (
        "Paul Dano",
        "Zoe Kazan",
        "Annette Bening",
        "Elliott Gould",
        "Chris Messina",
        "Antonio Banderas",
        "Steve Coogan",
    )
    assert page.directors == ("Jonathan Dayton", "Valerie Faris")
    assert page.writers == ("Zoe Kazan",)
    assert page.music == ("Nick Urata",)
    assert page.captions == ("Ruby Sparks title card", "Ruby Sparks poster")
    assert len(page.paragraphs) == 4
    assert page.synopsis.startswith("Calvin (Paul Dano), at age 19")
    assert page.synopsis.count("\n\n") == 3


def test_reference_page_layout(reference_text: str) -> None:
    page = reviewparse.parse(reference_text)
    kinds = [type(line).__name__ for line in page.lines]
    assert kinds == [
        "Breadcrumb", "BlankLines", "Title", "BlankLines", "Caption", "BlankLines",
        "Credit", "Credit", "Credit", "Credit", "Credit", "Credit", "BlankLines",
        "Paragraph", "BlankLines", "Paragraph", "BlankLines", "Paragraph", "BlankLines",
        "Caption", "BlankLines", "Paragraph",
    ]  # fmt: skip
    music = page.credits.get("music")
    assert music == Credit("Music", "- ", "Nick Urata", "\n")
    # Two blank lines after the credits are one run of two.
    runs = [line for line in page.lines if isinstance(line, BlankLines)]
    assert [run.count for run in runs] == [1, 1, 1, 2, 1, 1, 1, 1]
    assert isinstance(page.lines[2], Title)
    assert isinstance(page.lines[19], Caption)
    assert isinstance(page.lines[-1], Paragraph)


def test_credit_lookup_by_alias(reference_text: str) -> None:
    credits = reviewparse.parse(reference_text).credits
    assert credits.get("directors") is credits.get("Director") is credits.get("directed by")
    assert credits.get("writers") is credits.get("Writing Credits")
    assert credits.get("composer") is credits.get("music")
    assert credits.get("budget") is None
    assert [c.key for c in credits] == [
        "Year", "Studio", "Stars", "Director", "Writing Credits", "Music",
    ]  # fmt: skip
