"""The words of generated pages, and the grammar's own tests of what a line will lex as.

Everything here draws *content* (no line ends). Content is built to be valid
by construction; where a line's kind depends on its neighbours (a head caption
that starts like ``Key:`` lexes as a credit), the guards below ask the
grammar's compiled terminals, so the generator follows ``grammars/page.lark``
when it changes. Pools are ordered simplest first: Hypothesis shrinks
``sampled_from`` towards the first item, which keeps counterexamples readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from hypothesis import strategies as st
from lark import Lark

from reviewparse._core.grammar import HSPACE, START_RULES, grammar_text
from reviewparse._fields import keys as _keys

T = TypeVar("T")


# -- the grammar's terminals, as guards ----------------------------------------------
@cache
def grammar() -> Lark:
    """``grammars/page.lark`` as a plain Lark object: for its terminals and for ``from_lark``.

    (The library's own ``parser()`` may come from a table cache without the grammar.)
    """
    return Lark(grammar_text(), parser="lalr", lexer="contextual", start=list(START_RULES))


@cache
def terminal(name: str) -> re.Pattern[str]:
    """A terminal of ``grammars/page.lark`` compiled as Lark compiles it."""
    (pattern,) = (t.pattern.to_regexp() for t in grammar().terminals if t.name == name)
    return re.compile(pattern)


# Terminals that start a credit line. Outside the credits block (a title, the synopsis)
# only keys the grammar knows start one; in the page head any key does.
CREDIT_STARTS = ("KNOWN_CREDIT_KEY", "CREDIT_HEADING", "CREDIT_KEY")
KNOWN_CREDIT_STARTS = ("KNOWN_CREDIT_KEY", "CREDIT_HEADING")


@cache
def _present_terminals(names: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    present = {t.name for t in grammar().terminals}
    return tuple(terminal(name) for name in names if name in present)


def starts_like_credit(text: str, *, known_only: bool = False) -> bool:
    """The line would lex as the start of a credit where the grammar allows one.

    ``known_only``: only keys the grammar knows (``Director``), as in a title or
    the synopsis; otherwise any key, as right below the title.
    """
    names = KNOWN_CREDIT_STARTS if known_only else CREDIT_STARTS
    return any(pattern.match(text) for pattern in _present_terminals(names))


def is_caption_line(text: str) -> bool:
    """The line (content, no end) is short and not a sentence: the grammar calls it a caption."""
    return terminal("CAPTION_LINE").fullmatch(text) is not None


def is_breadcrumb_line(text: str) -> bool:
    return terminal("BREADCRUMB_LINE").fullmatch(text) is not None


def is_known_key(key: str) -> bool:
    """The grammar knows this key (its KNOWN_CREDIT_KEY terminal, where it has one)."""
    if not _present_terminals(("KNOWN_CREDIT_KEY",)):
        return False
    match = terminal("KNOWN_CREDIT_KEY").match(key + " - x")
    return match is not None and match.group() == key


def is_open_value(value: str) -> bool:
    """The value ends like an open list (``A, B,``) that continues on the next lines."""
    patterns = _present_terminals(("CREDIT_OPEN_VALUE",))
    return any(pattern.fullmatch(value) for pattern in patterns)


def key_is_valid(key: str) -> bool:
    """The grammar reads exactly ``key`` as the credit key of ``key + " - x"``."""
    match = terminal("CREDIT_KEY").match(key + " - x")
    return match is not None and match.group() == key


# -- pools (simplest first) ------------------------------------------------------------
def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


FIRST_NAMES = _split(
    "Ann|Paul|Zoe|Chris|Annette|Elliott|Antonio|Steve|Valerie|Jonathan|Nick|Meryl|Cate|"
    "Renée|Penélope|Zoë|Björk|Chloë|Léa|Søren|François|Timothée|Jürgen|Saoirse|Gérard|"
    "Ingrid|Mary-Kate|D'Arcy|Åsa|Ólafur|Jean-Luc|Zhang|Hayao|Bong|Nuri Bilge"
)
LAST_NAMES = _split(
    "Lee|Dano|Kazan|Bening|Gould|Messina|Banderas|Coogan|Faris|Dayton|Urata|Streep|"
    "Blanchett|Zellweger|Cruz|García Bernal|Almodóvar|Núñez|Müller|Ødegaard|Brontë|"
    "O'Brien|D'Onofrio|Smith-Jones|Van Dyke|de Armas|McDormand|Ziyi|Miyazaki|Joon-ho|"
    "Ceylan|Davis|Arnalds|Godard"
)
SUFFIXES = ("Jr.", "Sr.", "III", "Jr", "II")
WORDS = _split(
    "the|a|his|her|their|night|city|house|letter|secret|old|young|friend|brother|sister|"
    "mother|father|novel|town|car|journey|money|truth|memory|dream|stranger|sea|train|"
    "street|finally|slowly|suddenly|never|always|again|together|writes|finds|loses|meets|"
    "leaves|returns|discovers|hides|tells|believes|remembers|follows|refuses|accepts|"
    "with|without|after|before|into|from|about|for|and|but|while|because|until|when|of|"
    "to|in|on|at|café|señora|naïve|fiancée|déjà|vu|façade|résumé|über|Ärger|ﬁnal|日本|映画"
)
TITLE_WORDS = _split(
    "Ruby|Sparks|Night|River|Glass|Summer|Blue|Empire|Ghost|Shadow|Paper|Moon|Heart|"
    "Wild|City|Last|Dream|Garden|Winter|Kingdom|Amélie|Café|Señor|Fire|Crown|Road|"
    "Ōkami|Ñandú|Łódź|Δ|Ivan's|Ça|2046|8½|M*A*S*H|Se7en"
)
TITLE_TAILS = _split(
    " II|: Part Two| (1957)|!|?| – The Beginning| & Friends|, Inc.| 2|...| — Director's Cut"
)
CRUMB_HEADS = _split("Home|Films|Movies|Reviews|Archive|Drama|Comedy|Classics|A-Z|Ｈｏｍｅ")
DECADES = tuple(f"{decade} - {decade + 9}" for decade in range(1920, 2030, 10))
CAPTION_WORDS = _split(
    "poster|title card|still|DVD cover|lobby card|theatrical poster|screenshot|"
    "promotional photo|film still|Blu ray cover|on set|behind the scenes|Photo|Image 2"
)
STUDIOS = _split(
    "A24|Fox Searchlight|Warner Bros.|Paramount Pictures|Studio Ghibli|Gaumont|Pathé|"
    "Metro-Goldwyn-Mayer|New Line Cinema|Toho|Les Films du Losange|Zentropa"
)
GENRES = _split("Drama|Comedy|Romance|Fantasy|Film-Noir|Science Fiction|Animation|Western")
LANGUAGES = _split("English|French|Spanish|Japanese|German|Danish|Korean")
COUNTRIES = _split("USA|UK|France|Spain|Japan|Germany|Denmark|South Korea")
RATINGS = _split("R|PG|G|PG-13|NC-17|Not Rated|Approved|TV-MA|FSK 12")
MONTHS = _split("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|April|Décembre")
INVENTED_KEYS = _split(
    "Tagline|Also Known As|Filming Locations|Sound Mix|Co-Producer|Set Decoration|"
    "Costume Design|Makeup Dept.|Visual Effects (VFX)|Cast & Crew|Color/B&W|Ratings’ Source|"
    "Original Title|Trivia|Awards|Website"
)
SENTENCES = (
    "Calvin writes a novel.",
    "His brother Harry (Chris Messina) is incredulous upon hearing the story.",
    'He types that she is "miserable" without him.',
    "When they return to the kitchen, she, indeed, is speaking French!",
    "Is it love, or is it control?",
    "The film opens in Big Sur — and never quite leaves.",
    "Years later, Dr. Rosenthal (Elliott Gould) gives him an assignment: a single page.",
    "Ruby begins to resent his attitude…",
    "Nobody, not even Scotty the dog, believes him.”",
    "Ana Núñez, Jr. plays the landlady; Søren Ødegaard plays her son.",
    "It ends where it began - at the typewriter.",
    "Zoë and Jürgen meet at the café on the Rue de Rivoli.",
    "映画は東京で始まる。",
    "Three years pass (1957–1960).",
)
SENTENCE_ENDS = (".", ".", "!", "?", "…", '."', ".”", "...", "?)", ".’")
NAME_JOINERS = (", ", ", ", " & ", " and ", ", and ", "; ", " / ", ",  ")

# Trailing space seen on scraped lines: spaces, tabs, NBSP, ideographic space, form feed.
TRAILING_SPACES = (" ", "  ", "\t", "\u00a0", " \t", "\u3000", "\u2009", "\x0c", "   ")
# Spaces allowed right next to a credit separator (the grammar's lookahead takes only these).
SEPARATOR_SPACES = (" ", "\t", "\u00a0", "  ")


# -- small text pieces ---------------------------------------------------------------
def _span(first: str, last: str) -> str:
    return "".join(c for c in map(chr, range(ord(first), ord(last) + 1)) if c.isalpha())


# Letters from many scripts, as a few contiguous ranges: Hypothesis checks each drawn
# character against its alphabet's intervals, and all of Unicode's letter categories
# are thousands of intervals (that made drawing names several times slower).
CASELESS = (
    _span("\u05d0", "\u05ea") + _span("\u0627", "\u063a") + _span("\u0905", "\u0939")
    + _span("\u0e01", "\u0e2e") + _span("\u4e00", "\u4e3f") + _span("\uac00", "\uac3f")
)  # fmt: skip
UPPER = (
    _span("A", "Z") + _span("\u00c0", "\u00de") + _span("\u0391", "\u03a9")
    + _span("\u0410", "\u042f") + _span("\u0531", "\u0556")
)  # fmt: skip
LOWER = (
    _span("a", "z") + _span("\u00df", "\u00ff") + _span("\u03b1", "\u03c9")
    + _span("\u0430", "\u044f") + _span("\u0561", "\u0586")
)  # fmt: skip


@cache
def wild_word() -> st.SearchStrategy[str]:
    """A word of letters from many scripts."""
    return st.text(UPPER + LOWER + CASELESS, min_size=1, max_size=8)


@cache
def capitalised_wild_word() -> st.SearchStrategy[str]:
    return st.builds(
        str.__add__, st.text(UPPER + CASELESS, min_size=1, max_size=1), st.text(LOWER, max_size=7)
    )


@cache
def word() -> st.SearchStrategy[str]:
    return mostly(st.sampled_from(WORDS), wild_word())


@st.composite
def combine(draw: st.DrawFn, function: Callable[..., T], *parts: st.SearchStrategy[Any]) -> T:
    """``function(*drawn parts)``: ``st.builds`` for internal pieces.

    ``st.builds`` and ``st.tuples`` mark each argument for Hypothesis's explain
    phase, which then varies every one of them up to 500 times after a failure
    (20 s for a page); only the user's own arguments need that.
    """
    return function(*(draw(part) for part in parts))


def _present(drawn: tuple[T | None, ...]) -> list[T]:
    return [x for x in drawn if x is not None]


def slots(part: st.SearchStrategy[T], most: int, *, least: int = 0) -> st.SearchStrategy[list[T]]:
    """``least`` to ``most`` parts: like ``st.lists``, but each optional part is ``none() | part``.

    Hypothesis drops a list element only by deleting its choices, at most five
    at a time, so a part of a dozen choices (a credit, a caption) stays in a
    counterexample that does not need it. It drops a ``none() | part`` by
    choosing ``none()``, however large the part. Each optional part is there
    with probability 1/2.
    """
    optional = st.one_of(st.none(), part)
    parts = [part] * least + [optional] * max(most - least, 0)
    return combine(lambda *drawn: _present(drawn), *parts)


def mostly(usual: st.SearchStrategy[str], rare: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``usual`` three times in four (and first, so shrinking prefers it)."""
    return st.one_of(usual, usual, usual, rare)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache
def person_name() -> st.SearchStrategy[str]:
    """Names as credits spell them: accents, hyphens, apostrophes, initials, ``Jr.``."""
    first = mostly(st.sampled_from(FIRST_NAMES), capitalised_wild_word())
    last = mostly(st.sampled_from(LAST_NAMES), capitalised_wild_word())
    initial = st.text(UPPER, min_size=1, max_size=1).map(lambda c: c + ".")

    @st.composite
    def name(draw: st.DrawFn) -> str:
        form = draw(st.sampled_from(("first last", "first initial last", "mononym", "initials")))
        if form == "mononym":
            text = draw(last)
        elif form == "initials":
            text = " ".join(draw(st.lists(initial, min_size=1, max_size=3))) + " " + draw(last)
        elif form == "first initial last":
            text = f"{draw(first)} {draw(initial)} {draw(last)}"
        else:
            text = f"{draw(first)} {draw(last)}"
        suffix = draw(st.sampled_from(("", "", "", *SUFFIXES)))
        if suffix:
            text += draw(st.sampled_from((" ", ", "))) + suffix
        return text

    return name()


@cache
def name_list() -> st.SearchStrategy[str]:
    """Several names joined the ways scraped credits join them."""

    joined = combine(str.__add__, st.sampled_from(NAME_JOINERS), person_name())
    return combine(lambda first, more: first + "".join(more), person_name(), slots(joined, 4))


@cache
def sentence() -> st.SearchStrategy[str]:
    """A sentence; ends like one (``.!?…`` or a closing quote), so it is never a caption."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        parts = draw(st.lists(word(), min_size=1, max_size=10))
        extras = draw(st.lists(st.integers(0, len(parts)), max_size=3))
        for position in sorted(extras, reverse=True):
            kind = draw(st.sampled_from(("name", "aside", "comma", "dash", "quote", "colon")))
            if kind == "name":
                parts.insert(position, draw(person_name()))
            elif kind == "aside":
                parts.insert(position, f"({draw(person_name())})")
            elif kind == "comma" and position:
                parts[position - 1] += ","
            elif kind == "dash":
                parts.insert(position, draw(st.sampled_from(("—", "–", "-"))))
            elif kind == "quote":
                parts.insert(position, f'"{draw(word())}"')
            elif kind == "colon" and position:
                parts[position - 1] += ":"
        return capitalise(" ".join(parts)) + draw(st.sampled_from(SENTENCE_ENDS))

    # Canned sentences cost one draw; generated ones bring the variety.
    return st.one_of(st.sampled_from(SENTENCES), build(), st.sampled_from(SENTENCES))


@cache
def paragraph_text() -> st.SearchStrategy[str]:
    """One synopsis paragraph on one line: a few sentences, or a long unterminated run.

    A line of at most 120 characters that does not end like a sentence is a
    caption by the grammar, so the unterminated form is kept only when longer.
    """
    spaced = st.sampled_from((" ", " ", "  ", "\u00a0"))

    @st.composite
    def build(draw: st.DrawFn) -> str:
        sentences = draw(st.lists(sentence(), min_size=1, max_size=4))
        text = sentences[0]
        for item in sentences[1:]:
            text += draw(spaced) + item
        if draw(st.booleans()) and draw(st.booleans()):
            text = draw(st.sampled_from(("", " ", "\t"))) + text  # indented paragraph
        if draw(st.integers(0, 9)) == 9:
            text = text.rstrip('.!?…"”’)') or text  # a scrape that lost its full stop
        return text

    return build().filter(
        lambda text: not is_caption_line(text) and not starts_like_credit(text, known_only=True)
    )


@cache
def caption_text() -> st.SearchStrategy[str]:
    """Short, and not ending like a sentence: ``Ruby Sparks poster``, ``Zoe Kazan as Ruby``."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        form = draw(st.sampled_from(("title+kind", "kind", "person", "words", "credit")))
        if form == "title+kind":
            text = f"{draw(title_text())} {draw(st.sampled_from(CAPTION_WORDS))}"
        elif form == "kind":
            text = capitalise(draw(st.sampled_from(CAPTION_WORDS)))
        elif form == "person":
            text = f"{draw(person_name())} as {draw(st.sampled_from(FIRST_NAMES))}"
        elif form == "credit":
            text = f"{draw(st.sampled_from(('Photo', 'Source', 'Image')))}: {draw(person_name())}"
        else:
            text = capitalise(" ".join(draw(st.lists(word(), min_size=1, max_size=6))))
        text = text[:120].rstrip(HSPACE + ".!?…:;,\"”'’)")
        return text or "Poster"

    return build().filter(
        lambda text: is_caption_line(text) and not starts_like_credit(text, known_only=True)
    )


@cache
def title_text() -> st.SearchStrategy[str]:
    """A film title; never shaped like a breadcrumb (no ``> » → |`` between words)."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        title_word = mostly(st.sampled_from(TITLE_WORDS), capitalised_wild_word())
        words = draw(st.lists(title_word, min_size=1, max_size=5))
        text = " ".join(words)
        tail = draw(st.sampled_from(("", "", "", *TITLE_TAILS)))
        return text + tail

    return build().filter(
        lambda text: not is_breadcrumb_line(text) and not starts_like_credit(text, known_only=True)
    )


@cache
def crumb_text() -> st.SearchStrategy[str]:
    crumb_chars = set(">»→|/\r\n")
    wild = capitalised_wild_word().filter(lambda w: not crumb_chars & set(w))
    return st.one_of(
        st.sampled_from(CRUMB_HEADS),
        st.sampled_from(DECADES),
        title_text().filter(lambda t: not crumb_chars & set(t)),
        wild,
    )


# -- credit keys, separators and values ------------------------------------------------
def _display_spellings() -> tuple[str, ...]:
    """Every alias in the key table, written as pages write it (``Directed by``)."""
    seen: dict[str, None] = {}
    for spellings in _keys.ALIASES.values():
        for spelling in spellings:
            seen[capitalise(spelling)] = None
            seen[" ".join(capitalise(part) for part in spelling.split(" "))] = None
    return tuple(key for key in seen if key_is_valid(key))


@cache
def known_keys() -> tuple[str, ...]:
    return _display_spellings()


@cache
def credit_key() -> st.SearchStrategy[str]:
    """A key the grammar accepts: 1–6 words, starting with a letter, words of ``[\\w.'’&()/-]``."""
    key_word = st.text(
        UPPER + LOWER + CASELESS + "0123456789.'’&()/",
        min_size=1,
        max_size=8,
    )
    invented = st.builds(
        lambda first, rest: " ".join([first, *rest]),
        capitalised_wild_word(),
        st.lists(key_word, max_size=2),
    )
    return st.one_of(
        st.sampled_from(known_keys()), st.sampled_from(INVENTED_KEYS), invented
    ).filter(key_is_valid)


@cache
def separator() -> st.SearchStrategy[str]:
    """Colon forms with any spacing, en/em dashes, hyphens with a space on at least one side."""
    any_space = st.text(st.sampled_from(HSPACE), max_size=2)
    near_space = st.text(st.sampled_from(" \t\u00a0"), max_size=2)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        kind = draw(st.sampled_from(("hyphen", "colon", "en", "em", "fullwidth")))
        if kind == "hyphen":
            if draw(st.booleans()):  # "Music- Nick Urata": the space after the hyphen is required
                return "-" + draw(st.sampled_from(SEPARATOR_SPACES)) + draw(any_space)
            before = draw(st.sampled_from((" ", "  ", "\t", "\u00a0")))
            return before + "-" + draw(st.sampled_from((" ", "", "  ", "\t"))) + draw(any_space)
        core = {"colon": ":", "en": "–", "em": "—", "fullwidth": "："}[kind]
        if kind == "colon" and draw(st.integers(0, 5)) == 5:
            core = draw(st.sampled_from(("::", ": :", " : :")))
        return draw(near_space) + core + draw(st.sampled_from(("", " ", "   "))) + draw(any_space)

    return build()


# Text a value must not contain after a glued hyphen ("Music- ..."): the key would grow into it.
_SEPARATOR_LOOKALIKE = re.compile(r"[:：–—]|[ \t\u00a0]-|-[ \t\u00a0]")
_VALUE_START_BANNED = HSPACE + ":：-–—"


def value_fits(separator: str, value: str) -> bool:
    """The separator's greedy spaces and the key's greedy words leave ``value`` whole."""
    if value[:1] in _VALUE_START_BANNED and value:
        return False
    return not (separator.startswith("-") and _SEPARATOR_LOOKALIKE.search(value))


def _value_kinds() -> dict[str | None, Callable[[], st.SearchStrategy[str]]]:
    def year() -> st.SearchStrategy[str]:
        plain = st.integers(1895, 2030).map(str)
        return st.one_of(plain, plain.map("({})".format), plain.map("{} (USA)".format))

    def pool_list(pool: tuple[str, ...]) -> Callable[[], st.SearchStrategy[str]]:
        return lambda: st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True).map(
            ", ".join
        )

    def runtime() -> st.SearchStrategy[str]:
        minutes = st.integers(3, 400)
        return st.one_of(minutes.map("{} min".format), minutes.map("{} minutes".format))

    def release_date() -> st.SearchStrategy[str]:
        return st.builds(
            "{} {} {}".format,
            st.integers(1, 28),
            st.sampled_from(MONTHS),
            st.integers(1895, 2030),
        )

    def money() -> st.SearchStrategy[str]:
        return st.builds(
            "{}{} million".format, st.sampled_from(("$", "€", "£", "$ ")), st.integers(1, 400)
        )

    return {
        "year": year,
        "studio": lambda: st.one_of(st.sampled_from(STUDIOS), pool_list(STUDIOS)()),
        "distributor": lambda: st.sampled_from(STUDIOS),
        "genre": pool_list(GENRES),
        "language": pool_list(LANGUAGES),
        "country": pool_list(COUNTRIES),
        "rating": lambda: st.sampled_from(RATINGS),
        "runtime": runtime,
        "release_date": release_date,
        "budget": money,
        "box_office": money,
    }


@cache
def value_for(field: str | None) -> st.SearchStrategy[str]:
    """A value typical for the canonical field (a year, a list of names, a runtime...)."""
    kinds = _value_kinds()
    if field in kinds:
        return kinds[field]()
    if _keys.is_list_valued(field):
        return name_list()
    phrase = st.lists(word(), min_size=1, max_size=6).map(lambda ws: capitalise(" ".join(ws)))
    return st.one_of(phrase, name_list(), st.integers(0, 10**6).map(str))
