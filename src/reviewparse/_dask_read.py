"""Reading a partition's units on a worker, through fsspec, with ``_sources``' rules.

Pages come out exactly as ``_sources.Source`` reads them on one machine (same
ids, same safety caps, same error kinds): page files, tar and zip archives go
through ``Source`` itself with fsspec standing in for the local disk; JSON Lines
byte ranges reuse its per-line reading and are numbered from the newline counts
of the ranges before them.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
from collections.abc import Iterator
from pathlib import PosixPath
from typing import IO, Any

import fsspec

from reviewparse._convert.sources import Entry, Source, SourceOptions, SourcePage
from reviewparse._dask_plan import Unit

_CHUNK = 4 * 1024 * 1024


class FsPath(PosixPath):
    """A path whose bytes come from an fsspec filesystem: the calls ``Source`` makes, no more."""

    fs: Any

    @classmethod
    def on(cls, fs: Any, path: str) -> FsPath:
        made = cls(path)
        made.fs = fs
        return made

    def open(self, mode: str = "rb", *args: Any, **kwargs: Any) -> Any:
        return self.fs.open(self.as_posix(), mode)

    def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
        size = int(self.fs.size(self.as_posix()))
        return os.stat_result((stat.S_IFREG | 0o644, 0, 0, 1, 0, 0, size, 0, 0, 0))

    def read_bytes(self) -> bytes:
        data: bytes = self.fs.cat_file(self.as_posix())
        return data


class FsSource(Source):
    """A ``Source`` over one unit, reading through fsspec (``Source`` reads the local disk)."""

    def __init__(self, unit: Unit, options: SourceOptions, storage_options: dict[str, Any]) -> None:
        fs, fs_path = fsspec.core.url_to_fs(unit.url, **storage_options)
        self.spec = unit.url
        self.path = FsPath.on(fs, fs_path)
        self.kind = unit.kind
        self.options = options
        self.consumed = 0
        self.name = unit.name
        self._zip_total = 0

    def _zip_entries(self) -> Iterator[Entry]:
        # ``zipfile`` opens a path itself; handed an open file instead, it reads that.
        path = self.path
        with path.open("rb") as handle:
            self.path = handle  # type: ignore[assignment]
            try:
                yield from super()._zip_entries()
            finally:
                self.path = path


def read_units(
    units: list[Unit], options: SourceOptions, storage_options: dict[str, Any]
) -> Iterator[SourcePage]:
    """Every page of a partition of page files and archives, in source order, one at a time."""
    for unit in units:
        source = FsSource(unit, options, storage_options)
        if unit.kind == "file":
            yield source._read_file(source.path, unit.name, unit.rel)
        elif unit.kind == "jsonl":
            yield from read_jsonl(unit, 0, options, storage_options)
        else:
            for entry in source.entries():
                yield entry()


def count_newlines(unit: Unit, storage_options: dict[str, Any]) -> int:
    """Line breaks in the unit's byte range: the next ranges number their lines from these."""
    fs, path = fsspec.core.url_to_fs(unit.url, **storage_options)
    remaining = (unit.stop if unit.stop is not None else unit.size) - unit.start
    count = 0
    with fs.open(path, "rb") as raw:
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
    number is one more than the breaks before it, as ``Source`` counts them.
    """
    source = FsSource(unit, options, storage_options)
    cap = options.max_page_bytes
    number = breaks_before
    with source.path.open("rb") as raw:
        stream: IO[bytes]
        if source.path.suffix == ".gz":
            stream = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
            start = 0  # gzip is read whole: one range, from the start
        else:
            raw.seek(max(unit.start - 1, 0))
            stream = io.BufferedReader(raw, _CHUNK)
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
        while unit.stop is None or start < unit.stop:
            try:
                line = stream.readline(cap + 1)
                if not line:
                    break
                number += 1
                size = len(line)
                too_long = size > cap
                while len(line) > cap and not line.endswith(b"\n"):
                    line = stream.readline(cap + 1)  # drain the rest of the line
                    size += len(line)
            except (OSError, EOFError) as exc:
                yield source._broken(f"{source.name}:{number + 1}", exc)()
                break
            start += size
            if not line.strip() and not too_long:
                continue  # a blank line is not a page (and is still counted)
            yield source._jsonl_page(line, number, too_long)
