"""Strict-mode errors that say where and what, in words."""

from __future__ import annotations

from typing import Any

# The kinds of lines in grammars/layout.lark, as a reader would say them.
TERMINAL_WORDS: dict[str, str] = {
    "BOM": "a byte-order mark",
    "BLANK": "a blank line",
    "BREADCRUMB": "a breadcrumb line (Home > ... > Title)",
    "TITLE": "the title line",
    "CAPTION": "an image caption (a short line that is not a sentence)",
    "CREDIT": "a credit line (Key - Value)",
    "PARAGRAPH": "a synopsis paragraph",
    "CLUTTER": "site clutter",
    "UNPARSED": "an unparsed line",
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
    whatever the terminal's tab stops; other control characters are shown as
    their Unicode control pictures (``\\x07`` as ``\u2407``), one column wide,
    so that the line can neither ring, erase nor restyle the terminal it is
    printed on, and the caret still stands under the culprit.
    """
    return f"{indent}{visible(line_text.expandtabs(1))}\n{indent}{' ' * (column - 1)}^"


def visible(text: str) -> str:
    """``text`` safe to print: each control character as its one-column control picture."""
    return text.translate(_CONTROL_PICTURES)


# C0 controls and DEL to U+2400..U+2421; the line breaks cannot occur in a line.
_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
