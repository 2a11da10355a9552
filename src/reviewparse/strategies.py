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
from reviewparse._core.page import ReviewPage
from reviewparse._core.records import (
    BlankLines,
    Breadcrumb,
    Caption,
    Credit,
    Paragraph,
    Title,
)
from reviewparse._strategies import credits, damage, grammar, text
from reviewparse._strategies import page as layout

__all__ = [
    "CREDIT_FORMS",
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
#: How credits may be written beyond ``Key<sep>Value`` alone on a line (``credit_forms=``).
CREDIT_FORMS: tuple[str, ...] = tuple(credits.FORMS)


# -- argument checks -------------------------------------------------------------------
def _line_endings(line_endings: Collection[str]) -> tuple[str, ...]:
    endings = tuple(dict.fromkeys(line_endings))
    if not endings or any(e not in LINE_BREAKS for e in endings):
        raise InvalidArgument(f"line_endings={line_endings!r}: use some of {LINE_BREAKS!r}")
    return endings


def _keys_arg(keys: Collection[str] | None, *, known_only: bool = False) -> tuple[str, ...] | None:
    if keys is None:
        return None
    keys = tuple(keys)
    if not keys:
        raise InvalidArgument("keys=() leaves no credit key to draw; pass max_credits=0")
    if bad := [k for k in keys if not (credits.is_known_key(k) or credits.is_unknown_key(k))]:
        raise InvalidArgument(
            f"not credit keys by the grammar: {bad!r} (one to six words, the first starting "
            "with a letter, read whole before a separator)"
        )
    if not any(map(credits.is_known_key, keys)):
        raise InvalidArgument(
            f"keys={keys!r} has no key the lexicon knows: a key it does not know is a "
            "credit only in a block beside a known one"
        )
    if known_only and (unknown := [k for k in keys if not credits.is_known_key(k)]):
        raise InvalidArgument(
            f"keys the lexicon does not know: {unknown!r}; alone below a title such a line "
            "is a caption (pages(keys=...) sets them beside known keys)"
        )
    return keys


def _forms(forms: Collection[str]) -> frozenset[str]:
    chosen = frozenset(forms)
    if not chosen <= set(CREDIT_FORMS):
        raise InvalidArgument(f"credit_forms={forms!r}: use some of {CREDIT_FORMS!r}")
    return chosen


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
    credit_forms: Collection[str] = CREDIT_FORMS,
) -> st.SearchStrategy[Credit]:
    """``Credit`` records as a line below the title reads them: a key of the lexicon (or one
    of ``keys``), every separator style, values that fit their key.

    Some carry a bullet or indentation (``prefix``), further credits on the same
    line (``inline``: ``Year: 2012 Runtime: 104 min``), or stand alone above their
    values (``more``: ``Cast`` / ``Paul Dano``): ``credit_forms`` picks from
    ``CREDIT_FORMS`` (``()``: plain one-line credits; ``"title"`` and
    ``"paragraph"`` apply to pages only); ``separators=`` keeps to one-line
    credits with those separators. A credit with an empty value (``allow_empty``)
    ends with a bare break, since trailing space after its separator belongs to the
    separator.
    """
    chosen = _keys_arg(keys, known_only=True)
    key_strategy = st.sampled_from(chosen) if chosen is not None else credits.known_key()
    if separators is None:
        separator_strategy = credits.separator()
    else:
        seps = tuple(separators)
        if not seps or not all(map(_separator_ok, seps)):
            raise InvalidArgument(f"not credit separators by the grammar: {separators!r}")
        separator_strategy = st.sampled_from(seps)
    end_strategy = _ends(ends)
    one = credits.credit_line(
        key_strategy,
        separator_strategy,
        st.just(""),
        further_keys=key_strategy,
        forms=_forms(credit_forms) - {"title", "paragraph"} if separators is None else frozenset(),
        allow_empty=allow_empty,
    )

    @st.composite
    def build(draw: st.DrawFn) -> Credit:
        credit = draw(one).credit
        # Each line end is a placeholder after the line's own text (a value line's).
        slots = [slot.removesuffix(layout.PLACEHOLDER) for slot in layout.line_ends(credit)]
        drawn = [draw(end_strategy) for _ in slots]
        last = credit.credits()[-1]
        if not last.value and not last.more:
            drawn[-1] = drawn[-1].lstrip(HSPACE)
        ends = (slot + end for slot, end in zip(slots, drawn, strict=True))
        line = layout.with_line_ends(credit, ends)
        assert isinstance(line, Credit)
        return line

    return build()


def _separator_ok(separator: str) -> bool:
    return credits.lexes_as(f"Year{separator}2012", ["Year", separator, "2012"], ("KNOWN_KEY",))


def breadcrumbs(*, ends: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Breadcrumb]:
    """``Home > 2010 - 2019 > Ruby Sparks``: 2–5 crumbs, ``> » →`` (and ``|`` or `` / `` beside
    one of them) with any spacing."""
    end_strategy = _ends(ends)

    @st.composite
    def build(draw: st.DrawFn) -> Breadcrumb:
        crumb = draw(layout.breadcrumb(st.just("")))
        return Breadcrumb(crumb.crumbs, crumb.separators, draw(end_strategy), crumb.indent)

    return build()


def titles(*, ends: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Title]:
    """Film titles (never shaped like a breadcrumb, a credit or site furniture)."""
    return st.builds(Title, text.title_text(), _ends(ends))


def captions(*, ends: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Caption]:
    """Image captions: at most 120 characters, not ending like a sentence, never a heading."""
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
    credit_forms: Collection[str] = CREDIT_FORMS,
) -> st.SearchStrategy[ReviewPage]:
    """Valid pages: ``parse(render(page), strict=True) == page`` for each one drawn.

    A page has an optional breadcrumb, a title (sometimes ending in credits:
    ``Ruby | Regie: X``), captions of a picture, then a block of credits and/or a
    synopsis whose paragraphs (some ending in a credit) have captions and blank
    runs between them. Credit
    keys come from the lexicon (many languages and scripts) and, unless ``keys``
    is given, keys it does not know (``Tagline``), which stand at the top of a
    block beside known ones; each field appears once. Credits may carry a bullet
    or indentation, further credits on their line (``Year: 2012 Runtime: 98
    min``), or stand alone above their values (``Cast`` / ``Paul Dano``):
    ``credit_forms`` picks from ``CREDIT_FORMS`` (``()``: one ``Key<sep>Value`` a
    line, as a simple scraper reads them).
    ``None`` means "either" for ``breadcrumb``, ``bom`` and ``final_newline``.
    Line breaks come from ``line_endings``, one kind per page or
    (``mixed_line_endings``) per line.

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
        credit_forms=_forms(credit_forms),
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
    ``grammars/page.lark`` with ``hypothesis.extra.lark.from_lark`` (every terminal
    gets an explicit strategy, and the texts the strict layout refuses are
    filtered out; see ``docs/property-testing.md`` for why); ``"any"`` mixes both.
    ``keys`` needs ``source="records"``; for more control over records, use
    ``pages(...).map(reviewparse.render)``.
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
    from_grammar = grammar.strict_grammar_texts(
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
