"""Edit a page and write it back: only the touched lines change.

    python examples/edit_page.py [SOURCE] [DEST]

Sets the music credit, adds an image caption after the second synopsis
paragraph, writes the result to DEST (default ``out/<name>.edited.txt``) in
the source's own encoding, and prints a unified diff of the two files.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

import reviewparse

DEFAULT = Path(__file__).resolve().parent / "dump" / "ruby-sparks.txt"
# Pages break lines on \r\n, \n or a lone \r; str.splitlines() would also break on
# form feeds and other characters a page keeps inside its lines.
LINE_BREAK = re.compile(r"\r\n|\n|\r")


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT
    dest = Path(argv[1]) if len(argv) > 1 else Path("out") / f"{source.stem}.edited.txt"

    original = reviewparse.parse_file(source)
    edited = original.page.with_credit("music", ["Nick Urata", "Jon Brion"]).with_caption(
        "Calvin at his typewriter", after_paragraph=1
    )
    dest.parent.mkdir(parents=True, exist_ok=True)
    original.write(dest, edited)

    before = LINE_BREAK.split(source.read_bytes().decode(original.encoding))
    after = LINE_BREAK.split(dest.read_bytes().decode(original.encoding))
    diff = difflib.unified_diff(before, after, str(source), str(dest), n=0, lineterm="")
    for line in diff:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
