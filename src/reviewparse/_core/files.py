"""Pages as bytes: decoding with a stated policy, and writing back byte-identically.

Policy (``encoding=``):

* ``None`` (the library's default): a UTF-16 or UTF-32 byte-order mark selects that
  encoding; otherwise the bytes are UTF-8 (a UTF-8 BOM stays in the text as U+FEFF
  and the page records it).
* ``"auto"`` (the command line's default) decides per page: a BOM, then UTF-8, then
  a guess among legacy codecs (``charsets``: charset-normalizer, with guards so a
  guess never garbles UTF-8 and always writes back the same bytes). The codec it
  used is the page's ``encoding``.
* Invalid UTF-8 (no guess fits): lenient mode decodes with ``surrogateescape``, so
  each bad byte becomes a lone surrogate that renders back to the same byte, and
  the page gets a diagnostic naming the first bad byte's offset. Strict mode raises
  ``ReviewDecodeError`` with that offset instead.
* A named codec (``"latin-1"``...) is forced for pages known to use it, but never
  over a byte-order mark of another encoding (that would garble the page): such a
  page is a ``ReviewDecodeError``. A BOM of the named family picks its byte order
  (``utf-16`` on a page with a big-endian BOM reads ``utf-16-be``). A codec whose
  text does not encode back to the same bytes is an error too.
"""

from __future__ import annotations

import codecs
from os import PathLike
from pathlib import Path

from attrs import frozen

from reviewparse._core import charsets
from reviewparse._core.errors import ReviewDecodeError
from reviewparse._core.lines import locate
from reviewparse._core.page import ReviewPage
from reviewparse._core.parse import Keys, parse
from reviewparse._core.records import Diagnostic
from reviewparse._fields.lexicon import Lexicon

#: The ``encoding`` that decides per page (see the policy above).
AUTO = "auto"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF8, "utf-8"),
)
#: Codecs whose strict decoding is one to one: their text always encodes back the same.
_ONE_TO_ONE = frozenset({"utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"})


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
    """Decode page bytes by the policy above (LookupError: an unknown codec)."""
    if encoding is not None and encoding != AUTO:
        return _forced(data, encoding, strict)
    bom = _bom(data)
    if bom is not None and bom != "utf-8":
        try:  # the BOM decodes to U+FEFF and is kept in the text
            return Decoded(data.decode(bom), bom, "strict")
        except UnicodeDecodeError as exc:  # no lenient escape for the wide codecs
            raise _decode_error(data, exc, bom) from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "strict")
    except UnicodeDecodeError as exc:
        if encoding == AUTO and bom is None:
            guessed = charsets.guess(data)
            if guessed is not None:
                return Decoded(*guessed, "strict")
        if strict:
            raise _decode_error(data, exc, "utf-8") from None
        return Decoded(
            data.decode("utf-8", "surrogateescape"), "utf-8", "surrogateescape", exc.start
        )


def _bom(data: bytes, family: str = "") -> str | None:
    """The codec of the byte-order mark ``data`` starts with (of ``family`` only, if given)."""
    for bom, name in _BOMS:
        if name.startswith(family) and data.startswith(bom):
            return name
    return None


def _forced(data: bytes, encoding: str, strict: bool) -> Decoded:
    """``data`` in the codec the caller named, unless a BOM or the bytes say it cannot be."""
    name = codecs.lookup(encoding).name
    family = name.removesuffix("-sig").removesuffix("-le").removesuffix("-be")
    own = _bom(data, family) if family in ("utf-8", "utf-16", "utf-32") else None
    other = _bom(data)  # the UTF-32-LE mark starts like the UTF-16-LE one: own first
    if own is not None and name in (own, family, "utf-8-sig"):
        encoding = name = own  # its mark stays in the text, so the page renders back
    elif other is not None:  # another encoding's mark, or the other byte order
        raise _garbling_bom(other, encoding)
    elif name == "utf-8-sig":  # no BOM: plain UTF-8 (a BOM would be the page's record)
        encoding = name = "utf-8"
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        if strict or name != "utf-8":
            raise _decode_error(data, exc, encoding) from None
        return Decoded(data.decode(name, "surrogateescape"), encoding, "surrogateescape", exc.start)
    if name not in _ONE_TO_ONE and text.encode(name) != data:
        raise ReviewDecodeError(
            f"{encoding} reads these bytes but does not write them back the same "
            "(name the byte order, utf-16-le or utf-16-be, or another codec)",
            offset=0,
            line=1,
            column=1,
            line_text=locate(text, 0)[2],
        )
    return Decoded(text, encoding, "strict")


def _garbling_bom(bom: str, encoding: str) -> ReviewDecodeError:
    return ReviewDecodeError(
        f"the page starts with a {bom.upper()} byte-order mark: decoding it as {encoding} "
        f"would garble it (--encoding {bom}, or auto, reads it)",
        offset=0,
        line=1,
        column=1,
        line_text="",
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
