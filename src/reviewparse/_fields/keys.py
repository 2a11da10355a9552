"""Credit keys: many spellings, one canonical field each.

The raw key always stays on the record for rendering; this module only reads.
"""

from __future__ import annotations

import re
from functools import lru_cache

# canonical field -> spellings seen in the wild (compared after normalise()).
ALIASES: dict[str, tuple[str, ...]] = {
    "year": ("year", "release year", "year of release"),
    "studio": ("studio", "studios", "production company", "production companies", "production"),
    "stars": ("stars", "starring", "star", "cast", "actors", "actor", "main cast", "with"),
    "directors": ("director", "directors", "director(s)", "directed by", "direction"),
    "writers": (
        "writer",
        "writers",
        "writer(s)",
        "writing credits",
        "written by",
        "screenplay",
        "screenplay by",
        "screenwriter",
        "screenwriters",
        "story",
        "story by",
        "based on",
    ),
    "music": (
        "music",
        "music by",
        "composer",
        "composers",
        "score",
        "original music",
        "original score",
    ),
    "producers": ("producer", "producers", "producer(s)", "produced by"),
    "cinematography": (
        "cinematography",
        "cinematographer",
        "director of photography",
        "photography",
    ),
    "editing": ("editing", "edited by", "editor", "film editing"),
    "distributor": ("distributor", "distributed by", "distribution"),
    "release_date": ("release date", "released", "release", "premiere"),
    "runtime": ("runtime", "running time", "run time", "length", "duration"),
    "rating": ("rated", "rating", "mpaa rating", "mpaa", "certificate", "certification"),
    "genre": ("genre", "genres"),
    "language": ("language", "languages", "original language"),
    "country": ("country", "countries", "country of origin"),
    "budget": ("budget",),
    "box_office": ("box office", "gross"),
    "aspect_ratio": ("aspect ratio",),
}

# Fields whose value is a list of names or items.
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
    }
)

_LOOKUP: dict[str, str] = {}
for _field, _spellings in ALIASES.items():
    _LOOKUP[_field] = _field
    _LOOKUP[_field.replace("_", " ")] = _field
    for _spelling in _spellings:
        _LOOKUP[_spelling] = _field

_NOISE = re.compile(r"[\s\u00a0]+")
_EDGES = " \t\u00a0-–—•*:;|"


def normalise(key: str) -> str:
    """Case-folded, single-spaced, without bullets or trailing separators."""
    return _NOISE.sub(" ", key.strip(_EDGES)).casefold().strip()


@lru_cache(maxsize=4096)
def canonical(key: str) -> str | None:
    """The canonical field for a key spelling, or None for a key we do not know."""
    return _LOOKUP.get(normalise(key))


def is_list_valued(field: str | None) -> bool:
    return field in LIST_FIELDS
