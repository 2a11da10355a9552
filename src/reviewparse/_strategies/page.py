"""Valid record trees: a page assembled in the strict layout's order, then given its breaks.

The order is ``grammars/layout.lark``'s: blank lines, a breadcrumb, the title
(perhaps ending in credits, ``Ruby | Regie: X``), captions that show a picture,
a block of credits, then the synopsis (paragraphs, captions between them). What
each line must be to be read back as that record where it stands is the
layout's (``_core/layout.py``) and is kept here, next to the part it concerns:

* a key the lexicon does not know is a credit only inside a block of credits,
  so unknown keys stand at the top of a block that has a known one below;
* a credit that ends without a value, or a key alone on its line, takes the
  lines below it; such a line is followed by a known credit, or gets a value;
* after a key alone whose values are names, a caption would be one more name,
  so the synopsis then starts with a paragraph;
* between the title and its credits only a caption that says it shows a picture
  is looked through; any other short line would compete for being the heading;
* a paragraph ends in a credit only where no caption stands right above it (the
  caption would read as the heading of that credit).

Records are first built with ``"\\n"`` standing for every line break; one pass
(``with_breaks``) then picks the page's real breaks (one style, or mixed), keeps
a lone ``\\r`` from merging with a following blank ``\\n`` into ``\\r\\n``, and
decides whether the last line ends with a break.

Shrinking: Hypothesis deletes a part of an example by deleting a contiguous run
of its choices. So each optional part (a breadcrumb, a caption, the synopsis...)
is drawn in one piece, with its line end and the blank run after it, and parts
sit in ``none() | part`` choices: a counterexample loses what the failure does
not need. Every strategy is built once per ``PageOptions`` (cached), never
inside a draw, where Hypothesis would validate it again each time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache, partial
from typing import TypeVar

import attrs
from attrs import frozen
from hypothesis import assume
from hypothesis import strategies as st

from reviewparse._core.grammar import piece
from reviewparse._core.page import ReviewPage
from reviewparse._core.records import (
    BlankLines,
    Breadcrumb,
    Caption,
    Credit,
    Line,
    Paragraph,
    Title,
    credits_of,
)
from reviewparse._fields.lexicon import PEOPLE_FIELDS
from reviewparse._strategies import credits, text

PLACEHOLDER = credits.PLACEHOLDER
LINE_BREAKS = ("\n", "\r\n", "\r")
CRUMB_SEPARATORS = (" > ", " » ", " → ", ">", "  >  ", " >\t", "\u00a0> ", " | ", " / ")
# A trail needs an arrow to be read as one (three crumbs joined by bars may head a film).
ARROWS = frozenset(">»→")


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
    credit_forms: frozenset[str] = frozenset(credits.FORMS)


# -- single lines, with placeholder ends ------------------------------------------------
@cache
def trailing(options: PageOptions) -> st.SearchStrategy[str]:
    if not options.trailing_spaces:
        return st.just("")
    return st.one_of(st.just(""), st.just(""), st.sampled_from(text.TRAILING_SPACES))


@cache
def line_end(options: PageOptions) -> st.SearchStrategy[str]:
    return trailing(options).map(lambda spaces: spaces + PLACEHOLDER)


CRUMBS = {least: st.lists(text.crumb_text(), min_size=least, max_size=4) for least in (1, 2)}
CRUMB_SEPARATOR = st.sampled_from(CRUMB_SEPARATORS)
INDENT = st.sampled_from(("", "", "", " ", "\t"))


def is_trail(crumb: Breadcrumb) -> bool:
    """The grammar reads the line as a breadcrumb, split into these crumbs, with an arrow."""
    if not any(ARROWS & set(separator) for separator in crumb.separators):
        return False
    line = crumb.render().rstrip("\n")
    if text.token_types(line) != ("breadcrumb", "BREADCRUMB_LINE"):
        return False
    parts = re.split(f"({piece('CRUMB_SEPARATOR').pattern})", line[len(crumb.indent) :].rstrip())
    return tuple(parts[0::2]) == crumb.crumbs and tuple(parts[1::2]) == crumb.separators


@st.composite
def breadcrumb(
    draw: st.DrawFn, trail: st.SearchStrategy[str], *, title: str | None = None
) -> Breadcrumb:
    """``Home > 2010 - 2019 > Ruby Sparks``; given a ``title``, it may end with it."""
    ends_with_title = title is not None and draw(st.booleans())
    crumbs = draw(CRUMBS[1 if ends_with_title else 2])
    if ends_with_title:
        crumbs.append(title or "")
    n = len(crumbs) - 1
    if draw(st.booleans()):  # a separator per gap ("Home > Films » Ruby"), else one for all
        separators = draw(st.lists(CRUMB_SEPARATOR, min_size=n, max_size=n))
    else:
        separators = [draw(CRUMB_SEPARATOR)] * n
    if not any(ARROWS & set(separator) for separator in separators):
        separators[0] = " > "
    crumb = Breadcrumb(tuple(crumbs), tuple(separators), draw(trail) + PLACEHOLDER, draw(INDENT))
    assume(is_trail(crumb))
    return crumb


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


# -- the title ----------------------------------------------------------------------------
TITLE_INDENT = st.sampled_from(("", "", "", "", " "))


@st.composite
def title_line(draw: st.DrawFn, options: PageOptions) -> Title:
    """The title; sometimes ending in credits, as flattened infoboxes write it
    (``Ruby Sparks | Regie: X | Jahr: 2012``)."""
    heading = draw(TITLE_INDENT) + draw(text.title_text())
    keys = _known(options)
    if keys is None or "title" not in options.credit_forms or not options.max_credits:
        return Title(heading, draw(line_end(options)))
    if draw(st.integers(0, 5)) < 5:
        return Title(heading, draw(line_end(options)))
    key = draw(keys)
    prefix = draw(st.sampled_from((" | ", " – ", " / ", " · ")))
    value = draw(credits.value_for(credits.same_field(Credit(key, ":", ""))))
    credit = Credit(key, draw(credits.colon()), value, draw(line_end(options)), (), prefix)
    line = heading + "".join(credits.line_pieces(credit))
    assume(credits.lexes_as(line, [heading, *credits.line_pieces(credit)], ("TEXT",)))
    return Title(heading, "", (credit,))


@cache
def _known(options: PageOptions) -> st.SearchStrategy[str] | None:
    """Known keys to draw from: the lexicon's, or those of ``keys`` (None: there are none)."""
    if options.keys is None:
        return credits.known_key()
    known = [key for key in options.keys if credits.is_known_key(key)]
    return st.sampled_from(known) if known else None


# -- the parts of a page, built once per options --------------------------------------------
@st.composite
def head(draw: st.DrawFn, options: PageOptions, title: str) -> list[Line]:
    """Blank lines, a breadcrumb (which may end with the title): what comes before the title."""
    lines = draw(maybe_blanks(options))
    if options.breadcrumb is False or (options.breadcrumb is None and not draw(st.booleans())):
        return lines  # (booleans shrink to False: to no breadcrumb)
    crumb = draw(then_blanks(breadcrumb(trailing(options), title=title), options))
    return [*lines, *crumb]


@cache
def head_captions(options: PageOptions) -> st.SearchStrategy[list[Line]]:
    caption = _line(Caption, text.picture_caption_text(), options)
    return text.slots(then_blanks(caption, options), min(options.max_captions, 2)).map(_flat)


@cache
def credit_block(options: PageOptions) -> st.SearchStrategy[list[credits.Drawn]]:
    """Credit lines: ``min_credits`` required ones, then optional ones, one per field.

    A line whose field an earlier one has is dropped (so a page may have fewer
    than ``max_credits``); the required ones are drawn unique, so never fewer
    than ``min_credits``. Half the pages (unless ``min_credits``) have none.
    """
    keys = _keys(options)
    one = credits.credit_line(
        keys,
        credits.separator(),
        trailing(options),
        further_keys=_known(options),
        forms=options.credit_forms,
    )
    least = options.min_credits
    required = st.lists(
        one, min_size=least, max_size=least, unique_by=lambda drawn: _fields(drawn.credit)
    )
    block = text.combine(_unique_fields, required, text.slots(one, options.max_credits - least))
    return block if least else st.one_of(st.just([]), block)


@cache
def _keys(options: PageOptions) -> st.SearchStrategy[str]:
    if options.keys is not None:
        return st.sampled_from(options.keys)
    known = credits.known_key()
    return st.one_of(known, known, known, credits.unknown_keys())


def _fields(credit: Credit) -> frozenset[str]:
    return frozenset(credits.same_field(piece) for piece in credit.credits())


def _unique_fields(
    required: list[credits.Drawn], optional: list[credits.Drawn]
) -> list[credits.Drawn]:
    """The required lines (unique among themselves), then each optional line whose fields
    no earlier line has."""
    seen = {field for drawn in required for field in _fields(drawn.credit)}
    kept = list(required)
    for drawn in optional:
        fields = _fields(drawn.credit)
        if not fields & seen:
            seen |= fields
            kept.append(drawn)
    return kept


def block_in_order(
    draw: st.DrawFn, drawn: list[credits.Drawn], options: PageOptions
) -> list[Credit]:
    """The block as the layout reads it back: unknown keys first, above a known one; a line
    that takes the lines below is followed by a known credit, or gets a value."""
    lines = list(drawn)
    known = [d for d in lines if d.known]
    if not known:
        assume(not options.min_credits)  # required credits need a known key beside them
        return []
    ordered = [d for d in lines if not d.known] + known
    block: list[Credit] = []
    for index, line in enumerate(ordered):
        credit = line.credit
        if line.takes_below and (index + 1 == len(ordered) or not ordered[index + 1].known):
            credit = draw(_valued(credit, options))
        block.append(credit)
    return block


def _valued(credit: Credit, options: PageOptions) -> st.SearchStrategy[Credit]:
    """The same credit line with a value after its last separator."""
    last = credit.credits()[-1]
    values = credits.value_for(credits.same_field(last))

    def fill(value: str, end: str) -> Credit:
        filled = attrs.evolve(last, value=value, end=end)
        if not credit.inline:
            return filled
        return attrs.evolve(credit, inline=(*credit.inline[:-1], filled))

    valued = text.combine(fill, values, line_end(options))
    return valued.filter(credits.reads_back)


@cache
def synopsis(options: PageOptions) -> st.SearchStrategy[list[Line]]:
    """Paragraphs, each followed by its captions, after a blank run; blank runs never touch.

    Half the pages (unless ``min_paragraphs``) have none. The leading blank run
    sets the synopsis off from the credits; ``_page`` drops it on a page without them.
    """
    caption = after_gap(_line(Caption, text.caption_text(), options), options)
    captions = text.slots(caption, min(options.max_captions, 2))
    paragraph = after_gap(paragraph_line(options), options)
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


@cache
def paragraph_line(options: PageOptions) -> st.SearchStrategy[Paragraph]:
    """A synopsis paragraph; sometimes ending in a credit (``... Minutáž: 104 minút``)."""
    plain = _line(Paragraph, text.paragraph_text(), options)
    keys = _known(options)
    if keys is None or "paragraph" not in options.credit_forms or not options.max_credits:
        return plain
    return st.one_of(plain, plain, plain, _credited_paragraph(options, keys))


@st.composite
def _credited_paragraph(
    draw: st.DrawFn, options: PageOptions, keys: st.SearchStrategy[str]
) -> Paragraph:
    written = draw(text.paragraph_text())
    # The marks that end the sentence go with the credit: the grammar reads them so.
    lead = written.rstrip("|/;.(,•·–—")
    key = draw(keys)
    value = draw(credits.value_for(credits.key_field(key)))
    prefix = written[len(lead) :] + " "
    credit = Credit(key, draw(credits.colon()), value, draw(line_end(options)), (), prefix)
    pieces = credits.line_pieces(credit)
    assume(credits.lexes_as(lead + "".join(pieces), [lead, *pieces], ("TEXT",)))
    return Paragraph(lead, "", (credit,))


def _plain_after_captions(body: list[Line], taken: set[str]) -> list[Line]:
    """A paragraph's credits go where they would tell against the page: right after a
    caption (the caption would read as a heading of the credits) or when their field is
    on the page already."""
    out: list[Line] = []
    for line in body:
        if not isinstance(line, Paragraph) or not line.credits:
            out.append(line)
            continue
        before = next((x for x in reversed(out) if not isinstance(x, BlankLines)), None)
        credit = line.credits[0]
        if isinstance(before, Caption) or _fields(credit) & taken:
            out.append(Paragraph(line.text + credit.prefix.rstrip(), credit.end))
        else:
            taken |= _fields(credit)
            out.append(line)
    return out


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


def _from_paragraph(body: list[Line]) -> list[Line]:
    """The synopsis from its first paragraph on (the lead blank run kept)."""
    lead, lines = body[:1], body[1:]
    while lines and not isinstance(lines[0], Paragraph):
        lines = lines[1:]
    return [*lead, *lines] if lines else []


def _names_below(credit: Credit) -> bool:
    """A key alone whose values are names: a short line below would be one more name."""
    last = credit.credits()[-1]
    return bool(last.more) and bool(set(credits.fields_of(last.key)) & PEOPLE_FIELDS)


# -- the page --------------------------------------------------------------------------
@cache
def page(options: PageOptions) -> st.SearchStrategy[ReviewPage]:
    return _page(options)


@st.composite
def _page(draw: st.DrawFn, options: PageOptions) -> ReviewPage:
    style = draw(break_style(options))
    bom = options.bom if options.bom is not None else draw(st.booleans())
    title = draw(title_line(options))
    head_lines = draw(head(options, title.text.strip()))
    between = [*draw(maybe_blanks(options)), *draw(head_captions(options))]
    block = block_in_order(draw, draw(credit_block(options)), options)
    if title.credits and _fields(title.credits[0]) & {f for c in block for f in _fields(c)}:
        title = Title(title.text, title.credits[0].end)  # one field once on a page
    lines = [*head_lines, title, *between]
    body = draw(synopsis(options))
    if not block:
        body = right_below_head(body)
    elif _names_below(block[-1]):
        body = _from_paragraph(body)
    credited: list[Line] = [title, *block]
    taken = {field for line in credited for c in credits_of(line) for field in _fields(c)}
    body = _plain_after_captions(body, taken)
    return ReviewPage(tuple(with_breaks(draw, [*lines, *block, *body], options, style)), bom)


def right_below_head(body: list[Line]) -> list[Line]:
    """The synopsis of a page without credits: the head has its own blank runs, so the
    synopsis's lead run goes; captions before the first paragraph would be head captions
    (which must show a picture), and go."""
    return _from_paragraph(body)[1:]


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


# A record's line ends, in the order they render: (read them, give them back).
def line_ends(line: Line) -> list[str]:
    """Every string of ``line`` that ends a line of text (blank items, ends, value lines)."""
    if isinstance(line, BlankLines):
        return list(line.lines)
    if isinstance(line, Credit):
        if line.inline:
            return line_ends(line.inline[-1])
        return [line.end, *line.more]
    if isinstance(line, Title | Paragraph) and line.credits:
        return line_ends(line.credits[-1])
    return [line.end]


def with_line_ends(line: Line, ends: Iterator[str]) -> Line | None:
    """``line`` with its line ends taken from ``ends``; None for a blank run left empty."""
    if isinstance(line, BlankLines):
        items = tuple(item for item in (next(ends) for _ in line.lines) if item)
        return BlankLines(items) if items else None
    if isinstance(line, Credit):
        return _credit_with_ends(line, ends)
    if isinstance(line, Title | Paragraph) and line.credits:
        last = _credit_with_ends(line.credits[-1], ends)
        return attrs.evolve(line, credits=(*line.credits[:-1], last))
    return attrs.evolve(line, end=next(ends))


def _credit_with_ends(credit: Credit, ends: Iterator[str]) -> Credit:
    if credit.inline:
        last = _credit_with_ends(credit.inline[-1], ends)
        return attrs.evolve(credit, inline=(*credit.inline[:-1], last))
    end = next(ends)
    return attrs.evolve(credit, end=end, more=tuple(next(ends) for _ in credit.more))


def with_breaks(
    draw: st.DrawFn, lines: list[Line], options: PageOptions, style: BreakStyle
) -> list[Line]:
    """Replace each placeholder break with the page's real one; decide the last line's.

    Drawn last, so a shrink that drops a line leaves every earlier choice in place.
    """
    ends = [end for line in lines for end in line_ends(line)]
    blank = [isinstance(line, BlankLines) for line in lines for _ in line_ends(line)]
    if style.mixed:
        choices = st.sampled_from(options.line_endings)
        breaks = draw(st.lists(choices, min_size=len(ends), max_size=len(ends)))
    else:
        breaks = [style.newline] * len(ends)
    ends = [end[: -len(PLACEHOLDER)] + new for end, new in zip(ends, breaks, strict=True)]
    for i in range(len(ends) - 1):
        # "...\r" then a blank "\n" would be read as one "\r\n" break.
        if ends[i].endswith("\r") and blank[i + 1] and ends[i + 1].startswith("\n"):
            ends[i] += "\n"
    if not style.final:
        _drop_final_break(ends, blank)
    given = iter(ends)
    result = [with_line_ends(line, given) for line in lines]
    return [line for line in result if line is not None]


def _drop_final_break(ends: list[str], blank: list[bool]) -> None:
    """The last line ends at the end of the text: its break goes, and so do the blank lines
    after it that are nothing but a break (an emptied blank item is dropped)."""
    for at in range(len(ends) - 1, -1, -1):
        ends[at] = ends[at].rstrip("\r\n")
        if ends[at] or not blank[at]:
            return
