"""The typed records a page is made of.

Every record that stands for a line keeps the line's ``end``: its trailing
horizontal space and its line break exactly as written ("" on a last line
with no break). Rendering is concatenation, so the records *are* the text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeAlias

from attrs import field, frozen

from reviewparse._fields import keys as _keys
from reviewparse._fields import names as _names
from reviewparse._fields import people as _people
from reviewparse._fields import values as _values

if TYPE_CHECKING:
    from collections.abc import Sequence


@frozen
class Breadcrumb:
    """``Home > 2010 - 2019 > Ruby Sparks``: the crumbs and each separator as written."""

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


@frozen
class Title:
    """The film's title line."""

    text: str
    end: str = "\n"

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        return self.text + self.end


@frozen
class Caption:
    """An image caption (``Ruby Sparks poster``): short, and not a sentence."""

    text: str
    end: str = "\n"

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        return self.text + self.end


@frozen
class Paragraph:
    """One synopsis paragraph; scraped pages put a paragraph on one line."""

    text: str
    end: str = "\n"

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        return self.text + self.end


@frozen(repr=False)
class Credit:
    """``Key<sep>Value``. The raw spellings render; the typed view reads.

    ``prefix`` is the indent and bullet before the key (``"  • "``). ``more``
    holds the lines that belong to the credit after its first one, each as
    written with its break: indented continuations of an open list
    (``"Stars - A, B,"`` then ``"    C, D"``) or, for a key alone on its line
    (``STARRING``), one value per line.
    """

    key: str
    separator: str
    value: str
    end: str = "\n"
    more: tuple[str, ...] = ()
    prefix: str = ""

    def render(self) -> str:
        """The credit exactly as written: prefix, key, separator, value, end, ``more``."""
        return "".join((self.prefix, self.key, self.separator, self.value, self.end, *self.more))

    def __repr__(self) -> str:
        # The one-line credit reads as before; prefix and more show when set.
        shown = [f"key={self.key!r}", f"separator={self.separator!r}", f"value={self.value!r}"]
        shown.append(f"end={self.end!r}")
        if self.more:
            shown.append(f"more={self.more!r}")
        if self.prefix:
            shown.append(f"prefix={self.prefix!r}")
        return f"Credit({', '.join(shown)})"

    @cached_property
    def field(self) -> str | None:
        """The canonical field this key stands for (``"directors"``), or None."""
        return _keys.canonical(self.key)

    @cached_property
    def pieces(self) -> tuple[str, ...]:
        """The value's lines, tidied, without the table bars or ``;`` around them."""
        raw = (self.value, *self.more) if self.value else self.more
        return tuple(text for text in map(_names.clean, raw) if text)

    @cached_property
    def text(self) -> str:
        """The whole value as one tidy line.

        Lines join as a list: a line that ends in a list separator (``"A, B,"``)
        goes on with a space, any other (a stacked value) with ``", "``.
        """
        pieces = self.pieces
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

        Cast entries lose their role (``"Humphrey Bogart as Rick"`` -> the actor).
        """
        field = self.field
        if field == "stars":
            return tuple(member.person for member in _people.credit_cast(self))
        if _keys.is_list_valued(field):
            return tuple(name for piece in self.pieces for name in _names.split_names(piece))
        text = self.text
        return (text,) if text else ()


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
    """A line that fit no kind where it stood; kept verbatim with the reason."""

    text: str
    end: str = "\n"
    reason: str = ""

    def render(self) -> str:
        """The line exactly as written, its ``end`` included."""
        return self.text + self.end


Line: TypeAlias = Breadcrumb | Title | Caption | Paragraph | Credit | BlankLines | Unparsed
LINE_TYPES: tuple[type, ...] = (
    Breadcrumb,
    Title,
    Caption,
    Paragraph,
    Credit,
    BlankLines,
    Unparsed,
)


@frozen
class Diagnostic:
    """Why lenient mode had to guess: a located message, as strict mode would raise it."""

    line: int
    column: int
    message: str


@frozen
class Credits:
    """The page's credit lines in order, with lookup by canonical field or alias."""

    items: tuple[Credit, ...]

    def __iter__(self) -> Iterator[Credit]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, key: str) -> Credit | None:
        """First credit whose key means ``key``: ``get("directors")`` finds ``Directed by``."""
        wanted = _keys.canonical(key) or _keys.normalise(key)
        for credit in self.items:
            if (credit.field or _keys.normalise(credit.key)) == wanted:
                return credit
        return None

    def names(self, key: str) -> tuple[str, ...]:
        """The first matching credit's names (see ``Credit.names``), or ``()``."""
        credit = self.get(key)
        return credit.names if credit is not None else ()

    def text(self, key: str) -> str | None:
        """The first matching credit's value as one tidy line, or None (also when empty)."""
        credit = self.get(key)
        return (credit.text or None) if credit is not None else None


@frozen
class ReviewPage:
    """A parsed page: its lines as records, in order, and the facts around them."""

    lines: tuple[Line, ...]
    bom: bool = False
    diagnostics: tuple[Diagnostic, ...] = field(default=(), eq=False)

    def render(self) -> str:
        """The page's text, byte for byte as parsed (plus any edits)."""
        body = "".join([line.render() for line in self.lines])
        return "\ufeff" + body if self.bom else body

    # -- typed view ---------------------------------------------------------
    def _first(self, kind: type[Title] | type[Breadcrumb]) -> Title | Breadcrumb | None:
        for line in self.lines:
            if isinstance(line, kind):
                return line
        return None

    @property
    def breadcrumb(self) -> Breadcrumb | None:
        """The first breadcrumb line, or None when the page has none."""
        crumb = self._first(Breadcrumb)
        return crumb if isinstance(crumb, Breadcrumb) else None

    @property
    def title(self) -> str | None:
        """The title line's text, whitespace tidied, or None when the page has no title."""
        title = self._first(Title)
        return _names.tidy(title.text) if isinstance(title, Title) else None

    @cached_property
    def credits(self) -> Credits:
        """All credit lines in page order, looked up by meaning (``credits.get("composer")``)."""
        return Credits(tuple(line for line in self.lines if isinstance(line, Credit)))

    @property
    def year(self) -> int | None:
        """The Year credit's year (see release_date for the release credit)."""
        text = self.credits.text("year")
        return _names.year(text) if text else None

    @property
    def directors(self) -> tuple[str, ...]:
        """Names from the first directors credit (``Director``, ``Directed by``...)."""
        return self.credits.names("directors")

    @property
    def stars(self) -> tuple[str, ...]:
        """Names from the first cast credit (``Stars``, ``Starring``, ``Cast``), without roles."""
        return self.credits.names("stars")

    @property
    def writers(self) -> tuple[str, ...]:
        """Names from the first writers credit (``Writing Credits``, ``Screenplay``...)."""
        return self.credits.names("writers")

    @property
    def music(self) -> tuple[str, ...]:
        """Names from the first music credit (``Music``, ``Score``, ``Composer``...)."""
        return self.credits.names("music")

    @property
    def studio(self) -> str | None:
        """The studio credit's value as one tidy line, or None."""
        return self.credits.text("studio")

    @property
    def producers(self) -> tuple[str, ...]:
        """Names from the first producers credit."""
        return self.credits.names("producers")

    @property
    def cinematographers(self) -> tuple[str, ...]:
        """Names from the first cinematography credit."""
        return self.credits.names("cinematography")

    @property
    def editors(self) -> tuple[str, ...]:
        """Names from the first editing credit."""
        return self.credits.names("editing")

    @property
    def distributors(self) -> tuple[str, ...]:
        """Names from the first distributor credit."""
        return self.credits.names("distributor")

    @property
    def genres(self) -> tuple[str, ...]:
        """Genres from the first genre credit."""
        return self.credits.names("genre")

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages from the first language credit."""
        return self.credits.names("language")

    @property
    def countries(self) -> tuple[str, ...]:
        """Countries from the first country credit."""
        return self.credits.names("country")

    @property
    def rating(self) -> str | None:
        """The rating credit's value (``PG-13``), or None."""
        return self.credits.text("rating")

    @property
    def budget(self) -> str | None:
        """The budget credit's value, kept as text, or None."""
        return self.credits.text("budget")

    @property
    def box_office(self) -> str | None:
        """The box-office credit's value, kept as text, or None."""
        return self.credits.text("box_office")

    @property
    def aspect_ratio(self) -> str | None:
        """The aspect-ratio credit's value (``1.85:1``), or None."""
        return self.credits.text("aspect_ratio")

    @property
    def release_date(self) -> datetime.date | None:
        """The release date when the text names one unambiguously (raw text: credits)."""
        text = self.credits.text("release_date")
        return _values.release_date(text) if text else None

    @property
    def runtime_minutes(self) -> int | None:
        """The running time in minutes (``"1 hour, 38 minutes"`` -> 98)."""
        text = self.credits.text("runtime")
        return _values.runtime_minutes(text) if text else None

    @property
    def cast(self) -> tuple[_people.CastMember, ...]:
        """(person, role) pairs: the cast credit's people, with the roles named in
        the credit (``Actor as Role``) or else in the synopsis (``Role (Actor)``)."""
        stars = [credit for credit in self.credits if credit.field == "stars"]
        return _people.cast(stars, (p.text for p in self.paragraphs))

    @property
    def extra_credits(self) -> tuple[Credit, ...]:
        """Credits whose key is not one reviewparse knows (``Art Direction``)."""
        return tuple(credit for credit in self.credits if credit.field is None)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The synopsis paragraphs, as records, in order."""
        return tuple(line for line in self.lines if isinstance(line, Paragraph))

    @property
    def synopsis(self) -> str:
        """The synopsis paragraphs as plain text, separated by blank lines."""
        return "\n\n".join(_names.tidy(p.text) for p in self.paragraphs)

    @property
    def captions(self) -> tuple[str, ...]:
        """Every caption's text, whitespace tidied, in page order."""
        return tuple(_names.tidy(line.text) for line in self.lines if isinstance(line, Caption))

    @property
    def is_strict(self) -> bool:
        """True when the page follows the strict layout (no diagnostics, no fallback)."""
        return not self.diagnostics and not any(isinstance(x, Unparsed) for x in self.lines)

    def to_schema_org(self) -> dict[str, Any]:
        """The page as a schema.org ``Movie`` in JSON-LD (a plain, JSON-ready dict)."""
        from reviewparse._core import schema_org as _schema_org

        return _schema_org.movie(self)

    # -- edits (each returns a new page; untouched lines keep their bytes) ---
    def with_credit(self, key: str, names: Sequence[str] | str) -> ReviewPage:
        """Set a credit's value (adding the credit after the last one if missing)."""
        from reviewparse._core import edit as _edit

        return _edit.set_credit(self, key, names)

    def without_credit(self, key: str) -> ReviewPage:
        """Remove the first credit meaning ``key`` (``KeyError`` if there is none)."""
        from reviewparse._core import edit as _edit

        return _edit.remove_credit(self, key)

    def with_paragraph(self, index: int, text: str) -> ReviewPage:
        """Replace the text of synopsis paragraph ``index`` (0-based), keeping its ``end``."""
        from reviewparse._core import edit as _edit

        return _edit.replace_paragraph(self, index, text)

    def with_caption(self, text: str, *, after_paragraph: int = -1) -> ReviewPage:
        """Insert a caption, set off by a blank line, after a synopsis paragraph."""
        from reviewparse._core import edit as _edit

        return _edit.add_caption(self, text, after_paragraph=after_paragraph)
