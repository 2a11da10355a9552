"""reviewparse: scraped film-review pages to typed records and back, losslessly.

>>> page = parse("Home > Films > Ruby Sparks\n\nRuby Sparks\n\nYear - 2012\nMusic- Nick Urata")
>>> page.year, page.music
(2012, ('Nick Urata',))
>>> render(page.with_credit("music", ["Nick Urata", "Someone Else"])).splitlines()[-1]
'Music- Nick Urata, Someone Else'
"""

from reviewparse._errors import ReviewDecodeError, ReviewParseError
from reviewparse._io import Decoded, PageFile, decode, parse_bytes, parse_file
from reviewparse._parse import parse
from reviewparse._records import (
    BlankLines,
    Breadcrumb,
    Caption,
    Credit,
    Credits,
    Diagnostic,
    Line,
    Paragraph,
    ReviewPage,
    Title,
    Unparsed,
)
from reviewparse._version import __version__


def render(page: ReviewPage) -> str:
    """The page's text; ``render(parse(text)) == text`` for every ``str``."""
    return page.render()


__all__ = [
    "BlankLines",
    "Breadcrumb",
    "Caption",
    "Credit",
    "Credits",
    "Decoded",
    "Diagnostic",
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
    "parse",
    "parse_bytes",
    "parse_file",
    "render",
]
