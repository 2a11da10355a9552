"""parse(): any string to a page, never losing a character; strict mode checks the layout.

Lenient mode (the default) never raises: every line becomes a record, one
that fits no kind an ``Unparsed`` one, and the page's diagnostics say where it
departs from the strict layout. Strict mode raises the first such departure as
a ``ReviewParseError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from reviewparse._core import strict as layout_check
from reviewparse._core.lines import locate
from reviewparse._core.page import ReviewPage
from reviewparse._core.read import read_lines
from reviewparse._fields.lexicon import Lexicon

__all__ = ["Keys", "locate", "parse"]

Keys = Mapping[str, Iterable[str]]


def parse(text: str, *, strict: bool = False, keys: Keys | Lexicon | None = None) -> ReviewPage:
    """Parse a page. Lenient (default) never raises; strict raises ReviewParseError.

    ``keys`` adds credit-key spellings to the lexicon (``{"directors": ["regista"]}``),
    or gives a whole ``Lexicon``; the parser for it is built once and cached.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes a str, not {type(text).__name__}; see parse_file()")
    lexicon = _lexicon(keys)
    bom, lines = read_lines(text, lexicon)
    if strict:
        errors = layout_check.check(lines, bom)
        if errors:
            raise errors[0]
        return ReviewPage(lines, bom, ())
    return ReviewPage(lines, bom)


def _lexicon(keys: Keys | Lexicon | None) -> Lexicon | None:
    if keys is None:
        return None
    if isinstance(keys, Lexicon):
        return keys
    for field, spellings in keys.items():
        if isinstance(spellings, str):  # tuple() would make it letters, each a bare key
            raise TypeError(f"keys[{field!r}] must be a list of spellings, not a string")
    return _extended(tuple(sorted((field, tuple(spellings)) for field, spellings in keys.items())))


@lru_cache(maxsize=16)
def _extended(keys: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    return Lexicon.default().extended(dict(keys))
