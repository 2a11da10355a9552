"""A deterministic corpus of realistic review pages, for benchmarks and tests.

Pages follow the reference page's layout (``examples/dump/ruby-sparks.txt``)
with the variation real scrapes show: optional breadcrumb, irregular credit
separators, CRLF / lone CR / BOM pages, captions between paragraphs, trailing
spaces, names with suffixes and accents. Every page parses strictly with the
shipped grammar, so a benchmark measures the fast path, not recovery.

Only ``random.Random(seed)`` is used: the same ``(n, seed)`` gives the same
pages on every machine and Python version.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path


# -- vocabulary -------------------------------------------------------------------
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


_FIRST = _words(
    "Paul|Zoe|Annette|Elliott|Chris|Antonio|Steve|Valerie|Jonathan|Nick|Meryl|Denzel|Cate|"
    "Joaquin|Frances|Renée|Penélope|Zoë|Gael|Björk|Chloë|Mathieu|Léa|Javier|Åsa|Søren|"
    "François|Robert|Samuel|Ossie|Louis|Cuba|Harry|Ana|José|Noémie|Saoirse|Timothée|Jürgen|"
    "Olivia|Bruno|Marion|Isabelle|Gérard|Ingrid|Dev"
)
_LAST = _words(
    "Dano|Kazan|Bening|Gould|Messina|Banderas|Coogan|Faris|Dayton|Urata|Streep|Washington|"
    "Blanchett|Phoenix|McDormand|Zellweger|Cruz|García Bernal|Almodóvar|Núñez|Brontë|"
    "Kassovitz|Seydoux|Bardem|Müller|Ødegaard|Truffaut|Jackson|Davis|Gossett|Belafonte|"
    "de Armas|Ronan|Chalamet|Prochnow|Colman|Ganz|Cotillard|Huppert|Depardieu|Bergman|"
    "Patel|Lee|O'Brien|D'Onofrio|Smith-Jones|Van Dyke"
)
_SUFFIX = ("Jr.", "Sr.", "III", "Jr")  # fmt: skip
_STUDIOS = _words(
    "Fox Searchlight|Warner Bros.|Paramount Pictures|Universal|Columbia|A24|Miramax|"
    "Studio Ghibli|Gaumont|Pathé|Metro-Goldwyn-Mayer|Orion|New Line Cinema|Focus Features|"
    "Lionsgate|StudioCanal|Toho|Les Films du Losange"
)
_TITLE_WORDS = _words(
    "Ruby|Sparks|Night|River|Glass|Summer|Blue|Empire|Ghost|Shadow|Paper|Moon|Heart|Wild|"
    "City|Last|Dream|Garden|Winter|Kingdom|Little|Stranger|Mirror|Storm|Silent|Golden|"
    "Amélie|Café|Señor|Fire|Iron|Secret|Lost|Crown|Dance|Road|Island|Station|Echo"
)
_TITLE_EXTRAS = _words(
    "|||| II| (1957)|: Part Two| Returns|!| of the Lake| & Friends|, Inc.| 2|?| – The Beginning"
)
_DECADES = _words(
    "1920 - 1929|1930 - 1939|1940 - 1949|1950 - 1959|1960 - 1969|1970 - 1979|1980 - 1989|"
    "1990 - 1999|2000 - 2009|2010 - 2019|2020 - 2029"
)
_CRUMB_SEPS = (" > ", " > ", " > ", " » ", " → ", " | ", ">", "  >  ")  # fmt: skip
_CAPTION_TAILS = _words(
    "title card|poster|DVD cover|still|lobby card|theatrical poster|promotional photo|"
    "screenshot|film still|original poster|Blu ray cover"
)
_SEPARATORS = (" - ", " - ", " - ", "- ", " -", " – ", "—", ": ", ":   ", " : ", " — ")  # fmt: skip
_LINE_ENDS = ("\n", "\r\n", "\r")  # fmt: skip
_WORDS = _words(
    "the|a|his|her|their|night|city|house|letter|secret|old|young|friend|brother|sister|"
    "mother|father|novel|town|car|journey|money|truth|memory|dream|stranger|sea|train|"
    "street|finally|slowly|suddenly|quietly|never|always|again|together|writes|finds|loses|"
    "meets|leaves|returns|discovers|hides|tells|believes|remembers|follows|refuses|accepts|"
    "fears|loves|hates|with|without|after|before|under|beside|into|from|about|for|café|"
    "señora|naïve|fiancée|déjà|vu|façade|résumé|über|and|but|while|because|until|when|as|"
    "of|to|in|on|at"
)
_ENDINGS = ('.', '.', '.', '.', '!', '?', '."', '.”', '...')  # fmt: skip
_GENRES = _words(
    "Comedy|Drama|Romance|Fantasy|Thriller|Western|Film-Noir|Science Fiction|Musical|"
    "Documentary|Horror|Animation"
)
_LANGUAGES = _words("English|French|Spanish|German|Japanese|Italian|Danish")
_COUNTRIES = _words("USA|UK|France|Spain|Germany|Japan|Italy|Denmark|Mexico")
_RATINGS = _words("G|PG|PG-13|R|NC-17|Not Rated|Approved|TV-MA")

# Canonical field -> key spellings seen in real pages (a page uses one of each).
_KEYS: dict[str, tuple[str, ...]] = {
    "year": ("Year", "Year", "Year", "Release Year", "Year of Release"),
    "studio": ("Studio", "Studio", "Production Company", "Studios"),
    "stars": ("Stars", "Stars", "Stars", "Starring", "Cast", "Main Cast"),
    "directors": ("Director", "Director", "Directed by", "Directors", "Director(s)"),
    "writers": ("Writing Credits", "Writing Credits", "Writer", "Screenplay", "Written by"),
    "music": ("Music", "Music", "Music by", "Original Music", "Composer"),
    "producers": ("Producer", "Producers", "Produced by"),
    "cinematography": ("Cinematography", "Director of Photography", "Cinematographer"),
    "editing": ("Editing", "Film Editing", "Edited by"),
    "runtime": ("Runtime", "Running Time", "Run Time"),
    "rating": ("Rated", "Rating", "MPAA Rating"),
    "genre": ("Genre", "Genres"),
    "language": ("Language", "Languages"),
    "country": ("Country", "Country of Origin"),
    "budget": ("Budget",),
    "aspect_ratio": ("Aspect Ratio",),
    "release_date": ("Release Date", "Released"),
    "box_office": ("Box Office", "Gross"),
}
# The reference page's head, then optional extras in a plausible order.
_CORE = _words("year|studio|stars|directors|writers|music")
_EXTRA = _words(
    "producers|cinematography|editing|runtime|rating|genre|language|country|budget|"
    "aspect_ratio|release_date|box_office"
)
_MONTHS = _words("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


class _PageWriter:
    """One page's worth of random choices; ``page()`` returns its text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.year = rng.randint(1921, 2029)
        self.core_title = self._title()
        self.title = self.core_title + rng.choice(_TITLE_EXTRAS)
        self.cast = [self._name() for _ in range(rng.randint(2, 9))]
        weights = (78, 19, 3)  # \n, \r\n, lone \r
        self.eol = rng.choices(_LINE_ENDS, weights)[0]

    # -- pieces ----------------------------------------------------------------------
    def _name(self) -> str:
        rng = self.rng
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if rng.random() < 0.08:
            name = f"{rng.choice(_FIRST)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(_LAST)}"
        return name

    def _names(self, names: list[str]) -> str:
        rng = self.rng
        parts = [n + (f", {rng.choice(_SUFFIX)}" if rng.random() < 0.05 else "") for n in names]
        if len(parts) > 1 and rng.random() < 0.15:
            joiner = rng.choice((" and ", " & ", ", and "))
            return ", ".join(parts[:-1]) + joiner + parts[-1]
        return rng.choice((", ", ", ", ", ", "; ", ",")).join(parts)

    def _title(self) -> str:
        rng = self.rng
        words = rng.sample(_TITLE_WORDS, rng.randint(1, 4))
        prefix = rng.choice(("", "", "", "The ", "A ", "Le ", "El "))
        return prefix + " ".join(words)

    def _sentence(self) -> str:
        rng = self.rng
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 22))]
        if rng.random() < 0.4:
            words.insert(rng.randrange(1, len(words)), f"{self.rng.choice(self.cast)}")
        if rng.random() < 0.2:
            at = rng.randrange(1, len(words))
            words[at] = f"{words[at]} ({rng.choice(self.cast)})"
        if rng.random() < 0.3:
            at = rng.randrange(2, len(words) - 1)
            words[at] = words[at] + ","
        if rng.random() < 0.1:
            words.append(f'"{rng.choice(_TITLE_WORDS)}"')
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice(_ENDINGS)

    def _paragraph(self) -> str:
        target = self.rng.randint(40, 200)
        sentences: list[str] = []
        count = 0
        while count < target:
            sentence = self._sentence()
            sentences.append(sentence)
            count += sentence.count(" ") + 1
        return " ".join(sentences)

    def _caption(self) -> str:
        rng = self.rng
        base = self.core_title
        if rng.random() < 0.2:
            return f"{rng.choice(self.cast)} in {base}"
        return f"{base} {rng.choice(_CAPTION_TAILS)}"

    def _value(self, field: str) -> str:
        rng = self.rng
        if field == "year":
            return rng.choice((f"{self.year}", f"{self.year}", f"({self.year})", f"{self.year} "))
        if field in {"studio", "distributor"}:
            return self._names(rng.sample(_STUDIOS, rng.choice((1, 1, 1, 2))))
        if field == "stars":
            return self._names(self.cast)
        if field in {"directors", "writers", "music", "producers", "cinematography", "editing"}:
            count = rng.choice((1, 1, 1, 2, 3))
            return self._names([self._name() for _ in range(count)])
        if field == "runtime":
            return rng.choice((f"{rng.randint(70, 200)} min", f"{rng.randint(70, 200)} minutes"))
        if field == "rating":
            return rng.choice(_RATINGS)
        if field == "genre":
            return self._names(rng.sample(_GENRES, rng.randint(1, 3)))
        if field == "language":
            return self._names(rng.sample(_LANGUAGES, rng.randint(1, 2)))
        if field == "country":
            return self._names(rng.sample(_COUNTRIES, rng.randint(1, 2)))
        if field == "budget":
            return rng.choice(("$", "£", "€")) + f"{rng.randint(1, 250)} million"
        if field == "aspect_ratio":
            return rng.choice(("1.85 : 1", "2.39 : 1", "1.37:1", "2.35 : 1"))
        if field == "release_date":
            return f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {self.year}"
        # box_office
        return f"${rng.randint(1, 900)},{rng.randint(0, 999):03d},{rng.randint(0, 999):03d}"

    def _credits(self) -> list[str]:
        rng = self.rng
        fields = [f for f in _CORE if rng.random() < 0.93]
        fields += sorted(rng.sample(_EXTRA, rng.randint(0, 6)), key=_EXTRA.index)
        lines = []
        page_sep = rng.choice(_SEPARATORS)
        for field in fields:
            # Pages mostly keep one separator; some lines drift (``Music- Nick Urata``).
            sep = page_sep if rng.random() < 0.8 else rng.choice(_SEPARATORS)
            value = self._value(field).rstrip()
            if sep == "- " and ":" in value:
                # The grammar reads "Aspect Ratio- 1.85 : 1" as the key "Aspect Ratio- 1.85"
                # (longest key wins); keep the corpus to lines it reads as intended.
                sep = " - "
            lines.append(rng.choice(_KEYS[field]) + sep + value)
        return lines

    # -- the page ------------------------------------------------------------------
    def page(self) -> str:
        rng = self.rng
        lines: list[str] = []  # None-free; "" means a blank line

        if rng.random() < 0.85:
            decade = _DECADES[min((self.year - 1920) // 10, len(_DECADES) - 1)]
            crumbs = ["Home", decade, self.title if rng.random() < 0.8 else self.core_title]
            if rng.random() < 0.15:
                crumbs.insert(1, "Reviews")
            seps = rng.choice(_CRUMB_SEPS)
            lines += [seps.join(crumbs), ""]
        lines += [self.title, ""]
        if rng.random() < 0.8:
            lines += [self._caption(), ""]
        credits = self._credits() if rng.random() < 0.97 else []
        lines += credits
        if credits:
            lines += ["", ""] if rng.random() < 0.7 else [""]
        for i in range(rng.randint(2, 8)):
            if i and rng.random() < 0.25:
                lines += [self._caption(), ""]
            lines += [self._paragraph(), ""]
        lines.pop()  # the blank after the last paragraph

        out = []
        for line in lines:
            trail = rng.choice((" ", "  ", "\t", "\u00a0")) if line and rng.random() < 0.03 else ""
            out.append(line + trail + self.eol)
        text = "".join(out)
        if rng.random() < 0.3:
            text = text[: -len(self.eol)]  # no break after the last line
        if rng.random() < 0.03:
            text = "\ufeff" + text
        return text


def generate_page(index: int, seed: int = 0) -> str:
    """Page ``index`` of the corpus ``seed`` (independent of the pages before it)."""
    return _PageWriter(random.Random(seed * 1_000_003 + index)).page()


def generate_pages(n: int, seed: int = 0) -> Iterator[str]:
    """``n`` realistic pages; the same ``(n, seed)`` always yields the same pages."""
    for index in range(n):
        yield generate_page(index, seed)


def write_dump(
    path: str | Path,
    *,
    n_pages: int | None = None,
    target_bytes: int | None = None,
    seed: int = 0,
    start: int = 0,
) -> tuple[int, int]:
    """Write a corpus: a ``.jsonl`` file (``{"id", "text"}`` per line) or a directory of ``.txt``.

    Pages ``start``, ``start + 1``, ... of corpus ``seed``; stops after ``n_pages``
    pages or once ``target_bytes`` (UTF-8 text) are written. Returns ``(pages, bytes)``.
    Text files are written byte for byte. ``id`` and ``text`` are the CLI's default
    JSONL fields.
    """
    if n_pages is None and target_bytes is None:
        raise ValueError("give n_pages or target_bytes")
    path = Path(path)
    jsonl = path.suffix == ".jsonl"
    if jsonl:
        path.parent.mkdir(parents=True, exist_ok=True)
        sink = path.open("w", encoding="utf-8", newline="")
    else:
        path.mkdir(parents=True, exist_ok=True)
    pages = written = 0
    try:
        while (n_pages is None or pages < n_pages) and (
            target_bytes is None or written < target_bytes
        ):
            index = start + pages
            text = generate_page(index, seed)
            data = text.encode("utf-8")
            name = f"page-{index:08d}"
            if jsonl:
                sink.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
            else:
                (path / f"{name}.txt").write_bytes(data)
            pages += 1
            written += len(data)
    finally:
        if jsonl:
            sink.close()
    return pages, written
