"""Cast members and the characters they play.

Roles come from two places: the cast credit itself (``Actor as Role``,
``Actor (Role)``, ``Actor - Role``, ``Actor ... Role``) and the synopsis, which
names a character and then its actor in parentheses (``Calvin (Paul Dano)``).
The credit list decides who is in the cast; the synopsis only adds roles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from reviewparse._fields import names as _names

if TYPE_CHECKING:
    from reviewparse._core.records import Credit


class CastMember(NamedTuple):
    """A (person, role) pair; ``role`` is None when no source names one."""

    person: str
    role: str | None = None


# "Actor as Role", "Actor - Role", "Actor ... Role", "Actor (Role)", matched on
# tidy() text (single spaces) and only at one place each: split at the first
# separator, or a full match from the last "(", so an entry costs one pass.
_AS = re.compile(r" as ")
_DASH = re.compile(r" (?:[-–—]|\.{2,}|…) ")
_PAREN = re.compile(r"\(([^()]+)\)")
# Parenthesised notes that are not characters.
_NOT_ROLES = frozenset(
    {"uncredited", "voice", "archive footage", "cameo", "credit only", "as himself"}
)


def _member(person: str, role: str) -> CastMember:
    person, role = person.strip(), role.strip()
    return CastMember(person) if role.casefold() in _NOT_ROLES else CastMember(person, role)


def parse_entry(entry: str) -> CastMember:
    """One cast entry: ``"Humphrey Bogart as Rick Blaine"`` -> (person, role)."""
    entry = _names.tidy(entry)
    for parts in (_AS.split(entry, maxsplit=1), _DASH.split(entry, maxsplit=1)):
        if len(parts) == 2 and parts[0] and parts[1]:
            return _member(*parts)
    start = entry.rfind("(")
    paren = _PAREN.fullmatch(entry, start) if start > 0 else None
    if paren is not None:
        return _member(entry[:start], paren.group(1))
    return CastMember(entry)


def credit_cast(credit: Credit) -> tuple[CastMember, ...]:
    """The members of a cast credit, one per entry, with the roles it names."""
    members: list[CastMember] = []
    for piece in credit.pieces:
        for entry in _names.split_list(piece):
            member = parse_entry(entry)
            if member.role is not None or member.person != entry:  # a role, or a note
                members.append(member)
            else:  # no role: "A & B", "A and B" are two people
                members.extend(CastMember(name) for name in _names.split_names(entry))
    return tuple(members)


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
        text = _names.tidy(raw)
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


def cast(credits: Iterable[Credit], texts: Iterable[str]) -> tuple[CastMember, ...]:
    """The cast credits' members, with roles from the credits or else the synopsis."""
    by_person: dict[str, CastMember] = {}
    for credit in credits:  # "Starring" and "Cast" on one page: one entry a person
        for member in credit_cast(credit):
            known = by_person.get(member.person)
            if known is None or known.role is None:
                by_person[member.person] = member
    members = list(by_person.values())
    missing = [member.person for member in members if member.role is None]
    found = synopsis_roles(texts, missing) if missing else {}
    return tuple(
        member if member.role is not None else CastMember(member.person, found.get(member.person))
        for member in members
    )
