"""The invariants as executable oracles, shared by the atheris target and the Hypothesis tests.

Each check raises AssertionError (never anything else) when an invariant breaks;
any other exception escaping from reviewparse is itself a finding.
"""

from __future__ import annotations

import pickle

import reviewparse
from reviewparse import ReviewDecodeError, ReviewParseError

# A BOM that makes the policy pick UTF-16/32: only then may lenient decoding refuse bytes.
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_ANY_BOMS = (b"\xef\xbb\xbf", *_WIDE_BOMS)


def check_text(text: str) -> None:
    """Lenient never raises and round-trips; strict raises only ReviewParseError or agrees."""
    page = reviewparse.parse(text)
    if page.render() != text:
        raise AssertionError(f"lenient round-trip broke for {text!r}")
    if reviewparse.parse(page.render()) != page:
        raise AssertionError(f"parse(render(page)) != page for {text!r}")
    try:
        strict = reviewparse.parse(text, strict=True)
    except ReviewParseError as error:
        if error.line < 1 or error.column < 1:
            raise AssertionError(f"bad location {error.line}:{error.column}") from None
        if pickle.loads(pickle.dumps(error)).args != error.args:
            raise AssertionError("ReviewParseError does not survive pickling") from None
        return
    if strict != page:
        raise AssertionError(f"strict result differs from lenient for {text!r}")


def check_bytes(data: bytes) -> None:
    """Bytes that decode write back byte-exact; strict raises only decode/parse errors."""
    lenient: reviewparse.PageFile | None
    try:
        lenient = reviewparse.parse_bytes(data)
    except ReviewDecodeError as error:
        if not data.startswith(_WIDE_BOMS):
            raise AssertionError(f"lenient decode refused UTF-8 input: {error}") from None
        if not 0 <= error.offset <= len(data):
            raise AssertionError(f"decode offset {error.offset} outside the data") from None
        lenient = None
    if lenient is not None and lenient.to_bytes() != data:
        raise AssertionError(f"bytes round-trip broke for {data!r}")
    try:
        strict = reviewparse.parse_bytes(data, strict=True)
    except ReviewParseError:  # ReviewDecodeError is one
        pass
    else:
        if lenient is None or strict.page != lenient.page or strict.to_bytes() != data:
            raise AssertionError(f"strict bytes result disagrees with lenient for {data!r}")
    # A forced codec reads any bytes, except over another encoding's byte-order
    # mark: there it refuses, located, rather than garble the page.
    try:
        latin = reviewparse.parse_bytes(data, encoding="latin-1")
    except ReviewDecodeError as error:
        if not data.startswith(_ANY_BOMS):
            raise AssertionError(f"forced latin-1 refused bytes with no BOM: {error}") from None
        return
    if data.startswith(_ANY_BOMS):
        raise AssertionError(f"forced latin-1 read over a byte-order mark: {data!r}")
    if latin.to_bytes() != data:
        raise AssertionError(f"latin-1 round-trip broke for {data!r}")


def check_all(data: bytes) -> None:
    """Every oracle on one input: as text (UTF-8, bad bytes escaped) and as bytes."""
    check_text(data.decode("utf-8", "surrogateescape"))
    check_bytes(data)
