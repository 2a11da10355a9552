"""How fast each strategy in ``reviewparse.strategies`` draws; how much ``from_lark`` text parses.

    .venv/bin/python benchmarks/strategies_bench.py [--examples N]

For each strategy, Hypothesis runs a test that does nothing with N examples
(generate phase only, derandomized, no database), so the rate is what a user's
property test pays for its input before its own work; CPU time is the figure to
compare on a shared machine. The second table draws texts from
``grammars/page.lark`` with ``hypothesis.extra.lark.from_lark`` (N, or N/4 for
the slow raw variants) and counts how many the strict parser accepts: raw
``from_lark``, then with strategies for the credit key terminals only (their
keys are the lexicon's), then ``page_texts(source="grammar")`` before its strict
filter (every terminal explicit), then after it. The third table times Hypothesis
finding and shrinking a failure of three properties that fail on some pages
(derandomized, default phases), and counts the records left in the shrunk page:
what a user waits for, and reads, when a property fails.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections.abc import Callable
from itertools import pairwise

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

import reviewparse
from reviewparse import ReviewPage, ReviewParseError
from reviewparse import strategies as rs
from reviewparse._strategies import grammar


def _settings(n: int) -> settings:
    return settings(
        max_examples=n,
        derandomize=True,  # the same examples on every run: figures to compare
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def rate(strategy: st.SearchStrategy[object], n: int) -> tuple[int, float, float]:
    """(examples run, wall seconds, CPU seconds) for a test that only draws."""
    seen = 0

    @_settings(n)
    @given(strategy)
    def draw_only(value: object) -> None:
        nonlocal seen
        seen += 1

    start, cpu = time.perf_counter(), time.process_time()
    draw_only()
    return seen, time.perf_counter() - start, time.process_time() - cpu


def acceptance(strategy: st.SearchStrategy[str], n: int) -> tuple[int, int, int]:
    """(texts drawn, accepted by strict parse, texts with a credit line)."""
    drawn = accepted = with_credit = 0

    @_settings(n)
    @given(strategy)
    def parse_it(page_text: str) -> None:
        nonlocal drawn, accepted, with_credit
        drawn += 1
        try:
            page = reviewparse.parse(page_text, strict=True)
        except ReviewParseError:
            return
        accepted += 1
        with_credit += bool(page.credits.items)

    parse_it()
    return drawn, accepted, with_credit


def shrink(prop: Callable[[ReviewPage], bool], **kwargs: object) -> tuple[float, int, str]:
    """(CPU seconds to find and shrink a page where ``prop`` is false, records left, kinds)."""

    @settings(database=None, deadline=None, derandomize=True)
    @given(rs.pages(**kwargs))  # type: ignore[arg-type]
    def check(page: ReviewPage) -> None:
        assert prop(page)

    start = time.process_time()
    try:
        check()
    except AssertionError as failure:
        seconds = time.process_time() - start
        report = "\n".join(getattr(failure, "__notes__", []))
        kinds = re.findall(r"\b([A-Z][a-zA-Z]+)\(", report.split("ReviewPage(", 1)[1])
        return seconds, len(kinds), " ".join(kinds)
    raise AssertionError("the property never failed")


def caption_after_paragraph(page: ReviewPage) -> bool:
    kinds = [type(line) for line in page.lines if not isinstance(line, reviewparse.BlankLines)]
    return any((a, b) == (reviewparse.Paragraph, reviewparse.Caption) for a, b in pairwise(kinds))


FOUR_KEYS: dict[str, object] = {"keys": ["Year", "Director", "Stars", "Music"]}
SHRINK: dict[str, tuple[Callable[[ReviewPage], bool], dict[str, object]]] = {
    "no Director credit (4 keys)": (lambda p: p.credits.get("director") is None, FOUR_KEYS),
    "no name joined by '&' (4 keys)": (
        lambda p: not any("&" in c.value for c in p.credits),
        FOUR_KEYS,
    ),
    "no caption after a paragraph": (lambda p: not caption_after_paragraph(p), {}),
}

# The key terminals: drawn from their regexes, keys rarely land where the lexer reads them.
KEY_TERMINALS = {"KNOWN_KEY", "KEY", "KEY_ALONE", "INLINE_KEY", "BARE_KEY", "GLUED_KEY"}

STRATEGIES: dict[str, Callable[[], st.SearchStrategy[object]]] = {
    "pages()": rs.pages,
    "st.from_type(ReviewPage)": lambda: st.from_type(ReviewPage),
    "page_texts(source='records')": lambda: rs.page_texts(source="records"),
    "page_texts(source='grammar')": lambda: rs.page_texts(source="grammar"),
    "messy_texts()": rs.messy_texts,
    "credit_lines()": rs.credit_lines,
    "breadcrumbs()": rs.breadcrumbs,
    "person_names()": rs.person_names,
    "captions()": rs.captions,
    "titles()": rs.titles,
    "paragraphs()": rs.paragraphs,
}


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--examples", type=int, default=200, help="examples per strategy")
    n = arguments.parse_args().examples
    console = Console()

    speed = Table(title=f"examples per second ({n} each, generate phase only)")
    for column in ("strategy", "examples", "wall s", "CPU s", "per wall s", "per CPU s"):
        speed.add_column(column, justify="left" if column == "strategy" else "right")
    for name, make in STRATEGIES.items():
        seen, wall, cpu = rate(make(), n)
        speed.add_row(
            name, str(seen), f"{wall:.2f}", f"{cpu:.2f}", f"{seen / wall:.0f}", f"{seen / cpu:.0f}"
        )
    console.print(speed)

    share = Table(title="from_lark texts the strict parser accepts")
    for column in ("source", "drawn", "accepted", "share", "with a credit"):
        share.add_column(column, justify="left" if column == "source" else "right")
    sources = {
        "raw from_lark": grammar.raw_grammar_texts(),
        "raw from_lark, key terminals explicit": grammar.raw_grammar_texts(
            {name: make() for name, make in grammar.EXPLICIT.items() if name in KEY_TERMINALS}
        ),
        "every terminal explicit, unfiltered": grammar.grammar_texts(
            line_endings=rs.LINE_BREAKS, mixed_line_endings=True, final_newline=None
        ),
        "page_texts(source='grammar')": rs.page_texts(source="grammar"),
    }
    for name, strategy in sources.items():
        # Raw from_lark draws each terminal with st.from_regex: about 0.1 CPU s a text.
        drawn, accepted, with_credit = acceptance(strategy, n // 4 if name.startswith("raw") else n)
        share.add_row(name, str(drawn), str(accepted), f"{accepted / drawn:.1%}", str(with_credit))
    console.print(share)

    shrunk = Table(title="finding and shrinking a failure (derandomized, default phases)")
    for column in ("property", "CPU s", "records left", "kinds"):
        shrunk.add_column(
            column, justify="right" if column in ("CPU s", "records left") else "left"
        )
    for name, (prop, kwargs) in SHRINK.items():
        seconds, left, kinds = shrink(prop, **kwargs)
        shrunk.add_row(name, f"{seconds:.1f}", str(left), kinds)
    console.print(shrunk)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    console.print(f"load average (1 min) at the end: {load:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
