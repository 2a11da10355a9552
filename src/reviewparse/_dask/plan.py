"""Which task reads which bytes: a dump listed through fsspec and cut into partitions.

Listing happens once, on the client. Each partition is a short list of
``Unit`` s (plain pages grouped up to a byte budget, one archive, or one byte
range of a JSON Lines file), so a task's memory is bounded by the budget and
the safety caps of the sources, never by the size of the dump.

Names come from the same rules as a local ``Source`` (``sources.names``: the
spec as given, then the member path), so a page gets the same ``source_id`` on a
cluster as on one machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

import fsspec
from attrs import frozen

from reviewparse._convert.sources.names import (
    PAGE_SUFFIX,
    SourceKind,
    kind_of_name,
    source_name,
)
from reviewparse._convert.sources.source import SourceError


@frozen
class Unit:
    """Bytes one task reads: a page file, an archive, or part of a JSON Lines file."""

    kind: SourceKind  # "file", "jsonl", "tar" or "zip"
    url: str  # what the worker opens (absolute, with the protocol)
    name: str  # the source's name in page ids, as ``Source.name``
    rel: str  # a page file's path relative to its source (``SourcePage.path``)
    size: int
    start: int = 0  # JSON Lines: this unit reads the lines that start in [start, stop)
    stop: int | None = None
    part: int = 0  # JSON Lines: index of this byte range within the file


def _walk_key(rel: str) -> tuple[tuple[int, str], ...]:
    """``os.walk`` order with sorted names: a directory's files, then its subdirectories."""
    *dirs, leaf = rel.split("/")
    return (*((1, d) for d in dirs), (0, leaf))


def list_units(spec: str, storage_options: dict[str, Any] | None = None) -> Iterator[Unit]:
    """The units of one source spec (a path or URL), in the order ``Source`` reads them."""
    fs, root = fsspec.core.url_to_fs(spec, **(storage_options or {}))
    name = source_name(spec)
    if not fs.exists(root):
        raise SourceError(f"{spec}: no such file or directory")
    if fs.isdir(root):
        prefix = root.rstrip("/") + "/"
        files = []
        for path, info in fs.find(root, detail=True).items():
            rel = path[len(prefix) :] if path.startswith(prefix) else PurePosixPath(path).name
            if info.get("type", "file") == "file" and rel.lower().endswith(PAGE_SUFFIX):
                files.append((rel, path, int(info.get("size") or 0)))
        for rel, path, size in sorted(files, key=lambda item: _walk_key(item[0])):
            yield Unit("file", fs.unstrip_protocol(path), f"{name}/{rel}", rel, size)
        return
    kind = kind_of_name(root)
    size = int(fs.size(root) or 0)
    yield Unit(kind, fs.unstrip_protocol(root), name, PurePosixPath(root).name, size)


def split_jsonl(unit: Unit, blocksize: int) -> list[Unit]:
    """Byte ranges of an uncompressed JSON Lines file; gzip cannot be split and stays whole."""
    if unit.kind != "jsonl" or unit.url.lower().endswith(".gz") or unit.size <= blocksize:
        return [unit]
    starts = range(0, unit.size, blocksize)
    return [
        Unit(unit.kind, unit.url, unit.name, unit.rel, unit.size, start, start + blocksize, part)
        for part, start in enumerate(starts)
    ]


def partitions(units: Iterable[Unit], blocksize: int) -> list[list[Unit]]:
    """Consecutive page files grouped up to ``blocksize`` bytes; every other unit alone.

    Order is kept, so concatenating the partitions gives the single-machine order.
    """
    out: list[list[Unit]] = []
    group: list[Unit] = []
    group_bytes = 0
    for unit in units:
        if unit.kind == "file":
            if group and group_bytes + unit.size > blocksize:
                out.append(group)
                group, group_bytes = [], 0
            group.append(unit)
            group_bytes += unit.size
            continue
        if group:
            out.append(group)
            group, group_bytes = [], 0
        out.extend([part] for part in split_jsonl(unit, blocksize))
    if group:
        out.append(group)
    return out
