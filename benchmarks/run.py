"""reviewparse against its baselines, in one process, on the same generated corpus.

    python benchmarks/run.py                 # 20 MB corpus, 5 rounds, cold start too
    python benchmarks/run.py --mb 5 --rounds 3 --earley-pages 4 --no-cold
    python benchmarks/run.py --reference --mb 10   # the example page repeated to 10 MB

Contenders (each gets every page's UTF-8 bytes, already in memory, decodes them
and does its work; results are dropped page by page, as a streaming converter would):

  a  floor       decode + split on \\r\\n|\\n|\\r, nothing else
  b  regex       benchmarks/regex_baseline.py: a hand-written line parser to dicts
  c  earley      benchmarks/earley_baseline.lark: naive character-level Lark Earley
                 (run on the first --earley-pages pages only, its rate is scaled)
  d  parse       reviewparse.parse: lossless typed records
  d+ fields      reviewparse.parse + the typed view the regex script returns
  e  round trip  reviewparse.parse + render

Rounds alternate the contenders (rotating the order) and the median round is
reported, in CPU seconds of this process (``time.process_time``), so that other
load on a shared machine does not skew the ratios. Peak memory is tracemalloc's
peak during one extra, separate pass. Cold starts are fresh processes, judged
on the best of --cold-repeats wall times (median wall and CPU time are shown too).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import earley_baseline
import regex_baseline

import reviewparse
from reviewparse._corpus import generate_page

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "dump" / "ruby-sparks.txt"
BREAK = re.compile(r"\r\n|\n|\r")

# Targets (issue 6).
MIN_VS_REGEX = 1 / 3
MIN_VS_EARLEY = 50.0
MIN_MB_S = 10.0
MAX_IMPORT_MS = 100.0
MAX_COLD_PARSE_MS = 200.0


def corpus(megabytes: float, seed: int, reference: bool = False) -> list[bytes]:
    """Generated pages, or (``--reference``) the example page repeated, to ``megabytes``."""
    pages: list[bytes] = []
    size = 0
    page = REFERENCE.read_bytes()
    while size < megabytes * 1e6:
        data = page if reference else generate_page(len(pages), seed).encode("utf-8")
        pages.append(data)
        size += len(data)
    return pages


# -- contenders: each takes the pages' bytes and processes them one by one ----------
def floor(pages: list[bytes]) -> None:
    split = BREAK.split
    for data in pages:
        split(data.decode("utf-8"))


def regex(pages: list[bytes]) -> None:
    parse = regex_baseline.parse
    for data in pages:
        parse(data.decode("utf-8"))


def earley(pages: list[bytes]) -> None:
    parse = earley_baseline.parse
    for data in pages:
        parse(data.decode("utf-8"))


def parse(pages: list[bytes]) -> None:
    parse = reviewparse.parse
    for data in pages:
        parse(data.decode("utf-8"))


def fields(pages: list[bytes]) -> None:
    parse = reviewparse.parse
    for data in pages:
        page = parse(data.decode("utf-8"))
        credits: dict[str, str] = {}
        for credit in page.credits:
            credits.setdefault(credit.key, credit.value)
        (page.title, page.year, page.stars, page.directors, page.captions, len(page.paragraphs))


def round_trip(pages: list[bytes]) -> None:
    parse = reviewparse.parse
    for data in pages:
        parse(data.decode("utf-8")).render()


CONTENDERS: dict[str, tuple[str, Callable[[list[bytes]], None]]] = {
    "a": ("floor: decode + split lines", floor),
    "b": ("regex baseline (dicts)", regex),
    "c": ("naive Earley, char-level*", earley),
    "d": ("reviewparse.parse", parse),
    "d+": ("parse + typed fields", fields),
    "e": ("parse + render", round_trip),
}


CLOCK = time.process_time  # CPU seconds of this process: robust when the machine is shared


def timed(run: Callable[[list[bytes]], None], pages: list[bytes]) -> float:
    gc.collect()
    start = CLOCK()
    run(pages)
    return CLOCK() - start


def peak_memory(run: Callable[[list[bytes]], None], pages: list[bytes]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        run(pages)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def cold_start(repeats: int) -> dict[str, tuple[float, float, float]]:
    """Best wall time, median wall time and median CPU time (user + system), in ms.

    The best of several runs is the estimate least disturbed by other load on
    the machine (as ``timeit`` advises); the targets are judged on it.
    """
    python = sys.executable
    cli = Path(python).with_name("reviewparse")
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import reviewparse": [python, "-c", "import reviewparse"],
    }
    if cli.exists() and (ROOT / "src" / "reviewparse" / "_cli.py").exists():
        commands["reviewparse parse (CLI)"] = [str(cli), "parse", str(REFERENCE)]
    commands["python -c parse(ruby-sparks)"] = [
        python,
        "-c",
        f"import reviewparse; reviewparse.parse(open({str(REFERENCE)!r}).read())",
    ]
    results = {}
    for name, command in commands.items():
        subprocess.run(command, check=True, capture_output=True)  # warm the OS caches
        walls, cpus = [], []
        for _ in range(repeats):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            walls.append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            cpus.append(cpu * 1000)
        results[name] = (min(walls), statistics.median(walls), statistics.median(cpus))
    return results


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - a script's main
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--earley-pages", type=int, default=6, help="Earley's subset (default 6)")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc passes")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-start processes")
    ap.add_argument("--cold-repeats", type=int, default=7)
    ap.add_argument(
        "--reference", action="store_true", help="the example page repeated, not generated pages"
    )
    args = ap.parse_args(argv)

    pages = corpus(args.mb, args.seed, args.reference)
    subsets = dict.fromkeys(CONTENDERS, pages)
    subsets["c"] = pages[: args.earley_pages]
    sizes = {key: sum(map(len, subset)) for key, subset in subsets.items()}
    # Every contender must read the corpus the same way before it is timed.
    for data in subsets["c"]:
        text = data.decode("utf-8")
        assert earley_baseline.parse(text) == regex_baseline.from_reviewparse(text)
    for data in pages[:200]:
        text = data.decode("utf-8")
        assert regex_baseline.parse(text) == regex_baseline.from_reviewparse(text)
        assert reviewparse.parse(text).render() == text

    print(
        f"corpus: {len(pages)} pages, {sizes['a'] / 1e6:.1f} MB "
        f"({'examples/dump/ruby-sparks.txt repeated' if args.reference else f'seed {args.seed}'}); "
        f"{args.rounds} interleaved rounds, median CPU time reported; "
        f"Python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    times: dict[str, list[float]] = {key: [] for key in CONTENDERS}
    keys = list(CONTENDERS)
    for round_ in range(args.rounds):
        order = keys[round_ % len(keys) :] + keys[: round_ % len(keys)]
        for key in order:
            times[key].append(timed(CONTENDERS[key][1], subsets[key]))
    peaks = {}
    if not args.no_memory:
        for key in keys:
            peaks[key] = peak_memory(CONTENDERS[key][1], subsets[key])

    rate: dict[str, float] = {}
    print()
    print(f"{'':3}{'contender':30}{'MB/s':>9}{'pages/s':>10}{'peak MiB':>10}   rounds (CPU s)")
    for key in keys:
        median = statistics.median(times[key])
        rate[key] = sizes[key] / median
        pages_s = len(subsets[key]) / median
        peak = f"{peaks[key] / 2**20:10.2f}" if key in peaks else f"{'-':>10}"
        spread = " ".join(f"{t:.2f}" for t in times[key])
        print(
            f"{key:3}{CONTENDERS[key][0]:30}{rate[key] / 1e6:9.3f}{pages_s:10.0f}{peak}   {spread}"
        )
    print(f"* Earley ran on the first {len(subsets['c'])} pages ({sizes['c'] / 1e3:.0f} kB) only;")
    print("  its rate is that subset's, scaled to MB/s.")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (ru_maxrss, corpus in memory included): {maxrss:.0f} MiB")

    print()
    print("ratios and targets")
    results = [
        (f"d/a parse vs floor         {rate['d'] / rate['a']:8.3f}", None),
        (
            f"d/b parse vs regex         {rate['d'] / rate['b']:8.3f}  target >= 1/3",
            rate["d"] / rate["b"] >= MIN_VS_REGEX,
        ),
        (
            f"d/c parse vs Earley        {rate['d'] / rate['c']:8.0f}  target >= 50",
            rate["d"] / rate["c"] >= MIN_VS_EARLEY,
        ),
        (
            f"d   parse, typed records   {rate['d'] / 1e6:8.2f}  MB/s, target >= {MIN_MB_S:.0f}",
            rate["d"] / 1e6 >= MIN_MB_S,
        ),
        (f"d+/b fields vs regex       {rate['d+'] / rate['b']:8.3f}", None),
    ]
    if not args.no_cold:
        cold = cold_start(args.cold_repeats)
        print_cold = []
        has_cli = any("CLI" in name for name in cold)
        for name, (best, median, cpu) in cold.items():
            limit = None
            if name == "import reviewparse":
                limit = MAX_IMPORT_MS
            elif "CLI" in name or (name.startswith("python -c parse") and not has_cli):
                limit = MAX_COLD_PARSE_MS
            line = f"cold {name:28} {best:5.0f} ms best, {median:4.0f} median, {cpu:4.0f} CPU"
            if limit is not None:
                line += f"  target < {limit:.0f} ms"
            print_cold.append((line, None if limit is None else best < limit))
        results += print_cold
    failed = False
    for line, ok in results:
        if ok is None:
            print(f"       {line}")
        else:
            print(f"  {verdict(ok)} {line}")
            failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
