"""``convert -o -``: a stream format's bytes on standard output, as they would be in OUT.

Only a stream format (one with a separator: JSON Lines, JSON, JSON-LD, CSV) can
go to a pipe; Parquet and SQLite need a file they can seek in. The header and
footer are the format's own: they are learnt once from its writer, opened on a
scratch file and finished with no item, so the bytes on standard output are the
bytes ``-o FILE`` writes. Nothing here can be resumed: a pipe cannot be read back.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import IO

from reviewparse._convert.checkpoints import Checkpoint
from reviewparse._convert.outputs import Format
from reviewparse._convert.usage import UsageError

_NOTHING_YET = Checkpoint(0, 0, 0, 0, 0, None)


def streamable(fmt: Format) -> Format:
    """``fmt``, if it can be written to standard output; else the usage error saying so."""
    if fmt.separator is None:
        raise UsageError(
            f"{fmt.name} cannot be written to standard output (it needs a file it can seek "
            f"in): use -o FILE{fmt.suffixes[0] if fmt.suffixes else ''}, or a stream format "
            "(jsonl, json, jsonld, csv)"
        )
    return fmt


def frame(fmt: Format) -> tuple[bytes, bytes]:
    """The header and footer ``fmt``'s writer puts around the items of a file."""
    with tempfile.TemporaryDirectory(prefix="reviewparse-frame-") as scratch:
        path = Path(scratch, "frame")
        writer = fmt.open(path, False)
        writer.checkpoint(_NOTHING_YET)  # makes the header durable, so it can be read
        header = path.read_bytes()
        writer.finish()
        whole = path.read_bytes()
    if not whole.startswith(header):  # pragma: no cover - a writer that rewrites its start
        raise UsageError(f"{fmt.name} cannot be written to standard output")
    return header, whole[len(header) :]


class StdoutWriter:
    """Header, items joined by the format's separator, footer: on a stream, in order."""

    resumed: Checkpoint | None = None

    def __init__(self, fmt: Format, sink: IO[bytes]) -> None:
        header, self.footer = frame(streamable(fmt))
        self.separator = fmt.separator or b""
        self.sink = sink
        self.items = 0
        sink.write(header)

    def write(self, item: bytes) -> None:
        if self.items and self.separator:
            self.sink.write(self.separator)
        self.sink.write(item)
        self.items += 1

    def checkpoint(self, state: Checkpoint) -> None:
        """Nothing to make durable; the records so far go down the pipe."""
        self.sink.flush()

    def finish(self) -> None:
        self.sink.write(self.footer)
        self.sink.flush()

    def close(self) -> None:
        self.sink.flush()
