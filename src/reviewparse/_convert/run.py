"""The streaming, parallel pipeline behind ``convert`` and ``check``.

The main process reads the sources in order and cuts the pages into small
chunks; worker processes decode, parse and prepare each chunk; the main process
takes results back in submission order and writes them. At most a few chunks
per worker are in flight, so memory does not grow with the dump, and the output
is the same bytes for every ``--jobs``. ``--jobs 1`` runs in-process.

The bulk moves outside the pipes: rows of a plain JSONL file go to a worker as
offsets (``JsonLine.light``, read back by ``reread``), and a stream format's
records come back as a file per chunk (``Batch.spill``) that the main process
appends to OUT inside the kernel. See docs/performance.md for what each saved.

What "fails" means (the error report lists both kinds, one JSON line each):

* a page *fails* when it yields no record: it could not be read (too large,
  a symlink or device member, an unsafe member name, a bad JSON line) or its
  bytes are not valid in its encoding (decoding is strict: a record must
  render back to the same bytes and be valid UTF-8 JSON);
* a page that parses only *leniently* is still written (lossless, with
  ``strict: false`` and its diagnostics) and also listed, with its first
  diagnostic.

So ``pages in = records out + failed``, and ``parsed leniently`` counts a
subset of the records.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import sqlite3
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any, TypeVar

from attrs import evolve, field, frozen
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Task as RichTask
from rich.text import Text

from reviewparse._convert.outputs import (
    FORMATS,
    Format,
    OutputError,
    PageRecord,
    StreamWriter,
    Writer,
)
from reviewparse._convert.pickling import tuple_pickled
from reviewparse._convert.sources import (
    Deferred,
    Entry,
    JsonLine,
    Source,
    SourceOptions,
    SourcePage,
    iter_entries,
    reread,
)
from reviewparse._convert.usage import UsageError
from reviewparse._core.dicts import page_from_dict, page_to_dict
from reviewparse._core.errors import ReviewDecodeError
from reviewparse._core.files import decode, parse_bytes
from reviewparse._core.grammar import parser
from reviewparse._core.parse import locate, parse

CHUNK_PAGES = 128
CHUNK_BYTES = 2 * 1024 * 1024
IN_FLIGHT_PER_JOB = 3
COUNTS = ("pages", "records", "failed", "lenient")

Pending = SourcePage | Deferred  # a page read, or one still to read (in a worker)


# -- what a worker returns ---------------------------------------------------------
@tuple_pickled
@frozen
class Outcome:
    """One page's result. ``item`` is the prepared output (None when the page failed)."""

    source_id: str
    status: str  # "strict" | "lenient" | "failed" (check adds "mismatch")
    item: Any = None
    error: dict[str, Any] | None = None
    keys: tuple[tuple[str, str | None], ...] = ()


@frozen
class Job:
    mode: str  # "convert" | "check"
    format: str = "jsonl"
    encoding: str | None = None
    spill: str | None = None  # a directory for workers' record files (stream formats, -j > 1)


@frozen
class Batch:
    """A chunk's outcomes, in order.

    With ``spill`` set, the chunk's ``records`` items are not in the outcomes
    but joined in that file, which the main process copies into OUT and
    deletes: records are the bulk of the traffic (2.6 times the input for
    JSONL), and a file moves them without pickling or pipes.
    """

    outcomes: list[Outcome]
    spill: str | None = None
    records: int = 0


def _error(
    page: SourcePage,
    kind: str,
    message: str,
    *,
    record: bool,
    line: int | None = None,
    column: int | None = None,
    line_text: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "source_id": page.source_id,
        "path": page.path,
        "kind": kind,
        "record": record,
        "line": line,
        "column": column,
        "message": message,
        "line_text": line_text,
        **extra,
    }


def _failed(page: SourcePage, kind: str, message: str, **where: Any) -> Outcome:
    return Outcome(
        page.source_id, "failed", error=_error(page, kind, message, record=False, **where)
    )


def _decoded_text(page: SourcePage, encoding: str | None) -> tuple[str, str] | Outcome:
    """(text, encoding) of a page, or the failed outcome saying why it has none."""
    data = page.data
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as exc:
            line, column, line_text = locate(data, exc.start)
            message = (
                f"text holds a lone surrogate (U+{ord(data[exc.start]):04X}), not valid Unicode"
            )
            return _failed(page, "decode", message, line=line, column=column, line_text=line_text)
        return data, "utf-8"
    assert data is not None
    try:
        decoded = decode(data, encoding=encoding, strict=True)
    except ReviewDecodeError as exc:
        return _failed(
            page,
            "decode",
            exc.message,
            line=exc.line,
            column=exc.column,
            line_text=exc.line_text,
            offset=exc.offset,
        )
    except LookupError as exc:
        return _failed(page, "decode", str(exc))
    return decoded.text, decoded.encoding


def convert_page(page: SourcePage, job: Job) -> Outcome:
    if page.error is not None:
        return _failed(page, page.error_kind or "unreadable", page.error)
    decoded = _decoded_text(page, job.encoding)
    if isinstance(decoded, Outcome):
        return decoded
    text, encoding = decoded
    parsed = parse(text)
    record = PageRecord(page.source_id, page.path, page.record_id, encoding, parsed)
    item = FORMATS[job.format].prepare(record)
    if parsed.is_strict:
        return Outcome(page.source_id, "strict", item)
    return Outcome(page.source_id, "lenient", item, _lenient_error(page, parsed, text))


def _lenient_error(page: SourcePage, parsed: Any, text: str) -> dict[str, Any]:
    count = len(parsed.diagnostics)
    if count:
        first = parsed.diagnostics[0]
        line_text = locate_line(text, first.line)
        return _error(
            page,
            "lenient",
            first.message,
            record=True,
            line=first.line,
            column=first.column,
            line_text=line_text,
            diagnostics=count,
        )
    return _error(page, "lenient", "the page has unparsed lines", record=True, diagnostics=0)


def locate_line(text: str, number: int) -> str:
    """The text of line ``number`` (1-based; lines break on \\r\\n, \\n or \\r)."""
    import re

    lines = re.split(r"\r\n|\n|\r", text.lstrip("\ufeff"))
    return lines[number - 1] if 0 < number <= len(lines) else ""


def check_page(page: SourcePage, job: Job) -> Outcome:
    """Both round trips: bytes -> page -> bytes, and page -> JSON -> page."""
    if page.error is not None:
        return _failed(page, page.error_kind or "unreadable", page.error)
    data = page.data
    assert data is not None
    try:
        if isinstance(data, bytes):
            page_file = parse_bytes(data, encoding=job.encoding)
            parsed, same = page_file.page, page_file.to_bytes() == data
        else:
            parsed = parse(data)
            same = parsed.render() == data
    except ReviewDecodeError as exc:
        return _failed(page, "decode", exc.message, line=exc.line, column=exc.column)
    back = page_from_dict(json.loads(json.dumps(page_to_dict(parsed))))
    same = same and back == parsed and back.render() == parsed.render()
    keys = tuple(dict.fromkeys((credit.key, credit.field) for credit in parsed.credits))
    if not same:
        error = _error(page, "mismatch", "the page does not render back to its input", record=False)
        return Outcome(page.source_id, "mismatch", error=error, keys=keys)
    return Outcome(page.source_id, "strict" if parsed.is_strict else "lenient", keys=keys)


def work(chunk: list[Pending], job: Job) -> Batch:
    """A worker's job: every page of a chunk, never raising for one page."""
    step = convert_page if job.mode == "convert" else check_page
    outcomes = []
    for item in reread(chunk):
        page = item() if isinstance(item, Deferred) else item
        try:
            outcomes.append(step(page, job))
        except Exception as exc:  # pragma: no cover - a bug must cost one page, not the run
            outcomes.append(_failed(page, "internal", f"internal error: {exc!r}"))
    if job.spill is None:
        return Batch(outcomes)
    return _spilled(outcomes, job.spill, FORMATS[job.format].separator or b"")


def _spilled(outcomes: list[Outcome], directory: str, separator: bytes) -> Batch:
    """The batch with its records moved to a new file in ``directory``.

    If that file cannot be written (the disk is full, the run is ending and
    removed the directory), the records stay in the batch: writing them is
    then the main process's job, which reports a full disk properly.
    """
    items = [outcome.item for outcome in outcomes if outcome.item is not None]
    if not items:
        return Batch(outcomes)
    try:
        fd, path = tempfile.mkstemp(dir=directory, suffix=".part")
    except OSError:
        return Batch(outcomes)
    try:
        with os.fdopen(fd, "wb") as sink:
            sink.write(separator.join(items))
    except OSError:
        Path(path).unlink(missing_ok=True)
        return Batch(outcomes)
    return Batch([evolve(outcome, item=None) for outcome in outcomes], path, len(items))


# -- ordered, bounded parallel map -------------------------------------------------
def _quiet_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    parser()


def _exit_with(parent: int) -> None:
    """End this worker once the main process is gone (SIGKILL, OOM killer).

    A worker waits on its task pipe, whose write end it inherited, so it never
    sees end-of-file: without this, a killed run leaves its workers behind forever.
    """
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


T = TypeVar("T")


def ordered_map(
    fn: Callable[[list[Pending], Job], T],
    chunks: Iterable[list[Pending]],
    job: Job,
    jobs: int,
) -> Generator[T, None, None]:
    """``fn`` over the chunks, results in order, with a bounded number in flight."""
    if jobs <= 1:
        for chunk in chunks:
            yield fn(chunk, job)
        return
    parser()  # built once here; forked workers inherit it
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_quiet_worker, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[Future[T]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(fn, chunk, job))
                while len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def chunked(
    entries: Iterable[tuple[Source, Entry]], skip: int, *, light: bool = False
) -> Iterator[list[Pending]]:
    """Read the pages (after skipping ``skip`` entries unread) into bounded chunks.

    A JSON line stays undecoded and a file found in a directory unread: ``work``
    does both, in a worker (decoding in this one process was a sixth of its
    time at ``--jobs 2``; reading files, a sixth for a directory dump). With
    ``light`` (chunks bound for other processes), a JSON line that can be read
    again by offset goes without its bytes.
    """
    chunk: list[Pending] = []
    size = 0
    for index, (_, entry) in enumerate(entries):
        if index < skip:
            continue
        if isinstance(entry, Deferred):
            chunk.append(entry.light() if light and isinstance(entry, JsonLine) else entry)
            size += len(entry)
        else:
            page = entry()
            chunk.append(page)
            size += len(page.data) if page.data is not None else 0
        if len(chunk) >= CHUNK_PAGES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# -- progress ----------------------------------------------------------------------
class _PagesColumn(ProgressColumn):
    def render(self, task: RichTask) -> Text:
        pages = task.fields.get("pages", 0)
        elapsed = task.elapsed or 0.0
        rate = pages / elapsed if elapsed > 0 else 0.0
        return Text(f"{pages} pages  {rate:,.0f} pages/s", style="progress.data.speed")


def make_progress(console: Console, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        _PagesColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
        transient=False,
    )


class Tracker:
    """Progress by source bytes read (so the ETA needs no counting pass), pages as a field."""

    def __init__(self, sources: list[Source], progress: Progress, description: str) -> None:
        self.sources = sources
        self.progress = progress
        total = sum(source.size() for source in sources) if not progress.disable else None
        self.task = progress.add_task(description, total=total, pages=0)

    def update(self, pages: int) -> None:
        done = sum(source.consumed for source in self.sources)
        self.progress.update(self.task, completed=done, pages=pages)


# -- convert -----------------------------------------------------------------------
@frozen
class ConvertOptions:
    sources: tuple[str, ...]
    out: Path
    format: Format
    jobs: int = 1
    errors: str = "report"
    errors_path: Path | None = None
    encoding: str | None = None
    source_options: SourceOptions = field(factory=SourceOptions)
    resume: bool = False
    checkpoint_every: int = 1000
    checkpoint_seconds: float = 5.0

    def fingerprint(self) -> dict[str, Any]:
        """What must be the same for ``--resume`` to continue a run."""
        return {
            "sources": [str(Path(s).resolve()) for s in self.sources],
            "format": self.format.name,
            "errors": self.errors,
            "encoding": self.encoding,
            "text_field": self.source_options.text_field,
            "id_field": self.source_options.id_field,
            "max_page_bytes": self.source_options.max_page_bytes,
            "max_archive_bytes": self.source_options.max_archive_bytes,
        }


@frozen
class Summary:
    pages: int = 0
    records: int = 0
    failed: int = 0
    lenient: int = 0
    seconds: float = 0.0
    errors_path: Path | None = None
    stopped: dict[str, Any] | None = None  # the error that stopped an --errors strict run

    def line(self) -> str:
        return (
            f"pages in {self.pages} = records out {self.records} + failed {self.failed}; "
            f"{self.lenient} parsed leniently"
        )


def default_errors_path(out: Path, fmt: Format) -> Path:
    """``out/pages.jsonl`` -> ``out/pages.errors.jsonl``."""
    name = out.name
    for suffix in sorted(fmt.suffixes, key=len, reverse=True):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return out.with_name(name[: -len(suffix)] + ".errors.jsonl")
    return out.with_name(name + ".errors.jsonl")


class ErrorLog:
    """The error report, written next to the output and renamed into place with it."""

    def __init__(self, path: Path | None, resume_offset: int | None) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial") if path else None
        self.sink: IO[bytes] | None = None
        if self.partial is None:
            return
        if resume_offset is not None and self.partial.exists():
            self.sink = self.partial.open("r+b")
            self.sink.truncate(resume_offset)
            self.sink.seek(resume_offset)
        else:
            self.sink = self.partial.open("wb")

    def write(self, entry: dict[str, Any]) -> None:
        if self.sink is not None:
            try:
                line = json.dumps(entry, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate quoted from the page: escape it
                line = json.dumps(entry).encode("ascii")
            self.sink.write(line + b"\n")

    def offset(self) -> int:
        if self.sink is None:
            return 0
        self.sink.flush()
        os.fsync(self.sink.fileno())
        return self.sink.tell()

    def finish(self) -> None:
        if self.sink is not None and self.partial is not None and self.path is not None:
            self.offset()
            self.sink.close()
            self.partial.replace(self.path)

    def close(self, *, remove: bool = False) -> None:
        if self.sink is not None:
            self.sink.close()
            if remove and self.partial is not None:
                self.partial.unlink(missing_ok=True)


class OutputWriteError(OSError):
    """OUT or its error report could not be written (disk full, a file size limit...).

    The run stops and removes its partial files, so a failed write never leaves
    a truncated output behind (nor fills the disk with one).
    """


class StrictStop(Exception):
    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error["message"])
        self.error = error


def convert(
    options: ConvertOptions,
    console: Console,
    *,
    progress: bool = False,
    on_error: Callable[[dict[str, Any]], None] | None = None,
) -> Summary:
    """Run a conversion; raises UsageError before writing anything if it cannot start.

    On KeyboardInterrupt the partial output and its checkpoint stay for
    ``--resume`` (resumable formats) and the interrupt propagates.
    """
    return _Conversion(options, on_error).run(console, progress)


class _Conversion:
    """One run of ``convert``: the writer, the error log, the counts, the checkpoints."""

    def __init__(
        self, options: ConvertOptions, on_error: Callable[[dict[str, Any]], None] | None
    ) -> None:
        self.options = options
        self.on_error = on_error
        self.sources = [Source(spec, options.source_options) for spec in options.sources]
        fmt = self.fmt = options.format
        out = options.out
        if out.is_dir():
            raise UsageError(f"{out} is a directory; OUT names the file to write")
        out.parent.mkdir(parents=True, exist_ok=True)
        self.partial = out.with_name(out.name + ".partial")
        if options.resume and not fmt.resumable:
            raise UsageError(f"--resume works with resumable formats only, not {fmt.name}")
        self.writer: Writer = fmt.open(self.partial, options.resume)
        state = self.writer.resumed
        if state is not None and state.get("fingerprint") != options.fingerprint():
            self.writer.close()
            raise UsageError(
                f"{self.partial} was started with other sources or options; "
                "rerun without --resume to start over"
            )
        self.errors_path = None
        if options.errors == "report":
            self.errors_path = options.errors_path or default_errors_path(out, fmt)
        self.errors = ErrorLog(self.errors_path, state["errors_offset"] if state else None)
        self.counts: Counter[str] = Counter({k: (state or {}).get(k, 0) for k in COUNTS})
        self.started = time.monotonic()
        self.last_checkpoint = (self.counts["pages"], self.started)

    def summary(self, stopped: dict[str, Any] | None = None) -> Summary:
        counts = self.counts
        return Summary(
            counts["pages"],
            counts["records"],
            counts["failed"],
            counts["lenient"],
            time.monotonic() - self.started,
            None if stopped else self.errors_path,
            stopped,
        )

    def run(self, console: Console, progress: bool) -> Summary:
        finished = False
        try:
            self._loop(console, progress)
            with self._writing():
                self.writer.finish()
                self.partial.replace(self.options.out)
                self.errors.finish()
            finished = True
            return self.summary()
        except StrictStop as stop:
            self.writer.close()
            self.errors.close(remove=True)
            _remove_partial(self.partial)
            finished = True
            return self.summary(stop.error)
        except OutputWriteError:
            self._discard()
            finished = True
            raise
        finally:
            if not finished:  # interrupted or crashed: keep what a --resume can use
                self.writer.close()
                self.errors.close(remove=not self.fmt.resumable)
                if not self.fmt.resumable:
                    _remove_partial(self.partial)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Turn a failed write of OUT or of the error report into an OutputWriteError."""
        try:
            yield
        except (OSError, sqlite3.Error) as exc:
            reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
            error = OutputWriteError(
                f"cannot write {self.options.out}: {reason} (disk full or over a file size "
                "limit?); the partial output was removed, nothing was written"
            )
            error.errno = getattr(exc, "errno", None)
            raise error from exc

    def _discard(self) -> None:
        """Close and remove every partial file, even if closing fails again (the disk is full)."""
        with contextlib.suppress(OSError, sqlite3.Error):
            self.writer.close()
        with contextlib.suppress(OSError):
            self.errors.close(remove=True)
        if self.errors.partial is not None:
            self.errors.partial.unlink(missing_ok=True)
        _remove_partial(self.partial)
        self.partial.with_name(self.partial.name + "-journal").unlink(missing_ok=True)

    def _loop(self, console: Console, progress: bool) -> None:
        options = self.options
        bar = make_progress(console, progress)
        spill = options.jobs > 1 and self.fmt.separator is not None
        with bar, spill_directory(self.partial, spill) as directory:
            job = Job("convert", self.fmt.name, options.encoding, directory)
            tracker = Tracker(self.sources, bar, "converting")
            light = options.jobs > 1
            chunks = chunked(iter_entries(self.sources), self.counts["pages"], light=light)
            # closing(): the pool is shut down before the spill directory is removed
            with contextlib.closing(ordered_map(work, chunks, job, options.jobs)) as batches:
                for batch in batches:
                    self._take_batch(batch)
                    tracker.update(self.counts["pages"])
                    pages, when = self.last_checkpoint
                    if self.fmt.resumable and (
                        self.counts["pages"] - pages >= options.checkpoint_every
                        or time.monotonic() - when >= options.checkpoint_seconds
                    ):
                        self._save()

    def _take_batch(self, batch: Batch) -> None:
        if batch.spill is not None:
            writer = self.writer
            assert isinstance(writer, StreamWriter)  # only stream formats spill
            try:
                with self._writing():
                    writer.write_file(batch.spill, batch.records)
            finally:
                Path(batch.spill).unlink()
        for outcome in batch.outcomes:
            self._take(outcome)

    def _take(self, outcome: Outcome) -> None:
        counts = self.counts
        counts["pages"] += 1
        if outcome.status == "failed":
            counts["failed"] += 1
        else:  # a record: here, or written already with its batch's spill file
            if outcome.item is not None:
                with self._writing():
                    self.writer.write(outcome.item)
            counts["records"] += 1
        if outcome.status == "lenient":
            counts["lenient"] += 1
        if outcome.error is not None:
            if self.options.errors == "strict":
                raise StrictStop(outcome.error)
            with self._writing():
                self.errors.write(outcome.error)
            if self.on_error is not None:
                self.on_error(outcome.error)

    def _save(self) -> None:
        with self._writing():
            snapshot = {k: self.counts[k] for k in COUNTS} | {
                "errors_offset": self.errors.offset(),
                "fingerprint": self.options.fingerprint(),
            }
            self.writer.checkpoint(snapshot)
        self.last_checkpoint = (self.counts["pages"], time.monotonic())


@contextlib.contextmanager
def spill_directory(partial: Path, wanted: bool) -> Iterator[str | None]:
    """A private directory beside OUT for the workers' record files, removed after the run.

    Spill directories that a killed run of the same OUT left behind are removed
    first. None when not ``wanted`` or when it cannot be made (the records then
    travel through the pipes, as for the formats that do not spill).
    """
    for stale in partial.parent.glob(glob.escape(partial.name) + ".spill-*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
    directory = None
    if wanted:
        with contextlib.suppress(OSError):
            directory = tempfile.mkdtemp(prefix=partial.name + ".spill-", dir=partial.parent)
    try:
        yield directory
    finally:
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)


def _remove_partial(partial: Path) -> None:
    partial.unlink(missing_ok=True)
    partial.with_name(partial.name + ".ckpt").unlink(missing_ok=True)


# -- check -------------------------------------------------------------------------
@frozen
class CheckReport:
    pages: int = 0
    strict: int = 0
    lenient: int = 0
    unreadable: int = 0
    mismatches: int = 0
    keys: Counter[tuple[str, str | None]] = field(factory=Counter)
    problems: tuple[dict[str, Any], ...] = ()


def check(
    specs: tuple[str, ...],
    console: Console,
    *,
    jobs: int,
    encoding: str | None,
    source_options: SourceOptions,
    progress: bool,
    on_error: Callable[[dict[str, Any]], None] | None = None,
) -> CheckReport:
    sources = [Source(spec, source_options) for spec in specs]
    counts: Counter[str] = Counter()
    keys: Counter[tuple[str, str | None]] = Counter()
    problems: list[dict[str, Any]] = []
    job = Job("check", encoding=encoding)
    bar = make_progress(console, progress)
    with bar:
        tracker = Tracker(sources, bar, "checking")
        chunks = chunked(iter_entries(sources), 0, light=jobs > 1)
        for batch in ordered_map(work, chunks, job, jobs):
            for outcome in batch.outcomes:
                counts["pages"] += 1
                counts[outcome.status] += 1
                keys.update(outcome.keys)
                if outcome.error is not None:
                    if len(problems) < 1000:  # bounded; the counts stay exact
                        problems.append(outcome.error)
                    if on_error is not None:
                        on_error(outcome.error)
            tracker.update(counts["pages"])
    return CheckReport(
        counts["pages"],
        counts["strict"],
        counts["lenient"],
        counts["failed"],
        counts["mismatch"],
        keys,
        tuple(problems),
    )


__all__ = [
    "ConvertOptions",
    "OutputError",
    "OutputWriteError",
    "Summary",
    "UsageError",
    "check",
    "convert",
]
