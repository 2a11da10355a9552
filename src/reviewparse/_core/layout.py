"""From lines read one by one to the page's layout: what each line is, with evidence.

The grammar says what a line *can* be; this step decides what it *is* where it
stands, in passes over the whole page, each with one job:

1. **credits**: a known key with a separator is a credit; a known key standing
   bare or glued (``Directed by X``, ``StarringX``) only before a value that
   reads as its kind (names for people, a year for a year...); a key alone on
   its line takes the value lines below it, across blank lines; a key the
   lexicon does not know is a credit only inside a block of credits, with a
   short value. A key-value line that fails these is text again.
2. **the title**: every short line that is not clutter is a candidate, weighed
   by evidence: credits right after it (or on its own line), a label or a
   bracketed year (``Review: X``, ``X (1957)``), the breadcrumb's last crumb,
   standing first on the page. The best one is the title; later headings with
   evidence of their own start further films (listing pages).
3. **the rest**: site clutter (dates, bylines, navigation, share links) is
   ``Clutter``; before the title, so is any short line; after it, short lines
   are captions and long ones paragraphs.

Nothing here changes a character: a line's text goes into its record whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import islice

import attrs
from lark import Token

from reviewparse._core.grammar import HSPACE, Lexed, LexedPage, lex_as_text, piece, split_end
from reviewparse._core.records import (
    BlankLines,
    Breadcrumb,
    Caption,
    Clutter,
    Credit,
    Line,
    Paragraph,
    Title,
    Unparsed,
)
from reviewparse._fields import headings, memo, names, shapes
from reviewparse._fields.lexicon import PEOPLE_FIELDS, Lexicon, normalise
from reviewparse._fields.values import is_only_year, runtime_minutes

_INLINE_PREFIX = re.compile(r"[^\w(]*\(?|[^\w]*")
_OPEN_LIST = re.compile(r"(?:[,;&/]|(?<=\s)and)$")
_SINGLE = frozenset(
    {
        "year",
        "runtime",
        "release_date",
        "rating",
        "title",
        "original_title",
        "budget",
        "box_office",
        "aspect_ratio",
    }
)
_LIST_MARKS = frozenset({",", ";", "/", "|", "-", "–", "•", "·", "&"})
# Fields whose key alone on its line is more likely a heading than a key.
_NEEDS_COLON = frozenset({"title", "original_title"})
_UNPARSED = "holds a control character, which no line of text has"


class _Row:
    """One line on its way to a record.

    A plain class, not attrs: the layout step sets its fields pass by pass, and
    mypyc (the optional accelerator, docs/performance.md) compiles a plain class
    to a native one but refuses an attrs class body.
    """

    def __init__(
        self,
        kind: str,  # as lexed: blank junk breadcrumb rule key credit bare text
        raw: str,  # the line exactly as written, break included
        content: str,  # without its end
        end: str,
        credits: list[Credit] | None = None,
        *,
        lead: str = "",  # a text line's text before its credits
        known: bool = False,  # the first key is one the lexicon knows
    ) -> None:
        self.kind = kind
        self.raw = raw
        self.content = content
        self.end = end
        self.credits: list[Credit] = credits if credits is not None else []
        self.lead = lead
        self.known = known
        # blank, unparsed, breadcrumb, title, credit, value, caption, paragraph, clutter
        self.role = ""
        self.owner = -1  # for a value line: the row of the credit it belongs to
        self.take: list[int] = []  # rows this credit takes as its value lines
        # The heading the line reads as, once asked (its text is settled by then).
        self.heading: headings.Heading | None = None
        self.read = False


def layout(page: LexedPage, lexicon: Lexicon) -> tuple[Line, ...]:
    """The records of a page's lines, in order."""
    memo.forget()
    rows = [_row(line, lexicon) for line in page.lines]
    _trails(rows, lexicon)
    _credits(rows, lexicon)
    _values(rows, lexicon)
    _continuations(rows)  # of known keys, which an unknown key below may then join
    _unknown_keys(rows)
    _continuations(rows)
    _place(rows, lexicon)
    return tuple(_records(rows))


# ---- reading a line's tokens ---------------------------------------------------
def _row(line: Lexed, lexicon: Lexicon) -> _Row:
    raw = "".join(line.tokens)
    if line.kind in ("blank", "junk", "breadcrumb", "rule"):
        content, end = split_end(raw)
        return _Row(line.kind, raw, content, end)
    if line.kind == "key":
        content, end = split_end(raw)
        prefix = piece("_PREFIX").match(content)
        start = prefix.end() if prefix else 0
        key, separator = _colon_off(content[start:])
        credit = attrs.evolve(_credit(key, separator, "", content[:start], lexicon), end=end)
        return _Row("key", raw, content, end, [credit], known=True)
    tokens = list(line.tokens)
    end = ""
    if tokens and tokens[-1].type == "LINE_END":
        end = str(tokens.pop())
    content = raw[: len(raw) - len(end)]
    if line.kind == "text":
        lead = str(tokens.pop(0))
        credits = _inline_credits(tokens, lexicon)
        return _Row("text", raw, content, end, credits, lead=lead)
    credits = _line_credits(tokens, lexicon)
    row = _Row(line.kind, raw, content, end, credits)
    row.known = bool(credits and credits[0].fields)
    return row


def _colon_off(text: str) -> tuple[str, str]:
    """``"Cast:"`` -> (``"Cast"``, ``":"``); ``"**Year:**"`` keeps its emphasis in the separator."""
    cut = len(text.rstrip("*_"))
    if not cut or text[cut - 1] not in ":：":
        return text, ""
    key = text[: cut - 1].rstrip("*_").rstrip(" \t\u00a0")
    return key, text[len(key) :]


def _space_off(token: str) -> tuple[str, str]:
    """A bare key and the spaces after it, which are its separator."""
    key = token.rstrip(HSPACE)
    return key, token[len(key) :]


def _credit(key: str, separator: str, value: str, prefix: str, lexicon: Lexicon) -> Credit:
    """A credit further along its line (its end is set when the line's last is known)."""
    return Credit(key, separator, value, "", (), prefix, (), lexicon.fields_of(key))


def _split_key(token: str, pattern: re.Pattern[str]) -> tuple[str, str]:
    match = pattern.match(token)
    start = match.end() if match else 0
    return token[:start], token[start:]


def _line_credits(tokens: list[Token], lexicon: Lexicon) -> list[Credit]:
    """A credit line's credits: the first, then those further along the line."""
    first = tokens.pop(0)
    prefix, key = _split_key(first, piece("_PREFIX"))
    if first.type == "BARE_KEY":
        key, separator = _space_off(key)
    elif first.type == "GLUED_KEY":
        separator = ""
    else:
        separator = str(tokens.pop(0))
    value = ""
    if tokens and tokens[0].type in ("VALUE", "VALUE_PLAIN", "BARE_VALUE"):
        value = str(tokens.pop(0))
    credits = [_credit(key, separator, value, prefix, lexicon)]
    return credits + _inline_credits(tokens, lexicon)


def _inline_credits(tokens: list[Token], lexicon: Lexicon) -> list[Credit]:
    credits: list[Credit] = []
    while tokens:
        token = tokens.pop(0)
        start = _INLINE_PREFIX.match(token)
        cut = start.end() if start else 0
        prefix, key = token[:cut], token[cut:]
        if token.type == "BARE_INLINE_KEY":
            key, separator = _space_off(key)
        else:
            separator = str(tokens.pop(0))
        value = ""
        if tokens and tokens[0].type in ("VALUE", "VALUE_PLAIN", "BARE_VALUE"):
            value = str(tokens.pop(0))
        credits.append(_credit(key, separator, value, prefix, lexicon))
    return credits


# ---- pass 0: the breadcrumb --------------------------------------------------------
def _trails(rows: list[_Row], lexicon: Lexicon) -> None:
    """The breadcrumb is the first line that is not clutter, if it reads as a trail;
    any other line shaped like one is text (and may end in credits)."""
    top = True
    for index, row in enumerate(rows):
        if row.kind == "blank":
            continue
        if row.kind == "breadcrumb":
            if top and _is_trail(row.content, lexicon):
                row.role = "breadcrumb"
            else:
                rows[index] = _row(lex_as_text(row.raw, lexicon), lexicon)
        if top and not shapes.is_clutter(rows[index].content):
            top = False


# ---- pass 1: which key-value lines are credits ------------------------------------
def _credits(rows: list[_Row], lexicon: Lexicon) -> None:
    for row in rows:
        if row.kind == "blank":
            row.role = "blank"
        elif row.kind == "junk":
            row.role = "unparsed"
        elif row.kind == "key":
            if row.credits[0].field in _NEEDS_COLON and not row.credits[0].separator:
                _as_text(row)  # "Title" alone on its line is a title, not a key
            else:
                row.role = "credit"
        elif row.kind in ("credit", "bare") and row.known:
            if _holds(row, lexicon):
                row.role = "credit"
            else:
                _as_text(row)


def _holds(row: _Row, lexicon: Lexicon) -> bool:
    """Whether a line with a known first key reads as credits."""
    first = row.credits[0]
    if not first.value.strip() and shapes.is_clutter(row.content):
        return False
    if first.separator.strip() == "|" and not _table_row(row):
        return False  # "Star | Zvezda | Звезда": titles in three scripts
    if row.kind == "bare" or first.separator == "":
        return all(_reads_as(credit, lexicon) for credit in row.credits[:1])
    return True


def _table_row(row: _Row) -> bool:
    text = row.content.strip()
    return text.startswith("|") or text.endswith("|")


def _reads_as(credit: Credit, lexicon: Lexicon) -> bool:
    """A bare or glued credit's value is what its key asks for: names, a year, minutes."""
    value = names.clean(credit.value)
    field = credit.field
    if not value or field is None:
        return False
    if field == "year":
        return is_only_year(value) is not None
    if field == "runtime":
        return runtime_minutes(value) is not None
    if field == "release_date":
        return bool(shapes.years(value))
    if normalise(credit.key) in lexicon.checked:
        return False
    if shapes.is_prose(value):
        return False
    if field in PEOPLE_FIELDS:
        found = names.people([value], lexicon)
        if not found:
            return False
        first = found[0][0]
        return len(first.split()) >= 2 or not first.isascii()
    return len(value.split()) <= 8 and not value[:1].islower()


def _as_text(row: _Row) -> None:
    """A key-value line that is not a credit is text; credits further along it stay
    credits (``WAS UNS NICHT UMBRINGT | Regie: X``)."""
    later = [credit for credit in row.credits[1:] if credit.fields]
    if row.kind == "credit" and later and later[0] is row.credits[1]:
        first = row.credits[0]
        row.lead = first.prefix + first.key + first.separator + first.value
        row.credits = row.credits[1:]
    else:
        row.lead = row.content
        row.credits = []
    row.kind = "text"
    row.known = False


# ---- pass 2: values on the lines below their key ----------------------------------------
def _values(rows: list[_Row], lexicon: Lexicon) -> None:
    for index, row in enumerate(rows):
        if row.role != "credit" or row.owner >= 0:
            continue
        last = row.credits[-1]
        if not last.value.strip():
            _take_below(rows, index, last, lexicon)


def _continuations(rows: list[_Row]) -> None:
    for index, row in enumerate(rows):
        if (
            row.role == "credit"
            and not row.take
            and _OPEN_LIST.search(row.credits[-1].value.rstrip())
        ):
            _take_continuations(rows, index)


def _take_below(rows: list[_Row], index: int, credit: Credit, lexicon: Lexicon) -> None:
    """A key with no value on its line takes the value lines below it."""
    field = credit.field
    taken: list[int] = []
    values = 0
    position = index + 1
    while position < len(rows):
        row = rows[position]
        if row.kind == "blank":
            if values and field in _SINGLE:
                break
            position += 1
            continue
        if field == "crew" and row.kind == "key" and values:
            values += 1  # "Jacky Pang" / "Producer": in a crew list, a job under each name
        elif (row.role == "credit" or row.kind in ("junk", "breadcrumb", "key")) and not (
            field == "stars" and row.kind == "credit" and not row.known
        ):
            break  # "Humphrey Bogart - Rick Blaine" is a cast entry, any other key a credit
        text = shapes.plain(row.content)
        if row.kind == "rule":
            if not values or text not in _LIST_MARKS:
                break
        elif shapes.is_clutter(text) and not _is_cast_detail(text, field, lexicon):
            break
        elif shapes.is_prose(text):
            if values or field not in PEOPLE_FIELDS or not names.people([text], lexicon):
                break
            taken.extend(range(index + 1, position + 1))
            values += 1
            position += 1
            break  # "A, B, C. And the review goes on": the names, and no further
        elif values and rows[position - 1].kind == "blank" and _heads_credits(rows, position):
            break  # "The Weight of Snow" right above "Director:": the next film's heading
        else:
            values += 1
        taken.extend(range(taken[-1] + 1 if taken else index + 1, position + 1))
        position += 1
        if field in _SINGLE or field is None:
            break
        if field not in PEOPLE_FIELDS and values >= 1 and _next_is_blank(rows, position):
            break
    if not values and not credit.separator and rows[index].kind == "key":
        _as_text(rows[index])  # "Director" above prose: a heading, not a credit
        rows[index].role = ""
        return
    for at in taken:
        rows[at].role = "value"
        rows[at].owner = index
    rows[index].take = taken


def _heads_credits(rows: Sequence[_Row], position: int) -> bool:
    after = position + 1
    return after < len(rows) and rows[after].role == "credit" and rows[after].owner < 0


def _is_cast_detail(text: str, field: str | None, lexicon: Lexicon) -> bool:
    return field == "stars" and text.casefold() in lexicon.notes


def _next_is_blank(rows: Sequence[_Row], position: int) -> bool:
    return position < len(rows) and rows[position].kind == "blank"


def _take_continuations(rows: list[_Row], index: int) -> None:
    """``Stars - A, B,`` then indented ``C, D``: the list goes on below."""
    position = index + 1
    taken: list[int] = []
    while position < len(rows):
        row = rows[position]
        if row.kind != "text" or row.raw[:1] not in (" ", "\t", "\u00a0") or row.credits:
            break
        taken.append(position)
        position += 1
        if not _OPEN_LIST.search(row.content.rstrip()):
            break
    for at in taken:
        rows[at].role = "value"
        rows[at].owner = index
    rows[index].take = taken


# ---- pass 3: keys the lexicon does not know ---------------------------------------------
def _unknown_keys(rows: list[_Row]) -> None:
    """An unknown key is a credit inside a block of credits, with a short value, before
    the synopsis: below it, ``Previous Title - X`` is a caption."""
    pending = [i for i, row in enumerate(rows) if row.kind == "credit" and not row.role]
    prose = next(
        (i for i, row in enumerate(rows) if row.kind == "text" and shapes.is_prose(row.content)),
        len(rows),
    )
    for index in pending:
        if index > prose:
            _as_text(rows[index])  # after the synopsis begins, only known keys are credits
    pending = [i for i in pending if i < prose]
    changed = True
    while changed:
        changed = False
        for index in pending:
            row = rows[index]
            if row.role or not _in_block(rows, index) or not _short_value(row):
                continue
            row.role = "credit"
            changed = True
    for index in pending:
        if not rows[index].role:
            _as_text(rows[index])


def _in_block(rows: Sequence[_Row], index: int) -> bool:
    """Right below a credit, or right above one with a line other than a breadcrumb
    before it (a heading at the top of the page, ``Heart Echo – The Beginning``, is not
    a credit). A blank line ends a block for unknown keys: ``Previous Title - X``
    after one is a caption."""
    above, gap_above = _neighbour(rows, index, -1)
    below, gap_below = _neighbour(rows, index, 1)
    if _OPEN_LIST.search(rows[index].credits[-1].value.rstrip()):
        while below is not None and rows[below].kind == "text" and rows[below].raw[:1] in " \t":
            below, gap_below = _neighbour(rows, below, 1)  # its list goes on below
    if above is not None and gap_above == 0 and rows[above].role in ("credit", "value"):
        return True
    return (
        below is not None
        and gap_below == 0
        and rows[below].role in ("credit", "value")
        and above is not None
        and rows[above].role != "breadcrumb"
    )


def _neighbour(rows: Sequence[_Row], index: int, step: int) -> tuple[int | None, int]:
    """The nearest row above or below that is not blank, and how many blanks lie between."""
    position, blanks = index + step, 0
    while 0 <= position < len(rows) and rows[position].kind == "blank":
        position += step
        blanks += 1
    return (position if 0 <= position < len(rows) else None), blanks


def _short_value(row: _Row) -> bool:
    value = " ".join(c.value for c in row.credits)
    key = row.credits[0].key
    return (
        len(key.split()) <= 4
        and len(value) <= 100
        and not shapes.is_prose(value)
        and not shapes.is_clutter(row.content)
        and not headings.read(row.content).marked  # "Film Review – X (1951)" heads the block
        and (len(row.content) > 160 or headings.data(row.content) is None)  # "Drame – France – 2h"
    )


# ---- pass 4: breadcrumb, titles, and the rest -------------------------------------------
def _place(rows: list[_Row], lexicon: Lexicon) -> None:
    open_rows = [i for i, row in enumerate(rows) if not row.role]
    crumb = next((i for i, row in enumerate(rows) if row.role == "breadcrumb"), None)
    title = _title(rows, open_rows, crumb)
    if title is not None:
        rows[title].role = "title"
        _further_titles(rows, title, lexicon)
    first = title if title is not None else _first_content(rows)
    for index in open_rows:
        row = rows[index]
        if row.role:
            continue
        text = shapes.plain(row.content)
        if row.kind == "rule" or shapes.is_clutter(text):
            row.role = "clutter"
        elif shapes.is_prose(text) or row.credits:
            row.role = "paragraph"
        elif first is not None and index < first:
            row.role = "clutter"
        elif len(text) <= 120 and not text.endswith((".", "!", "?", ":", ";", ",", "…", "。")):
            row.role = "caption"
        else:
            row.role = "paragraph"


def _is_trail(text: str, lexicon: Lexicon) -> bool:
    """``Home > Films > X``: an arrow separator; or three crumbs or more with no running
    time or credit among them (``Happy End 2. Woche | FSK 12 | 107 Min.`` heads a film)."""
    if any(mark in text for mark in ">»→"):
        return True
    crumbs = re.split(r"\s[|/]\s|\|", text)
    if len(crumbs) < 3 or any(_is_credit(crumb, lexicon) for crumb in crumbs):
        return False
    if shapes.plain(crumbs[0]).casefold() in shapes.words_of("home_words"):
        return True
    heading = headings.read(text)
    return heading.runtime is None and not heading.marked and not shapes.is_clutter(text)


def _is_credit(text: str, lexicon: Lexicon) -> bool:
    """``Regie: X``: a known key and a colon."""
    key, colon, _ = text.replace("：", ":").partition(":")
    return bool(colon) and bool(lexicon.fields_of(key))


def _candidate(row: _Row) -> headings.Heading | None:
    """The heading a line would be if it were a title, or None when it cannot be one."""
    if row.kind not in ("text", "breadcrumb", "credit") or row.role:
        return None
    if not row.read:
        row.heading, row.read = _heading(row), True
    return row.heading


def _heading(row: _Row) -> headings.Heading | None:
    """``_candidate``'s reading of a line, which its role does not change."""
    text = shapes.plain(row.lead if row.kind == "text" else row.content)
    if not text or not shapes.is_headline(text) or shapes.is_clutter(text):
        return None
    if shapes.is_genre_line(text):
        return None  # "Norsk drama": the film's genre, not its title
    heading = headings.read(row.content)
    if heading.title is None:
        return None
    if not heading.marked:
        beside = heading.year is not None or heading.runtime is not None
        if not beside and headings.data(text) is not None:
            return None  # "2017 / 90m - Japan": facts, not a title
        if text.endswith(".") and len(text.split()) >= 4 and text.split()[-1][:1].islower():
            return None  # a sentence ("... dålig film."; not "Heart Lost, Inc.")
        if _BULLETED.match(row.content):
            return None  # an item of a list ("• 1080p")
    return heading


_BULLETED = re.compile(r"\s*[•*·▪‣◦-]\s")
_NUMBERED = re.compile(r"\s*#?1[.)]\s")


def _title(rows: list[_Row], open_rows: list[int], crumb: int | None) -> int | None:
    """The row of the page's title: the candidate with the most evidence."""
    last_crumb = ""
    if crumb is not None:
        parts = re.split(r"\s*[>»→|]\s*|\s+/\s+", shapes.plain(rows[crumb].content))
        last_crumb = _same_title(parts[-1]) if parts else ""
    best: tuple[_Evidence, int] | None = None
    first_text = True
    seen_prose = seen_credits = content_before = False
    earlier: list[str] = []  # the titles of the candidates so far
    for index, row in enumerate(rows):
        if row.role == "credit":
            seen_credits = True
            content_before = content_before or shapes.is_prose(row.content)
            continue
        heading = _candidate(row)
        if heading is None or heading.title is None:
            if row.kind == "text" and shapes.is_prose(row.content):
                seen_prose = True
                content_before = content_before or seen_credits
            continue
        if any(
            _mentions(heading.title, before)
            and (len(before.split()) >= 2 or shapes.is_caption(heading.title))
            for before in earlier
        ):
            continue  # "Ruby Sparks poster" below "Ruby Sparks": a caption of the title
        earlier.append(heading.title)
        bonus = 2 if first_text and not seen_prose else 0
        first_text = False
        if content_before and not heading.marked:
            continue  # the page began with a film's credits and prose: this heads a later one
        evidence = _Evidence(rows, index, heading, last_crumb, bonus)
        if (seen_prose or content_before) and not evidence.strong():
            continue  # a short line after the prose has begun is a caption, not a title
        if evidence.beats(best[0] if best is not None else None):
            best = (evidence, index)
    return best[1] if best is not None else None


class _Evidence:
    """What says a candidate line is the film's title, as a score.

    The score is a sum of bounded terms, and most candidates only need comparing:
    with a score of 2 at least, above the best so far. So a term is computed only
    when the bounds of the sum cannot settle the comparison, cheap terms first; a
    lone title with plain evidence is never looked around.
    """

    def __init__(
        self, rows: Sequence[_Row], index: int, heading: headings.Heading, crumb: str, bonus: int
    ) -> None:
        assert heading.title is not None
        self.rows, self.index, self.heading = rows, index, heading
        self.title = title = _same_title(heading.title)
        self.seen: dict[str, int] = {}  # what the scans found (credits, data, numbered)
        row = rows[index]
        known = bonus  # the page's first candidate before any prose
        known += 3 if heading.marked else 1 if heading.suffixed else 0
        known += 2 if heading.year is not None or heading.runtime is not None else 0
        known += 2 if row.content.lstrip().startswith("#") else 0  # a Markdown heading
        if crumb and title == crumb:
            known += 4
        elif crumb and title.startswith(crumb):
            known += 3  # "Sparks" in the trail, "Sparks 2" the heading
        self.numbered_line = bool(_NUMBERED.match(row.content))
        # (least, most, term), in the order they are computed.
        self.pending: list[tuple[int, int, Callable[[], int]]] = [
            (-3, 0, self._caption),
            (-3, 0, self._names),
            (0, 4, self._credits),
            (0, 3, self._after_date),
            (0, 3, self._byline),
            (0, 3, self._numbered),
            (0, 3, self._data),
            (0, 2, self._repeated),
        ]
        if not heading.marked:
            self.pending.insert(1, (-2, 0, self._site))
        self.low = known + sum(term[0] for term in self.pending)
        self.high = known + sum(term[1] for term in self.pending)

    def strong(self) -> bool:
        """Credits or data below it, a label, a list's first item: a heading anywhere."""
        row = self.rows[self.index]
        return bool(
            row.credits
            or self.heading.marked
            or self._scan("numbered")
            or self._scan("after")
            or self._scan("data")
        )

    def beats(self, best: _Evidence | None) -> bool:
        """Whether the score is 2 at least and above ``best``'s."""
        while True:
            least = max(1, best.low) if best is not None else 1
            most = max(1, best.high) if best is not None else 1
            if self.low > most:
                return True
            if self.high <= least:
                return False
            if not self._refine() and best is not None:
                best._refine()

    def _refine(self) -> bool:
        """Compute the next pending term; False when none is left."""
        if not self.pending:
            return False
        least, most, term = self.pending.pop(0)
        value = term()
        self.low += value - least
        self.high += value - most
        return True

    def _scan(self, name: str) -> int:
        if name not in self.seen:
            rows, index = self.rows, self.index
            if name == "after":
                found = _credits_after(rows, index, self.title)
            elif name == "data":
                found = _data_after(rows, index)
            else:
                found = int(self.numbered_line and _numbered_next(rows, index))
            self.seen[name] = found
        return self.seen[name]

    def _credits(self) -> int:
        if self.rows[self.index].credits:
            return 4
        after = self._scan("after")
        return 4 if after == 1 else {0: 0, 2: 2}.get(after, 1)

    def _after_date(self) -> int:
        return 3 if _after_date(self.rows, self.index) else 0  # a post's date, then its title

    def _byline(self) -> int:
        return 3 if _byline_after(self.rows, self.index) else 0  # a post's title, then its byline

    def _numbered(self) -> int:
        return 3 if self._scan("numbered") else 0  # the first item of a numbered list of films

    def _data(self) -> int:
        return {1: 3, 2: 1}.get(self._scan("data"), 0)

    def _repeated(self) -> int:
        return 2 if _repeated(self.rows, self.index, self.title) else 0  # a heading, an infobox

    def _caption(self) -> int:
        title = self.heading.title or ""
        return -3 if shapes.is_caption(title) else 0  # "Summer DVD cover": a picture's caption

    def _site(self) -> int:
        title = self.heading.title or ""
        return -2 if shapes.has_site_words(title) else 0  # "Marginalia Film Notes": the site

    def _names(self) -> int:
        items = names.split_list(self.heading.title or "")
        return -3 if sum(len(item.split()) >= 2 for item in items) >= 3 else 0  # names, no title


def _mentions(text: str, title: str) -> bool:
    """Whether ``text`` names ``title``: all of its words, all but one of three or more,
    or its main title before a subtitle (``Heart Echo`` of ``Heart Echo – The Beginning``)."""
    if text == title:
        return False
    said = {_same_title(word) for word in text.split()}
    main = re.split(r":\s|\s[–—-]\s", title, maxsplit=1)[0]
    for name in dict.fromkeys((title, main)):
        words = [word for word in map(_same_title, name.split()) if word]
        missing = sum(word not in said for word in words)
        if words and (missing == 0 or (missing == 1 and len(words) >= 3)):
            return True
    return False


_NOT_ALNUM = re.compile(r"[\W_]+")


def _same_title(text: str) -> str:
    """A title reduced for comparison: case, quotes, punctuation and spacing dropped."""
    return _NOT_ALNUM.sub("", text[: headings.HEADING_LIMIT].casefold())


def _repeated(rows: Sequence[_Row], index: int, title: str, reach: int = 4) -> bool:
    seen = 0
    for row in islice(rows, index + 1, None):
        if row.kind == "blank":
            continue
        seen += 1
        if seen > reach:
            return False
        if (
            row.kind in ("text", "breadcrumb", "credit")
            and _may_name(row.content, title)
            and _same_title(headings.read(row.content).title or "") == title
        ):
            return True
    return False


def _may_name(text: str, title: str) -> bool:
    """Whether a line could be a heading of ``title`` (reduced by ``_same_title``).

    A heading's title is cut out of the line's text, so reduced it stands in the line
    reduced; only an HTML entity, decoded first, can add letters. This is far cheaper
    than reading the line as a heading, which the lines after a title mostly are not.
    """
    return "&" in text or title in _NOT_ALNUM.sub("", text.casefold())


def _numbered_next(rows: Sequence[_Row], index: int, reach: int = 4) -> bool:
    """Whether item 2 of the list follows within a few lines (a logline may stand between)."""
    seen = 0
    for row in islice(rows, index + 1, None):
        if row.kind == "blank":
            continue
        if re.match(r"\s*#?2[.)]\s", row.content):
            return True
        seen += 1
        if seen >= reach:
            return False
    return False


def _transparent(row: _Row, title: str) -> bool:
    """A line between a title and its credits that says nothing against it: the title
    again, a picture's caption, clutter (a date, a byline, a score), a line of genres
    or of names, a data line."""
    if row.role or row.kind not in ("text", "rule") or row.credits:
        return False
    text = row.content
    if (title and _same_title(text) == title) or shapes.is_caption(text):
        return True
    if row.kind == "rule" or shapes.is_clutter(text) or shapes.is_genre_line(text):
        return True
    if len(text) <= 160 and headings.data(text) is not None:
        return True
    items = names.split_list(text) if len(text) <= 300 else []
    return len(items) >= 2 and all(names.is_name(item) for item in items)


def _data_after(rows: Sequence[_Row], index: int, reach: int = 2) -> int:
    """How many lines below ``index`` an unlabelled data line stands (0: none near)."""
    seen = 0
    for row in islice(rows, index + 1, None):
        if row.kind == "blank":
            continue
        seen += 1
        if headings.data(row.content) is not None:
            return seen
        if seen >= reach or row.role == "credit":
            return 0
    return 0


def _byline_after(rows: Sequence[_Row], index: int) -> bool:
    for row in islice(rows, index + 1, None):
        if row.kind != "blank":
            return shapes.is_byline(row.content)
    return False


def _after_date(rows: Sequence[_Row], index: int) -> bool:
    for position in range(index - 1, -1, -1):
        if rows[position].kind != "blank":
            return shapes.is_date(rows[position].content)
    return False


def _credits_after(rows: Sequence[_Row], index: int, title: str = "", reach: int = 4) -> int:
    """How many lines on the first credit below ``index`` stands (0: none near).

    Lines that say nothing against the title are looked through (``_transparent``);
    another heading between means the credits are its own.
    """
    seen = 0
    for row in islice(rows, index + 1, None):
        if row.kind == "blank" or _transparent(row, title):
            continue
        seen += 1
        if row.role == "credit" or (row.kind == "text" and row.credits):
            return seen
        if seen >= reach or shapes.is_prose(row.content) or _candidate(row) is not None:
            return 0  # the credits below belong to the heading nearer to them
    return 0


def _further_titles(rows: list[_Row], title: int, lexicon: Lexicon) -> None:
    """Headings of further films (listing pages): marked ones, or ones before credits again."""
    first = _same_title(headings.read(rows[title].content).title or "")
    seen: set[str] = set()
    content = False  # a credit or a paragraph since the last title
    for index in range(title + 1, len(rows)):
        row = rows[index]
        if row.role == "credit":
            seen.update(credit.field or "" for credit in row.credits)
            content = True
            continue
        if row.kind == "text" and shapes.is_prose(row.content):
            content = True
        heading = _candidate(row)
        if heading is None or heading.title is None or shapes.is_prose(row.content):
            continue
        name = _same_title(heading.title)
        if not content or (first and first in name):
            continue
        near = _credits_after(rows, index, reach=2)
        restated = near and _fields_below(rows, index) & (seen - {""})
        if heading.marked or restated or (row.credits and seen):
            row.role = "title"
            first = name
            seen = set()
            content = False


def _fields_below(rows: Sequence[_Row], index: int) -> set[str]:
    fields: set[str] = set()
    for row in islice(rows, index + 1, None):
        if row.kind == "blank" or row.role == "value" or _transparent(row, ""):
            continue
        if row.role != "credit":
            break
        fields.update(credit.field or "" for credit in row.credits)
    return fields


def _first_content(rows: Sequence[_Row]) -> int | None:
    """Without a title, the page's content starts at its first credit or paragraph."""
    for index, row in enumerate(rows):
        if row.role == "credit" or (row.kind == "text" and shapes.is_prose(row.content)):
            return index
    return None


# ---- records ---------------------------------------------------------------------------
def _records(rows: list[_Row]) -> list[Line]:
    records: list[Line] = []
    blanks: list[str] = []
    for index, row in enumerate(rows):
        if row.role == "value":
            continue
        if row.role == "blank":
            blanks.append(row.raw)
            continue
        if blanks:
            records.append(BlankLines(tuple(blanks)))
            blanks = []
        records.append(_record(rows, index))
    if blanks:
        records.append(BlankLines(tuple(blanks)))
    return records


def _record(rows: list[_Row], index: int) -> Line:
    row = rows[index]
    role = row.role
    if role == "unparsed":
        return Unparsed(row.content, row.end, _UNPARSED)
    if role == "breadcrumb":
        return _crumbs(row)
    if role == "credit":
        more = tuple(rows[at].raw for at in row.take)
        return _credit_line(row.credits, row.end, more)
    if role in ("title", "paragraph") and row.kind == "text" and row.credits:
        credits = _ended(row.credits, row.end)
        return (Title if role == "title" else Paragraph)(row.lead, "", credits)
    text = row.content
    if role == "title":
        return Title(text, row.end)
    if role == "paragraph":
        return Paragraph(text, row.end)
    if role == "caption":
        return Caption(text, row.end)
    return Clutter(text, row.end)


def _ended(credits: list[Credit], end: str, more: tuple[str, ...] = ()) -> tuple[Credit, ...]:
    """The credits of one line, the last holding the line's end and the lines below."""
    last = credits[-1]
    ended = Credit(last.key, last.separator, last.value, end, more, last.prefix, (), last.fields)
    return (*credits[:-1], ended)


def _credit_line(credits: list[Credit], end: str, more: tuple[str, ...]) -> Credit:
    pieces = _ended(credits, end, more)
    first = pieces[0]
    if len(pieces) == 1:
        return first
    return Credit(
        first.key, first.separator, first.value, "", (), first.prefix, pieces[1:], first.fields
    )


def _crumbs(row: _Row) -> Breadcrumb:
    stripped = row.content.lstrip(HSPACE)
    parts = re.split(f"({piece('CRUMB_SEPARATOR').pattern})", stripped)
    indent = row.content[: len(row.content) - len(stripped)]
    return Breadcrumb(tuple(parts[0::2]), tuple(parts[1::2]), row.end, indent)
