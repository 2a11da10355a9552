"""JSON Lines sources: one page per row, decoded only where it is converted.

``read_lines`` splits a stream into rows within the page cap; both engines read
rows with it (the local one a whole file, the Dask engine one byte range).
A row is a ``JsonLine``: picklable and cheap to carry, so ``convert --jobs N``
hands it to a worker undecoded. A row of a plain regular file also knows where
it lies (``LineAt``): ``light()`` drops its bytes for the trip to a worker, and
``reread`` reads them back there, one ``pread`` per run of rows.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from attrs import evolve, frozen

from reviewparse._convert.page_errors import PageError
from reviewparse._convert.pickling import tuple_pickled
from reviewparse._convert.sizes import MiB
from reviewparse._convert.sources.names import PAGE_SUFFIX
from reviewparse._convert.sources.page import (
    Entry,
    SourceField,
    SourceOptions,
    SourcePage,
    Tally,
    known,
)


@tuple_pickled
@frozen
class LineAt:
    """Where a JSON line lies in its file, so that another process can read it again."""

    path: str  # absolute
    file_key: tuple[int, int]  # (st_dev, st_ino) of the file the reader opened
    offset: int
    length: int


@tuple_pickled
@frozen
class JsonLine:
    """A JSON Lines row as read, decoded only when called."""

    source_name: str
    file_name: str
    number: int
    line: bytes
    too_long: bool
    options: SourceOptions
    at: LineAt | None = None

    def __len__(self) -> int:
        return self.at.length if self.at is not None else len(self.line)

    def light(self) -> JsonLine:
        """This row without its bytes when it can be read again (or has none to give)."""
        if self.too_long or self.at is not None:
            # Built directly: this runs for every row, and evolve() costs more.
            options, at = self.options, self.at
            return JsonLine(
                self.source_name, self.file_name, self.number, b"", self.too_long, options, at
            )
        return self

    @property
    def is_light(self) -> bool:
        """Sent without the bytes it has to read again (``light()``)."""
        return not self.line and not self.too_long and self.at is not None

    @property
    def source_id(self) -> str:
        return f"{self.source_name}:{self.number}"

    @property
    def fallback_path(self) -> str:
        """Where a row without an id renders back: ``FILE-NUMBER.txt``."""
        return f"{self.file_name.split('.')[0]}-{self.number}.txt"

    def __call__(self) -> SourcePage:
        options, source_id, path = self.options, self.source_id, self.fallback_path
        if self.too_long:
            error = PageError.json_line_too_large(source_id, path, options.max_page_bytes)
            return SourcePage.refused(error)
        try:
            obj: Any = json.loads(self.line)
        except ValueError as exc:
            return SourcePage.refused(PageError.bad_json(source_id, path, exc))
        if not isinstance(obj, dict):
            return SourcePage.refused(PageError.not_an_object(source_id, path, obj))
        raw_id = obj.get(options.id_field)
        record_id = None if raw_id is None else str(raw_id)
        if record_id is not None:
            path = record_id if record_id.lower().endswith(PAGE_SUFFIX) else record_id + PAGE_SUFFIX
        text = obj.get(options.text_field)
        if not isinstance(text, str):
            error = PageError.text_not_a_string(source_id, path, options.text_field, text)
            return SourcePage.refused(error, record_id)
        read = (options.text_field, options.id_field)
        extra = tuple(
            SourceField(key, json.dumps(value, ensure_ascii=False))
            for key, value in obj.items()
            if key not in read
        )
        return SourcePage(source_id, path, text, record_id, source_fields=extra)


@frozen
class RawLine:
    """One row of a JSON Lines stream, as ``read_lines`` cuts it."""

    number: int  # 1-based, blank lines counted
    start: int  # offset of its first byte
    size: int  # bytes it takes, break included
    data: bytes  # its bytes; the last part read of a row over the cap
    too_long: bool  # over the page cap: the row was read past, not kept

    @property
    def is_blank(self) -> bool:
        """Blank lines separate nothing in JSON Lines: not a page (still counted)."""
        return not self.too_long and not self.data.strip()


class BrokenStream(Exception):
    """The stream broke (a truncated gzip, an I/O error) while row ``number`` was read."""

    def __init__(self, number: int, cause: OSError | EOFError) -> None:
        super().__init__(number, cause)
        self.number = number
        self.cause = cause


def read_lines(
    stream: IO[bytes], cap: int, *, number: int = 0, start: int = 0, stop: int | None = None
) -> Iterator[RawLine]:
    """The rows of ``stream`` from offset ``start``, numbered on from ``number``.

    Reading stops at the end, or before a row that starts at or after ``stop``.
    A row over ``cap`` bytes is read past in pieces of at most ``cap + 1``, so no
    row costs more memory than the cap. Raises ``BrokenStream`` if reading fails.
    """
    offset = start
    while stop is None or offset < stop:
        try:
            line = stream.readline(cap + 1)
            if not line:
                return
            size = len(line)
            too_long = size > cap
            while len(line) > cap and not line.endswith(b"\n"):
                line = stream.readline(cap + 1)  # drain the rest of the row
                size += len(line)
        except (OSError, EOFError) as exc:
            raise BrokenStream(number + 1, exc) from exc
        number += 1
        yield RawLine(number, offset, size, line, too_long)
        offset += size


def jsonl_entries(path: Path, name: str, options: SourceOptions, tally: Tally) -> Iterator[Entry]:
    """A ``JsonLine`` per row of a local ``.jsonl`` (or ``.jsonl.gz``) file."""
    with path.open("rb", buffering=MiB) as raw:  # a row is a few KB: few reads
        gz = path.suffix == ".gz"
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if gz else raw  # type: ignore[assignment]
        info = os.fstat(raw.fileno())
        # Rows of a plain regular file can be read again by offset (JsonLine.at).
        again = not gz and stat.S_ISREG(info.st_mode)
        where, key = str(path.absolute()), (info.st_dev, info.st_ino)
        # Progress: compressed bytes for a .gz on disk; else the bytes read so
        # far, which a pipe or FIFO (no tell()) has too.
        compressed = gz and raw.seekable()

        def located(row: RawLine) -> LineAt | None:
            return LineAt(where, key, row.start, row.size) if again else None

        def progress(row: RawLine) -> int:
            return raw.tell() if compressed else row.start + row.size

        yield from _rows(
            stream, name, path.name, options, tally, located=located, progress=progress
        )


def stream_entries(
    stream: IO[bytes], name: str, file_name: str, options: SourceOptions, tally: Tally
) -> Iterator[Entry]:
    """A ``JsonLine`` per row of a stream that cannot be read again (standard input)."""
    return _rows(
        stream, name, file_name, options, tally, located=lambda row: None, progress=_row_end
    )


def _row_end(row: RawLine) -> int:
    return row.start + row.size


def _rows(
    stream: IO[bytes],
    name: str,
    file_name: str,
    options: SourceOptions,
    tally: Tally,
    *,
    located: Callable[[RawLine], LineAt | None],
    progress: Callable[[RawLine], int],
) -> Iterator[Entry]:
    """The rows of ``stream``; ``located`` says where a row can be read again, if it can."""
    try:
        for row in read_lines(stream, options.max_page_bytes):
            tally.bytes_read = progress(row)
            if row.is_blank:
                continue
            at = located(row)
            yield JsonLine(name, file_name, row.number, row.data, row.too_long, options, at)
    except BrokenStream as broken:
        yield known(SourcePage.refused(broken_rows(name, broken)))


def broken_rows(name: str, broken: BrokenStream) -> PageError:
    """The error for the rows of source ``name`` from the one where its stream broke."""
    return PageError.broken_source(f"{name}:{broken.number}", broken.cause)


T = TypeVar("T")


def reread(items: list[T]) -> list[T | JsonLine | SourcePage]:
    """``items`` with each ``light()`` JSON line given its bytes back.

    Consecutive rows of one file are read with one ``pread``. A file that is no
    longer the one the reader opened (replaced, truncated, gone) fails those
    rows as unreadable rather than reading other bytes.
    """
    done: list[T | JsonLine | SourcePage] = list(items)
    run: list[int] = []
    end: tuple[str, tuple[int, int], int] | None = None  # where the run's last row ends
    for index, item in enumerate(items):
        if not isinstance(item, JsonLine) or not item.is_light or item.at is None:
            continue
        at = item.at
        if run and (end is None or end[:2] != (at.path, at.file_key) or at.offset < end[2]):
            _fill(done, run)  # another file, or the same file again from an earlier row
            run = []
        run.append(index)
        end = (at.path, at.file_key, at.offset + at.length)
    if run:
        _fill(done, run)
    return done


def _fill(done: list[Any], run: list[int]) -> None:
    lines: list[JsonLine] = [done[index] for index in run]
    first, last = lines[0].at, lines[-1].at
    assert first is not None and last is not None
    start, size = first.offset, last.offset + last.length - first.offset
    try:
        data = pread_all(first.path, first.file_key, start, size)
    except OSError as exc:
        for index, line in zip(run, lines, strict=True):
            error = PageError.changed_file(line.source_id, line.fallback_path, exc)
            done[index] = SourcePage.refused(error)
        return
    for index, line in zip(run, lines, strict=True):
        assert line.at is not None
        begin = line.at.offset - start
        done[index] = evolve(line, line=data[begin : begin + line.at.length])


def pread_all(path: str, file_key: tuple[int, int], offset: int, size: int) -> bytes:
    """``size`` bytes at ``offset`` of ``path``, if it is still the file ``file_key`` names."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != file_key:
            raise OSError(errno.ESTALE, "it was replaced")
        parts = []
        while size > 0:
            part = os.pread(fd, size, offset)
            if not part:
                raise OSError(errno.EIO, "it is shorter than when it was read")
            parts.append(part)
            offset += len(part)
            size -= len(part)
        return b"".join(parts)
    finally:
        os.close(fd)
