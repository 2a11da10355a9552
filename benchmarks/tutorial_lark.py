"""The tutorial Lark grammar (``tutorial.lark``), LALR with a Transformer, with and
without lark-cython: the parser a user would write with Lark instead of reviewparse.

    python benchmarks/tutorial_lark.py --verify [--pages 500] [--cython]

prints how often it reads the same fields as reviewparse on the generated corpus.
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Transformer

sys.path.insert(0, str(Path(__file__).parent))
import regex_baseline


def _text(token: Any) -> str:
    # lark-cython's tokens are not str: their text is .value (as in Lark's).
    return str(token.value)


class ToFields(Transformer[Any, dict[str, Any]]):
    """Lines to the fields the regex baseline returns (title, year, stars, directors...)."""

    def breadcrumb(self, children: list[Any]) -> tuple[str, str]:
        return ("breadcrumb", _text(children[0]))

    def credit(self, children: list[Any]) -> tuple[str, tuple[str, str, str]]:
        value = _text(children[2]).rstrip() if len(children) > 2 else ""
        return ("credit", (_text(children[0]), _text(children[1]), value))

    def text(self, children: list[Any]) -> tuple[str, str]:
        return ("text", _text(children[0]).rstrip())

    def start(self, lines: list[tuple[str, Any]]) -> dict[str, Any]:
        return regex_baseline.from_lines(lines)


@cache
def parser(cython: bool = False) -> Lark:
    """The LALR parser, the transformer inlined (no tree is built)."""
    options: dict[str, Any] = {}
    if cython:
        import lark_cython

        options["_plugins"] = lark_cython.plugins
    grammar = (Path(__file__).parent / "tutorial.lark").read_text("utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", transformer=ToFields(), **options)


def parse(text: str, cython: bool = False) -> dict[str, Any]:
    """One page's fields."""
    fields: dict[str, Any] = parser(cython).parse(text.removeprefix("\ufeff"))
    return fields


def main(argv: list[str] | None = None) -> int:
    import agreement

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--verify", action="store_true", required=True)
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--cython", action="store_true")
    args = ap.parse_args(argv)
    share = agreement.measure(lambda text: parse(text, args.cython), args.pages)
    print(share)
    return 0


if __name__ == "__main__":
    sys.exit(main())
