"""Line breaks, the one rule: ``\\r\\n``, ``\\n`` or a lone ``\\r``.

``str.splitlines()`` also splits on form feeds, ``\\x1c``-``\\x1e``, ``\\x85``,
``\\u2028`` and ``\\u2029``, which a page keeps *inside* its lines; every module
that needs lines asks this one.
"""

from __future__ import annotations

import re

BREAK = re.compile(r"\r\n|\n|\r")
# One line and its break; at the end of a text, possibly empty.
LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its break (the last may have none)."""
    return [match.group() for match in LINE.finditer(text) if match.group()]


def line_text(text: str, number: int) -> str:
    """Line ``number`` (1-based, after any BOM) without its break; ``""`` past the end."""
    lines = BREAK.split(text.removeprefix("\ufeff"))
    return lines[number - 1] if 0 < number <= len(lines) else ""


def joins_breaks(before: str, after: str) -> bool:
    """Whether ``before + after`` would read a lone ``\\r`` and a ``\\n`` as one ``\\r\\n``."""
    return before.endswith("\r") and after.startswith("\n")
