"""What ``--resume`` continues from: the counts, the report's offset, the run's options.

A resumable writer stores a ``Checkpoint`` together with its own data, durably
and in one step (a stream format in ``OUT.partial.ckpt`` beside the file, SQLite
in a table of the same transaction), so that after a crash the output, the error
report and the counts all describe the same pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import frozen


@frozen
class Checkpoint:
    """Pages done so far and what they gave; ``errors_offset`` is the report's length.

    ``fingerprint`` is the run's sources and options as JSON: a resumed run must
    have the same.
    """

    pages: int
    records: int
    failed: int
    lenient: int
    errors_offset: int
    fingerprint: Mapping[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "records": self.records,
            "failed": self.failed,
            "lenient": self.lenient,
            "errors_offset": self.errors_offset,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Checkpoint:
        return cls(
            int(data.get("pages", 0)),
            int(data.get("records", 0)),
            int(data.get("failed", 0)),
            int(data.get("lenient", 0)),
            int(data["errors_offset"]),
            data.get("fingerprint"),
        )
