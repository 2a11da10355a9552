"""Page texts drawn from ``grammars/page.lark`` itself with ``hypothesis.extra.lark.from_lark``.

``from_lark`` walks the grammar's rules (so which tokens make a line, and
which lines a page, comes from the grammar) and draws each terminal from its
regex. Left to itself that gives little a page would hold:

* terminals end in lookaheads (``KNOWN_KEY`` looks for its separator,
  ``TEXT_PLAIN`` for the line's end) and are drawn one at a time, so a key
  drawn from its regex is rarely read as a key where it lands;
* every line terminal may end with ``\\Z``: drawn mid-page it glues two lines;
* the keys are the lexicon's thousands of spellings, of which ``st.from_regex``
  draws mostly the shortest.

So each terminal gets an explicit strategy (``EXPLICIT``, the one table to
extend for a new terminal) that draws what the terminal stands for: a key of
the lexicon, a separator, a value, a paragraph. Breaks are drawn as ``"\\n"``
and replaced in one pass afterwards, as in ``pages()``; the alphabet leaves
out control characters, which drops the ``junk`` rule (a line the strict
parser always refuses).

The grammar says what a line *can* be; what it *is* where it stands (the
title, a caption, site clutter, the values below a key) is the layout's
(``_core/layout.py``), which ``from_lark`` cannot see. So texts the strict
layout refuses are filtered out (``strict_accepts``): a rule line or a short
line before the title (site clutter), a second heading, a synopsis before
the title. ``benchmarks/strategies_bench.py`` measures the share kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from hypothesis import strategies as st
from lark import Lark

from reviewparse._core.errors import ReviewParseError
from reviewparse._core.grammar import full_grammar
from reviewparse._core.parse import parse
from reviewparse._fields.lexicon import Lexicon
from reviewparse._strategies import credits, text
from reviewparse._strategies.page import CRUMB_SEPARATORS, PLACEHOLDER

START = "page"
# Any character but the controls that make a line junk (and the breaks, drawn apart).
ALPHABET = st.characters(exclude_categories=["Cc", "Cs"], include_characters="\t\n\r")


# With every terminal explicit, from_lark never draws from the key regexes, but it still
# builds a regex strategy for each terminal: the 1,800 spellings of the default lexicon
# cost 4.5 CPU seconds of that. The walk is given a lexicon of one key instead.
ONE_KEY = Lexicon(
    fields={"year": ("year",)},
    bare=frozenset({"year"}),
    checked=frozenset(),
    conjunctions=(),
    notes=frozenset(),
    nobody=frozenset(),
)


@cache
def grammar(lexicon: Lexicon | None = None) -> Lark:
    """``grammars/page.lark`` with a lexicon's keys (the default's), as a plain Lark object.

    (The library's own parser may come from a table cache without the grammar.)
    """
    text = full_grammar(lexicon or Lexicon.default())
    return Lark(text, parser="lalr", lexer="contextual", start=START)


def _line(content: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    trail = st.one_of(st.just(""), st.sampled_from(text.TRAILING_SPACES))
    return text.combine(lambda c, t: c + t + PLACEHOLDER, content, trail)


@st.composite
def _crumbs(draw: st.DrawFn) -> str:
    crumbs = draw(st.lists(text.crumb_text(), min_size=2, max_size=4))
    line = crumbs[0]
    for crumb in crumbs[1:]:
        line += draw(st.sampled_from(CRUMB_SEPARATORS)) + crumb
    return line


def _prefixed(keys: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return text.combine(str.__add__, st.sampled_from(credits.PREFIXES), keys)


def _key_alone() -> st.SearchStrategy[str]:
    colon = st.sampled_from(("", "", ":", " :"))
    return _line(text.combine(str.__add__, _prefixed(credits.known_key()), colon))


def _bare_keys() -> st.SearchStrategy[str]:
    """Keys that may stand bare (``Directed by``), written as pages write them."""
    bare = Lexicon.default().bare
    keys = [key for key in credits.known_keys() if key.casefold() in bare]
    return st.sampled_from(keys)


def _value() -> st.SearchStrategy[str]:
    kinds = ("year", "runtime", "directors", "genre", None)
    return st.sampled_from(kinds).flatmap(credits.value_for)


EXPLICIT: dict[str, Callable[[], st.SearchStrategy[str]]] = {
    "BOM": lambda: st.just("\ufeff"),
    "BLANK_LINE": lambda: _line(st.just("")),
    "BREADCRUMB_LINE": lambda: _line(_crumbs()),
    "RULE_LINE": lambda: _line(st.sampled_from(("* * *", "|---|---|", "•", "***"))),
    "KEY_ALONE": _key_alone,
    "KNOWN_KEY": lambda: _prefixed(credits.known_key()),
    "KEY": credits.unknown_keys,
    "GLUED_KEY": _bare_keys,
    "BARE_KEY": lambda: text.combine(str.__add__, _bare_keys(), st.just(" ")),
    "SEPARATOR": credits.separator,
    "INLINE_KEY": lambda: text.combine(
        str.__add__, st.sampled_from(credits.INLINE_PREFIXES), credits.known_key()
    ),
    "BARE_INLINE_KEY": lambda: text.combine(
        lambda key: f" {key} ", credits.known_key().filter(lambda key: key[:1].isupper())
    ),
    "LINE_END": lambda: _line(st.just("")),
    "TEXT_PLAIN": lambda: st.one_of(text.title_text(), text.caption_text()),
    "VALUE_PLAIN": _value,
    "TEXT": text.paragraph_text,
    "VALUE": _value,
    "BARE_VALUE": text.person_name,
}


def raw_grammar_texts(
    explicit: dict[str, st.SearchStrategy[str]] | None = None,
    lexicon: Lexicon | None = None,
) -> st.SearchStrategy[str]:
    """``from_lark`` on the page rule with only the given explicit terminals (for measuring)."""
    # Imported here: hypothesis.extra.lark loads Unicode tables when imported, which
    # Hypothesis warns about when it happens while pytest loads a conftest.
    from hypothesis.extra.lark import from_lark

    lark = grammar(lexicon)
    return from_lark(lark, start=START, explicit=explicit or {}, alphabet=ALPHABET)


@cache
def layouts() -> st.SearchStrategy[str]:
    """Built once: ``from_lark`` compiles the grammar when it is built."""
    present = {t.name for t in grammar(ONE_KEY).terminals}
    explicit = {name: make() for name, make in EXPLICIT.items() if name in present}
    return raw_grammar_texts(explicit, ONE_KEY)


def strict_accepts(page_text: str) -> bool:
    """The strict parser reads the text (the layout, not the grammar, may refuse it)."""
    try:
        parse(page_text, strict=True)
    except ReviewParseError:
        return False
    return True


@st.composite
def grammar_texts(
    draw: st.DrawFn,
    *,
    line_endings: tuple[str, ...],
    mixed_line_endings: bool,
    final_newline: bool | None,
) -> str:
    raw = draw(layouts())
    return draw(place_breaks(raw, line_endings, mixed_line_endings, final_newline))


def strict_grammar_texts(
    *, line_endings: tuple[str, ...], mixed_line_endings: bool, final_newline: bool | None
) -> st.SearchStrategy[str]:
    """Grammar texts the strict layout accepts."""
    texts = grammar_texts(
        line_endings=line_endings,
        mixed_line_endings=mixed_line_endings,
        final_newline=final_newline,
    )
    return texts.filter(strict_accepts)


@st.composite
def place_breaks(
    draw: st.DrawFn,
    raw: str,
    line_endings: tuple[str, ...],
    mixed: bool,
    final_newline: bool | None,
) -> str:
    """Each ``"\\n"`` of ``raw`` is a line break; give it the page's real one."""
    pieces = raw.split(PLACEHOLDER)
    n = len(pieces) - 1
    choices = st.sampled_from(line_endings)
    if mixed and len(line_endings) > 1 and draw(st.booleans()):
        breaks = draw(st.lists(choices, min_size=n, max_size=n))
    else:
        breaks = [draw(choices)] * n
    for i in range(n - 1):
        if breaks[i] == "\r" and pieces[i + 1] == "" and breaks[i + 1] == "\n":
            # "\r" then a blank "\n" would be read as one "\r\n" break.
            breaks[i] = "\r\n"
    out = pieces[0] + "".join(b + p for b, p in zip(breaks, pieces[1:], strict=True))
    final = final_newline if final_newline is not None else draw(st.booleans())
    if not final and n and pieces[-1] == "":
        out = out[: -len(breaks[-1])]
    return out
