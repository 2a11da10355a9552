"""The typed view of a page: which records speak for its film, and what they say.

A page may name several films (an archive, a programme, a top-ten list); its
typed fields are those of the **first** film: the lines from the top to the
second title. Within them, each field is read from the best source there is,
in order: a credit whose key names the field (the first one decides, even when
empty: a ``Director:`` with no name below is no director), then what the
title line says beside the title (``X (1957)``, ``X | 107 Min.``), then an
unlabelled data line (``2017 / 90m - Japan``), then credits whose value holds
the fact in passing (``produkcja: Polska 2002``, ``製作:2020年/日本/128分``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import NamedTuple

from reviewparse._core.records import (
    Caption,
    Clutter,
    Credit,
    Line,
    Paragraph,
    Title,
    credits_of,
)
from reviewparse._fields import headings, names, shapes, values
from reviewparse._fields.lexicon import PEOPLE_FIELDS, Lexicon
from reviewparse._fields.people import CastMember, cast


class Contributor(NamedTuple):
    """(person, note): someone a credit names, with what it says beside the name."""

    person: str
    note: str | None = None


# Credits whose value may hold a year or a running time in passing.
_DATA_FIELDS = ("studio", "release_date", "country", "genre")


class Film:
    """The first film of a page, read from its records (computed once, on demand)."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = _first_film(lines)

    @cached_property
    def credits(self) -> tuple[Credit, ...]:
        return tuple(credit for line in self.lines for credit in credits_of(line))

    @cached_property
    def title_line(self) -> Title | None:
        return next((line for line in self.lines if isinstance(line, Title)), None)

    @cached_property
    def heading(self) -> headings.Heading | None:
        return self.title_line.heading if self.title_line is not None else None

    @cached_property
    def _data_lines(self) -> list[str]:
        """The unlabelled data lines after the title (``2017 / 90m - Japan``)."""
        found: list[str] = []
        after = self.title_line is None
        for line in self.lines:
            if line is self.title_line:
                after = True
            elif (
                after
                and isinstance(line, Caption | Clutter | Paragraph | Title)
                and len(line.text) <= 160
                and headings.data(line.text) is not None
            ):
                found.append(line.text)
        return found

    @cached_property
    def data(self) -> tuple[int | None, int | None]:
        """(year, running time) from the first unlabelled data lines after the title."""
        year: int | None = None
        runtime: int | None = None
        for line in self._data_lines:
            found = headings.data(line)
            if found is not None:
                year = year or found[0]
                runtime = runtime or found[1]
        return year, runtime

    def first(self, field: str) -> Credit | None:
        """The first credit whose key names ``field``."""
        for credit in self.credits:
            if field in credit.fields:
                return credit
        return None

    def all(self, field: str) -> Iterator[Credit]:
        return (credit for credit in self.credits if field in credit.fields)

    def names(self, field: str) -> tuple[str, ...]:
        credit = self.first(field)
        if credit is not None:
            return credit.names
        return self.crew(field) or self.keyed(field)

    def contributors(self, field: str) -> tuple[Contributor, ...]:
        """``names(field)`` with the notes the first credit gives (``X (screenplay)``)."""
        credit = self.first(field)
        if credit is not None and field in PEOPLE_FIELDS:
            return tuple(Contributor(name, note) for name, note in credit.people)
        return tuple(Contributor(name) for name in self.names(field))

    @cached_property
    def _keyed(self) -> list[tuple[tuple[str, ...], str]]:
        """Credits in the title line beside the title and in data lines (``– реж. X``)."""
        lexicon = Lexicon.default()
        found = headings.keyed(self.heading.rest, lexicon) if self.heading is not None else []
        for line in self._data_lines:
            found += headings.keyed(line, lexicon)
        return found

    def keyed(self, field: str) -> tuple[str, ...]:
        for fields, value in self._keyed:
            if field in fields:
                return tuple(name for name, _ in names.people([value]))
        return ()

    def crew(self, field: str) -> tuple[str, ...]:
        """People a crew credit lists with this job (``Jiří Menzel (Director)``)."""
        lexicon = Lexicon.default()
        found: list[str] = []
        for credit in self.all("crew"):
            pieces = credit.pieces
            for at, piece in enumerate(pieces):
                if lexicon.fields_of(piece):
                    continue  # a job, under the name it belongs to
                job = pieces[at + 1] if at + 1 < len(pieces) else ""
                for name, note in names.people([piece]):
                    jobs = lexicon.fields_of(note or job)
                    if field in jobs and name not in found:
                        found.append(name)
        return tuple(found)

    @cached_property
    def year(self) -> int | None:
        credit = self.first("year")
        if credit is not None:
            return names.year(credit.text) if credit.text else None
        if self.heading is not None and self.heading.year is not None:
            return self.heading.year
        for credit in self.all("release_date"):
            found = values.is_only_year(credit.text)
            if found is not None:
                return found
        data_year = self.data[0]
        if data_year is not None:
            return data_year
        for credit in self.credits:
            if credit.field in ("studio",) and credit.text:
                found = names.year(credit.text)
                if found is not None:
                    return found
        return None

    @cached_property
    def runtime_minutes(self) -> int | None:
        credit = self.first("runtime")
        if credit is not None:
            return values.runtime_minutes(credit.text) if credit.text else None
        if self.heading is not None and self.heading.runtime is not None:
            return self.heading.runtime
        if self.data[1] is not None:
            return self.data[1]
        for credit in self.credits:
            if credit.text and credit.field not in ("release_date", "rating"):
                found = values.runtime_minutes(credit.text, unit_required=True)
                if found is not None and found >= 20:
                    return found
        return None

    @cached_property
    def release_date(self) -> datetime.date | None:
        credit = self.first("release_date")
        return values.release_date(credit.text) if credit is not None and credit.text else None

    @cached_property
    def rating(self) -> str | None:
        """The rating credit's certificate, not a score (``3.5/5``) or the data after it."""
        text = self.text("rating")
        if text is None:
            return None
        value = names.cut_at_prose(text).rstrip(".").strip()
        return None if not value or shapes.is_score(value) else value

    def text(self, field: str) -> str | None:
        credit = self.first(field)
        return (credit.text or None) if credit is not None else None

    @cached_property
    def cast(self) -> tuple[CastMember, ...]:
        stars = [credit.cast_members for credit in self.all("stars")]
        prose = (line.text for line in self.lines if isinstance(line, Paragraph))
        return cast(stars, prose)


def _first_film(lines: Sequence[Line]) -> tuple[Line, ...]:
    titles = 0
    for index, line in enumerate(lines):
        if isinstance(line, Title):
            titles += 1
            if titles == 2:
                return tuple(lines[:index])
    return tuple(lines)
