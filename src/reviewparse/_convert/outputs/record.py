"""What a format's ``prepare`` receives: a parsed page and where it came from.

A converted page is three records, and every format writes their fields in
this order: ``SourceHead`` (where the page came from, and a JSON Lines row's
other fields), ``PageView`` (the typed view) and ``PageLayout`` (what
``render`` needs). ``ROW_COLUMNS`` describes them all (``_core/schema.py``).
"""

from __future__ import annotations

import json
from typing import Any

from attrs import frozen

from reviewparse._convert.sources.page import SourceField
from reviewparse._core.dicts import converter, page_to_dict
from reviewparse._core.page import ReviewPage
from reviewparse._core.records import Line
from reviewparse._core.schema import (
    LAYOUT_COLUMNS,
    VIEW_COLUMNS,
    Column,
    PageLayout,
    PageView,
    columns,
    plain,
)


@frozen
class SourceHead:
    """Where a converted page came from: the first fields of every output row."""

    source_id: str
    path: str
    id: str | None
    encoding: str
    source_fields: tuple[SourceField, ...]


#: Every field of a converted page, in the order every format writes them.
ROW_COLUMNS: tuple[Column, ...] = columns(SourceHead) + VIEW_COLUMNS + LAYOUT_COLUMNS


@frozen
class PageRecord:
    """A parsed page and where it came from: what a format's ``prepare`` receives.

    ``source_fields`` are a JSON Lines row's fields that reviewparse does not
    read, each with its value as JSON text (``source_field_values`` decodes them).
    """

    source_id: str
    path: str
    record_id: str | None
    encoding: str
    page: ReviewPage
    source_fields: tuple[SourceField, ...] = ()

    @property
    def head(self) -> SourceHead:
        return SourceHead(
            self.source_id, self.path, self.record_id, self.encoding, self.source_fields
        )

    @property
    def source_field_values(self) -> dict[str, Any]:
        """The row's other fields as it gave them: ``{"url": "https://..."}``."""
        return {key: json.loads(value) for key, value in self.source_fields}

    def to_dict(self) -> dict[str, Any]:
        """The JSON record: ``SourceHead``'s fields, then ``page_to_dict`` (view + layout)."""
        head = {
            "source_id": self.source_id,
            "path": self.path,
            "id": self.record_id,
            "encoding": self.encoding,
            "source_fields": self.source_field_values,
        }
        return head | page_to_dict(self.page)

    def to_row(self) -> dict[str, Any]:
        """The record as one table row of ``ROW_COLUMNS``: plain values, Arrow-ready.

        Structs become dicts and tuples lists; dates stay ``datetime.date``; the
        line records become one JSON text (``lines``, as in ``page_to_dict``).
        """
        row: dict[str, Any] = plain(self.head)
        row |= plain(PageView.of(self.page))
        layout = PageLayout.of(self.page)
        for column in LAYOUT_COLUMNS:
            value = getattr(layout, column.name)
            if column.scalar == "lines":
                lines = converter.unstructure(value, tuple[Line, ...])
                row[column.name] = json.dumps(lines, ensure_ascii=False)
            else:
                row[column.name] = plain(value)
        return row


def page_row(record: PageRecord) -> dict[str, Any]:
    """A table format's ``prepare``: the page's row."""
    return record.to_row()
