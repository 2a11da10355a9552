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
        "alternateName": {"Text"},
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
def _graph(path: Path) -> list[dict[str, Any]]:
    """The nodes of a ``.jsonld`` document, each given the document's ``@context``."""
    document = json.loads(path.read_text("utf-8"))
    assert set(document) == {"@context", "@graph"}
    return [{"@context": document["@context"], **node} for node in document["@graph"]]


def test_convert_jsonld_writes_one_document(tmp_path: Path) -> None:
    names = ["roles-as", "runtime-hours", "no-title"]
    source = tmp_path / "pages"
    source.mkdir()
    for name in names:
        (source / f"{name}.txt").write_bytes((PAGES / f"{name}.txt").read_bytes())
    out = tmp_path / "movies.jsonld"
    assert main(["convert", str(source), "-o", str(out), "-q"]) == 0
    nodes = _graph(out)
    assert len(nodes) == len(names)
    # Like every output row, each node says which page it came from (sources sort by name).
    for name, node in zip(sorted(names), nodes, strict=True):
        assert node.pop("identifier") == [
            {"@type": "PropertyValue", "propertyID": "source_id", "value": f"{source}/{name}.txt"},
            {"@type": "PropertyValue", "propertyID": "path", "value": f"{name}.txt"},
        ]
        movie = _movie(name)
        if "name" in movie:
            check_movie(node)
            assert node == movie
        else:  # no title: a WebPage with the page's breadcrumb, never a nameless Movie
            assert node["@type"] == "WebPage"
            assert node.get("breadcrumb") == movie.get("mainEntityOfPage", {}).get("breadcrumb")
    lines = tmp_path / "movies.out"
    assert main(["convert", str(source), "-o", str(lines), "-q", "--format", "jsonld-lines"]) == 0
    assert [json.loads(line) for line in lines.read_text("utf-8").splitlines()] == _graph(out)


def test_convert_jsonld_from_jsonl_keeps_the_record_id_and_extra_fields(tmp_path: Path) -> None:
    source = tmp_path / "dump.jsonl"
    text = (PAGES / "roles-as.txt").read_bytes().decode("utf-8")
    row = {"id": "casablanca", "text": text, "url": "https://example.org/c", "rank": 3}
    source.write_text(json.dumps(row) + "\n", "utf-8")
    out = tmp_path / "movies.jsonld"
    assert main(["convert", str(source), "-o", str(out), "-q"]) == 0
    (movie,) = _graph(out)
    check_movie(movie)
    assert {item["propertyID"]: item["value"] for item in movie["identifier"]} == {
        "source_id": f"{source.as_posix()}:1",
        "path": "casablanca.txt",
        "id": "casablanca",
        "url": "https://example.org/c",
        "rank": "3",
    }


# ---- a JSON-LD processor reads the document -------------------------------------------
SCHEMA = "http://schema.org/"


def _expanded(path: Path) -> list[dict[str, Any]]:
    """The document expanded by pyld. The schema.org context is served locally (tests
    have no network): ``@vocab`` maps every term to schema.org, as the real context does."""
    jsonld = pytest.importorskip("pyld.jsonld")

    def loader(url: str, options: dict[str, Any]) -> dict[str, Any]:
        assert url.rstrip("/") == "https://schema.org"
        context = {"@context": {"@vocab": SCHEMA}}
        return {"contextUrl": None, "documentUrl": url, "document": context}

    document = json.loads(path.read_text("utf-8"))
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": loader})
    return expanded


def _values(node: dict[str, Any], term: str) -> list[Any]:
    return node.get(SCHEMA + term, [])


def test_a_json_ld_processor_reads_movies_people_roles_and_durations(tmp_path: Path) -> None:
    source = tmp_path / "pages"
    source.mkdir()
    for path in sorted(PAGES.glob("*.txt")):
        (source / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "movies.jsonld"
    assert main(["convert", str(source), "-o", str(out), "-q"]) == 0
    nodes = _expanded(out)
    assert len(nodes) == len(list(PAGES.glob("*.txt")))
    by_path = {}
    for node in nodes:
        ids = {_values(v, "propertyID")[0]["@value"]: _values(v, "value")[0]["@value"]
               for v in _values(node, "identifier")}  # fmt: skip
        by_path[ids["path"]] = node
    characters = durations = 0
    for path in sorted(PAGES.glob("*.txt")):
        page = reviewparse.parse(path.read_bytes().decode("utf-8"))
        node = by_path[path.name]
        if page.title is None:
            assert node["@type"] == [SCHEMA + "WebPage"]
            assert _values(node, "name") == []
            continue
        assert node["@type"] == [SCHEMA + "Movie"]
        assert [v["@value"] for v in _values(node, "name")] == [page.title]
        for director in _values(node, "director"):
            assert director["@type"] == [SCHEMA + "Person"]
        assert len(_values(node, "director")) == len(page.directors)
        for actor, member in zip(_values(node, "actor"), page.cast, strict=True):
            if member.character is None:
                assert actor["@type"] == [SCHEMA + "Person"]
                continue
            characters += 1
            assert actor["@type"] == [SCHEMA + "PerformanceRole"]
            assert _values(actor, "characterName") == [{"@value": member.character}]
            assert _values(_values(actor, "actor")[0], "name") == [{"@value": member.person}]
        if page.runtime_minutes is not None:
            durations += 1
            (duration,) = _values(node, "duration")
            assert ISO_DURATION.fullmatch(duration["@value"])
            assert duration["@value"] == iso_duration(page.runtime_minutes)
    assert characters and durations  # the fixtures have both
