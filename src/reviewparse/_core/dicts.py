"""A page as a JSON-able dict, and back, with nothing lost.

One object serves two readers. People and tools read the *typed view* at the
top (title, year, directors, credits...), computed from the page. The page
itself travels in ``bom``, ``lines`` and ``diagnostics``: every line record with
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

#: Keys of the typed view, in the order they appear in a record.
TYPED_KEYS = (
    "strict",
    "title",
    "year",
    "directors",
    "stars",
    "writers",
    "music",
    "studio",
    "breadcrumb",
    "captions",
    "synopsis",
    "credits",
)
#: Keys that carry the page itself (what ``page_from_dict`` reads).
LAYOUT_KEYS = ("bom", "lines", "diagnostics")

converter = make_converter(omit_if_default=False)
configure_tagged_union(Line, converter, tag_generator=LINE_KINDS.__getitem__, tag_name="kind")


def typed_view(page: ReviewPage) -> dict[str, Any]:
    """The structured data a reader wants, derived from the page (read-only)."""
    crumb = page.breadcrumb
    return {
        "strict": page.is_strict,
        "title": page.title,
        "year": page.year,
        "directors": list(page.directors),
        "stars": list(page.stars),
        "writers": list(page.writers),
        "music": list(page.music),
        "studio": page.studio,
        "breadcrumb": [c.strip() for c in crumb.crumbs] if crumb is not None else [],
        "captions": list(page.captions),
        "synopsis": page.synopsis,
        "credits": [
            {"key": c.key, "field": c.field, "value": c.text, "names": list(c.names)}
            for c in page.credits
        ],
    }


def page_to_dict(page: ReviewPage) -> dict[str, Any]:
    """The typed view, then the layout (``bom``, tagged ``lines``, ``diagnostics``)."""
    data = typed_view(page)
    data["bom"] = page.bom
    data["lines"] = converter.unstructure(page.lines, tuple[Line, ...])
    data["diagnostics"] = converter.unstructure(page.diagnostics, tuple[Diagnostic, ...])
    return data


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
