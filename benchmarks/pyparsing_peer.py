"""A pyparsing grammar written the way pyparsing's examples are: one element per kind
of line, parse actions to tag them, ``parse_string`` on the whole page.

    python benchmarks/pyparsing_peer.py --verify [--pages 500]

prints how often it reads the same fields as reviewparse on the generated corpus.
pyparsing is optional (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import regex_baseline


@cache
def grammar() -> Any:
    import pyparsing as pp

    pp.ParserElement.set_default_whitespace_chars(" \t\u00a0")
    newline = pp.Regex(r"[ \t\u00a0]*(?:\r\n|\n|\r)").suppress()
    crumbs = pp.Regex(r"[^\r\n>»→|]+(?:[>»→|][^\r\n>»→|]+)+")
    key = pp.Regex(r"[A-Z][\w()'’]*(?:[ ][\w()'’]+){0,3}(?=[ \t\u00a0]*(?:[:：]|[-–—]))")
    separator = pp.Regex(r"[ \t\u00a0]*(?:[:：]+|[-–—])[ \t\u00a0]*").leave_whitespace()
    value = pp.Regex(r"[^\r\n]*")
    text = pp.Regex(r"[^\r\n]+")
    crumbs.set_parse_action(lambda t: ("breadcrumb", t[0]))
    credit = (key + separator + pp.Opt(value, "")).set_parse_action(
        lambda t: ("credit", (t[0], t[1], t[2].rstrip()))
    )
    text.set_parse_action(lambda t: ("text", t[0].rstrip()))
    line = crumbs | credit | text
    page = pp.ZeroOrMore(newline) + pp.ZeroOrMore(line + pp.ZeroOrMore(newline))
    return page


def parse(text: str) -> dict[str, Any]:
    """One page's fields, as the tutorial Lark grammar reads them."""
    lines = grammar().parse_string(text.removeprefix("\ufeff"), parse_all=True)
    return regex_baseline.from_lines(lines)


def main(argv: list[str] | None = None) -> int:
    import agreement

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--verify", action="store_true", required=True)
    ap.add_argument("--pages", type=int, default=500)
    args = ap.parse_args(argv)
    print(agreement.measure(parse, args.pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
