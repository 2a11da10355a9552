"""Credit separators, value lists and line endings seen in the wild."""

from __future__ import annotations

import pytest

import reviewparse
from reviewparse import Credit

HEAD = "Home > Films > Some Film\n\nSome Film\n\n"


@pytest.mark.parametrize(
    ("line", "key", "separator", "value"),
    [
        ("Year - 2012", "Year", " - ", "2012"),
        ("Music- Nick Urata", "Music", "- ", "Nick Urata"),
        ("Year -2012", "Year", " -", "2012"),
        ("Year – 2012", "Year", " – ", "2012"),
        ("Year—2012", "Year", "—", "2012"),
        ("Director:Michael Curtiz", "Director", ":", "Michael Curtiz"),
        ("Starring : X", "Starring", " : ", "X"),
        ("Release Date:   20 Apr 1957", "Release Date", ":   ", "20 Apr 1957"),
        ("Original Language    :    English", "Original Language", "    :    ", "English"),
        ("Aspect Ratio: 1.85:1", "Aspect Ratio", ": ", "1.85:1"),
        ("Co-Producer - Jane Roe", "Co-Producer", " - ", "Jane Roe"),
        ("Starring : : X", "Starring", " : : ", "X"),
    ],
)
def test_separators(line: str, key: str, separator: str, value: str) -> None:
    # Below a known credit: an unknown key alone under a title may be a subtitle.
    page = reviewparse.parse(HEAD + "Genre - Drama\n" + line + "\n", strict=True)
    assert page.credits.items[-1] == Credit(key, separator, value, "\n")


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Paul Dano, Zoe Kazan", ("Paul Dano", "Zoe Kazan")),
        (
            "Charles Brackett, Billy Wilder, and D.M. Marshman, Jr.",
            ("Charles Brackett", "Billy Wilder", "D.M. Marshman, Jr."),
        ),
        ("Sammy Davis, Jr., Dean Martin", ("Sammy Davis, Jr.", "Dean Martin")),
        ("A & B; C / D", ("A", "B", "C", "D")),
        ("A,, B", ("A", "B")),
        ("Penélope Cruz, 役所広司", ("Penélope Cruz", "役所広司")),
        ("Paul\u00a0Dano  and  Zoe Kazan", ("Paul Dano", "Zoe Kazan")),
        ("", ()),
    ],
)
def test_name_lists(value: str, names: tuple[str, ...]) -> None:
    page = reviewparse.parse(HEAD + "Stars - " + value + "\n")
    assert page.stars == names


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_survive(newline: str, reference_text: str) -> None:
    text = reference_text.replace("\n", newline)
    page = reviewparse.parse(text, strict=True)
    assert reviewparse.render(page) == text
    assert page.year == 2012
    assert page.music == ("Nick Urata",)


def test_mixed_endings_bom_tabs_nbsp_trailing_spaces() -> None:
    text = (
        "\ufeffHome >\u00a0Films\t> X  \r\n\r\nX\u00a0\n\r"
        "Year\t-\t2012 \t\r\nStars – A, B\u00a0\n\n Para one.  "
    )
    page = reviewparse.parse(text, strict=True)
    assert reviewparse.render(page) == text
    assert page.bom
    assert page.year == 2012
    assert page.stars == ("A", "B")
    assert page.breadcrumb is not None
    assert page.breadcrumb.crumbs == ("Home", "Films", "X")
    assert page.breadcrumb.separators == (" >\u00a0", "\t> ")
    assert page.breadcrumb.end == "  \r\n"
    assert page.paragraphs[0].end == "  "


def test_title_only_and_title_with_synopsis_are_strict() -> None:
    assert reviewparse.parse("Just A Title", strict=True).title == "Just A Title"
    page = reviewparse.parse("T\n\nA sentence of prose.\n\nAnother one.", strict=True)
    assert len(page.paragraphs) == 2
    assert page.credits.items == ()


@pytest.mark.parametrize("text", ["T\n\nYear - 2012", "T\nMusic -", "T\n\nYear - 2012\nNotes:"])
def test_a_lone_credit_may_end_the_page_without_a_break(text: str) -> None:
    page = reviewparse.parse(text, strict=True)
    assert page.credits.items[-1].end == ""
    assert reviewparse.render(page) == text


def test_prose_after_credits_does_not_become_a_credit() -> None:
    text = HEAD + "Year - 2012\n\nPrevious Title - Carnival Story\n"
    page = reviewparse.parse(text, strict=True)
    assert [c.key for c in page.credits] == ["Year"]
    assert page.captions == ("Previous Title - Carnival Story",)


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("1:41", 101),
        ("1:41:00", 101),  # hours:minutes:seconds, seconds dropped
        ("2:05:59", 125),
        ("98 min.", 98),
        ("1 hour, 38 minutes", 98),
        ("1h 38m", 98),
        ("1u 41m", 101),  # Dutch: uur
        ("2h 15", 135),
        ("1 hr. 38 min.", 98),
        ("48’16’’", 48),  # minutes and seconds
        ("98", 98),
        ("98 min (USA)", 98),
        # A range names no one running time: None, the raw text stays on the credit.
        ("90-100 min", None),
        ("90 – 100 minutes", None),
        ("90 to 100 min", None),
        ("1-2 hours", None),
        ("about two hours", None),
        ("1:75", None),
    ],
)
def test_runtime_minutes(value: str, minutes: int | None) -> None:
    page = reviewparse.parse(f"{HEAD}Runtime: {value}\n")
    assert page.runtime_minutes == minutes
    assert page.credits.text("runtime") == value


def test_a_value_over_several_lines_reads_as_one_list() -> None:
    """Stacked values are list items; continuation lines go on the list they continue."""
    page = reviewparse.parse(
        f"{HEAD}PRODUCTION COMPANY\nA24\nPlan B\nStars - A, B,\n    C, D\n"
        "Art Direction - E, F,\n    G\nRuntime\n113 min\n"
    )
    assert page.is_strict
    assert page.studio == "A24, Plan B"  # not "A24 Plan B", a company that does not exist
    assert [credit.text for credit in page.credits] == [
        "A24, Plan B",
        "A, B, C, D",
        "E, F, G",
        "113 min",
    ]
    assert page.runtime_minutes == 113
