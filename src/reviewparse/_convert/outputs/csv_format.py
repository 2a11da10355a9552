"""CSV (RFC 4180, CRLF): one row per page, every column of ``ROW_COLUMNS``.

The list rule (docs/formats.md): a list cell holds one item per line, and an
empty cell is an empty list. Items never hold a line break: names and values
are tidied to one line, and a struct item (a cast member, a credit) is its
fields as one compact JSON object. Missing values are empty cells, booleans
``true`` / ``false``, dates ISO 8601, and ``lines`` the page's layout as JSON.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from reviewparse._convert.outputs.record import ROW_COLUMNS, PageRecord
from reviewparse._convert.outputs.stream import stream_format
from reviewparse._core.schema import Column

#: CSV: list fields hold one item per line (items never contain a line break).
CSV_LIST_SEPARATOR = "\n"
CSV_HEADER = [column.name for column in ROW_COLUMNS]


def _csv_line(fields: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)
    return buffer.getvalue()


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _cell(column: Column, value: Any) -> str:
    if column.repeated:
        return CSV_LIST_SEPARATOR.join(_scalar(item) for item in value)
    return _scalar(value)


def csv_cells(row: dict[str, Any]) -> list[str]:
    """A table row as CSV cells, by the list rule."""
    return [_cell(column, row[column.name]) for column in ROW_COLUMNS]


def csv_row(record: PageRecord) -> str:
    """One CSV row (RFC 4180, CRLF) of every column."""
    return _csv_line(csv_cells(record.to_row()))


CSV = stream_format(csv_row, "csv", ".csv", header=_csv_line(CSV_HEADER).encode("utf-8"))
