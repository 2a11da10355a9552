"""MkDocs hook: paste the CLI's real ``--help`` into the docs at build time.

A page line ``<!-- reviewparse-help: convert -->`` becomes a ``text`` code block
holding the output of ``reviewparse convert --help`` (``<!-- reviewparse-help: -->``
gives the top-level help). The help is produced by the installed console script,
so the CLI reference cannot drift from the command; if the command fails the
build fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

from mkdocs.exceptions import PluginError

MARKER = re.compile(r"^<!--\s*reviewparse-help:(?P<args>[^>]*?)\s*-->[ \t]*$", re.MULTILINE)

# Run the console script named "reviewparse" exactly as an installed user would.
_RUN_SCRIPT = """\
import sys
from importlib.metadata import entry_points
(script,) = entry_points(group="console_scripts", name="reviewparse")
sys.argv[0] = "reviewparse"
sys.exit(script.load()())
"""


def help_text(args: list[str]) -> str:
    """``reviewparse ARGS --help``, rendered at a fixed width without colour."""
    env = {**os.environ, "COLUMNS": "88", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    result = subprocess.run(
        [sys.executable, "-c", _RUN_SCRIPT, *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        command = " ".join(["reviewparse", *args, "--help"])
        raise PluginError(f"`{command}` failed ({result.returncode}):\n{result.stderr}")
    return result.stdout.rstrip() + "\n"


def on_page_markdown(markdown: str, **_: Any) -> str:
    def block(match: re.Match[str]) -> str:
        return "```text\n" + help_text(match.group("args").split()) + "```"

    return MARKER.sub(block, markdown)
