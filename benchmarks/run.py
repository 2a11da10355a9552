"""reviewparse against the peers users would write instead, every target in one table.

    python benchmarks/run.py                        # everything (about a quarter of an hour)
    python benchmarks/run.py --mb 2 --rounds 3 --convert-mb 10 --convert-rounds 1

Parsing (in this process, on pages already in memory as UTF-8 bytes; each
contender decodes a page, reads it and drops the result, as a streaming
converter would), on two corpora: the generated one (``reviewparse._corpus``,
seed 0) and ``examples/dump/ruby-sparks.txt`` repeated:

  a   floor        decode + split on \\r\\n|\\n|\\r, nothing else
  b   regex        benchmarks/regex_baseline.py: a hand-written line parser
  t   tutorial     benchmarks/tutorial.lark: Lark LALR the tutorial way, a Transformer
  tc  tutorial/cy  the same under lark-cython (optional: ``pip install -e '.[bench]'``)
  pp  pyparsing    benchmarks/pyparsing_peer.py (optional too)
  d   parse        reviewparse.parse: lossless typed records
  d+  fields       reviewparse.parse, then title, year, directors and stars

Converting (fresh processes on a generated JSON Lines dump): ``reviewparse
convert DUMP -o OUT.jsonl -j N`` against ``benchmarks/pool_script.py DUMP OUT
--jobs N``, a multiprocessing.Pool of regexes writing JSON lines. Cold starts:
``python -c pass``, ``import reviewparse``, ``reviewparse parse PAGE``.

Every peer is checked against reviewparse's title, year, directors and stars on
the corpus before it is timed (``agreement.py``), and its agreement printed.
Rounds interleave the contenders (the order rotates every round) and the median
round counts. Times are CPU seconds: this process's (``time.process_time``) for
parsing, the whole process tree's (``RUSAGE_CHILDREN``, workers included) for
conversions and cold starts. The machine is shared; wall time is shown for the
conversions only as context.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import agreement
import pool_script
import regex_baseline
import tutorial_lark

import reviewparse
from reviewparse._corpus import generate_page, write_dump

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "dump" / "ruby-sparks.txt"
POOL_SCRIPT = Path(__file__).resolve().parent / "pool_script.py"
BREAK = re.compile(r"\r\n|\n|\r")

# Targets (issue 15), as ratios.
FIELDS_VS_REGEX = 0.5
PARSE_VS_TUTORIAL = 2.0
PARSE_VS_TUTORIAL_CYTHON = 1.0
CONVERT_VS_POOL = 0.5
MAX_CLI_VS_PYTHON = 4.0
MAX_IMPORT_VS_PYTHON = 2.0
MAX_RSS_GROWTH = 1.2

Contender = Callable[[list[bytes]], None]


def build() -> str:
    """Which build is timed: the sources, or the optional mypyc build (setup.py)."""
    from reviewparse._core import layout

    compiled = Path(layout.__file__ or "").suffix != ".py"
    return "compiled (REVIEWPARSE_MYPYC=1)" if compiled else "pure Python"


def corpus(megabytes: float, reference: bool) -> list[bytes]:
    """Generated pages (seed 0), or the example page repeated, to ``megabytes``."""
    pages: list[bytes] = []
    size = 0
    page = REFERENCE.read_bytes()
    while size < megabytes * 1e6:
        data = page if reference else generate_page(len(pages), 0).encode("utf-8")
        pages.append(data)
        size += len(data)
    return pages


def each(parse: Callable[[str], object]) -> Contender:
    def run(pages: list[bytes]) -> None:
        for data in pages:
            parse(data.decode("utf-8"))

    return run


def fields(text: str) -> tuple[object, ...]:
    page = reviewparse.parse(text)
    return (page.title, page.year, page.directors, page.stars)


def has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def contenders() -> dict[str, tuple[str, Contender | None, str]]:
    """Key -> (name, its run or None when it cannot run here, why not)."""
    found: dict[str, tuple[str, Contender | None, str]] = {
        "a": ("floor: decode + split lines", each(BREAK.split), ""),
        "b": ("regex line parser", each(regex_baseline.parse), ""),
        "t": ("tutorial Lark LALR + Transformer", each(tutorial_lark.parse), ""),
    }
    if has("lark_cython"):
        found["tc"] = (
            "the same under lark-cython",
            each(lambda t: tutorial_lark.parse(t, True)),
            "",
        )
    else:
        found["tc"] = ("the same under lark-cython", None, "lark-cython is not installed")
    if has("pyparsing"):
        import pyparsing_peer

        found["pp"] = ("pyparsing", each(pyparsing_peer.parse), "")
    else:
        found["pp"] = ("pyparsing", None, "pyparsing is not installed")
    found["d"] = ("reviewparse.parse", each(reviewparse.parse), "")
    found["d+"] = ("parse + typed fields", each(fields), "")
    return found


PEER_FIELDS: dict[str, Callable[[], Callable[[str], dict[str, object]]]] = {
    "b": lambda: regex_baseline.parse,
    "t": lambda: tutorial_lark.parse,
    "tc": lambda: lambda text: tutorial_lark.parse(text, True),
    "pp": lambda: __import__("pyparsing_peer").parse,
    "pool": lambda: pool_script.parse,
}


def timed(run: Contender, pages: list[bytes]) -> float:
    gc.collect()
    start = time.process_time()
    run(pages)
    return time.process_time() - start


def parse_rates(pages: list[bytes], rounds: int) -> dict[str, tuple[float, list[float]]]:
    """Key -> (pages per CPU second, every round's CPU seconds), interleaved rounds."""
    runs = {key: run for key, (_, run, _) in contenders().items() if run is not None}
    for run in runs.values():
        run(pages[:3])  # build parsers and caches outside the timing
    times: dict[str, list[float]] = {key: [] for key in runs}
    keys = list(runs)
    for round_ in range(rounds):
        for key in keys[round_ % len(keys) :] + keys[: round_ % len(keys)]:
            times[key].append(timed(runs[key], pages))
    return {key: (len(pages) / statistics.median(ts), ts) for key, ts in times.items()}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_tree(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(CPU seconds of the process tree, wall seconds)."""
    before = children_cpu()
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    return children_cpu() - before, wall


def peak_rss(command: list[str]) -> float:
    """The largest peak RSS of the command's processes, in MiB, from a fresh interpreter."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True
    )
    return int(out.stdout) / 1024


def cold_starts(repeats: int) -> dict[str, float]:
    """Name -> median CPU milliseconds of a fresh process.

    Bytecode is cached (in a directory of its own), as it is for an installed
    package: an environment that turns it off would time the compiler instead.
    """
    cache = tempfile.mkdtemp(prefix="reviewparse-bench-pyc-")
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environ["PYTHONPYCACHEPREFIX"] = cache
    python = sys.executable
    cli = Path(python).with_name("reviewparse")
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import reviewparse": [python, "-c", "import reviewparse"],
        "reviewparse parse PAGE": [str(cli), "parse", str(REFERENCE)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the OS caches, write the bytecode
        subprocess.run(command, check=True, capture_output=True, env=environ)
    for _ in range(repeats):
        for name, command in commands.items():
            times[name].append(run_tree(command, environ)[0] * 1000)
    shutil.rmtree(cache, ignore_errors=True)
    return {name: statistics.median(ts) for name, ts in times.items()}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


class Table:
    """The target lines, printed together at the end."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def target(self, name: str, ratio: float | None, limit: float, at_most: bool = False) -> None:
        if ratio is None:
            self.lines.append(
                f"  MISS {name:46}      n/a  target {'<=' if at_most else '>='} {limit:g}"
            )
            return
        ok = ratio <= limit if at_most else ratio >= limit
        sign = "<=" if at_most else ">="
        self.lines.append(f"  {verdict(ok)} {name:46} {ratio:8.2f}  target {sign} {limit:g}")

    def note(self, text: str) -> None:
        self.lines.append(f"       {text}")


def parsing(args: argparse.Namespace, table: Table) -> None:
    names = contenders()
    for label, reference in (("generated", False), ("reference", True)):
        pages = corpus(args.mb if not reference else args.reference_mb, reference)
        texts = [data.decode("utf-8") for data in pages[: args.check_pages]]
        print(f"\n{label} corpus: {len(pages)} pages, {sum(map(len, pages)) / 1e6:.1f} MB")
        print("agreement with reviewparse (title, year, directors, stars), checked first:")
        for key in ("b", "t", "tc", "pp", "pool"):
            if key in names and names[key][1] is None:
                continue
            found = agreement.measure_texts(PEER_FIELDS[key](), texts)
            print(f"  {key:5}{found}")
        rates = parse_rates(pages, args.rounds)
        print(f"{'':4}{'contender':36}{'pages/s':>9}  rounds (CPU s)")
        for key, (name, run, why) in names.items():
            if run is None:
                print(f"{key:4}{name:36}{'-':>9}  not run: {why}")
                continue
            rate, ts = rates[key]
            print(f"{key:4}{name:36}{rate:9.0f}  " + " ".join(f"{t:.2f}" for t in ts))

        def ratio(
            top: str, bottom: str, rates: dict[str, tuple[float, list[float]]] = rates
        ) -> float | None:
            return rates[top][0] / rates[bottom][0] if top in rates and bottom in rates else None

        table.target(f"d+/b fields vs regex ({label})", ratio("d+", "b"), FIELDS_VS_REGEX)
        table.target(f"d/t parse vs tutorial Lark ({label})", ratio("d", "t"), PARSE_VS_TUTORIAL)
        table.target(
            f"d/tc parse vs tutorial, lark-cython ({label})",
            ratio("d", "tc"),
            PARSE_VS_TUTORIAL_CYTHON,
        )
        if "pp" in rates:
            table.note(f"d/pp parse vs pyparsing ({label}){ratio('d', 'pp'):19.2f}")
        table.note(f"d/b parse vs regex ({label}){ratio('d', 'b'):23.2f}")


def converting(args: argparse.Namespace, table: Table) -> None:
    cli = str(Path(sys.executable).with_name("reviewparse"))
    with tempfile.TemporaryDirectory(prefix="reviewparse-bench-") as tmp:
        dump = Path(tmp) / f"dump-{args.convert_mb:g}mb.jsonl"
        pages, _ = write_dump(dump, target_bytes=int(args.convert_mb * 1e6))
        print(f"\nconvert: {dump.name}, {pages} pages, {dump.stat().st_size / 1e6:.0f} MB of JSONL")
        texts = [generate_page(index, 0) for index in range(args.check_pages)]
        print(f"  pool {agreement.measure_texts(pool_script.parse, texts)}")
        outs = {"reviewparse": Path(tmp) / "out-rp.jsonl", "pool": Path(tmp) / "out-pool.jsonl"}
        commands = {}
        for jobs in (1, 2):
            commands[f"reviewparse -j {jobs}"] = [
                cli,
                "convert",
                str(dump),
                "-o",
                str(outs["reviewparse"]),
                "-j",
                str(jobs),
                "-q",
            ]
            commands[f"pool --jobs {jobs}"] = [
                sys.executable,
                str(POOL_SCRIPT),
                str(dump),
                str(outs["pool"]),
                "--jobs",
                str(jobs),
            ]
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        keys = list(commands)
        for round_ in range(args.convert_rounds):
            for name in keys[round_ % len(keys) :] + keys[: round_ % len(keys)]:
                if name.startswith("reviewparse") and outs["reviewparse"].exists():
                    outs["reviewparse"].unlink()  # convert does not overwrite its output
                cpu, wall = run_tree(commands[name])
                results[name].append((cpu, wall))
        print(f"  {'command':20}{'pages/CPU s':>12}{'pages/s wall':>14}  rounds (CPU s)")
        rate = {}
        for name, runs in results.items():
            cpu = statistics.median(run[0] for run in runs)
            wall = statistics.median(run[1] for run in runs)
            rate[name] = pages / cpu
            spread = " ".join(f"{run[0]:.1f}" for run in runs)
            print(f"  {name:20}{pages / cpu:12.0f}{pages / wall:14.0f}  {spread}")
        out_size = {name: path.stat().st_size for name, path in outs.items()}
        for jobs in (1, 2):
            table.target(
                f"convert -j {jobs} vs Pool script, pages/CPU s",
                rate[f"reviewparse -j {jobs}"] / rate[f"pool --jobs {jobs}"],
                CONVERT_VS_POOL,
            )
        walls = {name: statistics.median(run[1] for run in runs) for name, runs in results.items()}
        table.note(
            "convert -j 2 vs Pool script, wall (context)"
            f"{walls['pool --jobs 2'] / walls['reviewparse -j 2']:12.2f}"
        )
        larger = out_size["reviewparse"] / out_size["pool"]
        table.note(
            f"output size, reviewparse / Pool script{larger:15.2f}"
            f"  ({out_size['reviewparse'] / 1e6:.0f} MB against {out_size['pool'] / 1e6:.0f} MB)"
        )
        if args.rss_mb:
            small = Path(tmp) / "dump-small.jsonl"
            write_dump(small, target_bytes=int(args.rss_mb * 1e6))
            rss = [
                peak_rss(
                    [
                        cli,
                        "convert",
                        str(path),
                        "-o",
                        str(Path(tmp) / f"rss{i}.jsonl"),
                        "-j",
                        "2",
                        "-q",
                    ]
                )
                for i, path in enumerate((small, dump))
            ]
            table.target(
                f"peak RSS {args.convert_mb:g} MB / {args.rss_mb:g} MB input (-j 2)",
                rss[1] / rss[0],
                MAX_RSS_GROWTH,
                at_most=True,
            )
            table.note(
                f"(largest process {rss[0]:.0f} MiB, then {rss[1]:.0f} MiB; 1 GB: convert_bench.py)"
            )


def cold(args: argparse.Namespace, table: Table) -> None:
    starts = cold_starts(args.cold_repeats)
    print("\ncold starts (median CPU ms of a fresh process):")
    for name, ms in starts.items():
        print(f"  {name:28}{ms:6.0f}")
    base = starts["python -c pass"]
    table.target(
        "reviewparse parse PAGE / python -c pass",
        starts["reviewparse parse PAGE"] / base,
        MAX_CLI_VS_PYTHON,
        at_most=True,
    )
    table.target(
        "import reviewparse / python -c pass",
        starts["import reviewparse"] / base,
        MAX_IMPORT_VS_PYTHON,
        at_most=True,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="generated corpus, MB (default 5)")
    ap.add_argument("--reference-mb", type=float, default=2.0, help="the example repeated (2)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--check-pages", type=int, default=300, help="pages checked for agreement")
    ap.add_argument("--convert-mb", type=float, default=100.0, help="JSONL dump, MB (100)")
    ap.add_argument("--convert-rounds", type=int, default=3)
    ap.add_argument("--rss-mb", type=float, default=10.0, help="small dump for RSS; 0: skip")
    ap.add_argument("--cold-repeats", type=int, default=9)
    ap.add_argument("--skip", nargs="*", default=[], choices=["parse", "convert", "cold"])
    args = ap.parse_args(argv)
    print(
        f"Python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs; {args.rounds} interleaved rounds, median CPU time"
    )
    where = Path(reviewparse.__file__).parent
    print(f"reviewparse {reviewparse.__version__} from {where}: {build()}")
    table = Table()
    if "parse" not in args.skip:
        parsing(args, table)
    if "convert" not in args.skip:
        converting(args, table)
    if "cold" not in args.skip:
        cold(args, table)
    print(f"\ntargets (issue 15); load average now {os.getloadavg()[0]:.1f}")
    print("\n".join(table.lines))
    return 1 if any(line.startswith("  MISS") for line in table.lines) else 0


if __name__ == "__main__":
    sys.exit(main())
