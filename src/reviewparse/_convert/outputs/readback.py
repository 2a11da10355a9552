"""The table formats read back: what ``render`` needs of each row, as a JSON record.

CSV, Parquet and SQLite carry the lossless part of a page (``bom``, and
``lines`` as JSON text) beside the typed columns, so ``render`` gives their pages
back byte for byte as it does a JSONL file's. Each reader yields ``(row number,
record)`` with the keys ``page_from_dict`` and ``render`` read: ``path``,
``source_id``, ``encoding``, ``bom``, ``lines`` and ``diagnostics``; a row that
cannot be read yields the exception instead, so one bad row costs one page.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reviewparse._convert.outputs.sqlite import quoted
from reviewparse._convert.sizes import MiB

#: A row number and its record, or what went wrong reading it.
Numbered = tuple[int, dict[str, Any] | ValueError]

_HEAD = ("path", "source_id", "encoding")


def _record(head: dict[str, Any], bom: bool, lines: str, diagnostics: list[Any]) -> dict[str, Any]:
    try:
        layout = json.loads(lines)
    except ValueError as exc:
        raise ValueError(f"its lines are not JSON: {exc}") from None
    return head | {"bom": bom, "lines": layout, "diagnostics": diagnostics}


def csv_records(path: Path) -> Iterator[Numbered]:
    """The rows of a ``.csv`` output (one item a line in a list cell, struct items as JSON)."""
    csv.field_size_limit(max(csv.field_size_limit(), 256 * MiB))  # a page's lines in a cell
    with path.open(newline="", encoding="utf-8") as source:
        for number, row in enumerate(csv.DictReader(source), 1):
            try:
                cell = row["diagnostics"]
                diagnostics = [json.loads(item) for item in cell.split("\n")] if cell else []
                head = {key: row[key] for key in _HEAD}
                yield number, _record(head, row["bom"] == "true", row["lines"], diagnostics)
            except (KeyError, ValueError) as exc:
                yield number, ValueError(f"not a reviewparse CSV row: {exc}")


def parquet_records(path: Path) -> Iterator[Numbered]:
    """The rows of a ``.parquet`` output, read a row group at a time."""
    import pyarrow.parquet as pq

    columns = [*_HEAD, "bom", "lines", "diagnostics"]
    number = 0
    for batch in pq.ParquetFile(path).iter_batches(columns=columns):
        for row in batch.to_pylist():
            number += 1
            head = {key: row[key] for key in _HEAD}
            try:
                yield number, _record(head, row["bom"], row["lines"], row["diagnostics"])
            except ValueError as exc:
                yield number, exc


def sqlite_records(path: Path) -> Iterator[Numbered]:
    """The pages of a ``.sqlite`` output, in the order they were written."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pages = db.execute(
            f"SELECT page_id, {', '.join(map(quoted, _HEAD))}, bom, lines FROM pages"
            " ORDER BY page_id"
        )
        for number, (page_id, *head, bom, lines) in enumerate(pages, 1):
            found = db.execute(
                "SELECT line, column, message FROM diagnostics WHERE page_id = ? ORDER BY position",
                (page_id,),
            )
            diagnostics = [{"line": a, "column": b, "message": c} for a, b, c in found]
            try:
                yield (
                    number,
                    _record(dict(zip(_HEAD, head, strict=True)), bool(bom), lines, diagnostics),
                )
            except ValueError as exc:
                yield number, exc
    finally:
        db.close()


#: The table formats ``render`` reads, by suffix.
READERS: dict[str, Callable[[Path], Iterator[Numbered]]] = {
    ".csv": csv_records,
    ".parquet": parquet_records,
    ".sqlite": sqlite_records,
    ".sqlite3": sqlite_records,
    ".db": sqlite_records,
}
