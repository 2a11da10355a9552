"""A cache for pure questions about one line, which the layout asks many times.

The layout weighs each line in several passes (is it prose? clutter? a heading?),
and each pass asks again: a generated page asks ``is_prose`` 48 times of its 18
distinct lines. The answers depend on the text alone, so they are kept while one
page is laid out; ``forget()`` drops them when the next begins, so one page's
answers never stand in for another's work (a page repeated is timed honestly),
and what the caches hold is one page's lines and what was derived from them.
Threads laying out pages at once share the caches: one's ``forget()`` costs the
others answers, never changes one, as the questions are pure.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

# Bounded all the same: the typed view asks these questions outside any layout.
SIZE = 4096
_CACHES: list[Callable[[], None]] = []


def per_line(function: Callable[[str], T]) -> Callable[[str], T]:
    """``function``, its answers for this page's lines remembered (it must be pure)."""
    cached = lru_cache(maxsize=SIZE)(function)
    _CACHES.append(cached.cache_clear)
    return cached


def forget() -> None:
    """Drop every remembered answer (a new page begins)."""
    for clear in _CACHES:
        clear()
