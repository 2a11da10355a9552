"""Every output format, read back with its own reader and checked field by field."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_support import make_pages, read_jsonl, write_dir

import reviewparse
from reviewparse import ReviewPage
from reviewparse._cli import main
from reviewparse._convert.outputs.sqlite import PERSON_FIELDS
from reviewparse._core.dicts import page_from_dict


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, ReviewPage]]:
    pages = make_pages(45)
    pages["part-99/lenient.txt"] = b"Title\n\nYear - 2001\nStars Nobody Here\n"
    pages["part-99/multiline.txt"] = MULTILINE
    root = write_dir(tmp_path_factory.mktemp("formats") / "dump", pages)
    parsed = {rel: reviewparse.parse_bytes(data).page for rel, data in pages.items()}
    return root, parsed


# Credits over several lines, and a table cell: the typed value is the whole value, tidy.
MULTILINE = (
    b"Stacked\n\nArt Direction - Ed Fox, Fay Lam,\n    Gil Moe\nPRODUCTION COMPANY\nA24\n"
    b"Plan B\n| Music by | Max Steiner |\n"
)
MULTILINE_CREDITS = [
    ("Art Direction", None, "Ed Fox, Fay Lam, Gil Moe"),
    ("PRODUCTION COMPANY", "studio", "A24, Plan B"),
    ("Music by", "music", "Max Steiner"),
]


def convert(dump: Path, out: Path, *extra: str) -> None:
    assert main(["convert", str(dump), "-o", str(out), "-q", "--jobs", "2", *extra]) == 0


def names(page: ReviewPage) -> dict[str, list[str]]:
    return {
        "directors": list(page.directors),
        "stars": list(page.stars),
        "writers": list(page.writers),
        "music": list(page.music),
        "captions": list(page.captions),
    }


def test_json_array(dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path) -> None:
    root, parsed = dump
    convert(root, tmp_path / "pages.json")
    records = json.loads((tmp_path / "pages.json").read_text("utf-8"))
    assert [r["path"] for r in records] == list(parsed)
    assert records == read_jsonl_of(root, tmp_path)
    for record in records:
        page = parsed[record["path"]]
        assert page_from_dict(record) == page
        assert record["strict"] == page.is_strict
        assert {k: record[k] for k in names(page)} == names(page)
        if record["path"] == "part-99/multiline.txt":
            credits = [(c["key"], c["field"], c["value"]) for c in record["credits"]]
            assert credits == MULTILINE_CREDITS


def read_jsonl_of(root: Path, tmp_path: Path) -> list[dict[str, Any]]:
    convert(root, tmp_path / "pages.jsonl")
    return read_jsonl(tmp_path / "pages.jsonl")


def split(cell: str) -> list[str]:
    """The documented CSV list rule: one item per line, empty cell = empty list."""
    return cell.split("\n") if cell else []


def test_csv(dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path) -> None:
    root, parsed = dump
    convert(root, tmp_path / "pages.csv")
    with (tmp_path / "pages.csv").open(newline="", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    assert [row["path"] for row in rows] == list(parsed)
    for row in rows:
        page = parsed[row["path"]]
        assert row["source_id"] == f"{root.as_posix()}/{row['path']}"
        assert row["title"] == (page.title or "")
        assert row["year"] == ("" if page.year is None else str(page.year))
        assert row["studio"] == (page.studio or "")
        assert row["strict"] == ("true" if page.is_strict else "false")
        assert row["synopsis"] == page.synopsis
        assert {k: split(row[k]) for k in names(page)} == names(page)
        assert split(row["credits"]) == [f"{c.key}: {c.text}" for c in page.credits]
        if row["path"] == "part-99/multiline.txt":
            assert split(row["credits"]) == [f"{k}: {v}" for k, _, v in MULTILINE_CREDITS]
        assert len(split(row["diagnostics"])) == len(page.diagnostics)


def test_parquet(dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from reviewparse._convert.outputs.table import parquet_schema

    root, parsed = dump
    convert(root, tmp_path / "pages.parquet")
    table = pq.read_table(tmp_path / "pages.parquet")
    assert table.schema.equals(parquet_schema())
    rows = table.to_pylist()
    assert [row["path"] for row in rows] == list(parsed)
    for row in rows:
        page = parsed[row["path"]]
        assert (row["title"], row["year"], row["studio"]) == (page.title, page.year, page.studio)
        assert {k: row[k] for k in names(page)} == names(page)  # lists stay lists
        assert row["credits"] == [
            {"key": c.key, "field": c.field, "value": c.text, "names": list(c.names)}
            for c in page.credits
        ]
        if row["path"] == "part-99/multiline.txt":
            assert [(c["key"], c["field"], c["value"]) for c in row["credits"]] == MULTILINE_CREDITS
        assert row["paragraphs"] == [p.text for p in page.paragraphs]
        assert [(d["line"], d["column"]) for d in row["diagnostics"]] == [
            (d.line, d.column) for d in page.diagnostics
        ]
        layout = {"lines": json.loads(row["lines_json"]), "bom": row["bom"]}
        assert page_from_dict(layout) == page


def test_sqlite(dump: tuple[Path, dict[str, ReviewPage]], tmp_path: Path) -> None:
    root, parsed = dump
    convert(root, tmp_path / "pages.sqlite")
    db = sqlite3.connect(tmp_path / "pages.sqlite")
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"pages", "credits", "people", "roles", "paragraphs", "captions"}
    indexes = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"pages_year", "pages_title", "roles_person", "credits_field"} <= indexes
    pages = db.execute(
        "SELECT page_id, path, title, year, studio, strict, lines_json, bom FROM pages"
    )
    seen = []
    for page_id, path, title, year, studio, strict, lines_json, bom in pages:
        page = parsed[path]
        seen.append(path)
        assert (title, year, studio, bool(strict)) == (
            page.title,
            page.year,
            page.studio,
            page.is_strict,
        )
        assert page_from_dict({"lines": json.loads(lines_json), "bom": bool(bom)}) == page
        credits = db.execute(
            "SELECT key, field, value FROM credits WHERE page_id = ? ORDER BY position", (page_id,)
        ).fetchall()
        assert credits == [(c.key, c.field, c.text) for c in page.credits]
        if path == "part-99/multiline.txt":
            assert credits == MULTILINE_CREDITS
        for role in ("directors", "stars", "writers", "music"):
            people = db.execute(
                "SELECT name FROM roles JOIN people USING (person_id)"
                " WHERE page_id = ? AND role = ? ORDER BY credit_position, ordinal",
                (page_id, role),
            ).fetchall()
            assert [name for (name,) in people] == list(page.credits.names(role))
        paragraphs = db.execute(
            "SELECT text FROM paragraphs WHERE page_id = ? ORDER BY position", (page_id,)
        ).fetchall()
        assert [t for (t,) in paragraphs] == [p.text for p in page.paragraphs]
        captions = db.execute(
            "SELECT text FROM captions WHERE page_id = ? ORDER BY position", (page_id,)
        ).fetchall()
        assert [t for (t,) in captions] == list(page.captions)
    assert seen == list(parsed)
    everyone = {
        name
        for page in parsed.values()
        for credit in page.credits
        if credit.field in PERSON_FIELDS
        for name in credit.names
    }
    assert {name for (name,) in db.execute("SELECT name FROM people")} == everyone


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
