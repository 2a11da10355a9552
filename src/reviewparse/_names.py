"""Reading credit values: lists of names, years, tidy text."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\s\u00a0]+")
# Separators between names: comma, semicolon, ampersand, slash, and the word "and".
_SPLIT = re.compile(r"\s*(?:[,;&/]|\band\b)\s*")
# Suffixes that follow a comma but belong to the name before it.
_SUFFIX = re.compile(r"(?:Jr|Sr|Jnr|Snr)\.?|I{2,3}|IV|Esq\.?", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")


def tidy(text: str) -> str:
    """Strip and collapse runs of whitespace (NBSP included) to one space."""
    return _SPACES.sub(" ", text).strip()


def split_names(value: str) -> tuple[str, ...]:
    """``"A, B, and C, Jr."`` -> ``("A", "B", "C, Jr.")``.

    Splits on commas, semicolons, ``&``, ``/`` and the word ``and``; an Oxford
    ``and`` and doubled separators leave no empty names; ``Jr.``/``Sr.``/``III``
    after a comma stay with the name before them.
    """
    names: list[str] = []
    for part in _SPLIT.split(tidy(value)):
        if not part:
            continue
        if names and _SUFFIX.fullmatch(part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return tuple(names)


def year(value: str) -> int | None:
    """The first plausible four-digit year in a value (``"2012"``, ``"(1957)"``)."""
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None
