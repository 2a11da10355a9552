"""CSV (RFC 4180, CRLF): one row per page of the typed columns, lists one item a line."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from reviewparse._convert.outputs.record import PageRecord
from reviewparse._convert.outputs.stream import stream_format
from reviewparse._convert.outputs.table import COLUMNS

#: CSV: list fields hold one item per line (items never contain a line break).
CSV_LIST_SEPARATOR = "\n"
_CSV_HEADER = [column for column in COLUMNS if column not in ("lines_json", "bom", "paragraphs")]


def _csv_line(fields: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)
    return buffer.getvalue()


def csv_cells(row: Mapping[str, Any]) -> list[str]:
    """A table row as CSV cells: lists one item per line, credits as ``Key: value``."""
    cells: list[str] = []
    for column in _CSV_HEADER:
        value = row[column]
        if column == "credits":
            value = CSV_LIST_SEPARATOR.join(f"{c['key']}: {c['value']}" for c in value)
        elif column == "diagnostics":
            value = CSV_LIST_SEPARATOR.join(
                f"{d['line']}:{d['column']}: {d['message']}" for d in value
            )
        elif isinstance(value, list):
            value = CSV_LIST_SEPARATOR.join(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        cells.append("" if value is None else str(value))
    return cells


@stream_format("csv", ".csv", header=_csv_line(_CSV_HEADER).encode("utf-8"))
def csv_row(record: PageRecord) -> str:
    """One CSV row (RFC 4180, CRLF) of the typed columns."""
    return _csv_line(csv_cells(record.to_row()))
