"""Output formats for ``convert``, behind one small interface and a registry.

A format has two halves. ``prepare`` turns one parsed page (a ``PageRecord``)
into what the writer needs; it runs in the worker processes, so it must be a
module-level function. ``open`` makes the writer, which runs in the main
process and receives prepared items in source order.

Most formats are a stream of bytes (a header, one chunk per page, a footer),
and those need one function::

    @stream_format("jsonld", ".jsonld")
    def jsonld(record: PageRecord) -> str:
        return json.dumps(record.page.to_schema_org(), ensure_ascii=False) + "\\n"

Stream formats and SQLite can resume: ``checkpoint(state)`` makes everything
written so far durable together with the pipeline's ``state``, and opening
with ``resume=True`` returns to the last checkpoint.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import IO, Any, Protocol

from attrs import frozen

from reviewparse._convert.sizes import MiB
from reviewparse._convert.table import COLUMNS, page_to_row, parquet_schema
from reviewparse._core.dicts import page_to_dict
from reviewparse._core.records import ReviewPage

#: A stream file's write buffer: a record is ~10 KB, so the default 8 KiB buffer
#: made one write(2) per record; this makes one per hundred or so.
WRITE_BUFFER = 1 * MiB

State = dict[str, Any]


class OutputError(Exception):
    """A format that cannot be used here (unknown, or its library is missing)."""


@frozen
class PageRecord:
    """A parsed page and where it came from: what a format's ``prepare`` receives."""

    source_id: str
    path: str
    record_id: str | None
    encoding: str
    page: ReviewPage

    def to_dict(self) -> dict[str, Any]:
        """The JSON record: source fields, then ``page_to_dict`` (typed view + layout)."""
        head = {
            "source_id": self.source_id,
            "path": self.path,
            "id": self.record_id,
            "encoding": self.encoding,
        }
        return head | page_to_dict(self.page)

    def to_row(self) -> dict[str, Any]:
        return page_to_row(
            self.source_id,
            self.page,
            path=self.path,
            record_id=self.record_id,
            encoding=self.encoding,
        )


class Writer(Protocol):
    resumed: State | None  # the state of the checkpoint this writer resumed from

    def write(self, item: Any) -> None: ...

    def checkpoint(self, state: State) -> None:
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


#: The format of an OUT whose name has no extension at all.
DEFAULT_FORMAT = "jsonl"


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


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every platform can open a directory
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_state(path: Path, state: State) -> None:
    """Atomically replace a small JSON file (a checkpoint)."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as sink:
        json.dump(state, sink)
        sink.flush()
        os.fsync(sink.fileno())
    tmp.replace(path)
    _fsync_dir(path)


# -- stream formats ------------------------------------------------------------------
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
        self.resumed: State | None = None
        self.sink: IO[bytes]
        if resume and path.exists() and self.ckpt.exists():
            self.resumed = json.loads(self.ckpt.read_text("utf-8"))
            self.sink = path.open("r+b", buffering=WRITE_BUFFER)
            self.sink.truncate(self.resumed["output_offset"])
            self.sink.seek(self.resumed["output_offset"])
            self.items = int(self.resumed["records"])
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

    def checkpoint(self, state: State) -> None:
        self.sink.flush()
        os.fsync(self.sink.fileno())
        write_state(self.ckpt, state | {"output_offset": self.sink.tell()})

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
    name: str,
    *suffixes: str,
    header: bytes = b"",
    separator: bytes = b"",
    footer: bytes = b"",
) -> Callable[[Callable[[PageRecord], str]], Callable[[PageRecord], str]]:
    """Register a stream format from one function: page record -> its text in the file."""

    def decorate(fn: Callable[[PageRecord], str]) -> Callable[[PageRecord], str]:
        def open_writer(path: Path, resume: bool) -> Writer:
            return StreamWriter(path, resume, header=header, separator=separator, footer=footer)

        register(
            Format(name, suffixes, _Encoded(fn), open_writer, resumable=True, separator=separator)
        )
        return fn

    return decorate


@frozen
class _Encoded:
    """``fn`` then UTF-8 (in the worker, so the main process only copies bytes)."""

    fn: Callable[[PageRecord], str]

    def __call__(self, record: PageRecord) -> bytes:
        return self.fn(record).encode("utf-8")


@stream_format("jsonl", ".jsonl")
def jsonl(record: PageRecord) -> str:
    """One JSON object per line (``PageRecord.to_dict``)."""
    return json.dumps(record.to_dict(), ensure_ascii=False) + "\n"


@stream_format("json", ".json", header=b"[\n", separator=b",\n", footer=b"\n]\n")
def json_array(record: PageRecord) -> str:
    """One JSON array of the same objects, one per line."""
    return json.dumps(record.to_dict(), ensure_ascii=False)


@stream_format("jsonld", ".jsonld")
def jsonld(record: PageRecord) -> str:
    """One schema.org ``Movie`` (JSON-LD, ``ReviewPage.to_schema_org``) per line.

    Like every output row it names its page: ``identifier`` holds the source id,
    path and record id as schema.org ``PropertyValue`` items.
    """
    movie = record.page.to_schema_org()
    where = (("source_id", record.source_id), ("path", record.path), ("id", record.record_id))
    movie["identifier"] = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in where
        if value is not None
    ]
    return json.dumps(movie, ensure_ascii=False) + "\n"


#: CSV: list fields hold one item per line (items never contain a line break).
CSV_LIST_SEPARATOR = "\n"
_CSV_HEADER = [column for column in COLUMNS if column not in ("lines_json", "bom", "paragraphs")]


def _csv_line(fields: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)
    return buffer.getvalue()


def csv_cells(row: dict[str, Any]) -> list[str]:
    """A table row as CSV cells: lists one item per line, credits as ``Key: value``."""
    cells: list[str] = []
    for column in _CSV_HEADER:
        value = row[column]
        if column == "credits":
            value = CSV_LIST_SEPARATOR.join(f"{c['key']}: {c['value']}" for c in value)
        elif column == "diagnostics":
            value = CSV_LIST_SEPARATOR.join(
                f"{d['line']}:{d['column']}: {d['message']}" for d in value
            )
        elif isinstance(value, list):
            value = CSV_LIST_SEPARATOR.join(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        cells.append("" if value is None else str(value))
    return cells


@stream_format("csv", ".csv", header=_csv_line(_CSV_HEADER).encode("utf-8"))
def csv_row(record: PageRecord) -> str:
    """One CSV row (RFC 4180, CRLF) of the typed columns."""
    return _csv_line(csv_cells(record.to_row()))


# -- Parquet -----------------------------------------------------------------------
class ParquetWriter:
    """Rows batched into row groups (memory stays bounded by the batch size)."""

    batch_size = 2000

    def __init__(self, path: Path, resume: bool) -> None:
        import pyarrow.parquet as pq

        self.schema = parquet_schema()
        self.writer = pq.ParquetWriter(str(path), self.schema)
        self.rows: list[dict[str, Any]] = []
        self.resumed: State | None = None

    def write(self, item: dict[str, Any]) -> None:
        self.rows.append(item)
        if len(self.rows) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def checkpoint(self, state: State) -> None:
        """Parquet files cannot be resumed; nothing to do."""

    def finish(self) -> None:
        self._flush()
        self.writer.close()

    def close(self) -> None:
        self.writer.close()


def _row(record: PageRecord) -> dict[str, Any]:
    return record.to_row()


register(Format("parquet", (".parquet",), _row, ParquetWriter, needs="pyarrow", extra="parquet"))


# -- SQLite ------------------------------------------------------------------------
#: Roles a person can have: the credit fields whose values are people.
PERSON_FIELDS = ("directors", "stars", "writers", "music", "producers", "cinematography", "editing")

SQLITE_SCHEMA = """
CREATE TABLE pages (
    page_id     INTEGER PRIMARY KEY,
    source_id   TEXT NOT NULL,
    path        TEXT NOT NULL,
    record_id   TEXT,
    encoding    TEXT NOT NULL,
    strict      INTEGER NOT NULL,
    title       TEXT,
    year        INTEGER,
    studio      TEXT,
    synopsis    TEXT NOT NULL,
    bom         INTEGER NOT NULL,
    diagnostics TEXT NOT NULL,
    lines_json  TEXT NOT NULL
);
CREATE TABLE credits (
    page_id   INTEGER NOT NULL REFERENCES pages(page_id),
    position  INTEGER NOT NULL,
    key       TEXT NOT NULL,
    field     TEXT,
    value     TEXT NOT NULL,
    PRIMARY KEY (page_id, position)
);
CREATE TABLE people (
    person_id INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE
);
CREATE TABLE roles (
    page_id         INTEGER NOT NULL REFERENCES pages(page_id),
    person_id       INTEGER NOT NULL REFERENCES people(person_id),
    role            TEXT NOT NULL,
    credit_position INTEGER NOT NULL,
    ordinal         INTEGER NOT NULL,
    PRIMARY KEY (page_id, credit_position, ordinal)
);
CREATE TABLE paragraphs (
    page_id  INTEGER NOT NULL REFERENCES pages(page_id),
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (page_id, position)
);
CREATE TABLE captions (
    page_id  INTEGER NOT NULL REFERENCES pages(page_id),
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (page_id, position)
);
CREATE TABLE _resume (state TEXT NOT NULL);
"""

SQLITE_INDEXES = """
CREATE INDEX pages_source_id ON pages(source_id);
CREATE INDEX pages_title ON pages(title);
CREATE INDEX pages_year ON pages(year);
CREATE INDEX credits_field ON credits(field);
CREATE INDEX roles_person ON roles(person_id);
CREATE INDEX roles_role ON roles(role);
"""


class SQLiteWriter:
    """Normalised tables; a checkpoint is a commit that also stores the state."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.resumed: State | None = None
        db = None
        if resume and path.exists():
            db = sqlite3.connect(path, isolation_level=None)  # a hot journal rolls back here
            try:
                saved = db.execute("SELECT state FROM _resume").fetchone()
            except sqlite3.Error:  # killed while the schema was being made: start over
                db.close()
                db = None
            else:
                self.resumed = json.loads(saved[0]) if saved else None
        if db is None:
            # The journal of a killed run must go with its database, or SQLite would
            # play it back into the new file.
            path.with_name(path.name + "-journal").unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            db = sqlite3.connect(path, isolation_level=None)
            db.executescript(f"BEGIN;\n{SQLITE_SCHEMA}COMMIT;\n")  # all tables or none
        self.db = db
        self.db.execute("BEGIN")

    def write(self, row: dict[str, Any]) -> None:
        db = self.db
        cursor = db.execute(
            "INSERT INTO pages (source_id, path, record_id, encoding, strict, title, year,"
            " studio, synopsis, bom, diagnostics, lines_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["source_id"],
                row["path"],
                row["id"],
                row["encoding"],
                row["strict"],
                row["title"],
                row["year"],
                row["studio"],
                row["synopsis"],
                row["bom"],
                json.dumps(row["diagnostics"], ensure_ascii=False),
                row["lines_json"],
            ),
        )
        page_id = cursor.lastrowid
        for position, credit in enumerate(row["credits"]):
            db.execute(
                "INSERT INTO credits VALUES (?, ?, ?, ?, ?)",
                (page_id, position, credit["key"], credit["field"], credit["value"]),
            )
            if credit["field"] not in PERSON_FIELDS:
                continue
            for ordinal, name in enumerate(credit["names"]):
                db.execute("INSERT INTO people (name) VALUES (?) ON CONFLICT DO NOTHING", (name,))
                (person_id,) = db.execute(
                    "SELECT person_id FROM people WHERE name = ?", (name,)
                ).fetchone()
                db.execute(
                    "INSERT INTO roles VALUES (?, ?, ?, ?, ?)",
                    (page_id, person_id, credit["field"], position, ordinal),
                )
        db.executemany(
            "INSERT INTO paragraphs VALUES (?, ?, ?)",
            [(page_id, i, text) for i, text in enumerate(row["paragraphs"])],
        )
        db.executemany(
            "INSERT INTO captions VALUES (?, ?, ?)",
            [(page_id, i, text) for i, text in enumerate(row["captions"])],
        )

    def checkpoint(self, state: State) -> None:
        self.db.execute("DELETE FROM _resume")
        self.db.execute("INSERT INTO _resume VALUES (?)", (json.dumps(state),))
        self.db.execute("COMMIT")  # durable: sqlite's default synchronous=FULL
        self.db.execute("BEGIN")

    def finish(self) -> None:
        """Indexes, then the resume state dropped, in the last checkpoint's transaction.

        One commit: killed before it, the file is still the last checkpoint (``--resume``
        works); after it, the file is complete. (Dropping ``_resume`` in a commit of its
        own left a file that was neither.)
        """
        for statement in SQLITE_INDEXES.split(";"):
            if statement.strip():
                self.db.execute(statement)
        self.db.execute("DROP TABLE _resume")
        self.db.execute("COMMIT")
        self.db.close()

    def close(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self.db.close()


register(Format("sqlite", (".sqlite", ".sqlite3", ".db"), _row, SQLiteWriter, resumable=True))
