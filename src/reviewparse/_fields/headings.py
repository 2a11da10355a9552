"""Reading a heading line and an unlabelled data line.

A heading names the film among things that are not its title: review labels
(``Film Review – X``, ``X (Movie Review)``), a series (``Noirvember 2017,
Episode 12: X``), a broadcast time, the year (``X (1957)``, ``X [2008]``,
``X – 1949 – Studio``), an edition (``Platinum Series Extended Edition``) and
data after it (``| FSK 12 | 107 Min.``, ``de Gregory Ratoff``, ``, Spain``).
``read`` separates the title from the rest and says whether the heading carried
evidence of being one (a label, a year in brackets): the layout weighs that.

A data line (``2017 / 90m - Japan``, ``(Jacques Rivette, France, 1974, 35mm,
192 min)``, ``USA GB / 2019``) is a short line of facts without keys; ``data``
reads the year and running time it gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from attrs import frozen

from reviewparse._fields import names, shapes
from reviewparse._fields.lexicon import Lexicon
from reviewparse._fields.memo import per_line
from reviewparse._fields.values import runtime_minutes

_YEAR = r"(?:18[89]\d|19\d\d|20[0-4]\d)"
# "(1957)", "[2008]", "(1954; Dir: X)", "(2009)/Dir: X", "(Germany, 1957)"
_BRACKET_YEAR = re.compile(
    rf"(?<!\s)\s*[(\[](?:[^()\[\]]{{0,30}}[,;]\s*)?({_YEAR})(?:[;,][^()\[\]]*)?[)\]]"
)
_SEGMENT = re.compile(r"(?<!\s)(?:\s+[–—|]\s+|\s+-\s+|\s*\|\s*|\s*•\s*)")
_LEAD = re.compile(
    r"""^(?:
        \#{1,6}\s+                                   # Markdown heading
      | [•*·▪‣◦]\s+                                  # a bullet
      | \#?\d{1,3}[.)]\s+(?=\S)                      # a list number ("1. ", "#1 ")
      | \(\w+\)\s*(?=\d)                             # "(Friday) " before a time
    )+""",
    re.VERBOSE,
)
_TIME = re.compile(
    r"^(?:\(\w+\)\s*)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:\([^)]{0,40}\)\s*)?", re.IGNORECASE
)
_REVIEW = (
    r"(?:review|reviews|recenzia|recenzja|recensione|critique|kritik|filmkritik|crítica|critica"
    r"|reseña|recensie|recension|anmeldelse|arvostelu|рецензия|обзор|inceleme|eleştiri|レビュー"
    r"|影評|리뷰|w\s+kinie|im\s+kino|au\s+cinéma|en\s+cines|no\s+cinema|al\s+cinema)"
)
_PREFIX_LABEL = re.compile(
    rf"^[^:–—]{{0,50}}?\b{_REVIEW}\b[^:–—]{{0,20}}?\s*[:–—]\s+(?=\S)", re.IGNORECASE
)
_SERIES = re.compile(
    r"^[^:]{0,40}\b(?:episode|ep\.|part|day|chapter|vol\.?|no\.|#)\s*\d*[^:]{0,12}:\s+(?=\S)",
    re.IGNORECASE,
)
_SUFFIX_LABEL = re.compile(
    rf"""(?<!\s)\s*(?:[-–—|:]\s*)?[(\[]?(?:an?\s+)?(?:(?:movie|film|silent|blu-?ray|dvd|4k|uhd|tv|full|short
         |quick|mini|capsule|spoiler-free|spoiler|free|video|book|series|festival)\s+){{0,3}}\b{_REVIEW}
         (?:\s+(?:by|de|von|door|par|di)\s+.*)?[)\]]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_REVIEWED_BY = re.compile(r"(?<!\s)\s*[-–—|]?\s*reviewed\s+by\s+.*$", re.IGNORECASE)
_KIND = re.compile(
    r"(?<!\s)\s*[(\[](?:film|movie|película|filme|filmi|фильм|blu-?ray|dvd|4k(?: uhd)?"
    r"|tv|tv movie|short)[)\]]\s*$",
    re.IGNORECASE,
)
_EDITION = re.compile(r"(?<!\s)\s+(?:[A-Z][\w'’-]*\s+){0,3}(?:Edition|Cut)$")
_WEEK = re.compile(
    r"(?<!\s)\s+\d{1,2}\.\s*(?:woche|week|semaine|settimana|semana|vecka|uge)$", re.IGNORECASE
)
# What a line must hold for each suffix pattern to match at all. The patterns are
# searched for from every position of the line, the label's from every word; most
# lines hold none of them, which these find out far sooner.
_NEEDS: dict[re.Pattern[str], Callable[[str], object]] = {
    _REVIEWED_BY: re.compile(r"reviewed\s+by", re.IGNORECASE).search,
    _SUFFIX_LABEL: re.compile(rf"\b{_REVIEW}", re.IGNORECASE).search,
    _KIND: lambda line: "(" in line or "[" in line,
    _EDITION: lambda line: line.endswith(("Edition", "Cut")),
    _WEEK: lambda line: "." in line,
}
# A heading longer than this is read no further (a title line is short).
HEADING_LIMIT = 300
_QUOTES = "\"“”„‘’'«»《》「」『』"


@frozen
class Heading:
    """A heading read: the title in it, the year and running time beside it."""

    title: str | None
    year: int | None = None
    runtime: int | None = None
    marked: bool = False  # a label or a bracketed year says this is a heading
    suffixed: bool = False  # only a bare "Review" after it does (a site's name may end so)
    rest: str = ""  # what stands after the title (``– реж. Пётр Тодоровский``)


@cache
def _countries() -> frozenset[str]:
    return frozenset(c.casefold() for c in shapes.places()["countries"])


@per_line
def read(text: str) -> Heading:
    """The title a heading line names, and what stands beside it."""
    line = names.clip(shapes.plain(text), HEADING_LIMIT)
    marked = False
    line = _LEAD.sub("", line)
    time = _TIME.match(line)
    if time and time.end() < len(line):
        line = line[time.end() :]
    for label in (_PREFIX_LABEL, _SERIES):
        found = label.match(line) if label is _PREFIX_LABEL or ":" in line else None
        if found:
            line, marked = line[found.end() :], True
    year: int | None = None
    rest = ""
    bracket = _BRACKET_YEAR.search(line) if "(" in line or "[" in line else None
    if bracket and bracket.start() > 0:
        year, marked = int(bracket.group(1)), True
        line, rest = line[: bracket.start()], line[bracket.end() :]
    else:
        line, rest, year = _split_data(line)
    runtime = runtime_minutes(rest, unit_required=True) if rest else None
    suffixed = False
    for pattern in (_REVIEWED_BY, _SUFFIX_LABEL, _KIND, _KIND, _EDITION, _WEEK):
        found = pattern.search(line) if _NEEDS[pattern](line) else None
        if found is None or not line[: found.start()].strip():
            continue
        if pattern is _SUFFIX_LABEL and not _strong_suffix(found.group()):
            suffixed = True
        elif pattern in (_REVIEWED_BY, _SUFFIX_LABEL, _KIND):
            marked = True
        line = line[: found.start()]
    line = _drop_names(_drop_country(line)).strip(" ,;:–—-|/").strip()
    line = _unquote(line)
    if line.strip(" .").casefold() in _countries():
        line = ""  # "ARGENTINA. (2016)": a country and a year, data not a title
    return Heading(line or None, year, runtime, marked, suffixed and not marked, rest.strip())


def _strong_suffix(label: str) -> bool:
    """``(Movie Review)``, ``– Review``, ``A Silent Film Review``; not a bare ``Review``."""
    shown = label.strip()
    return shown[:1] in "([-–—|:" or len(shown.split()) > 1


def _split_data(line: str) -> tuple[str, str, int | None]:
    """``"Abandoned – 1949 – Universal"`` -> (``"Abandoned"``, the rest, 1949)."""
    parts = _SEGMENT.split(line)
    if len(parts) < 2:
        return line, "", None
    for index in range(1, len(parts)):
        year, runtime = _segment_facts(parts[index])
        if year is not None or runtime is not None or _is_data(parts[index]):
            title = _SEGMENT_JOIN(line, index)
            return title, line[len(title) :], year or _first_year(parts[index + 1 :])
    return line, "", None


def _is_data(segment: str) -> bool:
    """A credit (``Regie: X``) or a rating or format (``FSK 12``) after a title."""
    return ":" in segment or "：" in segment or bool(_FORMAT.fullmatch(segment.strip(" .")))


def _SEGMENT_JOIN(line: str, index: int) -> str:
    """The text of ``line`` before its ``index``-th segment separator."""
    matches = list(_SEGMENT.finditer(line))
    return line[: matches[index - 1].start()]


def _first_year(parts: list[str]) -> int | None:
    for part in parts:
        year, _ = _segment_facts(part)
        if year is not None:
            return year
    return None


def _segment_facts(segment: str) -> tuple[int | None, int | None]:
    """The year or running time a segment of data gives (``"DE 2018"``, ``"107 Min."``)."""
    words = segment.split()
    if not words or len(words) > 6:
        return None, None
    found = shapes.years(segment)
    if found and len(words) <= 4 and not _has_month(segment):
        others = [w for w in words if not re.fullmatch(rf"[(\[]?{_YEAR}[)\].,]*", w)]
        if len(others) <= 2 and all(_is_code(w) for w in others):
            return found[0], None
    runtime = runtime_minutes(segment, unit_required=True)
    if runtime is not None and len(words) <= 5:
        return None, runtime
    return None, None


def _is_code(word: str) -> bool:
    """A country or a short code beside a year (``DE``, ``USA``, ``Polska``, ``Italia,``)."""
    bare = word.strip(".,;:()[]").casefold()
    return bare in _countries() or bool(re.fullmatch(r"[a-z]{2,3}", bare))


def _has_month(text: str) -> bool:
    months = shapes.words_of("months")
    return any(word in months for word in re.findall(r"[^\W\d_]+", text.casefold()))


def _drop_country(line: str) -> str:
    """``"3 DIAS (Before the Fall), Spain"`` -> ``"3 DIAS (Before the Fall)"``."""
    head, comma, tail = line.rpartition(",")
    if comma and head and tail.strip().casefold() in _countries():
        return head
    return line


def _drop_names(line: str) -> str:
    """``"Hotel Rwanda (Don Cheadle, Sophie Okonedo)"`` -> ``"Hotel Rwanda"``: a bracketed cast."""
    if line.endswith(")") and "(" in line:
        start = line.rfind("(")
        inside = line[start + 1 : -1]
        if (
            start > 0
            and "," in inside
            and all(part.strip()[:1].isupper() for part in inside.split(",") if part.strip())
        ):
            return line[:start].rstrip()
    return line


def _unquote(line: str) -> str:
    if len(line) > 2 and line[0] in _QUOTES and line[-1] in _QUOTES:
        return line[1:-1].strip()
    if len(line) > 2 and line[0] in '“«《「『"' and line.count(line[0]) == 1:
        close = {"“": "”", "«": "»", "《": "》", "「": "」", "『": "』", '"': '"'}[line[0]]
        at = line.find(close, 1)
        if at > 1:
            return (line[1:at] + line[at + 1 :]).strip()
    return line


_DATA_SPLIT = re.compile(r"(?<!\s)\s*(?:[/•|,;·()\[\]_]|\s[–—-]\s|(?<=\w\w)\.\s)\s*")
_FORMAT = re.compile(
    r"(?i:\d{2}\s?mm|blu-?ray.*|dvd|dcp|4k|hd|1080p|720p|colou?r|cor|b&?w|bw|n&b|s/w|\d\.\d{2}:1|"
    r"widescreen|mono|stereo|dolby.*|dts.*|fsk\s*\d+|rated\s+\S+|tv-\w+|pg(?:-13)?|r|nc-17|"
    r"\d{1,2}\+|ab\s+\d+|frei ab \d+.*|col|omu|ov|ut|35mm print)"
)


@per_line
def data(text: str) -> tuple[int | None, int | None] | None:
    """(year, running time) of an unlabelled data line, or None when it is not one.

    A data line is short, not prose and not a date, and made of segments that
    are facts (a year, a running time, a country, a format, a rating) or at most
    a few words (a director's name, a genre). It must give a year or a running time.
    """
    line = names.clip(shapes.plain(text), HEADING_LIMIT)
    if not line or len(line) > 160 or not any(map(str.isdigit, line)):
        return None  # a year and a running time are both written in digits
    if shapes.is_prose(line) or shapes.is_date(line):
        return None
    heading = read(line)
    if heading.marked and heading.title:
        return None  # "The Ninth Winter (2014)": a title and its year
    segments = [s for s in _DATA_SPLIT.split(line) if s and s.strip(" .")]
    if not segments or len(segments) > 12:
        return None
    year: int | None = None
    runtime: int | None = None
    months = _has_month(line)
    facts = others = 0
    for segment in segments:
        found_year, found_runtime = (
            _segment_facts(segment) if len(segment.split()) <= 6 else (None, None)
        )
        if found_year is not None and not months:
            if year is not None and found_year != year:
                return None  # "2000 | 2001 | 2002": a row of links, not one film's year
            year, facts = found_year, facts + 1
        elif found_runtime is not None:
            runtime, facts = runtime or found_runtime, facts + 1
        elif (
            _FORMAT.fullmatch(segment.strip(" ."))
            or _is_code(segment)
            or all(_is_code(word) for word in segment.split())
        ):
            facts += 1
        elif len(segment.split()) > 4:
            return None
        else:
            others += 1
    if (year is None and runtime is None) or facts < others:
        return None
    return year, runtime


def keyed(text: str, lexicon: Lexicon) -> list[tuple[tuple[str, ...], str]]:
    """Credits written into a heading or a data line without a separator of their own:
    the segments that start with a known key (``– реж. X``, ``• Directed by X``)."""
    found: list[tuple[tuple[str, ...], str]] = []
    for part in _SEGMENT.split(names.clip(shapes.plain(text), HEADING_LIMIT)):
        segment = part.strip(" –—-|•/,;()")
        if not segment:
            continue  # nothing to read (and the key regex, ~10 ms to compile, stays unbuilt)
        match = _key_start(lexicon).match(segment)
        if match and match.end() < len(segment):
            fields = lexicon.fields_of(match.group(1))
            if fields:
                found.append((fields, segment[match.end() :]))
    return found


@cache
def _key_start(lexicon: Lexicon) -> re.Pattern[str]:
    return re.compile(rf"\s*({lexicon.known_pattern()})\.?\s*[:：]?\s+(?=\S)")
