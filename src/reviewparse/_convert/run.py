"""One run of ``convert``: the writer, the error report, the counts, the checkpoints.

The main process reads the sources in order and cuts the pages into chunks;
workers (``pool``) run the page step on each chunk; the results come back in
submission order and are written here. At most a few chunks per worker are in
flight, so memory does not grow with the dump, and the output is the same bytes
for every ``--jobs``. ``--jobs 1`` runs in-process.

Every page is counted once: ``pages in = records out + failed``, and ``parsed
leniently`` counts a subset of the records. A run that stops early keeps what
``--resume`` needs (resumable formats), or removes its partial files.
"""

from __future__ import annotations

import contextlib
import glob
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from attrs import field, frozen
from rich.console import Console

from reviewparse._convert.checkpoints import Checkpoint
from reviewparse._convert.chunks import Batch, Job, chunked, work
from reviewparse._convert.errorlog import ErrorLog, report_path
from reviewparse._convert.outputs import Format, OutputError, StreamWriter, Writer
from reviewparse._convert.page_errors import PageError
from reviewparse._convert.pages import KeySpellings, Outcome
from reviewparse._convert.pool import ordered_map
from reviewparse._convert.progress import Tracker, make_progress
from reviewparse._convert.sources.names import STDIN
from reviewparse._convert.sources.page import SourceOptions
from reviewparse._convert.sources.source import Source, iter_entries
from reviewparse._convert.stdout import StdoutWriter
from reviewparse._convert.usage import ErrorMode, UsageError
from reviewparse._convert.words import LENIENTLY
from reviewparse._core.grammar import parser

COUNTS = ("pages", "records", "failed", "lenient")


@frozen
class ConvertOptions:
    """What one ``convert`` is asked to do. ``out`` None: standard output (``-o -``)."""

    sources: tuple[str, ...]
    out: Path | None
    format: Format
    jobs: int = 1
    errors: ErrorMode = "report"
    errors_path: Path | None = None
    encoding: str | None = None
    source_options: SourceOptions = field(factory=SourceOptions)
    resume: bool = False
    checkpoint_every: int = 1000
    checkpoint_seconds: float = 5.0
    keys: KeySpellings = ()  # --keys: credit-key spellings added to the lexicon

    def fingerprint(self) -> dict[str, Any]:
        """What must be the same for ``--resume`` to continue a run."""
        # Added keys change the records; without them, older checkpoints still match.
        added = {"keys": [[field, list(spellings)] for field, spellings in self.keys]}
        return (added if self.keys else {}) | {
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
    stopped: PageError | None = None  # the error that stopped an --errors strict run
    #: ``--resume``: the pages an earlier run had done (counted in ``pages`` too).
    resumed_at: int | None = None

    def line(self) -> str:
        return (
            f"pages in {self.pages} = records out {self.records} + failed {self.failed}; "
            f"{self.lenient} {LENIENTLY}"
        )

    @property
    def pages_this_run(self) -> int:
        """The pages this run did itself: not those a resumed run skipped."""
        return self.pages - (self.resumed_at or 0)

    def rate(self) -> float:
        """Pages per second of the work this run did."""
        return self.pages_this_run / self.seconds if self.seconds > 0 else 0.0


class OutputWriteError(OSError):
    """OUT or its error report could not be written (disk full, a file size limit...).

    The run stops and removes its partial files, so a failed write never leaves
    a truncated output behind (nor fills the disk with one).
    """


class StrictStop(Exception):
    """The first problem page of an ``--errors strict`` run: the run ends there."""

    def __init__(self, error: PageError) -> None:
        super().__init__(error.message)
        self.error = error


def convert(
    options: ConvertOptions,
    console: Console,
    *,
    progress: bool = False,
    on_error: Callable[[PageError], None] | None = None,
    on_resume: Callable[[int], None] | None = None,
) -> Summary:
    """Run a conversion; raises UsageError before writing anything if it cannot start.

    ``on_resume`` hears, before any page is read, how many pages an earlier run
    had done when ``--resume`` continues one. On KeyboardInterrupt the partial
    output and its checkpoint stay for ``--resume`` (resumable formats) and the
    interrupt propagates.
    """
    conversion = _Conversion(options, on_error)
    if on_resume is not None and conversion.resumed_at is not None:
        on_resume(conversion.resumed_at)
    return conversion.run(console, progress)


class _Conversion:
    """One run of ``convert``: the writer, the error log, the counts, the checkpoints."""

    def __init__(
        self, options: ConvertOptions, on_error: Callable[[PageError], None] | None
    ) -> None:
        self.options = options
        self.on_error = on_error
        self.sources = [Source(spec, options.source_options) for spec in options.sources]
        fmt = self.fmt = options.format
        out = options.out
        if options.resume and out is None:
            raise UsageError("--resume cannot continue on standard output: use -o FILE")
        if options.resume and not fmt.resumable:
            raise UsageError(f"--resume works with resumable formats only, not {fmt.name}")
        if options.resume and STDIN in options.sources:
            raise UsageError("--resume cannot read standard input again: convert from files")
        #: What an interrupted run keeps for ``--resume`` (nothing, on standard output).
        self.resumable = fmt.resumable and out is not None
        self.partial: Path | None = None
        self.writer: Writer
        if out is None:
            self.writer = StdoutWriter(fmt, sys.stdout.buffer)
        else:
            if out.is_dir():
                raise UsageError(f"{out} is a directory; OUT names the file to write")
            out.parent.mkdir(parents=True, exist_ok=True)
            partial = self.partial = out.with_name(out.name + ".partial")
            try:
                with self._writing():  # a new file's header or tables can fill the disk too
                    self.writer = fmt.open(partial, options.resume)
            except OutputWriteError:
                if not options.resume:
                    _remove_partial(partial)
                    partial.with_name(partial.name + "-journal").unlink(missing_ok=True)
                raise
        state = self.writer.resumed
        if state is not None and state.fingerprint != options.fingerprint():
            self.writer.close()
            raise UsageError(
                f"{self.partial} was started with other sources or options; "
                "rerun without --resume to start over"
            )
        self.errors_path = None
        if options.errors == "report":
            default = None if out is None else report_path(out)
            self.errors_path = options.errors_path or default
        self.errors = ErrorLog(self.errors_path, state.errors_offset if state else None)
        self.counts: Counter[str] = Counter()
        self.resumed_at = None if state is None else state.pages
        if state is not None:
            self.counts.update({key: getattr(state, key) for key in COUNTS})
        self.started = time.monotonic()
        self.last_checkpoint = (self.counts["pages"], self.started)

    def summary(self, stopped: PageError | None = None) -> Summary:
        counts = self.counts
        return Summary(
            counts["pages"],
            counts["records"],
            counts["failed"],
            counts["lenient"],
            time.monotonic() - self.started,
            None if stopped else self.errors_path,
            stopped,
            self.resumed_at,
        )

    def run(self, console: Console, progress: bool) -> Summary:
        finished = False
        try:
            self._loop(console, progress)
            with self._writing():
                self.writer.finish()
                if self.partial is not None and self.options.out is not None:
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
                with contextlib.suppress(BrokenPipeError):  # standard output's reader left
                    self.writer.close()
                self.errors.close(remove=not self.resumable)
                if not self.resumable:
                    _remove_partial(self.partial)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Turn a failed write of OUT or of the error report into an OutputWriteError."""
        try:
            yield
        except (OSError, sqlite3.Error) as exc:
            reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
            if isinstance(exc, BrokenPipeError):  # `| head`: the reader has all it wants
                raise
            where = self.options.out or "standard output"
            error = OutputWriteError(
                f"cannot write {where}: {reason} (disk full or over a file size "
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
        if self.partial is not None:
            self.partial.with_name(self.partial.name + "-journal").unlink(missing_ok=True)

    def _loop(self, console: Console, progress: bool) -> None:
        options = self.options
        bar = make_progress(console, progress)
        # Standard output takes the records through the pipes: no directory to spill in.
        spill = options.jobs > 1 and self.fmt.separator is not None and self.partial is not None
        with bar, spill_directory(self.partial, spill) as directory:
            job = Job("convert", self.fmt.name, options.encoding, directory, options.keys)
            tracker = Tracker(self.sources, bar, "converting")
            light = options.jobs > 1
            chunks = chunked(iter_entries(self.sources), self.counts["pages"], light=light)
            # closing(): the pool is shut down before the spill directory is removed
            with contextlib.closing(
                ordered_map(partial(work, job=job), chunks, options.jobs, warm_up=parser)
            ) as batches:
                for batch in batches:
                    self._take_batch(batch)
                    tracker.update(self.counts["pages"])
                    pages, when = self.last_checkpoint
                    if self.resumable and (
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
            counts = self.counts
            state = Checkpoint(
                counts["pages"],
                counts["records"],
                counts["failed"],
                counts["lenient"],
                self.errors.offset(),
                self.options.fingerprint(),
            )
            self.writer.checkpoint(state)
        self.last_checkpoint = (self.counts["pages"], time.monotonic())


@contextlib.contextmanager
def spill_directory(partial: Path | None, wanted: bool) -> Iterator[str | None]:
    """A private directory beside OUT for the workers' record files, removed after the run.

    Spill directories that a killed run of the same OUT left behind are removed
    first. None when not ``wanted`` or when it cannot be made (the records then
    travel through the pipes, as for the formats that do not spill).
    """
    if partial is None:
        yield None
        return
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


def _remove_partial(partial: Path | None) -> None:
    if partial is None:
        return
    partial.unlink(missing_ok=True)
    partial.with_name(partial.name + ".ckpt").unlink(missing_ok=True)


__all__ = [
    "ConvertOptions",
    "OutputError",
    "OutputWriteError",
    "Summary",
    "UsageError",
    "convert",
]
