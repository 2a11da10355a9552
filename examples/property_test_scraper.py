"""Property-test a scraper of your own with ``reviewparse.strategies`` (needs Hypothesis).

    pip install 'reviewparse[testing]'
    python examples/property_test_scraper.py [--examples N] [--naive]
    pytest examples/property_test_scraper.py     # the same properties, as tests

The toy scraper below reads a review page's title, year and directors with a few
regular expressions, as a quick pipeline might. Two properties check it:

* on every valid page (``pages()``), it agrees with reviewparse's typed view;
* on damaged pages (``messy_texts()``), it does not crash.

``--naive`` tests a first version that splits names on commas only: Hypothesis
finds a page where it is wrong, shrinks it to a few lines, and the script prints
that page and exits with status 1. The script runs them with the
``reviewparse-ci`` profile (derandomized: the same pages on every run).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable

from hypothesis import Phase, given, settings

import reviewparse
from reviewparse.strategies import messy_texts, pages, register_profiles

Scraped = dict[str, object]
Scraper = Callable[[str], Scraped]

# -- the scraper under test --------------------------------------------------------
BREAK = re.compile(r"\r\n|\n|\r")  # not str.splitlines(): it also splits on \x0c, \x85...
BREADCRUMB = re.compile(r"[>»→|]")  # "Home > Films > Ruby Sparks"
CREDIT = re.compile(
    r"(?P<key>Year|Director|Directed by)\s*(?:[:：](?:\s*[:：])*|[-–—]|\t)\s*(?P<value>.*?)",
    re.IGNORECASE,
)
HEADING_YEAR = re.compile(r"\s*\((?P<year>\d{4})\)$")  # "Ruby Sparks (2012)"
NAME_SEPARATOR = re.compile(r"\s*(?:[,;&/]|\band\b)\s*")
SUFFIX = re.compile(r"(?:Jr|Sr)\.?|I{2,3}|IV", re.IGNORECASE)


def split_names(value: str) -> list[str]:
    names: list[str] = []
    for part in NAME_SEPARATOR.split(" ".join(value.split())):
        if names and SUFFIX.fullmatch(part):
            names[-1] += ", " + part  # "Sammy Davis, Jr." is one person
        elif part:
            names.append(part)
    return names


def scrape(text: str, names: Callable[[str], list[str]] = split_names) -> Scraped:
    """Title, year and directors of one review page."""
    lines = [line.strip() for line in BREAK.split(text.removeprefix("\ufeff"))]
    content = [line for line in lines if line]
    if content and BREADCRUMB.search(content[0]):
        content = content[1:]
    title = " ".join(content[0].split()) if content else None
    found: Scraped = {"title": title, "year": None, "directors": []}
    heading_year = HEADING_YEAR.search(title) if title else None
    if title and heading_year:  # the year beside the title is the film's, unless a credit says
        found["title"] = title[: heading_year.start()]
        found["year"] = int(heading_year["year"])
    for line in content[1:]:
        match = CREDIT.fullmatch(line)
        if match is None:
            continue
        if match["key"].lower() == "year":
            year = re.search(r"\d{4}", match["value"])
            found["year"] = int(year.group()) if year else None
        else:
            found["directors"] = names(match["value"])
    return found


def scrape_naive(text: str) -> Scraped:
    """The first version: names split on commas only."""
    return scrape(text, lambda value: [n.strip() for n in value.split(",") if n.strip()])


# -- the properties ----------------------------------------------------------------
# The credits the scraper reads, in two spellings, and two it must skip.
KEYS = ["Year", "Director", "Directed by", "Stars", "Music"]
seen: list[str] = []  # the page texts each property was given, last one last


def agrees_with_reviewparse(scraper: Scraper) -> Callable[[], None]:
    @given(pages(keys=KEYS, credit_forms=()))
    def check(page: reviewparse.ReviewPage) -> None:
        text = reviewparse.render(page)
        seen.append(text)
        expected = {"title": page.title, "year": page.year, "directors": list(page.directors)}
        assert scraper(text) == expected

    return check


@given(messy_texts())
def test_scraper_survives_damaged_pages(text: str) -> None:
    seen.append(text)
    found = scrape(text)  # must not raise
    assert found["year"] is None or 1000 <= int(str(found["year"])) <= 9999


test_scraper_agrees_with_reviewparse = agrees_with_reviewparse(scrape)


# -- as a script ---------------------------------------------------------------------
def run(name: str, check: Callable[[], None], profile: settings) -> bool:
    seen.clear()
    try:
        profile(check)()
    except AssertionError as failure:
        print(f"{name}: FAILED. Hypothesis shrank the page to:")
        print("\n".join(getattr(failure, "__notes__", [])))
        # Hypothesis runs the shrunk example last.
        print(f"that page as text: {seen[-1]!r}")
        return False
    print(f"{name}: passed on {len(seen)} pages")
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="pages per property")
    parser.add_argument("--naive", action="store_true", help="test the comma-only scraper")
    args = parser.parse_args(argv)
    register_profiles()
    # A test's settings are fixed when @given runs, so they are applied here, per test.
    profile = settings(settings.get_profile("reviewparse-ci"), max_examples=args.examples)
    if args.naive:
        # No explain phase: it varies the shrunk page hundreds of times to mark the parts
        # that do not matter, and the page is printed in full anyway.
        quick = settings(profile, phases=[Phase.explicit, Phase.generate, Phase.shrink])
        naive = agrees_with_reviewparse(scrape_naive)
        return 0 if run("scrape_naive agrees with reviewparse", naive, quick) else 1
    ok = run("scrape agrees with reviewparse", test_scraper_agrees_with_reviewparse, profile)
    ok &= run("scrape survives damaged pages", test_scraper_survives_damaged_pages, profile)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
