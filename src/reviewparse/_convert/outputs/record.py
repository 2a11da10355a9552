"""What a format's ``prepare`` receives: a parsed page and where it came from."""

from __future__ import annotations

from typing import Any

from attrs import frozen

from reviewparse._convert.outputs.table import Row, page_to_row
from reviewparse._core.dicts import page_to_dict
from reviewparse._core.page import ReviewPage


@frozen
class PageRecord:
    """A parsed page and where it came from: what a format's ``prepare`` receives."""

    source_id: str
    path: str
    record_id: str | None
    encoding: str
    page: ReviewPage

    def to_dict(self) -> dict[str, Any]:
        """The JSON record: source fields, then ``page_to_dict`` (typed view + layout)."""
        head = {
            "source_id": self.source_id,
            "path": self.path,
            "id": self.record_id,
            "encoding": self.encoding,
        }
        return head | page_to_dict(self.page)

    def to_row(self) -> Row:
        return page_to_row(
            self.source_id,
            self.page,
            path=self.path,
            record_id=self.record_id,
            encoding=self.encoding,
        )


def page_row(record: PageRecord) -> Row:
    """A table format's ``prepare``: the page's row."""
    return record.to_row()
