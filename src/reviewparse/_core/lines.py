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


def locate(text: str, offset: int) -> tuple[int, int, str]:
    """(line, column, the line's text) of a character offset; lines break on \\r\\n|\\n|\\r."""
    line = 1 + len(BREAK.findall(text, 0, offset))
    if offset > 0 and text[offset - 1 : offset + 1] == "\r\n":
        line -= 1  # the offset stands between the \r and the \n of one break
    start = line_start(text, offset)
    end_match = BREAK.search(text, offset)
    end = end_match.start() if end_match else len(text)
    return line, offset - start + 1, text[start:end]


def line_start(text: str, offset: int) -> int:
    """Where the line holding ``offset`` starts. Searches back in growing windows, so a
    lookup costs the line's length, not the page's."""
    width = 256
    low = offset
    while low > 0:
        low = max(0, offset - width)
        found = max(text.rfind("\n", low, offset), text.rfind("\r", low, offset))
        if found >= 0:
            return found + 1
        width *= 8
    return 0
