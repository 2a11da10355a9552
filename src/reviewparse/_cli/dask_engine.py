"""``reviewparse convert --engine dask``: the same options, run on a Dask cluster.

Kept apart from ``reviewparse.dask`` so the CLI imports Dask only when asked
to, and says which extra to install when it is missing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs
from rich.console import Console

from reviewparse._convert.page_errors import PageError
from reviewparse._convert.run import ConvertOptions, Summary, UsageError
from reviewparse._convert.sources.names import STDIN

_MANGLED_URL = re.compile(r"^([A-Za-z][\w+.-]*):/(?!/)")


def _url(path: Path | str) -> str:
    """A path argument as given: ``Path("s3://b/k")`` prints ``s3:/b/k``; put the ``//`` back."""
    return _MANGLED_URL.sub(r"\1://", str(path))


def _first_error(errors_url: str, storage_options: dict[str, Any]) -> PageError | None:
    """The first entry of an errors dataset, in source order."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(errors_url, **storage_options)
    for part in sorted(fs.glob(f"{root.rstrip('/')}/part.*.jsonl")):
        with fs.open(part, "rb") as lines:
            first = lines.readline()
        if first.strip():
            return PageError.from_dict(json.loads(first))
    return None


def _remove_parts(url: str) -> None:
    """Remove the ``part.*`` files written to ``url``, and the directory if that empties it."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    parts = fs.glob(f"{root.rstrip('/')}/part.*")
    if parts:
        fs.rm(parts)
    if fs.isdir(root) and not fs.ls(root):
        fs.rmdir(root)


def convert_on_dask(
    options: ConvertOptions,
    console: Console,
    *,
    output: str,
    scheduler: str | None = None,
) -> Summary:
    """Run ``convert`` on a cluster: ``output`` becomes a Parquet dataset directory.

    ``--jobs`` sizes the ``LocalCluster`` started when no scheduler is given.
    ``--errors strict`` converts everything, then removes the output and returns
    the first error if there was one (tasks run in parallel, so there is no
    "first" until the end).
    """
    try:
        from reviewparse.dask import connect, default_errors_path, read_pages, to_parquet
    except ImportError as exc:
        raise UsageError(
            f"--engine dask needs the dask extra: pip install 'reviewparse[dask]' ({exc})"
        ) from None
    if STDIN in options.sources:
        raise UsageError("--engine dask cannot read standard input: its workers read the sources")
    if options.resume:
        raise UsageError("--resume does not apply to --engine dask (a rerun rewrites the dataset)")
    if options.format.name != "parquet":
        raise UsageError(
            f"--engine dask writes a Parquet dataset, not {options.format.name}: "
            "use -o OUT.parquet (or --format parquet)"
        )
    output = _url(output)
    report = options.errors != "ignore"
    errors_url = _url(options.errors_path) if options.errors_path else default_errors_path(output)
    bag = read_pages(  # lists the sources first: a missing one fails before any cluster starts
        list(options.sources),
        errors=report,
        encoding=options.encoding,
        source_options=options.source_options,
        keys=options.keys,
    )
    with connect(scheduler, workers=options.jobs):
        try:
            summary = to_parquet(bag, output, errors_path=errors_url, write_errors=report)
        except FileExistsError as exc:
            raise UsageError(str(exc)) from None
    if options.errors == "strict":
        first = _first_error(errors_url, {})
        if first is not None:
            for url in (output, errors_url):
                _remove_parts(url)
            return attrs.evolve(summary, stopped=first)
    return attrs.evolve(summary, errors_path=Path(errors_url) if report else None)
