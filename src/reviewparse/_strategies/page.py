"""Valid record trees: a page assembled in the grammar's order, then given its line breaks.

Records are first built with ``"\\n"`` standing for every line break; one pass
then picks the page's real breaks (one style, or mixed), keeps a lone ``\\r``
from merging with a following blank ``\\n`` into ``\\r\\n``, and decides whether
the last line ends with a break. Keeping breaks out of the layout code keeps
the layout readable and the break rules in one place.

Shrinking: Hypothesis deletes a part of an example by deleting a contiguous run
of its choices. So each optional part (a breadcrumb, a caption, the synopsis...)
is drawn in one piece, with its line end and the blank run after it, and parts
sit in lists or ``none() | part`` choices: a counterexample loses what the
failure does not need. Speed: every strategy is built once per ``PageOptions``
(cached), never inside a draw, where Hypothesis would validate it again each time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, partial
from itertools import pairwise
from typing import TypeVar

import attrs
from attrs import frozen
from hypothesis import strategies as st

from reviewparse import _strategies_text as text
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
from reviewparse._fields import keys as _keys

PLACEHOLDER = "\n"
LINE_BREAKS = ("\n", "\r\n", "\r")
CRUMB_SEPARATORS = (" > ", " » ", " → ", " | ", ">", "  >  ", " >\t", "\u00a0> ")
# The last crumb of a breadcrumb that ends with the page's title, until the title is known.
TITLE_SLOT = "\x00title"


@frozen
class PageOptions:
    """What ``pages()`` was asked for; checked once, then read by the composite."""

    keys: tuple[str, ...] | None = None
    min_credits: int = 0
    max_credits: int = 8
    min_paragraphs: int = 0
    max_paragraphs: int = 5
    max_captions: int = 3
    breadcrumb: bool | None = None
    bom: bool | None = None
    line_endings: tuple[str, ...] = LINE_BREAKS
    mixed_line_endings: bool = True
    trailing_spaces: bool = True
    final_newline: bool | None = None


# -- single lines, with placeholder ends ------------------------------------------------
@cache
def trailing(options: PageOptions) -> st.SearchStrategy[str]:
    if not options.trailing_spaces:
        return st.just("")
    return st.one_of(st.just(""), st.just(""), st.sampled_from(text.TRAILING_SPACES))


@cache
def line_end(options: PageOptions) -> st.SearchStrategy[str]:
    return trailing(options).map(lambda spaces: spaces + PLACEHOLDER)


EMPTY_VALUE = st.integers(0, 15)


@st.composite
def credit(
    draw: st.DrawFn,
    keys: st.SearchStrategy[str],
    separators: st.SearchStrategy[str],
    trail: st.SearchStrategy[str],
    *,
    allow_empty: bool = True,
) -> Credit:
    key = draw(keys)
    separator = draw(separators)
    if allow_empty and draw(EMPTY_VALUE) == 15:
        # Nothing after the separator: trailing space would read as part of the separator.
        return Credit(key, separator, "", PLACEHOLDER)
    value = draw(text.value_for(_keys.canonical(key)))
    if not text.value_fits(separator, value):
        separator = " " + separator  # "Music- a - b" would grow the key; " - " does not
    return Credit(key, separator, value, draw(trail) + PLACEHOLDER)


CRUMBS = {least: st.lists(text.crumb_text(), min_size=least, max_size=4) for least in (1, 2)}
CRUMB_SEPARATOR = st.sampled_from(CRUMB_SEPARATORS)
INDENT = st.sampled_from(("", "", "", " ", "\t"))


@st.composite
def breadcrumb(
    draw: st.DrawFn, trail: st.SearchStrategy[str], *, title_slot: bool = False
) -> Breadcrumb:
    """``Home > 2010 - 2019 > Ruby Sparks``; with ``title_slot`` it may end with ``TITLE_SLOT``."""
    ends_with_title = title_slot and draw(st.booleans())
    crumbs = draw(CRUMBS[1 if ends_with_title else 2])
    if ends_with_title:
        crumbs.append(TITLE_SLOT)
    n = len(crumbs) - 1
    if draw(st.booleans()):  # a separator per gap ("Home > Films » Ruby"), else one for all
        separators = draw(st.lists(CRUMB_SEPARATOR, min_size=n, max_size=n))
    else:
        separators = [draw(CRUMB_SEPARATOR)] * n
    indent = draw(INDENT)
    return Breadcrumb(tuple(crumbs), tuple(separators), draw(trail) + PLACEHOLDER, indent)


def _with_title(line: Line, title: str) -> Line:
    if isinstance(line, Breadcrumb) and line.crumbs[-1] == TITLE_SLOT:
        return attrs.evolve(line, crumbs=(*line.crumbs[:-1], title))
    return line


@cache
def blank_run(options: PageOptions) -> st.SearchStrategy[BlankLines]:
    item = line_end(options)
    return st.lists(item, min_size=1, max_size=3).map(lambda items: BlankLines(tuple(items)))


@cache
def maybe_blanks(options: PageOptions) -> st.SearchStrategy[list[Line]]:
    return st.one_of(st.none(), blank_run(options)).map(lambda run: [] if run is None else [run])


def then_blanks(
    line: st.SearchStrategy[Line], options: PageOptions
) -> st.SearchStrategy[list[Line]]:
    """A line and the blank run (if any) after it, drawn as one part."""
    return text.combine(lambda first, after: [first, *after], line, maybe_blanks(options))


def after_gap(line: st.SearchStrategy[Line], options: PageOptions) -> st.SearchStrategy[list[Line]]:
    """A synopsis line and what comes before it: usually a blank run, sometimes nothing."""
    blanks = blank_run(options)
    gap = st.one_of(st.none(), blanks, blanks, blanks)
    return text.combine(lambda run, line: [line] if run is None else [run, line], gap, line)


def _flat(groups: Sequence[Sequence[Line]]) -> list[Line]:
    return [line for group in groups for line in group]


L = TypeVar("L", Caption, Paragraph)


def _line(
    kind: Callable[[str, str], L], content: st.SearchStrategy[str], options: PageOptions
) -> st.SearchStrategy[L]:
    return text.combine(kind, content, line_end(options))


# -- the parts of a page, built once per options --------------------------------------------
@cache
def head_caption_text() -> st.SearchStrategy[str]:
    """Right below the title any key starts a credit, so a head caption must not look like one."""
    return text.caption_text().filter(lambda c: not text.starts_like_credit(c))


@cache
def first_paragraph_text() -> st.SearchStrategy[str]:
    return text.paragraph_text().filter(lambda p: not text.starts_like_credit(p))


@cache
def head(options: PageOptions) -> st.SearchStrategy[list[Line]]:
    """Blank lines, a breadcrumb (maybe ending in ``TITLE_SLOT``): what comes before the title."""
    parts = [maybe_blanks(options)]
    if options.breadcrumb is not False:
        crumb = then_blanks(breadcrumb(trailing(options), title_slot=True), options)
        parts.append(crumb if options.breadcrumb else st.one_of(st.just([]), crumb))
    return text.combine(lambda *groups: _flat(groups), *parts)


@cache
def head_captions(options: PageOptions) -> st.SearchStrategy[list[Line]]:
    caption = _line(Caption, head_caption_text(), options)
    return text.slots(then_blanks(caption, options), min(options.max_captions, 2)).map(_flat)


def _same_field(credit: Credit) -> str:
    return _keys.canonical(credit.key) or _keys.normalise(credit.key)


@cache
def credit_block(options: PageOptions) -> st.SearchStrategy[list[Credit]]:
    """Credits with one key per field: ``min_credits`` required ones, then optional ones.

    A credit whose field an earlier one has is dropped (so a page may have fewer
    than ``max_credits``); the required ones are drawn unique, so never fewer
    than ``min_credits``. Half the pages (unless ``min_credits``) have none.
    """
    keys = st.sampled_from(options.keys) if options.keys is not None else text.credit_key()
    one = credit(keys, text.separator(), trailing(options))
    least = options.min_credits
    required = st.lists(one, min_size=least, max_size=least, unique_by=_same_field)
    block = text.combine(_unique_fields, required, text.slots(one, options.max_credits - least))
    return block if least else st.one_of(st.just([]), block)


def _unique_fields(required: list[Credit], optional: list[Credit]) -> list[Credit]:
    seen = {_same_field(credit) for credit in required}
    credits = list(required)
    for credit in optional:
        if (field := _same_field(credit)) not in seen:
            seen.add(field)
            credits.append(credit)
    return credits


def stack_safe(draw: st.DrawFn, credits: list[Credit], options: PageOptions) -> list[Credit]:
    """A known key with nothing after it (``Starring:``) takes the next lines as its values
    until a known key, so it is never followed by a credit with an unknown key."""
    out = list(credits)
    for i, (current, following) in enumerate(pairwise(credits)):
        if not current.value and current.field and not following.field:
            value = draw(
                text.value_for(current.field).filter(partial(text.value_fits, current.separator))
            )
            out[i] = attrs.evolve(current, value=value, end=draw(line_end(options)))
    return out


@cache
def synopsis(options: PageOptions) -> st.SearchStrategy[list[Line]]:
    """Paragraphs, each followed by its captions, after a blank run; blank runs never touch.

    Half the pages (unless ``min_paragraphs``) have none. The leading blank run
    sets the synopsis off from the credits; ``_page`` drops it on a page without them.
    """
    caption = after_gap(_line(Caption, text.caption_text(), options), options)
    captions = text.slots(caption, min(options.max_captions, 2))
    paragraph = after_gap(_line(Paragraph, text.paragraph_text(), options), options)
    least = options.min_paragraphs
    most = max(least, options.max_paragraphs)
    unit = text.combine(lambda p, cs: [p, *cs], paragraph, captions)
    body = text.combine(
        partial(_synopsis, options.max_captions),
        blank_run(options),
        captions,
        text.slots(unit, most, least=least),
        maybe_blanks(options),
    )
    return body if least or not most else st.one_of(st.just([]), body)


def _synopsis(
    max_captions: int,
    lead: BlankLines,
    captions: list[list[Line]],
    units: list[list[list[Line]]],
    after: list[Line],
) -> list[Line]:
    groups = [*captions, *(group for unit in units for group in unit)]
    # At most max_captions captions; a caption goes together with the gap before it.
    kept, budget = [], max_captions
    for group in groups:
        if isinstance(group[-1], Caption):
            if not budget:
                continue
            budget -= 1
        kept.append(group)
    lines = _flat(kept)
    if not lines:
        return []
    if isinstance(lines[0], BlankLines):
        lines = lines[1:]  # the lead run is the blank line before the synopsis
    return [lead, *lines, *after]


# -- the page --------------------------------------------------------------------------
@cache
def page(options: PageOptions) -> st.SearchStrategy[ReviewPage]:
    return _page(options)


TITLE_INDENT = st.sampled_from(("", "", "", "", " "))


@st.composite
def _page(draw: st.DrawFn, options: PageOptions) -> ReviewPage:
    style = draw(break_style(options))
    bom = options.bom if options.bom is not None else draw(st.booleans())
    lines = draw(head(options))
    title = draw(text.title_text())
    lines = [_with_title(line, title) for line in lines]
    lines.append(Title(draw(TITLE_INDENT) + title, draw(line_end(options))))
    lines += draw(maybe_blanks(options))
    lines += draw(head_captions(options))
    credits = stack_safe(draw, draw(credit_block(options)), options)
    body = draw(synopsis(options))
    if not credits:
        body = right_below_head(draw, body, options)
    return ReviewPage(tuple(with_breaks(draw, [*lines, *credits, *body], options, style)), bom)


def right_below_head(draw: st.DrawFn, body: list[Line], options: PageOptions) -> list[Line]:
    """The synopsis of a page without credits: its first line is read in the page head.

    The head has its own blank runs, so the synopsis's lead run goes; captions
    before the first paragraph would be head captions, and go; the first
    paragraph must not start like a credit (there, any key starts one).
    """
    lines = body[1:]
    while lines and not isinstance(lines[0], Paragraph):
        lines = lines[1:]
    if lines and isinstance(lines[0], Paragraph) and text.starts_like_credit(lines[0].text):
        lines[0] = draw(_line(Paragraph, first_paragraph_text(), options))
    return lines


# -- line breaks -----------------------------------------------------------------------
@frozen
class BreakStyle:
    """One break for the whole page, or (``mixed``) one drawn per line."""

    newline: str
    mixed: bool
    final: bool


@cache
def break_style(options: PageOptions) -> st.SearchStrategy[BreakStyle]:
    endings = options.line_endings
    mixed = st.just(False)
    if options.mixed_line_endings and len(endings) > 1:
        mixed = st.booleans()
    final = st.just(options.final_newline) if options.final_newline is not None else st.booleans()
    return st.builds(BreakStyle, st.sampled_from(endings), mixed, final)


def _ends(lines: Sequence[Line]) -> list[str]:
    flat: list[str] = []
    for line in lines:
        flat.extend(line.lines if isinstance(line, BlankLines) else (line.end,))
    return flat


def _set_ends(lines: Sequence[Line], ends: list[str]) -> list[Line]:
    out: list[Line] = []
    it = iter(ends)
    for line in lines:
        if isinstance(line, BlankLines):
            items = tuple(next(it) for _ in line.lines)
            if items:
                out.append(BlankLines(items))
        else:
            out.append(attrs.evolve(line, end=next(it)))
    return out


def with_breaks(
    draw: st.DrawFn, lines: list[Line], options: PageOptions, style: BreakStyle
) -> list[Line]:
    """Replace each placeholder break with the page's real one; decide the last line's.

    Drawn last, so a shrink that drops a line leaves every earlier choice in place.
    """
    ends = _ends(lines)
    if style.mixed:
        choices = st.sampled_from(options.line_endings)
        breaks = draw(st.lists(choices, min_size=len(ends), max_size=len(ends)))
    else:
        breaks = [style.newline] * len(ends)
    ends = [e[: -len(PLACEHOLDER)] + b for e, b in zip(ends, breaks, strict=True)]
    for i in range(len(ends) - 1):
        # "...\r" then a blank "\n" would be read as one "\r\n" break.
        if ends[i].endswith("\r") and ends[i + 1] == "\n":
            ends[i] += "\n"
    result = _set_ends(lines, ends)
    if not style.final:
        result = _drop_final_break(result)
    return result


def _drop_final_break(lines: list[Line]) -> list[Line]:
    """The last line ends at the end of the text; a trailing break-only blank line goes."""
    while lines:
        last = lines[-1]
        if isinstance(last, BlankLines):
            *rest, item = last.lines
            spaces = item.rstrip("\r\n")
            items = (*rest, spaces) if spaces else tuple(rest)
            if spaces:
                return [*lines[:-1], BlankLines(items)]
            lines = [*lines[:-1], BlankLines(items)] if items else lines[:-1]
            continue
        stripped = last.end.rstrip("\r\n")
        return [*lines[:-1], attrs.evolve(last, end=stripped)]
    return lines
