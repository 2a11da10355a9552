"""Credit records: keys from the lexicon, separators, values that fit their key, line forms.

A credit line is drawn as its pieces (prefix, key, separator, value, further
credits on the line, value lines below a key alone), then checked once against
the compiled grammar: the line must lex into exactly those tokens
(``lexes_as``). What the line means where it stands (a key the lexicon does
not know is a credit only beside a known one; a key with no value takes the
lines below it) is the block's business, in ``_strategies/page.py``.

Ends are ``"\\n"`` placeholders here, as everywhere before ``page.with_breaks``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from attrs import frozen
from hypothesis import assume
from hypothesis import strategies as st

from reviewparse._core.grammar import HSPACE
from reviewparse._core.records import Credit
from reviewparse._fields import headings, names, shapes
from reviewparse._fields.lexicon import LIST_FIELDS, PEOPLE_FIELDS, Lexicon, normalise
from reviewparse._strategies import text

PLACEHOLDER = "\n"
# Keys pages use most, first: sampled_from shrinks towards them.
COMMON_KEYS = ("Year", "Director", "Stars", "Music", "Runtime", "Genre", "Country", "Writer")
# Space right beside a separator (the grammar's _SEP_AHEAD looks past only these).
NEAR_SPACE = (" ", "\t", "\u00a0", "  ")
# Before a credit further along a line: a space, or a mark with space around it.
INLINE_PREFIXES = (" ", "  ", " | ", " / ", "; ", " • ", " · ", " – ", "\t")
# Before the first credit of a line: indentation, a bullet, an outline number, emphasis.
PREFIXES = ("", "", "", "", "  ", "• ", "- ", "* ", "  • ", "\t", "1. ", "· ", "▪ ")


# -- keys ------------------------------------------------------------------------------
def fields_of(key: str) -> tuple[str, ...]:
    """The fields the default lexicon files ``key`` under (``()``: an unknown key)."""
    return Lexicon.default().fields_of(key)


def key_field(key: str) -> str:
    """What makes two keys name the same fact: the key's first field, else the key itself."""
    found = fields_of(key)
    return found[0] if found else normalise(key)


def same_field(credit: Credit) -> str:
    """``key_field`` of the credit's key."""
    return key_field(credit.key)


def is_known_key(key: str) -> bool:
    """The grammar reads ``key`` as a whole known key before a colon."""
    return lexes_as(f"{key}: x", [key, ": ", "x"], ("KNOWN_KEY",))


def is_unknown_key(key: str) -> bool:
    """The lexicon does not know ``key``, and the grammar reads it whole as a key."""
    return not fields_of(key) and lexes_as(f"{key}: x", [key, ": ", "x"], ("KEY",))


def _spellings(spelling: str) -> tuple[str, ...]:
    """A lexicon spelling as pages write it: capitalised, each word capitalised, in capitals."""
    words = spelling.split(" ")
    return tuple(
        dict.fromkeys(
            (text.capitalise(spelling), " ".join(map(text.capitalise, words)), spelling.upper())
        )
    )


@cache
def known_keys() -> tuple[str, ...]:
    """Every spelling of the lexicon (16+ languages, several scripts) the grammar reads whole."""
    found = dict.fromkeys(COMMON_KEYS)
    for spelling in sorted(Lexicon.default().fields, key=lambda s: (not s.isascii(), len(s), s)):
        found.update(dict.fromkeys(_spellings(spelling)))
    return tuple(key for key in found if is_known_key(key))


@cache
def unknown_keys() -> st.SearchStrategy[str]:
    """Keys no lexicon knows (``Tagline``, ``Sound Mix``): at most four words, as the layout
    takes from an unknown key."""
    key_word = st.text(text.UPPER + text.LOWER + text.CASELESS + "0123456789'’&", max_size=8)
    invented = text.combine(
        lambda first, rest: " ".join([first, *filter(None, rest)]),
        text.capitalised_wild_word(),
        st.lists(key_word, max_size=2),
    )
    keys = st.one_of(st.sampled_from(text.INVENTED_KEYS), invented)
    return keys.filter(lambda key: len(key.split()) <= 4 and is_unknown_key(key))


@cache
def known_key() -> st.SearchStrategy[str]:
    """A known key; one in four from beyond ASCII (``Réalisation``, ``Режиссёр``, ``監督``)."""
    keys = known_keys()
    ascii_keys = st.sampled_from([key for key in keys if key.isascii()])
    return text.mostly(ascii_keys, st.sampled_from([key for key in keys if not key.isascii()]))


# -- separators ------------------------------------------------------------------------
@cache
def separator() -> st.SearchStrategy[str]:
    """Colons with any spacing (``:``, ``::``, ``：``, ``**:**``), en and em dashes, hyphens with a
    space on at least one side, a tab."""
    any_space = st.text(st.sampled_from(HSPACE), max_size=2)
    near = st.text(st.sampled_from(" \t\u00a0"), max_size=2)
    after = st.sampled_from(("", " ", " ", "   "))

    @st.composite
    def build(draw: st.DrawFn) -> str:
        kind = draw(st.sampled_from(("colon", "hyphen", "colon", "en", "em", "fullwidth", "tab")))
        if kind == "tab":
            return draw(st.sampled_from(("\t", " \t", "\t\t")))
        if kind == "hyphen":
            if draw(st.booleans()):  # "Music- Nick Urata": the space after the hyphen
                return "-" + draw(st.sampled_from(NEAR_SPACE)) + draw(any_space)
            before = draw(st.sampled_from(NEAR_SPACE))
            return before + "-" + draw(st.sampled_from(("", " ", "  "))) + draw(any_space)
        core = {"colon": ":", "en": "–", "em": "—", "fullwidth": "："}[kind]
        if kind == "colon" and draw(st.integers(0, 5)) == 5:
            core = draw(st.sampled_from(("::", ": :", " ::")))
        return draw(near) + core + draw(after) + draw(any_space)

    return build()


@cache
def colon() -> st.SearchStrategy[str]:
    """A colon separator: what a credit further along a line needs (``Year: 2021 Runtime: 124``)."""
    return st.sampled_from((": ", ":", " : ", "： ", ":  ", ": \t"))


# -- values ----------------------------------------------------------------------------
def _pool_list(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True).map(", ".join)


@cache
def _values() -> dict[str, st.SearchStrategy[str]]:
    year = st.integers(1895, 2030).map(str)
    minutes = st.integers(3, 400)
    money = text.combine(
        "{}{} million".format, st.sampled_from(("$", "€", "£", "$ ")), st.integers(1, 400)
    )
    return {
        "year": st.one_of(year, year.map("({})".format), year.map("{} (USA)".format)),
        "runtime": st.one_of(minutes.map("{} min".format), minutes.map("{} minutes".format)),
        "release_date": text.combine(
            "{} {} {}".format,
            st.integers(1, 28),
            st.sampled_from(text.MONTHS),
            st.integers(1895, 2030),
        ),
        "studio": st.one_of(st.sampled_from(text.STUDIOS), _pool_list(text.STUDIOS)),
        "distributor": st.sampled_from(text.STUDIOS),
        "genre": _pool_list(text.GENRES),
        "language": _pool_list(text.LANGUAGES),
        "country": _pool_list(text.COUNTRIES),
        "rating": st.sampled_from(text.RATINGS),
        "budget": money,
        "box_office": money,
        "aspect_ratio": st.sampled_from(("1.85 : 1", "2.39 : 1", "1.33 : 1", "Scope")),
        "title": text.title_text(),
        "original_title": text.title_text(),
    }


@cache
def value_for(field: str | None) -> st.SearchStrategy[str]:
    """A value typical for the field (a year, a list of names, a runtime...), never empty."""
    kinds = _values()
    if field in kinds:
        return kinds[field]
    if field in PEOPLE_FIELDS or field in LIST_FIELDS:
        return text.name_list()
    phrase = st.lists(text.word(), min_size=1, max_size=5).map(
        lambda words: text.capitalise(" ".join(words))
    )
    return st.one_of(phrase, text.name_list(), st.integers(0, 10**6).map(str))


def is_block_line(line: str, value: str) -> bool:
    """What the layout takes for a credit of an unknown key, beside known ones: a short
    value, not a sentence, not site furniture, not a heading or a line of film data."""
    heading = headings.read(line)
    return (
        len(value) <= 100
        and not shapes.is_prose(value)
        and not shapes.is_clutter(line)
        and not heading.marked
        and (len(line) > 160 or headings.data(line) is None)
    )


# -- the grammar's check ---------------------------------------------------------------
def lexes_as(line: str, pieces: Sequence[str], first: tuple[str, ...]) -> bool:
    """The grammar reads ``line`` as exactly ``pieces`` (then its end), the first a ``first``."""
    read = text.lexed(line)
    if read is None or not read.tokens or read.tokens[0].type not in first:
        return False
    tokens = [str(token) for token in read.tokens if token.type != "LINE_END"]
    return tokens == [piece for piece in pieces if piece]


def line_pieces(credit: Credit) -> list[str]:
    """The tokens the grammar makes of a credit line (its value lines below left out)."""
    pieces = [credit.prefix + credit.key, credit.separator, credit.value]
    for further in credit.inline:
        pieces += [further.prefix + further.key, further.separator, further.value]
    return pieces


def reads_back(credit: Credit) -> bool:
    """The grammar reads the credit's first line into its pieces."""
    line = "".join(line_pieces(credit))
    first = ("KNOWN_KEY",) if fields_of(credit.key) else ("KEY",)
    if credit.more and not credit.value and not credit.inline:
        return text.token_types(line)[:2] == ("key", "KEY_ALONE")
    return lexes_as(line, line_pieces(credit), first)


# -- one credit line -------------------------------------------------------------------
#: How a credit may be written beyond ``Key<sep>Value`` on a line of its own.
FORMS = {
    "bullet": "a bullet, an outline number or indentation before the key (``• Year: 2012``)",
    "inline": "further credits on the same line (``Year: 2012 Runtime: 98 min``)",
    "alone": "a key alone on its line, its values below (``Cast`` / ``Paul Dano``)",
    "continued": "a list going on on indented lines (``Stars: A, B,`` / ``  C``)",
    "title": "credits at the end of the title line (``Ruby Sparks | Regie: X``)",
    "paragraph": "a credit at the end of a paragraph (``... a novel. Runtime: 104 min``)",
}


@frozen
class Drawn:
    """A credit line and what the block must know of it."""

    credit: Credit
    known: bool  # its first key is one the lexicon knows
    takes_below: bool  # it ends without a value: the layout gives it the lines below


def _value_line(field: str | None) -> st.SearchStrategy[str]:
    """A line below a key alone: a name (or list of names) for people, else one value."""
    values = text.name_list() if field in PEOPLE_FIELDS or field is None else value_for(field)
    return values.filter(
        lambda value: (
            text.reads_as_text(value)
            and not shapes.is_prose(value)
            and not shapes.is_clutter(value)
            and bool(names.clean(value))
        )
    )


@st.composite
def credit_line(
    draw: st.DrawFn,
    keys: st.SearchStrategy[str],
    separators: st.SearchStrategy[str],
    trail: st.SearchStrategy[str],
    *,
    further_keys: st.SearchStrategy[str] | None = None,
    forms: frozenset[str] = frozenset(FORMS),
    allow_empty: bool = True,
) -> Drawn:
    """One credit line: ``Key<sep>Value``, possibly with a prefix, further credits on the
    line (their keys from ``further_keys``, known ones), or (a known key alone) value lines
    below; rejected unless the grammar reads it so."""
    key = draw(keys)
    field = Lexicon.default().field_of(key)
    prefix = draw(st.sampled_from(PREFIXES)) if "bullet" in forms else ""
    shape = "plain"
    shapes = [form for form in ("inline", "alone", "continued") if form in forms]
    if shapes and field is not None:
        shape = draw(st.sampled_from(("plain", "plain", *shapes)))
    if shape == "alone" and field in PEOPLE_FIELDS | {"year", "runtime", "genre", "country"}:
        # "Cast" / "Paul Dano" / "Zoe Kazan": the key alone, its values on the lines below.
        separator = draw(st.sampled_from(("", "", ":", " :")))
        most = 3 if field in PEOPLE_FIELDS else 1
        lines = draw(st.lists(_value_line(field), min_size=1, max_size=most))
        more = tuple(line + draw(trail) + PLACEHOLDER for line in lines)
        end = draw(trail) + PLACEHOLDER
        credit = Credit(key, separator, "", end, more, prefix)
        assume(reads_back(credit))
        return Drawn(credit, known=True, takes_below=False)
    separator = draw(separators)
    empty = allow_empty and draw(st.integers(0, 15)) == 15
    value = "" if empty else draw(value_for(field))
    if shape == "continued" and field in PEOPLE_FIELDS:
        # "Stars - A, B," then "  C, D" indented: the list goes on below.
        opener = draw(st.sampled_from((",", ", ", " &", " and", ";")))
        indent = draw(st.sampled_from(("  ", " ", "\t", "    ")))
        below = indent + draw(_value_line(field)) + PLACEHOLDER
        credit = Credit(key, separator, value + opener.rstrip(), PLACEHOLDER, (below,), prefix)
        assume(reads_back(credit))
        return Drawn(credit, known=True, takes_below=False)
    inline: tuple[Credit, ...] = ()
    if shape == "inline" and value and further_keys is not None:
        # One field once on a page: the further keys name fields of their own.
        own = key_field(key)
        others = further_keys.filter(lambda other: key_field(other) != own)
        further = draw(st.lists(others, min_size=1, max_size=2, unique_by=key_field))
        inline = tuple(
            Credit(
                other,
                draw(colon()),
                draw(value_for(Lexicon.default().field_of(other))),
                "",
                (),
                draw(st.sampled_from(INLINE_PREFIXES)),
            )
            for other in further
        )
    credit = _ended(Credit(key, separator, value, "", (), prefix), inline, draw(trail))
    assume(reads_back(credit))
    if field is None:
        assume(is_block_line("".join(line_pieces(credit)), value))
    return Drawn(credit, known=field is not None, takes_below=empty and field is not None)


def _ended(first: Credit, inline: tuple[Credit, ...], trail: str) -> Credit:
    """The line's last piece holds its end (no trailing space after an empty value: the
    separator would take it)."""
    pieces = (first, *inline)
    last = pieces[-1]
    end = (trail if last.value else "") + PLACEHOLDER
    ended = Credit(last.key, last.separator, last.value, end, (), last.prefix)
    if not inline:
        return ended
    return Credit(
        first.key, first.separator, first.value, "", (), first.prefix, (*inline[:-1], ended)
    )
