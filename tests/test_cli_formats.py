"""Every output format, read back with its own reader: one schema, every field, native types.

The dump is JSON Lines whose rows also carry fields reviewparse does not read (a
``url``, a crawl record): they come out in every format under ``source_fields``.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import json
import sqlite3
from functools import cached_property
from pathlib import Path
from typing import Any

import attrs
import pytest
from cli_support import make_pages

import reviewparse
from reviewparse import ReviewPage
from reviewparse._cli import main
from reviewparse._convert.outputs import FORMATS, ROW_COLUMNS
from reviewparse._convert.outputs.sqlite import LIST_COLUMNS, PAGE_COLUMNS, item_columns
from reviewparse._core.dicts import page_from_dict
from reviewparse._core.schema import PageLayout, PageView

# A page that gives every fact of the typed view (written for this test).
RICH = """Home > Reviews > 2019 > The Glass Orchard

The Glass Orchard

Original title: Le Verger de verre
Year: 2019
Release date: 14 March 2019
Runtime: 1 hour, 52 minutes
Director: Claire Dumont
Writers: Claire Dumont (screenplay), Paul Serre (novel)
Cast: Léa Martin as Jeanne, Marc Olivier as Father Anselme, Sami Haddad
Music: Yann Korr
Producer: Hélène Brac
Cinematography: Nadia Osei
Editing: Tom Reuben
Production company: Verger Films, North Light
Distributor: Lumen Pictures
Genre: Drama, Mystery
Country: France, Belgium
Language: French
Rating: PG-13
Budget: 4 million euros
Box office: 9.1 million dollars
Aspect ratio: 2.39:1
Set Decoration: Ines Vall

The Glass Orchard poster

A glassblower's daughter returns to the village where her father's glass orchard stands.
"""
LENIENT = "Title\n\nYear - 2001\nStars Nobody Here\nDirector - Ana\x00Reyes\n"
UNTITLED = "Director: Vera Holm\n"
URL = "https://films.example/reviews/{}"


def _rows() -> list[dict[str, Any]]:
    texts = {"rich": RICH, "lenient": LENIENT, "untitled": UNTITLED}
    for rel, data in make_pages(30).items():
        text = data.decode("utf-16") if data.startswith(b"\xff\xfe") else data.decode("utf-8")
        texts[rel.replace("/", "-").removesuffix(".txt")] = text
    return [
        {"id": name, "text": text, "url": URL.format(name), "crawl": {"n": n, "ok": True}}
        for n, (name, text) in enumerate(texts.items())
    ]


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, ReviewPage]]:
    """The dump's path, and each record's ``path`` with the page it must give."""
    path = tmp_path_factory.mktemp("formats") / "dump.jsonl"
    rows = _rows()
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), "utf-8")
    return path, {row["id"] + ".txt": reviewparse.parse(row["text"]) for row in rows}


def convert(source: Path, out: Path, *extra: str) -> None:
    assert main(["convert", str(source), "-o", str(out), "-q", "--jobs", "2", *extra]) == 0


def source_fields(path: str) -> dict[str, Any]:
    name = path.removesuffix(".txt")
    number = [row["id"] for row in _rows()].index(name)
    return {"url": URL.format(name), "crawl": {"n": number, "ok": True}}


# -- the schema ---------------------------------------------------------------------------
def _typed_attributes() -> set[str]:
    """Every public fact ``ReviewPage`` offers: its fields and (cached) properties."""
    names = {spec.alias for spec in attrs.fields(ReviewPage)} - {"diagnostics"}
    for name, member in inspect.getmembers(ReviewPage):
        if not name.startswith("_") and isinstance(member, property | cached_property):
            names.add(name)
    return names - {"film"}  # the reading machinery, not a fact


def test_every_typed_field_of_review_page_is_a_column() -> None:
    read = {spec.metadata["attr"] or spec.name for spec in attrs.fields(PageView)}
    read |= {spec.name for spec in attrs.fields(PageLayout)}
    assert _typed_attributes() - read == set()


def test_the_check_sees_a_property_the_schema_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReviewPage, "tagline", property(lambda page: None), raising=False)
    assert "tagline" in _typed_attributes()


def test_every_format_is_a_plugin_of_the_entry_point_group() -> None:
    from importlib.metadata import entry_points

    points = {point.name: point.value for point in entry_points(group="reviewparse.formats")}
    assert set(FORMATS) <= set(points)
    for name, fmt in FORMATS.items():
        assert fmt.name == name
        assert points[name].startswith("reviewparse._convert.outputs.")


# -- each format has every column -----------------------------------------------------------
def test_jsonl_and_json_records_have_every_column_in_order(
    dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path
) -> None:
    source, pages = dump
    convert(source, tmp_path / "pages.jsonl")
    convert(source, tmp_path / "pages.json")
    records = [
        json.loads(line)
        for line in (tmp_path / "pages.jsonl").read_text("utf-8").split("\n")
        if line
    ]
    assert json.loads((tmp_path / "pages.json").read_text("utf-8")) == records
    assert [r["path"] for r in records] == list(pages)
    for record in records:
        page = pages[record["path"]]
        assert list(record) == [column.name for column in ROW_COLUMNS]
        assert page_from_dict(record) == page
        assert record["source_fields"] == source_fields(record["path"])
        released = page.release_date
        assert record["release_date"] == (released.isoformat() if released else None)
        assert record["runtime_minutes"] == page.runtime_minutes
        assert record["cast"] == [m._asdict() for m in page.cast]
        assert record["writing_credits"] == [c._asdict() for c in page.writing_credits]
        assert record["genres"] == list(page.genres)
        assert record["unparsed"] == [line.text for line in page.unparsed]
        assert len(record["diagnostics"]) == len(page.diagnostics)


def split(cell: str) -> list[str]:
    """The documented CSV list rule: one item per line, empty cell = empty list."""
    return cell.split("\n") if cell else []


def test_csv_has_every_column_and_follows_the_list_rule(
    dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path
) -> None:
    source, pages = dump
    convert(source, tmp_path / "pages.csv")
    with (tmp_path / "pages.csv").open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    assert reader.fieldnames == [column.name for column in ROW_COLUMNS]
    assert [row["path"] for row in rows] == list(pages)
    for row in rows:
        page = pages[row["path"]]
        assert row["title"] == (page.title or "")
        assert row["year"] == ("" if page.year is None else str(page.year))
        assert row["release_date"] == (page.release_date.isoformat() if page.release_date else "")
        assert row["strict"] == ("true" if page.is_strict else "false")
        assert split(row["directors"]) == list(page.directors)
        assert [json.loads(item) for item in split(row["cast"])] == [m._asdict() for m in page.cast]
        assert [json.loads(item)["key"] for item in split(row["credits"])] == [
            c.key for c in page.credits
        ]
        fields = {
            item["key"]: json.loads(item["value"])
            for item in map(json.loads, split(row["source_fields"]))
        }
        assert fields == source_fields(row["path"])
        layout = {"lines": json.loads(row["lines"]), "bom": row["bom"] == "true"}
        assert page_from_dict(layout) == page  # CSV carries the lossless part too


def test_parquet_has_native_types_that_duckdb_reads_without_casting(
    dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    duckdb = pytest.importorskip("duckdb")
    source, pages = dump
    out = tmp_path / "pages.parquet"
    convert(source, out)
    schema = pq.read_schema(out)
    assert schema.names == [column.name for column in ROW_COLUMNS]
    assert schema.field("year").type == pa.int32()
    assert schema.field("runtime_minutes").type == pa.int32()
    assert schema.field("release_date").type == pa.date32()
    assert schema.field("directors").type == pa.list_(pa.string())
    cast = schema.field("cast").type.value_type
    assert [cast.field(i).name for i in range(cast.num_fields)] == ["person", "character", "note"]
    types = {row[0]: row[1] for row in duckdb.sql(f"DESCRIBE SELECT * FROM '{out}'").fetchall()}
    assert (types["year"], types["release_date"], types["directors"]) == (
        "INTEGER",
        "DATE",
        "VARCHAR[]",
    )
    rows = duckdb.sql(
        f"""SELECT path, year + 1, release_date + INTERVAL 1 DAY, member.person, member.character
        FROM (SELECT path, year, release_date, unnest("cast") AS member FROM '{out}')
        WHERE member.character IS NOT NULL ORDER BY path, member.person"""
    ).fetchall()
    expected = sorted(
        (
            path,
            page.year + 1 if page.year is not None else None,
            page.release_date + dt.timedelta(days=1) if page.release_date else None,
            member.person,
            member.character,
        )
        for path, page in pages.items()
        for member in page.cast
        if member.character is not None
    )
    assert [(p, y, d.date() if d else None, n, c) for p, y, d, n, c in rows] == expected
    assert ("rich.txt", 2020, dt.date(2019, 3, 15), "Léa Martin", "Jeanne") in expected
    table = pq.read_table(out).to_pylist()
    for row in table:
        page = pages[row["path"]]
        assert page_from_dict({"lines": json.loads(row["lines"]), "bom": row["bom"]}) == page
        assert row["release_date"] == page.release_date
        assert {f["key"]: json.loads(f["value"]) for f in row["source_fields"]} == source_fields(
            row["path"]
        )


def test_sqlite_has_a_table_per_list_with_foreign_keys(
    dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path
) -> None:
    source, pages = dump
    out = tmp_path / "pages.sqlite"
    convert(source, out)
    db = sqlite3.connect(out)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"pages", "people"} | {column.name for column in LIST_COLUMNS}
    page_columns = [row[1] for row in db.execute("PRAGMA table_info(pages)")]
    assert page_columns == ["page_id", *(column.name for column in PAGE_COLUMNS)]
    for column in LIST_COLUMNS:
        keys = db.execute(f'PRAGMA foreign_key_list("{column.name}")').fetchall()
        assert ("pages", "page_id") in {(key[2], key[3]) for key in keys}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    seen = []
    for page_id, path, year, released, lines, bom in db.execute(
        "SELECT page_id, path, year, release_date, lines, bom FROM pages"
    ):
        page = pages[path]
        seen.append(path)
        assert year == page.year
        assert released == (page.release_date.isoformat() if page.release_date else None)
        assert page_from_dict({"lines": json.loads(lines), "bom": bool(bom)}) == page
        cast = db.execute(
            'SELECT name, character, note FROM "cast" JOIN people USING (person_id)'
            " WHERE page_id = ? ORDER BY position",
            (page_id,),
        ).fetchall()
        assert cast == [tuple(member) for member in page.cast]
        directors = db.execute(
            "SELECT name FROM directors JOIN people USING (person_id)"
            " WHERE page_id = ? ORDER BY position",
            (page_id,),
        ).fetchall()
        assert [name for (name,) in directors] == list(page.directors)
        genres = db.execute(
            "SELECT value FROM genres WHERE page_id = ? ORDER BY position", (page_id,)
        ).fetchall()
        assert [value for (value,) in genres] == list(page.genres)
        fields = db.execute(
            "SELECT key, value FROM source_fields WHERE page_id = ? ORDER BY position", (page_id,)
        ).fetchall()
        assert {key: json.loads(value) for key, value in fields} == source_fields(path)
    assert seen == list(pages)
    members = {column.name: item_columns(column) for column in LIST_COLUMNS}
    assert [m.name for m in members["credits"]] == ["key", "field", "value", "names"]


def test_jsonld_names_every_fact_schema_org_has_a_property_for(
    dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path
) -> None:
    source, pages = dump
    out = tmp_path / "pages.jsonld"
    convert(source, out)
    document = json.loads(out.read_text("utf-8"))
    assert document["@context"] == "https://schema.org"
    nodes = document["@graph"]
    assert len(nodes) == len(pages)
    rich = next(node for node in nodes if node.get("name") == "The Glass Orchard")
    wanted = {column.jsonld for column in ROW_COLUMNS if column.jsonld is not None}
    assert wanted - set(rich) == set()
    identifiers = {item["propertyID"]: item["value"] for item in rich["identifier"]}
    assert identifiers["url"] == URL.format("rich")
    assert json.loads(identifiers["crawl"]) == source_fields("rich.txt")["crawl"]


def test_jsonld_lines_is_one_node_per_line(
    dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path
) -> None:
    source, pages = dump
    out = tmp_path / "pages.out"
    convert(source, out, "--format", "jsonld-lines")
    nodes = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    graph_out = tmp_path / "pages.jsonld"
    convert(source, graph_out)
    graph = json.loads(graph_out.read_text("utf-8"))["@graph"]
    assert [node.pop("@context") for node in nodes] == ["https://schema.org"] * len(pages)
    assert nodes == graph


def test_parquet_without_pyarrow_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    out = tmp_path / "pages.parquet"
    assert main(["convert", str(tmp_path), "-o", str(out)]) == 2
    assert "pip install 'reviewparse[parquet]'" in capsys.readouterr().err
    assert not out.exists()
