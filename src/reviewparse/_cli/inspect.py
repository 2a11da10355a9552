"""``reviewparse inspect``: a page with each line labelled by the record it became."""

from __future__ import annotations

import argparse

from reviewparse._cli.arguments import Command
from reviewparse._cli.exits import EXIT_FAILED, EXIT_OK, stderr
from reviewparse._cli.parse import read_page
from reviewparse._convert.usage import UsageError
from reviewparse._core.errors import ReviewParseError
from reviewparse._core.files import parse_bytes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", metavar="PAGE", help="a page file, or - for stdin")


def run(args: argparse.Namespace) -> int:
    data = read_page(args.page)
    try:
        page_file = parse_bytes(data, encoding=args.encoding, keys=dict(args.keys) or None)
    except ReviewParseError as exc:  # a forced non-UTF-8 codec that does not fit
        stderr().print(f"{args.page}: {exc}", markup=False)
        return EXIT_FAILED
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    from reviewparse._cli import labels  # rich loads only here

    labels.show(page_file.page, page_file.encoding)
    return EXIT_OK


COMMAND = Command(
    "inspect",
    help="show a page with each line labelled by its record",
    description="Print the page, each line labelled by the record it became.",
    groups=("decoding", "lexicon"),
    add_arguments=add_arguments,
    run=run,
)
