"""Coverage-guided fuzz target (atheris/libFuzzer) for parse() in both modes and parse_bytes().

Every input is checked as text (the bytes decoded as UTF-8 with surrogateescape,
so any byte string is a str and the seeds read as pages) and as bytes (the
decoding policy of ``reviewparse._core.files``, plus forced Latin-1), with the
invariants in ``oracles.py`` as the oracles. Coverage is traced in reviewparse
and lark.

Run ``fuzz/run.sh [seconds]``; findings land in ``$FUZZ_ARTIFACTS``
(default /tmp/reviewparse-fuzz-artifacts) and each becomes a regression test in
tests/test_fuzz_profile.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["reviewparse", "lark"]):
    # ``import reviewparse`` alone loads almost nothing (its names resolve lazily), so the
    # modules that parse, decode and build records are imported here, to be instrumented.
    import lark  # noqa: F401

    import reviewparse._core.files
    import reviewparse._core.parse
    import reviewparse._core.schema_org
    import reviewparse._fields.people

    reviewparse._core.parse.parse("")  # builds (or loads) the parser inside the instrumented block

from oracles import check_all


def main() -> None:
    atheris.Setup(sys.argv, check_all)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
