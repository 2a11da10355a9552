"""Normalising credit values: running times to minutes, release dates to dates.

Each reader returns None rather than guess: the raw text stays on the credit.
"""

from __future__ import annotations

import datetime as dt
import re

from reviewparse._fields.shapes import month_numbers

# Units, in the languages of the lexicon: hours, then minutes.
_HOUR_UNITS = (
    r"hours?|hrs?\.?|h\.?|heures?|std\.?|stunden?|horas?|ore|uur|u|timer?|tim(?:mar)?|t"
    r"|godz\.?|hod\.?|ч\.?|час(?:а|ов)?|saat|sa\.?|時間|小時|小时|시간|घंटे|घंटा|óra"
)
_MINUTE_UNITS = (
    r"minutes?|mins?\.?|m\.?|minuten|minuter|minutter|minut(?:y|ów|a)?|minút|minutos?|minuti"
    r"|мин\.?|минут[аы]?|dk\.?|dakika|分(?:钟|鐘)?|분|मिनट|perc|p\.?|'|′|’(?!’)"
)
# "1 hour, 38 minutes", "1h 38m", "2 hrs. 5 mins", "1小時52分", "2h 02'", "2h 15".
_HOURS = re.compile(rf"(?<![\d.,])(\d{{1,2}})\s*(?:{_HOUR_UNITS})(?![^\W\d_])", re.IGNORECASE)
_MINUTES = re.compile(rf"(?<![\d.,])(\d{{1,4}})\s*(?:{_MINUTE_UNITS})(?![^\W\d_])", re.IGNORECASE)
_AFTER_HOURS = re.compile(r"\s*(?:,\s*)?(?:and\s+)?(\d{1,2})(?![\d.:/])")
# "1:41" (hours:minutes, "1:41:00" with seconds) and a bare "98".
_CLOCK = re.compile(r"\s*(\d{1,2}):([0-5]\d)(?::[0-5]\d)?\s*")
_BARE = re.compile(r"\s*(\d{1,4})\.?\s*")

_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|e|\.)?"
_MONTH = r"(?P<month>[^\W\d_]{3,12})\.?"
_YEAR = r"(?P<year>\d{4})"
_DATES = (
    re.compile(rf"(?<!\d){_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}(?!\d)"),  # 20 Apr 1957
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)"),  # April 20, 1957
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),  # 1957-04-20
    re.compile(r"(?<!\d)(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"),  # 2020年1月10日
    re.compile(
        r"(?<!\d)(?P<year>\d{4})년\s*(?P<month>\d{1,2})월\s*(?P<day>\d{1,2})일"
    ),  # 2019년 5월 30일
)
# 04/20/1957 or 20.04.1957: day and month order is known only when one is > 12.
_NUMERIC = re.compile(r"(?<!\d)(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})(?!\d)")


def runtime_minutes(text: str, *, unit_required: bool = False) -> int | None:
    """Minutes in a running time: ``"1:41"`` -> 101, ``"1 hour, 38 minutes"`` -> 98.

    A range (``"90-100 min"``) gives None; seconds (``"1:41:30"``, ``48’16’’``) are
    dropped. With ``unit_required`` (text that is not a running-time credit) a
    number counts only with a unit after it, and a clock time not at all.
    """
    if not unit_required:
        clock = _CLOCK.fullmatch(text)
        if clock:
            return int(clock.group(1)) * 60 + int(clock.group(2))
        bare = _BARE.fullmatch(text)
        if bare:
            return int(bare.group(1))
    hours = _HOURS.search(text)
    minutes = _MINUTES.search(text, hours.end() if hours else 0)
    if hours is not None and minutes is None:
        after = _AFTER_HOURS.match(text, hours.end())  # "2h 15": minutes with no unit
        if after is not None and int(after.group(1)) < 60:
            total = int(hours.group(1)) * 60 + int(after.group(1))
            return total if total < (600 if unit_required else 1500) else None
    if minutes is not None and hours is not None and minutes.start() - hours.end() > 6:
        minutes = None  # "2 hours ... 40 minutes" far apart: not one running time
    if hours is None and minutes is None:
        return None
    if any(found is not None and _ends_a_range(text, found.start()) for found in (hours, minutes)):
        return None  # "90-100 min": no one running time
    total = (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)
    limit = 600 if unit_required else 1500  # "Arte – 20h55": a time of day, not ten hours
    return total if 0 < total < limit else None


def _ends_a_range(text: str, start: int) -> bool:
    """Whether the number at ``start`` closes a range: ``"90-"`` or ``"90 to "`` before it."""
    before = text[:start].rstrip()
    for dash in ("-", "–", "—", " to"):
        if before.endswith(dash):
            return before[: -len(dash)].rstrip()[-1:].isdigit()
    return False


def iso_duration(minutes: int) -> str:
    """ISO 8601 duration: 98 -> ``"PT1H38M"``, 60 -> ``"PT1H"``, 0 -> ``"PT0M"``."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _date(year: str, month: int | None, day: str) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def release_date(text: str) -> dt.date | None:
    """The date in a release value when it is unambiguous: ``"20 Apr 1957 (USA)"``."""
    months = month_numbers()
    for pattern in _DATES:
        match = pattern.search(text)
        if match:
            month = match["month"]
            number = int(month) if month.isdigit() else months.get(month.casefold())
            found = _date(match["year"], number, match["day"])
            if found is not None:
                return found
    numeric = _NUMERIC.search(text)
    if numeric:
        a, b = int(numeric["a"]), int(numeric["b"])
        if a > 12 >= b or "." in numeric.group():  # day first (dots: day first in Europe)
            return _date(numeric["year"], b, numeric["a"])
        if b > 12 >= a:  # month first
            return _date(numeric["year"], a, numeric["b"])
    return None


def is_only_year(text: str) -> int | None:
    """The year when a value is a year and nothing more (``"2009"``, ``"(2013)"``, ``"2013."``)."""
    match = re.fullmatch(r"\s*[(\[]?\s*(1[89]\d\d|20\d\d)\s*[)\]]?\.?\s*", text)
    return int(match.group(1)) if match else None
