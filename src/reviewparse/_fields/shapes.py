"""What a line of text looks like: site clutter, a date, prose, a heading, a name.

These are the weights the layout step puts on a line that the grammar read as
plain text (or as a credit whose key it does not know). Each test looks at the
one line only, is cheap, and errs on the side of "not clutter": a caption or a
paragraph kept as such loses nothing, while a film title taken for clutter
loses the title.
"""

from __future__ import annotations

import html
import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from reviewparse._fields.memo import per_line
from reviewparse._fields.names import tidy

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# A sentence's end: not the period of an abbreviation ("реж.", "Jr.", "Dr.", "No.").
_SENTENCE_END = re.compile(
    r"(?:(?<!\s)(?<![\s(][^\W\d_])(?<![\s(][^\W\d_]{2})(?<![\s(][^\W\d_]{3})\.|[!?…。！？])"
    r"(?:[\"”’»)\]]*)(?:\s|$)"
)
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿß-öø-ÿа-яё][\w'’-]*")
_DIGITS = re.compile(r"\d")
_MARKUP = re.compile(r"\s*</?[A-Za-z][\w-]*(?:\s+[\w-]+=|\s*/?>)")
_YEAR = re.compile(r"(?<![\d.,:/-])(18[89]\d|19\d\d|20[0-4]\d)(?![\d.,:/]\d|\d)")


@cache
def _data() -> dict[str, Any]:
    return tomllib.loads(
        resources.files("reviewparse._fields").joinpath("shapes.toml").read_text("utf-8")
    )


@cache
def _table() -> dict[str, frozenset[str]]:
    table = {
        name: frozenset(w.casefold() for w in words)
        for name, words in _data().items()
        if isinstance(words, list)
    }
    table["months"] = frozenset(month_numbers())
    return table


def places() -> dict[str, list[str]]:
    """The ``[places]`` table of ``shapes.toml`` (country names and codes)."""
    found: dict[str, list[str]] = _data()["places"]
    return found


@cache
def month_numbers() -> dict[str, int]:
    """Month name (any language of ``shapes.toml``, case-folded) -> 1..12."""
    return {
        name.casefold(): int(number)
        for number, names in _data()["months"].items()
        for name in names
    }


def words_of(kind: str) -> frozenset[str]:
    """A word list of ``shapes.toml`` (``months``, ``weekdays``, ``clutter``...)."""
    return _table()[kind]


@cache
def _prefixes(kind: str) -> tuple[str, ...]:
    """A word list as a tuple, for one ``str.startswith`` call."""
    return tuple(sorted(words_of(kind)))


@per_line
def plain(text: str) -> str:
    """Text as a reader sees it: entities decoded, whitespace collapsed, trimmed."""
    if "&" in text:
        text = html.unescape(text)
    return tidy(text)


def _key(text: str) -> str:
    return plain(text).strip(" .:;,!-–—|•*#>»<«()[]'\"“”‘’").casefold()


@per_line
def is_date(text: str) -> bool:
    """A date or a date with a time: ``mardi 30 septembre 2008``, ``2020-07-20``, ``4 Feb``."""
    if len(text) > 100:
        return False
    tokens = re.findall(r"[^\W\d_]+|\d+", plain(text).casefold())
    if not tokens or len(tokens) > 12:
        return False
    months, weekdays, glue = words_of("months"), words_of("weekdays"), words_of("date_glue")
    named = sum(token in months or token in weekdays for token in tokens)
    numbers = [token for token in tokens if token.isdigit()]
    other = [
        token
        for token in tokens
        if not token.isdigit()
        and token not in months
        and token not in weekdays
        and token not in glue
    ]
    if other:
        return False
    if named:
        return bool(numbers) or named >= 2 or (len(tokens) == 1 and tokens[0] in weekdays)
    # Numbers only: 2020-07-20, 20.07.2020, 7/20/2020 (and a time after it).
    return bool(
        re.fullmatch(
            r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}",
            plain(text).split(" ")[0],
        )
    )


@per_line
def is_clutter(text: str) -> bool:
    """Site furniture: navigation, archive labels, share and comment links, a date, a byline."""
    if len(text) > 300:
        return bool(_MARKUP.match(text))  # furniture is short; long text is clutter only as HTML
    key = _key(text)
    if not key:
        return True
    if key in words_of("clutter"):
        return True
    if _MARKUP.match(text):
        return True  # '<td colspan="15" ...': the page's HTML, left in
    if is_site(text):
        return True
    if key.startswith(_prefixes("clutter_prefixes")):
        return True
    return is_date(text) or is_byline(text) or is_score(text)


@per_line
def is_byline(text: str) -> bool:
    """``Reviewed by X``, ``door | apr 14, 2024``, ``Nicholas Chennault ~ May 9, 2014``."""
    if len(text) > 120:
        return False
    key = _key(text)
    first = key.split(" ", 1)[0] if key else ""
    if key.startswith(_prefixes("byline_prefixes")):
        return len(key.split()) <= 8
    if first in words_of("byline_words") and len(key.split()) <= 6:
        return True
    parts = re.split(r"\s[~|•·]\s|\s[–—-]\s", plain(text), maxsplit=1)
    return len(parts) == 2 and is_date(parts[1]) and len(parts[0].split()) <= 4


@per_line
def is_score(text: str) -> bool:
    """A rating or a vote count: ``★★★+(3.5)``, ``7.9/10``, ``3.6 |``, ``(2 votes)``."""
    if len(text) > 80:
        return False
    shown = plain(text)
    if not shown:
        return False
    letters = _WORD.findall(shown)
    if re.fullmatch(r"[\s\d.,/|()*+★☆✩✪⭐½-]+(?:out of\s*[\d*★]+)?", shown.casefold()):
        # "7.9/10", "3.6 |", "★★★": a mark beside the number ("2012" alone is a year)
        return any(ch in "★☆*/|½." for ch in shown) or "out of" in shown.casefold()
    words = {word.casefold() for word in letters}
    return bool(words) and words <= words_of("score_words") and bool(_DIGITS.search(shown))


_SITE = re.compile(
    r"\s*(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/?\s*", re.IGNORECASE
)


def is_site(text: str) -> bool:
    """A site's name as its domain (``filmblik.nl``, ``www.example.com``)."""
    return bool(_SITE.fullmatch(text)) and not text.strip().endswith(".")


def has_site_words(text: str) -> bool:
    """Whether a line reads like a site's name (``Marginalia Film Notes``, ``Kino Mír``)."""
    shown = plain(text).casefold()
    return any(part in shown for part in words_of("site_words"))


@per_line
def is_genre_line(text: str) -> bool:
    """A line of genres: ``Norsk drama``, ``comédie romantique``, ``Romance, Fantasy``."""
    shown = plain(text).casefold()
    if not shown or len(shown) > 60:
        return False
    found = re.findall(r"[^\W\d_][\w'’-]*", shown)
    genres = words_of("genre_words")
    if not found or not any(word in genres for word in found):
        return False
    # the other words: nationalities and such, in lower case as written ("Norsk drama")
    return all(word in genres or (word.islower() and len(word) > 2) for word in found) and all(
        word.casefold() in genres or word[:1].isupper() is False or index == 0
        for index, word in enumerate(re.findall(r"[^\W\d_][\w'’-]*", plain(text)))
    )


_NAME_IN_TITLE = re.compile(r"(?!(?:The|A|An)\s)(?:[A-ZÀ-Þ][\w'’.-]*\s){1,3}in\s[A-ZÀ-Þ\d].*")


@per_line
def is_caption(text: str) -> bool:
    """A line that says it shows a picture: ``X poster``, ``Dano in Ruby Sparks``, ``© Fox``."""
    if len(text) > 160:
        return False
    written = plain(text)
    shown = written.casefold()
    found = set(re.findall(r"[^\W\d_][\w'’.-]*|©|\(c\)", shown))
    if any(word in found or (" " in word and word in shown) for word in words_of("caption_words")):
        return True
    # "Valerie Ronan in Sparks": a capitalised name, "in", a capitalised title
    return bool(_NAME_IN_TITLE.fullmatch(written)) and not is_prose(written)


def words(text: str) -> list[str]:
    """The words of a line (letters first), as written."""
    return _WORD.findall(text)


# How much of a long line is_prose reads first: a paragraph has its 24 words by then, and
# the words found in a prefix are all words of the whole line (the last perhaps cut short).
_GLANCE = 200


@per_line
def is_prose(text: str) -> bool:
    """A sentence or more: many words, several in lower case, or a sentence ending inside."""
    shown = plain(text)
    if len(shown) > _GLANCE and len(_WORD.findall(shown, 0, _GLANCE)) >= 24:
        return True  # 24 words make prose whatever their case: a paragraph is read no further
    found = words(shown)
    lower = len(_LOWER_WORD.findall(shown))
    if len(found) >= 14 and (lower >= 0.4 * len(found) or len(found) >= 24):
        return True
    if len(found) >= 6 and lower >= 3 and _SENTENCE_END.search(shown):
        return True
    if _cjk_share(shown) > 0.5:
        return len(shown) > 40 or "。" in shown
    return len(found) >= 9 and lower >= 5


_CJK = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")


def _cjk_share(text: str) -> float:
    return len(_CJK.findall(text)) / len(text) if text else 0.0


@per_line
def is_headline(text: str) -> bool:
    """Short and not a sentence: a heading, a title, a caption."""
    shown = plain(text)
    if not shown or len(shown) > 150:
        return False
    if is_prose(shown):
        return False
    return not shown.endswith((":", "：", ","))


def years(text: str) -> list[int]:
    """Plausible film years standing on their own in ``text`` (not inside a longer number)."""
    return [int(found) for found in _YEAR.findall(text)]
