"""A page as a schema.org ``Movie`` in JSON-LD, for search engines and knowledge graphs.

Only what the page says goes in: a property is left out when the page has no
value for it, and the raw credit text is never guessed into a typed value
(a release date that could be two dates gives only its year).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reviewparse._fields import names as _names
from reviewparse._fields import values as _values

if TYPE_CHECKING:
    from reviewparse._core.page import ReviewPage

CONTEXT = "https://schema.org"
# Credits that schema.org's Movie has no property of their own for: they go in
# as ``contributor`` roles named after the credit.
_ROLE_NAMES = {"cinematography": "Cinematography", "editing": "Film editing"}

JsonDict = dict[str, Any]


def _person(name: str) -> JsonDict:
    return {"@type": "Person", "name": name}


def _organization(name: str) -> JsonDict:
    return {"@type": "Organization", "name": name}


def _people(names: tuple[str, ...]) -> list[JsonDict]:
    return [_person(name) for name in names]


def _actors(page: ReviewPage) -> list[JsonDict]:
    """Actors; a PerformanceRole wraps the Person when the character is known."""
    actors: list[JsonDict] = []
    for member in page.cast:
        person = _person(member.person)
        if member.role is None:
            actors.append(person)
        else:
            actors.append(
                {"@type": "PerformanceRole", "actor": person, "characterName": member.role}
            )
    return actors


def _breadcrumb(page: ReviewPage) -> JsonDict | None:
    crumb = page.breadcrumb
    if crumb is None:
        return None
    items = [
        {"@type": "ListItem", "position": position, "name": name}
        for position, name in enumerate(crumb.crumbs, start=1)
    ]
    return {"@type": "BreadcrumbList", "itemListElement": items}


def _date_published(page: ReviewPage) -> str | None:
    released = page.release_date
    if released is not None:
        return released.isoformat()
    year = page.year
    if year is None:
        text = page.credits.text("release_date")
        year = _names.year(text) if text else None
    return f"{year:04d}" if year is not None else None


def movie(page: ReviewPage) -> JsonDict:
    """The page's facts as a JSON-LD ``Movie`` dict (JSON-ready: str, int, list, dict)."""
    runtime = page.runtime_minutes
    crumbs = _breadcrumb(page)
    studios = page.credits.names("studio")
    contributors = [
        {"@type": "Role", "roleName": role_name, "contributor": _person(name)}
        for field, role_name in _ROLE_NAMES.items()
        for name in page.credits.names(field)
    ]
    fields: JsonDict = {
        "@context": CONTEXT,
        "@type": "Movie",
        "name": page.title,
        "datePublished": _date_published(page),
        "director": _people(page.directors),
        "actor": _actors(page),
        "author": _people(page.writers),
        "musicBy": _people(page.music),
        "producer": _people(page.producers),
        "productionCompany": [_organization(name) for name in studios],
        "contributor": contributors,
        "duration": _values.iso_duration(runtime) if runtime is not None else None,
        "genre": list(page.genres),
        "inLanguage": list(page.languages),
        "countryOfOrigin": [{"@type": "Country", "name": name} for name in page.countries],
        "contentRating": page.rating,
        "description": page.synopsis or None,
        "image": [{"@type": "ImageObject", "caption": text} for text in page.captions],
        "mainEntityOfPage": (
            {"@type": "WebPage", "breadcrumb": crumbs} if crumbs is not None else None
        ),
    }
    return {key: value for key, value in fields.items() if value not in (None, [], "")}
