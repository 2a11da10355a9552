"""``ReviewPage.to_schema_org()`` and ``reviewparse convert --format jsonld``.

The output is checked against the schema.org rules it relies on (see
docs/dialects.md, "schema.org output"):

1. The top object has ``"@context": "https://schema.org"`` and ``"@type": "Movie"``.
2. Every property is one schema.org defines on the object's type (Movie inherits
   CreativeWork and Thing), and every value is in that property's range:
   Text is a non-empty trimmed string, Integer an int, Date an ISO 8601 date
   (YYYY, YYYY-MM or YYYY-MM-DD, a real day), Duration an ISO 8601 duration
   (``PT1H38M``), and a typed value is an object whose ``@type`` is in the range.
3. JSON-LD lets any property hold one value or a list of values.
4. A Role (PerformanceRole) stands in the place of the value it qualifies and
   carries the same property: ``actor: {"@type": "PerformanceRole", "actor":
   Person, "characterName": Text}``; ``contributor`` roles likewise.
5. A BreadcrumbList's ``itemListElement`` are ListItems numbered 1, 2, 3, ...
6. The dict is plain JSON: it survives ``json.loads(json.dumps(...))`` unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

import reviewparse
from reviewparse._cli import main
from reviewparse._fields.values import iso_duration

PAGES = Path(__file__).parent / "fixtures" / "pages"

# type -> property -> the types in its range (what this library emits; a subset of schema.org)
TYPES: dict[str, dict[str, set[str]]] = {
    "Movie": {
        "name": {"Text"},
        "description": {"Text"},
        "datePublished": {"Date"},
        "director": {"Person"},
        "actor": {"Person", "PerformanceRole"},
        "author": {"Person", "Organization"},
        "musicBy": {"Person", "MusicGroup"},
        "producer": {"Person", "Organization"},
        "productionCompany": {"Organization"},
        "contributor": {"Person", "Organization", "Role"},
        "duration": {"Duration"},
        "genre": {"Text", "URL"},
        "inLanguage": {"Text", "Language"},
        "countryOfOrigin": {"Country"},
        "contentRating": {"Text", "Rating"},
        "image": {"ImageObject", "URL"},
        "mainEntityOfPage": {"WebPage", "URL"},
        "identifier": {"PropertyValue", "Text", "URL"},
    },
    "PropertyValue": {"propertyID": {"Text", "URL"}, "value": {"Text"}},
    "Person": {"name": {"Text"}},
    "Organization": {"name": {"Text"}},
    "Country": {"name": {"Text"}},
    "PerformanceRole": {"actor": {"Person"}, "characterName": {"Text"}},
    "Role": {"roleName": {"Text"}, "contributor": {"Person", "Organization"}},
    "ImageObject": {"caption": {"Text"}},
    "WebPage": {"breadcrumb": {"BreadcrumbList", "Text"}},
    "BreadcrumbList": {"itemListElement": {"ListItem"}},
    "ListItem": {"position": {"Integer"}, "name": {"Text"}},
}
ISO_DURATION = re.compile(
    r"P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(?:\.\d+)?S)?)?"
)
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _is_date(text: str) -> bool:
    if not ISO_DATE.fullmatch(text):
        return False
    parts = [int(part) for part in text.split("-")] + [1, 1]
    try:
        dt.date(*parts[:3])
    except ValueError:
        return False
    return True


SCALARS = {
    "Text": lambda v: isinstance(v, str) and v == v.strip() and bool(v),
    "URL": lambda v: isinstance(v, str) and v.startswith(("http://", "https://")),
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Date": lambda v: isinstance(v, str) and _is_date(v),
    "Duration": lambda v: isinstance(v, str) and ISO_DURATION.fullmatch(v) is not None,
}


def check(value: Any, allowed: set[str], where: str) -> None:
    """Rule 2-5 for one property value (or list of values)."""
    values = value if isinstance(value, list) else [value]
    assert values, f"{where}: empty list"
    for item in values:
        if isinstance(item, dict):
            kind = item.get("@type")
            assert kind in allowed, f"{where}: {kind!r} not in {sorted(allowed)}"
            check_object(item, where)
        else:
            assert any(SCALARS[t](item) for t in allowed if t in SCALARS), f"{where}: {item!r}"


def check_object(obj: dict[str, Any], where: str) -> None:
    properties = TYPES[obj["@type"]]
    for key, value in obj.items():
        if key in ("@type", "@context"):
            continue
        assert key in properties, f"{where}: {obj['@type']} has no property {key!r}"
        check(value, properties[key], f"{where}.{key}")
    if obj["@type"] == "BreadcrumbList":
        positions = [item["position"] for item in obj["itemListElement"]]
        assert positions == list(range(1, len(positions) + 1))


def check_movie(data: dict[str, Any]) -> None:
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Movie"
    check_object(data, "Movie")
    assert json.loads(json.dumps(data)) == data


# ---- the validator itself rejects what the rules forbid --------------------------------
@pytest.mark.parametrize(
    "bad",
    [
        {"@context": "https://schema.org", "@type": "Movie", "duration": "98 min"},
        {"@context": "https://schema.org", "@type": "Movie", "duration": "PT"},
        {"@context": "https://schema.org", "@type": "Movie", "datePublished": "1957-02-30"},
        {"@context": "https://schema.org", "@type": "Movie", "director": "Billy Wilder"},
        {"@context": "https://schema.org", "@type": "Movie", "cinematographer": []},
        {"@context": "https://schema.org", "@type": "Movie", "name": " padded "},
        {"@context": "https://schema.org", "@type": "Movie",
         "actor": [{"@type": "PerformanceRole", "actor": "X", "characterName": "Y"}]},
    ],
)  # fmt: skip
def test_validator_rejects_rule_breakers(bad: dict[str, Any]) -> None:
    with pytest.raises((AssertionError, KeyError)):
        check_movie(bad)


# ---- the reference page ---------------------------------------------------------------
def test_reference_page_as_schema_org(reference_text: str) -> None:
    data = reviewparse.parse(reference_text).to_schema_org()
    check_movie(data)
    assert data["name"] == "Ruby Sparks"
    assert data["datePublished"] == "2012"
    assert data["director"] == [
        {"@type": "Person", "name": "Jonathan Dayton"},
        {"@type": "Person", "name": "Valerie Faris"},
    ]
    assert data["author"] == [{"@type": "Person", "name": "Zoe Kazan"}]
    assert data["musicBy"] == [{"@type": "Person", "name": "Nick Urata"}]
    assert data["productionCompany"] == [{"@type": "Organization", "name": "Fox Searchlight"}]
    assert data["actor"][0] == {
        "@type": "PerformanceRole",
        "actor": {"@type": "Person", "name": "Paul Dano"},
        "characterName": "Calvin",
    }
    assert data["actor"][2] == {"@type": "Person", "name": "Annette Bening"}
    roles = {a["actor"]["name"]: a["characterName"] for a in data["actor"] if "actor" in a}
    assert roles == {
        "Paul Dano": "Calvin",
        "Zoe Kazan": "Ruby",
        "Elliott Gould": "Dr. Rosenthal",
        "Chris Messina": "Harry",
    }
    assert data["image"] == [
        {"@type": "ImageObject", "caption": "Ruby Sparks title card"},
        {"@type": "ImageObject", "caption": "Ruby Sparks poster"},
    ]
    crumbs = data["mainEntityOfPage"]["breadcrumb"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [
        (1, "Home"),
        (2, "2010 - 2019"),
        (3, "Ruby Sparks"),
    ]
    assert data["description"].startswith("Calvin (Paul Dano), at age 19")
    assert "duration" not in data  # the page gives no running time


# ---- every fixture page, and particular values ----------------------------------------
@pytest.mark.parametrize("path", sorted(PAGES.glob("*.txt")), ids=lambda p: p.stem)
def test_every_fixture_page_gives_valid_schema_org(path: Path) -> None:
    check_movie(reviewparse.parse(path.read_bytes().decode("utf-8")).to_schema_org())


def _movie(name: str) -> dict[str, Any]:
    return reviewparse.parse((PAGES / f"{name}.txt").read_bytes().decode("utf-8")).to_schema_org()


def test_duration_and_release_date() -> None:
    assert _movie("runtime-hours")["duration"] == "PT1H38M"
    assert _movie("runtime-clock")["duration"] == "PT1H41M"
    assert _movie("sep-colons")["datePublished"] == "1957-04-20"
    assert _movie("dates-ambiguous")["datePublished"] == "1958"  # the year, not a guess


def test_crew_and_facts() -> None:
    crew = _movie("keys-crew")
    assert crew["producer"] == [
        {"@type": "Person", "name": "Tom Gale"},
        {"@type": "Person", "name": "Ira Stein"},
    ]
    ortega = {"@type": "Person", "name": "Luis Ortega"}
    role = {"@type": "Role", "roleName": "Cinematography", "contributor": ortega}
    assert role in crew["contributor"]
    misc = _movie("aspect-ratio-misc")
    assert misc["inLanguage"] == ["English", "Spanish"]
    assert misc["countryOfOrigin"] == [
        {"@type": "Country", "name": "USA"},
        {"@type": "Country", "name": "Mexico"},
    ]
    assert _movie("bullets-dots")["contentRating"] == "PG-13"


def test_a_bare_page_gives_only_what_it_has() -> None:
    assert reviewparse.parse("Just A Title").to_schema_org() == {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": "Just A Title",
    }
    untitled = reviewparse.parse("Director: Vera Holm\n").to_schema_org()
    assert "name" not in untitled
    check_movie(untitled)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "PT0M"), (45, "PT45M"), (60, "PT1H"), (98, "PT1H38M"), (600, "PT10H")],
)
def test_iso_durations(minutes: int, text: str) -> None:
    assert iso_duration(minutes) == text
    assert ISO_DURATION.fullmatch(text)


def test_lenient_and_odd_pages_still_validate() -> None:
    for text in ["", "\n\n", "Home > A > B\n\n", "Stars Paul Dano\n", "x" * 500, "T\n\nCast\n"]:
        check_movie(reviewparse.parse(text).to_schema_org())


# ---- the CLI ----------------------------------------------------------------------------
def test_convert_format_jsonld(tmp_path: Path) -> None:
    names = ["roles-as", "runtime-hours", "no-title"]
    source = tmp_path / "pages"
    source.mkdir()
    for name in names:
        (source / f"{name}.txt").write_bytes((PAGES / f"{name}.txt").read_bytes())
    out = tmp_path / "movies.out"
    assert main(["convert", str(source), "-o", str(out), "-q", "--format", "jsonld"]) == 0
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == len(names)
    movies = [json.loads(line) for line in lines]
    for movie in movies:
        check_movie(movie)
    # Like every output row, each Movie says which page it came from (sources sort by name).
    for name, movie in zip(sorted(names), movies, strict=True):
        assert movie.pop("identifier") == [
            {"@type": "PropertyValue", "propertyID": "source_id", "value": f"{source}/{name}.txt"},
            {"@type": "PropertyValue", "propertyID": "path", "value": f"{name}.txt"},
        ]
        assert movie == _movie(name)
    by_suffix = tmp_path / "movies.jsonld"
    assert main(["convert", str(source), "-o", str(by_suffix), "-q"]) == 0
    assert by_suffix.read_bytes() == out.read_bytes()


def test_convert_jsonld_from_jsonl_keeps_the_record_id(tmp_path: Path) -> None:
    source = tmp_path / "dump.jsonl"
    text = (PAGES / "roles-as.txt").read_bytes().decode("utf-8")
    source.write_text(json.dumps({"id": "casablanca", "text": text}) + "\n", "utf-8")
    out = tmp_path / "movies.jsonld"
    assert main(["convert", str(source), "-o", str(out), "-q"]) == 0
    (movie,) = map(json.loads, out.read_text("utf-8").splitlines())
    check_movie(movie)
    assert {item["propertyID"]: item["value"] for item in movie["identifier"]} == {
        "source_id": f"{source.as_posix()}:1",
        "path": "casablanca.txt",
        "id": "casablanca",
    }
