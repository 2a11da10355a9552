"""Pickling small attrs records as ``(class, field values)``."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

C = TypeVar("C", bound=type)


def tuple_pickled(cls: C) -> C:
    """Pickle instances as ``(cls, field values)`` instead of attrs' per-field state.

    ``convert --jobs N`` pickles every chunk of rows on the way to a worker and its
    outcomes on the way back: as a tuple they dump and load in half the time, at
    half the size (docs/performance.md has the figures).
    """
    fields = attrs.fields(cls)
    if not all(field.init for field in fields):  # pragma: no cover - a programming error
        raise TypeError(f"{cls.__name__}: every field must be an __init__ argument")
    names = [field.name for field in fields]
    getter: Callable[[Any], Any] = operator.attrgetter(*names)
    if len(names) == 1:  # attrgetter of one name gives the value, not a 1-tuple
        one = getter
        getter = lambda self: (one(self),)  # noqa: E731

    def __reduce__(self: Any) -> tuple[C, tuple[Any, ...]]:
        return cls, getter(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls
