"""Text to line records: the grammar reads the lines, the layout places them.

The one function both ``parse()`` and the edits (which read their own text
back) call; it knows nothing of pages.
"""

from __future__ import annotations

from reviewparse._core.grammar import lex
from reviewparse._core.layout import layout
from reviewparse._core.records import Line
from reviewparse._fields.lexicon import Lexicon


def read_lines(text: str, lexicon: Lexicon | None = None) -> tuple[bool, tuple[Line, ...]]:
    """(whether the text starts with a BOM, its line records); total over ``str``."""
    chosen = lexicon or Lexicon.default()
    lexed = lex(text, chosen)
    return lexed.bom, layout(lexed, chosen)
