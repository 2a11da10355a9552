"""A page as a JSON-able dict, and back, with nothing lost.

One object serves two readers. People and tools read the *typed view* at the
top (``PageView``: title, year, directors, cast, credits...), computed from the
page. The page itself travels in ``bom``, ``lines`` and ``diagnostics``: every line record with
its raw spellings and line endings, tagged by ``kind``. ``page_from_dict`` reads
only those three, so the typed view can never disagree with what renders.

>>> from reviewparse import parse
>>> page = parse("Home > Films > Heat\\r\\n\\r\\nHeat\\r\\n\\r\\nYear - 1995")
>>> data = page_to_dict(page)
>>> data["title"], data["year"], data["lines"][0]["kind"]
('Heat', 1995, 'breadcrumb')
>>> page_from_dict(data) == page
True
"""

from __future__ import annotations

from typing import Any

from cattrs.preconf.json import make_converter
from cattrs.strategies import configure_tagged_union

from reviewparse._core.film import Contributor
from reviewparse._core.page import ReviewPage
from reviewparse._core.records import (
    BlankLines,
    Breadcrumb,
    Caption,
    Clutter,
    Credit,
    Diagnostic,
    Line,
    Paragraph,
    Title,
    Unparsed,
)
from reviewparse._core.schema import LAYOUT_COLUMNS, VIEW_COLUMNS, PageLayout, PageView, plain
from reviewparse._fields.people import CastMember

#: The ``kind`` tag of each line record in JSON.
LINE_KINDS: dict[type, str] = {
    Breadcrumb: "breadcrumb",
    Title: "title",
    Caption: "caption",
    Paragraph: "paragraph",
    Credit: "credit",
    Clutter: "clutter",
    BlankLines: "blank_lines",
    Unparsed: "unparsed",
}

#: Keys of the typed view (``PageView``'s fields), in the order they appear in a record.
TYPED_KEYS: tuple[str, ...] = tuple(column.name for column in VIEW_COLUMNS)
#: Keys that carry the page itself (``PageLayout``'s fields: what ``page_from_dict`` reads).
LAYOUT_KEYS: tuple[str, ...] = tuple(column.name for column in LAYOUT_COLUMNS)

converter = make_converter(omit_if_default=False)
configure_tagged_union(Line, converter, tag_generator=LINE_KINDS.__getitem__, tag_name="kind")
for _pair in (CastMember, Contributor):  # (person, character, note) as an object, not a list
    converter.register_unstructure_hook(_pair, plain)


def typed_view(page: ReviewPage) -> dict[str, Any]:
    """The structured data a reader wants, derived from the page (read-only): ``PageView``."""
    view: dict[str, Any] = converter.unstructure(PageView.of(page))
    return view


def page_to_dict(page: ReviewPage) -> dict[str, Any]:
    """The typed view (``PageView``), then the layout (``bom``, tagged ``lines``, diagnostics)."""
    layout: dict[str, Any] = converter.unstructure(PageLayout.of(page))
    return typed_view(page) | layout


def page_from_dict(data: dict[str, Any]) -> ReviewPage:
    """The page back from ``page_to_dict`` output (typed-view keys are ignored).

    Raises ``ValueError`` naming the problem when the layout is malformed.
    """
    try:
        lines = converter.structure(data["lines"], tuple[Line, ...])
        diagnostics = converter.structure(data.get("diagnostics", []), tuple[Diagnostic, ...])
        bom = data.get("bom", False)
    except KeyError as exc:
        raise ValueError(f"record has no {exc.args[0]!r} field") from None
    except Exception as exc:
        raise ValueError(f"malformed page layout: {_describe(exc)}") from None
    if not isinstance(bom, bool):
        raise ValueError("malformed page layout: 'bom' must be true or false")
    return ReviewPage(lines, bom, diagnostics)


def _describe(exc: BaseException) -> str:
    """A one-line reason from a cattrs error (which nests the real ones)."""
    inner = getattr(exc, "exceptions", None)
    if inner:
        return _describe(inner[0])
    if isinstance(exc, KeyError):
        return f"{exc.args[0]!r} is missing or unknown"
    return str(exc) or type(exc).__name__
