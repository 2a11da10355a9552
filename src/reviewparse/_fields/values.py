"""Normalising credit values: running times to minutes, release dates to dates.

Each reader returns None rather than guess: the raw text stays on the credit.
"""

from __future__ import annotations

import datetime as dt
import re

# "1 hour, 38 minutes", "1h 38m", "2 hrs. 5 mins", "98 min.", "98 minutes".
_HOURS = re.compile(r"(\d{1,2})\s*(?:hours?|hrs?\.?|h)(?![a-z])", re.IGNORECASE)
_MINUTES = re.compile(r"(\d{1,4})\s*(?:minutes?|mins?\.?|m)(?![a-z])", re.IGNORECASE)
# "1:41" (hours:minutes, "1:41:00" with seconds) and a bare "98".
_CLOCK = re.compile(r"\s*(\d{1,2}):([0-5]\d)(?::[0-5]\d)?\s*")
_BARE = re.compile(r"\s*(\d{1,4})\s*")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATES = (
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),  # 20 Apr 1957
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),  # April 20, 1957
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),  # 1957-04-20
)
# 04/20/1957 or 20.04.1957: day and month order is known only when one is > 12.
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})\b")


def runtime_minutes(text: str) -> int | None:
    """Minutes in a running time: ``"1:41"`` -> 101, ``"1 hour, 38 minutes"`` -> 98.

    A range (``"90-100 min"``) gives None; seconds (``"1:41:30"``) are dropped.
    """
    clock = _CLOCK.fullmatch(text)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    bare = _BARE.fullmatch(text)
    if bare:
        return int(bare.group(1))
    hours = _HOURS.search(text)
    minutes = _MINUTES.search(text, hours.end() if hours else 0)
    if hours is None and minutes is None:
        return None
    if any(found is not None and _ends_a_range(text, found.start()) for found in (hours, minutes)):
        return None  # "90-100 min": no one running time
    return (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)


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
    for pattern in _DATES:
        match = pattern.search(text)
        if match:
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTHS.get(month.casefold())
            return _date(match["year"], number, match["day"])
    numeric = _NUMERIC.search(text)
    if numeric:
        a, b = int(numeric["a"]), int(numeric["b"])
        if a > 12 >= b:  # day first
            return _date(numeric["year"], b, numeric["a"])
        if b > 12 >= a:  # month first
            return _date(numeric["year"], a, numeric["b"])
    return None
