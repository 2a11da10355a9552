"""One description of a converted page: the fields every output format writes.

``PageView`` is the typed view of a page as a record: one attrs field per fact
``ReviewPage`` reads (``title``, ``release_date``, ``cast``...), typed with the
Python type the page gives. ``PageLayout`` is what ``render`` needs (``bom`` and
the line records). Each field's metadata says which ``ReviewPage`` attribute
fills it and which schema.org property, if any, carries it in JSON-LD.

No format keeps a list of its own: ``columns()`` reads these classes' fields
and types, and each format maps a ``Column`` to its native type (Arrow's
``date32`` and ``list<struct<...>>``, a SQLite child table, a CSV cell).
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Callable
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, Literal

import attrs
from attrs import field, frozen

from reviewparse._core.film import Contributor
from reviewparse._core.records import Breadcrumb, Credit, Diagnostic, Line, Paragraph, Unparsed
from reviewparse._fields.people import CastMember

if TYPE_CHECKING:
    from reviewparse._core.page import Credits, ReviewPage

#: The scalar kinds a column or a struct member can hold; ``lines`` is the page's
#: line records, which tables keep as one JSON text (``page_to_dict``'s ``lines``).
Scalar = Literal["string", "integer", "boolean", "date", "lines"]

_SCALARS: dict[Any, Scalar] = {
    str: "string",
    int: "integer",
    bool: "boolean",
    datetime.date: "date",
}


@frozen
class CreditCell:
    """One credit as the formats write it: the key as written, its field, tidy value, names."""

    key: str
    field: str | None
    value: str
    names: tuple[str, ...]

    @classmethod
    def of(cls, credit: Credit) -> CreditCell:
        return cls(credit.key, credit.field, credit.text, credit.names)


def _fact(
    jsonld: str | None,
    *,
    attr: str | None = None,
    read: Callable[[Any], Any] | None = None,
    people: bool = False,
) -> dict[str, Any]:
    """A ``PageView`` field's metadata: it is read from ``ReviewPage.<attr>`` (or its name).

    ``read`` turns that attribute's value into the field's (records to their text).
    ``jsonld`` names the schema.org property that carries the fact in JSON-LD
    (None: schema.org's ``Movie`` has none for it); ``people`` marks a list of
    people's names (SQLite keeps them in its ``people`` table).
    """
    return {"jsonld": jsonld, "attr": attr, "read": read, "people": people}


def _crumbs(crumb: Breadcrumb | None) -> tuple[str, ...]:
    return tuple(c.strip() for c in crumb.crumbs) if crumb is not None else ()


def _texts(lines: tuple[Paragraph | Unparsed, ...]) -> tuple[str, ...]:
    return tuple(line.text for line in lines)


def _items(credits: Credits) -> tuple[Credit, ...]:
    return credits.items


@frozen
class PageView:
    """The typed view of a page, as every output format writes it (field order = column order)."""

    strict: bool = field(metadata=_fact(None, attr="is_strict"))
    title: str | None = field(metadata=_fact("name"))
    original_title: str | None = field(metadata=_fact("alternateName"))
    year: int | None = field(metadata=_fact("datePublished"))
    release_date: datetime.date | None = field(metadata=_fact("datePublished"))
    runtime_minutes: int | None = field(metadata=_fact("duration"))
    directors: tuple[str, ...] = field(metadata=_fact("director", people=True))
    cast: tuple[CastMember, ...] = field(metadata=_fact("actor"))
    stars: tuple[str, ...] = field(metadata=_fact("actor", people=True))
    writers: tuple[str, ...] = field(metadata=_fact("author", people=True))
    writing_credits: tuple[Contributor, ...] = field(metadata=_fact("author"))
    music: tuple[str, ...] = field(metadata=_fact("musicBy", people=True))
    producers: tuple[str, ...] = field(metadata=_fact("producer", people=True))
    cinematographers: tuple[str, ...] = field(metadata=_fact("contributor", people=True))
    editors: tuple[str, ...] = field(metadata=_fact("contributor", people=True))
    studio: str | None = field(metadata=_fact("productionCompany"))
    studios: tuple[str, ...] = field(metadata=_fact("productionCompany"))
    distributors: tuple[str, ...] = field(metadata=_fact(None))
    genres: tuple[str, ...] = field(metadata=_fact("genre"))
    countries: tuple[str, ...] = field(metadata=_fact("countryOfOrigin"))
    languages: tuple[str, ...] = field(metadata=_fact("inLanguage"))
    rating: str | None = field(metadata=_fact("contentRating"))
    budget: str | None = field(metadata=_fact(None))
    box_office: str | None = field(metadata=_fact(None))
    aspect_ratio: str | None = field(metadata=_fact(None))
    credits: tuple[CreditCell, ...] = field(metadata=_fact(None, read=_items))
    extra_credits: tuple[CreditCell, ...] = field(metadata=_fact(None))
    breadcrumb: tuple[str, ...] = field(metadata=_fact("mainEntityOfPage", read=_crumbs))
    captions: tuple[str, ...] = field(metadata=_fact("image"))
    synopsis: str = field(metadata=_fact("description"))
    paragraphs: tuple[str, ...] = field(metadata=_fact(None, read=_texts))
    unparsed: tuple[str, ...] = field(metadata=_fact(None, read=_texts))

    @classmethod
    def of(cls, page: ReviewPage) -> PageView:
        """The page's view: each field read from the ``ReviewPage`` attribute it names."""
        values = {}
        for spec in _VIEW_FIELDS:
            value = getattr(page, spec.metadata["attr"] or spec.name)
            read = spec.metadata["read"]
            values[spec.name] = _cell(read(value) if read is not None else value)
        return cls(**values)


def _cell(value: Any) -> Any:
    """A page attribute's value as a view field holds it (credits as ``CreditCell``)."""
    if isinstance(value, Credit):
        return CreditCell.of(value)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_cell(item) for item in value)
    return value


@frozen
class PageLayout:
    """The page itself, as ``page_from_dict`` reads it: BOM, line records, diagnostics.

    ``bom`` and ``lines`` are what ``render`` needs; the diagnostics travel
    with them so a page read back need not run the strict check again.
    """

    bom: bool
    lines: tuple[Line, ...] = field(metadata={"scalar": "lines"})
    diagnostics: tuple[Diagnostic, ...]

    @classmethod
    def of(cls, page: ReviewPage) -> PageLayout:
        return cls(page.bom, page.lines, page.diagnostics)


@frozen
class Column:
    """A field as formats see it: a scalar, or a list of scalars or of structs.

    ``scalar`` is the kind of a scalar column or of a list's items; ``members``
    are a struct item's own columns (then ``scalar`` is None); ``nullable`` says
    the value (not the list) may be missing.
    """

    name: str
    scalar: Scalar | None
    repeated: bool = False
    nullable: bool = False
    members: tuple[Column, ...] = ()
    jsonld: str | None = None
    people: bool = False  # a person's name, or a list of them

    @property
    def is_struct(self) -> bool:
        return self.scalar is None


def columns(cls: type) -> tuple[Column, ...]:
    """The columns of an attrs class or NamedTuple, from its fields' types."""
    hints = typing.get_type_hints(cls)
    if attrs.has(cls):
        specs = [(spec.name, dict(spec.metadata)) for spec in attrs.fields(cls)]
    else:
        specs = [(name, {}) for name in cls._fields]  # type: ignore[attr-defined]
    return tuple(_column(name, hints[name], metadata) for name, metadata in specs)


def _column(name: str, hint: Any, metadata: dict[str, Any]) -> Column:
    nullable = False
    if typing.get_origin(hint) in (typing.Union, UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not NoneType]
        nullable = len(options) < len(typing.get_args(hint))
        (hint,) = options
    repeated = typing.get_origin(hint) is tuple
    item = typing.get_args(hint)[0] if repeated else hint
    jsonld = metadata.get("jsonld")
    people = metadata.get("people", False) or name == "person"
    if "scalar" in metadata:
        return Column(name, metadata["scalar"], nullable=nullable, jsonld=jsonld)
    if item in _SCALARS:
        return Column(name, _SCALARS[item], repeated, nullable, jsonld=jsonld, people=people)
    return Column(name, None, repeated, nullable, columns(item), jsonld)


def plain(value: Any) -> Any:
    """A view value as plain Python data: structs as dicts, tuples as lists; dates stay."""
    if attrs.has(type(value)):
        return {spec.name: plain(getattr(value, spec.name)) for spec in attrs.fields(type(value))}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: plain(item) for name, item in zip(value._fields, value, strict=True)}
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    return value


_VIEW_FIELDS = attrs.fields(PageView)
#: The view's columns and the layout's, in the order formats write them.
VIEW_COLUMNS: tuple[Column, ...] = columns(PageView)
LAYOUT_COLUMNS: tuple[Column, ...] = columns(PageLayout)
