"""Which legacy codec a page is in when it is not UTF-8: ``encoding="auto"``'s last step.

charset-normalizer ranks the codecs that decode the bytes by how much mess and
how much of a language the text shows. Short pages often tie (``Café`` reads the
same in windows-1250 and windows-1252); a tie goes to windows-1252, the legacy
codec the web uses most (WHATWG reads ``latin-1`` labels as it). Two guards keep
the guess from garbling a page:

* bytes that are mostly valid multi-byte UTF-8 are UTF-8 with some damage, not a
  legacy codec (``Amélie`` with one stray byte must not become ``AmĂ©lie``): no guess;
* a guess must give the same bytes back when its text is encoded again, or it is
  no guess (render must write the page as it was read).

charset-normalizer loads only when a page needs it.
"""

from __future__ import annotations

import codecs

#: Where a tie between equally good guesses goes.
TIE_BREAK = "cp1252"


def looks_like_utf8(data: bytes) -> bool:
    """Whether ``data`` is more UTF-8 than not: more bytes in valid multi-byte characters
    than bytes that are invalid (a legacy codec's text only now and then forms one)."""
    text = data.decode("utf-8", "surrogateescape")
    valid = invalid = 0
    for char in text:
        point = ord(char)
        if 0xDC80 <= point <= 0xDCFF:
            invalid += 1
        elif point > 0x7F:
            valid += len(char.encode("utf-8"))
    return valid > invalid


def guess(data: bytes) -> tuple[str, str] | None:
    """``(text, codec)`` for bytes that are not UTF-8, or None when no codec fits well."""
    if looks_like_utf8(data):
        return None
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    tied = {
        codecs.lookup(match.encoding).name
        for match in matches
        if (match.chaos, match.coherence) == (best.chaos, best.coherence)
    }
    choices = [codecs.lookup(best.encoding).name]
    if TIE_BREAK in tied or _same_text(data, best.encoding, TIE_BREAK):
        choices.insert(0, TIE_BREAK)
    for codec in choices:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if text.encode(codec) == data:
            return text, codec
    return None


def _same_text(data: bytes, codec: str, other: str) -> bool:
    """Whether ``other`` reads ``data`` as ``codec`` does (a tie the ranking dropped)."""
    try:
        return data.decode(codec) == data.decode(other)
    except UnicodeDecodeError:
        return False
