"""``reviewparse parse``: one page to pretty JSON on stdout."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reviewparse._cli.arguments import Command
from reviewparse._cli.exits import EXIT_FAILED, EXIT_OK
from reviewparse._convert.outputs import PageRecord
from reviewparse._convert.usage import UsageError
from reviewparse._convert.words import LENIENTLY, counted
from reviewparse._core.errors import ReviewParseError, point_at
from reviewparse._core.files import parse_bytes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", metavar="PAGE", help="a page file, or - for stdin")
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 1) with the located error instead"
    )


def read_page(name: str) -> bytes:
    """The bytes of the page file ``name``, or of stdin for ``-``."""
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"{name}: {exc.strerror or exc}") from None


def run(args: argparse.Namespace) -> int:
    data = read_page(args.page)
    name = "<stdin>" if args.page == "-" else args.page
    try:
        page_file = parse_bytes(
            data, strict=args.strict, encoding=args.encoding, keys=dict(args.keys) or None
        )
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
            f"{name}:{first.line}:{first.column}: {LENIENTLY} "
            f"({counted(len(page.diagnostics), 'diagnostic')}): {first.message}",
            file=sys.stderr,
        )
    return EXIT_OK


COMMAND = Command(
    "parse",
    help="one page to pretty JSON on stdout",
    description="Parse one page and print its record as JSON.",
    groups=("chatter", "decoding", "lexicon"),
    add_arguments=add_arguments,
    run=run,
)
