"""Turn the example dump into a Parquet table and ask DuckDB questions about it.

    python examples/to_parquet_duckdb.py [DUMP_DIR] [OUT.parquet]

The conversion is the CLI's (``reviewparse convert DUMP -o OUT.parquet``): one row
per page with the typed fields, the credits as a list of structs, the diagnostics,
and ``lines`` to rebuild the page exactly (docs/formats.md has every column). Needs
the ``parquet`` extra and duckdb: ``pip install -e '.[parquet]' duckdb``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

DUMP = Path(__file__).resolve().parent / "dump"

QUERIES = {
    "films per decade": """
        SELECT (year // 10) * 10 AS decade, count(*) AS films
        FROM read_parquet(?) WHERE year IS NOT NULL
        GROUP BY decade ORDER BY decade""",
    "stars who also wrote the music": """
        SELECT title, list_intersect(stars, music) AS both
        FROM read_parquet(?) WHERE len(list_intersect(stars, music)) > 0""",
    "credit keys with no known field": """
        SELECT credit.key, count(*) AS pages
        FROM (SELECT unnest(credits) AS credit FROM read_parquet(?))
        WHERE credit.field IS NULL GROUP BY credit.key ORDER BY credit.key""",
    "pages that need a look": """
        SELECT path, diagnostics[1].line AS line, diagnostics[1].message AS why
        FROM read_parquet(?) WHERE NOT strict ORDER BY path""",
}


def main(argv: list[str]) -> int:
    dump = Path(argv[0]) if argv else DUMP
    out = Path(argv[1]) if len(argv) > 1 else Path("out") / "pages.parquet"
    convert = [sys.executable, "-m", "reviewparse", "convert", str(dump), "-o", str(out), "-q"]
    print("$ reviewparse " + " ".join(convert[3:]))
    subprocess.run(convert, check=True)

    db = duckdb.connect()
    for heading, sql in QUERIES.items():
        print(f"\n{heading}:")
        for values in db.execute(sql, [str(out)]).fetchall():
            print("  " + " | ".join(str(value) for value in values))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
