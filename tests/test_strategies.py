"""reviewparse.strategies: what it draws, its parameters, its docs page, its packaging."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import reviewparse
from reviewparse import (
    BlankLines,
    Breadcrumb,
    Caption,
    Credit,
    Paragraph,
    ReviewPage,
    ReviewParseError,
    Title,
)
from reviewparse import strategies as rs
from reviewparse._core.grammar import HSPACE
from reviewparse._core.records import credits_of

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "property-testing.md"
LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+")
BREAK = re.compile(r"\r\n|\n|\r")
PEOPLE = {"stars", "directors", "writers", "music", "producers", "cinematography", "editing"}


def survey(strategy: st.SearchStrategy[object], n: int = 300) -> list[object]:
    """``n`` values drawn the same way on every run (derandomized, generate phase only)."""
    drawn: list[object] = []

    @settings(
        max_examples=n,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(strategy)
    def collect(value: object) -> None:
        drawn.append(value)

    collect()
    return drawn


# -- packaging -----------------------------------------------------------------------
def test_core_does_not_import_hypothesis() -> None:
    code = "import reviewparse, sys; assert 'hypothesis' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_public_names() -> None:
    from reviewparse.strategies import pages

    assert pages is rs.pages
    assert all(callable(getattr(rs, name)) or name.isupper() for name in rs.__all__)


def test_testing_extra_provides_hypothesis() -> None:
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    assert any(dep.startswith("hypothesis") for dep in extras["testing"])


# -- variety: everything the issue asks for shows up ---------------------------------------
TAIL = re.compile(f"[{re.escape(HSPACE)}]*(?:\r\n|\n|\r)?\\Z")


def ends_of(page: ReviewPage) -> list[str]:
    """Each line's end as written (trailing space, then its break if any), from the records:
    a line's last credit holds it, and the lines below a key end in their own."""
    ends: list[str] = []
    for line in page.lines:
        if isinstance(line, BlankLines):
            ends += line.lines
            continue
        last = credits_of(line)[-1] if credits_of(line) else line
        ends.append(last.end)
        if isinstance(last, Credit):
            ends += [match.group() for more in last.more if (match := TAIL.search(more))]
    return ends


def features(page: ReviewPage) -> set[str]:
    found: set[str] = set()
    ends = ends_of(page)
    breaks = {m.group() for e in ends for m in BREAK.finditer(e)}
    found |= {f"break {b!r}" for b in breaks}
    if len(breaks) > 1:
        found.add("mixed breaks")
    if any(e[:1] in HSPACE and e for e in ends):
        found.add("trailing space")
    if ends and not BREAK.search(ends[-1]):
        found.add("no final break")
    if page.bom:
        found.add("bom")
    if page.breadcrumb is not None:
        found.add("breadcrumb")
    kinds = [type(x) for x in page.lines if not isinstance(x, BlankLines)]
    for before, middle, after in zip(kinds, kinds[1:], kinds[2:], strict=False):
        if (before, middle, after) == (Paragraph, Caption, Paragraph):
            found.add("caption between paragraphs")
    if kinds[1:2] == [Caption]:
        found.add("head caption")
    if any(isinstance(x, BlankLines) and x.count > 1 for x in page.lines):
        found.add("blank run")
    for paragraph in page.paragraphs:
        if len(paragraph.text) > 120 and paragraph.text[-1:].isalnum():
            found.add("long paragraph without a full stop")
    return found | credit_features(page)


def credit_features(page: ReviewPage) -> set[str]:
    found: set[str] = set()
    for line in page.lines:
        if isinstance(line, Title) and line.credits:
            found.add("title ending in credits")
        if isinstance(line, Paragraph) and line.credits:
            found.add("paragraph ending in a credit")
        if isinstance(line, Credit):
            found.add("credits further along a line" if line.inline else "one credit a line")
            last = line.credits()[-1]
            if last.more and not last.value:
                found.add("values below a key alone")
            elif last.more:
                found.add("a list going on below")
            if line.prefix.strip():
                found.add("bullet")
    for credit in page.credits:
        if credit.field and not credit.key.isascii():
            found.add("key beyond ASCII")
            if not any("a" <= char.casefold() <= "z" for char in credit.key):
                found.add("key in another script")
        separator = credit.separator.strip(HSPACE)
        if credit.separator and not credit.more:
            found.add({":": "colon", "：": "fullwidth colon", "–": "en dash", "—": "em dash",
                       "": "tab"}.get(separator[:1], "hyphen"))  # fmt: skip
        if credit.separator.startswith("-"):
            found.add("glued hyphen")
        found.add("known key" if credit.field else "unknown key")
        if not credit.value and not credit.more:
            found.add("empty value")
        if re.search(r"\bJr\.", credit.value):
            found.add("Jr.")
        if credit.field in PEOPLE and not credit.value.isascii():
            found.add("unicode name")
        if " " in credit.key:
            found.add("key of several words")
    return found


def test_pages_cover_the_variety_real_dumps_have() -> None:
    seen: set[str] = set()
    for page in survey(rs.pages()):
        assert isinstance(page, ReviewPage)
        seen |= features(page)
    wanted = {
        "break '\\n'", "break '\\r\\n'", "break '\\r'", "mixed breaks", "trailing space",
        "no final break", "bom", "breadcrumb", "caption between paragraphs", "head caption",
        "blank run", "long paragraph without a full stop", "colon", "fullwidth colon",
        "en dash", "em dash", "hyphen", "glued hyphen", "known key", "unknown key",
        "empty value", "Jr.", "unicode name", "key of several words", "tab",
        "title ending in credits", "paragraph ending in a credit",
        "credits further along a line", "one credit a line",
        "values below a key alone", "a list going on below", "bullet", "key beyond ASCII",
        "key in another script",
    }  # fmt: skip
    assert wanted <= seen, f"never drawn: {sorted(wanted - seen)}"


# -- parameters ------------------------------------------------------------------------------


@given(
    rs.pages(
        keys=["Year", "Director", "Tagline"],
        min_credits=2,
        min_paragraphs=2,
        breadcrumb=False,
        bom=True,
        line_endings=["\r\n"],
        trailing_spaces=False,
        final_newline=True,
    )
)
def test_pages_honour_their_parameters(page: ReviewPage) -> None:
    assert {c.key for c in page.credits} <= {"Year", "Director", "Tagline"}
    assert len(page.credits) >= 2
    assert len(page.paragraphs) >= 2
    assert page.breadcrumb is None and page.bom
    assert all(end == "\r\n" for end in ends_of(page))
    assert reviewparse.parse(reviewparse.render(page), strict=True) == page


@given(rs.pages(max_credits=0, max_paragraphs=0, final_newline=False, line_endings=["\r"]))
def test_pages_without_credits_or_synopsis(page: ReviewPage) -> None:
    assert not page.credits.items and not page.paragraphs
    ends = ends_of(page)
    assert not BREAK.search(ends[-1])
    assert all(BREAK.findall(end) in ([], ["\r"]) for end in ends)


@pytest.mark.parametrize(
    "make",
    [
        lambda: rs.pages(keys=["Year -"]),
        lambda: rs.pages(keys=[]),
        lambda: rs.pages(keys=["Tagline"]),  # an unknown key needs a known one beside it
        lambda: rs.credit_lines(keys=["Tagline", "Year"]),
        lambda: rs.pages(line_endings=["\n\r"]),
        lambda: rs.pages(min_paragraphs=3, max_paragraphs=1),
        lambda: rs.page_texts(source="html"),
        lambda: rs.page_texts(source="grammar", keys=["Year"]),
        lambda: rs.messy_texts(damages=["fire"]),
        lambda: rs.credit_lines(separators=["="]),
        lambda: rs.credit_lines(separators=["-"]),
    ],
)
def test_bad_arguments_are_refused(make: Callable[[], st.SearchStrategy[object]]) -> None:
    with pytest.raises(InvalidArgument):
        make().validate()


# -- building blocks: each is valid where the layout puts it ----------------------------------
@given(rs.credit_lines(separators=[" - ", ":", "- "]))
def test_credit_lines_are_credits(credit: Credit) -> None:
    assert credit.separator in {" - ", ":", "- "}
    assert not credit.inline and not credit.more  # separators= keeps to one-line credits
    page = reviewparse.parse("Ruby\n" + credit.render(), strict=True)
    assert page.lines[1:] == (credit,)


@given(rs.credit_lines(keys=["Cast", "Regie", "監督", "Режиссёр"]))
def test_credit_lines_take_their_shapes_with_any_known_key(credit: Credit) -> None:
    page = reviewparse.parse("Ruby\n" + credit.render(), strict=True)
    assert page.lines[1:] == (credit,)
    assert credit.key in {"Cast", "Regie", "監督", "Режиссёр"}


@given(rs.breadcrumbs(), rs.titles())
def test_breadcrumbs_and_titles_head_a_page(crumb: Breadcrumb, title: Title) -> None:
    page = reviewparse.parse(crumb.render() + title.render(), strict=True)
    assert page.lines == (crumb, title)
    assert len(crumb.crumbs) == len(crumb.separators) + 1 >= 2


@given(rs.paragraphs(), rs.captions(), rs.blank_lines())
def test_captions_and_paragraphs_make_a_synopsis(
    paragraph: Paragraph, caption: Caption, blank: BlankLines
) -> None:
    # "...\r" then a bare "\n" would read as one "\r\n" break.
    assume(not (paragraph.end.endswith("\r") and blank.lines[0] == "\n"))
    text = "Ruby\nYear - 2012\n\n" + paragraph.render() + blank.render() + caption.render()
    page = reviewparse.parse(text, strict=True)
    assert page.lines[-3:] == (paragraph, blank, caption)
    assert len(caption.text) <= 120


@given(st.lists(rs.person_names(), min_size=1, max_size=5))
def test_person_names_read_back_from_a_credit(names: list[str]) -> None:
    credit = Credit("Director", " - ", ", ".join(names))
    assert credit.names == tuple(names)


@given(rs.line_ends(["\n", "\r"], trailing_spaces=False))
def test_line_ends(end: str) -> None:
    assert end in {"\n", "\r"}


# -- messy texts -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", rs.DAMAGES)
def test_each_damage_changes_the_page(name: str, reference_text: str) -> None:
    texts = survey(rs.messy_texts(damages=[name], base=st.just(reference_text)), n=20)
    assert any(text != reference_text for text in texts)


def test_messy_texts_are_mostly_off_the_strict_layout() -> None:
    texts = [t for t in survey(rs.messy_texts(), n=100) if isinstance(t, str)]
    rejected = 0
    for text in texts:
        try:
            reviewparse.parse(text, strict=True)
        except ReviewParseError:
            rejected += 1
    assert rejected >= len(texts) // 3


# -- text from the grammar ----------------------------------------------------------------------
def test_grammar_texts_have_credits_and_every_line_break() -> None:
    texts = [t for t in survey(rs.page_texts(source="grammar"), n=150) if isinstance(t, str)]
    pages = [reviewparse.parse(t, strict=True) for t in texts]
    assert sum(bool(p.credits.items) for p in pages) > len(pages) // 4
    assert {"\n", "\r\n", "\r"} <= {m.group() for t in texts for m in BREAK.finditer(t)}


# -- profiles ---------------------------------------------------------------------------------
def test_register_profiles() -> None:
    names = rs.register_profiles(prefix="test-")
    assert names == ("test-ci", "test-dev", "test-fuzz")
    assert settings.get_profile("test-ci").derandomize
    assert (
        settings.get_profile("test-fuzz").max_examples
        > settings.get_profile("test-dev").max_examples
    )


# -- the docs page runs ---------------------------------------------------------------------------
PYTHON = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_docs_page_code_runs() -> None:
    """Every ```python block of docs/property-testing.md, in order, in one namespace."""
    text = DOC.read_text("utf-8")
    blocks = PYTHON.findall(text)
    assert len(blocks) >= 4
    namespace: dict[str, object] = {"__name__": "property_testing_doc"}
    out = io.StringIO()
    profile = settings.get_current_profile_name()
    # The page runs five property tests, one of them failing on purpose: a few examples
    # each, the same ones on every run, and no explain phase (it varies the shrunk page
    # hundreds of times) keep this test to a few seconds.
    settings.register_profile(
        "docs-page",
        settings.get_profile(profile),
        max_examples=30,
        derandomize=True,
        database=None,
        report_multiple_bugs=False,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    settings.load_profile("docs-page")
    try:
        with contextlib.redirect_stdout(out):
            for block in blocks:
                exec(compile(block, str(DOC), "exec"), namespace)
    finally:
        settings.load_profile(profile)
    printed = out.getvalue()
    # The deliberately buggy scraper was caught, and Hypothesis showed a shrunk page:
    # a title and at most a few credits, nothing else.
    assert "Failing test case" in printed and "ReviewPage(" in printed
    records = re.findall(r"\b([A-Z][a-zA-Z]+)\(", printed.split("ReviewPage(", 1)[1])
    assert set(records) <= {"Title", "Credit"} and "Credit" in records, printed
    assert len(records) <= 4, printed
