"""Page texts drawn from ``grammars/page.lark`` itself with ``hypothesis.extra.lark.from_lark``.

``from_lark`` walks the grammar's rules (so the layout comes from the grammar)
and draws each terminal from its regex. It knows nothing of lexing, which is
what decides a line's kind here, so the line terminals get explicit strategies:

* ``CREDIT_KEY`` ends in a lookahead, which ``st.from_regex`` cannot satisfy:
  left to itself ``from_lark`` never produces a credit;
* every line terminal may end with ``\\Z``; drawn mid-page it would glue two
  lines, so explicit lines always end with a break (the last one may be
  dropped afterwards);
* tokens are drawn independently, but the contextual lexer and terminal
  priorities read them in context: a title shaped like a breadcrumb, a short
  paragraph (a caption), a head line that starts like ``Key:`` (a credit), a
  lone ``\\r`` before a blank ``\\n`` (one ``\\r\\n``), a value that lets a
  glued ``Music-`` key grow. The explicit strategies avoid each of these.

Breaks are drawn as ``"\\n"`` and replaced in one pass afterwards, as in
``pages()``. ``EXPLICIT`` is the one place to add a strategy for a new terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from hypothesis import strategies as st

from reviewparse import _strategies_text as text
from reviewparse._strategies_page import CRUMB_SEPARATORS, PLACEHOLDER

START = "page"


def _line(content: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    trail = st.one_of(st.just(""), st.sampled_from(text.TRAILING_SPACES))
    return st.builds(lambda c, t: c + t + PLACEHOLDER, content, trail)


def _breadcrumb_line() -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: st.DrawFn) -> str:
        crumbs = draw(st.lists(text.crumb_text(), min_size=2, max_size=4))
        line = crumbs[0]
        for crumb in crumbs[1:]:
            line += draw(st.sampled_from(CRUMB_SEPARATORS)) + crumb
        return line

    return _line(build())


def _credit_value() -> st.SearchStrategy[str]:
    # Drawn apart from its key and separator, so it must fit after any of them,
    # and it must not end like an open list ("A, B,"), which is a terminal of its own.
    values = st.one_of(text.value_for(None), text.name_list(), text.value_for("year"))
    safe = values.filter(lambda v: text.value_fits("- ", v) and not text.is_open_value(v))
    return st.one_of(_line(safe), st.just(PLACEHOLDER))


def _not_credit(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return strategy.filter(lambda line: not text.starts_like_credit(line))


def _unknown_key() -> st.SearchStrategy[str]:
    # A known key lexes as KNOWN_CREDIT_KEY, which takes stacked values after "Key:\n".
    return text.credit_key().filter(lambda key: not text.is_known_key(key))


def _known_key() -> st.SearchStrategy[str]:
    return st.sampled_from([key for key in text.known_keys() if text.is_known_key(key)])


def _open_value() -> st.SearchStrategy[str]:
    """``Stars - A, B,``: a list that goes on, indented, on the next lines."""
    opener = st.sampled_from((",", ";", " &", " /", " and"))
    return _line(st.builds(str.__add__, text.name_list(), opener))


def _indented_names() -> st.SearchStrategy[str]:
    indent = st.text(st.sampled_from(" \t\u00a0"), min_size=1, max_size=4)
    return _line(_not_credit(st.builds(str.__add__, indent, text.name_list())))


EXPLICIT: dict[str, Callable[[], st.SearchStrategy[str]]] = {
    "BLANK_LINE": lambda: _line(st.just("")),
    "BREADCRUMB_LINE": _breadcrumb_line,
    "TITLE_LINE": lambda: _line(text.title_text()),
    "CAPTION_LINE": lambda: _line(_not_credit(text.caption_text())),
    "PARAGRAPH_LINE": lambda: _line(_not_credit(text.paragraph_text())),
    "CREDIT_KEY": _unknown_key,
    "CREDIT_SEPARATOR": text.separator,
    "CREDIT_VALUE": _credit_value,
    # Dialects (key alone on its line, stacked values, open lists):
    "KNOWN_CREDIT_KEY": _known_key,
    "CREDIT_HEADING": lambda: _line(_known_key()),
    "CREDIT_LINE_BREAK": lambda: st.just(PLACEHOLDER),
    "CREDIT_VALUE_LINE": lambda: _line(_not_credit(text.name_list())),
    "CREDIT_OPEN_VALUE": _open_value,
    "CREDIT_CONTINUATION": _indented_names,
}


def raw_grammar_texts(
    explicit: dict[str, st.SearchStrategy[str]] | None = None,
) -> st.SearchStrategy[str]:
    """``from_lark`` on the page rule with only the given explicit terminals (for measuring)."""
    # Imported here: hypothesis.extra.lark loads Unicode tables when imported, which
    # Hypothesis warns about when it happens while pytest loads a conftest.
    from hypothesis.extra.lark import from_lark

    return from_lark(text.grammar(), start=START, explicit=explicit or {})


@cache
def _layouts() -> st.SearchStrategy[str]:
    """Built once per key set: ``from_lark`` compiles the grammar when it is built."""
    present = {t.name for t in text.grammar().terminals}
    return raw_grammar_texts({name: make() for name, make in EXPLICIT.items() if name in present})


@st.composite
def grammar_texts(
    draw: st.DrawFn,
    *,
    line_endings: tuple[str, ...],
    mixed_line_endings: bool,
    final_newline: bool | None,
) -> str:
    raw = draw(_layouts())
    return draw(place_breaks(raw, line_endings, mixed_line_endings, final_newline))


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
