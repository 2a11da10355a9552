"""Strict-mode errors that say where and what, in words."""

from __future__ import annotations

from typing import Any

# Terminal names from grammars/page.lark, as a reader would say them.
TERMINAL_WORDS: dict[str, str] = {
    "BOM": "a byte-order mark",
    "BLANK_LINE": "a blank line",
    "BREADCRUMB_LINE": "a breadcrumb line (Home > ... > Title)",
    "TITLE_LINE": "the title line",
    "CAPTION_LINE": "an image caption (a short line that is not a sentence)",
    "PARAGRAPH_LINE": "a synopsis paragraph",
    "CREDIT_KEY": "a credit line (Key - Value)",
    # A known key is a credit line too; the message names each idea once.
    "KNOWN_CREDIT_KEY": "a credit line (Key - Value)",
    "CREDIT_HEADING": "a credit line (Key - Value)",
    "CREDIT_SEPARATOR": "a separator after the credit key (' - ', '- ', ' -', a dash, ':' or '|')",
    "CREDIT_VALUE": "the credit's value",
    "CREDIT_OPEN_VALUE": "the credit's value",
    "CREDIT_LINE_BREAK": "the end of the credit line",
    "CREDIT_CONTINUATION": "an indented line that continues the credit's list",
    "CREDIT_VALUE_LINE": "a value of the credit above, on its own line",
    "CRUMB_SEPARATOR": "a breadcrumb separator",
    "$END": "the end of the page",
}


def describe(terminal: str) -> str:
    return TERMINAL_WORDS.get(terminal, terminal.lower().replace("_", " "))


def join_words(options: list[str]) -> str:
    if not options:
        return "nothing"
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + " or " + options[-1]


class ReviewParseError(ValueError):
    """A page that does not follow the layout, located to the line and column.

    ``str(error)`` reads like a compiler message::

        line 8, column 1: expected a credit line (Key - Value) or a blank line,
        found a synopsis paragraph
          Stars Paul Dano
          ^
    """

    def __init__(
        self,
        message: str,
        *,
        line: int,
        column: int,
        line_text: str,
        expected: tuple[str, ...] = (),
        found: str = "",
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.line_text = line_text
        self.expected = expected
        self.found = found
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}"
        return f"{where}: {self.message}\n{point_at(self.line_text, self.column)}"

    def __reduce__(self) -> tuple[Any, ...]:
        fields = (self.message, self.line, self.column, self.line_text, self.expected, self.found)
        return (_rebuild, (type(self), fields))


def _rebuild(
    cls: type[ReviewParseError], fields: tuple[str, int, int, str, tuple[str, ...], str]
) -> ReviewParseError:
    message, line, column, line_text, expected, found = fields
    return cls(
        message, line=line, column=column, line_text=line_text, expected=expected, found=found
    )


class ReviewDecodeError(ReviewParseError):
    """Bytes that are not valid in the page's encoding, located to the byte offset."""

    def __init__(self, message: str, *, offset: int, **kw: Any) -> None:
        self.offset = offset
        super().__init__(message, **kw)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_decode,
            (self.message, self.offset, self.line, self.column, self.line_text),
        )


def _rebuild_decode(
    message: str, offset: int, line: int, column: int, line_text: str
) -> ReviewDecodeError:
    return ReviewDecodeError(message, offset=offset, line=line, column=column, line_text=line_text)


class EditError(ValueError):
    """An edit whose result would read back as a different page, so it is refused."""


def point_at(line_text: str, column: int, indent: str = "  ") -> str:
    """The line and a caret under ``column`` (1-based), on two lines.

    Tabs are shown as one space each, so the caret stands under its character
    whatever the terminal's tab stops.
    """
    return f"{indent}{line_text.expandtabs(1)}\n{indent}{' ' * (column - 1)}^"
