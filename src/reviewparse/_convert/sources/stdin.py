"""Standard input as a source (``-``): JSON Lines rows, or a single page.

``--input-format`` says which; ``auto`` (the default) looks at the first bytes:
gzip's magic or a ``{`` as the first character that is not blank (after a UTF-8
byte-order mark) is JSON Lines, anything else is one page. Nothing at all (or
only blank lines) is JSON Lines without rows: empty in, nothing out. The bytes looked at
are put back in front of the stream, so nothing is read twice and a dump of any
size streams through as a file would. A pipe cannot be read again: rows go to
the workers with their bytes, and ``--resume`` refuses standard input.
"""

from __future__ import annotations

import codecs
import gzip
import io
from collections.abc import Iterator
from typing import IO, Any

from reviewparse._convert.sources.files import read_page_file
from reviewparse._convert.sources.jsonl import stream_entries
from reviewparse._convert.sources.page import (
    Entry,
    InputFormat,
    SourceOptions,
    SourcePage,
    Tally,
    known,
)

#: The name standard input goes by in page ids (``<stdin>``, ``<stdin>:LINE``).
STDIN_NAME = "<stdin>"
#: Where ``render`` writes a page read from standard input (rows: ``stdin-LINE.txt``).
STDIN_FILE = "stdin"

_LOOK = 64 * 1024  # bytes enough to see past any blank start a JSON Lines dump has
_GZIP_MAGIC = b"\x1f\x8b"


class _Prefixed(io.RawIOBase):
    """``head`` and then the rest of ``stream``: the bytes looked at, put back."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        read1 = getattr(self._stream, "read1", self._stream.read)
        data: bytes = read1(len(view))
        view[: len(data)] = data
        return len(data)


def _looked_at(stream: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The first bytes of ``stream`` (up to the first ink, or ``_LOOK``), and it whole."""
    head = b""
    read1 = getattr(stream, "read1", stream.read)
    while len(head) < _LOOK and not head.removeprefix(codecs.BOM_UTF8).strip():
        chunk: bytes = read1(_LOOK)
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(_Prefixed(head, stream))


def is_jsonl(head: bytes) -> bool:
    """What ``auto`` takes for JSON Lines: gzip, a first character ``{``, or nothing."""
    first = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    return head.startswith(_GZIP_MAGIC) or first in (b"{", b"")


def stdin_entries(
    stream: IO[bytes], input_format: InputFormat, options: SourceOptions, tally: Tally
) -> Iterator[Entry]:
    """The pages of standard input, by ``input_format``."""
    head, whole = _looked_at(stream)
    if input_format == "jsonl" or (input_format == "auto" and is_jsonl(head)):
        if head.startswith(_GZIP_MAGIC):
            whole = gzip.GzipFile(fileobj=whole)  # type: ignore[assignment]
        yield from stream_entries(whole, STDIN_NAME, STDIN_FILE, options, tally)
        return
    yield known(_one_page(whole, options.max_page_bytes, tally))


def _one_page(stream: IO[bytes], cap: int, tally: Tally) -> SourcePage:
    # A pipe states no size (0), so the read is capped as a FIFO's is.
    path = f"{STDIN_FILE}.txt"
    return read_page_file(
        lambda: stream, lambda: 0, source_id=STDIN_NAME, path=path, cap=cap, tally=tally
    )
