"""Cast members: the person, the character they play, a note beside them.

Characters come from two places: the cast credit itself (``Actor as Role``,
``Actor (Role)``, ``Actor - Role``, ``Actor ... Role``, a role on the line below
the name) and the synopsis, which names a character and then its actor in
parentheses (``Calvin (Paul Dano)``). The credit decides who is in the cast;
the synopsis only adds characters. A parenthesis that says what someone did
rather than whom they played (``(voice)``, ``(uncredited)``) is a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from reviewparse._fields import names, shapes
from reviewparse._fields.lexicon import Lexicon


class CastMember(NamedTuple):
    """(person, character, note); ``character`` and ``note`` are None when no source names one."""

    person: str
    character: str | None = None
    note: str | None = None

    @property
    def role(self) -> str | None:
        """The character: what ``(person, role)`` pairs called it; kept for their code."""
        return self.character


# "Actor as Role" (any case), "Actor - Role", "Actor ... Role", "Actor (Role)",
# matched on tidy() text and only at one place each: split at the first
# separator, or a full match from the last "(", so an entry costs one pass.
_AS = re.compile(r" as ", re.IGNORECASE)
_DASH = re.compile(r" (?:[-–—]|\.{2,}|…) ")
_PAREN = re.compile(r"\(([^()]+)\)")
_BULLET = re.compile(r"^\s*[•*·▪‣◦-]\s")


def _member(person: str, role: str, lexicon: Lexicon, *, named: bool = False) -> CastMember:
    """``named``: the role was given with "as" or a dash, so it is a character whatever it says."""
    person, role = person.strip(), role.strip().rstrip(".")
    if not named and (role.casefold() in lexicon.notes or role.casefold().startswith("as ")):
        return CastMember(person, None, role)
    return CastMember(person, role or None)


def parse_entry(entry: str, lexicon: Lexicon | None = None) -> CastMember:
    """One cast entry: ``"Humphrey Bogart as Rick Blaine"`` -> (person, character)."""
    lex = lexicon or Lexicon.default()
    entry = names.tidy(entry)
    if entry.endswith(")."):
        entry = entry[:-1]
    for parts in (_AS.split(entry, maxsplit=1), _DASH.split(entry, maxsplit=1)):
        if len(parts) == 2 and parts[0] and parts[1]:
            return _member(parts[0], parts[1], lex, named=True)
    start = entry.rfind("(")
    paren = _PAREN.fullmatch(entry, start) if start > 0 else None
    if paren is not None:
        return _member(entry[:start], paren.group(1), lex)
    return CastMember(entry)


def credit_cast(lines: Sequence[str], lexicon: Lexicon | None = None) -> tuple[CastMember, ...]:
    """The members a cast credit's value lines name, with the characters it gives.

    ``lines`` are the raw value lines (the value, then the lines below). When
    the names stand one a line, a line that is not a name says something of the
    name above it: its character, or a note (``Self``); with bullets, each
    bullet starts a member and the lines under it (the name again, the
    character) belong to it.
    """
    lex = lexicon or Lexicon.default()
    pieces = [(bool(_BULLET.match(line)), names.clean(line)) for line in lines]
    pieces = [
        (bullet, text)
        for bullet, text in pieces
        if text and text not in ",;/|" and not shapes.is_clutter(text)  # "Rest of cast listed..."
    ]
    bullets = any(bullet for bullet, _ in pieces)
    members: list[CastMember] = []
    stacked = len(pieces) > 1
    for bullet, piece in pieces:
        if stacked and members and ((bullets and not bullet) or _is_detail(piece, lex)):
            last = members[-1]
            if piece.casefold() == last.person.casefold():
                continue  # the name again, under its bullet
            if piece.casefold() in lex.notes:
                members[-1] = last._replace(note=last.note or piece)
            elif last.character is None and len(piece) <= 60 and not _is_sentence(piece):
                members[-1] = last._replace(character=piece)
            continue
        found = _entries(piece, lex)
        if not found:
            if members:
                break  # a line of no names ends the list
            continue
        members.extend(found)
    return tuple(members)


def _without_conjunction(entry: str, lexicon: Lexicon) -> str:
    """``"and C"`` (an Oxford comma's last entry) -> ``"C"``."""
    first, _, rest = entry.partition(" ")
    conjunction = first == "&" or (first.islower() and first in lexicon.conjunctions)
    return rest if rest and conjunction else entry


def _is_detail(piece: str, lexicon: Lexicon) -> bool:
    """A line under a name that is not a name of its own: a note such as ``Self``."""
    return piece.casefold() in lexicon.notes


def _is_sentence(piece: str) -> bool:
    return len(piece.split()) > 8


def _entries(piece: str, lexicon: Lexicon) -> list[CastMember]:
    members: list[CastMember] = []
    for raw in names.split_list(names.cut_at_prose(piece)):
        entry = _without_conjunction(raw, lexicon)
        member = parse_entry(entry, lexicon)
        if member.character is None and member.note is None and member.person == entry:
            # no role: "A & B", "A and B" are two people, each checked as a name
            found = names.people([entry], lexicon)
            if not found:
                if entry.casefold() in lexicon.nobody:
                    continue
                seam = names.name_before_prose(entry) if members else None
                if seam:  # "Kit Saunders The story begins...": the review runs on
                    members.append(CastMember(seam))
                break
            members.extend(CastMember(name, None, note) for name, note in found)
            continue
        name, note = names.person(member.person, lexicon)
        if not names.is_name(name, lexicon):
            break
        members.append(CastMember(name, member.character, member.note or note))
    return members


# ---- roles named in the synopsis ------------------------------------------------
_PARENS = re.compile(r"\(([^()\r\n]{1,80})\)")
_TITLES = frozenset({"Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "St.", "Sgt.", "Capt.", "Lt.", "Col."})
# Capitalised words that start sentences rather than names.
_NOT_NAMES = frozenset(
    (
        *("a", "an", "the", "his", "her", "its", "their", "our", "my", "your"),
        *("when", "while", "then", "as", "and", "but", "or", "so", "if", "after"),
        *("before", "meanwhile", "later", "now", "once", "with", "in", "on", "at"),
        *("to", "for", "from", "by", "of", "since", "until", "although", "though"),
        *("because", "both", "even", "only", "also", "young", "old"),
    )
)
_MAX_ROLE_WORDS = 4
_LOOKBACK = 120  # characters before a parenthesis that may hold its name


def _name_before(text: str) -> str | None:
    """The run of capitalised words that ends ``text`` (``"...brother Harry"``)."""
    words = text.rstrip().split(" ")[-_MAX_ROLE_WORDS - 1 :]
    run: list[str] = []
    for word in reversed(words):
        if not word or not word[0].isupper() or word[-1] in ',;:!?"”':
            break
        if word.endswith(".") and word not in _TITLES and len(word) > 2:
            break  # the end of the sentence before
        if any(part[:1].islower() for part in word.split("-")[1:]):
            break  # "Eleven-year-old Joe": a description, not a name ("Jean-Luc" is one)
        run.append(word)
    run.reverse()
    while run and run[0].casefold() in _NOT_NAMES:
        run.pop(0)
    return " ".join(run[:_MAX_ROLE_WORDS]) or None


def synopsis_roles(texts: Iterable[str], people: Iterable[str]) -> dict[str, str]:
    """Roles for ``people`` named in prose: ``Role (Person)`` or ``Person (Role)``.

    The first mention wins. A parenthesis that names nobody in ``people``, or
    that follows no capitalised name, gives nothing.
    """
    wanted = {person.casefold(): person for person in people}
    roles: dict[str, str] = {}
    for raw in texts:
        if "(" not in raw:
            continue  # no parenthesis, no role
        text = names.tidy(raw)
        for match in _PARENS.finditer(text):
            inside = match.group(1).strip()
            before = _name_before(text[max(0, match.start() - _LOOKBACK) : match.start()])
            if before is None:
                continue
            person = wanted.get(inside.casefold())
            if person is not None:
                roles.setdefault(person, before)
                continue
            for known, person in wanted.items():  # "Paul Dano (Calvin)"
                if before.casefold().endswith(known) and inside[:1].isupper():
                    roles.setdefault(person, inside)
    return roles


def cast(credits: Iterable[Sequence[CastMember]], texts: Iterable[str]) -> tuple[CastMember, ...]:
    """The cast credits' members (each credit's ``credit_cast``), one entry a person, with
    characters from the credits or else the synopsis."""
    by_person: dict[str, CastMember] = {}
    for listed in credits:  # "Starring" and "Cast" on one page: one entry a person
        for member in listed:
            known = by_person.get(member.person)
            if known is None or (known.character is None and member.character is not None):
                by_person[member.person] = member
    members = list(by_person.values())
    missing = [member.person for member in members if member.character is None]
    found = synopsis_roles(texts, missing) if missing else {}
    return tuple(
        member
        if member.character is not None
        else member._replace(character=found.get(member.person))
        for member in members
    )
