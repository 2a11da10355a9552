"""``check``: every page's two round trips, counted, with the credit keys seen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial

from attrs import field, frozen
from rich.console import Console

from reviewparse._convert.chunks import Job, chunked, work
from reviewparse._convert.page_errors import PageError
from reviewparse._convert.pages import CreditKey, KeySpellings
from reviewparse._convert.pool import ordered_map
from reviewparse._convert.progress import Tracker, make_progress
from reviewparse._convert.sources.page import SourceOptions
from reviewparse._convert.sources.source import Source, iter_entries
from reviewparse._core.grammar import parser

#: Problem pages a report keeps (the counts stay exact).
MAX_PROBLEMS = 1000


@frozen
class CheckReport:
    pages: int = 0
    strict: int = 0
    lenient: int = 0
    unreadable: int = 0
    mismatches: int = 0
    keys: Counter[CreditKey] = field(factory=Counter)
    problems: tuple[PageError, ...] = ()
    encodings: Counter[str] = field(factory=Counter)  # pages read with each codec


def check(
    specs: tuple[str, ...],
    console: Console,
    *,
    jobs: int,
    encoding: str | None,
    source_options: SourceOptions,
    progress: bool,
    on_error: Callable[[PageError], None] | None = None,
    keys: KeySpellings = (),
) -> CheckReport:
    sources = [Source(spec, source_options) for spec in specs]
    counts: Counter[str] = Counter()
    seen: Counter[CreditKey] = Counter()
    encodings: Counter[str] = Counter()
    problems: list[PageError] = []
    job = Job("check", encoding=encoding, keys=keys)
    bar = make_progress(console, progress)
    with bar:
        tracker = Tracker(sources, bar, "checking")
        chunks = chunked(iter_entries(sources), 0, light=jobs > 1)
        for batch in ordered_map(partial(work, job=job), chunks, jobs, warm_up=parser):
            for outcome in batch.outcomes:
                counts["pages"] += 1
                counts[outcome.status] += 1
                seen.update(outcome.keys)
                if outcome.encoding is not None:
                    encodings[outcome.encoding] += 1
                if outcome.error is not None:
                    if len(problems) < MAX_PROBLEMS:
                        problems.append(outcome.error)
                    if on_error is not None:
                        on_error(outcome.error)
            tracker.update(counts["pages"])
    return CheckReport(
        counts["pages"],
        counts["strict"],
        counts["lenient"],
        counts["failed"],
        counts["mismatch"],
        seen,
        tuple(problems),
        encodings,
    )
