"""One flat row per page, for tables: Parquet, SQLite, CSV, and Dask dataframes.

``Row`` names and types the columns and ``page_to_row`` fills them: the one
place that decides them. ``parquet_schema`` types them for Arrow (lists and
structs kept nested). ``lines_json`` carries the page's layout
(``page_to_dict``'s ``lines``) so a row can be rendered back.
"""

from __future__ import annotations

import json
from typing import Any, TypedDict

from reviewparse._core.dicts import converter
from reviewparse._core.page import ReviewPage
from reviewparse._core.records import Diagnostic, Line


class CreditCell(TypedDict):
    key: str
    field: str | None
    value: str
    names: list[str]


class DiagnosticCell(TypedDict):
    line: int
    column: int
    message: str


class Row(TypedDict):
    """A page as a flat row: its columns, in order (``parquet_schema`` types them for Arrow)."""

    source_id: str
    path: str
    id: str | None
    encoding: str
    strict: bool
    title: str | None
    year: int | None
    directors: list[str]
    stars: list[str]
    writers: list[str]
    music: list[str]
    studio: str | None
    breadcrumb: list[str]
    captions: list[str]
    synopsis: str
    paragraphs: list[str]
    credits: list[CreditCell]
    diagnostics: list[DiagnosticCell]
    bom: bool
    lines_json: str


#: Column order of a page row (also the CSV header's, less the layout columns).
COLUMNS: tuple[str, ...] = tuple(Row.__annotations__)


def page_to_row(
    source_id: str,
    page: ReviewPage,
    *,
    path: str | None = None,
    record_id: str | None = None,
    encoding: str = "utf-8",
) -> Row:
    """The page as a flat row of ``COLUMNS`` (plain Python values, Arrow-ready)."""
    crumb = page.breadcrumb
    lines = converter.unstructure(page.lines, tuple[Line, ...])
    return {
        "source_id": source_id,
        "path": path if path is not None else source_id,
        "id": record_id,
        "encoding": encoding,
        "strict": page.is_strict,
        "title": page.title,
        "year": page.year,
        "directors": list(page.directors),
        "stars": list(page.stars),
        "writers": list(page.writers),
        "music": list(page.music),
        "studio": page.studio,
        "breadcrumb": [c.strip() for c in crumb.crumbs] if crumb is not None else [],
        "captions": list(page.captions),
        "synopsis": page.synopsis,
        "paragraphs": [p.text for p in page.paragraphs],
        "credits": [
            {"key": c.key, "field": c.field, "value": c.text, "names": list(c.names)}
            for c in page.credits
        ],
        "diagnostics": converter.unstructure(page.diagnostics, tuple[Diagnostic, ...]),
        "bom": page.bom,
        "lines_json": json.dumps(lines, ensure_ascii=False),
    }


def parquet_schema() -> Any:
    """The Arrow schema of ``page_to_row`` rows (needs pyarrow: the ``parquet`` extra)."""
    import pyarrow as pa

    names = pa.list_(pa.string())
    credit = pa.struct(
        [
            ("key", pa.string()),
            ("field", pa.string()),
            ("value", pa.string()),
            ("names", names),
        ]
    )
    diagnostic = pa.struct([("line", pa.int32()), ("column", pa.int32()), ("message", pa.string())])
    return pa.schema(
        [
            ("source_id", pa.string()),
            ("path", pa.string()),
            ("id", pa.string()),
            ("encoding", pa.string()),
            ("strict", pa.bool_()),
            ("title", pa.string()),
            ("year", pa.int32()),
            ("directors", names),
            ("stars", names),
            ("writers", names),
            ("music", names),
            ("studio", pa.string()),
            ("breadcrumb", names),
            ("captions", names),
            ("synopsis", pa.string()),
            ("paragraphs", names),
            ("credits", pa.list_(credit)),
            ("diagnostics", pa.list_(diagnostic)),
            ("bom", pa.bool_()),
            ("lines_json", pa.string()),
        ]
    )
