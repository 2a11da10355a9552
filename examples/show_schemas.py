"""One dump to every output format, and the schema each reader sees.

Usage: ``.venv/bin/python examples/show_schemas.py [DUMP_DIR] [OUT_DIR]``
(default ``examples/dump-varied``, ``out/schema-demo``). Needs the ``demo``
extra: ``.venv/bin/pip install -e '.[demo]'`` (pyarrow, DuckDB, pandas, polars).

The pages are first written as JSON Lines rows with a ``url`` and a crawl date
beside the text, which reach every format under ``source_fields``. Then the
script converts the rows with ``reviewparse convert`` to JSONL, JSON, CSV,
Parquet, SQLite and JSON-LD, prints the schema as pandas, polars, DuckDB and
sqlite3 see it, runs a DuckDB query over the Parquet output that joins the cast
with their characters, and renders the JSONL back to check it is byte for byte.
"""

from __future__ import annotations

import filecmp
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

FORMATS = ("jsonl", "json", "csv", "parquet", "sqlite", "jsonld")


def reviewparse(*args: str | Path) -> None:
    subprocess.run([sys.executable, "-m", "reviewparse", *map(str, args)], check=True)


def write_rows(dump: Path, rows: Path) -> int:
    """The dump's pages as JSON Lines rows: id, text, and two fields of the crawl."""
    pages = sorted(dump.glob("*.txt"))
    with rows.open("w", encoding="utf-8") as sink:
        for number, page in enumerate(pages):
            row = {
                "id": page.stem,
                "text": page.read_bytes().decode("utf-8"),
                "url": f"https://reviews.example/{page.stem}",
                "crawled_at": f"2026-11-{number % 28 + 1:02d}",
            }
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(pages)


def show(title: str, pairs: list[tuple[str, str]]) -> None:
    print(f"\n## {title}")
    width = max(len(name) for name, _ in pairs)
    for name, kind in pairs:
        print(f"  {name:<{width}}  {kind}")


def main(dump: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rows = out / "dump.jsonl"
    count = write_rows(dump, rows)
    for fmt in FORMATS:
        target = out / f"pages.{fmt}"
        target.unlink(missing_ok=True)
        reviewparse("convert", rows, "-o", target, "-q")
    print(f"# {count} pages of {dump} to {', '.join(FORMATS)} in {out}")

    parquet, jsonl, csv, db = (
        out / f"pages.{fmt}" for fmt in ("parquet", "jsonl", "csv", "sqlite")
    )
    frame = pd.read_parquet(parquet, dtype_backend="pyarrow")
    show("pandas: pages.parquet (pyarrow dtypes)", [(c, str(t)) for c, t in frame.dtypes.items()])
    lines = pd.read_json(jsonl, lines=True)
    show("pandas: pages.jsonl", [(c, str(t)) for c, t in lines.dtypes.items()])
    show("polars: pages.parquet", [(c, str(t)) for c, t in pl.read_parquet(parquet).schema.items()])
    ndjson = pl.read_ndjson(jsonl, infer_schema_length=None).select(list(lines.columns))
    show("polars: pages.jsonl", [(c, str(t)) for c, t in ndjson.schema.items()])
    described = duckdb.sql(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()
    show("DuckDB: pages.parquet", [(row[0], row[1]) for row in described])
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_csv('{csv}')").fetchall()
    show(
        "DuckDB: pages.csv (a list cell is text: one item a line)",
        [(r[0], r[1]) for r in described],
    )
    with sqlite3.connect(db) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]  # fmt: skip
        pairs = []
        for table in tables:
            columns = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
            keys = connection.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
            refs = {key[3]: f" -> {key[2]}({key[4]})" for key in keys}
            pairs.append((table, ", ".join(f"{c[1]} {c[2]}{refs.get(c[1], '')}" for c in columns)))
        show("sqlite3: pages.sqlite", pairs)
        played = connection.execute(
            'SELECT pages.title, people.name, "cast".character FROM "cast"'
            " JOIN people USING (person_id) JOIN pages USING (page_id)"
            ' WHERE "cast".character IS NOT NULL ORDER BY pages.title, "cast".position'
        ).fetchall()
        print(f"\n  sqlite3: {len(played)} cast members with a character")
    document = json.loads((out / "pages.jsonld").read_text("utf-8"))
    kinds = [node["@type"] for node in document["@graph"]]
    print(f"\n## pages.jsonld: one document, {len(kinds)} nodes in its @graph:", end=" ")
    print(", ".join(f"{kinds.count(kind)} {kind}" for kind in sorted(set(kinds))))

    print("\n## DuckDB over pages.parquet: the cast joined with their characters")
    print(
        duckdb.sql(
            f"""
            SELECT title, year, runtime_minutes, member.person, member.character
            FROM (SELECT title, year, runtime_minutes, unnest("cast") AS member
                  FROM '{parquet}')
            WHERE member.character IS NOT NULL
            ORDER BY year, title, member.person
            """
        )
    )
    print("## DuckDB: films per decade and their mean runtime, from the integer columns")
    print(
        duckdb.sql(
            f"""
            SELECT year // 10 * 10 AS decade, count(*) AS films,
                   round(avg(runtime_minutes)) AS mean_minutes
            FROM '{parquet}' WHERE year IS NOT NULL GROUP BY decade ORDER BY decade
            """
        )
    )
    print("## DuckDB: source_fields carried from the JSON Lines rows")
    print(
        duckdb.sql(
            f"""
            SELECT path, json_extract_string(f.value, '$') AS url
            FROM (SELECT path, unnest(source_fields) AS f FROM '{parquet}')
            WHERE f.key = 'url' ORDER BY path LIMIT 3
            """
        )
    )
    with tempfile.TemporaryDirectory() as back:
        reviewparse("render", jsonl, "-o", back, "-q")
        same = all(
            filecmp.cmp(page, Path(back) / page.name, shallow=False)
            for page in sorted(dump.glob("*.txt"))
        )
    print(f"render pages.jsonl: every page back byte for byte: {same}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(
        Path(arguments[0]) if arguments else Path("examples/dump-varied"),
        Path(arguments[1]) if len(arguments) > 1 else Path("out/schema-demo"),
    )
