"""The lean driver gives exactly Lark's result on clean pages, and defers on the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Lark, Token, Transformer, Tree

import reviewparse
from reviewparse._core.driver import Driver, FastLark
from reviewparse._core.grammar import START, parser
from reviewparse._corpus import generate_pages

START_RULES = (START,)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").rglob("*.txt"))
EDGES = [
    "",
    "\n",
    "x",
    "\ufeff",
    "\ufeffRuby Sparks\n",
    "Home > A",
    "Home > A\n\n",
    "A\n\nYear - 2012",
    "A\r\rMusic- Nick Urata\r",
    "A\r\n\r\nYear: 2012\r\n\r\nA paragraph that ends like a sentence.\r\n",
    "T\n\nK:\n",
    "T\n\nK -",
    "T\n\n\t\n",
    "T \t\n \nCaption\n\nYear - 2012\n\n\nPara one.\n\nCaption two\n\nPara two.",
    "\udcff\n",
    "Year - 2012\n",
    "Home > A > B\nHome > C\n",
]


def lark_result(text: str, start: str) -> object:
    try:
        return Lark.parse(parser(), text, start=start)  # Lark's own loop, not the driver
    except Exception as exc:
        return type(exc)


def check(text: str) -> bool:
    """True when the driver answered; raises if it ever disagrees with Lark."""
    lark = parser()
    answered = False
    for start in START_RULES:
        fast = Driver(lark, start).parse(text)
        expected = lark_result(text, start)
        if fast is None:
            assert isinstance(expected, type), f"driver missed a clean parse ({start}): {text!r}"
        else:
            assert fast == expected, (start, text)
            answered = True
    return answered


def test_parser_is_fast_lark() -> None:
    assert isinstance(parser(), FastLark)
    assert all(Driver(parser(), start).usable for start in START_RULES)


def test_generated_pages_take_the_fast_path_with_lark_results() -> None:
    for text in generate_pages(150, seed=21):
        assert check(text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_pages(path: Path) -> None:
    check(path.read_bytes().decode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases(text: str) -> None:
    check(text)


LINES = st.sampled_from(
    [
        "Home > 2010 - 2019 > Ruby Sparks",
        "Ruby Sparks",
        "Ruby Sparks poster",
        "Year - 2012",
        "Music- Nick Urata",
        "Stars: A, B and C, Jr.",
        "Director —Someone",
        "A long paragraph, which ends like a sentence.",
        "",
        " \t",
        "Co-Producer - X",
        "Writing Credits",
        "  - Zoe Kazan",
    ]
)


@given(
    st.lists(st.tuples(LINES, st.sampled_from(["\n", "\r\n", "\r", " \n"])), max_size=14),
    st.booleans(),
    st.booleans(),
)
def test_driver_agrees_with_lark_on_line_soups(
    lines: list[tuple[str, str]], bom: bool, cut_last_break: bool
) -> None:
    text = ("\ufeff" if bom else "") + "".join(line + end for line, end in lines)
    if cut_last_break:
        text = text.rstrip("\r\n")
    check(text)


@given(st.text(alphabet=st.sampled_from("ab -:>\n\r\t.\ufeff\u00a0–"), max_size=40))
def test_driver_agrees_with_lark_on_character_soups(text: str) -> None:
    check(text)


def test_a_junk_line_is_read_by_the_driver_and_refused_by_the_strict_layout() -> None:
    bad = "Ruby Sparks\n\nYear - 2012\nA line with a NUL \x00 in it.\n"
    assert check(bad)  # the line grammar reads every string: the driver answers
    with pytest.raises(reviewparse.ReviewParseError) as info:
        reviewparse.parse(bad, strict=True)
    assert info.value.line == 4
    page = reviewparse.parse(bad)
    assert page.render() == bad
    assert page.diagnostics


TOY = r"""
start: _item+
_item: WORD _SEP | "(" _item* ")" _SEP | pair | wrapped
?wrapped: "<" WORD ">" _SEP | "<" WORD WORD ">" _SEP
pair: WORD "=" value _SEP
?value: WORD | "[" WORD+ "]"
WORD: /[a-z]+/
_SEP: /;/
"""


class _Toy(Transformer[Token, Any]):
    def pair(self, children: list[Any]) -> tuple[str, Any]:
        return (str(children[0]), children[1])


@pytest.mark.parametrize("transformer", [None, _Toy()], ids=["trees", "transformer"])
@pytest.mark.parametrize(
    "text", ["a;", "a=b;(c;d=[e f];);", "(((a;);););", "<x>;a;", "a", "a=;", "(a;", "", "=;"]
)
def test_driver_matches_lark_on_another_grammar(transformer: Any, text: str) -> None:
    # Filtered anonymous tokens, nested and recursive _rules, ?rules, a transformer.
    lark = Lark(TOY, parser="lalr", lexer="contextual", transformer=transformer)
    fast = Driver(lark, "start").parse(text)
    try:
        expected: object = lark.parse(text)
    except Exception:
        expected = None
    assert fast == expected


def test_unusual_callbacks_fall_back_to_larks_own() -> None:
    class Odd(Transformer[Token, Any]):
        def _item(self, children: list[Any]) -> Tree[Token]:  # a method for an inlined rule
            return Tree("odd", [*children, "!"])

    lark = Lark(TOY, parser="lalr", lexer="contextual", transformer=Odd())
    text = "a;b=c;"
    expected = lark.parse(text)
    assert "!" in expected.children
    assert Driver(lark, "start").parse(text) == expected


def test_grammars_with_ignored_terminals_are_left_to_lark() -> None:
    lark = Lark('start: "a"+\n%ignore " "', parser="lalr", lexer="contextual")
    driver = Driver(lark, "start")
    assert not driver.usable
    assert driver.parse("a a") is None
