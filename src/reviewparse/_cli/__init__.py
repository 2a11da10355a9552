"""The ``reviewparse`` command: parse, convert, render, check, inspect.

One module a command (``parse``, ``convert``, ``render``, ``check``, ``inspect``),
each declaring a ``Command`` with its own arguments; ``arguments`` holds the value
types and the option groups they share, ``exits`` the exit statuses. Command
modules import the conversion machinery (process pools, archives, progress bars)
only when they run, so that ``reviewparse parse`` starts fast.

Exit status: 0 all pages fine, 1 some pages failed (or a strict page did not
parse, or a round trip failed), 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor

from reviewparse._cli import check, convert, inspect, parse, render
from reviewparse._cli.arguments import shared_groups
from reviewparse._cli.exits import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE
from reviewparse._convert.outputs import OutputError
from reviewparse._convert.usage import UsageError
from reviewparse._version import __version__

COMMANDS = (parse.COMMAND, convert.COMMAND, render.COMMAND, check.COMMAND, inspect.COMMAND)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewparse",
        description="Scraped film-review pages to structured data and back, losslessly.",
        epilog="Exit status: 0 ok, 1 some pages failed, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    groups = shared_groups()
    for command in COMMANDS:
        sub = commands.add_parser(
            command.name,
            parents=[groups[name] for name in command.groups],
            help=command.help,
            description=command.description,
            epilog=command.epilog,
        )
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except (UsageError, OutputError) as exc:  # SourceError is a UsageError
        print(f"reviewparse {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("reviewparse: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `reviewparse parse page.txt | head`
        # Python flushes stdout once more at exit: point it at nothing, so that
        # flush cannot fail and print a traceback about the closed pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
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


__all__ = ["build_parser", "main"]
