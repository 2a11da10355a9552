"""Edits that keep the page's own style: only the touched lines change.

New lines borrow the page's habits: the separator its credits use most, and
the line break of the line they follow (so a new line never ends in a lone
``\\r`` that the next line's ``\\n`` would join into one break); the page's most
used break when they follow the last line. Every edit reads its own text back
(``_core/read.py``) and refuses, with ``EditError``, a result whose text would
read as other records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs

from reviewparse._core import lines as linebreaks
from reviewparse._core.errors import EditError
from reviewparse._core.read import read_lines
from reviewparse._core.records import (
    BlankLines,
    Caption,
    Credit,
    Line,
    Paragraph,
    Title,
    Unparsed,
    credits_of,
)
from reviewparse._fields.lexicon import Lexicon, normalise

Lines = tuple[Line, ...]


def _line_break(lines: Sequence[Line]) -> str:
    breaks: Counter[str] = Counter()
    for line in lines:
        for found in linebreaks.BREAK.findall(line.render()):
            breaks[found] += 1
    return breaks.most_common(1)[0][0] if breaks else "\n"


def _separator(lines: Sequence[Line]) -> str:
    seps = Counter(
        credit.separator for line in lines for credit in credits_of(line) if credit.separator
    )
    return seps.most_common(1)[0][0] if seps else " - "


def _value(names: Sequence[str] | str) -> str:
    return names if isinstance(names, str) else ", ".join(names)


def _find(lines: Sequence[Line], key: str) -> tuple[int, int] | None:
    """(line index, position on the line) of the first credit meaning ``key``."""
    wanted = Lexicon.default().field_of(key) or normalise(key)
    for index, line in enumerate(lines):
        for position, credit in enumerate(credits_of(line)):
            if wanted in credit.fields or normalise(credit.key) == wanted:
                return index, position
    return None


def _with_credits(line: Line, credits: Sequence[Credit]) -> Line | None:
    """``line`` holding these credits instead of its own (None: a credit line with none left)."""
    if isinstance(line, Title | Paragraph):
        if not credits:
            return attrs.evolve(line, end=_tail(line), credits=())
        return attrs.evolve(line, credits=tuple(credits))
    if not credits:
        return None
    first, *rest = credits
    return attrs.evolve(first, inline=tuple(rest))


def _tail(line: Title | Paragraph) -> str:
    return line.credits[-1].end if line.credits else line.end


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
    pieces = credits_of(line)
    if pieces and (isinstance(line, Title | Paragraph) or line is not pieces[-1]):
        last = _set_break(pieces[-1], newline)
        assert isinstance(last, Credit)
        changed = _with_credits(line, (*pieces[:-1], last))
        assert changed is not None
        return changed
    if isinstance(line, Credit) and line.more:
        return attrs.evolve(line, more=(*line.more[:-1], swap(line.more[-1])))
    return attrs.evolve(line, end=swap(line.end))


def _with_break(line: Line, newline: str) -> Line:
    """A last line with no break gets one, so that a line can follow it."""
    return line if _final_break(line) else _set_break(line, newline)


def _same(line: Line) -> object:
    # An Unparsed line's reason may name what surrounds it, which an edit nearby may change.
    return ("unparsed", line.text, line.end) if isinstance(line, Unparsed) else line


def _checked(bom: bool, lines: Sequence[Line]) -> Lines:
    """The edited lines, if their text reads back as these records; else EditError.

    Some record sequences have no text: a key alone on its line takes the lines
    below as its values, so removing the value a credit had may make the next
    line read as its value. Refusing is better than an edit whose result
    changes meaning when it is read again.
    """
    edited = tuple(lines)
    text = ("\ufeff" if bom else "") + "".join(line.render() for line in edited)
    _, reread = read_lines(text)
    if [_same(line) for line in reread] == [_same(line) for line in edited]:
        return edited
    at = next(
        (i for i, (a, b) in enumerate(zip(reread, edited, strict=False)) if _same(a) != _same(b)),
        min(len(reread), len(edited)),
    )
    start = len(text) - sum(len(line.render()) for line in edited[at:])  # after any BOM
    number, _, _ = linebreaks.locate(text, start)
    wanted = edited[at].render() if at < len(edited) else ""
    got = (
        f"the {type(reread[at]).__name__} {reread[at].render()!r}"
        if at < len(reread)
        else "nothing"
    )
    raise EditError(
        f"edit refused: its text would not read back as edited; near line {number}, "
        f"{wanted!r} would read as {got}"
    )


def set_credit(lines: Lines, bom: bool, key: str, names: Sequence[str] | str) -> Lines:
    """Set a credit's value; add the credit after the last credit line if there is none."""
    found = _find(lines, key)
    if found is None:
        return add_credit(lines, bom, key, names)
    index, position = found
    edited = list(lines)
    pieces = list(credits_of(lines[index]))
    credit = pieces[position]
    separator, end = credit.separator, credit.end
    if credit.more:  # values below the key, or a list going on below: the new value is all
        if not credit.value:  # the values come up to the key
            separator = (separator or ":").rstrip() + " "
        # The credit's last line was its last value's: the page keeps that line's break
        # (none, when it was the page's last line).
        last = credit.more[-1]
        end = end.rstrip("\r\n") + last[len(last.rstrip("\r\n")) :]
    pieces[position] = attrs.evolve(
        credit, separator=separator, value=_value(names), end=end, more=()
    )
    changed = _with_credits(lines[index], pieces)
    assert changed is not None
    edited[index] = changed
    return _checked(bom, edited)


def add_credit(lines: Lines, bom: bool, key: str, names: Sequence[str] | str) -> Lines:
    """Append a credit line after the last credit line."""
    edited = list(lines)
    anchors = [i for i, line in enumerate(edited) if isinstance(line, Credit)]
    if not anchors:
        raise ValueError("the page has no credits block to add to")
    at = anchors[-1]
    ending = _final_break(edited[at])  # "" when the anchor was the page's last line
    edited[at] = _with_break(edited[at], ending or _line_break(lines))
    edited.insert(at + 1, Credit(key, _separator(lines), _value(names), ending))
    return _checked(bom, edited)


def remove_credit(lines: Lines, bom: bool, key: str) -> Lines:
    """Remove the first credit meaning ``key``: its line, or its part of its line."""
    found = _find(lines, key)
    if found is None:
        raise KeyError(key)
    index, position = found
    edited = list(lines)
    pieces = list(credits_of(lines[index]))
    removed = pieces.pop(position)
    if pieces:
        if position == len(pieces):  # the last piece held the line's end
            pieces[-1] = attrs.evolve(pieces[-1], end=removed.end, more=removed.more)
        if position == 0 and isinstance(lines[index], Credit):
            pieces[0] = attrs.evolve(pieces[0], prefix=removed.prefix)
        changed = _with_credits(lines[index], pieces)
        assert changed is not None
        edited[index] = changed
        return _checked(bom, edited)
    changed = _with_credits(lines[index], pieces)
    if changed is not None:
        edited[index] = changed
        return _checked(bom, edited)
    edited.pop(index)
    if 0 < index == len(edited):  # the removed credit was the page's last line
        if not _final_break(removed) and not isinstance(edited[-1], BlankLines):
            edited[-1] = _set_break(edited[-1], "")  # the new last line gives up its break
    elif (
        index
        and _final_break(edited[index - 1]) == "\r"
        and linebreaks.joins_breaks("\r", edited[index].render())
    ):
        # "\r" + "\n" would read as one break: the line before takes the removed one's.
        edited[index - 1] = _set_break(edited[index - 1], _final_break(removed))
    return _checked(bom, edited)


def replace_paragraph(lines: Lines, bom: bool, index: int, text: str) -> Lines:
    """Replace a synopsis paragraph's text, keeping its end and credits."""
    positions = [i for i, line in enumerate(lines) if isinstance(line, Paragraph)]
    at = positions[index]
    edited = list(lines)
    old = edited[at]
    assert isinstance(old, Paragraph)
    edited[at] = attrs.evolve(old, text=text)
    return _checked(bom, edited)


def add_caption(lines: Lines, bom: bool, text: str, *, after_paragraph: int = -1) -> Lines:
    """Insert a caption, set off by a blank line, after a synopsis paragraph."""
    positions = [i for i, line in enumerate(lines) if isinstance(line, Paragraph)]
    if not positions:
        raise ValueError("the page has no synopsis paragraph to put a caption after")
    at = positions[after_paragraph]
    edited = list(lines)
    ending = _final_break(edited[at])  # "" when the paragraph was the page's last line
    newline = ending or _line_break(lines)
    edited[at] = _with_break(edited[at], newline)
    edited[at + 1 : at + 1] = [BlankLines((newline,)), Caption(text, ending)]
    return _checked(bom, edited)
