"""The Lark parser built from ``grammars/page.lark`` and the lexicon, and what it yields.

The grammar reads each line on its own, with its inner structure; the
transformer hands each line over as a ``Lexed`` (its kind and its tokens), and
``_core/layout.py`` decides what the line is on the page. The lexicon supplies
the ``_KNOWN`` and ``_KNOWN_BARE`` terminals, appended to the grammar text, so a
lexicon extended by the user gets a parser of its own (built once, cached).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from lark import Lark, Token, Transformer

from reviewparse._core import cache as table_cache
from reviewparse._core.driver import FastLark
from reviewparse._fields.lexicon import Lexicon

GRAMMAR_FILE = "page.lark"
START = "page"
TEXT_START = "text"

#: Horizontal space that trails a line and belongs to its ending (the grammar's _HS).
HSPACE = " \t\f\v\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"


def grammar_text() -> str:
    """``grammars/page.lark`` as shipped."""
    return resources.files("reviewparse.grammars").joinpath(GRAMMAR_FILE).read_text("utf-8")


def full_grammar(lexicon: Lexicon) -> str:
    """The grammar with the lexicon's two terminals appended."""
    known = _lark_regex(lexicon.known_pattern())
    bare = _lark_regex(lexicon.bare_pattern())
    return f"{grammar_text()}\n_KNOWN: /{known}/\n_KNOWN_BARE: /{bare}/\n"


def _lark_regex(pattern: str) -> str:
    # Inside /.../ a slash ends the literal: write it escaped.
    return pattern.replace("/", r"\/")


class Lexed(NamedTuple):
    """One line as the grammar read it: its kind and its tokens, in order."""

    kind: str  # blank, junk, breadcrumb, rule, key, credit, bare, text
    tokens: tuple[Token, ...]


class LexedPage(NamedTuple):
    bom: bool
    lines: list[Lexed]


def split_end(token: str) -> tuple[str, str]:
    """Split a line's text into its content and its ``end`` (trailing space + break)."""
    content = token.rstrip("\r\n").rstrip(HSPACE)
    return content, token[len(content) :]


class _ToLexed(Transformer[Token, LexedPage]):
    """Each line rule to a ``Lexed``; the page to a ``LexedPage``."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)

    def junk(self, children: list[Token]) -> Lexed:
        return Lexed("junk", tuple(children))

    def breadcrumb(self, children: list[Token]) -> Lexed:
        return Lexed("breadcrumb", tuple(children))

    def rule(self, children: list[Token]) -> Lexed:
        return Lexed("rule", tuple(children))

    def key_line(self, children: list[Token]) -> Lexed:
        return Lexed("key", tuple(children))

    def credit_line(self, children: list[Token]) -> Lexed:
        return Lexed("credit", tuple(children))

    def bare_line(self, children: list[Token]) -> Lexed:
        return Lexed("bare", tuple(children))

    def text_line(self, children: list[Token]) -> Lexed:
        return Lexed("text", tuple(children))

    text = text_line

    def page(self, children: list[Any]) -> LexedPage:
        bom = False
        lines: list[Lexed] = []
        for child in children:
            if isinstance(child, Token):
                if child.type == "BOM":
                    bom = True
                else:  # BLANK_LINE
                    lines.append(Lexed("blank", (child,)))
            else:
                lines.append(child)
        return LexedPage(bom, lines)


_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "contextual",
    "start": [START, TEXT_START],
    "maybe_placeholders": False,
}


# Terminals the layout step needs to split a token it was handed (a key from its
# bullet, a breadcrumb at its separators): read from the compiled grammar, cached
# with the tables.
KEPT = ("_PREFIX", "CRUMB_SEPARATOR")


def parser(lexicon: Lexicon | None = None) -> Lark:
    """The LALR parser for a lexicon (the default one unless given), built once each."""
    return _parser(lexicon or Lexicon.default())[0]


def piece(name: str) -> re.Pattern[str]:
    """A terminal of ``KEPT``, compiled as the grammar defines it."""
    return _pieces()[name]


@cache
def _pieces() -> dict[str, re.Pattern[str]]:
    _, patterns = _parser(Lexicon.default())
    return {name: re.compile(pattern) for name, pattern in patterns.items()}


@cache
def _parser(lexicon: Lexicon) -> tuple[Lark, dict[str, str]]:
    text = full_grammar(lexicon)
    keyed = {**_OPTIONS, "kept": KEPT}  # the extras are part of what is cached
    return table_cache.load_or_build(
        text, keyed, lambda: _build(text), cls=FastLark, transformer=_ToLexed()
    )


def _build(text: str) -> tuple[Lark, dict[str, str]]:
    lark = Lark(text, **_OPTIONS)
    terminals, _, _ = lark.grammar.compile([START], set(KEPT))
    return lark, {t.name: t.pattern.to_regexp() for t in terminals if t.name in KEPT}


def lex(text: str, lexicon: Lexicon | None = None) -> LexedPage:
    """Every line of ``text`` with its kind and tokens; total: any ``str`` lexes."""
    result: LexedPage = parser(lexicon).parse(text, start=START)  # type: ignore[assignment]
    return result


def lex_as_text(line: str, lexicon: Lexicon | None = None) -> Lexed:
    """One line read as text (and the credits it ends in), whatever else it could be."""
    result: Lexed = parser(lexicon).parse(line, start=TEXT_START)  # type: ignore[assignment]
    return result


@cache
def terminal_pattern(name: str) -> str:
    """A terminal's regex as Lark compiles it, even one the grammar inlines (``_HS``)."""
    grammar = Lark(full_grammar(Lexicon.default()), **_OPTIONS).grammar
    terminals, _, _ = grammar.compile([START], {name})
    (pattern,) = (t.pattern.to_regexp() for t in terminals if t.name == name)
    return pattern


@cache
def terminal_regex(name: str) -> re.Pattern[str]:
    """``terminal_pattern(name)``, compiled."""
    return re.compile(terminal_pattern(name))
