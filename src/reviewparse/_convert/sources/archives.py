"""Pages inside tar and zip archives, read in place within the safety caps.

A member is a page when it is a regular file named ``*.txt``; symlinks, links,
devices and FIFOs are refused, and so are names that would leave a directory.
No member is read past the page cap, and no archive past the archive cap of
decompressed bytes, whatever the headers declare. Compressed tar streams are
inflated only as far as they are read (tarfile's own ``r|gz`` inflates whole
blocks, and a bomb's block can be megabytes), and xz with a memory limit.

The readers take a function that opens the archive's bytes, so the Dask engine
reads members through fsspec exactly as the local engine reads them from disk.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from reviewparse._convert.page_errors import PageError
from reviewparse._convert.sizes import MiB
from reviewparse._convert.sources.files import mode_type
from reviewparse._convert.sources.names import PAGE_SUFFIX, SourceKind, safe_relpath
from reviewparse._convert.sources.page import Entry, SourceOptions, SourcePage, Tally, known

Opener = Callable[[], IO[bytes]]

_TAR_ERRORS = (tarfile.TarError, OSError, EOFError, lzma.LZMAError)
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError)

# liblzma allocates the dictionary an xz stream declares (up to 1.5 GiB in a crafted
# header); the default preset needs 8 MiB to decode and -9 64 MiB. LZMAFile takes no limit.
XZ_MEMLIMIT = 128 * MiB


def archive_entries(
    kind: SourceKind, open_archive: Opener, name: str, options: SourceOptions, tally: Tally
) -> Iterator[Entry]:
    """The entries of a ``tar`` or ``zip`` source named ``name``, in member order."""
    if kind == "tar":
        return tar_entries(open_archive, name, options, tally)
    if kind == "zip":
        return zip_entries(open_archive, name, options, tally)
    raise ValueError(f"not an archive kind: {kind!r}")


def tar_entries(
    open_archive: Opener, name: str, options: SourceOptions, tally: Tally
) -> Iterator[Entry]:
    with open_archive() as raw:
        stream = _decompressed(raw)
        try:
            archive = tarfile.open(fileobj=stream, mode="r|")  # noqa: SIM115 - closed below
        except _TAR_ERRORS as exc:
            yield known(SourcePage.refused(PageError.broken_source(name, exc)))
            return
        try:
            with archive:
                yield from _tar_members(archive, raw, name, options, tally)
        finally:
            if stream is not raw:
                stream.close()


def _tar_members(
    archive: tarfile.TarFile, raw: IO[bytes], name: str, options: SourceOptions, tally: Tally
) -> Iterator[Entry]:
    members = iter(archive)
    while True:
        try:
            member = next(members)
        except StopIteration:
            return
        except _TAR_ERRORS as exc:
            yield known(SourcePage.refused(PageError.broken_source(f"{name}/", exc)))
            return
        archive.members = []  # type: ignore[attr-defined]  # stream mode keeps every header
        tally.bytes_read = raw.tell()
        if member.isdir():
            continue
        source_id = f"{name}/{member.name}"
        if member.offset_data + member.size > options.max_archive_bytes:
            error = PageError.archive_over_cap(source_id, options.max_archive_bytes)
            yield known(SourcePage.refused(error))
            return
        if not member.isreg():
            yield known(SourcePage.refused(PageError.special_member(source_id, _tar_type(member))))
            continue
        if not member.name.lower().endswith(PAGE_SUFFIX):
            continue
        problem = _refusal(source_id, member.name, member.size, options)
        if problem is not None:
            yield known(SourcePage.refused(problem))
            continue
        try:
            handle = archive.extractfile(member)
            assert handle is not None  # a regular member always has data
            data = handle.read()
        except _TAR_ERRORS as exc:
            yield known(SourcePage.refused(PageError.broken_source(source_id, exc)))
            return
        yield known(SourcePage(source_id, member.name, data))


def zip_entries(
    open_archive: Opener, name: str, options: SourceOptions, tally: Tally
) -> Iterator[Entry]:
    try:
        raw = open_archive()
    except OSError as exc:
        yield known(SourcePage.refused(PageError.broken_source(name, exc)))
        return
    with raw:
        try:
            archive = zipfile.ZipFile(raw)
        except (zipfile.BadZipFile, OSError) as exc:
            yield known(SourcePage.refused(PageError.broken_source(name, exc)))
            return
        with archive:
            yield from _zip_members(archive, name, options, tally)


def _zip_members(
    archive: zipfile.ZipFile, name: str, options: SourceOptions, tally: Tally
) -> Iterator[Entry]:
    budget = _ArchiveBudget(options)
    for info in archive.infolist():
        tally.bytes_read += info.compress_size
        if info.is_dir():
            continue
        source_id = f"{name}/{info.filename}"
        mode = info.external_attr >> 16  # Unix mode, when the zip has one
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            yield known(SourcePage.refused(PageError.special_member(source_id, mode_type(mode))))
            continue
        if not info.filename.lower().endswith(PAGE_SUFFIX):
            continue
        problem = _refusal(source_id, info.filename, info.file_size, options)
        if problem is None and budget.read + info.file_size > options.max_archive_bytes:
            problem = PageError.archive_would_exceed_cap(source_id, options.max_archive_bytes)
        if problem is not None:
            yield known(SourcePage.refused(problem))
            continue

        def entry(info: zipfile.ZipInfo = info, source_id: str = source_id) -> SourcePage:
            return budget.read_member(archive, info, source_id)

        yield entry


class _ArchiveBudget:
    """The decompressed bytes read from one zip so far, against the archive cap."""

    def __init__(self, options: SourceOptions) -> None:
        self.options = options
        self.read = 0

    def read_member(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, source_id: str
    ) -> SourcePage:
        cap = self.options.max_page_bytes
        try:
            with archive.open(info) as handle:
                data = handle.read(cap + 1)  # never trust the declared size
        except _ZIP_ERRORS as exc:
            return SourcePage.refused(PageError.unreadable_member(source_id, info.filename, exc))
        self.read += len(data)
        if len(data) > cap:
            return SourcePage.refused(PageError.too_large(source_id, info.filename, len(data), cap))
        if self.read > self.options.max_archive_bytes:
            error = PageError.archive_exceeded_cap(source_id, self.options.max_archive_bytes)
            return SourcePage.refused(error)
        return SourcePage(source_id, info.filename, data)


def _refusal(source_id: str, name: str, size: int, options: SourceOptions) -> PageError | None:
    """Why a member is not read before reading it: an unsafe name, or over the page cap."""
    if safe_relpath(name) is None:
        return PageError.unsafe_name(source_id, name)
    if size > options.max_page_bytes:
        return PageError.too_large(source_id, name, size, options.max_page_bytes)
    return None


def _decompressed(raw: IO[bytes]) -> IO[bytes]:
    """``raw`` itself, or a gzip/bzip2/xz reader over it, by the magic bytes."""
    magic = raw.read(6)
    raw.seek(0)
    if magic.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if magic.startswith(b"BZh"):
        return bz2.BZ2File(raw)
    if magic.startswith(b"\xfd7zXZ\x00"):
        return io.BufferedReader(_XZReader(raw))
    return raw


class _XZReader(io.RawIOBase):
    """An xz stream decoded with a memory limit (``lzma.LZMAError`` beyond it)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._decoder = lzma.LZMADecompressor(memlimit=XZ_MEMLIMIT)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while True:
            if self._decoder.eof:
                rest = self._decoder.unused_data or self._raw.read(64 * 1024)
                if not rest:
                    return 0
                # Concatenated streams, as xz writes and LZMAFile reads them.
                self._decoder = lzma.LZMADecompressor(memlimit=XZ_MEMLIMIT)
                try:
                    chunk = self._decoder.decompress(rest, len(view))
                except lzma.LZMAError as exc:
                    if "limit" in str(exc):
                        raise
                    return 0  # padding or garbage after a stream ends it, as in LZMAFile
            elif self._decoder.needs_input:
                data = self._raw.read(64 * 1024)
                if not data:
                    raise EOFError("compressed file ended before the end-of-stream marker")
                chunk = self._decoder.decompress(data, len(view))
            else:
                chunk = self._decoder.decompress(b"", len(view))
            if chunk:
                view[: len(chunk)] = chunk
                return len(chunk)


def _tar_type(member: tarfile.TarInfo) -> str:
    if member.issym():
        return "symlink"
    if member.islnk():
        return "hard link"
    if member.ischr() or member.isblk():
        return "device"
    if member.isfifo():
        return "fifo"
    return "special"
