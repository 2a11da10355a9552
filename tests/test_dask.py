"""The Dask engine against the single-machine one, on a real ``LocalCluster``.

Every test compares with what ``reviewparse convert`` writes on one machine for
the same input: same Parquet schema and rows in the same order, same error
entries, same counts.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import signal
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import dask  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import reviewparse  # noqa: E402
import reviewparse.dask as rpd  # noqa: E402
from reviewparse._cli import main  # noqa: E402
from reviewparse._convert.sources.page import SourceOptions  # noqa: E402
from reviewparse._convert.sources.source import Source  # noqa: E402
from reviewparse._corpus import generate_pages  # noqa: E402

MAX_PAGE = 64 * 1024  # small, so one generated page is over the cap


# -- a generated dump with every kind of source and every kind of problem ----------------
def _tar_member(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Sources (as CLI arguments, relative to the dump's parent) of a mixed dump."""
    root = tmp_path_factory.mktemp("dask-dump")
    texts = list(generate_pages(130, seed=11))
    pages = root / "pages"
    for i, text in enumerate(texts[:60]):
        target = pages / ("sub" if i % 4 == 0 else "") / f"p{i:03d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    (pages / "bad-utf8.txt").write_bytes(b"Home > A > B\xc3\xa9\n\nB\n\nYear - 19\xff9\n")
    (pages / "damaged.txt").write_bytes(
        b"Home > X\n\nTitle\n\nYear - 2012\nStars \x07 Paul Dano\n\n"
        b"A paragraph that is long enough."
    )
    (pages / "huge.txt").write_bytes(b"x" * (MAX_PAGE + 1))
    (pages / "notes.md").write_text("not a page", encoding="utf-8")

    lines = [json.dumps({"id": f"j{i}", "text": t}) for i, t in enumerate(texts[60:100])]
    lines[5:5] = ["", "not json", "[1, 2]", json.dumps({"id": "no-text"})]
    (root / "pages.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(root / "more.jsonl.gz", "wt", encoding="utf-8") as sink:
        for i, text in enumerate(texts[100:110]):
            sink.write(json.dumps({"text": text, "id": f"g{i}"}) + "\n")
    with tarfile.open(root / "archive.tar.gz", "w:gz") as archive:
        for i, text in enumerate(texts[110:120]):
            _tar_member(archive, f"t/{i:02d}.txt", text.encode("utf-8"))
        link = tarfile.TarInfo("t/link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    with zipfile.ZipFile(root / "archive.zip", "w") as archive:
        for i, text in enumerate(texts[120:130]):
            archive.writestr(f"z/{i:02d}.txt", text.encode("utf-8"))
        archive.writestr("../evil.txt", b"Title\n")
    names = ("pages", "pages.jsonl", "more.jsonl.gz", "archive.tar.gz", "archive.zip")
    (root / "one.txt").write_bytes(texts[0].encode("utf-8"))  # and one file
    return [str(root / name) for name in names] + [str(root / "one.txt")]


@pytest.fixture(scope="module")
def single(dump: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The single-machine conversion of the dump: its table, error lines and exit status."""
    out = tmp_path_factory.mktemp("single") / "pages.parquet"
    status = main(
        ["convert", *dump, "-o", str(out), "-j", "1", "-q", "--max-page-size", str(MAX_PAGE)]
    )
    errors = (out.parent / "pages.parquet.errors.jsonl").read_text("utf-8").splitlines()
    return {"table": pq.read_table(out), "errors": errors, "status": status}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _dataset(path: Path) -> Any:
    """A partitioned dataset as one table, partitions in name order."""
    files = sorted(path.glob("part.*.parquet"))
    assert files, f"no partitions in {path}"
    return pa.concat_tables([pq.read_table(f) for f in files])


def _error_lines(path: Path) -> list[str]:
    return [
        line
        for f in sorted(path.glob("part.*.jsonl"))
        for line in f.read_text("utf-8").splitlines()
    ]


# -- equality with the single-machine path --------------------------------------------------
def test_dataset_equals_single_machine(
    client: Client, dump: list[str], single: dict[str, Any], tmp_path: Path
) -> None:
    options = SourceOptions(max_page_bytes=MAX_PAGE)
    bag = rpd.read_pages(dump, errors=True, blocksize=20_000, source_options=options)
    assert bag.npartitions > 4  # the page files are grouped, the JSON Lines file split
    summary = rpd.to_parquet(bag, str(tmp_path / "pages.parquet"))

    table = _dataset(tmp_path / "pages.parquet")
    expected = single["table"]
    assert table.schema.equals(expected.schema)
    assert table.to_pylist() == expected.to_pylist()
    assert _error_lines(tmp_path / "pages.parquet.errors.jsonl") == single["errors"]
    kinds = {json.loads(line)["kind"] for line in single["errors"]}
    assert {"decode", "lenient", "too-large", "bad-json", "special-member", "unsafe-name"} <= kinds
    assert summary.pages == summary.records + summary.failed
    assert summary.records == expected.num_rows
    assert summary.failed + summary.lenient == len(single["errors"])


def test_cli_engine_dask_matches_local(
    client: Client, dump: list[str], single: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out.parquet"
    args = ["convert", *dump, "-o", str(out), "-q", "--max-page-size", str(MAX_PAGE)]
    status = main([*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert status == single["status"] == 1  # some pages failed, in both
    assert _dataset(out).to_pylist() == single["table"].to_pylist()
    assert _error_lines(tmp_path / "out.parquet.errors.jsonl") == single["errors"]


def test_cli_errors_strict_and_ignore(
    client: Client, dump: list[str], single: dict[str, Any], tmp_path: Path
) -> None:
    base = ["convert", *dump, "-q", "--engine", "dask", "--scheduler", client.scheduler.address]
    base += ["--max-page-size", str(MAX_PAGE)]
    strict = tmp_path / "strict.parquet"
    assert main([*base, "-o", str(strict), "--errors", "strict"]) == 1
    assert not strict.exists()
    assert not (tmp_path / "strict.parquet.errors.jsonl").exists()
    ignored = tmp_path / "ignored.parquet"
    assert main([*base, "-o", str(ignored), "--errors", "ignore"]) == 0
    assert not (tmp_path / "ignored.parquet.errors.jsonl").exists()
    assert _dataset(ignored).num_rows == single["table"].num_rows


def test_a_lone_surrogate_quoted_in_an_error_entry_is_written_as_locally(tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    source.write_text('{"text": "T\\n\\nYear - 2012\\nStars \\ud800 x\\n"}\n', "utf-8")
    local = tmp_path / "local.jsonl"
    assert main(["convert", str(source), "-o", str(local), "-q", "-j", "1"]) == 1
    with dask.config.set(scheduler="sync"):
        rpd.to_parquet(rpd.read_pages(str(source), errors=True), str(tmp_path / "d.parquet"))
    (line,) = _error_lines(tmp_path / "d.parquet.errors.jsonl")
    assert "\\ud800" in line
    assert [line] == (tmp_path / "local.jsonl.errors.jsonl").read_text("utf-8").splitlines()


@pytest.mark.parametrize(
    ("out", "errors"),
    [
        ("out/pages.parquet", "out/pages.parquet.errors.jsonl"),
        ("out/Pages.PARQUET/", "out/Pages.PARQUET.errors.jsonl"),
        ("s3://bucket/pages", "s3://bucket/pages.errors.jsonl"),
        ("pages.parquet", "pages.parquet.errors.jsonl"),
    ],
)
def test_the_error_dataset_is_named_by_the_local_engines_rule(out: str, errors: str) -> None:
    assert rpd.default_errors_path(out) == errors


def test_rerun_replaces_the_dataset(client: Client, dump: list[str], tmp_path: Path) -> None:
    out = tmp_path / "pages.parquet"
    options = SourceOptions(max_page_bytes=MAX_PAGE)
    rpd.to_parquet(rpd.read_pages(dump, blocksize=20_000, source_options=options), str(out))
    many = len(list(out.glob("part.*")))
    (out / "keep.txt").write_text("not ours", encoding="utf-8")
    rpd.to_parquet(rpd.read_pages(dump[1:2], source_options=options), str(out))
    assert len(list(out.glob("part.*"))) == 1 < many  # no stale partition left behind
    assert (out / "keep.txt").exists()  # and nothing else touched
    assert _dataset(out).num_rows == 40


def test_read_pages_gives_the_pages_parse_gives(client: Client, dump: list[str]) -> None:
    options = SourceOptions(max_page_bytes=MAX_PAGE)
    records = rpd.read_pages(dump[0], source_options=options).compute()
    files = sorted(Path(dump[0]).rglob("p*.txt"))
    assert len(records) == len(files) + 1  # the damaged page parses leniently
    by_id = {record.source_id: record.page for record in records}
    for path in files:
        page = by_id[f"{dump[0]}/{path.relative_to(dump[0]).as_posix()}"]
        assert page.render().encode("utf-8") == path.read_bytes()


def test_read_pages_reads_a_source_given_twice_once(client: Client, dump: list[str]) -> None:
    with pytest.warns(UserWarning, match="is the same source as"):
        bag = rpd.read_pages([dump[-1], dump[-1]])
    assert len(bag.compute()) == 1


_KEYED_PAGE = "La Notte\n\nKlang von - Giorgio Gaslini\nYear - 1961\n"


def test_read_pages_takes_an_extended_lexicon_to_the_workers(
    client: Client, tmp_path: Path
) -> None:
    (tmp_path / "notte.txt").write_text(_KEYED_PAGE, "utf-8")
    lexicon = reviewparse.Lexicon.default().extended({"music": ["klang von"]})
    (record,) = rpd.read_pages(str(tmp_path / "notte.txt"), keys=lexicon).compute()
    assert record.page.music == ("Giorgio Gaslini",)
    (plain,) = rpd.read_pages(str(tmp_path / "notte.txt")).compute()
    assert not plain.page.music


def test_cli_engine_dask_takes_keys_as_the_local_engine_does(
    client: Client, tmp_path: Path
) -> None:
    (tmp_path / "dump").mkdir()
    (tmp_path / "dump" / "notte.txt").write_text(_KEYED_PAGE, "utf-8")
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\nmusic = ["klang von"]\n', "utf-8")
    base = ["convert", str(tmp_path / "dump"), "-q", "--keys", str(keys)]
    local = tmp_path / "local.parquet"
    assert main([*base, "-o", str(local), "-j", "1"]) == 0
    on_dask = tmp_path / "dask.parquet"
    assert (
        main(
            [*base, "-o", str(on_dask), "--engine", "dask", "--scheduler", client.scheduler.address]
        )
        == 0
    )
    assert _dataset(on_dask).to_pylist() == pq.read_table(local).to_pylist()
    assert "Giorgio Gaslini" in json.dumps(pq.read_table(local).to_pylist())


# -- JSON Lines cut into byte ranges: the same ids and pages whatever the cut -----------------
@settings(max_examples=25, deadline=None)
@given(
    lengths=st.lists(st.integers(0, 60), min_size=1, max_size=30),
    blocksize=st.integers(1, 200),
    crlf=st.booleans(),
    final_break=st.booleans(),
)
def test_jsonl_ranges_number_lines_like_source(
    tmp_path_factory: pytest.TempPathFactory,
    lengths: list[int],
    blocksize: int,
    crlf: bool,
    final_break: bool,
) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "pages.jsonl"
    eol = "\r\n" if crlf else "\n"
    lines = ["" if n == 0 else json.dumps({"text": "Title" + "x" * n}) for n in lengths]
    path.write_bytes((eol.join(lines) + (eol if final_break else "")).encode("utf-8"))
    options = SourceOptions(max_page_bytes=40)  # some lines are over the cap
    expected = [entry() for entry in Source(str(path), options).entries()]
    bag = rpd.read_sources(str(path), blocksize=blocksize, source_options=options)
    assert bag.compute(scheduler="sync") == expected


# -- other filesystems: fsspec URLs ------------------------------------------------------------
def test_reads_fsspec_urls(tmp_path: Path) -> None:
    import fsspec

    memory = fsspec.filesystem("memory")
    texts = list(generate_pages(6, seed=3))
    for i, text in enumerate(texts):
        memory.pipe(f"/rp-test/dump/{i}.txt", text.encode("utf-8"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", texts[0])
    memory.pipe("/rp-test/pages.zip", buffer.getvalue())
    # The memory filesystem lives in this process: read it with the in-process scheduler.
    with dask.config.set(scheduler="sync"):
        records = rpd.read_pages(["memory://rp-test/dump", "memory://rp-test/pages.zip"]).compute()
        summary = rpd.to_parquet(
            rpd.read_pages("memory://rp-test/dump", errors=True), "memory://rp-test/out.parquet"
        )
    assert [r.source_id for r in records] == [
        *(f"memory://rp-test/dump/{i}.txt" for i in range(6)),
        "memory://rp-test/pages.zip/a.txt",
    ]
    assert [r.page.render() for r in records] == [*texts, texts[0]]
    assert summary.records == 6
    table = pq.read_table(memory.open("/rp-test/out.parquet/part.00000.parquet"))
    assert table.column("source_id").to_pylist() == [r.source_id for r in records[:6]]
    memory.rm("/rp-test", recursive=True)


def test_missing_source_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nowhere")
    args = ["convert", missing, "-o", str(tmp_path / "o.parquet"), "--engine", "dask", "-j", "1"]
    assert main(args) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_engine_dask_refuses_other_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["convert", str(tmp_path), "-o", str(tmp_path / "o.jsonl"), "--engine", "dask"]
    assert main(args) == 2
    assert "Parquet" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("source", "out", "message"),
    [
        ("-", "o.parquet", "--engine dask cannot read standard input"),
        ("dump", "-", "-o - does not apply"),
    ],
)
def test_engine_dask_refuses_standard_input_and_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, out: str, message: str
) -> None:
    (tmp_path / "dump").mkdir()
    spec = source if source == "-" else str(tmp_path / source)
    target = out if out == "-" else str(tmp_path / out)
    assert main(["convert", spec, "-o", target, "--engine", "dask"]) == 2
    assert message in capsys.readouterr().err


def test_import_reviewparse_does_not_import_dask() -> None:
    code = (
        "import sys, reviewparse, reviewparse._cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'dask', 'distributed'}))"
    )
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- a worker dies mid-run: Dask reruns its tasks, the dataset is still complete ------------
def _slow_partition(items: list[Any]) -> list[Any]:
    time.sleep(0.15)
    return items


def test_worker_killed_mid_run_loses_nothing(
    dump: list[str], single: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "pages.parquet"
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        options = SourceOptions(max_page_bytes=MAX_PAGE)
        bag = rpd.read_pages(dump, errors=True, blocksize=60_000, source_options=options)
        bag = bag.map_partitions(_slow_partition)
        assert bag.npartitions >= 8
        result: dict[str, Any] = {}

        def run() -> None:
            try:
                result["summary"] = rpd.to_parquet(bag, str(out))
            except BaseException as exc:  # pragma: no cover - reported below
                result["error"] = exc

        runner = threading.Thread(target=run)
        runner.start()
        deadline = time.monotonic() + 60
        victim = None
        while victim is None and time.monotonic() < deadline:
            written = len(list(out.glob("part.*.parquet"))) if out.exists() else 0
            busy = [addr for addr, keys in client.processing().items() if keys]
            if written >= 1 and busy:
                victim = busy[0]
            else:
                time.sleep(0.05)
        assert victim is not None, "the run never got going"
        pid = client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        runner.join(120)
        assert not runner.is_alive()
        assert "error" not in result, result.get("error")
        assert len(list(out.glob("part.*.parquet"))) == bag.npartitions
        assert victim not in client.scheduler_info()["workers"]  # it really died
    assert _dataset(out).to_pylist() == single["table"].to_pylist()
    assert _error_lines(tmp_path / "pages.parquet.errors.jsonl") == single["errors"]
    assert result["summary"].records == single["table"].num_rows
