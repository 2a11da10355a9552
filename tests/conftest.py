"""Hypothesis profiles: ``ci`` (derandomized, bounded), ``dev``, ``fuzz`` (many examples).

``ci`` is the default, so the README's test command gives the same result on every run
and machine; pick another with ``REVIEWPARSE_PROFILE=dev pytest`` or ``=fuzz``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from reviewparse._strategies.profiles import register_profiles

# The profiles live in the library (reviewparse.strategies.PROFILES) so users get them too.
register_profiles(prefix="")
settings.load_profile(os.environ.get("REVIEWPARSE_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "examples" / "dump" / "ruby-sparks.txt"


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The reference page, exactly as shipped (no newline at the end)."""
    return REFERENCE.read_bytes().decode("utf-8")
