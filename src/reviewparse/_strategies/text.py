"""The words of generated pages, and the tests of what the parser will read a line as.

Everything here draws *content* (no line ends). Content is built to be valid
by construction; where that is not enough, the guards below ask the parser's
own pieces: the compiled grammar lexes the line (``reads_as_text``: no key, no
breadcrumb, no credit further along it), and the layout's own readers
(``shapes.is_prose``, ``shapes.is_clutter``, ``headings.read``...) say what the
line looks like where it stands. So the strategies follow ``grammars/page.lark``
and ``_core/layout.py`` when they change. Pools are ordered simplest first:
Hypothesis shrinks ``sampled_from`` towards the first item, which keeps
counterexamples readable.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, TypeVar

from hypothesis import strategies as st

from reviewparse._core.grammar import HSPACE, Lexed, lex
from reviewparse._fields import headings, names, shapes

T = TypeVar("T")


# -- what the grammar reads a line as ---------------------------------------------------
@lru_cache(maxsize=4096)
def lexed(line: str) -> Lexed | None:
    """The one line ``line`` (content, no break) as the grammar reads it; None if it is more."""
    found = lex(line + "\n").lines
    return found[0] if len(found) == 1 else None


def token_types(line: str) -> tuple[str, ...]:
    """The kind of the line and its tokens' types, as the grammar lexes it."""
    read = lexed(line)
    return () if read is None else (read.kind, *(token.type for token in read.tokens))


def reads_as_text(line: str) -> bool:
    """The grammar reads the line as one run of text: no key, no trail, no further credit."""
    return (
        token_types(line)[:2] in (("text", "TEXT"), ("text", "TEXT_PLAIN"))
        and len(token_types(line)) == 3
    )


def is_title_text(text: str) -> bool:
    """A heading the layout takes for the title when it stands first on the page."""
    if not reads_as_text(text) or not shapes.is_headline(text):
        return False
    if shapes.is_clutter(text) or shapes.is_genre_line(text) or shapes.is_caption(text):
        return False
    if shapes.has_site_words(text) or headings.data(text) is not None:
        return False
    if sum(len(item.split()) >= 2 for item in names.split_list(text)) >= 3:
        return False  # three names and more are a cast line, not a title
    return headings.read(text).title is not None


def is_caption_text(text: str) -> bool:
    """A short line the layout reads as a caption, and never as a heading of its own."""
    if not reads_as_text(text) or len(text) > 120 or text.endswith(SENTENCE_MARKS):
        return False
    if shapes.is_prose(text) or shapes.is_clutter(text) or headings.data(text) is not None:
        return False
    heading = headings.read(text)
    return not (heading.marked or heading.year or heading.runtime)


def is_paragraph_text(text: str) -> bool:
    """A line the layout reads as a synopsis paragraph: prose, and nothing but text."""
    return reads_as_text(text) and shapes.is_prose(text) and not shapes.is_clutter(text)


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
# Keys no lexicon spelling names (credits.unknown_keys checks it).
INVENTED_KEYS = _split(
    "Tagline|Filming Locations|Sound Mix|Co-Producer|Set Decoration|Costume Design|"
    "Makeup Dept.|Visual Effects (VFX)|Cast & Crew|Color/B&W|Ratings’ Source|Trivia|Awards|"
    "Website"
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

# What ends a line like a sentence: a short line ending so is a paragraph, not a caption.
SENTENCE_MARKS = (".", "!", "?", ":", ";", ",", "…", "。")
# Trailing space seen on scraped lines: spaces, tabs, NBSP, ideographic space, form feed.
TRAILING_SPACES = (" ", "  ", "\t", "\u00a0", " \t", "\u3000", "\u2009", "\x0c", "   ")


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


_CASELESS_SET = frozenset(CASELESS)


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
        if set(text) & _CASELESS_SET and (len(text) > 24 or len(text.split()) > 4):
            # A name in a script without case is read as one of at most 24 characters
            # and four words (names.is_name), since capitals cannot show where it ends.
            text = f"{draw(first)} {draw(last)}"
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
    """One synopsis paragraph on one line: a few sentences, sometimes without a full stop."""
    spaced = st.sampled_from((" ", " ", "  ", "\u00a0"))

    @st.composite
    def build(draw: st.DrawFn) -> str:
        sentences = draw(st.lists(sentence(), min_size=2, max_size=4))
        text = sentences[0]
        for item in sentences[1:]:
            text += draw(spaced) + item
        if draw(st.integers(0, 3)) == 3:
            text = draw(st.sampled_from((" ", "\t"))) + text  # indented paragraph
        if draw(st.integers(0, 9)) == 9:
            text = text.rstrip('.!?…"”’)') or text  # a scrape that lost its full stop
        return text

    return build().filter(is_paragraph_text)


@cache
def caption_text() -> st.SearchStrategy[str]:
    """Short, and not ending like a sentence: ``Ruby Sparks poster``, ``Zoe Kazan as Ruby``."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        form = draw(st.sampled_from(("title+kind", "kind", "person", "words")))
        if form == "title+kind":
            text = f"{draw(title_text())} {draw(st.sampled_from(CAPTION_WORDS))}"
        elif form == "kind":
            text = capitalise(draw(st.sampled_from(CAPTION_WORDS)))
        elif form == "person":
            text = f"{draw(person_name())} as {draw(st.sampled_from(FIRST_NAMES))}"
        else:
            text = capitalise(" ".join(draw(st.lists(word(), min_size=1, max_size=6))))
        return text[:120].rstrip(HSPACE + ".!?…:;,\"”'’)") or "Poster"

    return build().filter(is_caption_text)


@cache
def picture_caption_text() -> st.SearchStrategy[str]:
    """A caption that says it shows a picture (``Ruby Sparks poster``).

    Between the title and its credits only such a line is looked through: any
    other short line there would compete with the title for being the heading.
    """
    return caption_text().filter(shapes.is_caption)


@cache
def title_text() -> st.SearchStrategy[str]:
    """A film title; never shaped like a breadcrumb, a key or site furniture."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        title_word = mostly(st.sampled_from(TITLE_WORDS), capitalised_wild_word())
        words = draw(st.lists(title_word, min_size=1, max_size=5))
        text = " ".join(words)
        tail = draw(st.sampled_from(("", "", "", *TITLE_TAILS)))
        return text + tail

    return build().filter(is_title_text)


@cache
def crumb_text() -> st.SearchStrategy[str]:
    """One crumb of a trail: no separator in it, and not a credit."""
    crumb_chars = set(">»→|/:：\r\n")
    wild = capitalised_wild_word().filter(lambda w: not crumb_chars & set(w))
    return st.one_of(
        st.sampled_from(CRUMB_HEADS),
        st.sampled_from(DECADES),
        title_text().filter(lambda t: not crumb_chars & set(t)),
        wild,
    )
