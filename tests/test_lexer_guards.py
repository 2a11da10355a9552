"""The lookaheads that let the lexer pass over a line early change no token."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewparse._core.grammar import terminal_pattern
from reviewparse._corpus import generate_page

FIXTURES = Path(__file__).parent / "fixtures"

#: KEY's guard as the grammar writes it (Lark makes the escapes real characters).
KEY_GUARD = "(?=[^\r\n:：\t–—|-]*+[:：\t–—|-])"


def _texts() -> list[str]:
    texts = [generate_page(index, 5) for index in range(40)]
    for path in sorted(FIXTURES.rglob("*.txt")):
        texts.append(path.read_text("utf-8", errors="surrogateescape"))
    texts.append(
        "Director: A\nCast – B\nMusic\tC\nYear -2001\nRuntime- 90\n| Studio | X |\n"
        "Co-Producer: D\r\nDirected by\tE\rPlain words, no separator at all\n"
        "Cast (in credits order): F\nThe Dead Don’t Die. Directed by: G\nWord word word"
    )
    return texts


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer(r"\r\n|\n|\r", text))]


def test__key_guard_stands_where_the_grammar_has_it() -> None:
    assert terminal_pattern("KEY").startswith(KEY_GUARD)


@pytest.mark.parametrize("text", _texts())
def test__key_matches_the_same_with_and_without_its_guard(text: str) -> None:
    guarded = re.compile(terminal_pattern("KEY"))
    plain = re.compile(terminal_pattern("KEY").removeprefix(KEY_GUARD))
    for start in _line_starts(text):
        for pos in (start, min(start + 1, len(text))):
            with_guard, without = guarded.match(text, pos), plain.match(text, pos)
            assert (with_guard and with_guard.span()) == (without and without.span())


def test__the_lines_compared_hold_keys_of_every_separator() -> None:
    guarded = re.compile(terminal_pattern("KEY"))
    text = _texts()[-1]
    keys = [m.group() for s in _line_starts(text) if (m := guarded.match(text, s))]
    assert keys == [
        "Director",
        "Cast",
        "Music",
        "Year",
        "Runtime",
        "| Studio",
        "Co-Producer",
        "Directed by",
        "Cast (in credits order)",
    ]  # not "The Dead Don’t Die. Directed by": a sentence, then a key (INLINE_KEY)
