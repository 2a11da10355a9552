"""Whether a peer reads the same fields as reviewparse, before it is timed.

The fields are the ones users ask for: title, year, directors and stars. A peer
may be simpler than reviewparse and leave a field out on a page (None, or an
empty list); a field is compared only on the pages where both give it, and a
page agrees when every field compared there is equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from attrs import frozen

import reviewparse
from reviewparse._corpus import generate_pages

FIELDS = ("title", "year", "directors", "stars")


def reviewparse_fields(text: str) -> dict[str, Any]:
    """The four fields from reviewparse's typed view (the reference)."""
    page = reviewparse.parse(text)
    return {
        "title": page.title,
        "year": page.year,
        "directors": list(page.directors),
        "stars": list(page.stars),
    }


@frozen
class Agreement:
    """How many pages a peer read as reviewparse does, of those it could be compared on."""

    agree: int
    compared: int  # pages where at least one field is given by both
    pages: int
    fields: int  # field values compared, over all pages
    examples: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.agree / self.compared if self.compared else 0.0

    def __str__(self) -> str:
        return (
            f"{self.agree}/{self.compared} pages agree ({self.share:.1%}) on "
            f"{self.fields} field values; {self.pages - self.compared} of {self.pages} pages "
            "not comparable"
        )


def _given(value: Any) -> bool:
    return value is not None and value != []


def measure_texts(peer: Callable[[str], dict[str, Any]], texts: Iterable[str]) -> Agreement:
    agree = compared = pages = fields = 0
    examples: list[str] = []
    for text in texts:
        pages += 1
        try:
            mine = peer(text)
        except Exception as error:  # a peer that cannot read a page: not comparable
            if len(examples) < 5:
                examples.append(f"page {pages - 1}: {type(error).__name__}")
            continue
        theirs = reviewparse_fields(text)
        both = [f for f in FIELDS if _given(mine.get(f)) and _given(theirs[f])]
        if not both:
            continue
        compared += 1
        fields += len(both)
        differ = {f: (mine[f], theirs[f]) for f in both if mine[f] != theirs[f]}
        if differ:
            if len(examples) < 5:
                examples.append(f"page {pages - 1}: {differ}")
        else:
            agree += 1
    return Agreement(agree, compared, pages, fields, tuple(examples))


def measure(peer: Callable[[str], dict[str, Any]], pages: int, seed: int = 0) -> Agreement:
    """The peer against reviewparse on the first ``pages`` generated pages."""
    return measure_texts(peer, generate_pages(pages, seed))
