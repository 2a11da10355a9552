"""Hypothesis settings profiles: derandomized and bounded for CI, longer runs by name."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

PROFILES: dict[str, settings] = {
    # CI: the same examples on every run, bounded time, a blob to reproduce a failure.
    "ci": settings(
        derandomize=True,
        max_examples=100,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    ),
    # Local development: random, a few more examples, the example database on.
    "dev": settings(max_examples=200, deadline=None),
    # Long runs hunting rare bugs (REVIEWPARSE_PROFILE=fuzz).
    "fuzz": settings(
        max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    ),
}


def register_profiles(prefix: str = "reviewparse-") -> tuple[str, ...]:
    """Register ``PROFILES`` as ``<prefix>ci``, ``<prefix>dev``, ``<prefix>fuzz``.

    Load one with ``settings.load_profile("reviewparse-ci")``. The prefix keeps
    them apart from a project's own profiles; this project's tests use ``""``.
    """
    names = []
    for name, profile in PROFILES.items():
        settings.register_profile(prefix + name, profile)
        names.append(prefix + name)
    return tuple(names)
