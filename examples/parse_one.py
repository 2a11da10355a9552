"""Parse one page and print what the library reads from it.

    python examples/parse_one.py                       # the reference page
    python examples/parse_one.py path/to/your-page.txt # your own page

Lenient mode never fails: lines that fit no kind are kept as ``Unparsed`` and
reported as diagnostics. Add ``--strict`` to get a located error instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

import reviewparse

DEFAULT = Path(__file__).resolve().parent / "dump" / "ruby-sparks.txt"


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    paths = [arg for arg in argv if arg != "--strict"]
    path = Path(paths[0]) if paths else DEFAULT
    try:
        page = reviewparse.parse_file(path, strict=strict).page
    except reviewparse.ReviewParseError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1

    print(f"title:      {page.title}")
    print(f"year:       {page.year}")
    print(f"directors:  {', '.join(page.directors)}")
    print(f"stars:      {', '.join(page.stars)}")
    print(f"writers:    {', '.join(page.writers)}")
    print(f"music:      {', '.join(page.music)}")
    print(f"studio:     {page.studio}")
    print(f"captions:   {' | '.join(page.captions)}")
    print(f"paragraphs: {len(page.paragraphs)}")
    print("credits as written:")
    for credit in page.credits:
        print(f"  {credit.key!r:20} {credit.separator!r:7} -> {credit.field or '(unknown key)'}")
    print(f"strict layout: {page.is_strict}")
    for note in page.diagnostics:
        print(f"diagnostic: line {note.line}, column {note.column}: {note.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
