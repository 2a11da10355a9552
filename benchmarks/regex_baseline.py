"""The quick script a user would write instead of reviewparse: one regex per line kind.

It reads the same fields reviewparse's typed view gives (title, year, credits,
stars, directors, captions, paragraph count) into a plain dict. It is lossy
(no round trip, no positions, no diagnostics) and knows only the layout of the
generated corpus; that is the point of the comparison.

    python benchmarks/regex_baseline.py --verify [--pages 2000] [--seed 0]

checks that it agrees with reviewparse on every generated page.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any

BREAK = re.compile(r"\r\n|\n|\r")
BLANK = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*")
BREADCRUMB = re.compile(r"[^>»→|]+(?:[>»→|][^>»→|]+)+")
_W = r"(?:[\w.'’&()/]|-(?=[\w.'’&()/]))"  # a key word's letters; "Co-Producer"
CREDIT = re.compile(
    rf"([^\W\d_]{_W}*(?:[ \t]+[\w.'’&()/]{_W}*){{0,5}}?)"  # key: one to six words
    r"([ \t\u00a0]*(?:[:：]+|[-–—])[ \t\u00a0]*)"  # separator
    r"(.*)"
)
# A hyphen needs a space on one side to separate ("Co-Producer" is one word).
BAD_HYPHEN = re.compile(r"\S-\S")
CAPTION_END = re.compile(r"[^.!?…:;,\"”'’)\s]$")
SPACES = re.compile(r"[\s\u00a0]+")
NAME_SPLIT = re.compile(r"\s*(?:[,;&/]|\band\b)\s*")
SUFFIX = re.compile(r"(?:Jr|Sr|Jnr|Snr)\.?|I{2,3}|IV|Esq\.?", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
TRAILING = " \t\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"

STARS = {"stars", "starring", "star", "cast", "actors", "actor", "main cast", "with"}
DIRECTORS = {"director", "directors", "director(s)", "directed by", "direction"}
YEARS = {"year", "release year", "year of release"}


BRACKET_YEAR = re.compile(r"\s*[(\[](?:18|19|20)\d\d[)\]]$")


def tidy(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def names(value: str) -> list[str]:
    out: list[str] = []
    for part in NAME_SPLIT.split(tidy(value)):
        if not part:
            continue
        if out and SUFFIX.fullmatch(part):
            out[-1] += ", " + part
        else:
            out.append(part)
    return out


def parse(text: str) -> dict[str, Any]:
    """One page's fields; lines are read in order with a three-state machine."""
    record: dict[str, Any] = {
        "title": None,
        "year": None,
        "credits": {},
        "stars": [],
        "directors": [],
        "captions": [],
        "paragraphs": 0,
    }
    credits: dict[str, str] = record["credits"]
    state = "head"  # head -> credits -> body
    for raw in BREAK.split(text.removeprefix("\ufeff")):
        line = raw.rstrip(TRAILING)
        if BLANK.fullmatch(line):
            if state == "credits":
                state = "body"
            continue
        if record["title"] is None:
            if BREADCRUMB.fullmatch(line):
                continue
            record["title"] = BRACKET_YEAR.sub("", tidy(line))  # "A Road (1957)" -> "A Road"
            continue
        if state != "body":
            match = CREDIT.match(line)
            if match and not BAD_HYPHEN.fullmatch(line, match.end(1) - 1, match.end(2) + 1):
                key, value = match.group(1), match.group(3)
                credits.setdefault(key, value)
                folded = tidy(key).casefold()
                if folded in YEARS and record["year"] is None:
                    year = YEAR.search(value)
                    record["year"] = int(year.group(1)) if year else None
                elif folded in STARS and not record["stars"]:
                    record["stars"] = names(value)
                elif folded in DIRECTORS and not record["directors"]:
                    record["directors"] = names(value)
                state = "credits"
                continue
        if len(line) <= 120 and CAPTION_END.search(line):
            record["captions"].append(tidy(line))
        else:
            record["paragraphs"] += 1
            state = "body"
    return record


def from_lines(lines: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The dict from a grammar peer's lines: ``("breadcrumb", text)``, ``("credit",
    (key, separator, value))`` or ``("text", text)``, in page order. The first line
    that is not a breadcrumb is the title (a credit-looking one too: "Title: Part Two").
    """
    title = None
    credits: list[tuple[str, str]] = []
    rest: list[str] = []
    for kind, value in lines:
        if kind == "breadcrumb" and title is None:
            continue
        if title is None:
            line = "".join(value) if kind == "credit" else value
            title = BRACKET_YEAR.sub("", tidy(line))
        elif kind == "credit":
            credits.append((value[0], value[2]))
        else:
            rest.append(value if kind == "text" else "")
    return fields(title, credits, rest) | {"title": title}


def fields(title: str | None, credits: list[tuple[str, str]], lines: list[str]) -> dict[str, Any]:
    """The dict from pieces another parser found (the Earley baseline uses it)."""
    record: dict[str, Any] = {
        "title": None if title is None else tidy(title),
        "year": None,
        "credits": {},
        "stars": [],
        "directors": [],
        "captions": [],
        "paragraphs": 0,
    }
    for key, value in credits:
        record["credits"].setdefault(key, value)
        folded = tidy(key).casefold()
        if folded in YEARS and record["year"] is None:
            year = YEAR.search(value)
            record["year"] = int(year.group(1)) if year else None
        elif folded in STARS and not record["stars"]:
            record["stars"] = names(value)
        elif folded in DIRECTORS and not record["directors"]:
            record["directors"] = names(value)
    for raw in lines:
        line = raw.rstrip(TRAILING)
        if len(line) <= 120 and CAPTION_END.search(line):
            record["captions"].append(tidy(line))
        else:
            record["paragraphs"] += 1
    return record


def from_reviewparse(text: str) -> dict[str, Any]:
    """The same fields read through reviewparse's typed view (the reference)."""
    import reviewparse

    page = reviewparse.parse(text)
    credits: dict[str, str] = {}
    for credit in page.credits:
        credits.setdefault(credit.key, credit.value)
    return {
        "title": page.title,
        "year": page.year,
        "credits": credits,
        "stars": list(page.stars),
        "directors": list(page.directors),
        "captions": list(page.captions),
        "paragraphs": len(page.paragraphs),
    }


def verify(pages: int, seed: int) -> list[str]:
    """Disagreements between this baseline and reviewparse on the generated corpus."""
    from reviewparse._corpus import generate_pages

    problems = []
    for index, text in enumerate(generate_pages(pages, seed)):
        mine, theirs = parse(text), from_reviewparse(text)
        if mine != theirs:
            diff = {k: (mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]}
            problems.append(f"page {index}: {diff}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="regex baseline; --verify against reviewparse")
    ap.add_argument("--verify", action="store_true", required=True)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    problems = verify(args.pages, args.seed)
    for problem in problems[:20]:
        print(problem)
    print(f"{args.pages - len(problems)}/{args.pages} pages agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
