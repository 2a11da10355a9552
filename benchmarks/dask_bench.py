"""Throughput of ``convert --engine dask`` by number of workers, on a generated dump.

    python benchmarks/dask_bench.py                      # 40k pages as one JSONL, 1 and 2 workers
    python benchmarks/dask_bench.py --pages 20000 --layout dir --workers 1 2 --local

Each run starts a ``LocalCluster`` of N single-threaded worker processes on
loopback, warms the workers up (import, grammar build), then times
``to_parquet(read_pages(dump, errors=True), out)`` end to end: listing, reading,
parsing, writing the Parquet dataset. ``--local`` also times the single-machine
``convert`` (``-j 1``) on the same dump, and checks that both give the same rows.
The best of ``--repeat`` runs is reported.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, LocalCluster

import reviewparse.dask as rpd
from reviewparse._cli import main as cli
from reviewparse._corpus import write_dump


def _warm(client: Client) -> None:
    """Import reviewparse and build the grammar on every worker before the clock starts."""

    def build() -> None:
        from reviewparse import parse

        parse("Title\n")

    client.run(build)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def time_dask(
    dump: Path, out: Path, workers: int, blocksize: str, repeat: int
) -> tuple[float, float]:
    """Best wall-clock seconds, and the largest peak RSS of a worker process (MB)."""
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        _warm(client)
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            bag = rpd.read_pages(str(dump), errors=True, blocksize=blocksize)
            summary = rpd.to_parquet(bag, str(out))
            best = min(best, time.perf_counter() - start)
            assert summary.failed == 0, summary
        peak = max(client.run(_peak_rss_mb).values())
    return best, peak


def time_local(dump: Path, out: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        status = cli(["convert", str(dump), "-o", str(out), "-j", "1", "-q"])
        best = min(best, time.perf_counter() - start)
        assert status == 0
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=40_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--layout", choices=("jsonl", "dir"), default="jsonl")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--blocksize", default="4MiB", help="input bytes per task (default: 4MiB)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--local", action="store_true", help="also time the single-machine convert")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="rp-dask-bench-") as tmp:
        root = Path(tmp)
        dump = root / ("dump.jsonl" if args.layout == "jsonl" else "dump")
        pages, size = write_dump(dump, n_pages=args.pages, seed=args.seed)
        layout = f"{args.layout}; blocksize {args.blocksize}"
        print(f"dump: {pages} pages, {size / 1e6:.1f} MB, {layout}")
        cores, load = os.cpu_count(), os.getloadavg()[0]
        print(f"machine: {cores} cores, load average {load:.2f} before the runs")
        print("| engine | workers | seconds | pages/s | speed-up | peak worker RSS |")
        print("|---|---:|---:|---:|---:|---:|")
        first = None  # the time with the first worker count: speed-ups are against it
        for workers in args.workers:
            out = root / "dask.parquet"
            seconds, peak = time_dask(dump, out, workers, args.blocksize, args.repeat)
            first = first or seconds
            cells = [f"{seconds:.2f}", f"{pages / seconds:,.0f}", f"{first / seconds:.2f}x"]
            print(f"| dask | {workers} | {' | '.join(cells)} | {peak:.0f} MB |")
            sys.stdout.flush()
        if args.local:
            seconds = time_local(dump, root / "local.parquet", args.repeat)
            print(f"| local -j 1 | 1 | {seconds:.2f} | {pages / seconds:,.0f} | | |")
            files = sorted((root / "dask.parquet").glob("part.*.parquet"))
            dask_rows = pa.concat_tables([pq.read_table(f) for f in files])
            same = dask_rows.equals(pq.read_table(root / "local.parquet"))
            print(f"same rows as the single-machine output: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
