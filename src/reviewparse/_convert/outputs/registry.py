"""The format registry: what a format is, the writer it opens, and finding one by name.

A format has two halves. ``prepare`` turns one parsed page (a ``PageRecord``)
into what the writer needs; it runs in the worker processes, so it must be a
module-level function. ``open`` makes the writer, which runs in the main
process and receives prepared items in source order.

Formats are plugins: each is a ``Format`` named by an entry point of the group
``reviewparse.formats`` (the built-in ones too, in reviewparse's own
``pyproject.toml``), loaded on first use. A distribution without metadata
(a source tree on ``sys.path``) still has the built-in ones.

Resumable formats (the stream formats and SQLite): ``checkpoint(state)`` makes
everything written so far durable together with the run's ``Checkpoint``, and
opening with ``resume=True`` returns to the last one (``resumed``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Protocol

from attrs import frozen

from reviewparse._convert.checkpoints import Checkpoint
from reviewparse._convert.outputs.record import PageRecord

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint


class OutputError(Exception):
    """A format that cannot be used here (unknown, or its library is missing)."""


class Writer(Protocol):
    """What a format's ``open`` returns: it receives the prepared items in source order."""

    resumed: Checkpoint | None  # the checkpoint this writer resumed from

    def write(self, item: Any) -> None:
        """Write one prepared item (what the format's ``prepare`` made of a page)."""

    def checkpoint(self, state: Checkpoint) -> None:
        """Make everything written so far durable, together with ``state``."""

    def finish(self) -> None:
        """Complete and close the file (footer, indexes), fsync'd; the caller renames it."""

    def close(self) -> None:
        """Close without finishing (an interrupted run; a resumable file stays resumable)."""


@frozen
class Format:
    """An output format: its name, OUT suffixes, ``prepare`` (workers) and ``open`` (writer)."""

    name: str
    suffixes: tuple[str, ...]
    prepare: Callable[[PageRecord], Any]
    open: Callable[[Path, bool], Writer]  # (partial path, resume) -> writer
    resumable: bool = False
    needs: str | None = None  # an importable module the format requires
    extra: str | None = None  # the pip extra that provides it
    #: A stream format's separator between items (None: not a stream format). A
    #: worker can then join a chunk's items itself and hand over a file of them.
    separator: bytes | None = None


#: The entry-point group that names output formats (each entry point is a ``Format``).
ENTRY_POINT_GROUP = "reviewparse.formats"

#: The format of an OUT whose name has no extension at all.
DEFAULT_FORMAT = "jsonl"

# The built-in formats, as reviewparse's pyproject.toml declares them.
_BUILT_IN = {
    "jsonl": "reviewparse._convert.outputs.json_formats:JSONL",
    "json": "reviewparse._convert.outputs.json_formats:JSON_ARRAY",
    "jsonld": "reviewparse._convert.outputs.json_formats:JSONLD",
    "jsonld-lines": "reviewparse._convert.outputs.json_formats:JSONLD_LINES",
    "csv": "reviewparse._convert.outputs.csv_format:CSV",
    "parquet": "reviewparse._convert.outputs.parquet:PARQUET",
    "sqlite": "reviewparse._convert.outputs.sqlite:SQLITE",
}


class _Formats(Mapping[str, Format]):
    """The formats by name, loaded from the entry points on first use.

    ``problems`` holds why each plugin that failed to load did (by its name).
    """

    def __init__(self) -> None:
        self._loaded: tuple[dict[str, Format], dict[str, str]] | None = None

    def _formats(self) -> dict[str, Format]:
        return self._load()[0]

    def _load(self) -> tuple[dict[str, Format], dict[str, str]]:
        if self._loaded is None:
            self._loaded = load_formats()
            for problem in self._loaded[1].values():
                warnings.warn(problem, PluginWarning, stacklevel=1)
        return self._loaded

    @property
    def problems(self) -> dict[str, str]:
        return self._load()[1]

    def __getitem__(self, name: str) -> Format:
        return self._formats()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._formats())

    def __len__(self) -> int:
        return len(self._formats())

    def reload(self) -> None:
        """Forget the loaded formats (a plugin was installed in this process)."""
        self._loaded = None


class PluginWarning(UserWarning):
    """A format plugin that failed to load: the other formats still work."""


def load_formats() -> tuple[dict[str, Format], dict[str, str]]:
    """Every format the entry points name, built-in ones first, and the plugins that failed.

    An entry point must load to a ``Format`` whose name is the entry point's and
    must not take a built-in format's name; one that does not is left out, with
    the reason (a broken plugin costs its own format, not every format).
    """
    # Imported here: importlib.metadata costs a fresh process ~25 ms (more than
    # `python -c pass`), and `reviewparse parse` never looks up a format.
    from importlib.metadata import EntryPoint, entry_points

    found: dict[str, EntryPoint] = {
        name: EntryPoint(name, value, ENTRY_POINT_GROUP) for name, value in _BUILT_IN.items()
    }
    problems: dict[str, str] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name in _BUILT_IN and point.value != _BUILT_IN[point.name]:
            problems[f"{point.name} ({point.value})"] = (
                f"format plugin {point.name!r} ({point.value}) takes a built-in format's name"
            )
            continue
        found[point.name] = point
    formats = {}
    for name, point in found.items():
        try:
            fmt = point.load()
        except Exception as exc:
            problems[name] = f"format plugin {name!r} ({point.value}) failed to load: {exc}"
            continue
        if not isinstance(fmt, Format) or fmt.name != name:
            problems[name] = (
                f"format plugin {name!r} ({point.value}) is not a Format named {name!r}"
            )
            continue
        formats[name] = fmt
    return formats, problems


FORMATS = _Formats()


def get_format(name: str) -> Format:
    try:
        fmt = FORMATS[name]
    except KeyError:
        if name in FORMATS.problems:
            raise OutputError(FORMATS.problems[name]) from None
        known = ", ".join(sorted(FORMATS))
        raise OutputError(f"unknown format {name!r} (known: {known})") from None
    if fmt.needs is not None:
        try:
            __import__(fmt.needs)
        except ImportError:
            hint = f": pip install 'reviewparse[{fmt.extra}]'" if fmt.extra else ""
            raise OutputError(f"{fmt.name} output needs {fmt.needs}{hint}") from None
    return fmt


def format_for(path: str) -> Format:
    """The format whose suffix ``path`` ends with (longest suffix wins).

    A name without an extension gets the default, JSON Lines; an extension that
    names no format is an error rather than a guess (``pages.jsnol`` is a typo).
    """
    name = path.lower()
    matches = [
        (len(suffix), fmt)
        for fmt in FORMATS.values()
        for suffix in fmt.suffixes
        if name.endswith(suffix)
    ]
    if not matches and not PurePath(path).suffix:
        return get_format(DEFAULT_FORMAT)
    if not matches:
        known = ", ".join(sorted(s for fmt in FORMATS.values() for s in fmt.suffixes))
        raise OutputError(
            f"cannot tell the format of {path!r} (known suffixes: {known}); use --format"
        )
    return get_format(max(matches, key=lambda match: match[0])[1].name)
