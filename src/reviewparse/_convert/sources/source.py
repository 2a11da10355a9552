"""One source named on the command line, read from the local disk; all of them in order."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Literal

from attrs import frozen

from reviewparse._convert.sources.archives import archive_entries
from reviewparse._convert.sources.files import (
    WalkedFile,
    directory_entries,
    read_page_file,
    walked_bytes,
)
from reviewparse._convert.sources.jsonl import JsonLine, jsonl_entries
from reviewparse._convert.sources.names import (
    PAGE_SUFFIX,
    STDIN,
    SourceKind,
    kind_of,
    source_name,
)
from reviewparse._convert.sources.page import Entry, SourceOptions, SourcePage, Tally
from reviewparse._convert.sources.stdin import STDIN_NAME, stdin_entries
from reviewparse._convert.usage import UsageError

#: Entries that read (or decode) their page only when called, in whichever
#: process converts them; every other entry is read where it is listed.
Deferred = JsonLine | WalkedFile


_DEFAULT_OPTIONS = SourceOptions()


class SourceError(UsageError):
    """A source that cannot be used at all (missing path): a usage error."""


class Source:
    """One command-line source; ``entries()`` streams its pages, ``consumed`` its progress."""

    def __init__(
        self, spec: str, options: SourceOptions = _DEFAULT_OPTIONS, stdin: IO[bytes] | None = None
    ) -> None:
        self.path = Path(spec)
        self.options = options
        self.tally = Tally()
        self.stdin = stdin
        if spec == STDIN:  # never a file named "-"
            self.kind: SourceKind | Literal["stdin"] = "stdin"
            self.name = STDIN_NAME
            return
        if not self.path.exists():
            raise SourceError(f"{spec}: no such file or directory")
        self.kind = kind_of(self.path)
        self.name = source_name(spec)

    @property
    def consumed(self) -> int:
        """Bytes of the source on disk read so far (for progress)."""
        return self.tally.bytes_read

    def size(self) -> int | None:
        """Bytes on disk this source will read (for a progress bar's total; None: unknown)."""
        if self.kind == "stdin":
            return None
        if self.kind == "dir":
            return walked_bytes(self.path)
        return self.path.stat().st_size

    def entries(self) -> Iterator[Entry]:
        options, tally = self.options, self.tally
        if self.kind == "dir":
            yield from directory_entries(self.path, self.name, options.max_page_bytes, tally)
        elif self.kind == "jsonl":
            yield from jsonl_entries(self.path, self.name, options, tally)
        elif self.kind == "file":
            yield self._read_file
        elif self.kind == "stdin":
            stream = self.stdin if self.stdin is not None else sys.stdin.buffer
            yield from stdin_entries(stream, options.stdin_format, options, tally)
        else:
            yield from archive_entries(self.kind, self._open, self.name, options, tally)

    def _open(self) -> IO[bytes]:
        return self.path.open("rb")

    def _read_file(self) -> SourcePage:
        cap = self.options.max_page_bytes
        path = self.path
        return read_page_file(
            self._open,
            lambda: path.stat().st_size,
            source_id=self.name,
            path=path.name,
            cap=cap,
            tally=self.tally,
        )


@frozen
class Overlap:
    """A source left out because another one given reads the same pages."""

    dropped: str
    kept: str
    why: Literal["same", "inside"]

    def __str__(self) -> str:
        if self.why == "same":
            return f"{self.dropped} is the same source as {self.kept}: read once"
        return f"{self.dropped} is inside {self.kept}, which is read whole: read once, there"


def distinct_sources(specs: Iterable[str]) -> tuple[tuple[str, ...], tuple[Overlap, ...]]:
    """The sources without repeats, and what was left out, so no page is converted twice.

    A source is a repeat when it resolves to the path of an earlier one (``a.txt``
    and ``./a.txt``, a symlink and its target; ``-`` twice), or when a directory
    given reads it anyway: a ``.txt`` file or a directory whose resolved path lies
    below that directory's (the walk takes every ``*.txt`` below it). The directory
    is kept wherever it comes in the list. A JSON Lines file or an archive inside a
    directory is no repeat: the walk reads ``.txt`` files only. URLs compare as written.
    """
    given = [(spec, _resolved(spec)) for spec in specs]
    directories = [
        (spec, where) for spec, where in given if where is not None and Path(where).is_dir()
    ]
    kept: list[str] = []
    overlaps: list[Overlap] = []
    seen: dict[str, str] = {}
    for spec, where in given:
        key = where or spec.rstrip("/")
        if key in seen:
            overlaps.append(Overlap(spec, seen[key], "same"))
            continue
        cover = next(
            (
                other
                for other, root in directories
                if root != key
                and where is not None
                and _below(where, root)
                and (Path(where).is_dir() or where.lower().endswith(PAGE_SUFFIX))
            ),
            None,
        )
        seen[key] = spec
        if cover is not None:
            overlaps.append(Overlap(spec, cover, "inside"))
            continue
        kept.append(spec)
    return tuple(kept), tuple(overlaps)


def _resolved(spec: str) -> str | None:
    """A local source's real path (None for a URL, or for ``-``, which is its own name)."""
    if "://" in spec or spec == STDIN:
        return None
    return os.path.realpath(spec)


def _below(path: str, root: str) -> bool:
    return os.path.commonpath([path, root]) == root


def iter_entries(sources: list[Source]) -> Iterator[tuple[Source, Entry]]:
    """Every entry of every source, in order."""
    for source in sources:
        for entry in source.entries():
            yield source, entry
