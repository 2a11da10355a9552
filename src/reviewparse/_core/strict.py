"""The strict layout: ``grammars/layout.lark`` over a page's line records.

Every string parses leniently; strict mode asks more: that the records stand in
the reference page's order. The line records of a page are fed, one token a
record, to the LALR parser of ``layout.lark``; where one does not fit, the
parser's expected tokens say in words what would have, and the record is
skipped so that the check goes on (lenient mode reports every misfit line as a
diagnostic; strict mode raises the first as a ``ReviewParseError``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from lark import Lark, Token
from lark.parsers.lalr_analysis import Shift

from reviewparse._core import cache as table_cache
from reviewparse._core import lines as linebreaks
from reviewparse._core.errors import ReviewParseError, describe, join_words
from reviewparse._core.grammar import terminal_regex
from reviewparse._core.records import (
    BlankLines,
    Breadcrumb,
    Caption,
    Clutter,
    Credit,
    Diagnostic,
    Line,
    Paragraph,
    Title,
    Unparsed,
)

_KINDS: dict[type, str] = {
    Breadcrumb: "BREADCRUMB",
    Title: "TITLE",
    Caption: "CAPTION",
    Credit: "CREDIT",
    Paragraph: "PARAGRAPH",
    Clutter: "CLUTTER",
    BlankLines: "BLANK",
    Unparsed: "UNPARSED",
}
# Expected kinds in messages: the order a page is written in.
_ORDER = ("BREADCRUMB", "TITLE", "CREDIT", "CAPTION", "PARAGRAPH", "BLANK", "$END")
_FOUND = {
    "CLUTTER": "site clutter",
    "UNPARSED": "a line with a control character",
    "TITLE": "another title",
    "BREADCRUMB": "a breadcrumb",
    "CREDIT": "a credit",
    "CAPTION": "a caption",
    "PARAGRAPH": "a paragraph",
    "BLANK": "a blank line",
}


_OPTIONS = {"parser": "lalr", "lexer": "basic", "start": "page"}


@cache
def _parser() -> Lark:
    """The LALR parser of ``layout.lark``, its tables cached like the page grammar's.

    Its lexer is never run: the records are lexed already, and are fed to it as tokens.
    """
    text = resources.files("reviewparse.grammars").joinpath("layout.lark").read_text("utf-8")
    options = {**_OPTIONS, "grammar": "layout"}  # the extra key is part of what is cached
    built, _ = table_cache.load_or_build(
        text, options, lambda: (Lark(text, **_OPTIONS), {}), cls=Lark
    )
    return built


@cache
def _table() -> tuple[dict[int, dict[str, tuple[bool, Any]]], int, int]:
    """(state -> kind -> (shift?, the next state or the rule to reduce), start, end)."""
    table = _parser().parser.parser.parser.parse_table
    states = {
        state: {kind: (action is Shift, arg) for kind, (action, arg) in row.items()}
        for state, row in table.states.items()
    }
    return states, table.start_states["page"], table.end_states["page"]


def _fits(kinds: list[str]) -> bool:
    """Whether the kinds, in order, are a strict page: the LALR tables run directly.

    Most pages are strict, and Lark's interactive parser (which ``check`` needs
    only to say what went wrong) costs more per token than the whole of this.
    """
    states, start, end = _table()
    stack = [start]
    for kind in [*kinds, "$END"]:
        while True:
            action = states[stack[-1]].get(kind)
            if action is None:
                return False
            shift, arg = action
            if shift:
                stack.append(arg)
                break
            del stack[len(stack) - len(arg.expansion) :]
            goto = states[stack[-1]].get(arg.origin.name)
            if goto is None:
                return False
            stack.append(goto[1])
            if kind == "$END" and stack[-1] == end:
                return True
    return False


def check(lines: Sequence[Line], bom: bool) -> list[ReviewParseError]:
    """Every record that does not fit the strict layout, as located errors, in order."""
    kinds = [_KINDS[type(line)] for line in lines]
    if _fits(["BOM", *kinds] if bom else kinds):
        return []
    tokens = _tokens(lines, bom)
    interactive = _parser().parse_interactive("")
    errors: list[ReviewParseError] = []
    numbers: list[int] = []  # the line each record starts on, counted once
    # accepts(), not choices(): LALR's merged lookaheads list kinds that only fail
    # after a reduction (a second breadcrumb below a blank line). It tries each
    # kind on a copy, so its answer is kept per parser stack: a page of 5,000
    # misfit lines asks it once.
    accepted: dict[tuple[int, ...], set[str]] = {}

    def allowed_now() -> set[str]:
        stack = tuple(interactive.parser_state.state_stack)
        if stack not in accepted:
            accepted[stack] = interactive.accepts()  # type: ignore[no-untyped-call]
        return accepted[stack]

    for token in tokens:
        allowed = allowed_now()
        if token.type in allowed:
            interactive.feed_token(token)
            continue
        errors.append(_error(lines, bom, token, allowed, _numbers(lines, numbers)))
    allowed = allowed_now()
    if "$END" not in allowed:
        end = Token("$END", "", start_pos=len(lines))
        errors.append(_error(lines, bom, end, allowed, _numbers(lines, numbers)))
    return errors


def _numbers(lines: Sequence[Line], numbers: list[int]) -> list[int]:
    """``numbers`` filled, once: the line on which each record starts, then the end's."""
    if not numbers:
        number = 1
        for line in lines:
            numbers.append(number)
            number += _breaks(line)
        numbers.append(number)
    return numbers


def _tokens(lines: Sequence[Line], bom: bool) -> list[Token]:
    tokens = [Token("BOM", "\ufeff", start_pos=-1)] if bom else []
    tokens += [Token(_KINDS[type(line)], "", start_pos=index) for index, line in enumerate(lines)]
    return tokens


def diagnostics(lines: Sequence[Line], bom: bool) -> tuple[Diagnostic, ...]:
    """Why a page is not strict: one diagnostic a misfit line."""
    return tuple(Diagnostic(e.line, e.column, e.message) for e in check(lines, bom))


def _error(
    lines: Sequence[Line],
    bom: bool,
    token: Token,
    allowed: set[str],
    numbers: list[int],
) -> ReviewParseError:
    index = token.start_pos if token.start_pos is not None else len(lines)
    number = numbers[max(index, 0)]
    column = 2 if bom and number == 1 else 1  # the BOM stands in column 1
    if token.type == "$END":
        # The end of the page is on the line after the last break (empty, or unended).
        last = lines[-1].render() if lines else ""
        line_text = linebreaks.BREAK.split(last)[-1] if lines else ""
        column += len(line_text)
        found = "the end of the page"
    else:
        line_text = linebreaks.BREAK.split(lines[index].render())[0]
        if token.type == "UNPARSED":
            column += _first_control(line_text)
        shown = line_text if len(line_text) <= 40 else line_text[:37] + "..."
        found = f"{_FOUND.get(token.type, token.type.lower())} {shown!r}"
    names = sorted(
        (name for name in allowed if name.isupper() and name != "BOM"),
        key=lambda name: (_ORDER.index(name) if name in _ORDER else 99, name),
    )
    words = list(dict.fromkeys(describe(name) for name in names))
    message = f"expected {join_words(words)}, found {found}"
    return ReviewParseError(
        message, line=number, column=column, line_text=line_text, expected=tuple(words), found=found
    )


def _first_control(line_text: str) -> int:
    """How far in the character stands that makes the line junk.

    A lone control character is a whole junk line by the grammar's own rule, so
    the grammar decides which character it is.
    """
    junk = terminal_regex("JUNK_LINE")
    return next((at for at, char in enumerate(line_text) if junk.fullmatch(char)), 0)


def _breaks(line: Line) -> int:
    return len(linebreaks.BREAK.findall(line.render()))
