"""Scrape damage: what real dumps do to a good page (for tolerance tests).

Each damage is a small function from (text, a draw function) to text, so a
shrunk counterexample names the damages that matter, in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import strategies as st

LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+")
BREAK = re.compile(r"\r\n|\n|\r")

# Characters that leak into scrapes: NUL, BEL, VT, FF, ESC, DEL, C1 controls, Unicode line
# and paragraph separators, zero-width space, a stray BOM, a surrogate left by
# ``surrogateescape`` decoding of invalid UTF-8.
STRAY = (
    "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9c", "\u2028", "\u2029",
    "\u200b", "\ufeff", "\udcff", "\t", "\u00a0",
)  # fmt: skip
HTML = ("<br>", "&nbsp;", "</p>", "<b>", "&amp;", "<!-- ad -->", "&#8211;")

Damage = Callable[[str, st.DrawFn], str]


def lines_of(text: str) -> list[str]:
    """Lines with their breaks; ``"".join(lines_of(t)) == t``."""
    return LINE.findall(text)


def _index(draw: st.DrawFn, size: int) -> int:
    return draw(st.integers(0, max(size - 1, 0)))


def truncate(text: str, draw: st.DrawFn) -> str:
    """The download stopped: anywhere, even between ``\\r`` and ``\\n``."""
    return text[: draw(st.integers(0, len(text)))]


def duplicate_line(text: str, draw: st.DrawFn) -> str:
    lines = lines_of(text)
    if not lines:
        return text
    i = _index(draw, len(lines))
    line = lines[i] if BREAK.search(lines[i]) else lines[i] + "\n"
    return "".join([*lines[:i], line, *lines[i:]])


def drop_line(text: str, draw: st.DrawFn) -> str:
    lines = lines_of(text)
    if not lines:
        return text
    del lines[_index(draw, len(lines))]
    return "".join(lines)


def swap_lines(text: str, draw: st.DrawFn) -> str:
    lines = lines_of(text)
    if len(lines) < 2:
        return text
    i = _index(draw, len(lines) - 1)
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "".join(lines)


def mix_newlines(text: str, draw: st.DrawFn) -> str:
    """Some breaks change kind, as when two dumps are concatenated."""
    breaks = BREAK.findall(text)
    if not breaks:
        return text
    wanted = draw(
        st.lists(st.sampled_from(("\r\n", "\r", "\n", "\n\r")), min_size=1, max_size=len(breaks))
    )
    kinds = iter(wanted)
    return BREAK.sub(lambda m: next(kinds, m.group()), text)


def glue_lines(text: str, draw: st.DrawFn) -> str:
    """A lost break: two lines become one."""
    matches = list(BREAK.finditer(text))
    if not matches:
        return text
    m = matches[_index(draw, len(matches))]
    glue = draw(st.sampled_from(("", " ", "  ")))
    return text[: m.start()] + glue + text[m.end() :]


def stray_characters(text: str, draw: st.DrawFn) -> str:
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(STRAY)) + text[at:]
    return text


def html_leftovers(text: str, draw: st.DrawFn) -> str:
    lines = lines_of(text) or [""]
    i = _index(draw, len(lines))
    tag = draw(st.sampled_from(HTML))
    body = BREAK.split(lines[i])[0]
    lines[i] = (tag + lines[i]) if draw(st.booleans()) else tag.join((body, lines[i][len(body) :]))
    return "".join(lines)


def mojibake(text: str, draw: st.DrawFn) -> str:
    """One line decoded as cp1252/latin-1 though it was UTF-8 (``é`` becomes ``Ã©``).

    An ASCII line gets the classic smart-quote leftover (``’`` read as ``â€™``).
    """
    lines = lines_of(text)
    if not lines:
        return text
    i = _index(draw, len(lines))
    codec = draw(st.sampled_from(("cp1252", "latin-1")))
    line = lines[i]
    if line.isascii():
        at = draw(st.integers(0, len(BREAK.split(line)[0])))
        line = line[:at] + draw(st.sampled_from(("’", "“", "–", "é"))) + line[at:]
    lines[i] = line.encode("utf-8", "surrogatepass").decode(codec, "replace")
    return "".join(lines)


DAMAGES: dict[str, Damage] = {
    "truncate": truncate,
    "duplicate_line": duplicate_line,
    "drop_line": drop_line,
    "swap_lines": swap_lines,
    "mix_newlines": mix_newlines,
    "glue_lines": glue_lines,
    "stray_characters": stray_characters,
    "html_leftovers": html_leftovers,
    "mojibake": mojibake,
}


@st.composite
def damaged(
    draw: st.DrawFn,
    texts: st.SearchStrategy[str],
    damages: tuple[str, ...],
    min_damages: int,
    max_damages: int,
) -> str:
    text = draw(texts)
    names = draw(st.lists(st.sampled_from(damages), min_size=min_damages, max_size=max_damages))
    for name in names:
        text = DAMAGES[name](text, draw)
    return text
