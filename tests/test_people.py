"""People and the characters they play: from cast credits and from the synopsis."""

from __future__ import annotations

import pytest

import reviewparse
from reviewparse._fields.people import CastMember, parse_entry, synopsis_roles


def test_reference_page_cast_joins_credits_with_synopsis_roles(reference_text: str) -> None:
    page = reviewparse.parse(reference_text)
    assert [(member.person, member.character) for member in page.cast] == [
        ("Paul Dano", "Calvin"),
        ("Zoe Kazan", "Ruby"),
        ("Annette Bening", None),  # "his mother (Annette Bening)": no name before it
        ("Elliott Gould", "Dr. Rosenthal"),
        ("Chris Messina", "Harry"),
        ("Antonio Banderas", None),  # "her boyfriend (Antonio Banderas)"
        ("Steve Coogan", None),  # not in the synopsis
    ]
    assert all(member.note is None for member in page.cast)
    assert page.cast[0].person == "Paul Dano" and page.cast[0].character == "Calvin"
    assert page.cast[0].role == "Calvin"  # the old name of the field still reads
    assert isinstance(page.cast[0], reviewparse.CastMember)  # the type is public
    assert "CastMember" in reviewparse.__all__


@pytest.mark.parametrize(
    ("entry", "member"),
    [
        ("Humphrey Bogart as Rick Blaine", ("Humphrey Bogart", "Rick Blaine", None)),
        ("Humphrey Bogart AS Rick Blaine", ("Humphrey Bogart", "Rick Blaine", None)),
        ("Humphrey Bogart (Rick Blaine)", ("Humphrey Bogart", "Rick Blaine", None)),
        ("Humphrey Bogart - Rick Blaine", ("Humphrey Bogart", "Rick Blaine", None)),
        ("Humphrey Bogart – Rick Blaine", ("Humphrey Bogart", "Rick Blaine", None)),
        ("Humphrey Bogart ... Rick Blaine", ("Humphrey Bogart", "Rick Blaine", None)),
        ("Humphrey  Bogart\u00a0as  Rick", ("Humphrey Bogart", "Rick", None)),
        ("Peter Lorre (uncredited)", ("Peter Lorre", None, "uncredited")),
        ("Mel Blanc (voice)", ("Mel Blanc", None, "voice")),
        ("Peter Lorre", ("Peter Lorre", None, None)),
        ("Jean-Pierre Léaud", ("Jean-Pierre Léaud", None, None)),  # a hyphen is not a role dash
        ("Sammy Davis, Jr. as Himself", ("Sammy Davis, Jr.", "Himself", None)),
    ],
)
def test_cast_entry_forms(entry: str, member: tuple[str, str | None, str | None]) -> None:
    assert parse_entry(entry) == member


@pytest.mark.parametrize(
    ("value", "cast"),
    [
        ("A as X, B (Y / Z), C", [("A", "X"), ("B", "Y / Z"), ("C", None)]),
        ("A & B", [("A", None), ("B", None)]),
        ("A as X and Y", [("A", "X and Y")]),  # a role keeps its "and"
        ("A, B, and C", [("A", None), ("B", None), ("C", None)]),
        (
            "Sammy Davis, Jr. as Joe, Dean Martin",
            [("Sammy Davis, Jr.", "Joe"), ("Dean Martin", None)],
        ),
    ],
)
def test_cast_credit_values(value: str, cast: list[tuple[str, str | None]]) -> None:
    page = reviewparse.parse(f"T\n\nCast - {value}\n", strict=True)
    assert [(member.person, member.character) for member in page.cast] == cast
    assert page.stars == tuple(person for person, _ in cast)


def test_cast_from_two_credits_is_one_entry_per_person() -> None:
    page = reviewparse.parse("T\n\nStarring - A, B\nCast - B as Y, C as Z\n", strict=True)
    assert [(m.person, m.character) for m in page.cast] == [("A", None), ("B", "Y"), ("C", "Z")]


def test_credit_role_wins_over_synopsis_role() -> None:
    text = "T\n\nStars - A Person as Credited\n\nSomeone Else (A Person) arrives.\n"
    assert reviewparse.parse(text).cast == (("A Person", "Credited", None),)


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("Calvin (Paul Dano), at nineteen, wrote a novel.", "Calvin"),
        ("His psychiatrist, Dr. Rosenthal (Paul Dano), listens.", "Dr. Rosenthal"),
        ("His brother Harry (Paul Dano) laughs.", "Harry"),
        ("When Calvin (Paul Dano) wakes, he types.", "Calvin"),
        ("The Stranger (Paul Dano) arrives.", "Stranger"),
        ("his mother (Paul Dano) calls.", None),
        ("It rained. (Paul Dano) was late.", None),
        ("They met in 1999 (Paul Dano) and later.", None),
        ("Calvin (paul dano) wakes.", "Calvin"),  # the name matches case-insensitively
        ("Calvin (Someone Else) wakes.", None),  # not a credited person
        ("Eleven-year-old Joe (Paul Dano) is sent away.", "Joe"),  # a description first
        ("Jean-Luc (Paul Dano) stays.", "Jean-Luc"),  # a hyphenated name
    ],
)
def test_synopsis_role_mentions(sentence: str, role: str | None) -> None:
    found = synopsis_roles([sentence], ["Paul Dano"])
    assert found.get("Paul Dano") == role


def test_first_synopsis_mention_wins() -> None:
    texts = ["Calvin (Paul Dano) sleeps.", "Later, Bob (Paul Dano) wakes."]
    found = synopsis_roles(texts, ["Paul Dano"])
    assert found == {"Paul Dano": "Calvin"}


def test_page_without_cast_credit_has_no_cast() -> None:
    page = reviewparse.parse("T\n\nYear - 2012\n\nCalvin (Paul Dano) writes.\n")
    assert page.cast == ()


def test_cast_member_is_person_character_note() -> None:
    member = CastMember("Paul Dano", "Calvin")
    person, character, note = member
    assert (person, character, note) == ("Paul Dano", "Calvin", None)
    assert CastMember("Paul Dano") == ("Paul Dano", None, None)


def test_long_synopsis_with_many_parentheses_is_linear() -> None:
    paragraph = "Calvin (Paul Dano) and Ruby (Zoe Kazan) talk. " * 20_000
    text = "T\n\nStars - Paul Dano, Zoe Kazan\n\n" + paragraph + "\n"
    assert reviewparse.parse(text).cast == (
        ("Paul Dano", "Calvin", None),
        ("Zoe Kazan", "Ruby", None),
    )


def test_tidy_collapses_exactly_what_regex_whitespace_matches() -> None:
    """``tidy`` uses ``str.split()``; it must split on exactly what ``re``'s ``\\s`` matches."""
    import re
    import sys

    from reviewparse._fields.names import tidy

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    splits_on = [char for char in every if char.isspace()]  # what str.split() cuts on
    assert re.findall(r"\s", every) == splits_on
    for char in splits_on:
        text = f" a{char}b {char}{char}c\u00a0 {char}"
        assert tidy(text) == re.sub(r"\s+", " ", text).strip() == "a b c"
        assert tidy(f"a{char}b") == "a b"  # the fast path for tidy text must not take it
    # tidy's fast path: printable text holds no whitespace but the space
    assert not [char for char in splits_on if char != " " and char.isprintable()]
