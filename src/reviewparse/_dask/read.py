"""Reading a partition's units on a worker, through fsspec, with the local readers.

Pages come out exactly as a local ``Source`` reads them (same ids, same safety
caps, same error kinds), because they are read by the same functions, handed
an fsspec file instead of a local one: ``read_page_file`` for page files,
``archive_entries`` for tar and zip archives, ``read_lines`` and ``JsonLine``
for a byte range of a JSON Lines file, numbered from the newline counts of the
ranges before it.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO, Any

import fsspec
from attrs import frozen

from reviewparse._convert.sources.archives import archive_entries
from reviewparse._convert.sources.files import read_page_file
from reviewparse._convert.sources.jsonl import BrokenStream, JsonLine, broken_rows, read_lines
from reviewparse._convert.sources.page import SourceOptions, SourcePage, Tally
from reviewparse._dask.plan import Unit

_CHUNK = 4 * 1024 * 1024


@frozen
class _Reached:
    """A unit's bytes on its filesystem: its path there, and how to open and size it."""

    fs: Any
    path: str

    def open(self) -> IO[bytes]:
        opened: IO[bytes] = self.fs.open(self.path, "rb")
        return opened

    def size(self) -> int:
        return int(self.fs.size(self.path))


def _reach(unit: Unit, storage_options: dict[str, Any]) -> _Reached:
    fs, path = fsspec.core.url_to_fs(unit.url, **storage_options)
    return _Reached(fs, path)


def read_units(
    units: list[Unit], options: SourceOptions, storage_options: dict[str, Any]
) -> Iterator[SourcePage]:
    """Every page of a partition of page files and archives, in source order, one at a time."""
    for unit in units:
        if unit.kind == "jsonl":
            yield from read_jsonl(unit, 0, options, storage_options)
            continue
        reached = _reach(unit, storage_options)
        if unit.kind == "file":
            cap = options.max_page_bytes
            yield read_page_file(
                reached.open, reached.size, source_id=unit.name, path=unit.rel, cap=cap
            )
        else:
            for entry in archive_entries(unit.kind, reached.open, unit.name, options, Tally()):
                yield entry()


def count_newlines(unit: Unit, storage_options: dict[str, Any]) -> int:
    """Line breaks in the unit's byte range: the next ranges number their lines from these."""
    remaining = (unit.stop if unit.stop is not None else unit.size) - unit.start
    count = 0
    with _reach(unit, storage_options).open() as raw:
        raw.seek(unit.start)
        while remaining > 0:
            chunk = raw.read(min(_CHUNK, remaining))
            if not chunk:
                break
            count += chunk.count(b"\n")
            remaining -= len(chunk)
    return count


def line_numbers_before(counts: list[int]) -> list[int]:
    """For each range, how many line breaks precede it (a running sum)."""
    before, total = [], 0
    for count in counts:
        before.append(total)
        total += count
    return before


def read_jsonl(
    unit: Unit, breaks_before: int, options: SourceOptions, storage_options: dict[str, Any]
) -> Iterator[SourcePage]:
    """The pages of the JSON lines that *start* in ``[unit.start, unit.stop)``.

    ``breaks_before`` is the number of line breaks before ``unit.start``; a line's
    number is one more than the breaks before it, as a local ``Source`` counts them.
    """
    reached = _reach(unit, storage_options)
    file_name = PurePosixPath(reached.path).name
    number = breaks_before
    with reached.open() as raw:
        stream: IO[bytes]
        if PurePosixPath(reached.path).suffix == ".gz":
            stream = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
            start = 0  # gzip is read whole: one range, from the start
        else:
            raw.seek(max(unit.start - 1, 0))
            stream = io.BufferedReader(raw, _CHUNK)  # type: ignore[type-var]
            if unit.start and stream.read(1) != b"\n":
                # Mid-line: that line belongs to the range before; skip past its break.
                skipped = 0
                while True:
                    tail = stream.readline(_CHUNK)
                    skipped += len(tail)
                    if not tail or tail.endswith(b"\n"):
                        break
                number += 1 if tail.endswith(b"\n") else 0
                start = unit.start + skipped
            else:
                start = unit.start
        try:
            rows = read_lines(
                stream, options.max_page_bytes, number=number, start=start, stop=unit.stop
            )
            for row in rows:
                if not row.is_blank:
                    line = JsonLine(
                        unit.name, file_name, row.number, row.data, row.too_long, options
                    )
                    yield line()
        except BrokenStream as broken:
            yield SourcePage.refused(broken_rows(unit.name, broken))
