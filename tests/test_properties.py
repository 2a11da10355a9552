"""The invariants, as Hypothesis properties over arbitrary text."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

import reviewparse
from reviewparse import ReviewParseError

# Characters that stress the line model: every break Python knows, BOM, NBSP, dashes.
TRICKY = st.sampled_from(
    ["\r", "\n", "\r\n", "\x85", "\u2028", "\u2029", "\x00", "\ufeff", "\u00a0", "\t", "\x0b",
     "\x0c", "\x1c", " - ", "- ", "–", "—", ":", " > ", "»", "|", "Year", "Stars", "\udcff"]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(TRICKY, st.text(max_size=5)), max_size=30).map("".join),
)


@given(TEXTS)
@example("")
@example("\ufeff")
@example("\r\r\n\n")
@example("Year - ")
def test_render_parse_is_identity(text: str) -> None:
    assert reviewparse.render(reviewparse.parse(text)) == text


@given(TEXTS)
def test_parse_is_idempotent(text: str) -> None:
    page = reviewparse.parse(text)
    assert reviewparse.parse(reviewparse.render(page)) == page


@given(TEXTS)
def test_strict_raises_only_review_parse_error(text: str) -> None:
    try:
        page = reviewparse.parse(text, strict=True)
    except ReviewParseError as error:
        assert error.line >= 1 and error.column >= 1
        assert "^" in str(error)
    else:
        assert reviewparse.render(page) == text
        assert page == reviewparse.parse(text)
