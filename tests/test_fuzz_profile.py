"""The fuzz oracles (fuzz/oracles.py) at scale with Hypothesis; each fuzz finding as a regression.

The ``fuzz``-marked properties are excluded from the default run; run them with::

    REVIEWPARSE_PROFILE=fuzz pytest -m fuzz tests/test_fuzz_profile.py

(20,000 examples each). The coverage-guided fuzzer is ``fuzz/run.sh SECONDS``.
The regression inputs run in the default suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fuzz"))

from oracles import check_all, check_bytes, check_text  # noqa: E402

# Pieces that pages are made of, so random text reaches deep grammar states.
PIECES = st.sampled_from(
    ["\r", "\n", "\r\n", "\ufeff", "\u00a0", "\t", " ", " - ", "- ", " -", ": ", "::", "–", "—",
     " > ", "»", "→", "|", "Home", "Title", "Year", "Stars", "Directed by", "Music", "2012",
     "Paul Dano", ", ", " and ", ".", "…", "'", ")", "\x00", "\udcff", "\x85", "\u2028"]
)  # fmt: skip
PAGE_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)
BOM_PREFIX = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"])

# Each input once found by fuzz/run.sh (or by the properties below), kept as a seed too.
FINDINGS = sorted((ROOT / "fuzz" / "seeds").glob("regress-*"))


@pytest.mark.parametrize("path", FINDINGS, ids=lambda p: p.name)
def test_fuzz_finding_stays_fixed(path: Path) -> None:
    check_all(path.read_bytes())


def test_there_are_findings_to_replay() -> None:
    assert FINDINGS, "fuzz/seeds/regress-* holds the fuzzer's findings"


def test_oracle_catches_a_broken_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    """The oracles are not vacuous: a parse that drops a character is reported."""
    import reviewparse

    real = reviewparse.parse
    monkeypatch.setattr(reviewparse, "parse", lambda text, **kw: real(text[:-1], **kw))
    with pytest.raises(AssertionError, match="round-trip"):
        check_text("Title\n\nYear - 2012\n")


@pytest.mark.fuzz
@given(st.one_of(st.text(), PAGE_TEXT))
def test_text_oracles_at_scale(text: str) -> None:
    check_text(text)


@pytest.mark.fuzz
@given(BOM_PREFIX, st.one_of(st.binary(), PAGE_TEXT.map(lambda t: t.encode("utf-8", "replace"))))
def test_bytes_oracles_at_scale(prefix: bytes, data: bytes) -> None:
    check_bytes(prefix + data)


@pytest.mark.fuzz
@given(st.sampled_from(["utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252"]), PAGE_TEXT)
def test_encoded_pages_at_scale(encoding: str, text: str) -> None:
    data = text.encode(encoding, "replace")
    check_bytes(data)
