"""Edits that keep the page's own style: only the touched lines change.

New lines borrow the page's habits: the separator its credits use most, and
the line break of the line they follow (so a new line never ends in a lone
``\r`` that the next line's ``\n`` would join into one break); the page's most
used break when they follow the last line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs

from reviewparse._core.errors import EditError
from reviewparse._core.records import (
    BlankLines,
    Caption,
    Credit,
    Line,
    Paragraph,
    ReviewPage,
    Unparsed,
)
from reviewparse._fields import keys as _keys


def _line_break(page: ReviewPage) -> str:
    breaks: Counter[str] = Counter()
    for line in page.lines:
        ends = line.lines if isinstance(line, BlankLines) else (getattr(line, "end", ""),)
        for end in ends:
            stripped = end.lstrip(" \t\f\v\u00a0")
            if stripped:
                breaks[stripped[-2:] if stripped.endswith("\r\n") else stripped[-1]] += 1
    return breaks.most_common(1)[0][0] if breaks else "\n"


def _separator(page: ReviewPage) -> str:
    seps = Counter(credit.separator for credit in page.credits)
    return seps.most_common(1)[0][0] if seps else " - "


def _value(names: Sequence[str] | str) -> str:
    return names if isinstance(names, str) else ", ".join(names)


def _index(page: ReviewPage, key: str) -> int | None:
    wanted = _keys.canonical(key) or _keys.normalise(key)
    for i, line in enumerate(page.lines):
        if isinstance(line, Credit) and (line.field or _keys.normalise(line.key)) == wanted:
            return i
    return None


def _final_break(line: Line) -> str:
    text = line.render()
    if text.endswith("\r\n"):
        return "\r\n"
    return text[-1] if text.endswith(("\n", "\r")) else ""


def _set_break(line: Line, newline: str) -> Line:
    """The same line with its final line break replaced (or added, or removed)."""
    cut = len(_final_break(line))  # the break is the tail of the line's last field

    def swap(tail: str) -> str:
        return tail[: len(tail) - cut] + newline

    if isinstance(line, BlankLines):
        return attrs.evolve(line, lines=(*line.lines[:-1], swap(line.lines[-1])))
    if isinstance(line, Credit) and line.more:
        return attrs.evolve(line, more=(*line.more[:-1], swap(line.more[-1])))
    return attrs.evolve(line, end=swap(line.end))


def _with_break(line: Line, newline: str) -> Line:
    """A last line with no break gets one, so that a line can follow it."""
    return line if _final_break(line) else _set_break(line, newline)


def _same(line: Line) -> object:
    # An Unparsed line's reason names what was expected there, which an edit nearby may change.
    return ("unparsed", line.text, line.end) if isinstance(line, Unparsed) else line


def _checked(page: ReviewPage, lines: list[Line]) -> ReviewPage:
    """The edited page, if its text reads back as these records; else EditError.

    Some record sequences have no text: after ``Year-`` (a known key with no value)
    an unknown-key line such as ``Tagline - X`` reads as a value of ``Year``, so
    removing the credit between them cannot keep both as they are. Refusing is
    better than an edit whose result changes meaning when it is read again.
    """
    from reviewparse._core.parse import locate, parse  # the parser loads only when a page is edited

    edited = attrs.evolve(page, lines=tuple(lines), diagnostics=())
    text = edited.render()
    reread = parse(text).lines
    if [_same(line) for line in reread] == [_same(line) for line in lines]:
        return edited
    at = next(
        (i for i, (a, b) in enumerate(zip(reread, lines, strict=False)) if _same(a) != _same(b)),
        min(len(reread), len(lines)),
    )
    start = len(text) - sum(len(line.render()) for line in lines[at:])  # after any BOM
    number, _, _ = locate(text, start)
    wanted = lines[at].render() if at < len(lines) else ""
    got = (
        f"the {type(reread[at]).__name__} {reread[at].render()!r}"
        if at < len(reread)
        else "nothing"
    )
    raise EditError(
        f"edit refused: its text would not read back as edited; near line {number}, "
        f"{wanted!r} would read as {got}"
    )


def set_credit(page: ReviewPage, key: str, names: Sequence[str] | str) -> ReviewPage:
    index = _index(page, key)
    if index is None:
        return add_credit(page, key, names)
    lines = list(page.lines)
    credit = lines[index]
    assert isinstance(credit, Credit)
    # A credit whose values stood on the lines below gets them on its own line.
    separator = credit.separator or ": "
    lines[index] = attrs.evolve(credit, separator=separator, value=_value(names), more=())
    return _checked(page, lines)


def add_credit(page: ReviewPage, key: str, names: Sequence[str] | str) -> ReviewPage:
    """Append a credit after the last credit (or after the title when there is none)."""
    lines = list(page.lines)
    anchors = [i for i, line in enumerate(lines) if isinstance(line, Credit)]
    if not anchors:
        raise ValueError("the page has no credits block to add to")
    at = anchors[-1]
    ending = _final_break(lines[at])  # "" when the anchor was the page's last line
    lines[at] = _with_break(lines[at], ending or _line_break(page))
    lines.insert(at + 1, Credit(key, _separator(page), _value(names), ending))
    return _checked(page, lines)


def remove_credit(page: ReviewPage, key: str) -> ReviewPage:
    index = _index(page, key)
    if index is None:
        raise KeyError(key)
    lines = list(page.lines)
    removed = lines.pop(index)
    if 0 < index == len(lines):  # the removed credit was the page's last line
        if not _final_break(removed) and not isinstance(lines[-1], BlankLines):
            lines[-1] = _set_break(lines[-1], "")  # the new last line gives up its break
    elif index and _final_break(lines[index - 1]) == "\r" and lines[index].render()[:1] == "\n":
        # "\r" + "\n" would read as one break: the line before takes the removed one's.
        lines[index - 1] = _set_break(lines[index - 1], _final_break(removed))
    return _checked(page, lines)


def replace_paragraph(page: ReviewPage, index: int, text: str) -> ReviewPage:
    positions = [i for i, line in enumerate(page.lines) if isinstance(line, Paragraph)]
    at = positions[index]
    lines = list(page.lines)
    old = lines[at]
    assert isinstance(old, Paragraph)
    lines[at] = attrs.evolve(old, text=text)
    return _checked(page, lines)


def add_caption(page: ReviewPage, text: str, *, after_paragraph: int = -1) -> ReviewPage:
    positions = [i for i, line in enumerate(page.lines) if isinstance(line, Paragraph)]
    if not positions:
        raise ValueError("the page has no synopsis paragraph to put a caption after")
    at = positions[after_paragraph]
    lines = list(page.lines)
    ending = _final_break(lines[at])  # "" when the paragraph was the page's last line
    newline = ending or _line_break(page)
    lines[at] = _with_break(lines[at], newline)
    lines[at + 1 : at + 1] = [BlankLines((newline,)), Caption(text, ending)]
    return _checked(page, lines)
