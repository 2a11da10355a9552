"""Hypothesis profiles: ``ci`` (derandomized, bounded), ``dev``, ``fuzz`` (many examples).

Pick one with ``REVIEWPARSE_PROFILE=fuzz pytest``; CI (``CI=true``) uses ``ci``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from reviewparse.strategies import register_profiles

# The profiles live in the library (reviewparse.strategies.PROFILES) so users get them too.
register_profiles(prefix="")
settings.load_profile(
    os.environ.get("REVIEWPARSE_PROFILE", "ci" if os.environ.get("CI") else "dev")
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "examples" / "dump" / "ruby-sparks.txt"


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The reference page, exactly as shipped (no newline at the end)."""
    return REFERENCE.read_bytes().decode("utf-8")
