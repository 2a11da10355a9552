"""What the command line's modules share without importing each other's weight.

``reviewparse parse`` must start fast, so ``_cli`` imports the conversion
machinery (process pools, archives, progress bars) only when a command needs it;
the names every command needs at start live here.
"""

from __future__ import annotations

MiB = 1024 * 1024
GiB = 1024 * MiB
ERROR_MODES = ("strict", "report", "ignore")


class UsageError(Exception):
    """Bad arguments or options discovered after parsing them (exit status 2)."""
