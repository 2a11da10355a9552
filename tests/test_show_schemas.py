"""``examples/show_schemas.py``: one varied dump to every format, read by four readers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DUMP = ROOT / "examples" / "dump-varied"


def test_the_varied_dump_has_thirty_pages_or_more_in_several_languages() -> None:
    import reviewparse

    pages = [reviewparse.parse_bytes(p.read_bytes()).page for p in sorted(DUMP.glob("*.txt"))]
    assert len(pages) >= 30
    assert sum(page.title is not None for page in pages) == len(pages) - 1
    assert sum(page.runtime_minutes is not None for page in pages) >= 15
    assert sum(any(m.character for m in page.cast) for page in pages) >= 4


def test_show_schemas_prints_every_readers_schema_and_the_cast_query(tmp_path: Path) -> None:
    for module in ("duckdb", "pandas", "polars", "pyarrow"):
        pytest.importorskip(module)
    script = ROOT / "examples" / "show_schemas.py"
    done = subprocess.run(
        [sys.executable, str(script), str(DUMP), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    shown = done.stdout
    for heading in ("pandas: pages.parquet", "polars: pages.parquet", "DuckDB: pages.parquet",
                    "sqlite3: pages.sqlite", "DuckDB over pages.parquet"):  # fmt: skip
        assert f"## {heading}" in shown
    assert "release_date      DATE" in shown
    assert 'cast              STRUCT(person VARCHAR, "character" VARCHAR, note VARCHAR)[]' in shown
    assert "│ Salt Flats        │  1988 │" in shown and "Sheriff Dane" in shown
    assert "32 Movie, 1 WebPage" in shown
    assert shown.rstrip().endswith("every page back byte for byte: True")
