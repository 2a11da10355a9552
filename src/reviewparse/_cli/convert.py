"""``reviewparse convert``: a dump of pages to records, and the error report beside them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from reviewparse._cli.arguments import Command, distinct_specs, positive, source_options
from reviewparse._cli.exits import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, stderr
from reviewparse._convert.outputs import DEFAULT_FORMAT, FORMATS, format_for, get_format
from reviewparse._convert.sources.names import STDIN
from reviewparse._convert.stdout import streamable
from reviewparse._convert.usage import ERROR_MODES, UsageError
from reviewparse._convert.words import counted
from reviewparse._core.errors import point_at

if TYPE_CHECKING:
    from reviewparse._convert.page_errors import PageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="output file, or - for standard output (stream formats: jsonl, json, jsonld, csv)",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=sorted(FORMATS),
        help="output format (default: from OUT's extension; jsonl if it has none, or for -o -)",
    )
    parser.add_argument(
        "--errors",
        choices=ERROR_MODES,
        default="report",
        help=(
            "strict: stop at the first failed or lenient page; report (default): write "
            "them to the error report; ignore: only count them"
        ),
    )
    parser.add_argument(
        "--errors-to",
        "--errors-file",
        dest="errors_to",
        metavar="PATH",
        help=(
            "the error report (default: OUT.errors.jsonl, the whole name of OUT kept; "
            "with -o -, no file: each problem page is told on stderr)"
        ),
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted JSONL/JSON/CSV/SQLite conversion from OUT.partial",
    )
    parser.add_argument(
        "--checkpoint-every",
        type=positive,
        default=1000,
        metavar="N",
        help="make progress durable every N pages (and every 5 s; default: 1000)",
    )
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help=(
            "local (default): processes on this machine; dask: a Dask cluster, OUT becomes "
            "a Parquet dataset directory (needs reviewparse[dask]; docs/dask.md)"
        ),
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="--engine dask: the scheduler, tcp://host:8786 (default: a local cluster, -j workers)",
    )


def run(args: argparse.Namespace) -> int:
    from reviewparse._convert.run import ConvertOptions, convert

    to_stdout = args.output == STDIN  # never a file named "-"
    out = None if to_stdout else Path(args.output)
    if args.format or to_stdout:  # standard output has no extension to go by
        fmt = get_format(args.format or DEFAULT_FORMAT)
    else:
        fmt = format_for(args.output)
    where = "standard output" if to_stdout else str(out)
    err = stderr()
    if args.errors_to == STDIN:
        raise UsageError("--errors-to names a file: standard output is for the records")
    if to_stdout:
        streamable(fmt)
        if args.engine == "dask":
            raise UsageError("--engine dask writes a Parquet dataset: -o - does not apply")

    def show(error: PageError) -> None:
        err.print(str(error), markup=False)

    options = ConvertOptions(
        sources=distinct_specs(args, err),
        out=out,
        format=fmt,
        jobs=args.jobs,
        errors=args.errors,
        errors_path=Path(args.errors_to) if args.errors_to else None,
        encoding=args.encoding,
        source_options=source_options(args),
        resume=args.resume,
        checkpoint_every=args.checkpoint_every,
        keys=args.keys,
    )
    reported = to_stdout and args.errors == "report" and args.errors_to is None

    def resuming(pages: int) -> None:
        err.print(
            f"resuming {out}.partial after page {pages:,} (done by an earlier run)",
            markup=False,
        )

    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    try:
        if args.engine == "dask":
            from reviewparse._cli.dask_engine import convert_on_dask

            summary = convert_on_dask(options, err, output=args.output, scheduler=args.scheduler)
        else:
            summary = convert(
                options,
                err,
                progress=err.is_terminal and not args.quiet,
                # -o - without --errors-to: the report's lines go to stderr instead
                on_error=show if args.verbose or (reported and not args.quiet) else None,
                on_resume=None if args.quiet else resuming,
            )
    except KeyboardInterrupt:
        hint = " (--resume continues it)" if fmt.resumable and not to_stdout else ""
        err.print(f"interrupted; {where} not written{hint}", markup=False)
        return EXIT_INTERRUPTED
    if summary.stopped is not None:
        error = summary.stopped
        err.print(str(error), markup=False)
        if error.line_text is not None and error.column is not None:
            err.print(point_at(error.line_text, error.column), markup=False)
        done = (
            f"the {counted(summary.records, 'record')} before it went to standard output"
            if to_stdout
            else f"{out} not written"
        )
        err.print(f"stopped (--errors strict); {done}", markup=False)
        return EXIT_FAILED
    if not args.quiet:
        err.print(summary.line(), markup=False)
        own = ""
        if summary.resumed_at is not None:
            own = f", the {counted(summary.pages_this_run, 'page')} of this run"
        err.print(
            f"wrote {where} in {summary.seconds:.1f} s ({summary.rate():,.0f} pages/s{own})",
            markup=False,
        )
        if summary.errors_path is not None and (summary.failed or summary.lenient):
            err.print(f"error report: {summary.errors_path}", markup=False)
    if summary.failed and args.errors != "ignore":
        return EXIT_FAILED
    return EXIT_OK


COMMAND = Command(
    "convert",
    help="a dump of pages to JSONL, JSON, CSV, Parquet or SQLite",
    description=(
        "Convert pages to structured records. SOURCE is a .txt page, a directory tree "
        "of .txt pages, a .jsonl/.jsonl.gz file of objects, a .tar/.tar.gz/.zip "
        "archive (read in place), or - for standard input (see --input-format). A source "
        "given twice, or inside a directory also given, is read once."
    ),
    epilog=(
        "Exit status: 0 ok (lenient pages included), 1 some pages failed "
        "(or --errors strict stopped), 2 usage error, 130 interrupted."
    ),
    groups=("chatter", "decoding", "lexicon", "reading"),
    add_arguments=add_arguments,
    run=run,
)
