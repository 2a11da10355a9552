"""The ``reviewparse`` command: parse, convert, render, check, inspect.

Exit status: 0 all pages fine, 1 some pages failed (or a strict page did not
parse, or a round trip failed), 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import BrokenExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewparse._convert.outputs import FORMATS, OutputError, PageRecord, format_for, get_format
from reviewparse._convert.sizes import MAX_ARCHIVE_BYTES, MAX_PAGE_BYTES, GiB, MiB
from reviewparse._convert.usage import ERROR_MODES, UsageError
from reviewparse._core.atomic import write_atomically
from reviewparse._core.dicts import page_from_dict
from reviewparse._core.errors import ReviewParseError, point_at
from reviewparse._core.files import parse_bytes
from reviewparse._version import __version__

if TYPE_CHECKING:  # imported where used: `reviewparse parse` must start fast
    from rich.console import Console

    from reviewparse._convert.page_errors import PageError
    from reviewparse._convert.sources.page import SourceOptions

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

_SIZE = re.compile(r"(\d+)\s*([kmg]i?b?|b)?", re.IGNORECASE)


def byte_size(text: str) -> int:
    """``"16M"``, ``"4GiB"``, ``"512k"`` or plain bytes."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 16M, 2G, 4096)")
    unit = (match.group(2) or "b")[0].lower()
    return int(match.group(1)) * {"b": 1, "k": 1024, "m": MiB, "g": GiB}[unit]


def _cpus() -> int:
    """CPUs this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def codec(text: str) -> str:
    """A text codec Python knows, checked before any page is read (the name kept as given)."""
    try:
        b"x".decode(text, "replace")  # LookupError: unknown, or not bytes -> str (rot13)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding: {text!r}") from None
    return text


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


# -- argument parser ---------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewparse",
        description="Scraped film-review pages to structured data and back, losslessly.",
        epilog="Exit status: 0 ok, 1 some pages failed, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chatter = argparse.ArgumentParser(add_help=False)
    talk = chatter.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    talk.add_argument("-v", "--verbose", action="store_true", help="print every problem page")

    decoding = argparse.ArgumentParser(add_help=False)
    decoding.add_argument(
        "--encoding",
        type=codec,
        metavar="CODEC",
        help="decode pages with this codec (default: a UTF-16/32 BOM, else UTF-8)",
    )

    reading = argparse.ArgumentParser(add_help=False)
    group = reading.add_argument_group("reading sources")
    group.add_argument(
        "--text-field", default="text", metavar="NAME", help="JSONL: the page text (default: text)"
    )
    group.add_argument(
        "--id-field", default="id", metavar="NAME", help="JSONL: the page id, kept (default: id)"
    )
    group.add_argument(
        "--max-page-size",
        type=byte_size,
        default=MAX_PAGE_BYTES,
        metavar="SIZE",
        help="larger pages/members/JSON lines are errors, not read (default: 16M)",
    )
    group.add_argument(
        "--max-archive-size",
        type=byte_size,
        default=MAX_ARCHIVE_BYTES,
        metavar="SIZE",
        help="decompressed bytes read from one archive, at most (default: 4G)",
    )
    group.add_argument(
        "-j",
        "--jobs",
        type=positive,
        default=_cpus(),
        metavar="N",
        help="parallel worker processes (default: CPU count; 1 runs in-process)",
    )

    page = commands.add_parser(
        "parse",
        parents=[chatter, decoding],
        help="one page to pretty JSON on stdout",
        description="Parse one page and print its record as JSON.",
    )
    page.add_argument("page", metavar="PAGE", help="a page file, or - for stdin")
    page.add_argument(
        "--strict", action="store_true", help="fail (exit 1) with the located error instead"
    )

    conv = commands.add_parser(
        "convert",
        parents=[chatter, decoding, reading],
        help="a dump of pages to JSONL, JSON, CSV, Parquet or SQLite",
        description=(
            "Convert pages to structured records. SOURCE is a .txt page, a directory tree "
            "of .txt pages, a .jsonl/.jsonl.gz file of objects, or a .tar/.tar.gz/.zip "
            "archive (read in place)."
        ),
        epilog=(
            "Exit status: 0 ok (lenient pages included), 1 some pages failed "
            "(or --errors strict stopped), 2 usage error, 130 interrupted."
        ),
    )
    conv.add_argument("sources", nargs="+", metavar="SOURCE")
    conv.add_argument("-o", "--output", required=True, metavar="OUT", help="output file")
    conv.add_argument(
        "-f",
        "--format",
        choices=sorted(FORMATS),
        help="output format (default: from OUT's extension; jsonl if it has none)",
    )
    conv.add_argument(
        "--errors",
        choices=ERROR_MODES,
        default="report",
        help=(
            "strict: stop at the first failed or lenient page; report (default): write "
            "them to the error report; ignore: only count them"
        ),
    )
    conv.add_argument(
        "--errors-file",
        type=Path,
        metavar="PATH",
        help="the error report (default: OUT with .errors.jsonl for its extension)",
    )
    conv.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted JSONL/JSON/CSV/SQLite conversion from OUT.partial",
    )
    conv.add_argument(
        "--checkpoint-every",
        type=positive,
        default=1000,
        metavar="N",
        help="make progress durable every N pages (and every 5 s; default: 1000)",
    )
    conv.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help=(
            "local (default): processes on this machine; dask: a Dask cluster, OUT becomes "
            "a Parquet dataset directory (needs reviewparse[dask]; docs/dask.md)"
        ),
    )
    conv.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="--engine dask: the scheduler, tcp://host:8786 (default: a local cluster, -j workers)",
    )

    rend = commands.add_parser(
        "render",
        parents=[chatter],
        help="JSONL records back to the original text files",
        description=(
            "Write each record's page back to DIR/<path>, byte-identical to the converted "
            "input. Paths that are absolute or contain '..' are refused."
        ),
    )
    rend.add_argument("records", metavar="RECORDS", help="a .jsonl, .jsonl.gz or .json file")
    rend.add_argument("-o", "--output", required=True, metavar="DIR", help="output directory")

    chk = commands.add_parser(
        "check",
        parents=[chatter, decoding, reading],
        help="verify the lossless round trip on every page",
        description=(
            "Parse every page, render it back (bytes and JSON), and report strict/lenient "
            "counts and the credit keys seen. Exit 1 if any round trip failed or any page "
            "could not be read."
        ),
    )
    chk.add_argument("sources", nargs="+", metavar="SOURCE")

    insp = commands.add_parser(
        "inspect",
        parents=[decoding],
        help="show a page with each line labelled by its record",
        description="Print the page, each line labelled by the record it became.",
    )
    insp.add_argument("page", metavar="PAGE", help="a page file, or - for stdin")
    return parser


# -- commands ----------------------------------------------------------------------
def _stderr(args: argparse.Namespace) -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _read_page(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"{name}: {exc.strerror or exc}") from None


def cmd_parse(args: argparse.Namespace) -> int:
    data = _read_page(args.page)
    name = "<stdin>" if args.page == "-" else args.page
    try:
        page_file = parse_bytes(data, strict=args.strict, encoding=args.encoding)
    except ReviewParseError as exc:
        where = f"{name}:{exc.line}:{exc.column}: {exc.message}"
        print(f"{where}\n{point_at(exc.line_text, exc.column)}", file=sys.stderr)
        return EXIT_FAILED
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    page = page_file.page
    record = PageRecord(name, Path(name).name, None, page_file.encoding, page).to_dict()
    clean = page_file.decoded.errors == "strict"
    sys.stdout.write(json.dumps(record, indent=2, ensure_ascii=not clean) + "\n")
    if page.diagnostics and not args.quiet:
        first = page.diagnostics[0]
        print(
            f"{name}:{first.line}:{first.column}: parsed leniently "
            f"({len(page.diagnostics)} diagnostics): {first.message}",
            file=sys.stderr,
        )
    return EXIT_OK


def _source_options(args: argparse.Namespace) -> SourceOptions:
    from reviewparse._convert.sources.page import SourceOptions

    return SourceOptions(
        text_field=args.text_field,
        id_field=args.id_field,
        max_page_bytes=args.max_page_size,
        max_archive_bytes=args.max_archive_size,
    )


def cmd_convert(args: argparse.Namespace) -> int:
    from reviewparse._convert.run import ConvertOptions, convert

    out = Path(args.output)
    fmt = get_format(args.format) if args.format else format_for(str(out))
    err = _stderr(args)

    def show(error: PageError) -> None:
        err.print(str(error), markup=False)

    options = ConvertOptions(
        sources=tuple(args.sources),
        out=out,
        format=fmt,
        jobs=args.jobs,
        errors=args.errors,
        errors_path=args.errors_file,
        encoding=args.encoding,
        source_options=_source_options(args),
        resume=args.resume,
        checkpoint_every=args.checkpoint_every,
    )
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    try:
        if args.engine == "dask":
            from reviewparse._dask_cli import convert_on_dask

            summary = convert_on_dask(options, err, output=args.output, scheduler=args.scheduler)
        else:
            summary = convert(
                options,
                err,
                progress=err.is_terminal and not args.quiet,
                on_error=show if args.verbose else None,
            )
    except KeyboardInterrupt:
        hint = " (--resume continues it)" if fmt.resumable else ""
        err.print(f"interrupted; {out} not written{hint}", markup=False)
        return EXIT_INTERRUPTED
    if summary.stopped is not None:
        error = summary.stopped
        err.print(str(error), markup=False)
        if error.line_text is not None and error.column is not None:
            err.print(point_at(error.line_text, error.column), markup=False)
        err.print(f"stopped (--errors strict); {out} not written", markup=False)
        return EXIT_FAILED
    if not args.quiet:
        rate = summary.pages / summary.seconds if summary.seconds > 0 else 0.0
        err.print(summary.line(), markup=False)
        err.print(f"wrote {out} in {summary.seconds:.1f} s ({rate:,.0f} pages/s)", markup=False)
        if summary.errors_path is not None and (summary.failed or summary.lenient):
            err.print(f"error report: {summary.errors_path}", markup=False)
    if summary.failed and args.errors != "ignore":
        return EXIT_FAILED
    return EXIT_OK


def iter_records(path: Path) -> Iterator[tuple[int, Any]]:
    """(record number, decoded JSON) from a .jsonl(.gz) or a .json array."""
    name = path.name.lower()
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


def cmd_render(args: argparse.Namespace) -> int:
    source = Path(args.records)
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    root = Path(args.output)
    root.mkdir(parents=True, exist_ok=True)
    err = _stderr(args)
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
    from reviewparse._convert.sources.names import safe_relpath

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


def cmd_check(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from reviewparse._convert.check import check

    err = _stderr(args)
    out = Console(highlight=False, soft_wrap=True)
    report = check(
        tuple(args.sources),
        err,
        jobs=args.jobs,
        encoding=args.encoding,
        source_options=_source_options(args),
        progress=err.is_terminal and not args.quiet,
        on_error=(lambda e: err.print(str(e), markup=False)) if args.verbose else None,
    )
    if not args.verbose and not args.quiet:
        for problem in report.problems[:20]:
            err.print(str(problem), markup=False)
    if not args.quiet:
        table = Table(title="credit keys seen")
        table.add_column("key", style="cyan")
        table.add_column("field")
        table.add_column("pages", justify="right")
        for (key, field), count in sorted(report.keys.items(), key=lambda kv: (-kv[1], kv[0])):
            table.add_row(key, field or "(unknown)", str(count))
        out.print(table)
    verified = report.pages - report.unreadable
    out.print(
        f"pages {report.pages}: {report.strict} parsed strictly, {report.lenient} needed the "
        f"fallback, {report.unreadable} unreadable; round trip: "
        f"{verified - report.mismatches} of {verified} identical, {report.mismatches} failed",
        markup=False,
    )
    return EXIT_FAILED if report.mismatches or report.unreadable else EXIT_OK


def cmd_inspect(args: argparse.Namespace) -> int:
    data = _read_page(args.page)
    try:
        page_file = parse_bytes(data, encoding=args.encoding)
    except ReviewParseError as exc:  # a forced non-UTF-8 codec that does not fit
        _stderr(args).print(f"{args.page}: {exc}", markup=False)
        return EXIT_FAILED
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    from reviewparse import _inspect

    _inspect.show(page_file.page, page_file.encoding)
    return EXIT_OK


COMMANDS = {
    "parse": cmd_parse,
    "convert": cmd_convert,
    "render": cmd_render,
    "check": cmd_check,
    "inspect": cmd_inspect,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, OutputError) as exc:  # SourceError is a UsageError
        print(f"reviewparse {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("reviewparse: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `reviewparse parse page.txt | head`
        sys.stderr.close()
        return EXIT_FAILED
    except BrokenExecutor:
        print(
            f"reviewparse {args.command}: error: a worker process died (out of memory?); "
            "a resumable conversion continues with --resume",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except OSError as exc:  # cannot write the output, disk full...
        print(f"reviewparse {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
