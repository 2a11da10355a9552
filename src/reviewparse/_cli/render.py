"""``reviewparse render``: JSONL records back to the original text files, or to stdout.

``-`` reads the records from standard input (JSON Lines, or a JSON array when its
first character is ``[``); ``-o -`` writes each page's bytes to standard output,
one after another with nothing between, instead of a file under DIR.
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from reviewparse._cli.arguments import Command
from reviewparse._cli.exits import EXIT_FAILED, EXIT_OK, stderr
from reviewparse._convert.outputs.readback import READERS
from reviewparse._convert.sources.names import STDIN, safe_relpath
from reviewparse._convert.usage import UsageError
from reviewparse._core.atomic import write_atomically
from reviewparse._core.dicts import page_from_dict


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "records",
        metavar="RECORDS",
        help="a .jsonl, .jsonl.gz, .json, .csv, .parquet or .sqlite output of convert, or - for"
        " JSON Lines on standard input",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help="output directory, or - for the pages' bytes on standard output",
    )


def iter_records(path: Path) -> Iterator[tuple[int, Any]]:
    """(record number, decoded JSON) from a .jsonl(.gz), a .json array or a table format."""
    name = path.name.lower()
    reader = READERS.get(path.suffix.lower())
    if reader is not None:  # .csv, .parquet, .sqlite: their bom and lines columns
        yield from reader(path)
        return
    if name.endswith(".json"):
        with path.open("rb") as source:
            yield from _array(source, str(path))
        return
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rb") as lines:
        yield from _rows(lines)


def stdin_records(stream: IO[bytes]) -> Iterator[tuple[int, Any]]:
    """(record number, decoded JSON) from standard input: a JSON array if it starts so."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        if line.lstrip()[:1] == b"[":
            yield from _array(io.BytesIO(line + stream.read()), "<stdin>")
        else:
            yield from _rows(itertools.chain([line], stream), start=number)
        return


def _array(source: IO[bytes], name: str) -> Iterator[tuple[int, Any]]:
    data = json.load(source)
    if not isinstance(data, list):
        raise UsageError(f"{name}: expected a JSON array of records")
    yield from enumerate(data, 1)


def _rows(lines: Iterable[bytes], start: int = 1) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(lines, start):
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
    from_stdin = args.records == STDIN  # never a file named "-"
    source = Path(args.records)
    if not from_stdin and not source.is_file():
        raise UsageError(f"{source}: no such file")
    records = stdin_records(sys.stdin.buffer) if from_stdin else iter_records(source)
    to_stdout = args.output == STDIN
    root = Path(args.output)
    if not to_stdout:
        root.mkdir(parents=True, exist_ok=True)
    name = "<stdin>" if from_stdin else str(source)
    err = stderr()
    seen: set[str] = set()
    total = written = 0
    failures: list[str] = []
    for number, record in records:
        total += 1
        if to_stdout:
            problem, path = _render_to(sys.stdout.buffer, record)
        else:
            problem, path = _render_one(root, record, seen)
        if problem is None:
            written += 1
            continue
        where = f"{name}:{number}" + (f" ({path})" if path else "")
        failures.append(f"{where}: {problem}")
        if not args.quiet:
            err.print(failures[-1], markup=False)
    sys.stdout.flush()
    if not args.quiet:
        made = "pages written to standard output" if to_stdout else "files written"
        err.print(f"records in {total} = {made} {written} + failed {len(failures)}", markup=False)
    return EXIT_FAILED if failures else EXIT_OK


def _page_bytes(record: dict[str, Any]) -> bytes:
    """The page a record holds, as the bytes it was read from (ValueError, LookupError)."""
    page = page_from_dict(record)
    return page.render().encode(record.get("encoding") or "utf-8")


def _render_to(sink: IO[bytes], record: Any) -> tuple[str | None, str]:
    """One record's page onto ``sink``: None, or what is wrong with the record."""
    if not isinstance(record, dict):
        return f"not a record: {record}", ""
    raw = record.get("path") or record.get("source_id")
    label = raw if isinstance(raw, str) else ""
    try:
        data = _page_bytes(record)
    except (ValueError, LookupError) as exc:
        return str(exc), label
    sink.write(data)
    return None, label


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
        data = _page_bytes(record)
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
        "input. Paths that are absolute or contain '..' are refused. RECORDS - reads "
        "standard input; -o - writes the pages to standard output, one after another."
    ),
    groups=("chatter",),
    add_arguments=add_arguments,
    run=run,
)
