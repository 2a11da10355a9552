"""Turn the example dump into a Parquet table and ask DuckDB questions about it.

    python examples/to_parquet_duckdb.py [DUMP_DIR] [OUT.parquet]

Needs the ``parquet`` extra (pyarrow) and duckdb: ``pip install -e '.[parquet]' duckdb``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

import reviewparse

DUMP = Path(__file__).resolve().parent / "dump"


def row(path: Path) -> dict[str, Any]:
    page = reviewparse.parse_file(path).page
    return {
        "file": path.name,
        "title": page.title,
        "year": page.year,
        "directors": list(page.directors),
        "stars": list(page.stars),
        "music": list(page.music),
        "studio": page.studio,
        "captions": list(page.captions),
        "strict": page.is_strict,
        "diagnostics": len(page.diagnostics),
    }


def main(argv: list[str]) -> int:
    dump = Path(argv[0]) if argv else DUMP
    out = Path(argv[1]) if len(argv) > 1 else Path("out") / "pages.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = [row(path) for path in sorted(dump.glob("*.txt"))]
    pq.write_table(pa.Table.from_pylist(rows), out)
    print(f"wrote {len(rows)} pages to {out}")

    db = duckdb.connect()
    queries = {
        "films per decade": """
            SELECT (year // 10) * 10 AS decade, count(*) AS films
            FROM read_parquet(?) WHERE year IS NOT NULL
            GROUP BY decade ORDER BY decade""",
        "stars who also wrote the music": """
            SELECT title, list_intersect(stars, music) AS both
            FROM read_parquet(?) WHERE len(list_intersect(stars, music)) > 0""",
        "pages that need a look": """
            SELECT file, diagnostics FROM read_parquet(?)
            WHERE NOT strict ORDER BY file""",
    }
    for heading, sql in queries.items():
        print(f"\n{heading}:")
        for values in db.execute(sql, [str(out)]).fetchall():
            print("  " + " | ".join(str(value) for value in values))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
