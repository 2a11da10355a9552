"""The error report: one JSON line per failed or lenient page, beside OUT (``report_name``).

It is written to ``REPORT.partial`` and renamed into place with OUT, so a report
is there exactly when its output is; a ``--resume`` truncates it back to the
offset its last checkpoint recorded.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from reviewparse._convert.page_errors import PageError


def json_line(entry: dict[str, Any]) -> bytes:
    """An error entry as its line of the report: UTF-8 JSON, or ASCII JSON if it must be.

    A page's text can hold a lone surrogate (a JSON source may say ``\\ud800``),
    which UTF-8 cannot encode; such an entry is written with ``\\u`` escapes.
    """
    try:
        return json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(entry).encode("ascii") + b"\n"


#: What a report's name adds to OUT's whole name.
REPORT_SUFFIX = ".errors.jsonl"


def report_name(out: str) -> str:
    """OUT's report, by the one rule both engines follow: ``out.csv`` -> ``out.csv.errors.jsonl``.

    The whole name is kept, extension and all, so ``out.csv`` and ``out.parquet``
    beside each other never share a report. The local engine writes a file of
    that name, the Dask engine a directory of JSON Lines parts (as ``out.parquet``
    is a directory of Parquet parts). A trailing ``/`` of a directory URL is dropped.
    """
    return out.rstrip("/") + REPORT_SUFFIX


def report_path(out: Path) -> Path:
    """The local engine's report: ``out/pages.jsonl`` -> ``out/pages.jsonl.errors.jsonl``."""
    return out.with_name(report_name(out.name))


class ErrorLog:
    """The error report, written next to the output and renamed into place with it."""

    def __init__(self, path: Path | None, resume_offset: int | None) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial") if path else None
        self.sink: IO[bytes] | None = None
        if self.partial is None:
            return
        if resume_offset is not None and self.partial.exists():
            self.sink = self.partial.open("r+b")
            self.sink.truncate(resume_offset)
            self.sink.seek(resume_offset)
        else:
            self.sink = self.partial.open("wb")

    def write(self, error: PageError) -> None:
        if self.sink is not None:
            self.sink.write(json_line(error.to_dict()))

    def offset(self) -> int:
        """Bytes written so far, made durable: what a checkpoint records."""
        if self.sink is None:
            return 0
        self.sink.flush()
        os.fsync(self.sink.fileno())
        return self.sink.tell()

    def finish(self) -> None:
        if self.sink is not None and self.partial is not None and self.path is not None:
            self.offset()
            self.sink.close()
            self.partial.replace(self.path)

    def close(self, *, remove: bool = False) -> None:
        if self.sink is not None:
            self.sink.close()
            if remove and self.partial is not None:
                self.partial.unlink(missing_ok=True)
