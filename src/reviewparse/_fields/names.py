"""Reading credit values: lists of names, the notes beside them, tidy text.

A value as scraped carries more than names: notes (``Maren Ade (screenplay)``,
``Chizuru Takahashi comic``), romanisations (``華特薩勒斯 (Walter Salles)``),
the next sentence of the review (``Rutkay Aziz. İstanbul’un bir kenar...``), a
key the lexicon does not know (``... Sanjeev Kohli  Lyrics: Vayu``). Names come
out clean, their notes beside them, and a list stops at the first item that is
not a name: what follows is not a credit any more.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from reviewparse._fields.lexicon import Lexicon

# A bullet before a value on its own line ("- Paul Dano", "• Zoe Kazan"); not a
# number, which may be the value itself ("14. marts 2014").
_BULLET = re.compile(r"^[-–—•*·▪‣◦>]+\s*")
_EDGES = " ;|,"
# Suffixes that follow a comma but belong to the name before it.
_SUFFIX = re.compile(r"(?:Jr|Sr|Jnr|Snr)\.?|I{2,3}|IV|Esq\.?", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
_FOOTNOTE = re.compile(r" ?\[(?:\d{1,3}|[a-z]|note \d+|citation needed)\]")
# Where a list of names ends and something else begins: a key the lexicon does
# not know ("  Lyrics: X"), or the next sentence ("Rutkay Aziz. İstanbul’un...").
_KEY_AFTER = re.compile(
    r"(?<!\s)(?:\s{2,}(?:[^\W\d_][\w'’-]*\s){0,2}[^\W\d_]|\s[A-ZÀ-Þ])[\w'’-]*\s?[:：]"
)
_SENTENCE = re.compile(r"(?<![\s.][A-Z])(?<!\b[A-Z][a-z])(?<!\b(?:Jr|Sr|Dr|Mr|Ms|St))\.\s+(?=\S)")
# Characters of scripts without letter case: a name in them needs no capital.
_UNCASED = re.compile(
    r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
)
_DOTS = re.compile(r"(?<![\s.])\s*(?:\.{2,}|…)\s*")
_LATIN_PAREN = re.compile(r"(?<!\s)\s*\(([A-Za-z][A-Za-z .'’-]*)\)$")
# An entry longer than this is no one's name: its end is not read.
ENTRY_LIMIT = 200
_PARTICLES = frozenset(
    (
        *("de", "da", "di", "do", "dos", "das", "del", "della", "der", "den", "van", "von"),
        *("ter", "te", "le", "la", "du", "des", "bin", "ibn", "al", "el", "zu", "af", "av"),
        *("'t", "ten", "vom", "y", "e", "of", "d'", "dei", "degli", "lo", "mac", "st."),
    )
)


def clip(text: str, limit: int = ENTRY_LIMIT) -> str:
    """``text`` cut to ``limit`` characters: what a name or a heading can be at most."""
    return text[:limit]


def tidy(text: str) -> str:
    """Strip and collapse runs of whitespace (NBSP included) to one space.

    ``str.split()`` cuts on exactly the characters ``\\s`` matches (NBSP, tabs, form
    feeds...) and is five times faster than ``re.sub``; tests/test_people.py
    checks the two agree on every code point. Most text is tidy already, and that
    is cheaper to see than to redo: every whitespace character but the space is
    unprintable (checked there too), so printable text with no double, leading or
    trailing space is its own tidy form (a paragraph: a few µs instead of ten).
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def clean(text: str) -> str:
    """A value piece as a reader means it: entities decoded, tidy, no bullet, bars or ``;``."""
    if "&" in text:
        text = html.unescape(text)
    text = tidy(text).strip(_EDGES)
    text = _BULLET.sub("", text).strip(_EDGES)
    if text.startswith("**") or text.endswith("**"):
        text = text.strip("*").strip(_EDGES)
    return text


def _split(value: str, separators: Iterator[re.Match[str]]) -> list[str]:
    """Cut ``value`` at the separator matches that stand outside parentheses."""
    parts: list[str] = []
    depth = start = 0
    for match in separators:
        token = match.group()
        if token in "([":
            depth += 1
        elif token in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(value[start : match.start()])
            start = match.end()
    parts.append(value[start:])
    return parts


def _is_suffix(part: str) -> bool:
    """``"Jr."`` or ``"Jr. as Joe"``: a suffix, alone or before the rest of an entry."""
    match = _SUFFIX.match(part)
    return match is not None and (match.end() == len(part) or part[match.end()].isspace())


def _join_suffixes(parts: Iterable[str]) -> tuple[str, ...]:
    names: list[str] = []
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if names and _is_suffix(part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return tuple(names)


def _splitter(conjunctions: tuple[str, ...], *, slash: bool = True) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(conjunctions, key=len, reverse=True) if w)
    marks = ",;、，；・／|" + ("/" if slash else "")
    # A period after a word of two lower-case letters or more ends an item too
    # ("Orson Welles. 119 min."); one after an initial or "Jr" does not.
    return re.compile(
        rf"[()\[\]]|\s*[{re.escape(marks)}]\s*|\s*&\s*|\s+(?:{words})\s+|(?<=[^\W\d_A-Z]{{2}})\.\s+"
    )


_SPLITTERS: dict[tuple[tuple[str, ...], bool], re.Pattern[str]] = {}


def _compiled(conjunctions: tuple[str, ...], slash: bool) -> re.Pattern[str]:
    key = (conjunctions, slash)
    found = _SPLITTERS.get(key)
    if found is None:
        found = _SPLITTERS[key] = _splitter(conjunctions, slash=slash)
    return found


def split_names(value: str, lexicon: Lexicon | None = None) -> tuple[str, ...]:
    """``"A, B, and C, Jr."`` -> ``("A", "B", "C, Jr.")``.

    Splits on commas, semicolons, ``&``, ``/``, ``、`` and the lexicon's
    conjunctions (``and``, ``y``, ``et``, ``und``...) outside parentheses; an Oxford
    ``and`` and doubled separators leave no empty names; ``Jr.``/``Sr.``/``III``
    after a comma stay with the name before them.
    """
    conjunctions = (lexicon or Lexicon.default()).conjunctions
    text = tidy(value)
    parts = _split(text, _compiled(conjunctions, True).finditer(text))
    return _join_suffixes(_without_conjunction(part, conjunctions) for part in parts)


def _without_conjunction(part: str, conjunctions: tuple[str, ...]) -> str:
    """``"and C"`` (after an Oxford comma) -> ``"C"``."""
    first, _, rest = part.strip().partition(" ")
    return rest if rest and first.islower() and first in conjunctions else part


_LIST_ONLY = re.compile(r"[()\[\]]|\s*[,;、，；]\s*|\s+/\s+|(?<=[^\s\d])/(?=[^\s\d])")


def split_list(value: str) -> tuple[str, ...]:
    """Like split_names, on commas, semicolons and slashes only (entries that carry roles)."""
    text = tidy(value)
    return _join_suffixes(_split(text, _LIST_ONLY.finditer(text)))


def year(value: str) -> int | None:
    """The first plausible four-digit year in a value (``"2012"``, ``"(1957)"``)."""
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None


def cut_at_prose(value: str) -> str:
    """A value up to where it stops being a credit: an unknown key or the next sentence."""
    key = _KEY_AFTER.search(value)
    if key is not None:
        value = value[: key.start()]
    sentence = _SENTENCE.search(value)
    if sentence is not None and _starts_prose(value[sentence.end() :]):
        value = value[: sentence.start()]
    return value.strip()


def _starts_prose(rest: str) -> bool:
    found = rest.split()
    if len(found) < 4:
        return False
    lower = sum(1 for word in found[:8] if word[:1].islower())
    return lower >= 2


def person(entry: str, lexicon: Lexicon | None = None) -> tuple[str, str | None]:
    """One entry of a people list: the name as written, and a note beside it (or None).

    ``"Maren Ade (screenplay)"`` -> ``("Maren Ade", "screenplay")``; a
    romanisation after a name in another script is dropped
    (``"華特薩勒斯 (Walter Salles)"`` -> ``("華特薩勒斯", None)``).
    """
    notes = (lexicon or Lexicon.default()).notes
    text = _FOOTNOTE.sub("", clip(clean(entry)))
    note: str | None = None
    dots = _DOTS.search(text)
    if dots is not None:  # "Vera Maddox ... (screenplay)", "Sol Abernathy ... producer"
        text, note = text[: dots.start()], text[dots.end() :].strip(" ()") or None
    latin = _LATIN_PAREN.search(text)
    if latin is not None and _UNCASED.search(text[: latin.start()]):
        text = text[: latin.start()]
    elif text.endswith(")") and "(" in text:
        start = text.rfind("(")
        inside = text[start + 1 : -1].strip()
        if start > 0 and inside:
            text, note = text[:start].rstrip(), inside
    words = text.split(" ")
    digits = next((i for i, word in enumerate(words) if any(map(str.isdigit, word))), None)
    if digits:  # "George Stevens BW-171 mins": data after the name
        words = words[:digits]
        text = " ".join(words).rstrip(" -–—,;")
    if len(words) > 1 and words[-1].casefold() in notes:  # "Chizuru Takahashi comic"
        text, note = " ".join(words[:-1]), note or words[-1]
    text = text.strip(" ,;:|\"“”«»‘’'")
    if text.endswith(")") and "(" not in text:
        text = text[:-1].rstrip()
    if text.startswith("(") and ")" not in text:
        text = text[1:].lstrip()
    if text.endswith(".") and not _ends_in_initial(text):
        text = text[:-1].rstrip()
    return text, note


_FUNCTION_WORDS = frozenset(
    (
        *("a", "an", "the", "this", "that", "it", "in", "on", "at", "when", "after", "as"),
        *("his", "her", "their", "its", "our", "one", "some", "every", "there", "here"),
        *("while", "before", "now", "once"),
    )
)


def name_before_prose(text: str) -> str | None:
    """A name the review's next sentence runs into, when a function word shows the seam:
    ``"Keala Settle The Overview Inspired..."`` -> ``"Keala Settle"``."""
    words = text.split()
    if len(words) >= 4 and words[2].casefold() in _FUNCTION_WORDS:
        head = words[:2]
        if all(word[:1].isupper() and word.isalpha() for word in head):
            return " ".join(head)
    return None


def _ends_in_initial(text: str) -> bool:
    """``"D. W. Griffith"`` ends in a name; ``"Richard Lane Jr."``, ``"J.A."`` in an initial."""
    last = text.rsplit(" ", 1)[-1]
    return bool(re.fullmatch(r"(?:[A-ZÀ-Þ]\.)+|Jr\.|Sr\.|Jnr\.|Snr\.|St\.", last))


_NOT_IN_NAMES = frozenset(':!?@=<>{}"“”')


def is_name(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether ``text`` reads as a person's (or a company's) name, not prose or data."""
    lex = lexicon or Lexicon.default()
    if not text or len(text) > 60 or text.casefold() in lex.nobody:
        return False
    if any(map(str.isdigit, text)) or not _NOT_IN_NAMES.isdisjoint(text):
        return False
    if _UNCASED.search(text):
        return len(text) <= 24 and len(text.split()) <= 4
    words = text.split()
    if len(words) > 6 or (not words[0][:1].isupper() and words[0].casefold() not in _PARTICLES):
        return False
    lower = [w for w in words[1:] if w[:1].islower() and w.casefold() not in _PARTICLES]
    if not lower:
        return True
    # "Amanda peet": one lower-case word at the end of a two-word name, not a note.
    return len(lower) == 1 and lower[0] == words[-1] and len(words) == 2


def people(
    pieces: Iterable[str], lexicon: Lexicon | None = None
) -> tuple[tuple[str, str | None], ...]:
    """The people a credit's value lines name, each with its note: the leading run of names.

    The value is cut where it stops being a list (an unknown key, the next
    sentence); the names are split; the list stops at the first item that is
    not a name (``"Natalia Smirnoff/87mins / col / spanish"`` -> one person).
    """
    found: list[tuple[str, str | None]] = []
    for raw in pieces:
        piece = html.unescape(raw) if "&" in raw else raw  # "Tom Hale &amp; Rosa Finch"
        before = len(found)
        for item in split_names(cut_at_prose(piece), lexicon):
            name, note = person(item, lexicon)
            named = is_name(name, lexicon)
            if not named and found:
                seam = name_before_prose(name)  # "Mauricio Mejia A fast and loose movie"
                if seam:
                    found.append((seam, note))
                break
            if named:
                if any(map(str.isdigit, item)):  # data after a name ends the list
                    if len(name.split()) >= 2 or not found:  # "DE 2019" is no one
                        found.append((name, note))
                    return tuple(found)
                found.append((name, note))
            elif name and name.casefold() not in (lexicon or Lexicon.default()).nobody:
                break  # the list ends here ("--" or "Animation" is skipped)
        if len(found) == before and found:
            break  # a line of no names ends a list of lines
    return tuple(found)
