"""The format registry: what a format is, the writer it opens, and finding one by name.

A format has two halves. ``prepare`` turns one parsed page (a ``PageRecord``)
into what the writer needs; it runs in the worker processes, so it must be a
module-level function. ``open`` makes the writer, which runs in the main
process and receives prepared items in source order.

Resumable formats (the stream formats and SQLite): ``checkpoint(state)`` makes
everything written so far durable together with the run's ``Checkpoint``, and
opening with ``resume=True`` returns to the last one (``resumed``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any, Protocol

from attrs import frozen

from reviewparse._convert.checkpoints import Checkpoint
from reviewparse._convert.outputs.record import PageRecord


class OutputError(Exception):
    """A format that cannot be used here (unknown, or its library is missing)."""


class Writer(Protocol):
    resumed: Checkpoint | None  # the checkpoint this writer resumed from

    def write(self, item: Any) -> None:
        """Write one prepared item (what the format's ``prepare`` made of a page)."""

    def checkpoint(self, state: Checkpoint) -> None:
        """Make everything written so far durable, together with ``state``."""

    def finish(self) -> None:
        """Complete and close the file (footer, indexes), fsync'd; the caller renames it."""

    def close(self) -> None:
        """Close without finishing (an interrupted run; a resumable file stays resumable)."""


@frozen
class Format:
    name: str
    suffixes: tuple[str, ...]
    prepare: Callable[[PageRecord], Any]
    open: Callable[[Path, bool], Writer]  # (partial path, resume) -> writer
    resumable: bool = False
    needs: str | None = None  # an importable module the format requires
    extra: str | None = None  # the pip extra that provides it
    #: A stream format's separator between items (None: not a stream format). A
    #: worker can then join a chunk's items itself and hand over a file of them.
    separator: bytes | None = None


FORMATS: dict[str, Format] = {}

#: The format of an OUT whose name has no extension at all.
DEFAULT_FORMAT = "jsonl"


def register(fmt: Format) -> Format:
    FORMATS[fmt.name] = fmt
    return fmt


def get_format(name: str) -> Format:
    try:
        fmt = FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise OutputError(f"unknown format {name!r} (known: {known})") from None
    if fmt.needs is not None:
        try:
            __import__(fmt.needs)
        except ImportError:
            hint = f": pip install 'reviewparse[{fmt.extra}]'" if fmt.extra else ""
            raise OutputError(f"{fmt.name} output needs {fmt.needs}{hint}") from None
    return fmt


def format_for(path: str) -> Format:
    """The format whose suffix ``path`` ends with (longest suffix wins).

    A name without an extension gets the default, JSON Lines; an extension that
    names no format is an error rather than a guess (``pages.jsnol`` is a typo).
    """
    name = path.lower()
    matches = [
        (len(suffix), fmt)
        for fmt in FORMATS.values()
        for suffix in fmt.suffixes
        if name.endswith(suffix)
    ]
    if not matches and not PurePath(path).suffix:
        return get_format(DEFAULT_FORMAT)
    if not matches:
        known = ", ".join(sorted(s for fmt in FORMATS.values() for s in fmt.suffixes))
        raise OutputError(
            f"cannot tell the format of {path!r} (known suffixes: {known}); use --format"
        )
    return get_format(max(matches, key=lambda match: match[0])[1].name)
