"""Byte sizes: the units the caps are written in, and the caps' defaults.

The caps bound what one page and one archive may make a conversion read, so a
crafted dump (a 40 GB line, a zip bomb) costs an error entry, not the machine.
``SourceOptions`` and the command line's defaults both read them from here.
"""

from __future__ import annotations

MiB = 1024 * 1024
GiB = 1024 * MiB

#: A page (file, archive member, JSON line) larger than this is an error, not read.
MAX_PAGE_BYTES = 16 * MiB
#: Decompressed bytes read from one archive, in total.
MAX_ARCHIVE_BYTES = 4 * GiB
