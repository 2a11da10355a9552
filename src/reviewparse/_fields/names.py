"""Reading credit values: lists of names, years, tidy text."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Separators between names: comma, semicolon, ampersand, slash, and the word
# "and"; parentheses are matched so that "(Rick / Narrator)" stays whole.
_SPLIT_OR_PAREN = re.compile(r"[()]|\s*(?:[,;&/]|\band\b)\s*")
_LIST_ONLY = re.compile(r"[()]|\s*[,;]\s*")
# Suffixes that follow a comma but belong to the name before it.
_SUFFIX = re.compile(r"(?:Jr|Sr|Jnr|Snr)\.?|I{2,3}|IV|Esq\.?", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
# A bullet before a value on its own line ("- Paul Dano", "• Zoe Kazan").
_BULLET = re.compile(r"^[-–•*·▪‣◦]\s+")
_EDGES = " ;|"


def tidy(text: str) -> str:
    """Strip and collapse runs of whitespace (NBSP included) to one space.

    ``str.split()`` cuts on exactly the characters ``\\s`` matches (NBSP, tabs, form
    feeds...) and is five times faster than ``re.sub``; tests/test_people.py
    checks the two agree on every code point.
    """
    return " ".join(text.split())


def clean(text: str) -> str:
    """A value piece as a reader means it: tidy, without a bullet, table bars or ``;``."""
    return _BULLET.sub("", tidy(text).strip(_EDGES)).strip(_EDGES)


def _split(value: str, separators: Iterator[re.Match[str]]) -> list[str]:
    """Cut ``value`` at the separator matches that stand outside parentheses."""
    parts: list[str] = []
    depth = start = 0
    for match in separators:
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(value[start : match.start()])
            start = match.end()
    parts.append(value[start:])
    return parts


def _is_suffix(part: str) -> bool:
    """``"Jr."`` or ``"Jr. as Joe"``: a suffix, alone or before the rest of an entry."""
    match = _SUFFIX.match(part)
    return match is not None and (match.end() == len(part) or part[match.end()].isspace())


def _join_suffixes(parts: list[str]) -> tuple[str, ...]:
    names: list[str] = []
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if names and _is_suffix(part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return tuple(names)


def split_names(value: str) -> tuple[str, ...]:
    """``"A, B, and C, Jr."`` -> ``("A", "B", "C, Jr.")``.

    Splits on commas, semicolons, ``&``, ``/`` and the word ``and`` outside
    parentheses; an Oxford ``and`` and doubled separators leave no empty
    names; ``Jr.``/``Sr.``/``III`` after a comma stay with the name before them.
    """
    text = tidy(value)
    return _join_suffixes(_split(text, _SPLIT_OR_PAREN.finditer(text)))


def split_list(value: str) -> tuple[str, ...]:
    """Like split_names, on commas and semicolons only (entries that carry roles)."""
    text = tidy(value)
    return _join_suffixes(_split(text, _LIST_ONLY.finditer(text)))


def year(value: str) -> int | None:
    """The first plausible four-digit year in a value (``"2012"``, ``"(1957)"``)."""
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None
