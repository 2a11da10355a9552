"""No regular expression reviewparse runs can backtrack catastrophically.

Every terminal of the compiled Lark parser and every module-level pattern in
``src/reviewparse/*.py`` is run against ReDoS-style inputs: long runs of spaces,
of word characters before a character that cannot match, of ``- `` or ``: ``
separators, of commas, ``and``, ``>`` and ``|``... (``ADVERSARIAL``). Terminals
are matched the way the lexer uses them (anchored, at a line start and after
the key-like prefix); module patterns are scanned with ``finditer`` (every start
position) unless ``GUARDED`` says how the code guards them, in which case
they are matched anchored and the functions that use them run on the same inputs.

The bound is on work, not on time: the inputs are 100,000 characters, so a
linear pattern takes about a millisecond, a quadratic one ~10^10 steps and an
exponential one never ends. A per-input hang guard (``signal.setitimer``; the
regex engine checks for signals while it backtracks) turns those into failures
that name the pattern and the input; it is set thousands of times above the
linear cost. ``benchmarks/linearity.py --redos`` measures the n vs 4n times.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import signal
import tracemalloc
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewparse
from reviewparse._core import grammar as _grammar

N = 100_000
FUNCTION_N = 20_000  # the guarded functions do Python work per name: a smaller input
HANG_GUARD_SECONDS = 10.0

# name -> (prefix, repeated unit, tail): prefix + unit * k + tail, about N characters.
ADVERSARIAL: dict[str, tuple[str, str, str]] = {
    "spaces": ("", " ", "x"),
    "spaces-nl": ("", " ", "\n"),
    "tabs-nbsp": ("", "\t\u00a0", "!"),
    "word-then-bang": ("", "a", "!"),
    "word-then-colon": ("", "a", ":"),
    "words": ("", "ab ", "!"),
    "key-words-spaces": ("Stars", " ", "x"),
    "key-words-dash": ("Stars ", "word ", "-"),
    "dash-space": ("", "- ", "x"),
    "space-dash": ("Year", " -", "x"),
    "dashes": ("Year ", "-", "x"),
    "en-dashes": ("Year", " –", "x"),
    "colons": ("Key", ": ", "x"),
    "colon-runs": ("Key", " :", "\n"),
    "fullwidth-colons": ("Key", "：", ""),
    "commas": ("Stars - ", ",", ""),
    "comma-space": ("Stars - ", ", ", ","),
    "ands": ("Stars - ", "and ", "and"),
    "names": ("Stars - ", "Paul Dano, ", "&"),
    "crumbs": ("Home", " > ", "x"),
    "crumb-chars": ("", "a>", ""),
    "gt": ("", ">", ""),
    "slashes": ("Home", " / ", "/"),
    "slash-words": ("", "a/", " /"),
    "bars": ("Directed by ", "| ", "x"),
    "bar-cells": ("Directed by | ", "a |", ""),
    "dots": ("Paul Dano ", ".", " x"),
    "parens": ("", "(", ")"),
    "paren-pairs": ("", "(a) ", "("),
    "digits": ("", "1", "h"),
    "digit-spaces": ("", "1 ", "m"),
    "years": ("", "2012 ", "x"),
    "dates": ("", "20 Apr ", "195"),
    "suffixes": ("A", ", Jr", "."),
    "as-as": ("Humphrey", " as", " "),
    "caption-like": ("", "Ruby Sparks poster ", "."),
    "quotes": ("", "'\"", "”"),
    "bullets": ("", "• ", "Stars"),
    "cr": ("", "\r", "x"),
    "crlf-spaces": ("", " \r\n", " "),
    "nul": ("", "\x00", ""),
    "unicode-spaces": ("", "\u2003\u3000", "x"),
}


def adversarial(name: str, size: int = N) -> tuple[str, int]:
    """The input and the offset where its repeated part starts."""
    prefix, unit, tail = ADVERSARIAL[name]
    return prefix + unit * max(1, (size - len(prefix) - len(tail)) // len(unit)) + tail, len(prefix)


# Module patterns the code never scans over raw text, and how it guards them:
# name -> (what the code does to the text first, how it matches, why). The sweep
# runs them the same way, the functions that use them run on raw inputs too, and
# test_guards_are_what_the_code_does checks the code still does it.
GUARDED: dict[str, tuple[str, str, str]] = {
    "reviewparse._fields.names._LIST_ONLY": ("tidy", "finditer", "split_list(): tidy() text"),
    "reviewparse._fields.people._AS": ("tidy", "match", "parse_entry(): tidy() text"),
    "reviewparse._fields.people._DASH": ("tidy", "match", "parse_entry(): tidy() text"),
    "reviewparse._fields.people._PAREN": ("tidy", "match", "parse_entry(): tidy() text"),
    "reviewparse._fields.values._CLOCK": ("", "fullmatch", "runtime_minutes(): anchored both ends"),
    "reviewparse._fields.values._BARE": ("", "fullmatch", "runtime_minutes(): anchored both ends"),
    "reviewparse._cli.arguments._SIZE": (
        "",
        "fullmatch",
        "a --max-bytes value: anchored both ends",
    ),
    "reviewparse._core.layout._BULLETED": ("", "match", "a line's start: anchored"),
    "reviewparse._core.layout._NUMBERED": ("", "match", "a line's start: anchored"),
    "reviewparse._core.layout._INLINE_PREFIX": ("", "match", "a key token's start: anchored"),
    "reviewparse._fields.shapes._MARKUP": ("", "match", "is_clutter(): a line's start, anchored"),
    "reviewparse._fields.shapes._SITE": ("", "fullmatch", "is_site(): anchored both ends"),
    "reviewparse._fields.values._AFTER_HOURS": ("", "match", "runtime_minutes(): after the hours"),
    "reviewparse._fields.headings._REVIEWED_BY": ("clip", "search", "read(): 300 characters"),
    "reviewparse._fields.headings._SUFFIX_LABEL": ("clip", "search", "read(): 300 characters"),
    "reviewparse._fields.names._LATIN_PAREN": ("clip", "search", "person(): 200 characters"),
}
# How a guard prepares the text before the pattern sees it.
PREPARE = {"tidy": lambda text: " ".join(text.split()), "clip": lambda text: text[:300]}


def grammar_terminals() -> dict[str, str]:
    """Every terminal of the compiled parser as a regex, plus the pieces the layout reuses."""
    found = {f"terminal {t.name}": t.pattern.to_regexp() for t in _grammar.parser().terminals}
    for name in _grammar.KEPT:
        found[f"piece {name}"] = _grammar.piece(name).pattern
    return found


def module_patterns() -> dict[str, str]:
    """Every compiled pattern at module level (or in a module-level tuple or class) in src."""
    found: dict[str, str] = {}
    for info in pkgutil.walk_packages(reviewparse.__path__, "reviewparse."):
        if info.name == "reviewparse.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            for key, pattern in _patterns_in(f"{module.__name__}.{name}", value, module):
                found.setdefault(key, pattern)
    return found


def _patterns_in(key: str, value: object, module: object) -> Iterator[tuple[str, str]]:
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        yield key, value.pattern
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                yield f"{key}[{i}]", item.pattern
    elif inspect.isclass(value) and value.__module__ == getattr(module, "__name__", None):
        for attr, item in vars(value).items():
            if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                yield f"{key}.{attr}", item.pattern


def guarded_functions() -> dict[str, Callable[[str], object]]:
    """The functions that apply the GUARDED patterns, run on raw adversarial text."""
    from reviewparse._fields import headings as _headings
    from reviewparse._fields import names as _names
    from reviewparse._fields import people as _people
    from reviewparse._fields import shapes as _shapes
    from reviewparse._fields import values as _values
    from reviewparse._fields.lexicon import Lexicon

    return {
        "tidy": _names.tidy,
        "split_names": _names.split_names,
        "split_list": _names.split_list,
        "people": lambda text: _names.people([text]),
        "year": _names.year,
        "parse_entry": _people.parse_entry,
        "credit_cast": lambda text: _people.credit_cast([text]),
        "synopsis_roles": lambda text: _people.synopsis_roles([text], ["Paul Dano", "Ruby"]),
        "runtime_minutes": _values.runtime_minutes,
        "release_date": _values.release_date,
        "heading": _headings.read,
        "data line": _headings.data,
        "is_prose": _shapes.is_prose,
        "is_clutter": _shapes.is_clutter,
        "key field": Lexicon.default().field_of,
    }


# -- the sweep -------------------------------------------------------------------
Case = Callable[[str, int], object]


def cases() -> dict[str, Case]:
    """Every pattern and guarded function, each as it is used: (text, offset) -> anything."""
    found: dict[str, Case] = {}
    for name, pattern in grammar_terminals().items():
        found[name] = partial(_anchored_at_both, re.compile(pattern))
    for name, pattern in module_patterns().items():
        rx = re.compile(pattern)
        prepare, method, _ = GUARDED.get(name.split("[")[0], ("", "scan", ""))
        found[name] = partial(_as_used, getattr(rx, method, rx.subn), PREPARE.get(prepare))
    for name, function in guarded_functions().items():
        found[f"function {name}"] = partial(_call, function)
    return found


def _anchored_at_both(rx: re.Pattern[str], text: str, at: int) -> object:
    return rx.match(text), rx.match(text, at)


def _as_used(
    method: Callable[..., object], prepare: Callable[[str], str] | None, text: str, at: int
) -> object:
    text = prepare(text) if prepare else text
    if getattr(method, "__name__", "") == "subn":  # every start position, in C
        return method("", text)
    if getattr(method, "__name__", "") == "finditer":
        return sum(1 for _ in method(text))
    return method(text)


def _call(function: Callable[[str], object], text: str, at: int) -> object:
    return function(text[:FUNCTION_N])


class HangGuard(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise HangGuard


def run_case(name: str, case: Case, size: int = N, guard: float = HANG_GUARD_SECONDS) -> int:
    """Run one case on every adversarial input under the hang guard; the number of inputs."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for family in ADVERSARIAL:
            text, at = adversarial(family, size)
            signal.setitimer(signal.ITIMER_REAL, guard)
            try:
                case(text, at)
            except HangGuard:
                pytest.fail(f"{name} on {family!r} ({len(text)} chars) ran past the hang guard")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return len(ADVERSARIAL)


CASES = cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_catastrophic_backtracking(name: str) -> None:
    assert run_case(name, CASES[name]) == len(ADVERSARIAL)


def test_the_sweep_covers_the_grammar_and_the_modules() -> None:
    """The collection is not empty or stale: the terminals and patterns we know are in it."""
    terminals = grammar_terminals()
    assert {"terminal TEXT", "terminal KNOWN_KEY", "terminal BREADCRUMB_LINE"} <= set(terminals)
    assert "piece CRUMB_SEPARATOR" in terminals
    patterns = module_patterns()
    assert "reviewparse._core.lines.BREAK" in patterns
    assert "reviewparse._fields.names._KEY_AFTER" in patterns
    for name in GUARDED:
        assert name in patterns, f"{name} is allow-listed but no longer exists"


def test_guards_are_what_the_code_does() -> None:
    """GUARDED is not a blanket excuse: each pattern is still used only as it says."""
    for name, (prepare, method, _) in GUARDED.items():
        module_name, attr = name.rsplit(".", 1)
        # The source beside the module (a compiled build's module is an extension).
        module = Path(importlib.import_module(module_name).__file__ or "")
        tree = ast.parse(module.with_name(module_name.rsplit(".", 1)[-1] + ".py").read_text())
        uses = 0
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            loads = [
                node
                for node in ast.walk(function)
                if isinstance(node, ast.Name) and node.id == attr and isinstance(node.ctx, ast.Load)
            ]
            uses += len(loads)
            if loads and prepare:  # the function tidies the text it matches
                assert any(_calls(node, prepare) for node in ast.walk(function)), (
                    name,
                    function.name,
                )
            if loads and not prepare:  # every use is `PATTERN.method(...)`
                methods = [
                    node.func.attr
                    for node in ast.walk(function)
                    if isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == attr
                ]
                # Each load is a call of the one method: the pattern goes nowhere else.
                assert set(methods) == {method} and len(methods) == len(loads), (
                    name,
                    function.name,
                    methods,
                )
        assert uses, f"{name} is no longer used: drop it from GUARDED"


def _calls(node: ast.AST, name: str) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == name) or (
        isinstance(func, ast.Attribute) and func.attr == name
    )


def test_hang_guard_catches_a_catastrophic_pattern() -> None:
    """The sweep would notice: a classic exponential pattern is stopped and named."""
    evil = re.compile(r"(\w+\s?)+$")  # exponential on a word run followed by a non-word char
    with pytest.raises(pytest.fail.Exception, match="word-then-bang"):
        run_case("evil", partial(_as_used, evil.fullmatch, None), size=N, guard=0.5)


# -- the possessive breadcrumb pattern is the plain definition ---------------------
_HS = r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_INK = r"[^\r\n>»→|\/ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_INNER = rf"(?:[^\r\n>»→|\/]|(?<!{_HS})\/|(?<={_HS})\/(?!{_HS}))"
_CRUMB = rf"{_INK}(?:{_INNER}*{_INK})?"
_SEPARATOR = rf"(?:{_HS}*[>»→|]{_HS}*|{_HS}+/{_HS}+)"
PLAIN_BREADCRUMB = re.compile(
    rf"{_HS}*{_CRUMB}(?:{_SEPARATOR}{_CRUMB})+{_HS}*(?:\r\n|\n|\r|\Z)"
)  # the grammar's comment spells this; it keeps ~115 bytes of backtracking state a character
CRUMB_PIECES = ["a", "Bé", " ", "\t", "\u00a0", "\u3000", "/", ">", "»", "→", "|", "-", "\n", "\r",
                " / ", " > ", "/ ", " /", "x/y"]  # fmt: skip


@given(st.lists(st.sampled_from(CRUMB_PIECES), max_size=30).map("".join), st.integers(0, 40))
def test_possessive_breadcrumb_matches_the_plain_definition(text: str, start: int) -> None:
    compiled = re.compile(grammar_terminals()["terminal BREADCRUMB_LINE"])
    start = min(start, len(text))
    plain, possessive = PLAIN_BREADCRUMB.match(text, start), compiled.match(text, start)
    assert (plain and plain.end()) == (possessive and possessive.end())
    if plain is not None:  # the splitter (CRUMB_SEPARATOR) cuts the line into the same crumbs
        line = re.sub(rf"^{_HS}*|{_HS}*(?:\r\n|\n|\r)?$", "", plain.group())
        parts = re.split(grammar_terminals()["piece CRUMB_SEPARATOR"], line)
        assert len(parts) % 2 == 1 and len(parts) >= 3
        assert all(re.fullmatch(_CRUMB, crumb) for crumb in parts[::2])
        assert all(re.fullmatch(_SEPARATOR, separator) for separator in parts[1::2])


@pytest.mark.parametrize("name", sorted(grammar_terminals()))
def test_no_terminal_keeps_backtracking_state(name: str) -> None:
    """Memory, not time: a repeated group (``(?:a|b)*``) makes the regex engine keep state
    for every repetition, linear but ~115-130 bytes a character, which the lexer pays on
    every long line: the breadcrumb terminal needed 6 GB for a 50 MB line, and
    CREDIT_SEPARATOR 130 bytes per colon, until their repeats were made possessive.
    tracemalloc sees the engine's stack; the inputs are 100,000 characters."""
    rx = re.compile(grammar_terminals()[name])
    worst = (0, "")
    for family in ADVERSARIAL:
        text, at = adversarial(family)
        tracemalloc.start()
        try:
            rx.match(text)
            rx.match(text, at)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        worst = max(worst, (peak, family))
    assert worst[0] < 64 * 1024, f"{name} kept {worst[0]:,} bytes on {worst[1]!r}"
