"""A page as a schema.org ``Movie`` in JSON-LD, for search engines and knowledge graphs.

Only what the page says goes in: a property is left out when the page has no
value for it, and the raw credit text is never guessed into a typed value
(a release date that could be two dates gives only its year).
"""

from __future__ import annotations

from typing import Any

from reviewparse._core.schema import PageView
from reviewparse._fields import names as _names
from reviewparse._fields import values as _values

CONTEXT = "https://schema.org"

JsonDict = dict[str, Any]


def _person(name: str) -> JsonDict:
    return {"@type": "Person", "name": name}


def _organization(name: str) -> JsonDict:
    return {"@type": "Organization", "name": name}


def _people(names: tuple[str, ...]) -> list[JsonDict]:
    return [_person(name) for name in names]


def _actors(view: PageView) -> list[JsonDict]:
    """Actors; a PerformanceRole wraps the Person when the character is known."""
    actors: list[JsonDict] = []
    for member in view.cast:
        person = _person(member.person)
        if member.character is None:
            actors.append(person)
        else:
            actors.append(
                {"@type": "PerformanceRole", "actor": person, "characterName": member.character}
            )
    return actors


def _breadcrumb(view: PageView) -> JsonDict | None:
    if not view.breadcrumb:
        return None
    items = [
        {"@type": "ListItem", "position": position, "name": name}
        for position, name in enumerate(view.breadcrumb, start=1)
    ]
    return {"@type": "BreadcrumbList", "itemListElement": items}


def _date_published(view: PageView) -> str | None:
    if view.release_date is not None:
        return view.release_date.isoformat()
    year = view.year
    if year is None:
        text = next((c.value for c in view.credits if c.field == "release_date"), None)
        year = _names.year(text) if text else None
    return f"{year:04d}" if year is not None else None


def _contributors(view: PageView) -> list[JsonDict]:
    """Crew that schema.org's Movie has no property of its own for: roles named after the job."""
    jobs = (("Cinematography", view.cinematographers), ("Film editing", view.editors))
    return [
        {"@type": "Role", "roleName": job, "contributor": _person(name)}
        for job, people in jobs
        for name in people
    ]


def movie(view: PageView) -> JsonDict:
    """The page's facts as a JSON-LD ``Movie`` dict (JSON-ready: str, int, list, dict).

    Each property is the one ``PageView``'s field metadata names (``jsonld``).
    """
    runtime = view.runtime_minutes
    crumbs = _breadcrumb(view)
    fields: JsonDict = {
        "@context": CONTEXT,
        "@type": "Movie",
        "name": view.title,
        "alternateName": view.original_title,
        "datePublished": _date_published(view),
        "director": _people(view.directors),
        "actor": _actors(view),
        "author": _people(view.writers),
        "musicBy": _people(view.music),
        "producer": _people(view.producers),
        "productionCompany": [_organization(name) for name in view.studios],
        "contributor": _contributors(view),
        "duration": _values.iso_duration(runtime) if runtime is not None else None,
        "genre": list(view.genres),
        "inLanguage": list(view.languages),
        "countryOfOrigin": [{"@type": "Country", "name": name} for name in view.countries],
        "contentRating": view.rating,
        "description": view.synopsis or None,
        "image": [{"@type": "ImageObject", "caption": text} for text in view.captions],
        "mainEntityOfPage": (
            {"@type": "WebPage", "breadcrumb": crumbs} if crumbs is not None else None
        ),
    }
    return {key: value for key, value in fields.items() if value not in (None, [], "")}
