"""The pages cut into small chunks, and what a worker does with one.

The main process reads the sources in order and cuts their entries into chunks
of at most ``CHUNK_PAGES`` pages or ``CHUNK_BYTES`` bytes; a worker runs the page
step over a chunk (``work``) and hands back a ``Batch`` of outcomes in order.

The bulk moves outside the pipes: a JSON line or a file found in a directory
stays unread until the worker reads it, a row of a plain JSON Lines file travels
as its offset alone (``JsonLine.light``, read back by ``reread``), and a stream
format's records come back as one file per chunk (``spilled``) that the main
process appends to OUT inside the kernel. docs/performance.md has what each saves.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Literal

from attrs import evolve, frozen

from reviewparse._convert.outputs import FORMATS
from reviewparse._convert.pages import KeySpellings, Outcome, check_page, convert_page
from reviewparse._convert.sources.jsonl import JsonLine, reread
from reviewparse._convert.sources.page import Entry, SourcePage
from reviewparse._convert.sources.source import Deferred, Source

CHUNK_PAGES = 128
CHUNK_BYTES = 2 * 1024 * 1024

Pending = SourcePage | Deferred  # a page read, or one still to read (in a worker)


@frozen
class Job:
    """What every chunk of a run is for: the same for all of them."""

    mode: Literal["convert", "check"]
    format: str = "jsonl"
    encoding: str | None = None
    spill: str | None = None  # a directory for workers' record files (stream formats, -j > 1)
    keys: KeySpellings = ()  # credit-key spellings added to the lexicon (--keys)


@frozen
class Batch:
    """A chunk's outcomes, in order.

    With ``spill`` set, the items of the chunk's ``records`` are not in the
    outcomes but joined in that file, which the main process copies into OUT
    and deletes: records are the bulk of the traffic, and a file moves them
    without pickling or pipes.
    """

    outcomes: list[Outcome]
    spill: str | None = None
    records: int = 0


def chunked(
    entries: Iterable[tuple[Source, Entry]], skip: int, *, light: bool = False
) -> Iterator[list[Pending]]:
    """Read the pages (after skipping ``skip`` entries unread) into bounded chunks.

    A JSON line stays undecoded and a file found in a directory unread: ``work``
    does both, in a worker, so that the one process that reads the dump does as
    little as it can. With ``light`` (chunks bound for other processes), a JSON
    line that can be read again by offset goes without its bytes.
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


def work(chunk: list[Pending], job: Job) -> Batch:
    """A worker's job: every page of a chunk, never raising for one page."""
    step: Callable[[SourcePage], Outcome]
    if job.mode == "convert":
        prepare = FORMATS[job.format].prepare
        step = partial(convert_page, encoding=job.encoding, prepare=prepare, keys=job.keys)
    else:
        step = partial(check_page, encoding=job.encoding, keys=job.keys)
    outcomes = [step(item() if isinstance(item, Deferred) else item) for item in reread(chunk)]
    if job.spill is None:
        return Batch(outcomes)
    return spilled(outcomes, job.spill, FORMATS[job.format].separator or b"")


def spilled(outcomes: list[Outcome], directory: str, separator: bytes) -> Batch:
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
