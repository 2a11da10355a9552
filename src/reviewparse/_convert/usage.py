"""How a run may be asked for, and the error for a request it cannot run.

The command line catches ``UsageError`` and exits with status 2; the conversion
raises it before it writes anything (OUT is a directory, ``--resume`` of a format
that cannot resume, a source that does not exist).
"""

from __future__ import annotations

from typing import Literal, get_args

#: ``strict`` stops at the first problem page; ``report`` lists them; ``ignore`` counts them.
ErrorMode = Literal["strict", "report", "ignore"]
ERROR_MODES: tuple[ErrorMode, ...] = get_args(ErrorMode)


class UsageError(Exception):
    """Bad arguments or options discovered after parsing them (exit status 2)."""
