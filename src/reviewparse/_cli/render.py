"""``reviewparse render``: JSONL records back to the original text files."""

from __future__ import annotations

import argparse
import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reviewparse._cli.arguments import Command
from reviewparse._cli.exits import EXIT_FAILED, EXIT_OK, stderr
from reviewparse._convert.outputs.readback import READERS
from reviewparse._convert.sources.names import safe_relpath
from reviewparse._convert.usage import UsageError
from reviewparse._core.atomic import write_atomically
from reviewparse._core.dicts import page_from_dict


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "records",
        metavar="RECORDS",
        help="a .jsonl, .jsonl.gz, .json, .csv, .parquet or .sqlite output of convert",
    )
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="output directory")


def iter_records(path: Path) -> Iterator[tuple[int, Any]]:
    """(record number, decoded JSON) from a .jsonl(.gz), a .json array or a table format."""
    name = path.name.lower()
    reader = READERS.get(path.suffix.lower())
    if reader is not None:  # .csv, .parquet, .sqlite: their bom and lines columns
        yield from reader(path)
        return
    if name.endswith(".json"):
        with path.open("rb") as source:
            data = json.load(source)
        if not isinstance(data, list):
            raise UsageError(f"{path}: expected a JSON array of records")
        yield from enumerate(data, 1)
        return
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rb") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except ValueError as exc:
                    yield number, exc


def _inside(root: Path, target: Path) -> bool:
    real_root = os.path.realpath(root)
    real = os.path.realpath(target)
    return os.path.commonpath([real_root, real]) == real_root


def run(args: argparse.Namespace) -> int:
    source = Path(args.records)
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    root = Path(args.output)
    root.mkdir(parents=True, exist_ok=True)
    err = stderr()
    seen: set[str] = set()
    total = written = 0
    failures: list[str] = []
    for number, record in iter_records(source):
        total += 1
        problem, path = _render_one(root, record, seen)
        if problem is None:
            written += 1
            continue
        where = f"{source}:{number}" + (f" ({path})" if path else "")
        failures.append(f"{where}: {problem}")
        if not args.quiet:
            err.print(failures[-1], markup=False)
    if not args.quiet:
        err.print(
            f"records in {total} = files written {written} + failed {len(failures)}",
            markup=False,
        )
    return EXIT_FAILED if failures else EXIT_OK


def _render_one(root: Path, record: Any, seen: set[str]) -> tuple[str | None, str]:
    if not isinstance(record, dict):
        return f"not a record: {record}", ""
    raw = record.get("path") or record.get("source_id")
    if not isinstance(raw, str):
        return "record has no path", ""
    rel = safe_relpath(raw)
    if rel is None:
        return f"refused unsafe path {raw!r} (absolute or with '..')", raw
    if rel in seen:
        return f"another record already wrote {rel!r}", raw
    try:
        page = page_from_dict(record)
        data = page.render().encode(record.get("encoding") or "utf-8")
    except (ValueError, LookupError) as exc:
        return str(exc), raw
    target = root / rel
    if not _inside(root, target.parent) or target.is_symlink():
        return f"refused {rel!r}: it would leave the output directory", raw
    target.parent.mkdir(parents=True, exist_ok=True)
    if not _inside(root, target.parent):  # a symlinked directory on the way
        return f"refused {rel!r}: it would leave the output directory", raw
    write_atomically(target, data)
    seen.add(rel)
    return None, raw


COMMAND = Command(
    "render",
    help="JSONL records back to the original text files",
    description=(
        "Write each record's page back to DIR/<path>, byte-identical to the converted "
        "input. Paths that are absolute or contain '..' are refused."
    ),
    groups=("chatter",),
    add_arguments=add_arguments,
    run=run,
)
