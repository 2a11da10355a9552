"""reviewparse: scraped film-review pages to typed records and back, losslessly.

>>> page = parse("Home > Films > Ruby Sparks\n\nRuby Sparks\n\nYear - 2012\nMusic- Nick Urata")
>>> page.year, page.music
(2012, ('Nick Urata',))
>>> render(page.with_credit("music", ["Nick Urata", "Someone Else"])).splitlines()[-1]
'Music- Nick Urata, Someone Else'
"""

from typing import TYPE_CHECKING, Any

from reviewparse._core.errors import EditError, ReviewDecodeError, ReviewParseError
from reviewparse._core.film import Contributor
from reviewparse._core.page import Credits, ReviewPage
from reviewparse._core.records import (
    BlankLines,
    Breadcrumb,
    Caption,
    Clutter,
    Credit,
    Diagnostic,
    Line,
    Paragraph,
    Title,
    Unparsed,
)
from reviewparse._fields.lexicon import Lexicon
from reviewparse._fields.people import CastMember
from reviewparse._version import __version__

if TYPE_CHECKING:
    from reviewparse._core.dicts import page_from_dict, page_to_dict
    from reviewparse._core.files import Decoded, PageFile, decode, parse_bytes, parse_file
    from reviewparse._core.parse import parse

# The parser (and Lark with it) and the JSON mapping (cattrs) load on first use,
# not at ``import reviewparse``: see docs/performance.md, "Cold start".
_LAZY = {
    "parse": "reviewparse._core.parse",
    "Decoded": "reviewparse._core.files",
    "PageFile": "reviewparse._core.files",
    "decode": "reviewparse._core.files",
    "parse_bytes": "reviewparse._core.files",
    "parse_file": "reviewparse._core.files",
    "page_to_dict": "reviewparse._core.dicts",
    "page_from_dict": "reviewparse._core.dicts",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'reviewparse' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def render(page: ReviewPage) -> str:
    """The page's text; ``render(parse(text)) == text`` for every ``str``."""
    return page.render()


__all__ = [
    "BlankLines",
    "Breadcrumb",
    "Caption",
    "CastMember",
    "Clutter",
    "Contributor",
    "Credit",
    "Credits",
    "Decoded",
    "Diagnostic",
    "EditError",
    "Lexicon",
    "Line",
    "PageFile",
    "Paragraph",
    "ReviewDecodeError",
    "ReviewPage",
    "ReviewParseError",
    "Title",
    "Unparsed",
    "__version__",
    "decode",
    "page_from_dict",
    "page_to_dict",
    "parse",
    "parse_bytes",
    "parse_file",
    "render",
]
