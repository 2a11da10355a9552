"""The command line's arguments: value types, the option groups commands share, commands.

Each command module declares a ``Command``: its name and help, the shared groups
it takes, a function adding its own arguments, and the function that runs it.
``reviewparse._cli.build_parser`` puts them together.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from attrs import frozen

from reviewparse._convert.sizes import MAX_ARCHIVE_BYTES, MAX_PAGE_BYTES, GiB, MiB

if TYPE_CHECKING:  # imported where used: `reviewparse parse` must start fast
    from rich.console import Console

    from reviewparse._convert.pages import KeySpellings
    from reviewparse._convert.sources.page import SourceOptions

Group = Literal["chatter", "decoding", "lexicon", "reading"]


@frozen
class Command:
    """One subcommand: what ``--help`` says, the shared groups, its arguments, its run."""

    name: str
    help: str
    description: str
    groups: tuple[Group, ...]
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    epilog: str | None = None


_SIZE = re.compile(r"(\d+)\s*([kmg]i?b?|b)?", re.IGNORECASE)


def byte_size(text: str) -> int:
    """``"16M"``, ``"4GiB"``, ``"512k"`` or plain bytes."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 16M, 2G, 4096)")
    unit = (match.group(2) or "b")[0].lower()
    return int(match.group(1)) * {"b": 1, "k": 1024, "m": MiB, "g": GiB}[unit]


def codec(text: str) -> str:
    """``auto``, or a text codec Python knows, checked before any page is read (kept as given)."""
    if text == "auto":
        return text
    try:
        b"x".decode(text, "replace")  # LookupError: unknown, or not bytes -> str (rot13)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding: {text!r}") from None
    return text


def keys_file(text: str) -> KeySpellings:
    """A TOML file of credit keys, in ``lexicon.toml``'s shape: its ``[keys]`` table.

    Read when the arguments are, so a bad file is a usage error before any page
    is read. Only ``[keys]`` counts (a copy of the whole lexicon is fine); each
    field must be one the lexicon has, so a typo (``director``) is caught.
    """
    import tomllib

    from reviewparse._fields.lexicon import Lexicon

    try:
        with Path(text).open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{text}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise argparse.ArgumentTypeError(f"{text}: not TOML: {exc}") from None
    table = data.get("keys")
    if not isinstance(table, dict):
        raise argparse.ArgumentTypeError(
            f"{text}: expected a [keys] table of field = [spellings], as in lexicon.toml"
        )
    known = {field for fields in Lexicon.default().fields.values() for field in fields}
    spellings: list[tuple[str, tuple[str, ...]]] = []
    for field, words in table.items():
        if field not in known:
            raise argparse.ArgumentTypeError(
                f"{text}: unknown field {field!r} (known: {', '.join(sorted(known))})"
            )
        if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
            raise argparse.ArgumentTypeError(
                f"{text}: keys.{field} must be a list of strings, as in lexicon.toml"
            )
        spellings.append((field, tuple(words)))
    return tuple(sorted(spellings))


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def cpu_count() -> int:
    """CPUs this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def shared_groups() -> dict[Group, argparse.ArgumentParser]:
    """The option groups several commands take, as parent parsers."""
    from reviewparse._convert.sources.page import INPUT_FORMATS

    chatter = argparse.ArgumentParser(add_help=False)
    talk = chatter.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    talk.add_argument("-v", "--verbose", action="store_true", help="print every problem page")

    decoding = argparse.ArgumentParser(add_help=False)
    decoding.add_argument(
        "--encoding",
        type=codec,
        default="auto",
        metavar="CODEC",
        help=(
            "decode pages with this codec, never over another encoding's BOM (default: "
            "auto: per page, a BOM, else UTF-8, else a guessed legacy codec)"
        ),
    )

    lexicon = argparse.ArgumentParser(add_help=False)
    lexicon.add_argument(
        "--keys",
        type=keys_file,
        default=(),
        metavar="FILE.toml",
        help="more credit-key spellings: a [keys] table of field = [spellings] (see lexicon.toml)",
    )

    reading = argparse.ArgumentParser(add_help=False)
    group = reading.add_argument_group("reading sources")
    group.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default="auto",
        help=(
            "what SOURCE - (standard input) holds: JSON Lines or one page; auto (default): "
            "JSON Lines if gzip or if its first character is {, else one page"
        ),
    )
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
        help=(
            "larger pages/members/JSON lines are errors, not read "
            f"(default: {MAX_PAGE_BYTES // MiB}M)"
        ),
    )
    group.add_argument(
        "--max-archive-size",
        type=byte_size,
        default=MAX_ARCHIVE_BYTES,
        metavar="SIZE",
        help=(
            "decompressed bytes read from one archive, at most "
            f"(default: {MAX_ARCHIVE_BYTES // GiB}G)"
        ),
    )
    group.add_argument(
        "-j",
        "--jobs",
        type=positive,
        default=cpu_count(),
        metavar="N",
        help="parallel worker processes (default: CPU count; 1 runs in-process)",
    )
    return {"chatter": chatter, "decoding": decoding, "lexicon": lexicon, "reading": reading}


def distinct_specs(args: argparse.Namespace, console: Console) -> tuple[str, ...]:
    """SOURCE arguments without repeats, each one left out told on stderr (unless ``-q``)."""
    from reviewparse._convert.sources.source import distinct_sources

    kept, overlaps = distinct_sources(args.sources)
    if not args.quiet:
        for overlap in overlaps:
            console.print(f"reviewparse {args.command}: warning: {overlap}", markup=False)
    return kept


def source_options(args: argparse.Namespace) -> SourceOptions:
    """The ``reading sources`` group's values, for the sources."""
    from reviewparse._convert.sources.page import SourceOptions

    return SourceOptions(
        text_field=args.text_field,
        id_field=args.id_field,
        max_page_bytes=args.max_page_size,
        max_archive_bytes=args.max_archive_size,
        stdin_format=args.input_format,
    )
