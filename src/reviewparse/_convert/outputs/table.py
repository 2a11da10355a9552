"""One flat row per page, for tables: Parquet, SQLite, CSV, and Dask dataframes.

The row's columns are ``ROW_COLUMNS`` (``record.py``), derived from the
records; ``parquet_schema`` maps each to its Arrow type: ``int32`` year and
runtime, ``date32`` release date, ``list<string>``, and lists of structs
(``cast: list<struct<person, character, note>>``). ``lines`` is the page's
layout as JSON text (``page_to_dict``'s ``lines``), so a row can be rendered back.
"""

from __future__ import annotations

from typing import Any

from reviewparse._convert.outputs.record import ROW_COLUMNS, PageRecord
from reviewparse._core.page import ReviewPage
from reviewparse._core.schema import Column

#: A page as a table row: ``{column name: plain value}`` (``PageRecord.to_row``).
Row = dict[str, Any]

#: Column order of a page row (every table format's).
COLUMNS: tuple[str, ...] = tuple(column.name for column in ROW_COLUMNS)


def page_to_row(
    source_id: str,
    page: ReviewPage,
    *,
    path: str | None = None,
    record_id: str | None = None,
    encoding: str = "utf-8",
) -> Row:
    """The page as a flat row of ``COLUMNS`` (plain Python values, Arrow-ready)."""
    where = path if path is not None else source_id
    return PageRecord(source_id, where, record_id, encoding, page).to_row()


def arrow_type(column: Column) -> Any:
    """The Arrow type of a column (needs pyarrow)."""
    import pyarrow as pa

    scalars = {
        "string": pa.string(),
        "integer": pa.int32(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "lines": pa.string(),
    }
    if column.scalar is None:
        item = pa.struct(
            [pa.field(m.name, arrow_type(m), nullable=m.nullable) for m in column.members]
        )
    else:
        item = scalars[column.scalar]
    return pa.list_(item) if column.repeated else item


def parquet_schema() -> Any:
    """The Arrow schema of ``page_to_row`` rows (needs pyarrow: the ``parquet`` extra)."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, arrow_type(c), nullable=c.nullable) for c in ROW_COLUMNS])
