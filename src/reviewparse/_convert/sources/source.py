"""One source named on the command line, read from the local disk; all of them in order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from reviewparse._convert.sources.archives import archive_entries
from reviewparse._convert.sources.files import (
    WalkedFile,
    directory_entries,
    read_page_file,
    walked_bytes,
)
from reviewparse._convert.sources.jsonl import JsonLine, jsonl_entries
from reviewparse._convert.sources.names import kind_of, source_name
from reviewparse._convert.sources.page import Entry, SourceOptions, SourcePage, Tally
from reviewparse._convert.usage import UsageError

#: Entries that read (or decode) their page only when called, in whichever
#: process converts them; every other entry is read where it is listed.
Deferred = JsonLine | WalkedFile


_DEFAULT_OPTIONS = SourceOptions()


class SourceError(UsageError):
    """A source that cannot be used at all (missing path): a usage error."""


class Source:
    """One command-line source; ``entries()`` streams its pages, ``consumed`` its progress."""

    def __init__(self, spec: str, options: SourceOptions = _DEFAULT_OPTIONS) -> None:
        self.path = Path(spec)
        if not self.path.exists():
            raise SourceError(f"{spec}: no such file or directory")
        self.kind = kind_of(self.path)
        self.options = options
        self.name = source_name(spec)
        self.tally = Tally()

    @property
    def consumed(self) -> int:
        """Bytes of the source on disk read so far (for progress)."""
        return self.tally.bytes_read

    def size(self) -> int:
        """Bytes on disk this source will read (for a progress bar's total)."""
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


def iter_entries(sources: list[Source]) -> Iterator[tuple[Source, Entry]]:
    """Every entry of every source, in order."""
    for source in sources:
        for entry in source.entries():
            yield source, entry
