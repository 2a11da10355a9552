"""Pages as bytes: decoding with a stated policy, and writing back byte-identically.

Policy:

* A UTF-16 or UTF-32 byte-order mark selects that encoding; otherwise the bytes
  are UTF-8 (a UTF-8 BOM stays in the text as U+FEFF and the page records it).
* Invalid UTF-8: lenient mode decodes with ``surrogateescape``, so each bad byte
  becomes a lone surrogate that renders back to the same byte, and the page gets a
  diagnostic naming the first bad byte's offset. Strict mode raises
  ``ReviewDecodeError`` with that offset instead.
* ``encoding="latin-1"`` (or any codec) can be forced for pages known to use it.
"""

from __future__ import annotations

import codecs
from os import PathLike
from pathlib import Path

from attrs import frozen

from reviewparse._core.errors import ReviewDecodeError
from reviewparse._core.lines import locate
from reviewparse._core.page import ReviewPage
from reviewparse._core.parse import Keys, parse
from reviewparse._core.records import Diagnostic
from reviewparse._fields.lexicon import Lexicon

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@frozen
class Decoded:
    """Text and the facts needed to turn it back into the same bytes."""

    text: str
    encoding: str
    errors: str  # "strict", or "surrogateescape" when bad bytes were carried through
    bad_offset: int | None = None  # offset of the first undecodable byte, if any

    def encode(self, text: str | None = None) -> bytes:
        """``text`` (default: the decoded text) as bytes, the way they were read."""
        return (self.text if text is None else text).encode(self.encoding, self.errors)


def decode(data: bytes, *, encoding: str | None = None, strict: bool = False) -> Decoded:
    """Decode page bytes by the policy above."""
    if encoding is None:
        encoding = "utf-8"
        for bom, name in _BOMS:
            if data.startswith(bom):
                encoding = name  # the BOM decodes to U+FEFF and is kept in the text
                break
    try:
        return Decoded(data.decode(encoding), encoding, "strict")
    except UnicodeDecodeError as exc:
        if strict or not encoding.replace("_", "-").lower().startswith("utf-8"):
            raise _decode_error(data, exc, encoding) from None
        return Decoded(
            data.decode(encoding, "surrogateescape"), encoding, "surrogateescape", exc.start
        )


def _decode_error(data: bytes, exc: UnicodeDecodeError, encoding: str) -> ReviewDecodeError:
    good = data[: exc.start].decode(encoding, "replace")
    line, column, line_text = locate(good, len(good))
    bad = data[exc.start : exc.end].hex(" ")
    message = f"invalid {encoding} at byte offset {exc.start} (bytes {bad}): {exc.reason}"
    return ReviewDecodeError(
        message, offset=exc.start, line=line, column=column, line_text=line_text
    )


@frozen
class PageFile:
    """A page read from bytes, remembering how to write it back."""

    page: ReviewPage
    decoded: Decoded

    @property
    def encoding(self) -> str:
        """The codec the page was decoded with (``"utf-8"``, ``"utf-16-le"``...)."""
        return self.decoded.encoding

    def to_bytes(self, page: ReviewPage | None = None) -> bytes:
        """The page (or an edited version of it) as bytes in the original encoding."""
        return self.decoded.encode((page or self.page).render())

    def write(self, path: str | PathLike[str], page: ReviewPage | None = None) -> None:
        """Write the page (or an edited version of it) to ``path`` as ``to_bytes`` gives it."""
        Path(path).write_bytes(self.to_bytes(page))


def parse_bytes(
    data: bytes,
    *,
    strict: bool = False,
    encoding: str | None = None,
    keys: Keys | Lexicon | None = None,
) -> PageFile:
    """Decode page bytes by the policy above and parse them; ``.page`` is the page.

    ``keys`` extends the credit-key lexicon, as for ``parse``.
    """
    decoded = decode(data, encoding=encoding, strict=strict)
    page = parse(decoded.text, strict=strict, keys=keys)
    if decoded.bad_offset is not None:
        line, column, _ = locate(
            decoded.text,
            len(data[: decoded.bad_offset].decode(decoded.encoding, "surrogateescape")),
        )
        note = Diagnostic(
            line, column, f"invalid UTF-8 at byte offset {decoded.bad_offset}; bytes kept as-is"
        )
        page = ReviewPage(page.lines, page.bom, (note, *page.diagnostics))
    return PageFile(page, decoded)


def parse_file(
    path: str | PathLike[str],
    *,
    strict: bool = False,
    encoding: str | None = None,
    keys: Keys | Lexicon | None = None,
) -> PageFile:
    """Read and parse a page file; ``.page`` is the page, ``.write()`` writes it back."""
    return parse_bytes(Path(path).read_bytes(), strict=strict, encoding=encoding, keys=keys)
