"""A parsed page: its line records, and the typed view read from them.

Typed values are computed from the records and never stored, so nothing typed
can disagree with what renders. The view is that of the page's first film
(``_core/film.py``); edits go through ``_core/edit.py``, which reads its own
text back before it returns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any

from attrs import field, frozen

from reviewparse._core import edit, strict
from reviewparse._core.film import Contributor, Film
from reviewparse._core.records import (
    Breadcrumb,
    Caption,
    Credit,
    Diagnostic,
    Line,
    Paragraph,
    Unparsed,
    credits_of,
)
from reviewparse._fields import names
from reviewparse._fields.lexicon import Lexicon, normalise
from reviewparse._fields.people import CastMember


@frozen
class Credits:
    """The page's credits in order (those further along a line included), by meaning."""

    items: tuple[Credit, ...]

    def __iter__(self) -> Iterator[Credit]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, key: str) -> Credit | None:
        """First credit whose key means ``key``: ``get("directors")`` finds ``Directed by``."""
        wanted = Lexicon.default().field_of(key) or normalise(key)
        for credit in self.items:
            if wanted in credit.fields or normalise(credit.key) == wanted:
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
    """A parsed page: its lines as records, in order, and the facts read from them.

    ``diagnostics`` say why the page is not strict; when not given they are
    found on first use, by the strict layout (``grammars/layout.lark``).
    """

    lines: tuple[Line, ...]
    bom: bool = False
    given_diagnostics: tuple[Diagnostic, ...] | None = field(
        default=None, eq=False, alias="diagnostics", repr=False
    )

    def render(self) -> str:
        """The page's text, byte for byte as parsed (plus any edits)."""
        body = "".join([line.render() for line in self.lines])
        return "\ufeff" + body if self.bom else body

    @cached_property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Why the page does not follow the strict layout (empty when it does)."""
        if self.given_diagnostics is not None:
            return self.given_diagnostics
        return strict.diagnostics(self.lines, self.bom)

    @property
    def is_strict(self) -> bool:
        """True when the page follows the strict layout (no diagnostics)."""
        return not self.diagnostics

    # -- typed view -------------------------------------------------------------
    @cached_property
    def film(self) -> Film:
        """The page's first film (its lines up to the second title), read."""
        return Film(self.lines)

    @property
    def breadcrumb(self) -> Breadcrumb | None:
        """The breadcrumb line, or None when the page has none."""
        return next((line for line in self.lines if isinstance(line, Breadcrumb)), None)

    @property
    def title(self) -> str | None:
        """The film's title, without review labels, year or data; None when no heading names it."""
        line = self.film.title_line
        return line.name if line is not None else None

    @property
    def original_title(self) -> str | None:
        """The original (or alternative) title a credit gives (``Titre original : X``)."""
        text = self.film.text("original_title")
        return names.clean(text).strip('«»"“” ') or None if text else None

    @cached_property
    def credits(self) -> Credits:
        """All credits in page order, looked up by meaning (``credits.get("composer")``)."""
        return Credits(tuple(credit for line in self.lines for credit in credits_of(line)))

    @property
    def year(self) -> int | None:
        """The film's year: a year credit, the heading (``X (1957)``), a data line."""
        return self.film.year

    @property
    def directors(self) -> tuple[str, ...]:
        """Names from the first directors credit (``Director``, ``Directed by``, ``Regie``...)."""
        return self.film.names("directors")

    @property
    def stars(self) -> tuple[str, ...]:
        """Names from the first cast credit (``Stars``, ``Starring``, ``Cast``...), no roles."""
        return self.film.names("stars")

    @property
    def writers(self) -> tuple[str, ...]:
        """Names from the first writers credit (``Writing Credits``, ``Screenplay``...)."""
        return self.film.names("writers")

    @property
    def music(self) -> tuple[str, ...]:
        """Names from the first music credit (``Music``, ``Score``, ``Composer``...)."""
        return self.film.names("music")

    @property
    def writing_credits(self) -> tuple[Contributor, ...]:
        """(person, note): the writers with what the credit says of each (``(novel)``)."""
        return self.film.contributors("writers")

    @property
    def studio(self) -> str | None:
        """The studio credit's value as one tidy line, or None."""
        return self.film.text("studio")

    @property
    def studios(self) -> tuple[str, ...]:
        """The studios / production companies the studio credit lists."""
        return self.film.names("studio")

    @property
    def producers(self) -> tuple[str, ...]:
        """Names from the first producers credit."""
        return self.film.names("producers")

    @property
    def cinematographers(self) -> tuple[str, ...]:
        """Names from the first cinematography credit."""
        return self.film.names("cinematography")

    @property
    def editors(self) -> tuple[str, ...]:
        """Names from the first editing credit."""
        return self.film.names("editing")

    @property
    def distributors(self) -> tuple[str, ...]:
        """Names from the first distributor credit."""
        return self.film.names("distributor")

    @property
    def genres(self) -> tuple[str, ...]:
        """Genres from the first genre credit."""
        return self.film.names("genre")

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages from the first language credit."""
        return self.film.names("language")

    @property
    def countries(self) -> tuple[str, ...]:
        """Countries from the first country credit."""
        return self.film.names("country")

    @property
    def rating(self) -> str | None:
        """The certificate (``PG-13``, ``FSK 12``), or None; a review score is not one."""
        return self.film.rating

    @property
    def budget(self) -> str | None:
        """The budget credit's value, kept as text, or None."""
        return self.film.text("budget")

    @property
    def box_office(self) -> str | None:
        """The box-office credit's value, kept as text, or None."""
        return self.film.text("box_office")

    @property
    def aspect_ratio(self) -> str | None:
        """The aspect-ratio credit's value (``1.85:1``), or None."""
        return self.film.text("aspect_ratio")

    @property
    def release_date(self) -> datetime.date | None:
        """The release date when the credit names one unambiguously (raw text: credits)."""
        return self.film.release_date

    @property
    def runtime_minutes(self) -> int | None:
        """The running time in minutes (``"1 hour, 38 minutes"`` -> 98)."""
        return self.film.runtime_minutes

    @property
    def cast(self) -> tuple[CastMember, ...]:
        """(person, character, note): the cast credits' people, with the characters named
        in the credits (``Actor as Role``) or else in the synopsis (``Role (Actor)``)."""
        return self.film.cast

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
        return "\n\n".join(names.tidy(p.text) for p in self.paragraphs)

    @property
    def captions(self) -> tuple[str, ...]:
        """Every caption's text, whitespace tidied, in page order."""
        return tuple(names.tidy(line.text) for line in self.lines if isinstance(line, Caption))

    @property
    def unparsed(self) -> tuple[Unparsed, ...]:
        """The lines that fit no kind (control characters, bytes that were not text)."""
        return tuple(line for line in self.lines if isinstance(line, Unparsed))

    def to_schema_org(self) -> dict[str, Any]:
        """The page as a schema.org ``Movie`` in JSON-LD (a plain, JSON-ready dict)."""
        from reviewparse._core import schema_org
        from reviewparse._core.schema import PageView

        return schema_org.movie(PageView.of(self))

    # -- edits (each returns a new page; untouched lines keep their bytes) ---
    def _edited(self, lines: Sequence[Line]) -> ReviewPage:
        return ReviewPage(tuple(lines), self.bom)

    def with_credit(self, key: str, names: Sequence[str] | str) -> ReviewPage:
        """Set a credit's value (adding the credit after the last one if missing)."""
        return self._edited(edit.set_credit(self.lines, self.bom, key, names))

    def without_credit(self, key: str) -> ReviewPage:
        """Remove the first credit meaning ``key`` (``KeyError`` if there is none)."""
        return self._edited(edit.remove_credit(self.lines, self.bom, key))

    def with_paragraph(self, index: int, text: str) -> ReviewPage:
        """Replace the text of synopsis paragraph ``index`` (0-based), keeping its ``end``."""
        return self._edited(edit.replace_paragraph(self.lines, self.bom, index, text))

    def with_caption(self, text: str, *, after_paragraph: int = -1) -> ReviewPage:
        """Insert a caption, set off by a blank line, after a synopsis paragraph."""
        return self._edited(
            edit.add_caption(self.lines, self.bom, text, after_paragraph=after_paragraph)
        )
