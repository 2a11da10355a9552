"""reviewparse: scraped film-review pages to typed records and back, losslessly.

>>> page = parse("Home > Films > Ruby Sparks\n\nRuby Sparks\n\nYear - 2012\nMusic- Nick Urata")
>>> page.year, page.music
(2012, ('Nick Urata',))
>>> render(page.with_credit("music", ["Nick Urata", "Someone Else"])).splitlines()[-1]
'Music- Nick Urata, Someone Else'
"""

from typing import TYPE_CHECKING, Any

from reviewparse._version import __version__

if TYPE_CHECKING:
    from reviewparse._core.dicts import page_from_dict, page_to_dict
    from reviewparse._core.errors import EditError, ReviewDecodeError, ReviewParseError
    from reviewparse._core.files import Decoded, PageFile, decode, parse_bytes, parse_file
    from reviewparse._core.film import Contributor
    from reviewparse._core.page import Credits, ReviewPage
    from reviewparse._core.parse import parse
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

# Every name loads on first use, not at ``import reviewparse``: the records need
# attrs, the parser Lark and the grammar's tables, the JSON mapping cattrs. See
# docs/performance.md, "Cold start".
_LAZY = {
    **dict.fromkeys(("EditError", "ReviewDecodeError", "ReviewParseError"), "_core.errors"),
    **dict.fromkeys(("Credits", "ReviewPage"), "_core.page"),
    **dict.fromkeys(
        ("BlankLines", "Breadcrumb", "Caption", "Clutter", "Credit", "Diagnostic", "Line"),
        "_core.records",
    ),
    **dict.fromkeys(("Paragraph", "Title", "Unparsed"), "_core.records"),
    "Lexicon": "_fields.lexicon",
    "CastMember": "_fields.people",
    "Contributor": "_core.film",
    "parse": "_core.parse",
    **dict.fromkeys(("Decoded", "PageFile", "decode", "parse_bytes", "parse_file"), "_core.files"),
    **dict.fromkeys(("page_to_dict", "page_from_dict"), "_core.dicts"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'reviewparse' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"reviewparse.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def render(page: "ReviewPage") -> str:
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
