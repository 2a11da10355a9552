"""The lexicon: credit keys in many languages, as data (``lexicon.toml``).

A ``Lexicon`` answers two questions. For a key as written (``Réalisation :``),
which fields does it name? And, for the grammar, which spellings are known at
all: ``known_pattern()`` is the regular expression the grammar's ``_KNOWN``
terminal is built from, so what the lexer reads as a key and what the typed
view files it under come from the same table. Users extend it with
``Lexicon.default().extended({"directors": ["regista"]})`` (or ``parse(text,
keys=...)``), never by editing the grammar.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from attrs import frozen

# What a key may carry around it that is not the key: bullets, markup, separators.
_EDGES = " \t\u00a0-–—•*·:：;|#>_"
_SPACES = re.compile(r"[\s\u00a0]+")

#: Fields whose value is a list (of names or items), not one piece of text.
LIST_FIELDS = frozenset(
    {
        "stars",
        "directors",
        "writers",
        "music",
        "producers",
        "cinematography",
        "editing",
        "studio",
        "distributor",
        "genre",
        "language",
        "country",
        "crew",
    }
)
#: Fields whose items are people (names are checked and cleaned as names).
PEOPLE_FIELDS = frozenset(
    {"stars", "directors", "writers", "music", "producers", "cinematography", "editing", "crew"}
)


def normalise(key: str) -> str:
    """A key as the lexicon spells it: case-folded, single-spaced, without markup."""
    return _SPACES.sub(" ", key.strip(_EDGES)).casefold().strip(_EDGES)


@frozen(eq=False)
class Lexicon:
    """Credit-key spellings (normalised) and the fields each names.

    Compared by identity: a parser is built once per lexicon object.
    """

    fields: Mapping[str, tuple[str, ...]]  # spelling -> fields, in the order named
    bare: frozenset[str]  # spellings that may stand without a separator
    checked: frozenset[str]  # bare only before a value of their own kind
    conjunctions: tuple[str, ...]
    notes: frozenset[str]
    nobody: frozenset[str]

    @classmethod
    def default(cls) -> Lexicon:
        """The lexicon that ships with reviewparse."""
        return _default()

    @classmethod
    def from_file(cls, path: str | Path) -> Lexicon:
        """The default lexicon extended by a TOML file with a ``[keys]`` table."""
        with Path(path).open("rb") as handle:
            data = tomllib.load(handle)
        keys = data.get("keys", data)
        if not isinstance(keys, dict):
            raise ValueError(f"{path}: expected a [keys] table of field = [spellings]")
        return cls.default().extended(keys)

    def extended(self, keys: Mapping[str, Iterable[str]]) -> Lexicon:
        """This lexicon plus ``{field: [spelling, ...]}`` (a new spelling may stand bare)."""
        fields = dict(self.fields)
        added: set[str] = set()
        for field, spellings in keys.items():
            if isinstance(spellings, str):
                raise TypeError(f"keys[{field!r}] must be a list of spellings, not a string")
            for spelling in spellings:
                name = normalise(spelling)
                if name:
                    fields[name] = (field,)
                    added.add(name)
        return Lexicon(
            fields, self.bare | added, self.checked, self.conjunctions, self.notes, self.nobody
        )

    def fields_of(self, key: str) -> tuple[str, ...]:
        """The fields a key names (``()`` for a key the lexicon does not know)."""
        return self.fields.get(normalise(key), ())

    def field_of(self, key: str) -> str | None:
        """The first field a key names, or None."""
        found = self.fields_of(key)
        return found[0] if found else None

    def known_pattern(self) -> str:
        """Every spelling, as one case-insensitive regex factored by common prefixes."""
        return _trie_pattern(self.fields)

    def bare_pattern(self) -> str:
        """The spellings that may stand without a separator, as one regex."""
        return _trie_pattern(self.bare)

    def spellings(self, field: str) -> tuple[str, ...]:
        """Every spelling that names ``field``."""
        return tuple(name for name, found in self.fields.items() if field in found)

    def cache_token(self) -> str:
        """What distinguishes this lexicon's grammar from another's (for the table cache)."""
        return "\n".join([self.known_pattern(), self.bare_pattern(), *sorted(self.checked)])


@cache
def _default() -> Lexicon:
    data = tomllib.loads(
        resources.files("reviewparse._fields").joinpath("lexicon.toml").read_text("utf-8")
    )
    fields: dict[str, tuple[str, ...]] = {}
    for field, spellings in data["keys"].items():
        for spelling in spellings:
            name = normalise(spelling)
            if name in fields and field not in fields[name]:
                raise ValueError(f"lexicon: {spelling!r} names both {fields[name]} and {field}")
            fields[name] = (field,)
    for spelling, named in data["multi"].items():
        fields[normalise(spelling)] = tuple(named)
    refused = {normalise(s) for s in data["bare"]["refused"]}
    checked = frozenset(normalise(s) for s in data["bare"]["checked"])
    bare = frozenset(name for name in fields if name not in refused or name in checked)
    names: dict[str, Any] = data["names"]
    return Lexicon(
        fields,
        bare,
        checked,
        tuple(names["conjunctions"]),
        frozenset(normalise(n) for n in names["notes"]),
        frozenset(n.casefold() for n in names["nobody"]),
    )


def _trie_pattern(spellings: Iterable[str]) -> str:
    """One regex for many words, factored as a trie so a miss fails on its first letter.

    Spaces match any run of horizontal space; the pattern is case-insensitive.
    """
    trie: dict[str, Any] = {}
    for spelling in sorted(set(spellings)):
        node = trie
        for char in spelling:
            node = node.setdefault(char, {})
        node[""] = {}
    return f"(?i:{_emit(trie)})"


def _emit(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [_char(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a word ends here and longer ones go on: prefer the longer
        return f"(?:{body})?"
    return body


def _char(char: str) -> str:
    if char == " ":
        return r"[ \t\u00a0]+"
    return re.escape(char)
