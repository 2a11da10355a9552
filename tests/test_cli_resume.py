"""Interrupted conversions: no half-written OUT, and ``--resume`` neither duplicates nor loses."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import make_pages, run_cli, summary_counts, write_jsonl

from reviewparse._cli import main

PAGES = 800


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL dump big enough to kill mid-run, with a few broken lines among the pages."""
    path = write_jsonl(tmp_path_factory.mktemp("resume") / "dump.jsonl", make_pages(PAGES))
    lines = path.read_bytes().splitlines(keepends=True)
    for at in (5, 400, 700):
        lines.insert(at, b'{"name": "broken", "text": "\\udc80 lone surrogate"}\n')
        lines.insert(at, b"{not json\n")
    path.write_bytes(b"".join(lines))
    return path


def start(dump: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    args = ["convert", dump, "-o", out, "--jobs", "1", "--id-field", "name", *extra]
    return subprocess.Popen(
        [sys.executable, "-m", "reviewparse", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition: object, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert process.poll() is None, "the run finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)


def jsonl_checkpoint(out: Path) -> int:
    ckpt = out.with_name(out.name + ".partial.ckpt")
    try:
        return int(json.loads(ckpt.read_text("utf-8"))["pages"])
    except (OSError, ValueError):
        return 0


def clean_run(dump: Path, out: Path) -> None:
    args = ["convert", str(dump), "-o", str(out), "-q", "--jobs", "2", "--id-field", "name"]
    assert main(args) == 1  # the broken lines fail


def test_sigkill_then_resume_jsonl(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "pages.jsonl"
    process = start(dump, out, "--checkpoint-every", "100")
    wait_for(lambda: jsonl_checkpoint(out) >= 128, process)
    process.kill()
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert not out.exists() and not (tmp_path / "out" / "pages.jsonl.errors.jsonl").exists()
    done = jsonl_checkpoint(out)
    assert 128 <= done < PAGES

    resumed = run_cli("convert", dump, "-o", out, "--resume", "--id-field", "name", "-j", "2")
    assert resumed.returncode == 1, resumed.stderr
    pages, records, failed, lenient = summary_counts(resumed.stderr)
    assert (pages, records, failed) == (PAGES + 6, PAGES, 6)
    # It says where it resumes before any page, and counts only its own pages in the rate.
    first = resumed.stderr.splitlines()[0]
    where = re.fullmatch(
        r"resuming \S+\.partial after page ([\d,]+) \(done by an earlier run\)", first
    )
    assert where is not None, resumed.stderr
    rate = re.search(r"pages/s, the ([\d,]+) pages of this run\)", resumed.stderr)
    assert rate is not None, resumed.stderr
    skipped, own = (int(match.group(1).replace(",", "")) for match in (where, rate))
    assert skipped == done and skipped + own == PAGES + 6
    assert not list(out.parent.glob("*.partial*"))

    clean_run(dump, tmp_path / "clean" / "pages.jsonl")
    assert out.read_bytes() == (tmp_path / "clean" / "pages.jsonl").read_bytes()
    errors = (tmp_path / "out" / "pages.jsonl.errors.jsonl").read_bytes()
    assert errors == (tmp_path / "clean" / "pages.jsonl.errors.jsonl").read_bytes()
    assert len(errors.splitlines()) == 6 + lenient


def sqlite_checkpoint(partial: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{partial}?mode=ro", uri=True, timeout=0.05)
        try:
            row = db.execute("SELECT state FROM _resume").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return 0
    return int(json.loads(row[0])["pages"]) if row else 0


def dump_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {name: db.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() for name in names}


def test_sigkill_then_resume_sqlite(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.sqlite"
    partial = tmp_path / "pages.sqlite.partial"
    process = start(dump, out, "--checkpoint-every", "100")
    wait_for(lambda: sqlite_checkpoint(partial) >= 128, process)
    process.kill()
    process.wait()
    assert not out.exists()
    assert main(["convert", str(dump), "-o", str(out), "-q", "--resume", "--id-field", "name"]) == 1
    clean = tmp_path / "clean.sqlite"
    args = ["convert", str(dump), "-o", str(clean), "-q", "-j", "2", "--id-field", "name"]
    assert main(args) == 1
    assert dump_tables(out) == dump_tables(clean)
    assert len(dump_tables(out)["pages"]) == PAGES


def test_ctrl_c_leaves_no_output_and_resume_finishes(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.csv"
    process = start(dump, out, "--checkpoint-every", "100", "--errors", "ignore")
    wait_for(lambda: jsonl_checkpoint(out) >= 200, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "--resume continues it" in stderr
    assert not out.exists()
    resumed = run_cli(
        "convert", dump, "-o", out, "--resume", "--id-field", "name", "--errors", "ignore"
    )
    assert resumed.returncode == 0, resumed.stderr
    clean = tmp_path / "clean.csv"
    args = [
        "convert",
        str(dump),
        "-o",
        str(clean),
        "-q",
        "--errors",
        "ignore",
        "--id-field",
        "name",
    ]
    assert main(args) == 0
    assert out.read_bytes() == clean.read_bytes()


def test_ctrl_c_on_a_format_that_cannot_resume_cleans_up(dump: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "pages.parquet"
    process = start(dump, out)
    wait_for(lambda: out.with_name(out.name + ".partial").exists(), process)
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert list(tmp_path.iterdir()) == []


def test_resume_refuses_other_sources(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl"
    process = start(dump, out, "--checkpoint-every", "100")
    wait_for(lambda: jsonl_checkpoint(out) >= 100, process)
    process.kill()
    process.wait()
    other = tmp_path / "other.jsonl"
    other.write_text('{"text": "T\\n"}\n', "utf-8")
    result = run_cli("convert", other, "-o", out, "--resume")
    assert result.returncode == 2
    assert "started with other sources or options" in result.stderr


def test_resume_without_a_partial_starts_from_the_beginning(tmp_path: Path) -> None:
    source = tmp_path / "one.txt"
    source.write_bytes(b"Title\n\nYear - 2001\n")
    out = tmp_path / "pages.jsonl"
    assert main(["convert", str(source), "-o", str(out), "-q", "--resume"]) == 0
    assert len(out.read_text("utf-8").splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "one.txt",
        "pages.jsonl",
        "pages.jsonl.errors.jsonl",
    ]
    assert (tmp_path / "pages.jsonl.errors.jsonl").stat().st_size == 0


@pytest.mark.parametrize("fmt", ["json", "csv", "jsonl", "sqlite"])
def test_interrupt_in_process_then_resume_every_resumable_format(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewparse._convert import chunks, pages, run

    source = write_jsonl(tmp_path / "dump.jsonl", make_pages(150))
    out = tmp_path / f"pages.{fmt}"
    args = ["convert", str(source), "-o", str(out), "-q", "-j", "1", "--checkpoint-every", "20"]
    take = run._Conversion._take

    def interrupt_at_100(self: run._Conversion, outcome: pages.Outcome) -> None:
        if self.counts["pages"] == 100:
            raise KeyboardInterrupt
        take(self, outcome)

    monkeypatch.setattr(run._Conversion, "_take", interrupt_at_100)
    monkeypatch.setattr(chunks, "CHUNK_PAGES", 32)
    assert main(args) == 130
    assert not out.exists()
    if fmt == "sqlite":
        assert sqlite_checkpoint(out.with_name(out.name + ".partial")) == 96
    else:
        assert jsonl_checkpoint(out) == 96  # chunks of 32 pages: checkpoints at 32, 64, 96
    monkeypatch.setattr(run._Conversion, "_take", take)
    assert main([*args, "--resume"]) == 0
    clean = tmp_path / f"clean.{fmt}"
    assert main(["convert", str(source), "-o", str(clean), "-q", "-j", "2"]) == 0
    if fmt == "sqlite":
        assert dump_tables(out) == dump_tables(clean)
    else:
        assert out.read_bytes() == clean.read_bytes()


def test_a_checkpoint_is_never_written_through_a_planted_symlink(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "dump.jsonl", make_pages(30))
    secret = tmp_path / "secret.txt"
    secret.write_text("keep", encoding="utf-8")
    out = tmp_path / "out" / "pages.jsonl"
    out.parent.mkdir()
    planted = out.parent / "pages.jsonl.partial.ckpt.tmp"  # the name checkpoints once used
    planted.symlink_to(secret)
    args = ["convert", str(source), "-o", str(out), "-q", "-j", "1", "--checkpoint-every", "5"]
    assert main(args) == 0
    assert secret.read_text("utf-8") == "keep"
    names = sorted(p.name for p in out.parent.iterdir())
    assert names == ["pages.jsonl", "pages.jsonl.errors.jsonl", planted.name]
