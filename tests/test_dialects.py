"""Real-world dialects: invented pages under tests/fixtures/pages, each with its expectations.

Every ``NAME.txt`` has a sibling ``NAME.json`` of values the page must give
(written by hand, not by running the parser). Keys not listed are not checked.
The rules these pages pin down are in docs/dialects.md.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewparse
from reviewparse import Credit, ReviewPage, ReviewParseError, Unparsed
from reviewparse._core.grammar import terminal_pattern
from reviewparse._fields.lexicon import Lexicon

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
    "original_title": lambda p: p.original_title,
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
    assert len(FIXTURES) >= 140
    assert len([path for path in FIXTURES if path.stem.startswith("real-")]) >= 80
    for path in FIXTURES:
        _, expected = _load(path)
        assert "strict" in expected, path.name
        assert set(expected) - {"strict", "misses"} <= set(READ), path.name
        assert set(expected.get("misses", {})) <= set(expected), path.name
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
    misses = expected.get("misses", {})
    for key, want in expected.items():
        if key in ("strict", "misses"):
            continue
        got = READ[key](page)
        got = list(got) if isinstance(got, tuple) else got
        if key in misses:  # a known gap, with its reason: the test notices when it closes
            assert got != want, f"{key} is read right now: drop it from 'misses'"
        else:
            assert got == want, key


# ---- the known keys: one source (the lexicon), the grammar built from it --------------
def _language(pattern: str) -> set[str]:
    """Every string a finite regex (literals, groups, alternation, ?) matches; a run of
    horizontal space (``[ \\t\\u00a0]+``) stands for one space."""
    import re._constants as sre_constants  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]

    def expand(items: Any) -> set[str]:
        results = {""}
        for op, arg in items:
            if op is sre_constants.LITERAL:
                options = {chr(arg)}
            elif op is sre_constants.IN and {code for _, code in arg} == {32, 9, 160}:
                options = {" "}  # the space class, under its repeat
            elif op is sre_constants.IN and all(kind is sre_constants.LITERAL for kind, _ in arg):
                options = {chr(code) for _, code in arg}  # one-letter branches, merged
            elif op is sre_constants.SUBPATTERN:
                options = expand(arg[-1])
            elif op is sre_constants.BRANCH:
                options = set().union(*(expand(branch) for branch in arg[1]))
            elif op is sre_constants.MAX_REPEAT and (arg[0], arg[1]) == (0, 1):
                options = {""} | expand(arg[2])
            elif op is sre_constants.MAX_REPEAT and arg[0] == 1:
                options = {" "}  # the space class, repeated
            else:
                raise AssertionError(f"unexpected regex operator {op}")
            results = {head + tail for head in results for tail in options}
        return results

    return expand(sre_parse.parse(pattern))


def test_the_grammar_knows_exactly_the_lexicons_keys() -> None:
    pattern = terminal_pattern("_KNOWN")
    assert pattern.startswith("(?i:") and pattern.endswith(")")
    assert _language(pattern[4:-1]) == set(Lexicon.default().fields)


def test_every_spelling_names_a_field_of_the_typed_view() -> None:
    fields = {name for named in Lexicon.default().fields.values() for name in named}
    assert {"directors", "stars", "writers", "music", "runtime", "year", "title"} <= fields
    assert Lexicon.default().fields_of("Réalisation :") == ("directors",)
    assert Lexicon.default().fields_of("監督") == ("directors",)
    assert Lexicon.default().fields_of("Writer/Director") == ("writers", "directors")


# ---- the lexicon extended by users: keys=, Lexicon.from_file -------------------------
CARD = "Kite Harbour\n\nDiretto: Ada Roe\nUna pellicola di Bo Ek\n"


def test_keys_add_spellings_the_lexicon_lacks_with_and_without_a_separator() -> None:
    plain = reviewparse.parse(CARD)
    assert plain.credits.items == () and plain.directors == ()
    page = reviewparse.parse(CARD, keys={"directors": ["diretto", "una pellicola di"]})
    assert page.is_strict
    assert [(c.key, c.separator, c.field) for c in page.credits] == [
        ("Diretto", ": ", "directors"),
        ("Una pellicola di", " ", "directors"),
    ]
    assert page.directors == ("Ada Roe",)
    assert page.render() == CARD
    # The extended parser is one of its own: the default lexicon is left as it was.
    assert reviewparse.parse(CARD) == plain
    assert Lexicon.default().field_of("diretto") is None


def test_keys_naming_a_known_spelling_read_as_the_default_does() -> None:
    text = "La grande bellezza\n\nRegista: Paolo Sorrentino\nregista Paolo Sorrentino\n"
    page = reviewparse.parse(text, keys={"directors": ["regista"]})
    assert page == reviewparse.parse(text)
    assert page.directors == ("Paolo Sorrentino",)
    assert [c.field for c in page.credits] == ["directors", "directors"]


def test_keys_refuse_a_string_where_a_list_of_spellings_belongs() -> None:
    with pytest.raises(TypeError, match="list of spellings"):
        reviewparse.parse(CARD, keys={"directors": "diretto"})


def test_lexicon_from_file_extends_the_default_with_a_toml_keys_table(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(
        '[keys]\ndirectors = ["diretto", "una pellicola di"]\nmusic = ["tonsatz"]\n', "utf-8"
    )
    lexicon = reviewparse.Lexicon.from_file(path)
    assert lexicon.field_of("Diretto :") == "directors"
    assert lexicon.field_of("Tonsatz") == "music"
    assert lexicon.field_of("Directed by") == "directors"  # the shipped spellings stay
    page = reviewparse.parse(CARD + "Tonsatz: Cy Lund\n", keys=lexicon)
    assert (page.directors, page.music) == (("Ada Roe",), ("Cy Lund",))


def test_lexicon_from_file_refuses_a_file_without_a_table_of_keys(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('keys = "diretto"\n', "utf-8")
    with pytest.raises(ValueError, match=r"\[keys\] table"):
        reviewparse.Lexicon.from_file(path)


# ---- the rule for "Key - Value" lookalikes -----------------------------------------
HEAD = "Home > Films > Some Film\n\nSome Film\n\n"
PROSE = "A sentence of prose that tells what happens in the film.\n\n"


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
    page = reviewparse.parse(HEAD + "Year - 1950\n\n" + PROSE + line + "\n")
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
    page = reviewparse.parse(HEAD + PROSE + line + "\n", strict=True)
    assert [c.key for c in page.credits] == [key]


def test_unknown_key_inside_the_credits_block_is_a_credit() -> None:
    page = reviewparse.parse(HEAD + "Year - 1950\nPrevious Title - Carnival Story\n", strict=True)
    assert [c.key for c in page.credits] == ["Year", "Previous Title"]
    assert page.extra_credits[0].text == "Carnival Story"


def test_unknown_key_at_the_top_of_a_page_is_its_heading() -> None:
    page = reviewparse.parse("Previous Title - Carnival Story\n\n" + PROSE, strict=True)
    assert page.title == "Previous Title - Carnival Story"
    assert page.credits.items == ()
    known = reviewparse.parse("Director - Joseph Mankiewicz\n\n" + PROSE, strict=True)
    assert known.title is None
    assert known.directors == ("Joseph Mankiewicz",)


# ---- a key alone on its line --------------------------------------------------------
def test_key_over_value_after_the_synopsis_is_a_credit() -> None:
    page = reviewparse.parse(HEAD + PROSE + "Director\nBilly Wilder\n", strict=True)
    assert page.directors == ("Billy Wilder",)
    (credit,) = page.credits.items
    assert (credit.key, credit.separator, credit.more) == ("Director", "", ("Billy Wilder\n",))


def test_key_over_value_across_blank_lines_and_clutter() -> None:
    page = reviewparse.parse(
        "Skip to main content\n\nSome Film\n\nDirector\n\nJames Franco\n\nWriter\n"
        "Scott Neustadter, Michael H. Weber\n\nRunning Time\n\n98 minutes\n\n" + PROSE
    )
    assert page.title == "Some Film"
    assert page.directors == ("James Franco",)
    assert page.writers == ("Scott Neustadter", "Michael H. Weber")
    assert page.runtime_minutes == 98


def test_key_alone_with_no_value_below_is_a_heading() -> None:
    page = reviewparse.parse("Director\n\n" + PROSE, strict=True)
    assert page.title == "Director"
    assert page.credits.items == ()


def test_stacked_values_take_dash_lines_but_stop_at_known_keys() -> None:
    page = reviewparse.parse(HEAD + "STARRING\nA Person - A Role\nYear - 1950\n", strict=True)
    starring, year = page.credits.items
    assert starring.more == ("A Person - A Role\n",)
    assert year.key == "Year"
    assert page.cast == (("A Person", "A Role", None),)


def test_continuation_only_after_an_open_list() -> None:
    page = reviewparse.parse(HEAD + "Stars - A, B\n    C\n", strict=True)
    assert page.stars == ("A", "B")
    assert page.captions == ("C",)
    assert reviewparse.parse(HEAD + "Stars - A, B,\n    C\n", strict=True).stars == ("A", "B", "C")


def test_continuation_after_the_synopsis_goes_on_the_credit() -> None:
    page = reviewparse.parse(HEAD + PROSE + "Stars - A, B,\n    C\n", strict=True)
    assert page.stars == ("A", "B", "C")


def test_expected_words_are_said_once() -> None:
    with pytest.raises(ReviewParseError) as info:
        reviewparse.parse(HEAD + "Year - 1950\nStars\x00Paul Dano\n", strict=True)
    assert len(info.value.expected) == len(set(info.value.expected))
    assert "a credit line (Key - Value)" in info.value.expected


# ---- records: every raw piece is kept, edits stay local -----------------------------
def test_stacked_credit_record_renders_its_lines() -> None:
    credit = Credit("Cast", "", "", "  \r\n", ("A Person\r\n", "  B Person as C\r\n"), "• ")
    assert credit.render() == "• Cast  \r\nA Person\r\n  B Person as C\r\n"
    page = reviewparse.parse("T\r\n\r\n" + credit.render(), strict=True)
    assert page.credits.items == (credit,)
    assert page.cast == (("A Person", None, None), ("B Person", "C", None))


def test_editing_a_stacked_credit_puts_the_value_on_its_line() -> None:
    page = reviewparse.parse(HEAD + "STARRING\nA\nB\nYear - 1950\n", strict=True)
    edited = page.with_credit("stars", ["C", "D"])
    assert edited.render() == HEAD + "STARRING: C, D\nYear - 1950\n"
    assert reviewparse.parse(edited.render(), strict=True) == edited


def test_several_credits_on_one_line_are_credits_of_their_own() -> None:
    line = "Year: 2021 Runtime: 124 minutes Writer/Director: Ann Vale Actors: Bo Ek, Cy Lund\n"
    page = reviewparse.parse(HEAD + line, strict=True)
    assert [c.key for c in page.credits] == ["Year", "Runtime", "Writer/Director", "Actors"]
    assert (page.year, page.runtime_minutes) == (2021, 124)
    assert page.directors == page.writers == ("Ann Vale",)
    assert page.stars == ("Bo Ek", "Cy Lund")
    assert reviewparse.render(page) == HEAD + line
    edited = page.with_credit("runtime", "125 minutes")
    assert edited.render() == HEAD + line.replace("124", "125")


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


def test_keys_added_by_the_user_count_where_known_keys_do_in_a_trail() -> None:
    # "Roma | Regia: X | 1961" is a data line under the title, not a breadcrumb,
    # because a crumb is a known credit; a spelling the user adds counts the same.
    text = "Roma | Diretto: Ann Vale | 1961\n\nLa Notte\n\nYear - 1961\n"
    assert reviewparse.parse(text).directors == ()
    page = reviewparse.parse(text, keys={"directors": ["diretto"]})
    regia = reviewparse.parse(text.replace("Diretto", "Regia"))
    assert page.directors == regia.directors == ("Ann Vale",)
    assert [type(line) for line in page.lines] == [type(line) for line in regia.lines]
