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

    # -- reading: the page gives no data ----------------------------------------------
    @classmethod
    def unreadable(cls, source_id: str, path: str, exc: OSError) -> PageError:
        return cls(source_id, path, "unreadable", _os_error(exc))

    @classmethod
    def changed_file(cls, source_id: str, path: str, exc: OSError) -> PageError:
        """A row read again by offset from a file that is no longer the one first read."""
        message = f"the file changed while it was converted: {_os_error(exc)}"
        return cls(source_id, path, "unreadable", message)

    @classmethod
    def unlisted_directory(cls, source_id: str, exc: OSError) -> PageError:
        message = f"directory unreadable ({_os_error(exc)}); the pages in it are not read"
        return cls(source_id, "", "unreadable", message)

    @classmethod
    def broken_source(cls, source_id: str, exc: BaseException) -> PageError:
        """A stream that broke (a truncated archive, a bad gzip): nothing after it is read."""
        message = f"source unreadable from here on: {exc or type(exc).__name__}"
        return cls(source_id, "", "unreadable", message)

    @classmethod
    def unreadable_member(cls, source_id: str, path: str, exc: BaseException) -> PageError:
        return cls(source_id, path, "unreadable", f"unreadable member: {exc}")

    @classmethod
    def too_large(cls, source_id: str, path: str, size: int, cap: int) -> PageError:
        """A page whose stated size is over the page cap, so it is not read."""
        message = f"{size} bytes, over the {cap}-byte page cap; not read"
        return cls(source_id, path, "too-large", message)

    @classmethod
    def read_too_large(cls, source_id: str, path: str, cap: int) -> PageError:
        """A page found over the page cap while reading it (its stated size said less)."""
        return cls(source_id, path, "too-large", f"over the {cap}-byte page cap; not read")

    @classmethod
    def json_line_too_large(cls, source_id: str, path: str, cap: int) -> PageError:
        message = f"JSON line over the {cap}-byte page cap; not read"
        return cls(source_id, path, "too-large", message)

    @classmethod
    def archive_over_cap(cls, source_id: str, cap: int) -> PageError:
        """A tar member that would take the archive over its cap: it and the rest are skipped."""
        message = (
            f"archive holds more than {cap} bytes decompressed; "
            "this member and the rest are not read"
        )
        return cls(source_id, "", "too-large", message)

    @classmethod
    def archive_would_exceed_cap(cls, source_id: str, cap: int) -> PageError:
        """A zip member whose stated size would take the archive over its cap."""
        message = f"archive would hold more than {cap} bytes decompressed; not read"
        return cls(source_id, "", "too-large", message)

    @classmethod
    def archive_exceeded_cap(cls, source_id: str, cap: int) -> PageError:
        """A zip member whose bytes, once read, took the archive over its cap."""
        message = f"archive holds more than {cap} bytes decompressed"
        return cls(source_id, "", "too-large", message)

    @classmethod
    def special_file(cls, source_id: str, path: str, what: str) -> PageError:
        """A symlink, FIFO or device found in a directory (``what`` names which)."""
        message = f"{what} skipped (only regular files are read from a directory)"
        return cls(source_id, path, "special-member", message)

    @classmethod
    def special_member(cls, source_id: str, what: str) -> PageError:
        """A symlink, link, FIFO or device in an archive (``what`` names which)."""
        message = f"{what} member skipped (only regular files are read)"
        return cls(source_id, "", "special-member", message)

    @classmethod
    def unsafe_name(cls, source_id: str, name: str) -> PageError:
        message = f"unsafe member name {name!r} (absolute or with '..'); not read"
        return cls(source_id, "", "unsafe-name", message)

    @classmethod
    def bad_json(cls, source_id: str, path: str, exc: ValueError) -> PageError:
        return cls(source_id, path, "bad-json", f"bad JSON: {exc}")

    @classmethod
    def not_an_object(cls, source_id: str, path: str, value: object) -> PageError:
        message = f"expected a JSON object, found {type(value).__name__}"
        return cls(source_id, path, "bad-json", message)

    @classmethod
    def text_not_a_string(cls, source_id: str, path: str, field: str, value: object) -> PageError:
        """A JSON row whose text field is missing or not a string, said in JSON's words."""
        if value is None:
            what = "missing"
        else:
            kind = _JSON_KINDS.get(type(value), "an object")
            what = f"{kind}, not a string"
        return cls(source_id, path, "bad-json", f"field {field!r} is {what}")

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
        return cls(
            source_id,
            path,
            "internal",
            f"internal error (a bug in reviewparse: please report it with this page): {exc!r}",
        )


#: JSON's words for a value's type: "a number", "an array", not Python's "a int".
_JSON_KINDS = {bool: "a boolean", int: "a number", float: "a number", list: "an array"}


def _os_error(exc: OSError) -> str:
    return exc.strerror or str(exc)
