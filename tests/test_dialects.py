"""Real-world dialects: invented pages under tests/fixtures/pages, each with its expectations.

Every ``NAME.txt`` has a sibling ``NAME.json`` of values the page must give
(written by hand, not by running the parser). Keys not listed are not checked.
The rules these pages pin down are in docs/dialects.md.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewparse
from reviewparse import Caption, Credit, ReviewPage, ReviewParseError, Unparsed
from reviewparse._core.grammar import grammar_text
from reviewparse._fields.keys import ALIASES

PAGES = Path(__file__).parent / "fixtures" / "pages"
FIXTURES = sorted(PAGES.glob("*.txt"))


def _date(page: ReviewPage) -> str | None:
    found = page.release_date
    return found.isoformat() if found is not None else None


def _crumbs(page: ReviewPage) -> list[str] | None:
    return list(page.breadcrumb.crumbs) if page.breadcrumb is not None else None


# expectation key -> how to read it off a page (JSON lists compare to lists)
READ: dict[str, Callable[[ReviewPage], Any]] = {
    "title": lambda p: p.title,
    "breadcrumb": _crumbs,
    "crumb_separators": lambda p: list(p.breadcrumb.separators),
    "year": lambda p: p.year,
    "studio": lambda p: p.studio,
    "rating": lambda p: p.rating,
    "budget": lambda p: p.budget,
    "box_office": lambda p: p.box_office,
    "aspect_ratio": lambda p: p.aspect_ratio,
    "runtime_minutes": lambda p: p.runtime_minutes,
    "runtime_text": lambda p: p.credits.text("runtime"),
    "release_date": _date,
    "release_text": lambda p: p.credits.text("release_date"),
    "cast": lambda p: [list(member) for member in p.cast],
    "captions": lambda p: list(p.captions),
    "paragraphs": lambda p: len(p.paragraphs),
    "credit_keys": lambda p: [c.key for c in p.credits],
    "separators": lambda p: [c.separator for c in p.credits],
    "prefixes": lambda p: [c.prefix for c in p.credits],
    "fields": lambda p: [c.field for c in p.credits],
    "extra_credits": lambda p: {c.key: c.text for c in p.extra_credits},
    "unparsed": lambda p: [line.text for line in p.lines if isinstance(line, Unparsed)],
    **{
        name: operator.attrgetter(name)
        for name in (
            "directors",
            "stars",
            "writers",
            "music",
            "producers",
            "cinematographers",
            "editors",
            "distributors",
            "genres",
            "languages",
            "countries",
        )
    },
}


def _load(path: Path) -> tuple[str, dict[str, Any]]:
    text = path.read_bytes().decode("utf-8")
    expected = json.loads(path.with_suffix(".json").read_text("utf-8"))
    return text, expected


def test_there_are_enough_fixture_pages_and_each_has_expectations() -> None:
    assert len(FIXTURES) >= 40
    for path in FIXTURES:
        _, expected = _load(path)
        assert "strict" in expected, path.name
        assert set(expected) - {"strict"} <= set(READ), path.name
        assert len(expected) >= 2, path.name


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_page(path: Path) -> None:
    text, expected = _load(path)
    page = reviewparse.parse(text)
    assert reviewparse.render(page) == text
    assert reviewparse.parse(reviewparse.render(page)) == page
    if expected["strict"]:
        assert reviewparse.parse(text, strict=True) == page
        assert page.is_strict
    else:
        with pytest.raises(ReviewParseError):
            reviewparse.parse(text, strict=True)
        assert not page.is_strict
    for key, want in expected.items():
        if key != "strict":
            got = READ[key](page)
            assert (list(got) if isinstance(got, tuple) else got) == want, key


# ---- the known-key list: one source (the grammar), checked against _keys -------------
def _language(pattern: str) -> set[str]:
    """Every string a finite regex (literals, groups, alternation, ?) matches."""
    import re._constants as sre_constants  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]

    def expand(items: Any) -> set[str]:
        results = {""}
        for op, arg in items:
            if op is sre_constants.LITERAL:
                options = {chr(arg)}
            elif op is sre_constants.SUBPATTERN:
                options = expand(arg[-1])
            elif op is sre_constants.BRANCH:
                options = set().union(*(expand(branch) for branch in arg[1]))
            elif op is sre_constants.MAX_REPEAT and (arg[0], arg[1]) == (0, 1):
                options = {""} | expand(arg[2])
            else:
                raise AssertionError(f"unexpected regex operator {op}")
            results = {head + tail for head in results for tail in options}
        return results

    return expand(sre_parse.parse(pattern))


def test_grammar_known_keys_are_exactly_the_alias_table() -> None:
    match = re.search(r"^_KNOWN: /\(\?i:(.*)\)/$", grammar_text(), re.MULTILINE)
    assert match is not None
    spelled = _language(match.group(1))
    aliases = {spelling for spellings in ALIASES.values() for spelling in spellings}
    assert spelled == aliases


# ---- the rule for "Key - Value" lookalikes -----------------------------------------
HEAD = "Home > Films > Some Film\n\nSome Film\n\n"


@pytest.mark.parametrize(
    "line",
    [
        "Previous Title - Carnival Story",
        "The film won five Academy Awards - Best Picture, Best Director",
        "five Academy Awards - Best Picture, Best Actress",
        "Art Direction - Hans Dreier",
    ],
)
def test_unknown_key_after_the_synopsis_is_not_a_credit(line: str) -> None:
    page = reviewparse.parse(HEAD + "Year - 1950\n\nA sentence of prose.\n\n" + line + "\n")
    assert page.is_strict
    assert [c.key for c in page.credits] == ["Year"]
    assert not isinstance(page.lines[-1], Credit)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("Director - Joseph Mankiewicz", "Director"),
        ("- Running Time: 138 min", "Running Time"),
        ("STARRING: Bette Davis", "STARRING"),
        ("Box office: $8.4 million", "Box office"),
    ],
)
def test_known_key_after_the_synopsis_is_a_credit(line: str, key: str) -> None:
    page = reviewparse.parse(HEAD + "A sentence of prose.\n\n" + line + "\n", strict=True)
    assert [c.key for c in page.credits] == [key]


def test_unknown_key_inside_the_credits_block_is_a_credit() -> None:
    page = reviewparse.parse(HEAD + "Year - 1950\nPrevious Title - Carnival Story\n", strict=True)
    assert [c.key for c in page.credits] == ["Year", "Previous Title"]
    assert page.extra_credits[0].text == "Carnival Story"


def test_unknown_key_cannot_start_a_page_without_title() -> None:
    page = reviewparse.parse("Previous Title - Carnival Story\n\nProse.\n", strict=True)
    assert page.title == "Previous Title - Carnival Story"
    assert page.credits.items == ()
    known = reviewparse.parse("Director - Joseph Mankiewicz\n\nProse.\n", strict=True)
    assert known.title is None
    assert known.directors == ("Joseph Mankiewicz",)


# ---- leak cases: a line kind must not escape its context -----------------------------
def test_heading_is_not_a_credit_in_the_synopsis() -> None:
    page = reviewparse.parse(HEAD + "Prose.\n\nDirector\nBilly Wilder\n", strict=True)
    assert page.credits.items == ()
    assert page.captions == ("Director", "Billy Wilder")


def test_heading_is_not_a_credit_at_the_top_of_a_page() -> None:
    page = reviewparse.parse("Director\n\nProse.\n", strict=True)
    assert page.title == "Director"
    assert page.credits.items == ()


def test_stacked_values_take_dash_lines_but_stop_at_known_keys() -> None:
    page = reviewparse.parse(HEAD + "STARRING\nA Person - A Role\nYear - 1950\n", strict=True)
    starring, year = page.credits.items
    assert starring.more == ("A Person - A Role\n",)
    assert year.key == "Year"


def test_continuation_only_after_an_open_list() -> None:
    text = HEAD + "Stars - A, B\n    C\n"
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(text, strict=True)
    assert info.value.line == 6
    assert reviewparse.parse(HEAD + "Stars - A, B,\n    C\n", strict=True).stars == ("A", "B", "C")


def test_continuation_is_not_taken_in_the_synopsis() -> None:
    page = reviewparse.parse(HEAD + "Prose.\n\nStars - A, B,\n    C\n", strict=True)
    assert page.stars == ("A", "B")
    assert isinstance(page.lines[-1], Caption)


def test_credit_words_are_not_repeated_in_errors() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(HEAD + "Year - 1950\nStars Paul Dano\n", strict=True)
    assert info.value.expected == ("a credit line (Key - Value)", "a blank line")


# ---- records: every raw piece is kept, edits stay local -----------------------------
def test_stacked_credit_record_renders_its_lines() -> None:
    credit = Credit("Cast", "", "", "  \r\n", ("A\r\n", "  B as C\r\n"), "• ")
    assert credit.render() == "• Cast  \r\nA\r\n  B as C\r\n"
    page = reviewparse.parse("T\r\n\r\n" + credit.render(), strict=True)
    assert page.credits.items == (credit,)
    assert page.cast == (("A", None), ("B", "C"))


def test_editing_a_stacked_credit_puts_the_value_on_its_line() -> None:
    page = reviewparse.parse(HEAD + "STARRING\nA\nB\nYear - 1950\n", strict=True)
    edited = page.with_credit("stars", ["C", "D"])
    assert edited.render() == HEAD + "STARRING: C, D\nYear - 1950\n"
    assert reviewparse.parse(edited.render(), strict=True) == edited


def test_credit_repr_shows_prefix_and_more_only_when_set() -> None:
    assert repr(Credit("Year", " - ", "1950")) == (
        "Credit(key='Year', separator=' - ', value='1950', end='\\n')"
    )
    assert "prefix='- '" in repr(Credit("Year", " - ", "1950", prefix="- "))


# ---- adversarial lines stay linear ------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        " " * 50_000 + "x",
        "- " * 25_000,
        "a | " * 12_000 + "|",
        "," + " " * 50_000 + "x",
        "a /a/ " * 8_000 + " / ",
        "\t\u00a0" * 25_000,
        "Director" + " " * 50_000 + ":",
    ],
    ids=["spaces", "dashes", "bars", "comma-spaces", "slashes", "tabs-nbsp", "key-spaces"],
)
def test_adversarial_lines_parse_in_every_context(line: str) -> None:
    for template in ("{}", "T\n\n{}\n", "T\n\nYear - 1\n{}\n", "T\n\nStars - A,\n{}\n",
                     "T\n\nCast\n{}\n", "T\n\nP.\n\n{}\n", "T\n\nStars - {}\n"):  # fmt: skip
        text = template.format(line)
        page = reviewparse.parse(text)
        assert page.render() == text
        page.cast, page.runtime_minutes, page.release_date  # noqa: B018


# ---- properties over dialect-shaped text ---------------------------------------------
DIALECT = st.lists(
    st.one_of(
        st.sampled_from(
            ["Director", "STARRING", "Cast", "Runtime", "Writers", "Art Direction", "Home",
             ":", " : : ", " - ", "- ", " -", "–", "—", " | ", "|", " / ", " > ", "»", "→",
             "• ", "- ", "  ", "\t", "\u00a0", "\n", "\r\n", "\r", ",", ", and ", ";", "&",
             "Jr.", "(", ")", " as ", "...", "1:41", "98 min.", "20 Apr 1957", "Paul Dano",
             "\ufeff", "x"]
        ),
        st.text(max_size=3),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@given(DIALECT)
def test_dialect_text_is_lossless_stable_and_readable(text: str) -> None:
    page = reviewparse.parse(text)
    assert reviewparse.render(page) == text
    assert reviewparse.parse(reviewparse.render(page)) == page
    try:
        strict = reviewparse.parse(text, strict=True)
    except ReviewParseError as error:
        assert error.line >= 1 and error.column >= 1
    else:
        assert strict == page
    # the typed view never fails, and names are never empty or bare separators
    for name in (*page.stars, *page.directors, *page.writers, *(m.person for m in page.cast)):
        assert name.strip(" ,;&/|") and name == name.strip()
    page.runtime_minutes, page.release_date, page.to_schema_org()
