"""What every reader makes: a page as read, or why it could not be read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple, get_args

from attrs import frozen

from reviewparse._convert.page_errors import ErrorKind, PageError
from reviewparse._convert.pickling import tuple_pickled
from reviewparse._convert.sizes import MAX_ARCHIVE_BYTES, MAX_PAGE_BYTES

#: What standard input (``-``) holds: JSON Lines, one page, or ``auto`` (look and see).
InputFormat = Literal["auto", "jsonl", "page"]
INPUT_FORMATS: tuple[InputFormat, ...] = get_args(InputFormat)


@tuple_pickled
@frozen
class SourceOptions:
    text_field: str = "text"
    id_field: str = "id"
    max_page_bytes: int = MAX_PAGE_BYTES
    max_archive_bytes: int = MAX_ARCHIVE_BYTES
    stdin_format: InputFormat = "auto"


class SourceField(NamedTuple):
    """A field of a JSON Lines row that reviewparse does not read (a ``url``, a crawl date).

    ``value`` is the field's value as JSON text, so any JSON value travels as it was.
    """

    key: str
    value: str


@tuple_pickled
@frozen
class SourcePage:
    """One page as read, or why it could not be read (``error`` set, no ``data``).

    ``data`` is bytes for files and archive members, text for JSONL pages.
    ``path`` is where ``render`` writes the page back, relative to its output dir.
    ``source_fields`` are a JSON Lines row's other fields, which every output carries.
    """

    source_id: str
    path: str
    data: bytes | str | None = None
    record_id: str | None = None
    error: str | None = None
    error_kind: ErrorKind | None = None
    source_fields: tuple[SourceField, ...] = ()

    @classmethod
    def refused(cls, error: PageError, record_id: str | None = None) -> SourcePage:
        """The page a reader gives for ``error``: no data, the error's message and kind."""
        return cls(error.source_id, error.path, None, record_id, error.message, error.kind)

    def problem(self) -> PageError | None:
        """Why the page could not be read, as the error report states it (None: it was)."""
        if self.error is None:
            return None
        return PageError(self.source_id, self.path, self.error_kind or "unreadable", self.error)


Entry = Callable[[], SourcePage]


def known(page: SourcePage) -> Entry:
    """An entry whose page is already known (read, or refused)."""
    return lambda: page


class Tally:
    """Bytes of a source read so far, for a progress bar (an estimate, never trusted)."""

    def __init__(self) -> None:
        self.bytes_read = 0
