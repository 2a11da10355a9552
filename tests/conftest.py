"""Hypothesis profiles: ``ci`` (derandomized, bounded), ``dev``, ``fuzz`` (many examples).

Pick one with ``REVIEWPARSE_PROFILE=fuzz pytest``; CI (``CI=true``) uses ``ci``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=20_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("REVIEWPARSE_PROFILE", "ci" if os.environ.get("CI") else "dev")
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "examples" / "dump" / "ruby-sparks.txt"


@pytest.fixture(scope="session")
def reference_text() -> str:
    """The reference page, exactly as shipped (no newline at the end)."""
    return REFERENCE.read_bytes().decode("utf-8")
