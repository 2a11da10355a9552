"""A per-user cache of the compiled LALR tables, so a fresh process skips the grammar build.

Building the parser from ``grammars/page.lark`` takes ~50 ms; loading its
tables takes ~3 ms. Lark's own ``cache=`` option unpickles a file at a
predictable path in the temp directory: anyone who can write there can run
code in our process. So this cache:

* lives in the user's cache directory (``$REVIEWPARSE_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/reviewparse``, else ``~/.cache/reviewparse``), created 0700;
* is used only if that directory and the file are owned by the current user and
  not writable by group or others, the file is a regular file (not a symlink),
  and smaller than a sane bound;
* is keyed by a hash of the grammar text, the build options, and the lark,
  Python and cache-format versions (a changed grammar means another file);
* carries a SHA-256 of its payload (a truncated or corrupted file is rebuilt);
* unpickles with a loader that refuses every global: the payload is plain
  dicts, lists, tuples, strings and numbers, so no code can be named, let alone run.

Anything unexpected means "build from the grammar", never an error. The grammar
file stays the single source of truth. ``REVIEWPARSE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import lark

FORMAT = 1
MAGIC = b"reviewparse-lalr-cache\n"
MAX_BYTES = 8 * 2**20
_DIGEST = hashlib.sha256().digest_size

L = TypeVar("L", bound=lark.Lark)
Extras = dict[str, str]


class _NoGlobals(pickle.Unpickler):
    """Unpickles plain data only: any class or function reference is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"cache may not reference {module}.{name}")


def cache_dir() -> Path | None:
    """Where the cache lives, or None when caching is off."""
    if os.environ.get("REVIEWPARSE_NO_CACHE") or not hasattr(os, "getuid"):
        return None
    explicit = os.environ.get("REVIEWPARSE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reviewparse"


def cache_key(grammar: str, options: Mapping[str, Any]) -> str:
    parts = (
        f"format {FORMAT}",
        f"lark {lark.__version__}",
        f"python {sys.version_info[:2]}",
        repr(sorted(options.items())),
        grammar,
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def cache_file(directory: Path, key: str) -> Path:
    return directory / f"lalr-{key[:40]}.pickle"


def _safe_dir(directory: Path, *, create: bool) -> bool:
    try:
        if create and not directory.exists():
            directory.mkdir(mode=0o700, parents=True)
        info = directory.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )


def _read(path: Path, key: str) -> dict[str, Any] | None:
    """The cached payload, if the file passes every check; else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.getuid()
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            or info.st_size > MAX_BYTES
        ):
            return None
        blob = handle.read(MAX_BYTES + 1)
    head = len(MAGIC) + _DIGEST
    if len(blob) < head or not blob.startswith(MAGIC):
        return None
    digest, body = blob[len(MAGIC) : head], blob[head:]
    if hashlib.sha256(body).digest() != digest:
        return None
    try:
        payload = _NoGlobals(io.BytesIO(body)).load()
    except Exception:  # any malformed pickle: rebuild
        return None
    if not isinstance(payload, dict) or payload.get("key") != key:
        return None
    return payload


def _write(path: Path, payload: dict[str, Any]) -> None:
    from reviewparse._core.atomic import write_atomically  # only on a cache miss

    body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError):  # no cache is a slower start, never an error
        write_atomically(path, MAGIC + hashlib.sha256(body).digest() + body, private=True)


def load_or_build(
    grammar: str,
    options: Mapping[str, Any],
    build: Callable[[], tuple[lark.Lark, Extras]],
    *,
    cls: type[L],
    transformer: lark.Transformer[Any, Any] | None = None,
) -> tuple[L, Extras]:
    """A ``cls`` instance for ``grammar`` (built with ``options`` by ``build``), and its extras.

    ``build`` makes a Lark without a transformer, plus extra strings derived
    from the grammar (they are cached too). The result is always made from the
    serialized tables, so cached and fresh parsers are the same.
    """
    key = cache_key(grammar, options)
    directory = cache_dir()
    path = cache_file(directory, key) if directory is not None else None
    payload = None
    if path is not None and _safe_dir(path.parent, create=False):
        payload = _read(path, key)
    if payload is None:
        built, extras = build()
        data, memo = built.memo_serialize([lark.lexer.TerminalDef, lark.grammar.Rule])
        payload = {"key": key, "data": data, "memo": memo, "extras": dict(extras)}
        if path is not None and _safe_dir(path.parent, create=True):
            with contextlib.suppress(Exception):  # unpicklable, or a full disk: don't cache
                _write(path, payload)
    load: Callable[..., L] = cls._load_from_dict  # type: ignore[no-untyped-call,unused-ignore]
    loaded = load(payload["data"], payload["memo"], transformer=transformer)
    return loaded, dict(payload["extras"])
