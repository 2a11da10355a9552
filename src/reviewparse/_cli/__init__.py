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

from reviewparse._cli.arguments import Command, shared_groups
from reviewparse._cli.exits import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE
from reviewparse._version import __version__

# The command modules, in --help's order. A run imports only the one it names, so
# `reviewparse parse` loads no conversion machinery (see docs/performance.md).
COMMAND_NAMES = ("parse", "convert", "render", "check", "inspect")


def _command(name: str) -> Command:
    """The ``Command`` of one subcommand, its module imported now."""
    if name == "parse":
        from reviewparse._cli import parse as module
    elif name == "convert":
        from reviewparse._cli import convert as module  # type: ignore[no-redef]
    elif name == "render":
        from reviewparse._cli import render as module  # type: ignore[no-redef]
    elif name == "check":
        from reviewparse._cli import check as module  # type: ignore[no-redef]
    else:
        from reviewparse._cli import inspect as module  # type: ignore[no-redef]
    found: Command = module.COMMAND
    return found


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (``only``) the one subcommand a run names."""
    parser = argparse.ArgumentParser(
        prog="reviewparse",
        description="Scraped film-review pages to structured data and back, losslessly.",
        epilog="Exit status: 0 ok, 1 some pages failed, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    groups = shared_groups()
    for chosen in COMMAND_NAMES if only is None else (only,):
        command = _command(chosen)
        sub = commands.add_parser(
            command.name,
            parents=[groups[group] for group in command.groups],
            help=command.help,
            description=command.description,
            epilog=command.epilog,
        )
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    named = arguments[0] if arguments and arguments[0] in COMMAND_NAMES else None
    args = build_parser(named).parse_args(arguments)
    try:
        status: int = args.run(args)
        return status
    except KeyboardInterrupt:
        print("reviewparse: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        return _failed(args.command, exc)


def _failed(name: str, exc: Exception) -> int:
    """The exit status for an error that ends a run, or the error again if it is a bug.

    The error classes are looked up only now, and only in modules already loaded:
    an error cannot come from a module the run never imported.
    """
    usage = _loaded("reviewparse._convert.usage", "UsageError")  # SourceError is one
    output = _loaded("reviewparse._convert.outputs.registry", "OutputError")
    broken = _loaded("concurrent.futures", "BrokenExecutor")
    if isinstance(exc, usage + output):
        print(f"reviewparse {name}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, BrokenPipeError):  # e.g. `reviewparse parse page.txt | head`
        # Python flushes stdout once more at exit: point it at nothing, so that
        # flush cannot fail and print a traceback about the closed pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        sys.stderr.close()
        return EXIT_FAILED
    if isinstance(exc, broken):
        print(
            f"reviewparse {name}: error: a worker process died (out of memory?); "
            "a resumable conversion continues with --resume",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if isinstance(exc, OSError):  # cannot write the output, disk full...
        print(f"reviewparse {name}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    raise exc


def _loaded(module: str, name: str) -> tuple[type[BaseException], ...]:
    found = sys.modules.get(module)
    return (getattr(found, name),) if found is not None else ()


__all__ = ["build_parser", "main"]
