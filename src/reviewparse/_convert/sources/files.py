"""Page files: one named as a source, and the regular files of a directory tree.

A file named on the command line is opened as given: a FIFO or a symlink works.
A file found by walking a directory must be a regular file, not a symlink: a
dump unpacked from elsewhere could link ``page.txt`` to a secret or to
``/dev/zero``, and a FIFO would block the run forever.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from attrs import frozen

from reviewparse._convert.page_errors import PageError
from reviewparse._convert.pickling import tuple_pickled
from reviewparse._convert.sources.names import PAGE_SUFFIX
from reviewparse._convert.sources.page import Entry, SourcePage, Tally, known

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NON_BLOCK = getattr(os, "O_NONBLOCK", 0)


def read_page_file(
    open_file: Callable[[], IO[bytes]],
    file_size: Callable[[], int],
    *,
    source_id: str,
    path: str,
    cap: int,
    tally: Tally | None = None,
) -> SourcePage:
    """Read one page file, at most the page cap; ``open_file`` and ``file_size`` reach it.

    A stated size of 0 proves nothing (a FIFO, a file in /proc), so the read is
    capped too.
    """
    tally = tally or Tally()
    try:
        size = file_size()
        if size > cap:
            tally.bytes_read += size
            return SourcePage.refused(PageError.too_large(source_id, path, size, cap))
        with open_file() as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        return SourcePage.refused(PageError.unreadable(source_id, path, exc))
    tally.bytes_read += len(data)
    if len(data) > cap:
        return SourcePage.refused(PageError.read_too_large(source_id, path, cap))
    return SourcePage(source_id, path, data)


@tuple_pickled
@frozen
class WalkedFile:
    """A page file found by walking a directory, read only when called.

    Picklable, so that ``convert --jobs N`` has a worker open and read it
    instead of the one process that walks the dump. It must still be a regular
    file when opened: ``O_NOFOLLOW`` and ``O_NONBLOCK`` keep the name from being
    swapped for a symlink or a FIFO after the walk looked at it, and ``fstat``
    checks what was opened.
    """

    path: str
    source_id: str
    rel: str
    size: int  # st_size when walked: for chunk sizes and progress, not trusted
    max_page_bytes: int

    def __len__(self) -> int:
        return self.size

    def __call__(self) -> SourcePage:
        cap = self.max_page_bytes
        try:
            fd = os.open(self.path, os.O_RDONLY | _NO_FOLLOW | _NON_BLOCK)
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    return _special_file(self.source_id, self.rel, info.st_mode)
                data = handle.read(cap + 1)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # swapped for a symlink since the walk
                return _special_file(self.source_id, self.rel, stat.S_IFLNK)
            return SourcePage.refused(PageError.unreadable(self.source_id, self.rel, exc))
        if len(data) > cap:
            return SourcePage.refused(PageError.read_too_large(self.source_id, self.rel, cap))
        return SourcePage(self.source_id, self.rel, data)


def directory_entries(root: Path, name: str, cap: int, tally: Tally) -> Iterator[Entry]:
    """A ``WalkedFile`` per page file; what the walk's ``lstat`` already refuses, as is.

    Progress counts a file's bytes when it is handed out, since a worker may
    be the one to read it.
    """
    for path in walk(root):
        if isinstance(path, OSError):
            yield known(_unlisted(root, name, path))
            continue
        rel = path.relative_to(root).as_posix()
        source_id = f"{name.rstrip('/')}/{rel}"
        try:
            info = path.lstat()
        except OSError as exc:
            yield known(SourcePage.refused(PageError.unreadable(source_id, rel, exc)))
            continue
        if not stat.S_ISREG(info.st_mode):
            yield known(_special_file(source_id, rel, info.st_mode))
            continue
        tally.bytes_read += info.st_size
        if info.st_size > cap:
            yield known(SourcePage.refused(PageError.too_large(source_id, rel, info.st_size, cap)))
            continue
        yield WalkedFile(str(path), source_id, rel, info.st_size, cap)


def walk(root: Path) -> Iterator[Path | OSError]:
    """The page files below ``root``, and (in place) each directory it cannot list.

    ``os.walk`` order with sorted names: a directory's files, then its subdirectories.
    """
    unlisted: list[OSError] = []  # os.walk would skip these silently
    for top, dirs, files in os.walk(root, onerror=unlisted.append):
        yield from unlisted
        unlisted.clear()
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(PAGE_SUFFIX):
                yield Path(top, name)
    yield from unlisted


def walked_bytes(root: Path) -> int:
    """Bytes on disk of the page files below ``root`` (a progress bar's total)."""
    return sum(path.lstat().st_size for path in walk(root) if not isinstance(path, OSError))


def mode_type(mode: int) -> str:
    """What a file that is not a regular one is, by its ``st_mode``, in a word."""
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "fifo"
    return "special"


def _special_file(source_id: str, rel: str, mode: int) -> SourcePage:
    return SourcePage.refused(PageError.special_file(source_id, rel, mode_type(mode)))


def _unlisted(root: Path, name: str, exc: OSError) -> SourcePage:
    where = Path(exc.filename) if exc.filename else root
    rel = f"{where.relative_to(root).as_posix()}/" if where != root else ""
    return SourcePage.refused(PageError.unlisted_directory(f"{name.rstrip('/')}/{rel}", exc))
