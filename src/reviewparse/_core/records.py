"""The typed records a page is made of: one record a line (or a run of lines).

Every record keeps the characters around it: its ``end`` is the line's trailing
horizontal space and its break exactly as written (``""`` on a last line with
no break, and on a record whose line goes on with credits). Rendering is
concatenation, so the records *are* the text. Which record a line becomes is
decided by ``_core/layout.py``; the records themselves only read.

The invariant of a line that ends in credits (``Title``, ``Paragraph``, or a
``Credit`` with ``inline`` credits): the last piece holds the line's ``end``
and the lines below it (``more``); every piece before it has ``end == ""``.
"""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise
from typing import TypeAlias

from attrs import Factory, field, frozen

from reviewparse._fields import headings, names
from reviewparse._fields.lexicon import LIST_FIELDS, PEOPLE_FIELDS, Lexicon
from reviewparse._fields.people import CastMember, credit_cast


@frozen
class Breadcrumb:
    """``Home > 2010 - 2019 > Ruby Sparks``: crumbs, and the separator between each two.

    ``len(separators) == len(crumbs) - 1``; ``end`` is trailing space and at most one break.
    """

    crumbs: tuple[str, ...]
    separators: tuple[str, ...]
    end: str = "\n"
    indent: str = ""

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        parts = [self.indent, self.crumbs[0]]
        for sep, crumb in zip(self.separators, self.crumbs[1:], strict=True):
            parts += (sep, crumb)
        parts.append(self.end)
        return "".join(parts)


def _fields_of(credit: Credit) -> tuple[str, ...]:
    return Lexicon.default().fields_of(credit.key)


@frozen(repr=False)
class Credit:
    """``Key<sep>Value``: one credit. The raw spellings render; the typed view reads.

    ``prefix`` is what stands before the key: indentation and a bullet
    (``"  • "``), or, for a credit further along its line, the space or mark
    before it (``" | "``). ``more`` holds the lines below that belong to it, each
    as written with its break: an indented continuation, or the values of a key
    alone on its line (``Director`` / ``James Franco``). ``inline`` holds the
    credits that follow on the same line (``Year: 2021 Runtime: 124 minutes``).
    ``fields`` are the fields the key names, from the lexicon the page was read
    with (not compared: the same text gives the same records).
    """

    key: str
    separator: str
    value: str
    end: str = "\n"
    more: tuple[str, ...] = ()
    prefix: str = ""
    inline: tuple[Credit, ...] = ()
    fields: tuple[str, ...] = field(
        default=Factory(_fields_of, takes_self=True), eq=False, repr=False
    )

    def render(self) -> str:
        """The credit exactly as written: prefix, key, separator, value, end, ``more``, inline."""
        head = (self.prefix, self.key, self.separator, self.value, self.end, *self.more)
        if not self.inline:
            return "".join(head)
        return "".join(head) + "".join(credit.render() for credit in self.inline)

    def __repr__(self) -> str:
        # The one-line credit reads as before; prefix, more and inline show when set.
        shown = [f"key={self.key!r}", f"separator={self.separator!r}", f"value={self.value!r}"]
        shown.append(f"end={self.end!r}")
        if self.more:
            shown.append(f"more={self.more!r}")
        if self.prefix:
            shown.append(f"prefix={self.prefix!r}")
        if self.inline:
            shown.append(f"inline={self.inline!r}")
        return f"Credit({', '.join(shown)})"

    @property
    def field(self) -> str | None:
        """The canonical field this key stands for (``"directors"``), or None."""
        return self.fields[0] if self.fields else None

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """The value's raw lines: the value, then the lines below (``more``)."""
        return (self.value, *self.more) if self.value else self.more

    @cached_property
    def pieces(self) -> tuple[str, ...]:
        """The value's lines, tidied, without table bars, bullets or ``;`` around them."""
        return tuple(text for text in map(names.clean, self.lines) if text)

    @cached_property
    def text(self) -> str:
        """The whole value as one tidy line.

        Lines join as a list: a line that ends in a list separator (``"A, B,"``)
        goes on with a space, any other (a stacked value) with ``", "``.
        """
        pieces = [piece for piece in self.pieces if piece not in {",", "/", "|"}]
        if len(pieces) < 2:
            return pieces[0] if pieces else ""
        joined = [pieces[0]]
        for before, piece in pairwise(pieces):
            open_list = before.endswith((",", "&", "/")) or before.casefold().endswith(" and")
            joined += (" " if open_list else ", ", piece)
        return "".join(joined)

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The value as a list of names if the key is list-valued, else one item.

        People lose their notes and roles (``"Humphrey Bogart as Rick"`` -> the
        actor); a list stops where the value stops naming people.
        """
        field = self.field
        if field == "stars":
            return tuple(member.person for member in self.cast_members)
        if field in PEOPLE_FIELDS:  # the raw lines: a double space may end a list
            return tuple(name for name, _ in self.people)
        if field in LIST_FIELDS:  # genres, countries...: items cleaned as names are
            pieces = (names.cut_at_prose(piece) for piece in self.pieces)
            items = (names.person(item)[0] for piece in pieces for item in names.split_names(piece))
            return tuple(item for item in items if item)
        text = self.text
        return (text,) if text else ()

    @cached_property
    def people(self) -> tuple[tuple[str, str | None], ...]:
        """The value read as a list of people, each with its note (``X (screenplay)``).

        Kept, as ``cast_members`` is: a page's typed view asks for both a field's
        names and its contributors, and the list is the dearest thing it reads.
        """
        return names.people(self.lines)

    @cached_property
    def cast_members(self) -> tuple[CastMember, ...]:
        """The value read as a cast list: each actor with the character and note it gives."""
        return credit_cast(self.lines)

    def credits(self) -> tuple[Credit, ...]:
        """This credit and those that follow it on its line."""
        return (self, *self.inline)


def _repr_with_credits(record: Title | Paragraph) -> str:
    """The record as attrs would show it, its credits only when it has some."""
    shown = f"text={record.text!r}, end={record.end!r}"
    if record.credits:
        shown += f", credits={record.credits!r}"
    return f"{type(record).__name__}({shown})"


@frozen(repr=False)
class Title:
    """The heading that names a film, as written (``Film Review – X (1951)``).

    ``credits`` are the credits the heading line ends in (``X | Regie: Y``);
    the typed ``name`` drops labels, the year and data around the title.
    """

    text: str
    end: str = "\n"
    credits: tuple[Credit, ...] = ()

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        if not self.credits:
            return self.text + self.end
        return self.text + self.end + "".join(credit.render() for credit in self.credits)

    @cached_property
    def heading(self) -> headings.Heading:
        """What the heading line says: the title, and the year and data beside it."""
        return headings.read(self.text + "".join(c.render() for c in self.credits))

    @property
    def name(self) -> str | None:
        """The film's title, without labels, year or data (None if nothing is left)."""
        return self.heading.title

    def __repr__(self) -> str:
        return _repr_with_credits(self)


@frozen
class Caption:
    """An image caption (``Ruby Sparks poster``) or a short line between paragraphs."""

    text: str
    end: str = "\n"

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        return self.text + self.end


@frozen(repr=False)
class Paragraph:
    """One synopsis paragraph; scraped pages put a paragraph on one line.

    ``credits`` are credits the paragraph ends in (``... Minutáž: 104 minút``).
    """

    text: str
    end: str = "\n"
    credits: tuple[Credit, ...] = ()

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        if not self.credits:
            return self.text + self.end
        return self.text + self.end + "".join(credit.render() for credit in self.credits)

    def __repr__(self) -> str:
        return _repr_with_credits(self)


@frozen
class Clutter:
    """Site furniture: a date, the site's name, navigation, a byline, a share link."""

    text: str
    end: str = "\n"

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        return self.text + self.end


@frozen
class BlankLines:
    """A run of blank lines; each item is one line's spaces and break."""

    lines: tuple[str, ...]

    def render(self) -> str:
        """The blank lines exactly as written."""
        return "".join(self.lines)

    @property
    def count(self) -> int:
        """How many blank lines the run holds."""
        return len(self.lines)


@frozen
class Unparsed:
    """A line that fits no kind: control characters or bytes that were not text.

    Kept verbatim with the reason.
    """

    text: str
    end: str = "\n"
    reason: str = ""

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        return self.text + self.end


Line: TypeAlias = (
    Breadcrumb | Title | Caption | Paragraph | Credit | Clutter | BlankLines | Unparsed
)
#: Every kind of line record, in the order a page is written.
LINE_TYPES: tuple[type[Line], ...] = (
    Breadcrumb,
    Title,
    Caption,
    Credit,
    Paragraph,
    Clutter,
    BlankLines,
    Unparsed,
)


@frozen
class Diagnostic:
    """Why a page is not strict: a located message, as strict mode would raise it."""

    line: int
    column: int
    message: str


def credits_of(line: Line) -> tuple[Credit, ...]:
    """The credits a line holds, in order: a credit line's, or those a heading ends in."""
    if isinstance(line, Credit):
        return (line, *line.inline)
    if isinstance(line, Title | Paragraph):
        return line.credits
    return ()
