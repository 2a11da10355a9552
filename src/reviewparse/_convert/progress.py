"""The progress bar of ``convert`` and ``check``: source bytes read, pages done, rate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Task as RichTask
from rich.text import Text

if TYPE_CHECKING:
    from reviewparse._convert.sources.source import Source


class _PagesColumn(ProgressColumn):
    def render(self, task: RichTask) -> Text:
        pages = task.fields.get("pages", 0)
        elapsed = task.elapsed or 0.0
        rate = pages / elapsed if elapsed > 0 else 0.0
        return Text(f"{pages} pages  {rate:,.0f} pages/s", style="progress.data.speed")


def make_progress(console: Console, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        _PagesColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
        transient=False,
    )


class Tracker:
    """Progress by source bytes read (so the ETA needs no counting pass), pages as a field."""

    def __init__(self, sources: list[Source], progress: Progress, description: str) -> None:
        self.sources = sources
        self.progress = progress
        total = None
        if not progress.disable:
            sizes = [source.size() for source in sources]
            total = None if None in sizes else sum(size or 0 for size in sizes)
        self.task = progress.add_task(description, total=total, pages=0)

    def update(self, pages: int) -> None:
        done = sum(source.consumed for source in self.sources)
        self.progress.update(self.task, completed=done, pages=pages)
