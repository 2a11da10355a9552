"""Loader for the naive character-level Earley baseline (``earley_baseline.lark``).

python benchmarks/earley_baseline.py --verify [--pages 20] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer

sys.path.insert(0, str(Path(__file__).parent))
import regex_baseline

GRAMMAR = Path(__file__).with_name("earley_baseline.lark")


class _Fields(Transformer[Token, Any]):
    """Characters back to strings, then the same dict as the regex baseline."""

    def _join(self, children: list[Any]) -> str:
        return "".join(str(child) for child in children if getattr(child, "type", "") != "NL")

    crumb = title = key = line = _join

    def value(self, children: list[Any]) -> str:
        return self._join(children).rstrip(regex_baseline.TRAILING)

    def credit(self, children: list[Any]) -> tuple[str, str]:
        key, _sep, value = children[:3]
        return key, value

    def credits(self, children: list[Any]) -> list[tuple[str, str]]:
        return children

    def breadcrumb(self, children: list[Any]) -> None:
        return None

    def start(self, children: list[Any]) -> dict[str, Any]:
        title: str | None = None
        credits: list[tuple[str, str]] = []
        lines: list[str] = []
        for child in children:
            if isinstance(child, list):
                credits = child
            elif isinstance(child, str) and not isinstance(child, Token):
                if title is None:
                    title = child
                else:
                    lines.append(child)
        return regex_baseline.fields(title, credits, lines)


@cache
def parser() -> Lark:
    return Lark(GRAMMAR.read_text("utf-8"), parser="earley", lexer="dynamic")


def parse(text: str) -> dict[str, Any]:
    if not text.endswith(("\n", "\r")):
        text += "\n"
    result: dict[str, Any] = _Fields().transform(parser().parse(text))
    return result


def verify(pages: int, seed: int) -> list[str]:
    from reviewparse._corpus import generate_pages

    problems = []
    for index, text in enumerate(generate_pages(pages, seed)):
        mine, theirs = parse(text), regex_baseline.from_reviewparse(text)
        if mine != theirs:
            diff = {k: (mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]}
            problems.append(f"page {index}: {diff}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Earley baseline; --verify against reviewparse")
    ap.add_argument("--verify", action="store_true", required=True)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    problems = verify(args.pages, args.seed)
    for problem in problems[:20]:
        print(problem)
    print(f"{args.pages - len(problems)}/{args.pages} pages agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
