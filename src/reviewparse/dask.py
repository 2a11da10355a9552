"""Converting dumps on a Dask cluster: ``read_pages`` gives a bag, ``to_parquet`` a dataset.

Needs the ``dask`` extra (``pip install 'reviewparse[dask]'``); ``import
reviewparse`` alone never imports Dask. Paths are fsspec URLs (a local path,
``file://``, ``s3://``...) that every worker can open::

    from distributed import Client
    import reviewparse.dask as rpd

    with Client("tcp://scheduler:8786"):
        bag = rpd.read_pages("s3://bucket/dump/", errors=True)
        summary = rpd.to_parquet(bag, "s3://bucket/out/pages.parquet")

Pages are read and decoded exactly as ``reviewparse convert`` reads them (same
sources, ids, safety caps and error entries), and ``to_parquet`` writes the same
rows with the same schema, one file per partition, so the dataset holds the same
records in the same order as the single-machine Parquet file. Error entries go
to their own dataset of JSON Lines files, one per partition, each line the
entry ``convert`` writes to its error report: nothing is lost.
"""

from __future__ import annotations

import logging
import os
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

import dask.bag as db
import fsspec
from dask.base import compute
from dask.delayed import delayed
from dask.utils import parse_bytes
from distributed import Client, LocalCluster

from reviewparse._convert.errorlog import json_line, report_name
from reviewparse._convert.outputs.parquet import ParquetWriter
from reviewparse._convert.outputs.record import PageRecord
from reviewparse._convert.outputs.table import Row, page_to_row, parquet_schema
from reviewparse._convert.pages import PageKeys, convert_page
from reviewparse._convert.run import Summary
from reviewparse._convert.sources.page import SourceOptions, SourcePage
from reviewparse._convert.sources.source import distinct_sources
from reviewparse._core.page import ReviewPage
from reviewparse._dask.plan import Unit, list_units, partitions
from reviewparse._dask.read import count_newlines, line_numbers_before, read_jsonl, read_units

#: Input bytes one task reads (page files are grouped, JSON Lines files split, up to this).
DEFAULT_BLOCKSIZE = "32MiB"

Item = PageRecord | dict[str, Any]
_DEFAULT_OPTIONS = SourceOptions()


# -- reading -------------------------------------------------------------------------
def read_sources(
    urlpath: str | Sequence[str],
    *,
    blocksize: int | str = DEFAULT_BLOCKSIZE,
    storage_options: dict[str, Any] | None = None,
    source_options: SourceOptions = _DEFAULT_OPTIONS,
) -> db.Bag:
    """A bag of the dump's pages as read (``SourcePage``: bytes or text, or why not read).

    ``urlpath`` is one source or a list of them, each a ``.txt`` page, a directory
    tree of them, a JSON Lines file (``.jsonl``, ``.jsonl.gz``) or a tar/zip
    archive, as ``reviewparse convert`` takes them. The dump is listed here, on
    the client; the pages are read on the workers.
    """
    return _bag(urlpath, blocksize, storage_options, source_options, _read_partition)


def _bag(
    urlpath: str | Sequence[str],
    blocksize: int | str,
    storage_options: dict[str, Any] | None,
    source_options: SourceOptions,
    reader: Callable[..., list[Any]],
) -> db.Bag:
    """List the dump on the client, then one ``reader`` task per partition."""
    specs, overlaps = distinct_sources([urlpath] if isinstance(urlpath, str) else urlpath)
    for overlap in overlaps:  # read once, as convert reads them
        warnings.warn(str(overlap), stacklevel=3)
    size = parse_bytes(blocksize) if isinstance(blocksize, str) else int(blocksize)
    storage_options = dict(storage_options or {})
    units = [unit for spec in specs for unit in list_units(spec, storage_options)]
    parts = partitions(units, size)
    breaks = _jsonl_breaks(parts, storage_options)
    task = delayed(reader, pure=True)
    delayed_parts = [
        task(part, breaks.get(id(part), 0), source_options, storage_options) for part in parts
    ]
    if not delayed_parts:
        return db.from_sequence([], npartitions=1)
    return db.from_delayed(delayed_parts)


def _jsonl_breaks(parts: list[list[Unit]], storage_options: dict[str, Any]) -> dict[int, Any]:
    """For each later range of a split JSON Lines file, a task counting the breaks before it."""
    by_file: dict[str, list[list[Unit]]] = {}
    for part in parts:
        if part[0].kind == "jsonl" and part[0].stop is not None:
            by_file.setdefault(part[0].url, []).append(part)
    breaks: dict[int, Any] = {}
    count = delayed(count_newlines, pure=True)
    running = delayed(line_numbers_before, pure=True)
    for file_parts in by_file.values():
        counts = [count(part[0], storage_options) for part in file_parts]
        before = running(counts)
        for index, part in enumerate(file_parts):
            breaks[id(part)] = before[index]
    return breaks


def _read(
    units: list[Unit], breaks_before: int, options: SourceOptions, storage_options: dict[str, Any]
) -> Iterator[SourcePage]:
    if units[0].kind == "jsonl":
        return read_jsonl(units[0], breaks_before, options, storage_options)
    return read_units(units, options, storage_options)


def _read_partition(
    units: list[Unit], breaks_before: int, options: SourceOptions, storage_options: dict[str, Any]
) -> list[SourcePage]:
    return list(_read(units, breaks_before, options, storage_options))


def _read_items(
    units: list[Unit],
    breaks_before: int,
    options: SourceOptions,
    storage_options: dict[str, Any],
    *,
    encoding: str | None,
    errors: bool,
    keys: PageKeys,
) -> list[Item]:
    """Read and convert in one pass: a page's bytes are dropped once it is parsed."""
    return [
        item
        for page in _read(units, breaks_before, options, storage_options)
        for item in page_items(page, encoding, keys)
        if errors or isinstance(item, PageRecord)
    ]


def page_items(
    page: SourcePage, encoding: str | None = "auto", keys: PageKeys = None
) -> list[Item]:
    """What ``convert`` makes of one page: its record, its error entry, or both (lenient)."""
    outcome = convert_page(page, encoding, keys=keys)
    items: list[Item] = [] if outcome.item is None else [outcome.item]
    if outcome.error is not None:
        items.append(outcome.error.to_dict())
    return items


def read_pages(
    urlpath: str | Sequence[str],
    *,
    errors: bool = False,
    encoding: str | None = "auto",
    blocksize: int | str = DEFAULT_BLOCKSIZE,
    storage_options: dict[str, Any] | None = None,
    source_options: SourceOptions = _DEFAULT_OPTIONS,
    keys: PageKeys = None,
) -> db.Bag:
    """A bag of ``PageRecord`` s: ``(source_id, path, record_id, encoding, page)`` per page.

    Pages are decoded as ``convert`` decodes them (``encoding="auto"``: a BOM, UTF-8,
    else a guessed legacy codec; a page whose bytes are not valid in its encoding
    yields no record) and parsed leniently. With
    ``errors=True`` the bag also holds the error entries (dicts, as in the error
    report of ``convert``) right after the pages they are about: hand that bag
    to ``to_parquet`` to lose nothing. ``.map(lambda r: (r.source_id, r.page))``
    gives plain pairs. ``keys`` extends the credit-key lexicon as ``parse(keys=...)``
    does (a mapping of field to spellings, or a ``Lexicon``: both pickle to the workers).
    """
    reader = partial(_read_items, encoding=encoding, errors=errors, keys=keys)
    return _bag(urlpath, blocksize, storage_options, source_options, reader)


# -- writing -------------------------------------------------------------------------
def _row(item: Any) -> Row:
    if isinstance(item, PageRecord):
        return item.to_row()
    source_id, page = item
    if not isinstance(page, ReviewPage):
        raise TypeError(f"expected a PageRecord or (source_id, ReviewPage), got {item!r}")
    return page_to_row(source_id, page)


def _write_partition(
    items: list[Any], pages_file: str, errors_file: str | None, storage_options: dict[str, Any]
) -> Summary:
    """One partition to one Parquet file (and one JSON Lines file of its error entries)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    problems: list[dict[str, Any]] = []
    records = 0
    fs, path = fsspec.core.url_to_fs(pages_file, **storage_options)
    with fs.open(path, "wb") as sink, pq.ParquetWriter(sink, schema) as writer:
        rows: list[Row] = []
        for item in items:
            if isinstance(item, dict):
                problems.append(item)
                continue
            rows.append(_row(item))
            if len(rows) >= ParquetWriter.batch_size:  # one row group, as the local engine's
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                records += len(rows)
                rows = []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            records += len(rows)
    if errors_file is not None:
        fs, path = fsspec.core.url_to_fs(errors_file, **storage_options)
        with fs.open(path, "wb") as sink:
            for problem in problems:
                sink.write(json_line(problem))
    failed = sum(1 for problem in problems if not problem.get("record"))
    return Summary(records + failed, records, failed, len(problems) - failed)


def default_errors_path(path: str) -> str:
    """``out/pages.parquet`` -> ``out/pages.parquet.errors.jsonl`` (a directory of JSON Lines).

    The local engine's rule (``convert``'s report of the same OUT has the same name).
    """
    return report_name(path)


def _fresh_dir(url: str, storage_options: dict[str, Any], suffix: str) -> str:
    """``url`` as an empty-of-our-parts directory (old ``part.*`` files removed)."""
    fs, root = fsspec.core.url_to_fs(url, **storage_options)
    if fs.exists(root) and not fs.isdir(root):
        raise FileExistsError(f"{url} exists and is not a directory")
    fs.makedirs(root, exist_ok=True)
    stale = fs.glob(f"{root.rstrip('/')}/part.*{suffix}")
    if stale:
        fs.rm(stale)
    return str(fs.unstrip_protocol(root.rstrip("/")))


def to_parquet(
    bag: db.Bag,
    path: str,
    *,
    errors_path: str | None = None,
    write_errors: bool = True,
    storage_options: dict[str, Any] | None = None,
) -> Summary:
    """Write the bag as a Parquet dataset (``path/part.NNNNN.parquet``) and wait for it.

    Items are ``PageRecord`` s (or ``(source_id, ReviewPage)`` pairs) and error
    entries (dicts): rows use the schema and row mapping of the single-machine
    Parquet output; error entries go to ``errors_path`` (default: ``path``
    with ``.errors.jsonl`` added), one JSON Lines file per partition. A
    partition is written by one task under a fixed name, so a task that Dask
    retries (a worker died) rewrites its own file and nothing is doubled.
    Returns the counts, as ``convert`` reports them.
    """
    storage_options = dict(storage_options or {})
    started = time.monotonic()
    pages_root = _fresh_dir(path, storage_options, ".parquet")
    errors_root = None
    if write_errors:
        errors_root = _fresh_dir(
            errors_path or default_errors_path(path), storage_options, ".jsonl"
        )
    parts = bag.to_delayed(optimize_graph=True)
    width = max(5, len(str(len(parts) - 1)))
    write = delayed(_write_partition, pure=True)
    tasks = [
        write(
            part,
            f"{pages_root}/part.{i:0{width}d}.parquet",
            f"{errors_root}/part.{i:0{width}d}.jsonl" if errors_root else None,
            storage_options,
        )
        for i, part in enumerate(parts)
    ]
    counts = compute(*tasks)
    return Summary(
        sum(part.pages for part in counts),
        sum(part.records for part in counts),
        sum(part.failed for part in counts),
        sum(part.lenient for part in counts),
        time.monotonic() - started,
    )


# -- clusters ------------------------------------------------------------------------
@contextmanager
def connect(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` or, with none, of a new ``LocalCluster``.

    The local cluster runs ``workers`` processes (default: the CPU count) of one
    thread each: parsing is pure Python, so processes, not threads, add speed.
    """
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",  # a local cluster listens on loopback only
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


__all__ = [
    "DEFAULT_BLOCKSIZE",
    "connect",
    "default_errors_path",
    "page_items",
    "read_pages",
    "read_sources",
    "to_parquet",
]
