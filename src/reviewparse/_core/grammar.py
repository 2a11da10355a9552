"""The Lark parser built from ``grammars/page.lark``, and the transformer to records.

The transformer is handed to Lark (LALR), so records are built while parsing,
with no intermediate tree.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from lark import Lark, Token, Transformer

from reviewparse._core import cache as _cache
from reviewparse._core.driver import FastLark
from reviewparse._core.records import (
    BlankLines,
    Breadcrumb,
    Caption,
    Credit,
    Line,
    Paragraph,
    ReviewPage,
    Title,
)

GRAMMAR_FILE = "page.lark"
START_RULES = ("page", "loose")

# Horizontal space that trails a line and belongs to its ending (the grammar's _HSPACE).
HSPACE = " \t\f\v\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"


def grammar_text() -> str:
    return resources.files("reviewparse.grammars").joinpath(GRAMMAR_FILE).read_text("utf-8")


def split_end(token: str) -> tuple[str, str]:
    """Split a line token into its content and its ``end`` (trailing space + break)."""
    content = token.rstrip("\r\n").rstrip(HSPACE)
    return content, token[len(content) :]


# Where a key starts after its indent and bullet: its first letter (the grammar's
# CREDIT_KEY starts the key proper with /[^\W\d_]/).
_KEY_START = re.compile(r"[^\W\d_]")


def split_prefix(token: str) -> tuple[str, str]:
    """Split a key token into its prefix (indent, bullet) and the key."""
    match = _KEY_START.search(token)
    start = match.start() if match else 0
    return token[:start], token[start:]


class _ToRecords(Transformer[Token, ReviewPage]):
    crumb_separator: re.Pattern[str] = re.compile("(>)")

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)

    def breadcrumb(self, children: list[Token]) -> Breadcrumb:
        content, end = split_end(children[0])
        stripped = content.lstrip(HSPACE)
        parts = self.crumb_separator.split(stripped)
        return Breadcrumb(
            tuple(parts[0::2]), tuple(parts[1::2]), end, content[: len(content) - len(stripped)]
        )

    def title(self, children: list[Token]) -> Title:
        return Title(*split_end(children[0]))

    def caption(self, children: list[Token]) -> Caption:
        return Caption(*split_end(children[0]))

    def paragraph(self, children: list[Token]) -> Paragraph:
        return Paragraph(*split_end(children[0]))

    def credit(self, children: list[Token]) -> Credit:
        first = str(children[0])
        if children[0].type == "CREDIT_HEADING":  # a key alone on its line
            head, end = split_end(first)
            prefix, key = split_prefix(head)
            return Credit(key, "", "", end, tuple(map(str, children[1:])), prefix)
        prefix, key = split_prefix(first)
        separator = str(children[1])
        value, end = split_end(children[2]) if len(children) > 2 else ("", "")
        return Credit(key, separator, value, end, tuple(map(str, children[3:])), prefix)

    def page(self, children: list[Token | Line]) -> ReviewPage:
        bom = False
        lines: list[Line] = []
        blanks: list[str] = []
        for child in children:
            if isinstance(child, Token):
                if child.type == "BOM":
                    bom = True
                else:  # BLANK_LINE
                    blanks.append(str(child))
                continue
            if blanks:
                lines.append(BlankLines(tuple(blanks)))
                blanks = []
            lines.append(child)
        if blanks:
            lines.append(BlankLines(tuple(blanks)))
        return ReviewPage(tuple(lines), bom)

    loose = page


_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "contextual",
    "start": list(START_RULES),
    "maybe_placeholders": False,
}


@cache
def parser() -> Lark:
    """The shared LALR parser: its tables come from the per-user cache or are built once.

    It is a ``FastLark``: clean pages go through the lean driver, the rest
    through Lark itself (see ``_driver.py``, ``_cache.py``, docs/performance.md).
    """
    to_records = _ToRecords()
    text = grammar_text()
    lark, extras = _cache.load_or_build(
        text, _OPTIONS, lambda: _build(text), cls=FastLark, transformer=to_records
    )
    to_records.crumb_separator = re.compile(f"({extras['crumb_separator']})")
    return lark


def _build(text: str) -> tuple[Lark, dict[str, str]]:
    lark = Lark(text, **_OPTIONS)
    # Breadcrumbs split on the grammar's own definition of a separator.
    # (CRUMB_SEPARATOR only lives inside BREADCRUMB_LINE, so ask for it to be kept.)
    terminals, _, _ = lark.grammar.compile(list(START_RULES), {"CRUMB_SEPARATOR"})
    (separator,) = (t.pattern.to_regexp() for t in terminals if t.name == "CRUMB_SEPARATOR")
    return lark, {"crumb_separator": separator}
