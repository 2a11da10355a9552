"""How the commands say what they counted: one vocabulary, and plurals that agree.

Every command calls a page that needed the lenient parser "parsed leniently"
and one that did not "parsed strictly"; counts of things go through ``counted``.
"""

from __future__ import annotations

STRICTLY = "parsed strictly"
LENIENTLY = "parsed leniently"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 diagnostic``, ``2 diagnostics``, ``0 pages`` (``plural`` when adding s is wrong)."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
