"""Stream formats: a header, one chunk of bytes per page, a footer; resumable by offset.

Most formats are such a stream, and one function makes one::

    def titles(record: PageRecord) -> str:
        return json.dumps(record.page.title) + "\\n"

    TITLES = stream_format(titles, "titles", ".titles")

The function runs in the workers and its text is encoded there, so the main
process only copies bytes, or appends a worker's whole file of them.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO

from attrs import frozen

from reviewparse._convert.checkpoints import Checkpoint
from reviewparse._convert.outputs.record import PageRecord
from reviewparse._convert.outputs.registry import Format, Writer
from reviewparse._convert.sizes import MiB
from reviewparse._core.atomic import write_durably

#: A stream file's write buffer: records are about 10 KB, so this makes one write(2)
#: for a hundred or so of them, where the default 8 KiB buffer would make one each.
WRITE_BUFFER = 1 * MiB


class StreamWriter:
    """Header, items joined by a separator, footer; resumable by byte offset.

    The checkpoint lives next to the file (``<file>.ckpt``) and records the
    offset reached; resuming truncates the file back to it.
    """

    def __init__(
        self, path: Path, resume: bool, *, header: bytes, separator: bytes, footer: bytes
    ) -> None:
        self.path = path
        self.ckpt = path.with_name(path.name + ".ckpt")
        self.separator = separator
        self.footer = footer
        self.resumed: Checkpoint | None = None
        self.sink: IO[bytes]
        if resume and path.exists() and self.ckpt.exists():
            saved = json.loads(self.ckpt.read_text("utf-8"))
            self.resumed = Checkpoint.from_dict(saved)
            self.sink = path.open("r+b", buffering=WRITE_BUFFER)
            self.sink.truncate(saved["output_offset"])
            self.sink.seek(saved["output_offset"])
            self.items = self.resumed.records
        else:
            self.ckpt.unlink(missing_ok=True)
            self.sink = path.open("wb", buffering=WRITE_BUFFER)
            self.sink.write(header)
            self.items = 0

    def write(self, item: bytes) -> None:
        if self.items and self.separator:
            self.sink.write(self.separator)
        self.sink.write(item)
        self.items += 1

    def write_file(self, path: str, count: int) -> None:
        """Append ``count`` items that a worker wrote to ``path``, joined by the separator.

        The bytes go from file to file inside the kernel (``copy_file_range``)
        where it can, so the main process never reads them.
        """
        if self.items and self.separator and count:
            self.sink.write(self.separator)
        self.sink.flush()
        with Path(path).open("rb", buffering=0) as source:
            _copy_file(source, self.sink)
        self.items += count

    def checkpoint(self, state: Checkpoint) -> None:
        self.sink.flush()
        os.fsync(self.sink.fileno())
        saved = state.to_dict() | {"output_offset": self.sink.tell()}
        write_durably(self.ckpt, json.dumps(saved).encode("utf-8"))

    def finish(self) -> None:
        self.sink.write(self.footer)
        self.sink.flush()
        os.fsync(self.sink.fileno())
        self.sink.close()
        self.ckpt.unlink(missing_ok=True)

    def close(self) -> None:
        self.sink.close()


def _copy_file(source: IO[bytes], sink: IO[bytes]) -> None:
    """Copy all of the unbuffered ``source`` to the (flushed) ``sink``'s position.

    ``copy_file_range`` where the kernel can; anything it did not copy (it
    refused, or some file system stopped short) is copied through memory.
    """
    size = os.fstat(source.fileno()).st_size
    copied = 0
    copy_range = getattr(os, "copy_file_range", None)  # Linux only
    while copy_range is not None and copied < size:
        try:
            done = copy_range(source.fileno(), sink.fileno(), size - copied)
        except OSError as exc:
            # Not between these files (another file system on an old kernel, a
            # file system without it): copy through memory, unless bytes already
            # moved or the error is the sink's own (a full disk).
            if copied or exc.errno not in _NO_COPY_RANGE:
                raise
            break
        if not done:
            break
        copied += done
    shutil.copyfileobj(source, sink, MiB)  # from where the kernel stopped, if it did


_NO_COPY_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM}


def stream_format(
    text: Callable[[PageRecord], str],
    name: str,
    *suffixes: str,
    header: bytes = b"",
    separator: bytes = b"",
    footer: bytes = b"",
) -> Format:
    """A stream format from one function: page record -> its text in the file.

    ``text`` runs in the workers, so it must be a module-level function.
    """

    def open_writer(path: Path, resume: bool) -> Writer:
        return StreamWriter(path, resume, header=header, separator=separator, footer=footer)

    return Format(name, suffixes, _Encoded(text), open_writer, resumable=True, separator=separator)


@frozen
class _Encoded:
    """``fn`` then UTF-8 (in the worker, so the main process only copies bytes)."""

    fn: Callable[[PageRecord], str]

    def __call__(self, record: PageRecord) -> bytes:
        return self.fn(record).encode("utf-8")
