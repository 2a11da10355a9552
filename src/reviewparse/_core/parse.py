"""parse(): strict, or lenient with recovery, never losing a character.

Lenient mode runs the strict grammar and, at each line the grammar rejects,
skips that line (it becomes an ``Unparsed`` record carrying the reason) and
carries on in the same parser state, so the lines around it keep their strict
kinds. Only when the page ends where the layout needs more (an empty page, a
page of breadcrumbs) does it fall back to the ``loose`` start rule, which
accepts every string.
"""

from __future__ import annotations

import re
from typing import cast

from attrs import evolve
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from reviewparse._core.errors import ReviewParseError, describe, join_words
from reviewparse._core.grammar import parser, split_end
from reviewparse._core.records import BlankLines, Credit, Diagnostic, Line, ReviewPage, Unparsed

_BREAK = re.compile(r"\r\n|\n|\r")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
# Terminal order in messages: the order a page is written in.
_ORDER = (
    "BREADCRUMB_LINE",
    "TITLE_LINE",
    "CREDIT_KEY",
    "KNOWN_CREDIT_KEY",
    "CREDIT_HEADING",
    "CREDIT_SEPARATOR",
    "CREDIT_VALUE",
    "CREDIT_OPEN_VALUE",
    "CREDIT_LINE_BREAK",
    "CREDIT_CONTINUATION",
    "CREDIT_VALUE_LINE",
    "PARAGRAPH_LINE",
    "CAPTION_LINE",
    "BLANK_LINE",
    "$END",
)


def parse(text: str, *, strict: bool = False) -> ReviewPage:
    """Parse a page. Lenient (default) never raises; strict raises ReviewParseError."""
    if not isinstance(text, str):
        raise TypeError(f"parse() takes a str, not {type(text).__name__}; see parse_file()")
    lark = parser()
    if not strict:
        return _parse_lenient(text)
    try:
        return cast(ReviewPage, lark.parse(text, start="page"))
    except UnexpectedInput as exc:
        error = to_error(text, exc)
    # Raised outside the handler so the error has no __context__: Lark's exception holds its
    # parser state, which cannot be pickled (tblib, as installed by distributed, pickles it).
    raise error


def _parse_lenient(text: str) -> ReviewPage:
    skipped: list[tuple[int, ReviewParseError]] = []  # (start offset of the line, why)
    lines = _LineCounter(text)  # errors come in order: count breaks once, not per error

    def skip_line(exc: UnexpectedInput) -> bool:
        error = to_error(text, exc, lines)
        start = _offset(exc, text)
        if start >= len(text) or not _at_line_start(text, start):
            return False
        lexer_state = exc.interactive_parser.lexer_thread.state
        assert lexer_state is not None
        line = _LINE.match(text, start)
        assert line is not None
        lexer_state.line_ctr.feed(text[lexer_state.line_ctr.char_pos : line.end()])
        skipped.append((start, error))
        return True

    try:
        page = cast(ReviewPage, parser().parse(text, start="page", on_error=skip_line))
    except UnexpectedInput as exc:
        return _loose(text, to_error(text, exc))
    except Exception as exc:  # pragma: no cover - a grammar bug must not lose the page
        return _loose(text, None, f"internal error: {exc!r}")
    if not skipped:
        return page
    return _insert_unparsed(page, text, skipped)


def _loose(text: str, error: ReviewParseError | None, reason: str = "") -> ReviewPage:
    diagnostics = []
    if error is not None:
        diagnostics.append(Diagnostic(error.line, error.column, error.message))
    try:
        page = cast(ReviewPage, parser().parse(text, start="loose"))
    except Exception as exc:  # pragma: no cover - the loose rule accepts every string
        return _all_unparsed(text, reason or f"internal error: {exc!r}")
    return ReviewPage(page.lines, page.bom, tuple(diagnostics))


def _all_unparsed(text: str, reason: str) -> ReviewPage:
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    lines: list[Line] = [
        Unparsed(*split_end(m.group()), reason=reason) for m in _LINE.finditer(body) if m.group()
    ]
    return ReviewPage(tuple(lines), bom, (Diagnostic(1, 1, reason),))


def _insert_unparsed(
    page: ReviewPage, text: str, skipped: list[tuple[int, ReviewParseError]]
) -> ReviewPage:
    """Put each skipped line back, as Unparsed, at its place among the records.

    The parser resumes in the state it was in, so a credit's open list may go on
    past a skipped line (``X:,`` / bad line / ``  more``). Such a credit is cut at
    the skipped line: its lines after the gap become Unparsed too, in place.
    """
    pending = [
        (error.line, Unparsed(*split_end(_line_at(text, start)), reason=error.message))
        for start, error in skipped
    ]
    pending.reverse()  # pop() from the end: popping from the front is quadratic
    lines: list[Line] = []
    diagnostics: list[Diagnostic] = []
    errors = iter(error for _, error in skipped)
    number = 1  # line number of the next record

    def flush_pending() -> None:
        nonlocal number
        while pending and pending[-1][0] == number:
            error = next(errors)
            lines.append(pending.pop()[1])
            diagnostics.append(Diagnostic(error.line, error.column, error.message))
            number += 1

    for record in page.lines:
        if isinstance(record, BlankLines):
            run: list[str] = []
            for blank in record.lines:
                if pending and pending[-1][0] == number and run:
                    lines.append(BlankLines(tuple(run)))
                    run = []
                flush_pending()
                run.append(blank)
                number += 1
            lines.append(BlankLines(tuple(run)))
            continue
        flush_pending()
        if isinstance(record, Credit) and pending and pending[-1][0] <= number + len(record.more):
            kept = pending[-1][0] - number - 1  # continuation lines before the gap
            first = number
            lines.append(evolve(record, more=record.more[:kept]))
            number += 1 + kept
            for orphan in record.more[kept:]:
                flush_pending()
                reason = f"continues the credit on line {first} across a line that was skipped"
                lines.append(Unparsed(*split_end(orphan), reason=reason))
                diagnostics.append(Diagnostic(number, 1, reason))
                number += 1
            continue
        lines.append(record)
        number += _lines_in(record)
    for _, unparsed in reversed(pending):
        error = next(errors)
        lines.append(unparsed)
        diagnostics.append(Diagnostic(error.line, error.column, error.message))
    return ReviewPage(tuple(lines), page.bom, tuple(diagnostics))


def _lines_in(record: Line) -> int:
    """How many lines a record spans (a credit's value may go on over the next lines)."""
    return max(1, len(_BREAK.findall(record.render())))


# -- locating errors ------------------------------------------------------------
def _offset(exc: UnexpectedInput, text: str) -> int:
    if isinstance(exc, UnexpectedToken):
        if exc.token.type == "$END":
            return len(text)
        start: int | None = exc.token.start_pos
        return start if start is not None else len(text)
    if isinstance(exc, UnexpectedCharacters):
        position: int | None = exc.pos_in_stream
        return position if position is not None else len(text)
    return len(text)  # pragma: no cover - LALR raises only the two above


def _at_line_start(text: str, offset: int) -> bool:
    return offset == 0 or text[offset - 1] in "\r\n" or (offset == 1 and text[0] == "\ufeff")


def _line_at(text: str, start: int) -> str:
    match = _LINE.match(text, start)
    assert match is not None
    return match.group()


class _LineCounter:
    """Line numbers of (mostly) increasing offsets, counting each break once.

    Lenient mode locates every skipped line; counting from the start each time
    made a page of n bad lines cost n * len(text).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def number(self, offset: int) -> int:
        text, start = self.text, self.offset
        if offset < start:
            start, self.line = 0, 1
        elif 0 < start < offset and text[start - 1] == "\r" and text[start] == "\n":
            start += 1  # the \r of this \r\n was counted as a break already
        self.line += len(_BREAK.findall(text, start, offset))
        self.offset = offset
        return self.line


def locate(text: str, offset: int, lines: _LineCounter | None = None) -> tuple[int, int, str]:
    """(line, column, the line's text) of a character offset; lines break on \\r\\n|\\n|\\r."""
    line = lines.number(offset) if lines is not None else 1 + len(_BREAK.findall(text, 0, offset))
    start = _line_start(text, offset)
    end_match = _BREAK.search(text, offset)
    end = end_match.start() if end_match else len(text)
    return line, offset - start + 1, text[start:end]


def _line_start(text: str, offset: int) -> int:
    """Where the line holding ``offset`` starts, looking back no further than that.

    ``max(text.rfind("\\n", 0, offset), text.rfind("\\r", 0, offset))`` scanned back to
    the start of a page that has no \\r at all, once per error: lenient mode on a page
    of n rejected lines was quadratic. Growing windows cost the line's length.
    """
    width = 256
    low = offset
    while low > 0:
        low = max(0, offset - width)
        found = max(text.rfind("\n", low, offset), text.rfind("\r", low, offset))
        if found >= 0:
            return found + 1
        width *= 8
    return 0


def to_error(
    text: str, exc: UnexpectedInput, lines: _LineCounter | None = None
) -> ReviewParseError:
    offset = _offset(exc, text)
    line, column, line_text = locate(text, offset, lines)
    if isinstance(exc, UnexpectedToken):
        allowed = set(exc.expected)
        found = "the end of the page" if exc.token.type == "$END" else _quote(line_text)
    else:
        allowed = set(getattr(exc, "allowed", ()) or ())
        found = _quote(text[offset : offset + 40])
    allowed.discard("BOM")
    names = sorted(allowed, key=lambda t: (_ORDER.index(t) if t in _ORDER else 99, t))
    words = list(dict.fromkeys(describe(name) for name in names))
    message = f"expected {join_words(words)}, found {found}"
    return ReviewParseError(
        message, line=line, column=column, line_text=line_text, expected=tuple(words), found=found
    )


def _quote(fragment: str) -> str:
    fragment = fragment.rstrip("\r\n")
    return repr(fragment if len(fragment) <= 40 else fragment[:37] + "...")
