"""``reviewparse check``: the lossless round trip on every page, and the credit keys seen."""

from __future__ import annotations

import argparse

from reviewparse._cli.arguments import Command, distinct_specs, source_options
from reviewparse._cli.exits import EXIT_FAILED, EXIT_OK, stderr
from reviewparse._convert.words import LENIENTLY, STRICTLY


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from reviewparse._convert.check import check

    err = stderr()
    out = Console(highlight=False, soft_wrap=True)
    report = check(
        distinct_specs(args, err),
        err,
        jobs=args.jobs,
        encoding=args.encoding,
        source_options=source_options(args),
        keys=args.keys,
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
    if not args.quiet and report.encodings:
        most = sorted(report.encodings.items(), key=lambda item: (-item[1], item[0]))
        read_as = ", ".join(f"{codec} {count}" for codec, count in most)
        out.print(f"encodings: {read_as}", markup=False)
    verified = report.pages - report.unreadable
    out.print(
        f"pages {report.pages}: {report.strict} {STRICTLY}, {report.lenient} {LENIENTLY}, "
        f"{report.unreadable} unreadable; round trip: "
        f"{verified - report.mismatches} of {verified} identical, {report.mismatches} failed",
        markup=False,
    )
    return EXIT_FAILED if report.mismatches or report.unreadable else EXIT_OK


COMMAND = Command(
    "check",
    help="verify the lossless round trip on every page",
    description=(
        "Parse every page, render it back (bytes and JSON), and report strict/lenient "
        "counts and the credit keys seen. SOURCE is read as convert reads it (- for "
        "standard input). Exit 1 if any round trip failed or any page could not be read."
    ),
    groups=("chatter", "decoding", "lexicon", "reading"),
    add_arguments=add_arguments,
    run=run,
)
