"""Replace a file in one step, through a temp file nobody else can have planted.

The temp file is made by ``tempfile.mkstemp`` (``O_EXCL``, a fresh name in the
target's directory), so a symlink placed where a fixed temp name would be is never
written through; a failed write removes it; the rename is atomic.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path``: mode 0600 if ``private``, else what the umask gives."""
    import tempfile  # off the cold-start path: the grammar cache writes only on a miss

    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if not private:  # mkstemp makes 0600; a plain file gets 0666 less the umask
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(data)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def write_durably(path: Path, data: bytes) -> None:
    """``write_atomically``, and on disk when it returns, for state a crash must not lose.

    The data is fsync'd before the rename, so a power cut leaves the old file or
    the whole new one, and the directory after it, so the rename itself is kept.
    """
    import tempfile

    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every platform can open a directory
        return
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
