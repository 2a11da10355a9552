"""Faults during ``convert``: SIGKILL at random points, a full disk, unreadable pages.

tests/test_cli_resume.py kills one run per format at a chosen checkpoint; here the
kill points are random (seeded), every format that can resume is used, runs are
killed again while resuming, and after every kill the files on disk are checked:
OUT is absent or complete, and what the checkpoint calls durable is exactly the
start of the clean output. ``--resume`` must then finish with exactly one record
per page and the same bytes (or tables) as a clean run. The 24-run loop is
``slow``; the default run does 3.
"""

from __future__ import annotations

import csv
import errno
import functools
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from attrs import frozen
from cli_support import make_pages, read_jsonl, run_cli, summary_counts, write_jsonl

from reviewparse._cli import main

KILL_SEED = 20261126
BROKEN_AT = (5, 90)  # two broken JSON lines and two lone surrogates are inserted here
STREAM_FORMATS = ("jsonl", "csv", "json")
RESUMABLE = (*STREAM_FORMATS, "sqlite")


# -- the dump and its clean conversions ---------------------------------------------
def _dump(path: Path, pages: int) -> Path:
    write_jsonl(path, make_pages(pages))
    lines = path.read_bytes().splitlines(keepends=True)
    for at in BROKEN_AT:
        lines.insert(at, b'{"name": "broken", "text": "\\udc80 lone surrogate"}\n')
        lines.insert(at, b"{not json\n")
    path.write_bytes(b"".join(lines))
    return path


@frozen
class Clean:
    """A clean run of one format: its output, its error report, how long it took."""

    output: bytes
    tables: dict[str, list[tuple[Any, ...]]] | None
    errors: bytes
    seconds: float


class Dump:
    def __init__(self, root: Path, pages: int) -> None:
        self.root = root
        self.pages = pages
        self.path = _dump(root / "dump.jsonl", pages)
        self._clean: dict[str, Clean] = {}

    def clean(self, fmt: str) -> Clean:
        """Converted in-process (faster); ``seconds`` adds a subprocess's start-up time."""
        if fmt not in self._clean:
            out = self.root / "clean" / f"pages.{fmt}"
            started = time.monotonic()
            args = ["convert", str(self.path), "-o", str(out), "-q", "--id-field", "name"]
            assert main([*args, "--jobs", "1"]) == 1  # the broken lines fail
            seconds = time.monotonic() - started + startup_seconds()
            tables = dump_tables(out) if fmt == "sqlite" else None
            errors = out.with_name(out.name + ".errors.jsonl").read_bytes()
            out.with_name(f"pages.{fmt}.errors.jsonl").rename(out.with_name(f"{fmt}.errors.jsonl"))
            self._clean[fmt] = Clean(out.read_bytes(), tables, errors, seconds)
        return self._clean[fmt]


@functools.cache
def startup_seconds() -> float:
    started = time.monotonic()
    assert run_cli("--version").returncode == 0
    return time.monotonic() - started


def start(source: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    args = ["convert", str(source), "-o", str(out), "--id-field", "name", "-q", *extra]
    return subprocess.Popen(
        [sys.executable, "-m", "reviewparse", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def dump_tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(path)
    try:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: db.execute(f"SELECT * FROM {n} ORDER BY 1, 2").fetchall() for n in names}
    finally:
        db.close()


@pytest.fixture(scope="module")
def small_dump(tmp_path_factory: pytest.TempPathFactory) -> Dump:
    return Dump(tmp_path_factory.mktemp("crash-small"), 100)


@pytest.fixture(scope="module")
def big_dump(tmp_path_factory: pytest.TempPathFactory) -> Dump:
    return Dump(tmp_path_factory.mktemp("crash-big"), 1500)


# -- what may be on disk after a kill -------------------------------------------------
def assert_not_corrupt(out: Path, fmt: str, clean: Clean) -> str:
    """OUT is absent or complete; the durable part of OUT.partial is a prefix of the clean run.

    Returns what was found, for the tally: "nothing", "checkpoint" or "complete".
    """
    report = out.with_name(out.name + ".errors.jsonl")
    if out.exists():  # killed after the rename: it must be the whole output
        if fmt == "sqlite":
            assert dump_tables(out) == clean.tables
        else:
            assert out.read_bytes() == clean.output
        if report.exists():
            assert report.read_bytes() == clean.errors
        return "complete"
    assert not report.exists()  # the report is renamed into place after OUT, never before
    partial = out.with_name(out.name + ".partial")
    if fmt == "sqlite":
        return _sqlite_partial_is_consistent(partial, clean)
    ckpt = partial.with_name(partial.name + ".ckpt")
    if not ckpt.exists():
        return "nothing"
    state = json.loads(ckpt.read_text("utf-8"))  # never torn: written to .tmp and renamed
    durable = partial.read_bytes()[: state["output_offset"]]
    assert len(durable) == state["output_offset"]
    assert clean.output.startswith(durable)
    if fmt == "jsonl":
        assert durable.count(b"\n") == state["records"]
    errors = out.with_name(out.name + ".errors.jsonl.partial").read_bytes()[
        : state["errors_offset"]
    ]
    assert clean.errors.startswith(errors)
    assert state["pages"] == state["records"] + state["failed"]
    return "checkpoint"


def _sqlite_partial_is_consistent(partial: Path, clean: Clean) -> str:
    if not partial.exists():
        return "nothing"
    scratch = partial.with_name("inspect.sqlite")
    shutil.copyfile(partial, scratch)
    journal = partial.with_name(partial.name + "-journal")
    if journal.exists():  # a hot journal: SQLite rolls the torn transaction back on open
        shutil.copyfile(journal, scratch.with_name(scratch.name + "-journal"))
    try:
        db = sqlite3.connect(scratch)
        try:
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                return "nothing"  # killed before the schema was committed
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            saved = db.execute("SELECT state FROM _resume").fetchone()
            rows = db.execute("SELECT * FROM pages ORDER BY page_id").fetchall()
        finally:
            db.close()
    finally:
        scratch.unlink()
        scratch.with_name(scratch.name + "-journal").unlink(missing_ok=True)
    assert clean.tables is not None
    if saved is None:
        assert rows == []
        return "nothing"
    state = json.loads(saved[0])
    assert len(rows) == state["records"]
    assert rows == clean.tables["pages"][: len(rows)]
    return "checkpoint"


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in found.stdout.split()]


def assert_gone(pids: list[int], timeout: float = 20.0) -> None:
    """Workers of a killed run end by themselves (they watch their parent)."""
    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
    assert not alive, f"worker processes {alive} outlived the killed run"


def _zombie(pid: int) -> bool:
    try:
        return " Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]
    except OSError:
        return False


# -- the kill loop ---------------------------------------------------------------------
def kill_and_resume(
    dump: Dump, work: Path, rng: random.Random, most: int, jobs: tuple[str, ...]
) -> dict[str, Any]:
    """One run: convert, SIGKILL at random moments (1 to ``most`` times, resuming), finish."""
    fmt = rng.choice(RESUMABLE)
    clean = dump.clean(fmt)
    out = work / f"pages.{fmt}"
    kills, found = 0, []
    planned = rng.randint(1, most)
    resume: tuple[str, ...] = ()
    while True:
        every = str(rng.choice((10, 50, 200)))
        args = ("--jobs", rng.choice(jobs), "--checkpoint-every", every, *resume)
        process = start(dump.path, out, *args)
        if kills >= planned:
            _, stderr = process.communicate(timeout=300)
            break
        # anywhere from the start-up to past the end: reading, writing, checkpoints, renames
        delay = rng.uniform(0.3 * startup_seconds(), 1.2 * clean.seconds)
        workers: list[int] = []
        stderr = ""
        try:
            _, stderr = process.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            workers = children(process.pid)
            process.kill()  # it may have finished in the meantime: then it was not killed
            process.communicate()
        if process.returncode != -signal.SIGKILL:  # finished first: check it, start over
            assert process.returncode == 1, stderr
            found.append(assert_not_corrupt(out, fmt, clean))
            assert found[-1] == "complete"
            for path in work.iterdir():
                path.unlink()
            resume = ()
            assert len(found) < 10 + planned, "the runs keep finishing before the kill"
            continue
        kills += 1
        assert_gone(workers)
        found.append(assert_not_corrupt(out, fmt, clean))
        resume = ("--resume",)
    assert process.returncode == 1, stderr  # the broken lines
    if fmt == "sqlite":
        assert dump_tables(out) == clean.tables
    else:
        assert out.read_bytes() == clean.output
    source_ids = records_of(out, fmt)  # exactly one record per page, none twice, none missing
    assert len(source_ids) == len(set(source_ids)) == dump.pages
    assert out.with_name(out.name + ".errors.jsonl").read_bytes() == clean.errors
    assert not list(work.glob("*.partial*"))
    return {"format": fmt, "kills": kills, "found": found}


def records_of(out: Path, fmt: str) -> list[str]:
    """The source_id of every record in a finished output."""
    if fmt == "sqlite":
        return [row[1] for row in dump_tables(out)["pages"]]
    if fmt == "json":
        return [record["source_id"] for record in json.loads(out.read_bytes())]
    if fmt == "csv":
        with out.open(newline="", encoding="utf-8") as rows:
            return [row["source_id"] for row in csv.DictReader(rows)]
    return [record["source_id"] for record in read_jsonl(out)]


def run_loop(
    dump: Dump, tmp_path: Path, runs: int, *, seed: int, most: int, jobs: tuple[str, ...]
) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    results = []
    for run in range(runs):
        work = tmp_path / f"run-{run:02d}"
        work.mkdir()
        results.append(kill_and_resume(dump, work, rng, most, jobs))
        shutil.rmtree(work)
    return results


def test_sigkill_at_random_points_then_resume(small_dump: Dump, tmp_path: Path) -> None:
    results = run_loop(small_dump, tmp_path, runs=3, seed=KILL_SEED, most=1, jobs=("1",))
    assert sum(r["kills"] for r in results) >= 3


@pytest.mark.slow
def test_sigkill_at_random_points_then_resume_24_runs(big_dump: Dump, tmp_path: Path) -> None:
    results = run_loop(big_dump, tmp_path, runs=24, seed=KILL_SEED + 1, most=3, jobs=("1", "2"))
    kills = sum(r["kills"] for r in results)
    found = [state for r in results for state in r["found"]]
    formats = Counter(r["format"] for r in results)
    print(f"\n24 runs {dict(formats)}, {kills} kills; on disk after each: {Counter(found)}")
    assert kills >= 24
    assert {r["format"] for r in results} == set(RESUMABLE)
    assert "checkpoint" in found  # some kills landed after a checkpoint, some before


# -- a full disk --------------------------------------------------------------------------
def _limit_file_size(limit: int) -> Any:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


FULL_DISK_CASES = [
    ("jsonl", "1"),
    ("jsonl", "2"),  # the workers' record files hit the limit too, and are removed
    ("sqlite", "2"),
    *(
        pytest.param(fmt, jobs, marks=pytest.mark.slow)
        for fmt, jobs in [("sqlite", "1"), ("json", "1"), ("csv", "2"),
                          ("jsonld", "1"), ("parquet", "1"), ("parquet", "2")]
    ),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "jobs"), FULL_DISK_CASES)
def test_full_disk_is_a_clear_error_and_leaves_no_partial_output(
    small_dump: Dump, tmp_path: Path, fmt: str, jobs: str
) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / "out" / f"pages.{fmt}"
    args = ["convert", str(small_dump.path), "-o", str(out), "--id-field", "name", "-j", jobs]
    done = subprocess.run(
        [sys.executable, "-m", "reviewparse", *args],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size(64 * 1024),  # the output needs ~600 KB
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert f"reviewparse convert: error: cannot write {out}:" in done.stderr
    assert "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(out.parent.iterdir()) == []  # no OUT, no OUT.partial, no report, no journal


def test_no_space_left_is_reported_the_same_way(
    small_dump: Dump, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """ENOSPC (a full tmpfs gives the same; see docs/reliability.md), in-process."""
    from reviewparse._convert import outputs

    real = outputs.StreamWriter.write
    written = [0]

    def fill_up(self: outputs.StreamWriter, item: bytes) -> None:
        written[0] += 1
        if written[0] > 50:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(self, item)

    monkeypatch.setattr(outputs.StreamWriter, "write", fill_up)
    out = tmp_path / "pages.jsonl"
    args = ["convert", str(small_dump.path), "-o", str(out), "--id-field", "name", "-j", "1"]
    assert main([*args, "--checkpoint-every", "20"]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- unreadable pages ------------------------------------------------------------------
def _page_dir(root: Path, names: list[str]) -> Path:
    good = make_pages(1)
    text = next(iter(good.values()))
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text)
    return root


def _convert_dir(source: Path, out: Path) -> tuple[int, list[dict[str, Any]], tuple[int, ...]]:
    done = run_cli("convert", source, "-o", out, "-j", "2")
    return (
        done.returncode,
        read_jsonl(out.with_name(out.name + ".errors.jsonl")),
        summary_counts(done.stderr),
    )


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root reads files whatever their mode; the in-process variant below covers this",
)
def test_chmod_000_pages_are_reported_one_by_one(tmp_path: Path) -> None:
    names = [f"p{i}.txt" for i in range(6)]
    source = _page_dir(tmp_path / "dump", names)
    for name in ("p1.txt", "p4.txt"):
        (source / name).chmod(0)
    code, report, counts = _convert_dir(source, tmp_path / "pages.jsonl")
    assert code == 1
    assert counts[:3] == (6, 4, 2)
    assert [(e["path"], e["kind"]) for e in report if e["kind"] != "lenient"] == [
        ("p1.txt", "unreadable"),
        ("p4.txt", "unreadable"),
    ]
    assert all("Permission denied" in e["message"] for e in report if e["kind"] == "unreadable")


def test_permission_errors_are_reported_per_page_and_the_counts_add_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Denied pages and a denied directory (simulated, so it also holds for root)."""

    names = ["a.txt", "b.txt", "c.txt", "locked/d.txt", "locked/e.txt", "z.txt"]
    source = _page_dir(tmp_path / "dump", names)
    denied_files = {source / "b.txt", source / "z.txt"}
    real_open, real_scandir = os.open, os.scandir

    def deny_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path) in denied_files:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    def deny_scandir(path: Any = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path) == source / "locked":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)  # type: ignore[return-value]

    monkeypatch.setattr(os, "open", deny_open)
    monkeypatch.setattr(os, "scandir", deny_scandir)
    out = tmp_path / "out" / "pages.jsonl"
    assert main(["convert", str(source), "-o", str(out), "-j", "1"]) == 1
    err = capsys.readouterr().err
    pages, records, failed, _ = summary_counts(err)
    report = [
        e for e in read_jsonl(out.with_name(out.name + ".errors.jsonl")) if e["kind"] != "lenient"
    ]
    assert [(e["source_id"].removeprefix(f"{source}/"), e["kind"]) for e in report] == [
        ("b.txt", "unreadable"),
        ("z.txt", "unreadable"),  # a directory's own files come before its subdirectories
        ("locked/", "unreadable"),
    ]
    assert all("Permission denied" in e["message"] for e in report)
    assert (pages, records, failed) == (5, 2, 3)  # a, c read; b, z and the directory failed
    assert [r["path"] for r in read_jsonl(out)] == ["a.txt", "c.txt"]
