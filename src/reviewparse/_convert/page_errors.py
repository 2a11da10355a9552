"""Why a page gave no record, or, for a lenient page, what its record lacks.

Every problem a conversion reports is a ``PageError``, and every message is
built here, by a classmethod named for the case: the same failure reads the same
whichever source or engine met it. ``to_dict()`` is the page's line in the error
report; ``str()`` is the one-line form the command line prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, get_args

from attrs import frozen

from reviewparse._convert.pickling import tuple_pickled

if TYPE_CHECKING:
    from reviewparse._core.errors import ReviewDecodeError
    from reviewparse._core.records import Diagnostic

ErrorKind = Literal[
    "unreadable",  # the bytes could not be read: permissions, a broken archive, a changed file
    "too-large",  # over the page cap or an archive's cap: not read
    "special-member",  # a symlink, device or FIFO: only regular files are read
    "unsafe-name",  # an archive member whose name would leave its directory
    "bad-json",  # a JSON Lines row that is not an object with a text field
    "decode",  # bytes that are not valid in the page's encoding
    "lenient",  # parsed only leniently: the record is written, and listed
    "mismatch",  # check: the page does not render back to its input
    "internal",  # a bug in reviewparse, which costs the one page, not the run
]

ERROR_KINDS: tuple[ErrorKind, ...] = get_args(ErrorKind)


@tuple_pickled
@frozen
class PageError:
    """One problem page: where it is, what kind of problem, and the message.

    ``line``, ``column`` and ``line_text`` locate it in the page's text where that
    is known; ``offset`` is the first bad byte of an undecodable page, and
    ``diagnostics`` how many a lenient page has.
    """

    source_id: str
    path: str
    kind: ErrorKind
    message: str
    line: int | None = None
    column: int | None = None
    line_text: str | None = None
    offset: int | None = None
    diagnostics: int | None = None

    @property
    def gave_record(self) -> bool:
        """Whether the page still gave a record (a lenient page does)."""
        return self.kind == "lenient"

    def __str__(self) -> str:
        where = self.source_id
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.kind}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The error report's entry: these keys in this order, then offset or diagnostics."""
        entry: dict[str, Any] = {
            "source_id": self.source_id,
            "path": self.path,
            "kind": self.kind,
            "record": self.gave_record,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "line_text": self.line_text,
        }
        if self.offset is not None:
            entry["offset"] = self.offset
        if self.diagnostics is not None:
            entry["diagnostics"] = self.diagnostics
        return entry

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> PageError:
        """An entry of an error report, read back (its kind must be one of ours)."""
        kind = entry["kind"]
        if kind not in ERROR_KINDS:
            raise ValueError(f"not an error kind: {kind!r}")
        return cls(
            entry["source_id"],
            entry["path"],
            kind,
            entry["message"],
            entry.get("line"),
            entry.get("column"),
            entry.get("line_text"),
            entry.get("offset"),
            entry.get("diagnostics"),
        )

    # -- the page step ---------------------------------------------------------------
    @classmethod
    def lone_surrogate(cls, source_id: str, path: str, text: str, index: int) -> PageError:
        """Text (from JSON) holding a lone surrogate at ``index``: it is not valid Unicode."""
        from reviewparse._core.parse import locate

        line, column, line_text = locate(text, index)
        message = f"text holds a lone surrogate (U+{ord(text[index]):04X}), not valid Unicode"
        return cls(source_id, path, "decode", message, line, column, line_text)

    @classmethod
    def undecodable(cls, source_id: str, path: str, exc: ReviewDecodeError) -> PageError:
        return cls(
            source_id,
            path,
            "decode",
            exc.message,
            exc.line,
            exc.column,
            exc.line_text,
            offset=exc.offset,
        )

    @classmethod
    def unknown_codec(cls, source_id: str, path: str, exc: LookupError) -> PageError:
        return cls(source_id, path, "decode", str(exc))

    @classmethod
    def lenient(
        cls, source_id: str, path: str, diagnostics: Sequence[Diagnostic], text: str
    ) -> PageError:
        """A page that parsed only leniently, told by its first diagnostic."""
        if not diagnostics:
            return cls(source_id, path, "lenient", "the page has unparsed lines", diagnostics=0)
        from reviewparse._core.lines import line_text

        first = diagnostics[0]
        return cls(
            source_id,
            path,
            "lenient",
            first.message,
            first.line,
            first.column,
            line_text(text, first.line),
            diagnostics=len(diagnostics),
        )

    @classmethod
    def mismatch(cls, source_id: str, path: str) -> PageError:
        return cls(source_id, path, "mismatch", "the page does not render back to its input")

    @classmethod
    def internal(cls, source_id: str, path: str, exc: Exception) -> PageError:
        return cls(source_id, path, "internal", f"internal error: {exc!r}")
