"""``parse``, ``check`` and ``inspect``, and the JSON mapping they share with ``convert``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import EXAMPLES, ROOT, make_pages, run_cli, write_dir, write_jsonl, write_zip
from hypothesis import given
from hypothesis import strategies as st

import reviewparse
from reviewparse._cli import main
from reviewparse._core.dicts import LAYOUT_KEYS, TYPED_KEYS, page_from_dict, page_to_dict

REFERENCE = EXAMPLES / "ruby-sparks.txt"
LENIENT = EXAMPLES / "the-last-tram-to-ostend.txt"


# -- the JSON mapping -----------------------------------------------------------------
@given(st.text(alphabet=st.sampled_from("ab -:>\r\n\t\u00a0\ufeffYearStars,.")))
def test_json_round_trip_for_any_text(text: str) -> None:
    page = reviewparse.parse(text)
    data = json.loads(json.dumps(page_to_dict(page)))
    back = page_from_dict(data)
    assert back == page and back.render() == text
    assert back.diagnostics == page.diagnostics


def test_json_record_layout() -> None:
    page = reviewparse.parse(REFERENCE.read_text("utf-8"))
    data = page_to_dict(page)
    assert list(data) == [*TYPED_KEYS, *LAYOUT_KEYS]
    assert {line["kind"] for line in data["lines"]} == {
        "breadcrumb",
        "blank_lines",
        "title",
        "caption",
        "credit",
        "paragraph",
    }
    music = next(c for c in data["credits"] if c["field"] == "music")
    assert music == {
        "key": "Music",
        "field": "music",
        "value": "Nick Urata",
        "names": ["Nick Urata"],
    }


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"lines": [{"kind": "no-such-kind", "text": "x"}]},
        {"lines": [{"kind": "title"}]},
        {"lines": "not a list"},
        {"lines": [], "bom": "yes"},
    ],
)
def test_page_from_dict_rejects_malformed_layouts(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"record has no|malformed page layout"):
        page_from_dict(bad)


def test_the_json_mapping_is_public_and_loads_cattrs_only_when_used() -> None:
    """Users rebuild pages from records with ``reviewparse.page_from_dict``, no private import."""
    assert {"page_to_dict", "page_from_dict"} <= set(reviewparse.__all__)
    page = reviewparse.parse(REFERENCE.read_text("utf-8"))
    assert reviewparse.page_from_dict(reviewparse.page_to_dict(page)) == page
    code = (
        "import sys, reviewparse; assert 'cattrs' not in sys.modules; "
        "reviewparse.page_to_dict; assert 'cattrs' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_all_names_the_public_api_and_nothing_private() -> None:
    import inspect

    for name in reviewparse.__all__:
        value = getattr(reviewparse, name)
        assert not name.startswith("_") or name == "__version__"
        if inspect.isclass(value) or inspect.isfunction(value):  # defined here, not re-exported
            assert value.__module__.startswith("reviewparse"), name
    assert sorted(reviewparse.__all__) == reviewparse.__all__


# -- parse ----------------------------------------------------------------------------
def test_parse_prints_the_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(REFERENCE)]) == 0
    record = json.loads(capsys.readouterr().out)
    page = reviewparse.parse(REFERENCE.read_text("utf-8"))
    assert page_from_dict(record) == page
    assert (record["title"], record["year"], record["studio"]) == (page.title, 2012, page.studio)
    assert record["source_id"] == str(REFERENCE) and record["path"] == "ruby-sparks.txt"


def test_parse_reads_stdin() -> None:
    data = b"T\r\n\r\nYear - 1999\r\n"
    result = subprocess.run(
        [sys.executable, "-m", "reviewparse", "parse", "-"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert record["year"] == 1999 and record["source_id"] == "<stdin>"
    assert page_from_dict(record).render().encode() == data


def test_parse_strict_exits_1_with_the_located_error() -> None:
    result = run_cli("parse", "--strict", LENIENT)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{LENIENT}:7:24: expected a credit line (Key - Value), an image caption (a short line "
        "that is not a sentence), a synopsis paragraph, a blank line or the end of the page, "
        "found a line with a control character 'Stars - Marc Verhoeven,\\x1a Lise Aerts'",
        "  Stars - Marc Verhoeven,\u241a Lise Aerts",
        "                         ^",
    ]


def test_parse_strict_draws_a_tab_as_one_space_so_the_caret_stands_under_its_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "tabs.txt"
    page.write_bytes(b"T\xc3\xa9\n\nYear\t-\t19\xff9\n")  # UTF-8 (an \u00e9), one bad byte
    assert main(["parse", "--strict", str(page)]) == 1
    assert capsys.readouterr().err.splitlines()[-2:] == ["  Year - 19", "           ^"]


def test_parse_lenient_notes_the_diagnostics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(LENIENT)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["strict"] is False
    assert f"{LENIENT}:7:24: parsed leniently (1 diagnostic)" in captured.err


def test_parse_counts_several_diagnostics_in_the_plural(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "two.txt"
    page.write_text("T\n\nYear - 2012\n\x01 bad\n\nStars - Ann Bee\n\x02 bad\n", "utf-8")
    assert main(["parse", str(page)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"parsed leniently \([2-9] diagnostics\)", err), err


@pytest.mark.parametrize(
    ("count", "said"), [(0, "0 pages"), (1, "1 page"), (2, "2 pages"), (1200, "1,200 pages")]
)
def test__counted_agrees_with_its_number(count: int, said: str) -> None:
    from reviewparse._convert.words import counted

    assert counted(count, "page") == said


def test_parse_keeps_invalid_utf8_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "bad.txt"
    page.write_bytes(b"Caf\xc3\xa9 \xe9\n\nYear - 2001\n")  # more UTF-8 than not: no guess
    assert main(["parse", str(page)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["title"] == "Caf\u00e9 \udce9"  # the byte, carried as a lone surrogate
    assert main(["parse", "--strict", str(page)]) == 1
    assert "invalid utf-8 at byte offset 6" in capsys.readouterr().err


# -- check ----------------------------------------------------------------------------
def test_check_reports_counts_and_credit_keys() -> None:
    result = run_cli("check", "examples/dump", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    pages = [reviewparse.parse_file(p).page for p in sorted(EXAMPLES.glob("*.txt"))]
    strict = sum(p.is_strict for p in pages)
    assert (
        f"pages {len(pages)}: {strict} parsed strictly, {len(pages) - strict} parsed "
        f"leniently, 0 unreadable; round trip: {len(pages)} of {len(pages)} identical, 0 failed"
    ) in result.stdout
    rows = {}
    for line in result.stdout.splitlines():
        cells = [cell.strip() for cell in line.strip("│ ").split("│")]
        if len(cells) == 3 and cells[2].isdigit():
            rows[cells[0]] = (cells[1], int(cells[2]))
    keys = {(c.key, c.field or "(unknown)") for p in pages for c in p.credits}
    assert {(key, field) for key, (field, _) in rows.items()} == keys
    assert rows["Year"][1] == sum(any(c.key == "Year" for c in p.credits) for p in pages)


def test_check_fails_on_unreadable_pages(tmp_path: Path) -> None:
    pages = make_pages(30)
    write_dir(tmp_path / "dump", pages)
    archive = write_zip(tmp_path / "dump.zip", {"../evil.txt": b"x\n", **pages})
    result = run_cli("check", tmp_path / "dump", archive, "-j", "2")
    assert result.returncode == 1
    assert "pages 61: 60 parsed strictly, 0 parsed leniently, 1 unreadable" in result.stdout
    assert "unsafe-name" in result.stderr


def test_check_reads_jsonl_rows_by_offset_at_jobs_2(tmp_path: Path) -> None:
    dump = write_jsonl(tmp_path / "dump.jsonl", make_pages(30))
    with dump.open("ab") as sink:
        sink.write(b'{"text": 7}\n')
    results = [run_cli("check", dump, "-j", jobs) for jobs in ("1", "2")]
    assert [r.returncode for r in results] == [1, 1]
    assert results[0].stdout == results[1].stdout
    assert "pages 31: 30 parsed strictly, 0 parsed leniently, 1 unreadable" in results[1].stdout


def test_check_counts_invalid_utf8_as_fallback_and_round_trips_it(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"Caf\xc3\xa9 \xe9\n\nYear - 2001\n")
    result = run_cli("check", tmp_path)
    assert result.returncode == 0
    assert "1 parsed leniently" in result.stdout and "1 of 1 identical" in result.stdout


@pytest.mark.parametrize("broken", ["render", "json"])
def test_check_exits_1_and_names_the_page_when_a_round_trip_fails(
    broken: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Break one round trip (bytes -> page -> bytes, or page -> JSON -> page) for one page."""
    import reviewparse._convert.pages as convert_module

    write_dir(tmp_path, {"a.txt": b"A\n\nYear - 2001\n", "b.txt": b"B\n\nYear - 2002\n"})
    if broken == "render":
        real_parse_bytes = convert_module.parse_bytes

        def lossy_parse_bytes(data: bytes, **kw: object) -> reviewparse.PageFile:
            page_file = real_parse_bytes(data, **kw)  # type: ignore[arg-type]
            if b"B\n" not in data:
                return page_file
            page = page_file.page
            return reviewparse.PageFile(
                reviewparse.ReviewPage(page.lines[:-1], page.bom), page_file.decoded
            )

        monkeypatch.setattr(convert_module, "parse_bytes", lossy_parse_bytes)
    else:
        real_from_dict = convert_module.page_from_dict

        def lossy_from_dict(data: dict[str, object]) -> reviewparse.ReviewPage:
            page = real_from_dict(data)  # type: ignore[arg-type]
            return page if page.title != "B" else page.without_credit("year")

        monkeypatch.setattr(convert_module, "page_from_dict", lossy_from_dict)
    assert main(["check", str(tmp_path), "-j", "1"]) == 1
    captured = capsys.readouterr()
    assert f"{tmp_path.as_posix()}/b.txt: mismatch: the page does not render back" in captured.err
    assert "a.txt" not in captured.err
    assert "round trip: 1 of 2 identical, 1 failed" in captured.out


# -- inspect --------------------------------------------------------------------------
def test_inspect_labels_every_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(LENIENT)]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out  # not a terminal: plain text
    text = LENIENT.read_text("utf-8")
    rows = out.splitlines()[:-1]
    assert len(rows) == len(text.splitlines())
    labels = [row.split("│")[0].split()[1] for row in rows]
    assert labels[:7] == [
        "breadcrumb",
        "blank",
        "title",
        "blank",
        "credit:year",
        "credit:studio",
        "unparsed",
    ]
    assert "control character" in rows[6]
    assert "Verhoeven,\u241a Lise" in rows[6] and "\x1a" not in out  # no raw control byte
    assert out.splitlines()[-1] == f"{len(rows)} lines, utf-8, parsed leniently, 1 diagnostic"


def test_inspect_labels_clutter_above_the_title(tmp_path: Path) -> None:
    page = tmp_path / "clutter.txt"
    page.write_text("Skip to main content\nRuby Sparks\n\nYear - 2012\n", "utf-8")
    rows = run_cli("inspect", page).stdout.splitlines()
    assert [row.split("│")[0].split()[1] for row in rows[:-1]] == [
        "clutter",
        "title",
        "blank",
        "credit:year",
    ]


def test_inspect_shows_each_line_of_a_multi_line_credit(tmp_path: Path) -> None:
    page = tmp_path / "stacked.txt"
    page.write_text("T\n\n- Director: A\n  * Stars: B, C,\n    D\nSTARRING\nE\nF\n", "utf-8")
    rows = run_cli("inspect", page).stdout.splitlines()
    shown = [("title", "T"), ("blank", ""), ("credit:directors", "- Director: A")]
    shown += [("credit:stars", "  * Stars: B, C,"), ("credit+", "    D")]
    shown += [("credit:stars", "STARRING"), ("credit+", "E"), ("credit+", "F")]
    assert rows[:-1] == [f"{n} {label:<16} │ {text}␊" for n, (label, text) in enumerate(shown, 1)]
    assert rows[-1] == "8 lines, utf-8, parsed strictly"


def test_inspect_shows_line_endings_and_colour_on_a_terminal(tmp_path: Path) -> None:
    page = tmp_path / "crlf.txt"
    page.write_bytes("\ufeffT  \r\n\r\nYear:\t2001\r".encode())
    plain = run_cli("inspect", page)
    assert plain.stdout.splitlines() == [
        "  bom         │ U+FEFF",
        "1 title       │ T··␍␊",
        "2 blank       │ ␍␊",
        "3 credit:year │ Year:→2001␍",
        "3 lines, utf-8, parsed strictly",
    ]
    coloured = run_cli("inspect", page, FORCE_COLOR="1")
    assert "\x1b[" in coloured.stdout
