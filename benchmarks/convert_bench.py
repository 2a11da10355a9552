"""``reviewparse convert`` at scale: --jobs 1 vs --jobs 2, and peak memory vs input size.

    python benchmarks/convert_bench.py             # 100 MB jobs runs; RSS at 10/100/1000 MB
    python benchmarks/convert_bench.py --jobs-mb 20 --rss-mb 10 100
    python benchmarks/convert_bench.py --workdir /var/tmp/rp-bench --keep

Dumps are generated JSONL files (``reviewparse._corpus.write_dump``), made once
per size in --workdir and reused. Each conversion runs the installed CLI as a
fresh process writing JSONL; its output is deleted after each run. The --jobs
comparison runs --rounds interleaved pairs (-j 1, -j 2, -j 1, ...) and reports the
run of median wall time for each, so a load that drifts hits both. Peak memory is
(a) the largest single process's peak RSS (``ru_maxrss`` of the children) and
(b) on Linux, the peak of the whole process tree's RSS, sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from reviewparse._corpus import write_dump

MIN_SPEEDUP = 1.8
MAX_RSS_GROWTH = 1.2


def _part(args: tuple[Path, int, int, int]) -> tuple[int, int]:
    path, target, seed, start = args
    return write_dump(path, target_bytes=target, seed=seed, start=start)


def make_dump(workdir: Path, megabytes: int, seed: int) -> tuple[Path, int]:
    """A JSONL dump of about ``megabytes`` MB of page text, generated in two processes."""
    path = workdir / f"dump-{megabytes}mb-seed{seed}.jsonl"
    count_file = path.with_suffix(".pages")
    if path.exists() and count_file.exists():
        return path, int(count_file.read_text())
    half = megabytes * 1_000_000 // 2
    # Page indexes are disjoint: the second half starts far beyond the first.
    parts = [(workdir / f".part{i}-{path.name}", half, seed, i * 10_000_000) for i in range(2)]
    with ProcessPoolExecutor(2) as pool:
        counts = list(pool.map(_part, parts))
    with path.open("wb") as sink:
        for part, *_ in parts:
            with part.open("rb") as source:
                shutil.copyfileobj(source, sink, 1 << 20)
            part.unlink()
    pages = sum(count for count, _ in counts)
    count_file.write_text(str(pages))
    return path, pages


def _tree(root: int) -> tuple[int, float]:
    """Sum of VmRSS (KiB) over ``root`` and its descendants, and the CPU seconds so far
    of ``root``'s first child (the convert process itself, without its workers). Linux /proc.

    Only the tree's own /proc files are read (through each task's ``children``): a
    scan of all of /proc every 20 ms took 7% of a core, which the two workers of a
    ``--jobs 2`` run on a 2-core machine would feel.
    """
    total, cpu, stack = 0, 0.0, [(root, 0)]
    while stack:
        pid, level = stack.pop()
        proc = Path("/proc", str(pid))
        with contextlib.suppress(OSError, ValueError):
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
        if level == 1:
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                cpu = max(cpu, (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK"))
        with contextlib.suppress(OSError):
            for task in (proc / "task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend((int(child), level + 1) for child in children)
    return total, cpu


def convert(dump: Path, jobs: int, workdir: Path) -> dict[str, float]:
    """Run one conversion in a fresh process; wall time and memory peaks."""
    out = workdir / f"out-j{jobs}.jsonl"
    command = [
        str(Path(sys.executable).with_name("reviewparse")),
        "convert",
        str(dump),
        "-o",
        str(out),
        "-j",
        str(jobs),
        "-q",
    ]
    if not Path(command[0]).exists():
        command[:1] = [sys.executable, "-m", "reviewparse"]
    # ru_maxrss of RUSAGE_CHILDREN is the max over every child ever waited for, so
    # each measurement runs under its own small Python parent.
    probe = (
        "import resource, subprocess, sys, json; "
        "code = subprocess.run(sys.argv[1:]).returncode; "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(json.dumps([code, u.ru_maxrss, u.ru_utime + u.ru_stime]))"
    )
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", probe, *command], stdout=subprocess.PIPE, text=True
    )
    tree_peak = 0
    main_cpu = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree_peak, main_cpu
        while not done.is_set():
            rss, cpu = _tree(process.pid)
            tree_peak = max(tree_peak, rss)
            main_cpu = max(main_cpu, cpu)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if sys.platform.startswith("linux"):
        sampler.start()
    stdout, _ = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    code, maxrss_kib, total_cpu = json.loads(stdout.strip().splitlines()[-1])
    for produced in workdir.glob(f"{out.stem}.*"):  # the output, its error report, leftovers
        produced.unlink()
    if code not in (0, 1):
        raise SystemExit(f"convert failed with exit status {code}: {' '.join(command)}")
    return {
        "seconds": elapsed,
        "max_process_mib": maxrss_kib / 1024,
        "tree_mib": tree_peak / 1024,
        "cpu": total_cpu,  # CPU seconds of the convert process and all its workers
        "main_cpu": main_cpu,  # of the convert process alone (Linux; 0 elsewhere)
    }


def _median_run(results: list[dict[str, float]]) -> dict[str, float]:
    """The run of median wall time (its CPU and memory figures with it)."""
    return sorted(results, key=lambda result: result["seconds"])[len(results) // 2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--jobs-mb", type=int, default=100, help="dump size for -j 1 vs -j 2 (MB)")
    ap.add_argument("--rss-mb", type=int, nargs="+", default=[10, 100, 1000], help="dump sizes")
    ap.add_argument("--rss-jobs", type=int, default=2, help="--jobs for the memory runs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=5, help="interleaved -j 1 / -j 2 rounds")
    ap.add_argument("--workdir", type=Path, help="where dumps are kept (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the dumps in --workdir")
    args = ap.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reviewparse-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    failed = False
    try:
        print(f"machine: {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
        dump, pages = make_dump(workdir, args.jobs_mb, args.seed)
        size = dump.stat().st_size
        print(f"\n--jobs on {dump.name}: {pages} pages, {size / 1e6:.0f} MB of JSONL")
        print(
            f"{'jobs':>5} {'seconds':>8} {'pages/s':>8} {'MB/s':>6} {'CPU s':>7} "
            f"{'main CPU s':>10} {'max proc MiB':>12}"
        )
        rounds: dict[int, list[dict[str, float]]] = {1: [], 2: []}
        for _ in range(args.rounds):  # interleaved, so drifting load hits both alike
            for jobs in (1, 2):
                rounds[jobs].append(convert(dump, jobs, workdir))
        runs = {jobs: _median_run(results) for jobs, results in rounds.items()}
        for jobs, result in runs.items():
            print(
                f"{jobs:>5} {result['seconds']:8.1f} {pages / result['seconds']:8.0f} "
                f"{size / 1e6 / result['seconds']:6.1f} {result['cpu']:7.1f} "
                f"{result['main_cpu']:10.1f} {result['max_process_mib']:12.0f}"
            )
        each = "  ".join(
            f"{one['seconds'] / two['seconds']:.2f}"
            for one, two in zip(rounds[1], rounds[2], strict=True)
        )
        speedup = runs[1]["seconds"] / runs[2]["seconds"]
        ok = speedup >= MIN_SPEEDUP
        failed |= not ok
        print(
            f"{'PASS' if ok else 'MISS'} --jobs 2 / --jobs 1 = {speedup:.2f}x (target >= 1.8x); "
            f"median of {args.rounds} rounds, each round: {each}"
        )
        # What two free cores would give: the work split over 2 workers, unless the
        # main process (reading, writing) is the longer pole (Amdahl).
        two = runs[2]
        bound = runs[1]["cpu"] / max(two["cpu"] / 2, two["main_cpu"], 1e-9)
        print(
            f"     CPU-time bound on an idle 2-core machine: {bound:.2f}x "
            f"(CPU {runs[1]['cpu']:.1f} s at -j 1, {two['cpu']:.1f} s at -j 2 of which "
            f"{two['main_cpu']:.1f} s in the main process)"
        )

        print(f"\npeak memory, --jobs {args.rss_jobs}")
        print(f"{'input MB':>9} {'pages':>8} {'seconds':>8} {'max proc MiB':>12} {'tree MiB':>9}")
        peaks = []
        for megabytes in args.rss_mb:
            dump, pages = make_dump(workdir, megabytes, args.seed)
            result = convert(dump, args.rss_jobs, workdir)
            peaks.append(result["max_process_mib"])
            print(
                f"{dump.stat().st_size / 1e6:9.0f} {pages:8d} {result['seconds']:8.1f} "
                f"{result['max_process_mib']:12.0f} {result['tree_mib']:9.0f}"
            )
            if not args.keep:
                dump.unlink()
                dump.with_suffix(".pages").unlink()
        growth = max(peaks) / min(peaks)
        ok = growth <= MAX_RSS_GROWTH
        failed |= not ok
        print(
            f"{'PASS' if ok else 'MISS'} peak RSS largest/smallest input = {growth:.2f} "
            "(target <= 1.20)"
        )
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this script's own peak RSS: {usage:.0f} MiB)")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
