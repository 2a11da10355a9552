"""Hostile input: huge lines, millions of tiny lines, endless separators, \\r or NUL only.

Each test bounds the *work* done, never the wall time: it counts the function
calls made while parsing (Python and C calls, via ``sys.setprofile``: every
regex match, every token, every record), the parses run (lenient mode may try
the strict layout, then the loose rule), and the characters the line-break regex
scans while locating errors (this caught a quadratic error-locating loop in
lenient mode). ``signal.alarm`` is only a hang guard, set far above the real
cost. The default run uses sizes that take well under a second each; the
``slow`` tests run the sizes from the issue (50 MB, 1 million lines) in a
subprocess with an address-space limit.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewparse
from reviewparse import (
    BlankLines,
    Credit,
    Paragraph,
    ReviewDecodeError,
    ReviewParseError,
    Unparsed,
)
from reviewparse._core import grammar as _grammar
from reviewparse._core import lines as _lines

HANG_GUARD_SECONDS = 120


@dataclass
class Work:
    calls: int = 0  # Python and C function calls while parsing (regex matches included)
    parses: int = 0  # top-level parses of the shared Lark parser
    scanned: int = 0  # characters the line-break regex looked at

    def _count(self, frame: FrameType, event: str, arg: object) -> None:
        if event in ("call", "c_call"):
            self.calls += 1

    def start(self) -> None:
        self.calls = 0
        sys.setprofile(self._count)

    def stop(self) -> None:
        sys.setprofile(None)


class _CountingPattern:
    """Stands in for ``_lines.BREAK`` and counts the characters each call scans."""

    def __init__(self, pattern: re.Pattern[str], work: Work) -> None:
        self.pattern, self.work = pattern, work

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[str]:
        self.work.scanned += max(0, min(endpos, len(text)) - pos)
        return self.pattern.findall(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        match = self.pattern.search(text, pos, endpos)
        self.work.scanned += (match.end() if match else min(endpos, len(text))) - pos
        return match

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        self.work.scanned += len(text)
        return self.pattern.split(text, maxsplit)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        self.work.scanned += max(0, min(endpos, len(text)) - pos)
        return self.pattern.finditer(text, pos, endpos)


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError(f"hang guard: no result after {HANG_GUARD_SECONDS} s")


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    counted = Work()
    lark = _grammar.parser()
    assert reviewparse.parse("T\n\nYear - 2012\n").is_strict  # strict tables: built, not counted
    real_parse = lark.parse

    def counting_parse(*args: object, **kwargs: object) -> object:
        counted.parses += 1
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(lark, "parse", counting_parse)
    monkeypatch.setattr(_lines, "BREAK", _CountingPattern(_lines.BREAK, counted))
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_GUARD_SECONDS)
    counted.start()
    try:
        yield counted
    finally:
        counted.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def lines_in(text: str) -> int:
    return len(re.findall(r"\r\n|\n|\r", text)) + 1


def parse_both(text: str) -> reviewparse.ReviewPage:
    """Lenient parse (checked lossless) and strict parse (a page or a located error)."""
    page = reviewparse.parse(text)
    assert page.render() == text
    try:
        strict = reviewparse.parse(text, strict=True)
    except ReviewParseError as error:
        assert 1 <= error.line <= lines_in(text)
    else:
        assert strict == page
    return page


def assert_linear_work(work: Work, text: str) -> None:
    """A bounded number of parses, of calls per line, and of scans per character."""
    work.stop()  # stop counting before pytest's own assertion machinery
    n = lines_in(text)
    assert work.parses <= 4  # lenient: the layout, then maybe the loose rule; strict: one
    assert work.calls <= 300 * n + 100_000  # ~115 calls a line measured; + one-off set-up
    assert work.scanned <= 4 * len(text) + 100


# -- a single huge line ---------------------------------------------------------
def test_single_250k_line(work: Work) -> None:
    text = "x" * 250_000
    page = parse_both(text)
    assert page.lines == (Paragraph(text, ""),)  # too long for a title
    assert_linear_work(work, text)


def test_500k_credit_value(work: Work) -> None:
    value = "Paul Dano " * 50_000
    text = f"Title\n\nStars - {value}\n"
    page = parse_both(text)
    assert page.credits.get("stars") == Credit("Stars", " - ", value.rstrip(), " \n")
    assert_linear_work(work, text)


# -- millions of tiny lines -------------------------------------------------------
@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n"])
def test_5k_empty_lines(work: Work, newline: str) -> None:
    text = newline * 5_000
    page = parse_both(text)
    assert page.lines == (BlankLines((newline,) * 5_000),)
    assert_linear_work(work, text)


def test_3k_credit_lines(work: Work) -> None:
    text = "Title\n\n" + "Stars - Paul Dano, Zoe Kazan\n" * 3_000
    page = parse_both(text)
    assert len(page.credits) == 3_000
    assert page.stars == ("Paul Dano", "Zoe Kazan")
    assert page.is_strict
    assert_linear_work(work, text)


def test_5k_rejected_lines(work: Work) -> None:
    """Every line a strict error: lenient locates each one without rescanning the page."""
    text = "Title\n\nYear - 2012\n" + "\x07\n" * 5_000
    page = parse_both(text)
    unparsed = [line for line in page.lines if isinstance(line, Unparsed)]
    assert len(unparsed) == len(page.diagnostics) == 5_000
    assert [d.line for d in page.diagnostics] == list(range(4, 5_004))
    assert_linear_work(work, text)


# -- endless separators and punctuation --------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "- " * 100_000,  # a line of dashes
        "Year" + " -" * 100_000,  # a key followed by 100,000 dash separators
        "Year" + " :" * 100_000,  # ... or colons
        "Year" + "–" * 200_000,  # ... or en dashes
        "Home" + " > " * 60_000 + "Title",  # a breadcrumb of empty crumbs
        ">" * 200_000,
        "Stars - " + "," * 200_000,  # 200,000 commas in a value
        "Stars - " + " and" * 50_000,
        "a" * 200_000 + ".",  # caption-shaped, but too long and a sentence
        "Key " * 50_000 + "- x",  # far too many words for a credit key
        " " * 200_000 + "x",
    ],
    ids=["dashes", "key-dashes", "key-colons", "key-en-dashes", "crumbs", "gt", "commas",
         "ands", "long-sentence", "many-words", "spaces"],
)  # fmt: skip
def test_repeated_separators(work: Work, line: str) -> None:
    text = f"Title\n\n{line}\n"
    page = parse_both(text)
    assert_linear_work(work, text)
    assert len(page.lines) <= 4
    # the typed view copes too, in work linear in the text: no name is empty or bare punctuation
    work.start()
    names = (*page.stars, *page.directors, *page.writers, *page.music)
    work.stop()
    assert work.calls <= 10 * len(text) + 1_000
    for name in names:
        assert name.strip(" ,;&/") and name.strip() == name


# -- control characters only -------------------------------------------------------
@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\ufeff"])
def test_only_control_characters(work: Work, char: str) -> None:
    text = char * 50_000
    page = parse_both(text)
    assert "".join(line.render() for line in page.lines) == text.removeprefix("\ufeff")
    assert_linear_work(work, text)


# -- bytes in several encodings at once -------------------------------------------
def test_mixed_encodings_in_one_page() -> None:
    utf8 = "Home > Films > Amélie\n\nAmélie\n\n".encode()
    latin1 = "Music - Yann Tiersen, Éric\n".encode("latin-1")
    cp1252 = "Stars \u2013 \u201cAudrey\u201d Tautou\n".encode("cp1252")
    utf16 = "Year - 2001\n".encode("utf-16-le")
    data = (utf8 + latin1 + cp1252 + utf16) * 1000
    first_bad = len(utf8) + latin1.index(b"\xc9")

    result = reviewparse.parse_bytes(data)
    assert result.to_bytes() == data
    assert result.decoded.bad_offset == first_bad
    assert f"byte offset {first_bad}" in result.page.diagnostics[0].message
    assert result.page.title == "Amélie"

    with pytest.raises(ReviewDecodeError) as caught:
        reviewparse.parse_bytes(data, strict=True)
    assert caught.value.offset == first_bad
    assert (caught.value.line, caught.value.column) == (5, latin1.index(b"\xc9") + 1)

    forced = reviewparse.parse_bytes(data, encoding="latin-1")
    assert forced.to_bytes() == data


# -- finding a line's start looks back no further than its break -------------------
@given(st.text(alphabet="ab\r\n", max_size=2000), st.integers(0, 2000))
def test_line_start_looks_back_only_to_the_break(text: str, offset: int) -> None:
    at = min(offset, len(text))
    naive = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    assert _lines.line_start(text, at) == naive
    for long_line in ("a" * 3000 + text, "\r" + "a" * 70_000 + text):  # windows of 256, 2048...
        at = min(offset, len(text)) + len(long_line) - len(text)
        naive = max(long_line.rfind("\n", 0, at), long_line.rfind("\r", 0, at)) + 1
        assert _lines.line_start(long_line, at) == naive


# -- the sizes from the issue, each in a subprocess with a memory limit -----------
_SUBPROCESS = textwrap.dedent(
    """
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    import reviewparse
    text = {expr}
    page = reviewparse.parse(text)
    ok = page.render() == text
    try:
        reviewparse.parse(text, strict=True)
    except reviewparse.ReviewParseError:
        pass
    # VmHWM is this process's own high-water mark; ru_maxrss on Linux keeps the
    # forked parent's (pytest's whole heap) across exec, so it is only the fallback.
    try:
        with open("/proc/self/status") as status:
            hwm = next(l for l in status if l.startswith("VmHWM:"))
        peak = int(hwm.split()[1]) * 1024
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    lines = text.count("\\n") + text.count("\\r") - text.count("\\r\\n") + 1
    print(json.dumps({{"ok": ok, "records": len(page.lines), "peak": peak, "size": len(text),
                      "lines": lines}}))
    """
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("expr", "records"),
    [
        ('"x" * 50_000_000', 1),
        ('"Title\\n\\nStars - " + "Paul Dano, " * 5_000_000', 3),
        ('"\\n" * 1_000_000', 1),
        ('"\\r" * 1_000_000', 1),
        ('"\\x00" * 50_000_000', 1),
        ('"Title\\n\\n" + "Stars - Paul Dano, Zoe Kazan\\n" * 100_000', 100_002),
        ('"Title\\n\\nStars - " + "," * 1_000_000', 3),
        ('"Title\\n\\n" + "- " * 25_000_000', 3),
        ('"Title\\n\\nYear - 1\\n" + "!\\n" * 200_000', 200_003),
    ],
    ids=["line-50MB", "value-55MB", "1M-LF", "1M-CR", "NUL-50MB", "100k-credits", "1M-commas",
         "dashes-50MB", "200k-rejected"],
)  # fmt: skip
def test_issue_sizes_in_a_memory_limited_process(expr: str, records: int) -> None:
    limit = 8 * 1024**3  # address space: the machine has 24 GiB; a page must not need it
    code = _SUBPROCESS.format(limit=limit, expr=expr)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    print(f"\n{expr}: {result['size']:,} chars, {result['lines']:,} lines, "
          f"peak {result['peak'] / 2**20:,.0f} MiB")  # fmt: skip
    assert result["ok"]
    assert result["records"] == records
    # memory linear in the input: per character, and per line (a token and a record each;
    # 1 million empty lines peaked at 545 MiB)
    assert result["peak"] < 40 * result["size"] + 600 * result["lines"] + 300 * 1024**2


# -- no rule can make the parse quadratic -------------------------------------------
def test_no_rule_is_right_recursive() -> None:
    """A right-recursive ``_rule`` splices each item's list onto the list of all the items
    after it (in Lark and in the driver alike), so a run of n items costs O(n^2): 100,000
    credit lines took minutes. Lark's own repeats (``x*``) are left-recursive."""
    from lark.grammar import NonTerminal

    ends_with: dict[str, set[str]] = {}
    for rule in _grammar.parser().rules:
        if rule.expansion and isinstance(rule.expansion[-1], NonTerminal):
            ends_with.setdefault(rule.origin.name, set()).add(rule.expansion[-1].name)

    def reaches_itself(start: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            for name in ends_with.get(todo.pop(), ()):
                if name == start:
                    return True
                if name not in seen:
                    seen.add(name)
                    todo.append(name)
        return False

    assert ends_with  # the check sees the grammar's rules
    assert [name for name in ends_with if reaches_itself(name)] == []
