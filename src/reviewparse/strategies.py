"""Hypothesis strategies for review pages: property-test your scraper with valid and messy pages.

Needs Hypothesis (``pip install reviewparse[testing]``); ``import reviewparse``
alone never imports it.

* ``pages()`` draws valid ``ReviewPage`` record trees:
  ``parse(render(p), strict=True) == p`` for every page it draws.
* ``page_texts()`` draws text the strict parser accepts, rendered from
  ``pages()`` or drawn from ``grammars/page.lark`` with ``from_lark``.
* ``messy_texts()`` draws damaged pages (truncated, duplicated lines, mixed
  newlines, glued lines, stray control characters...) for tolerance tests.
* Building blocks: ``credit_lines()``, ``breadcrumbs()``, ``captions()``,
  ``titles()``, ``paragraphs()``, ``blank_lines()``, ``person_names()``,
  ``line_ends()``.

Importing this module registers the line records and ``ReviewPage`` with
``st.register_type_strategy``, so ``st.from_type(ReviewPage)`` draws valid pages
(plain ``from_type`` would fill attrs fields with arbitrary values).
Validity is what ``grammars/page.lark`` says; see ``docs/property-testing.md``.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import pairwise

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from reviewparse._core.grammar import HSPACE
from reviewparse._core.records import (
    BlankLines,
    Breadcrumb,
    Caption,
    Credit,
    Paragraph,
    ReviewPage,
    Title,
)
from reviewparse._strategies import damage, grammar, text
from reviewparse._strategies import page as layout

__all__ = [
    "DAMAGES",
    "LINE_BREAKS",
    "PROFILES",
    "blank_lines",
    "breadcrumbs",
    "captions",
    "credit_lines",
    "line_ends",
    "messy_texts",
    "page_texts",
    "pages",
    "paragraphs",
    "person_names",
    "register_profiles",
    "titles",
]

LINE_BREAKS: tuple[str, ...] = layout.LINE_BREAKS
DAMAGES: tuple[str, ...] = tuple(damage.DAMAGES)


# -- argument checks -------------------------------------------------------------------
def _line_endings(line_endings: Collection[str]) -> tuple[str, ...]:
    endings = tuple(dict.fromkeys(line_endings))
    if not endings or any(e not in LINE_BREAKS for e in endings):
        raise InvalidArgument(f"line_endings={line_endings!r}: use some of {LINE_BREAKS!r}")
    return endings


def _keys_arg(keys: Collection[str] | None) -> tuple[str, ...] | None:
    if keys is None:
        return None
    keys = tuple(keys)
    if not keys:
        raise InvalidArgument("keys=() leaves no credit key to draw; pass max_credits=0")
    if bad := [k for k in keys if not text.key_is_valid(k)]:
        raise InvalidArgument(
            f"not credit keys by the grammar: {bad!r} (1-6 words starting with a letter, "
            "words of letters, digits and . ' ’ & ( ) / -)"
        )
    return keys


def _range(name: str, low: int, high: int) -> None:
    if low < 0 or high < low:
        raise InvalidArgument(f"need 0 <= min_{name} <= max_{name}, got {low} and {high}")


# -- building blocks -------------------------------------------------------------------
def line_ends(
    line_endings: Collection[str] = LINE_BREAKS, *, trailing_spaces: bool = True
) -> st.SearchStrategy[str]:
    """A line's ``end``: optional trailing horizontal space, then a break."""
    options = layout.PageOptions(
        line_endings=_line_endings(line_endings), trailing_spaces=trailing_spaces
    )
    return st.builds(str.__add__, layout.trailing(options), st.sampled_from(options.line_endings))


def _ends(ends: st.SearchStrategy[str] | None) -> st.SearchStrategy[str]:
    return line_ends() if ends is None else ends


def person_names() -> st.SearchStrategy[str]:
    """One person's name: accents, any script, hyphens, apostrophes, initials, ``Jr.``/``III``.

    ``", ".join(names)`` in a list-valued credit reads back as the same names.
    """
    return text.person_name()


def credit_lines(
    *,
    keys: Collection[str] | None = None,
    separators: Collection[str] | None = None,
    ends: st.SearchStrategy[str] | None = None,
    allow_empty: bool = True,
) -> st.SearchStrategy[Credit]:
    """``Credit`` records: any key the grammar accepts (or one of ``keys``), every separator style.

    Values fit their key (years, name lists with ``Jr.``, runtimes...). A credit
    with an empty value (``allow_empty``) ends with a bare break, since trailing
    space after its separator belongs to the separator.
    """
    key_strategy = st.sampled_from(k) if (k := _keys_arg(keys)) is not None else text.credit_key()
    if separators is None:
        separator_strategy = text.separator()
    else:
        seps = tuple(separators)
        if not seps or not all(map(_separator_ok, seps)):
            raise InvalidArgument(f"not credit separators by the grammar: {separators!r}")
        separator_strategy = st.sampled_from(seps)
    end_strategy = _ends(ends)

    @st.composite
    def build(draw: st.DrawFn) -> Credit:
        placeholder = draw(
            layout.credit(key_strategy, separator_strategy, st.just(""), allow_empty=allow_empty)
        )
        end = draw(end_strategy)
        if not placeholder.value:
            end = end.lstrip(HSPACE)
        return Credit(placeholder.key, placeholder.separator, placeholder.value, end)

    return build()


def _separator_ok(separator: str) -> bool:
    line = f"Key{separator}value"
    key = text.terminal("CREDIT_KEY").match(line)
    if key is None or key.group() != "Key":
        return False
    sep = text.terminal("CREDIT_SEPARATOR").match(line, key.end())
    return sep is not None and sep.group() == separator


def breadcrumbs(*, ends: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Breadcrumb]:
    """``Home > 2010 - 2019 > Ruby Sparks``: 2–5 crumbs, ``> » → |`` with any spacing."""
    end_strategy = _ends(ends)

    @st.composite
    def build(draw: st.DrawFn) -> Breadcrumb:
        crumb = draw(layout.breadcrumb(st.just("")))
        return Breadcrumb(crumb.crumbs, crumb.separators, draw(end_strategy), crumb.indent)

    return build()


def titles(*, ends: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Title]:
    """Film titles (never shaped like a breadcrumb)."""
    return st.builds(Title, text.title_text(), _ends(ends))


def captions(*, ends: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Caption]:
    """Image captions: at most 120 characters, not ending like a sentence.

    Some start like ``Photo: ...``; such a caption is only a caption below the
    credits (above them it reads as a credit), which ``pages()`` respects.
    """
    return st.builds(Caption, text.caption_text(), _ends(ends))


def paragraphs(*, ends: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Paragraph]:
    """Synopsis paragraphs: sentences on one line, with names, asides, quotes and dashes."""
    return st.builds(Paragraph, text.paragraph_text(), _ends(ends))


def blank_lines(
    line_endings: Collection[str] = LINE_BREAKS, *, trailing_spaces: bool = True
) -> st.SearchStrategy[BlankLines]:
    """A run of 1–3 blank lines; a lone ``\\r`` is never followed by a bare ``\\n`` inside it.

    (After a line ending in a lone ``\\r``, a run starting with a bare ``\\n``
    would read as one ``\\r\\n`` break; ``pages()`` takes care of that.)
    """
    item = line_ends(line_endings, trailing_spaces=trailing_spaces)
    run = st.lists(item, min_size=1, max_size=3)
    # A lone "\r" then a bare "\n" is one "\r\n" line break, not two blank lines.
    return run.filter(_breaks_survive).map(lambda items: BlankLines(tuple(items)))


def _breaks_survive(items: list[str]) -> bool:
    return not any(a.endswith("\r") and b == "\n" for a, b in pairwise(items))


# -- pages -----------------------------------------------------------------------------
def pages(
    *,
    keys: Collection[str] | None = None,
    min_credits: int = 0,
    max_credits: int = 8,
    min_paragraphs: int = 0,
    max_paragraphs: int = 5,
    max_captions: int = 3,
    breadcrumb: bool | None = None,
    bom: bool | None = None,
    line_endings: Collection[str] = LINE_BREAKS,
    mixed_line_endings: bool = True,
    trailing_spaces: bool = True,
    final_newline: bool | None = None,
) -> st.SearchStrategy[ReviewPage]:
    """Valid pages: ``parse(render(page), strict=True) == page`` for each one drawn.

    A page has an optional breadcrumb, a title, head captions, then credits (each
    key at most once per canonical field, drawn from ``keys`` if given) and/or a
    synopsis whose paragraphs have captions and blank runs between them. ``None``
    means "either" for ``breadcrumb``, ``bom`` and ``final_newline``. Line breaks
    come from ``line_endings``, one kind per page or (``mixed_line_endings``) per line.

    A failing test shrinks to the lines it needs: each optional part (breadcrumb,
    caption, credit, paragraph...) is drawn as ``none() | part``, which Hypothesis
    drops whole. The ``min_credits``/``min_paragraphs`` required ones shrink to the
    simplest key or text instead, so another credit may stay next to a needed one.
    """
    _range("credits", min_credits, max_credits)
    _range("paragraphs", min_paragraphs, max_paragraphs)
    _range("captions", 0, max_captions)
    options = layout.PageOptions(
        keys=_keys_arg(keys),
        min_credits=min_credits,
        max_credits=max_credits,
        min_paragraphs=min_paragraphs,
        max_paragraphs=max_paragraphs,
        max_captions=max_captions,
        breadcrumb=breadcrumb,
        bom=bom,
        line_endings=_line_endings(line_endings),
        mixed_line_endings=mixed_line_endings,
        trailing_spaces=trailing_spaces,
        final_newline=final_newline,
    )
    return layout.page(options)


def page_texts(
    *,
    source: str = "any",
    keys: Collection[str] | None = None,
    line_endings: Collection[str] = LINE_BREAKS,
    mixed_line_endings: bool = True,
    final_newline: bool | None = None,
) -> st.SearchStrategy[str]:
    """Page text the strict parser accepts.

    ``source="records"`` renders ``pages()``; ``source="grammar"`` walks
    ``grammars/page.lark`` with ``hypothesis.extra.lark.from_lark`` (line kinds
    get explicit strategies; see ``reviewparse._strategies_grammar`` for why);
    ``"any"`` mixes both. ``keys`` needs ``source="records"``; for more control
    over records, use ``pages(...).map(reviewparse.render)``.
    """
    endings = _line_endings(line_endings)
    key_tuple = _keys_arg(keys)
    if key_tuple is not None and source != "records":
        raise InvalidArgument("keys= applies to rendered pages: use source='records'")
    records = pages(
        keys=key_tuple,
        line_endings=endings,
        mixed_line_endings=mixed_line_endings,
        final_newline=final_newline,
    ).map(ReviewPage.render)
    from_grammar = grammar.grammar_texts(
        line_endings=endings,
        mixed_line_endings=mixed_line_endings,
        final_newline=final_newline,
    )
    choices = {"records": records, "grammar": from_grammar, "any": st.one_of(records, from_grammar)}
    if source not in choices:
        raise InvalidArgument(f"source={source!r}: use 'records', 'grammar' or 'any'")
    return choices[source]


def messy_texts(
    *,
    damages: Collection[str] = DAMAGES,
    min_damages: int = 1,
    max_damages: int = 4,
    base: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[str]:
    """A valid page text (from ``base``, default rendered ``pages()``), then scrape damage.

    ``damages`` picks from ``DAMAGES``: truncate, duplicate_line, drop_line,
    swap_lines, mix_newlines, glue_lines, stray_characters (NUL, ESC, NEL,
    U+2028, a lone surrogate...), html_leftovers, mojibake. The result may still
    happen to be valid; use it for "lenient parse never loses anything" tests.
    """
    chosen = tuple(dict.fromkeys(damages))
    if not chosen or not set(chosen) <= set(DAMAGES):
        raise InvalidArgument(f"damages={damages!r}: use some of {DAMAGES!r}")
    _range("damages", min_damages, max_damages)
    texts = base if base is not None else pages().map(ReviewPage.render)
    return damage.damaged(texts, chosen, min_damages, max_damages)


from reviewparse._strategies.profiles import PROFILES, register_profiles  # noqa: E402

# -- st.from_type ----------------------------------------------------------------------
st.register_type_strategy(ReviewPage, pages())
st.register_type_strategy(Credit, credit_lines())
st.register_type_strategy(Breadcrumb, breadcrumbs())
st.register_type_strategy(Title, titles())
st.register_type_strategy(Caption, captions())
st.register_type_strategy(Paragraph, paragraphs())
st.register_type_strategy(BlankLines, blank_lines())
