"""Hostile dumps and a hostile file system: nothing is followed, nothing runs, memory stays capped.

tests/test_cli_archives.py covers archive members (absolute, ``..``, symlink,
hard link, device and FIFO members, gzip and zip bombs, a zip that lies about its
size, the total cap); tests/test_cli_render.py covers ``render`` refusing paths that
leave its directory; tests/test_cache.py covers the grammar cache. Here: the same
rules for *directories* (a dump unpacked by some other tool keeps its symlinks and
FIFOs), bzip2/xz and JSON Lines bombs, endless files, and a scan of the source for
code execution.
"""

from __future__ import annotations

import ast
import contextlib
import gzip
import io
import json
import os
import signal
import stat
import tarfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from cli_support import EXAMPLES, read_all_traced, read_jsonl

import reviewparse
from reviewparse._cli import main
from reviewparse._convert.sources.page import SourceOptions
from reviewparse._convert.sources.source import Source

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "reviewparse"
GOOD = (EXAMPLES / "ruby-sparks.txt").read_bytes()
SECRET = b"Title\n\nSECRET-TOKEN - do not copy me\n"


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Reading a FIFO or an endless file must not block: fail loudly instead of hanging."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("blocked on a special file")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _convert(source: Path, out: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    code = main(["convert", str(source), "-o", str(out), "-q", "-j", "1", *extra])
    return code, read_jsonl(out.with_name(out.name + ".errors.jsonl"))


# -- directories: only regular files, never through a link ------------------------------
def test_symlinks_fifos_and_devices_in_a_directory_are_not_read(
    tmp_path: Path, hang_guard: None, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SECRET)
    dump = tmp_path / "dump"
    (dump / "sub").mkdir(parents=True)
    (dump / "a-good.txt").write_bytes(GOOD)
    (dump / "b-link.txt").symlink_to(outside / "secret.txt")
    (dump / "c-zero.txt").symlink_to("/dev/zero")  # endless: a read would fill the memory
    (dump / "d-dangling.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(dump / "e-fifo.txt")  # a read would block forever
    (dump / "f-linked-dir.txt").symlink_to(outside, target_is_directory=True)
    (dump / "linked").symlink_to(outside, target_is_directory=True)  # not walked
    (dump / "sub" / "g-good.txt").write_bytes(GOOD)
    kinds = {"b-link.txt": "symlink", "c-zero.txt": "symlink", "d-dangling.txt": "symlink",
             "e-fifo.txt": "fifo"}  # fmt: skip
    try:
        os.mknod(dump / "h-null.txt", stat.S_IFCHR | 0o644, os.makedev(1, 3))
        kinds["h-null.txt"] = "device"
    except PermissionError:
        pass  # not root: no device node, the rest still holds
    out = tmp_path / "out" / "pages.jsonl"
    code, report = _convert(dump, out)
    assert code == 1
    records = read_jsonl(out)
    assert [r["path"] for r in records] == ["a-good.txt", "sub/g-good.txt"]
    assert b"SECRET-TOKEN" not in out.read_bytes()
    refused = {e["path"]: e["message"] for e in report if e["kind"] == "special-member"}
    assert sorted(refused) == sorted(kinds)
    for name, what in kinds.items():
        assert refused[name].startswith(f"{what} skipped"), refused[name]
    assert "pages in" not in capsys.readouterr().err  # -q


def test_a_file_swapped_for_a_symlink_after_listing_is_not_followed(tmp_path: Path) -> None:
    """O_NOFOLLOW closes the gap between walking the directory and opening the file."""
    (tmp_path / "secret.txt").write_bytes(SECRET)
    dump = tmp_path / "dump"
    dump.mkdir()
    page = dump / "page.txt"
    page.write_bytes(GOOD)
    source = Source(str(dump))
    (entry,) = list(source.entries())  # the walk's lstat saw a regular file
    page.unlink()
    page.symlink_to(tmp_path / "secret.txt")
    result = entry()  # a worker opens it later
    assert result.data is None and result.error_kind == "special-member"
    assert result.error is not None and result.error.startswith("symlink skipped")


def test_a_walked_file_swapped_for_a_fifo_or_grown_past_the_cap_is_refused(
    tmp_path: Path, hang_guard: None
) -> None:
    """What the walk saw is not trusted: the reader checks what it opened."""
    dump = tmp_path / "dump"
    dump.mkdir()
    for name in ("fifo.txt", "grown.txt"):
        (dump / name).write_bytes(GOOD)
    fifo, grown = list(Source(str(dump), SourceOptions(max_page_bytes=len(GOOD))).entries())
    (dump / "fifo.txt").unlink()
    os.mkfifo(dump / "fifo.txt")  # a blocking open would hang here
    (dump / "grown.txt").write_bytes(GOOD * 2)
    assert fifo().error_kind == "special-member"
    assert str(fifo().error).startswith("fifo skipped")
    assert (grown().error_kind, grown().data) == ("too-large", None)


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_a_jsonl_dump_named_as_a_fifo_is_streamed(
    tmp_path: Path, hang_guard: None, suffix: str
) -> None:
    """A pipe cannot tell() or be read again by offset: its rows travel with their bytes."""
    import gzip
    import threading

    rows = b"".join(
        json.dumps({"id": f"p{i}", "text": GOOD.decode()}).encode() + b"\n" for i in range(3)
    )
    fifo = tmp_path / f"dump{suffix}"
    outputs = []
    for jobs in ("1", "2"):
        os.mkfifo(fifo)
        payload = gzip.compress(rows) if suffix.endswith(".gz") else rows
        writer = threading.Thread(target=fifo.write_bytes, args=(payload,))
        writer.start()
        out = tmp_path / jobs / "pages.jsonl"
        assert main(["convert", str(fifo), "-o", str(out), "-q", "-j", jobs]) == 0
        writer.join()
        fifo.unlink()
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert [r["id"] for r in read_jsonl(tmp_path / "1" / "pages.jsonl")] == ["p0", "p1", "p2"]


def test_a_named_endless_file_is_capped(tmp_path: Path, hang_guard: None) -> None:
    """A file named on the command line may be special (a FIFO, /dev/stdin); its read is capped."""
    source = Source("/dev/zero", SourceOptions(max_page_bytes=64 * 1024))
    (page,), peak = read_all_traced(source)
    assert page.data is None and page.error_kind == "too-large"
    assert peak < 1024 * 1024


# -- decompression caps for every codec ---------------------------------------------------
BOMB = 40 * 1024 * 1024


class _Zeros(io.RawIOBase):
    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


@pytest.mark.parametrize("codec", ["bz2", "xz"])
def test_tar_bombs_in_every_codec_stay_out_of_memory(tmp_path: Path, codec: str) -> None:
    archive = tmp_path / f"bomb.tar.{codec}"
    with tarfile.open(archive, f"w:{codec}") as sink:
        info = tarfile.TarInfo("bomb.txt")
        info.size = BOMB
        sink.addfile(info, _Zeros(BOMB))  # type: ignore[arg-type]
        good = tarfile.TarInfo("good.txt")
        good.size = len(GOOD)
        sink.addfile(good, io.BytesIO(GOOD))
    assert archive.stat().st_size < 200_000
    pages, peak = read_all_traced(Source(str(archive)))
    assert [(p.path, p.error_kind) for p in pages] == [
        ("bomb.txt", "too-large"),
        ("good.txt", None),
    ]
    # the 40 MB member was skipped, never held; xz itself keeps its dictionary (8 MiB at -6)
    assert peak < 16 * 1024 * 1024


def test_an_xz_dictionary_beyond_the_memory_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crafted header may declare a 1.5 GiB dictionary; liblzma would allocate it."""
    archive = tmp_path / "big-dict.tar.xz"
    with tarfile.open(archive, "w:xz", preset=6) as sink:  # -6 declares an 8 MiB dictionary
        good = tarfile.TarInfo("good.txt")
        good.size = len(GOOD)
        sink.addfile(good, io.BytesIO(GOOD))
    assert [p.error_kind for p in (e() for e in Source(str(archive)).entries())] == [None]
    monkeypatch.setattr("reviewparse._convert.sources.archives.XZ_MEMLIMIT", 4 * 1024 * 1024)
    pages = [entry() for entry in Source(str(archive)).entries()]
    assert len(pages) == 1 and pages[0].data is None
    assert "limit" in (pages[0].error or "").lower()


def test_jsonl_gz_bomb_line_is_capped(tmp_path: Path) -> None:
    """One endless JSON line (40 MB of zeros, no newline) in a .jsonl.gz: read in capped pieces."""
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wb") as sink:
        sink.write(b'{"text": "Title\\n"}\n')
        for _ in range(BOMB // (1024 * 1024)):
            sink.write(bytes(1024 * 1024))
        sink.write(b'\n{"text": "After\\n"}\n')
    source = Source(str(path), SourceOptions(max_page_bytes=1024 * 1024))
    pages, peak = read_all_traced(source)
    assert [p.error_kind for p in pages] == [None, "too-large", None]
    assert [p.data for p in pages] == ["Title\n", None, "After\n"]
    assert peak < 8 * 1024 * 1024


def test_decompression_cap_counts_in_the_summary(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.tar.xz"
    with tarfile.open(archive, "w:xz") as sink:
        info = tarfile.TarInfo("bomb.txt")
        info.size = BOMB
        sink.addfile(info, _Zeros(BOMB))  # type: ignore[arg-type]
    out = tmp_path / "pages.jsonl"
    code = main(["convert", str(archive), "-o", str(out), "-j", "1"])
    assert code == 1
    (error,) = read_jsonl(tmp_path / "pages.jsonl.errors.jsonl")
    assert error["kind"] == "too-large" and "page cap" in error["message"]
    assert out.read_bytes() == b""


# -- no code execution in the library --------------------------------------------------------
# Names that would run code or a shell if they ever met untrusted data. Each vetted use
# below is allowed by (module, name), with the reason; anything else fails the scan.
FORBIDDEN_CALLS = {
    "eval", "exec", "compile", "__import__", "breakpoint", "input",
    "os.system", "os.popen", "os.execv", "os.execve", "os.execl", "os.execlp", "os.execvp",
    "os.spawnl", "os.spawnv", "os.spawnvp", "os.posix_spawn", "os.posix_spawnp", "os.startfile",
    "pickle.load", "pickle.loads", "pickle.Unpickler", "marshal.load", "marshal.loads",
    "shelve.open", "yaml.load", "yaml.unsafe_load", "dill.loads", "cloudpickle.loads",
    "importlib.import_module", "ctypes.CDLL", "code.interact",
}  # fmt: skip
FORBIDDEN_IMPORTS = {"subprocess", "pty", "commands", "marshal", "shelve", "dill", "cloudpickle"}
VETTED = {
    ("_core.cache", "pickle.Unpickler"): (
        "the grammar cache: a subclass whose find_class refuses every global, reading a "
        "0600 file in a 0700 per-user directory, owned by this user, not a symlink, with a "
        "SHA-256 of the payload checked first (tests/test_cache.py)"
    ),
    ("__init__", "importlib.import_module"): (
        "lazy public names: the module comes from the fixed _LAZY table, never from input"
    ),
    ("_convert.outputs.registry", "__import__"): (
        "a format's optional dependency (pyarrow): the name comes from the format registry, "
        "and --format is checked against the registry first"
    ),
}


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def scan(path: Path) -> list[tuple[str, int, str]]:
    """(module, line, what) for every forbidden call, base class, import or shell=True."""
    module = (
        ".".join(path.relative_to(SRC).with_suffix("").parts)
        if path.is_relative_to(SRC)
        else path.stem
    )
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Call):
            names.append(_dotted(node.func) or "")
            names += ["shell=True"] * any(
                k.arg == "shell" and not (isinstance(k.value, ast.Constant) and not k.value.value)
                for k in node.keywords
            )
        elif isinstance(node, ast.ClassDef):
            names += [_dotted(base) or "" for base in node.bases]
        elif isinstance(node, ast.Import):
            names += [f"import {alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += [f"import {node.module}"]
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            bare = name.removeprefix("import ")
            if (
                name in FORBIDDEN_CALLS
                or name == "shell=True"
                or (name.startswith("import ") and bare.split(".")[0] in FORBIDDEN_IMPORTS)
            ):
                found.append((module, node.lineno, name))
    return found


def test_the_library_runs_no_code_from_data() -> None:
    hits = [hit for path in sorted(SRC.rglob("*.py")) for hit in scan(path)]
    unvetted = [hit for hit in hits if (hit[0], hit[2]) not in VETTED]
    assert unvetted == [], "a call that can run code: vet it in VETTED with a reason, or drop it"
    # the allow-list is not stale: each vetted use is still there, and only there
    assert sorted({(module, name) for module, _, name in hits}) == sorted(VETTED)


def test_the_scan_would_notice(tmp_path: Path) -> None:
    bad = tmp_path / "_bad.py"
    bad.write_text(
        "import pickle, subprocess\n"
        "from os import system\n"
        "pickle.loads(b'')\n"
        "eval('1')\n"
        "subprocess.run('ls', shell=True)\n"
        "class U(pickle.Unpickler): pass\n",
        "utf-8",
    )
    found = {name for _, _, name in scan(bad)}
    assert found == {
        "import subprocess",
        "os.system",
        "pickle.loads",
        "eval",
        "shell=True",
        "pickle.Unpickler",
    }


def test_parsing_hostile_text_never_touches_the_file_system(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """parse() on text that looks like paths, shell and format strings only reads it."""
    reviewparse.parse("T\n")  # the parser is built (or loaded from the cache) first
    opened: list[str] = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(str(a[0])))
    monkeypatch.setattr(os, "open", lambda *a, **k: opened.append(str(a[0])))
    text = (
        "../../etc/passwd > /dev/sda > $(rm -rf ~)\n\n`reboot`\n\n"
        "Stars - {0.__class__}, %s%s%n, ${IFS}\nYear - __import__('os').system('x')\n"
    )
    page = reviewparse.parse(text)
    with contextlib.suppress(reviewparse.ReviewParseError):
        reviewparse.parse(text, strict=True)
    assert opened == []
    assert page.render() == text
