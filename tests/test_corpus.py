"""The benchmark corpus: deterministic, realistic, and strictly parseable."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

import reviewparse
from reviewparse import Caption, Credit, Paragraph
from reviewparse._corpus import generate_page, generate_pages, write_dump

N = 300


@pytest.fixture(scope="module")
def pages() -> list[str]:
    return list(generate_pages(N, seed=7))


def test_same_seed_same_pages(pages: list[str]) -> None:
    assert list(generate_pages(20, seed=7)) == pages[:20]
    assert generate_page(13, seed=7) == pages[13]
    assert list(generate_pages(20, seed=8)) != pages[:20]


def test_every_page_parses_strictly_and_round_trips(pages: list[str]) -> None:
    for text in pages:
        page = reviewparse.parse(text, strict=True)
        assert page.render() == text
        assert page.is_strict
        assert page.title
        assert 2 <= len(page.paragraphs) <= 8


def test_paragraph_lengths_and_kinds(pages: list[str]) -> None:
    for text in pages[:50]:
        page = reviewparse.parse(text, strict=True)
        for paragraph in page.paragraphs:
            assert 40 <= len(paragraph.text.split()) <= 230
        for line in page.lines:
            if isinstance(line, Caption):
                assert len(line.text) <= 120


def test_variation_is_present(pages: list[str]) -> None:
    crlf = sum("\r\n" in p for p in pages) / N
    assert 0.1 < crlf < 0.3
    assert any("\r" in p and "\n" not in p for p in pages)  # lone CR pages
    assert any(p.startswith("\ufeff") for p in pages)
    separators = set()
    keys = set()
    for text in pages[:100]:
        for line in reviewparse.parse(text).lines:
            if isinstance(line, Credit):
                separators.add(line.separator)
                keys.add(line.key)
    assert {" - ", "- ", " -", " – ", "—", ": "} <= separators
    assert {"Year", "Studio", "Stars", "Director", "Writing Credits", "Music"} <= keys
    assert any("Jr." in p for p in pages)
    assert any("é" in p for p in pages)
    # Captions between paragraphs, not only in the head.
    assert any(_caption_after_paragraph(reviewparse.parse(p)) for p in pages[:100])


def _caption_after_paragraph(page: reviewparse.ReviewPage) -> bool:
    kinds = [type(x) for x in page.lines if not isinstance(x, reviewparse.BlankLines)]
    return any(a is Paragraph and b is Caption for a, b in pairwise(kinds))


def test_typed_view_reads_generated_credits(pages: list[str]) -> None:
    with_year = [reviewparse.parse(p) for p in pages if "Year" in p]
    assert with_year
    assert all(page.year is not None and 1920 <= page.year <= 2030 for page in with_year)
    assert sum(bool(reviewparse.parse(p).stars) for p in pages[:50]) > 30


def test_write_dump_jsonl_and_directory(tmp_path: Path) -> None:
    count, size = write_dump(tmp_path / "c.jsonl", n_pages=5, seed=3)
    rows = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text("utf-8").splitlines()]
    assert count == 5
    assert [r["text"] for r in rows] == list(generate_pages(5, seed=3))
    assert size == sum(len(r["text"].encode()) for r in rows)
    assert [r["id"] for r in rows] == [f"page-{i:08d}" for i in range(5)]
    write_dump(tmp_path / "d.jsonl", n_pages=2, seed=3, start=3)
    later = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text("utf-8").splitlines()]
    assert later == rows[3:]

    count, size = write_dump(tmp_path / "dir", target_bytes=20_000, seed=3)
    files = sorted((tmp_path / "dir").glob("*.txt"))
    assert len(files) == count
    assert size >= 20_000
    assert [f.read_bytes().decode() for f in files] == list(generate_pages(count, seed=3))


def test_write_dump_needs_a_size(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="n_pages"):
        write_dump(tmp_path / "x.jsonl")
