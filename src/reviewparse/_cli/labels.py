"""The lines of a page labelled with the record each became, for ``reviewparse inspect``."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console
from rich.text import Text

from reviewparse._convert.words import LENIENTLY, STRICTLY, counted
from reviewparse._core.dicts import LINE_KINDS
from reviewparse._core.errors import visible
from reviewparse._core.page import ReviewPage
from reviewparse._core.records import BlankLines, Credit, Line, Unparsed

STYLES = {
    "breadcrumb": "magenta",
    "title": "bold yellow",
    "caption": "italic cyan",
    "paragraph": "default",
    "credit": "green",
    "clutter": "dim italic",
    "blank_lines": "dim",
    "unparsed": "bold red",
}


def _visible_end(end: str) -> str:
    return (
        end.replace(" ", "·")
        .replace("\t", "→")
        .replace("\u00a0", "⍽")
        .replace("\r\n", "␍␊")
        .replace("\n", "␊")
        .replace("\r", "␍")
    )


def _labelled_lines(page: ReviewPage) -> Iterator[tuple[str, Text]]:
    def text(*parts: tuple[str, str]) -> Text:
        return Text.assemble(*parts)

    for line in page.lines:
        kind = LINE_KINDS[type(line)]
        style = STYLES[kind]
        if isinstance(line, BlankLines):
            for blank in line.lines:
                yield "blank", text((_visible_end(blank), "dim"))
            continue
        label, body = kind, _body(line, style)
        if isinstance(line, Credit):
            label = f"credit:{line.field}" if line.field else "credit:?"
        yield label, body
        if isinstance(line, Credit):  # values on the lines below the key: one row each
            for more in line.more:
                content = more.rstrip("\r\n")
                yield (
                    "credit+",
                    Text.assemble((content, "green"), (_visible_end(more[len(content) :]), "dim")),
                )


def _body(line: Line, style: str) -> Text:
    assert not isinstance(line, BlankLines)
    end = Text(_visible_end(line.end), style="dim")
    if isinstance(line, Credit):
        content = Text.assemble(
            (line.prefix, "dim green"),
            (line.key, "bold green"),
            (line.separator.replace("\t", "→"), "dim green"),
            (line.value, "green"),
        )
    elif isinstance(line, Unparsed):
        content = Text.assemble((visible(line.text), style), ("  ← " + line.reason, "red"))
        return Text.assemble(content[: len(line.text)], end, content[len(line.text) :])
    else:
        content = Text(line.render()[: len(line.render()) - len(line.end)], style=style)
    return Text.assemble(content, end)


def show(page: ReviewPage, encoding: str) -> None:
    """Print the labelled lines to stdout (in colour on a terminal only, as rich decides)."""
    console = Console(highlight=False, soft_wrap=True)
    rows = list(_labelled_lines(page))
    width = max((len(label) for label, _ in rows), default=5)
    digits = len(str(len(rows)))
    if page.bom:
        console.print(Text(f"{'':>{digits}} {'bom':<{width}} │ U+FEFF", style="dim"))
    for number, (label, body) in enumerate(rows, 1):
        style = STYLES.get(label.split(":")[0].rstrip("+"), STYLES["blank_lines"])
        head = Text.assemble((f"{number:>{digits}} ", "dim"), (f"{label:<{width}}", style), " │ ")
        console.print(Text.assemble(head, body))
    verdict = (
        STRICTLY
        if page.is_strict
        else f"{LENIENTLY}, {counted(len(page.diagnostics), 'diagnostic')}"
    )
    console.print(Text(f"{counted(len(rows), 'line')}, {encoding}, {verdict}", style="dim"))
