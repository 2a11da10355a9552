"""Which legacy codec a page is in when it is not UTF-8: ``encoding="auto"``'s last step.

charset-normalizer ranks the codecs that decode the bytes by how much mess the
text shows, over the whole page (its default samples a few chunks, which on a
page of English credits and one line of Cyrillic can all miss the Cyrillic). On
a page of a few accented letters the Latin codecs come out nearly even (``Café``
reads the same in windows-1250 and windows-1252, and the mess of ``à`` against
``ą`` differs by a hair), so when the best guess reads Latin letters, windows-1252,
the legacy codec the web uses most (WHATWG reads ``latin-1`` labels as it), wins
if it reads Latin letters too with a mess within ``NEAR`` of the best. Two guards
keep the guess from garbling a page:

* bytes that are mostly valid multi-byte UTF-8 are UTF-8 with some damage, not a
  legacy codec (``Amélie`` with one stray byte must not become ``AmĂ©lie``): no guess;
* a guess must give the same bytes back when its text is encoded again, or it is
  no guess (render must write the page as it was read).

charset-normalizer loads only when a page needs it.
"""

from __future__ import annotations

import codecs
import unicodedata

#: Where a near tie between Latin guesses goes.
TIE_BREAK = "cp1252"
#: How much more mess (charset-normalizer's chaos, 0 to 1) than the best guess still
#: counts as a tie: the Latin codecs differ by less on a short page.
NEAR = 0.02


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

    matches = from_bytes(data, steps=1, chunk_size=len(data))
    best = matches.best()
    if best is None:
        return None
    choices = [codecs.lookup(best.encoding).name]
    chaos = {codecs.lookup(match.encoding).name: match.chaos for match in matches}
    near = chaos.get(TIE_BREAK, 1.0) <= best.chaos + NEAR
    if _reads(data, best.encoding) == _reads(data, TIE_BREAK) or (
        near and _latin(_reads(data, best.encoding)) and _latin(_reads(data, TIE_BREAK))
    ):
        choices.insert(0, TIE_BREAK)
    for codec in choices:
        text = _reads(data, codec)
        if text is not None and text.encode(codec) == data:
            return text, codec
    return None


def _reads(data: bytes, codec: str) -> str | None:
    """``data`` in ``codec``, or None where it is not valid there."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _latin(text: str | None) -> bool:
    """Whether every letter of ``text`` beyond ASCII is a Latin one (``é``, ``ą``)."""
    return text is not None and all(
        unicodedata.name(char, "").startswith("LATIN")
        for char in text
        if ord(char) > 0x7F and char.isalpha()
    )
