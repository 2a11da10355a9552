"""Pages out of a dump: text files, directory trees, JSON Lines, tar and zip archives.

Every source is read in place and streamed: one page in memory at a time,
archives never extracted, nothing written anywhere. Sources yield *entries* in
a deterministic order (directories sorted, archive members and JSONL lines in
file order); an entry is a zero-argument callable that reads its page, so
``--resume`` can skip entries without reading them.

Reading never raises for a bad page: the page comes back with ``error`` set
(too large, a symlink or device member, an unsafe member name, a bad JSON
line...), and the caller reports it.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import io
import json
import lzma
import os
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any, TypeVar

from attrs import evolve, frozen

from reviewparse._convert.page_errors import ErrorKind
from reviewparse._convert.pickling import tuple_pickled
from reviewparse._convert.usage import GiB, MiB, UsageError

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ZIP_SUFFIXES = (".zip",)
PAGE_SUFFIX = ".txt"


class SourceError(UsageError):
    """A source that cannot be used at all (missing path): a usage error."""


@tuple_pickled
@frozen
class SourceOptions:
    text_field: str = "text"
    id_field: str = "id"
    max_page_bytes: int = 16 * MiB  # a page (file, member, JSONL line) larger than this is an error
    max_archive_bytes: int = 4 * GiB  # decompressed bytes read from one archive, in total


@tuple_pickled
@frozen
class SourcePage:
    """One page as read, or why it could not be read (``error`` set, no ``data``).

    ``data`` is bytes for files and archive members, text for JSONL pages.
    ``path`` is where ``render`` writes the page back, relative to its output dir.
    """

    source_id: str
    path: str
    data: bytes | str | None = None
    record_id: str | None = None
    error: str | None = None
    error_kind: ErrorKind | None = None


Entry = Callable[[], SourcePage]


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
    """A JSON Lines row as read, decoded only when called.

    An entry like any other, but picklable and cheap to carry: ``convert``
    hands it to a worker as it is, so the JSON decoding runs in parallel
    instead of in the one process that reads the dump. A row of a plain
    (uncompressed) regular file also knows where it lies (``at``): ``light()``
    drops its bytes for the trip to a worker, and ``reread`` reads them back
    there, one ``pread`` per chunk, instead of sending them through a pipe.
    """

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
        if self.too_long or self.at is not None:  # (evolve() is 3 times slower)
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

    def failed(self, message: str, kind: ErrorKind) -> SourcePage:
        return SourcePage(self.source_id, self._fallback(), error=message, error_kind=kind)

    def _fallback(self) -> str:
        return f"{self.file_name.split('.')[0]}-{self.number}.txt"

    def __call__(self) -> SourcePage:
        options = self.options
        if self.too_long:
            message = f"JSON line over the {options.max_page_bytes}-byte page cap; not read"
            return self.failed(message, "too-large")
        try:
            obj: Any = json.loads(self.line)
        except ValueError as exc:
            return self.failed(f"bad JSON: {exc}", "bad-json")
        if not isinstance(obj, dict):
            return self.failed(f"expected a JSON object, found {type(obj).__name__}", "bad-json")
        source_id = self.source_id
        raw_id = obj.get(options.id_field)
        record_id = None if raw_id is None else str(raw_id)
        path = self._fallback()
        if record_id is not None:
            path = record_id if record_id.lower().endswith(PAGE_SUFFIX) else record_id + PAGE_SUFFIX
        text = obj.get(options.text_field)
        if not isinstance(text, str):
            # In JSON's words: "a number", "an array", not Python's "a int".
            kinds = {bool: "a boolean", int: "a number", float: "a number", list: "an array"}
            kind = kinds.get(type(text), "an object")
            what = "missing" if text is None else f"{kind}, not a string"
            message = f"field {options.text_field!r} is {what}"
            return SourcePage(source_id, path, None, record_id, message, "bad-json")
        return SourcePage(source_id, path, text, record_id)


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
        data = _pread_all(first.path, first.file_key, start, size)
    except OSError as exc:
        message = f"the file changed while it was converted: {_os_error(exc)}"
        for index, line in zip(run, lines, strict=True):
            done[index] = line.failed(message, "unreadable")
        return
    for index, line in zip(run, lines, strict=True):
        assert line.at is not None
        begin = line.at.offset - start
        done[index] = evolve(line, line=data[begin : begin + line.at.length])


def _pread_all(path: str, file_key: tuple[int, int], offset: int, size: int) -> bytes:
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


@tuple_pickled
@frozen
class WalkedFile:
    """A page file found by walking a directory, read only when called.

    Picklable, so that ``convert --jobs N`` has a worker open and read it
    instead of the one process that walks the dump. It must still be a regular
    file when opened, not a symlink: a dump unpacked from elsewhere could link
    ``page.txt`` to a secret or to ``/dev/zero``, and a FIFO would block the run
    forever. ``O_NOFOLLOW`` and ``O_NONBLOCK`` keep the name from being swapped
    for either after the walk looked at it, and ``fstat`` checks what was opened.
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
            return _unreadable(self.source_id, self.rel, exc)
        if len(data) > cap:
            message = f"over the {cap}-byte page cap; not read"
            return SourcePage(self.source_id, self.rel, error=message, error_kind="too-large")
        return SourcePage(self.source_id, self.rel, data)


#: Entries that read (or decode) their page only when called, in whichever
#: process converts them; every other entry is read where it is listed.
Deferred = JsonLine | WalkedFile


def _unreadable(source_id: str, rel: str, exc: OSError) -> SourcePage:
    return SourcePage(source_id, rel, error=_os_error(exc), error_kind="unreadable")


def _special_file(source_id: str, rel: str, mode: int) -> SourcePage:
    message = f"{_mode_type(mode)} skipped (only regular files are read from a directory)"
    return SourcePage(source_id, rel, error=message, error_kind="special-member")


def safe_relpath(name: str) -> str | None:
    """``name`` as a relative POSIX path that stays inside a directory, or None.

    Absolute names, drive letters, ``..`` components, NULs and empty names are
    refused; ``\\`` counts as a separator; ``.`` and empty components are dropped.
    """
    if "\x00" in name:
        return None
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def kind_of(path: Path) -> str:
    """``dir``, ``jsonl``, ``tar``, ``zip`` or ``file`` (one page), by path and suffix."""
    if path.is_dir():
        return "dir"
    name = path.name.lower()
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("tar", TAR_SUFFIXES), ("zip", ZIP_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return "file"


class Source:
    """One command-line source; ``entries()`` streams its pages, ``consumed`` its progress."""

    def __init__(self, spec: str, options: SourceOptions = SourceOptions()) -> None:
        self.spec = spec
        self.path = Path(spec)
        if not self.path.exists():
            raise SourceError(f"{spec}: no such file or directory")
        self.kind = kind_of(self.path)
        self.options = options
        self.consumed = 0  # bytes of the source on disk read so far (for progress)
        self.name = PurePosixPath(self.path.as_posix()).as_posix()
        self._zip_total = 0  # decompressed bytes read from a zip so far

    def size(self) -> int:
        """Bytes on disk this source will read (for a progress bar's total)."""
        if self.kind != "dir":
            return self.path.stat().st_size
        return sum(p.lstat().st_size for p in self._walk() if not isinstance(p, OSError))

    def entries(self) -> Iterator[Entry]:
        reader = {
            "dir": self._dir_entries,
            "file": self._file_entries,
            "jsonl": self._jsonl_entries,
            "tar": self._tar_entries,
            "zip": self._zip_entries,
        }[self.kind]
        yield from reader()

    # -- plain files -------------------------------------------------------------
    def _read_file(self, path: Path, source_id: str, rel: str) -> SourcePage:
        """Read one page file named on the command line, at most the page cap.

        It is opened as given: a FIFO or a symlink works (files found by walking
        a directory are ``WalkedFile``s, which refuse both). A size of 0 in stat
        proves nothing, so the read is capped too.
        """
        cap = self.options.max_page_bytes
        try:
            size = path.stat().st_size
            if size > cap:
                self.consumed += size
                return self._too_large(source_id, rel, size)
            with path.open("rb") as handle:
                data = handle.read(cap + 1)
        except OSError as exc:
            return _unreadable(source_id, rel, exc)
        self.consumed += len(data)
        if len(data) > cap:
            message = f"over the {cap}-byte page cap; not read"
            return SourcePage(source_id, rel, error=message, error_kind="too-large")
        return SourcePage(source_id, rel, data)

    def _unlisted(self, exc: OSError) -> Entry:
        where = Path(exc.filename) if exc.filename else self.path
        rel = f"{where.relative_to(self.path).as_posix()}/" if where != self.path else ""
        source_id = f"{self.name.rstrip('/')}/{rel}"
        message = f"directory unreadable ({_os_error(exc)}); the pages in it are not read"
        return _const(SourcePage(source_id, "", error=message, error_kind="unreadable"))

    def _file_entries(self) -> Iterator[Entry]:
        yield lambda: self._read_file(self.path, self.name, self.path.name)

    def _walk(self) -> Iterator[Path | OSError]:
        """The page files below the directory, and (in place) each directory it cannot list."""
        unlisted: list[OSError] = []  # os.walk would skip these silently
        for top, dirs, files in os.walk(self.path, onerror=unlisted.append):
            yield from unlisted
            unlisted.clear()
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(PAGE_SUFFIX):
                    yield Path(top, name)
        yield from unlisted

    def _dir_entries(self) -> Iterator[Entry]:
        """A ``WalkedFile`` per page file; what the walk's ``lstat`` already refuses, as is.

        Progress counts a file's bytes when it is handed out, since a worker may
        be the one to read it.
        """
        cap = self.options.max_page_bytes
        for path in self._walk():
            if isinstance(path, OSError):
                yield self._unlisted(path)
                continue
            rel = path.relative_to(self.path).as_posix()
            source_id = f"{self.name.rstrip('/')}/{rel}"
            try:
                info = path.lstat()
            except OSError as exc:
                yield _const(_unreadable(source_id, rel, exc))
                continue
            if not stat.S_ISREG(info.st_mode):
                yield _const(_special_file(source_id, rel, info.st_mode))
                continue
            self.consumed += info.st_size
            if info.st_size > cap:
                yield _const(self._too_large(source_id, rel, info.st_size))
                continue
            yield WalkedFile(str(path), source_id, rel, info.st_size, cap)

    # -- JSON Lines --------------------------------------------------------------
    def _jsonl_entries(self) -> Iterator[Entry]:
        cap = self.options.max_page_bytes
        with self.path.open("rb", buffering=MiB) as raw:  # a line is ~5 KB: few reads
            gz = self.path.suffix == ".gz"
            stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if gz else raw  # type: ignore[assignment]
            info = os.fstat(raw.fileno())
            # Rows of a plain regular file can be read again by offset (JsonLine.at).
            again = not gz and stat.S_ISREG(info.st_mode)
            where, key = str(self.path.absolute()), (info.st_dev, info.st_ino)
            # Progress: compressed bytes for a .gz on disk; else the bytes read so
            # far, which a pipe or FIFO (no tell()) has too.
            compressed = gz and raw.seekable()
            number = offset = 0
            while True:
                try:
                    line = stream.readline(cap + 1)
                except (OSError, EOFError) as exc:
                    yield self._broken(f"{self.name}:{number + 1}", exc)
                    return
                if not line:
                    return
                number += 1
                start, size = offset, len(line)
                too_long = size > cap
                while len(line) > cap and not line.endswith(b"\n"):
                    line = stream.readline(cap + 1)  # drain the rest of the line
                    size += len(line)
                offset += size
                self.consumed = raw.tell() if compressed else offset
                if not line.strip() and not too_long:
                    continue  # blank lines separate nothing in JSON Lines; not a page
                at = LineAt(where, key, start, size) if again else None
                yield JsonLine(self.name, self.path.name, number, line, too_long, self.options, at)

    def _jsonl_page(self, line: bytes, number: int, too_long: bool) -> SourcePage:
        return JsonLine(self.name, self.path.name, number, line, too_long, self.options)()

    # -- archives ------------------------------------------------------------------
    def _member_id(self, name: str) -> str:
        return f"{self.name}/{name}"

    def _too_large(self, source_id: str, path: str, size: int) -> SourcePage:
        message = f"{size} bytes, over the {self.options.max_page_bytes}-byte page cap; not read"
        return SourcePage(source_id, path, error=message, error_kind="too-large")

    def _broken(self, source_id: str, exc: BaseException) -> Entry:
        message = f"source unreadable from here on: {exc or type(exc).__name__}"
        return _const(SourcePage(source_id, "", error=message, error_kind="unreadable"))

    def _member_problem(self, name: str) -> SourcePage | None:
        if safe_relpath(name) is None:
            message = f"unsafe member name {name!r} (absolute or with '..'); not read"
            return SourcePage(self._member_id(name), "", error=message, error_kind="unsafe-name")
        return None

    def _tar_entries(self) -> Iterator[Entry]:
        with self.path.open("rb") as raw:
            # tarfile's own "r|gz" inflates whole blocks at once (a bomb's block can be
            # megabytes); these decompressing readers inflate only what is asked for.
            stream = _decompressed(raw)
            try:
                archive = tarfile.open(fileobj=stream, mode="r|")  # noqa: SIM115 - closed below
            except (tarfile.TarError, OSError, EOFError, lzma.LZMAError) as exc:
                yield self._broken(self.name, exc)
                return
            try:
                with archive:
                    yield from self._tar_members(archive, raw)
            finally:
                if stream is not raw:
                    stream.close()

    def _tar_members(self, archive: tarfile.TarFile, raw: IO[bytes]) -> Iterator[Entry]:
        options = self.options
        members = iter(archive)
        while True:
            try:
                member = next(members)
            except StopIteration:
                return
            except (tarfile.TarError, OSError, EOFError, lzma.LZMAError) as exc:
                yield self._broken(f"{self.name}/", exc)
                return
            archive.members = []  # type: ignore[attr-defined]  # stream mode keeps every header
            self.consumed = raw.tell()
            if member.isdir():
                continue
            source_id = self._member_id(member.name)
            if member.offset_data + member.size > options.max_archive_bytes:
                message = (
                    f"archive holds more than {options.max_archive_bytes} bytes "
                    "decompressed; this member and the rest are not read"
                )
                yield _const(SourcePage(source_id, "", error=message, error_kind="too-large"))
                return
            if not member.isreg():
                yield self._special_member(member.name, _tar_type(member))
                continue
            if not member.name.lower().endswith(PAGE_SUFFIX):
                continue
            problem = self._member_problem(member.name)
            if problem is None and member.size > options.max_page_bytes:
                problem = self._too_large(source_id, member.name, member.size)
            if problem is not None:
                yield _const(problem)
                continue
            try:
                handle = archive.extractfile(member)
                assert handle is not None  # a regular member always has data
                data = handle.read()
            except (tarfile.TarError, OSError, EOFError, lzma.LZMAError) as exc:
                yield self._broken(source_id, exc)
                return
            yield _const(SourcePage(source_id, member.name, data))

    def _special_member(self, name: str, what: str) -> Entry:
        message = f"{what} member skipped (only regular files are read)"
        return _const(
            SourcePage(self._member_id(name), "", error=message, error_kind="special-member")
        )

    def _zip_entries(self) -> Iterator[Entry]:
        options = self.options
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            yield self._broken(self.name, exc)
            return
        self._zip_total = 0
        with archive:
            for info in archive.infolist():
                self.consumed += info.compress_size
                if info.is_dir():
                    continue
                mode = info.external_attr >> 16  # Unix mode, when the zip has one
                if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                    yield self._special_member(info.filename, _mode_type(mode))
                    continue
                if not info.filename.lower().endswith(PAGE_SUFFIX):
                    continue
                source_id = self._member_id(info.filename)
                page = self._member_problem(info.filename)
                if page is None and info.file_size > options.max_page_bytes:
                    page = self._too_large(source_id, info.filename, info.file_size)
                if page is None and self._zip_total + info.file_size > options.max_archive_bytes:
                    message = (
                        f"archive would hold more than {options.max_archive_bytes} bytes "
                        "decompressed; not read"
                    )
                    page = SourcePage(source_id, "", error=message, error_kind="too-large")
                if page is None:

                    def entry(
                        info: zipfile.ZipInfo = info, source_id: str = source_id
                    ) -> SourcePage:
                        return self._read_zip_member(archive, info, source_id)

                    yield entry
                else:
                    yield _const(page)

    def _read_zip_member(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, source_id: str
    ) -> SourcePage:
        cap = self.options.max_page_bytes
        try:
            with archive.open(info) as handle:
                data = handle.read(cap + 1)  # never trust the declared size
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
            message = f"unreadable member: {exc}"
            return SourcePage(source_id, info.filename, error=message, error_kind="unreadable")
        self._zip_total += len(data)
        if len(data) > cap:
            return self._too_large(source_id, info.filename, len(data))
        if self._zip_total > self.options.max_archive_bytes:
            message = f"archive holds more than {self.options.max_archive_bytes} bytes decompressed"
            return SourcePage(source_id, "", error=message, error_kind="too-large")
        return SourcePage(source_id, info.filename, data)


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


# liblzma allocates the dictionary an xz stream declares (up to 1.5 GiB in a crafted
# header); the default preset needs 8 MiB to decode and -9 64 MiB. LZMAFile takes no limit.
XZ_MEMLIMIT = 128 * MiB


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


def _const(page: SourcePage) -> Entry:
    """An entry whose page is already known (read, or refused)."""
    return lambda: page


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


def _mode_type(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "fifo"
    return "special"


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NON_BLOCK = getattr(os, "O_NONBLOCK", 0)


def _os_error(exc: OSError) -> str:
    return exc.strerror or str(exc)


def iter_entries(sources: list[Source]) -> Iterator[tuple[Source, Entry]]:
    """Every entry of every source, in order."""
    for source in sources:
        for entry in source.entries():
            yield source, entry
