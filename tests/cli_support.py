"""Shared helpers for the CLI tests: generated dumps and running the command."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

from reviewparse._convert.sources.page import SourcePage
from reviewparse._convert.sources.source import Source
from reviewparse._corpus import generate_pages

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "dump"
SUMMARY = re.compile(r"pages in (\d+) = records out (\d+) \+ failed (\d+); (\d+) parsed leniently")


def _variant(index: int, text: str) -> bytes:
    """Spread the awkward cases over the dump: CRLF, lone CR, BOM, UTF-16, odd separators."""
    body = re.sub(r"\r\n|\r", "\n", text.removeprefix("\ufeff"))
    kind = index % 8
    if kind == 1:
        return body.replace("\n", "\r\n").encode("utf-8")
    if kind == 2:
        return ("\ufeff" + body).encode("utf-8")
    if kind == 3:
        body = re.sub(r"(?m)^(Year|Studio|Music) ?- ?", r"\1:\t", body)
        return body.replace("\n", "\r").encode("utf-8")
    if kind == 4:
        return body.replace("\n", "\r\n").encode("utf-16")  # with its BOM
    if kind == 5:
        body = re.sub(r"(?m)^(Director|Stars) - ", "\\1 \u2013 ", body)
        return (body + "  \n\n").encode("utf-8")
    if kind == 6:
        return body.replace(" > ", " \u00bb ", 1).rstrip("\n").encode("utf-8")
    return text.encode("utf-8")


def make_pages(n: int, seed: int = 7) -> dict[str, bytes]:
    """``n`` generated pages as ``{relative path: bytes}``, in sorted path order."""
    pages = {}
    for index, text in enumerate(generate_pages(n, seed)):
        pages[f"part-{index // 40:02d}/page-{index:04d}.txt"] = _variant(index, text)
    return dict(sorted(pages.items()))


def write_dir(root: Path, pages: dict[str, bytes]) -> Path:
    for rel, data in pages.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def write_tar(path: Path, pages: dict[str, bytes], mode: str = "w") -> Path:
    with tarfile.open(path, mode) as archive:
        for rel, data in pages.items():
            info = tarfile.TarInfo(rel)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def write_zip(path: Path, pages: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel, data in pages.items():
            archive.writestr(rel, data)
    return path


def write_jsonl(path: Path, pages: dict[str, bytes], *, gz: bool = False) -> Path:
    """Pages as JSON Lines ``{"name": ..., "text": ...}`` (UTF-16 pages decoded first)."""
    import gzip

    lines = []
    for rel, data in pages.items():
        text = data.decode("utf-16") if data.startswith(b"\xff\xfe") else data.decode("utf-8")
        lines.append(json.dumps({"name": rel, "text": text}) + "\n")
    payload = "".join(lines).encode("utf-8")
    path.write_bytes(gzip.compress(payload, mtime=0) if gz else payload)
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def run_cli(
    *args: str | Path, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -m reviewparse ARGS`` in a subprocess (stdout and stderr are pipes)."""
    return subprocess.run(
        [sys.executable, "-m", "reviewparse", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def summary_counts(stderr: str) -> tuple[int, int, int, int]:
    match = SUMMARY.search(stderr)
    assert match, f"no summary line in: {stderr!r}"
    pages, records, failed, lenient = map(int, match.groups())
    return pages, records, failed, lenient


def read_all_traced(source: Source) -> tuple[list[SourcePage], int]:
    """Every page of ``source``, and the peak of Python memory while reading them."""
    tracemalloc.start()
    try:
        pages = [entry() for entry in source.entries()]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return pages, peak
