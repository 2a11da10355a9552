"""What a source is by its name, what its pages are called, and which names are safe."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Literal

SourceKind = Literal["dir", "file", "jsonl", "tar", "zip"]

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ZIP_SUFFIXES = (".zip",)
#: Files in a directory or an archive are pages when their names end so.
PAGE_SUFFIX = ".txt"
#: The source (or OUT) that means standard input (or output): never a file of that name.
STDIN = "-"


def kind_of_name(name: str) -> SourceKind:
    """``jsonl``, ``tar``, ``zip`` or ``file`` (one page), by suffix."""
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(TAR_SUFFIXES):
        return "tar"
    if lower.endswith(ZIP_SUFFIXES):
        return "zip"
    return "file"


def kind_of(path: Path) -> SourceKind:
    """``dir``, or what ``kind_of_name`` says of the path's name."""
    return "dir" if path.is_dir() else kind_of_name(path.name)


def source_name(spec: str) -> str:
    """A source's name in its page ids: a local path as pathlib writes it, a URL as given."""
    if "://" in spec:
        return spec.rstrip("/")
    return PurePosixPath(Path(spec).as_posix()).as_posix()


def safe_relpath(name: str) -> str | None:
    """``name`` as a relative POSIX path that stays inside a directory, or None.

    Absolute names, drive letters, ``..`` components, NULs and empty names are
    refused; ``\\`` counts as a separator; ``.`` and empty components are dropped.
    """
    if "\x00" in name:
        return None
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)
